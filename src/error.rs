//! The errors yardstick reports to a user. Each one names the file (and,
//! where it applies, the line and column) and says what was expected.

use std::path::PathBuf;

/// A failure that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: {message}")]
    Config { path: PathBuf, message: String },

    /// The input as a whole cannot be used (a missing required column, a
    /// file that is not CSV, no deals at all).
    #[error("{file}: {message}")]
    Input { file: String, message: String },

    /// One file cannot be read as its table. The reason is data, not
    /// text: an optional file is skipped with a finding that says it in
    /// the page's language.
    #[error("{file}: {why}")]
    Unreadable {
        file: String,
        why: crate::model::Unreadable,
    },

    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),

    /// Another build is writing the same output folder.
    #[error("another yardstick build (process {pid}) is writing {out}; wait for it to finish")]
    Locked { out: PathBuf, pid: String },

    /// A table operation failed where the data was already checked: a
    /// bug, reported with the file or table it happened on.
    #[error("internal error while {doing} ({place}): {source}")]
    Compute {
        place: String,
        doing: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// Drawing or rendering failed (a chart, a template).
    #[error("internal error while {context}: {message}")]
    Internal {
        context: &'static str,
        message: String,
    },
}

impl Error {
    /// Wraps a polars (or other library) error with where it happened (a
    /// file or table) and what was being done.
    pub fn compute(
        place: impl std::fmt::Display,
        doing: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Compute {
            place: place.to_string(),
            doing,
            source: Box::new(source),
        }
    }

    /// The process exit code: 1 for bad data or configuration, 2 for a
    /// command line that cannot be carried out (a busy output folder too).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Locked { .. } => 2,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
