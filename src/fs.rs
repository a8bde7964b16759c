//! File-system calls whose errors name the path and what was being done
//! (mdBook's `utils::fs`): a bare `io::Error` never reaches the user.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};

/// Turns an `io::Error` into an [`Error::Io`] naming `path`.
pub(crate) fn io_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io {
        action,
        path,
        source,
    }
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(io_error("read", path))
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(io_error("write", path))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(io_error("create", path))
}

/// Creates (or truncates) a file for writing.
pub(crate) fn create(path: &Path) -> Result<File> {
    File::create(path).map_err(io_error("create", path))
}

/// The path with every symlink resolved, when it exists: what it really
/// names, to compare with another resolved path.
pub(crate) fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    std::fs::canonicalize(path).ok()
}
