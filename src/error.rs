//! The errors yardstick reports to a user. Each one names the file (and,
//! where it applies, the line and column) and says what was expected.

use std::path::PathBuf;

/// A failure that stops a command. All of them exit with code 1.
#[derive(Debug, thiserror::Error)]
pub enum Error {
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

    /// Data rows failed validation; `check` lists every one.
    #[error("{count} data error(s) found; first: {first}")]
    Data { count: usize, first: String },

    #[error("{0}")]
    Usage(String),

    #[error("internal error while {context}: {message}")]
    Internal {
        context: &'static str,
        message: String,
    },
}

impl Error {
    /// Wraps a polars error with what we were doing at the time.
    pub fn polars(context: &'static str, err: polars::error::PolarsError) -> Error {
        Error::Internal {
            context,
            message: err.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
