//! The allocator's side of peak memory. glibc keeps what a program frees
//! for reuse; with polars' short-lived column buffers that kept hundreds of
//! MB resident that nothing used again. Elsewhere these are no-ops.

/// glibc gives every thread that allocates its own arena and keeps what
/// each frees: with polars' threads that left hundreds of MB resident
/// (L peaked at 1.8 GB instead of 1.5 GB, same time; benches/RESULTS.md).
/// Two arenas, one per core, are enough. Call first thing in `main`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_malloc_arenas() {}

/// Hands freed memory back to the system. Called where a stage has just
/// dropped large transient buffers (a file's text cells once typed, the
/// tables once measured), so the next stage's peak does not stack on them.
///
/// Only when the allocator holds more than [`WORTH_RELEASING`] free: pages
/// handed back are zeroed again by the kernel when the next stage asks for
/// them, and at a few hundred MB that cost more time than the memory was
/// worth (at L, trimming after every standard re-faulted ~1 GB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed() {
    // SAFETY: mallinfo2 only reads the allocator's counters; malloc_trim
    // only returns free pages; both are thread-safe.
    unsafe {
        if libc::mallinfo2().fordblks > WORTH_RELEASING {
            libc::malloc_trim(0);
        }
    }
}

/// Free bytes held by the allocator below which [`release_freed`] keeps
/// them for reuse.
pub const WORTH_RELEASING: usize = 256 << 20;

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed() {}
