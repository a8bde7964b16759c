//! Reads one CSV file with polars, every column as text, and maps its
//! headers onto the canonical columns of its table. Typing happens after,
//! in `typing`, so that a bad cell rejects one row with a reason instead of
//! failing the whole file or being guessed.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::discover::DataFile;
use crate::model::Table;

/// One file's rows with canonical column names, all `String` typed, plus
/// the headers that were not used.
pub struct RawFrame {
    pub frame: DataFrame,
    pub ignored_columns: Vec<String>,
}

pub fn read(file: &DataFile, table: Table, renames: &BTreeMap<String, String>) -> Result<RawFrame> {
    let input_error = |message: String| Error::Input {
        file: file.display.clone(),
        message,
    };
    let size = std::fs::metadata(&file.path)
        .map_err(|source| Error::Io {
            action: "read",
            path: file.path.clone(),
            source,
        })?
        .len();
    if size == 0 {
        return Err(input_error(format!(
            "is empty; a {table} file needs a header line with at least {}",
            required_list(table)
        )));
    }
    let path = PlRefPath::try_from_path(&file.path).map_err(|e| input_error(e.to_string()))?;
    let lf = LazyCsvReader::new(path)
        .with_glob(false)
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_missing_is_null(true)
        .finish()
        .map_err(|e| input_error(format!("could not be read as CSV: {e}")))?;
    let frame = lf
        .collect()
        .map_err(|e| input_error(format!("could not be read as CSV: {}", first_line(&e))))?;

    // Canonical name → header in the file, matched without regard to case or
    // surrounding spaces.
    let headers: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let find = |wanted: &str| {
        headers
            .iter()
            .find(|h| h.trim().eq_ignore_ascii_case(wanted.trim()))
            .cloned()
    };
    let height = frame.height();
    let mut columns = Vec::new();
    let mut used = Vec::new();
    for spec in table.columns() {
        let wanted = renames
            .get(spec.name)
            .map(String::as_str)
            .unwrap_or(spec.name);
        match find(wanted) {
            Some(header) => {
                let column = frame
                    .column(&header)
                    .map_err(|e| Error::polars("selecting a column", e))?
                    .clone()
                    .with_name(spec.name.into());
                used.push(header);
                columns.push(column);
            }
            None if spec.required => {
                let via = if wanted != spec.name {
                    format!(" (mapped from header `{wanted}` in the config)")
                } else {
                    String::new()
                };
                return Err(input_error(format!(
                    "has no column `{}`{via}, which a {table} file needs; \
                     found columns: {}. Rename the header or map it under \
                     [tables.{table}.columns] in yardstick.toml",
                    spec.name,
                    quoted(&headers)
                )));
            }
            None => columns.push(Column::full_null(
                spec.name.into(),
                height,
                &DataType::String,
            )),
        }
    }
    let ignored_columns = headers.into_iter().filter(|h| !used.contains(h)).collect();
    let frame = DataFrame::new(height, columns).map_err(|e| Error::polars("shaping a table", e))?;
    Ok(RawFrame {
        frame,
        ignored_columns,
    })
}

fn required_list(table: Table) -> String {
    table
        .columns()
        .iter()
        .filter(|c| c.required)
        .map(|c| format!("`{}`", c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted(headers: &[String]) -> String {
    if headers.is_empty() {
        return "none".into();
    }
    headers
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// polars errors can carry a long backtrace-like tail; the first line is
/// what a user needs.
fn first_line(e: &PolarsError) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}
