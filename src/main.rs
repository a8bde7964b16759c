//! The `yardstick` binary: parse the command line, run it, turn errors into
//! one readable paragraph on stderr and an exit code (1: bad data or
//! configuration; 2: usage, which clap reports itself, or a busy output
//! folder).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    yardstick::limit_malloc_arenas();
    let cli = yardstick::cli::Cli::parse();
    match yardstick::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
