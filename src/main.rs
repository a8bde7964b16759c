//! The `yardstick` binary: parse the command line, run it, turn errors into
//! one readable paragraph on stderr and an exit code (1: bad data or
//! configuration; 2: usage, which clap reports itself).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = yardstick::cli::Cli::parse();
    match yardstick::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            match err {
                yardstick::error::Error::Usage(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

/// glibc gives every thread that allocates its own arena and keeps what
/// each frees: with polars' threads that left hundreds of MB resident
/// (L peaked at 1.8 GB instead of 1.5 GB, same time; benches/RESULTS.md).
/// Two arenas, one per core, are enough.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; called first thing
    // in main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
