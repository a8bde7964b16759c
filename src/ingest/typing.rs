//! Gives every canonical column its type, one column at a time. A cell that
//! does not parse, or a required cell left empty, rejects its row; every
//! rejection keeps the line, column, value and what was expected.

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::values::{self, EXPECT_BOOL, EXPECT_DATE, EXPECT_DATETIME};
use crate::ingest::values::{EXPECT_NUMBER, EXPECT_OUTCOME};
use crate::model::{ColumnKind, Table};

/// Why one row was rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// 1-based line in the file, the header being line 1.
    pub line: usize,
    pub column: &'static str,
    pub value: String,
    pub expected: &'static str,
}

pub struct Typed {
    pub frame: DataFrame,
    pub rows_read: usize,
    pub rows_rejected: usize,
    /// Every rejection, first by line; a row can have several.
    pub rejections: Vec<Rejection>,
}

pub fn type_frame(raw: &DataFrame, table: Table) -> Result<Typed> {
    let height = raw.height();
    let mut rejected = vec![false; height];
    let mut rejections = Vec::new();
    let mut columns = Vec::with_capacity(table.columns().len());
    for spec in table.columns() {
        let text = raw
            .column(spec.name)
            .and_then(|c| c.str().cloned())
            .map_err(|e| Error::polars("reading a text column", e))?;
        let mut reject = |row: usize, value: &str, expected: &'static str| {
            rejected[row] = true;
            rejections.push(Rejection {
                line: row + 2,
                column: spec.name,
                value: value.to_string(),
                expected,
            });
        };
        // Empty or blank cells are missing values.
        let cells = text
            .iter()
            .map(|v| v.map(str::trim).filter(|v| !v.is_empty()));
        let column: Column = match spec.kind {
            ColumnKind::Text => {
                let out: StringChunked = cells.collect();
                out.into_series().with_name(spec.name.into()).into()
            }
            ColumnKind::Outcome => {
                let out: StringChunked = cells
                    .enumerate()
                    .map(|(row, v)| {
                        let v = v?;
                        let parsed = values::parse_outcome(v);
                        if parsed.is_none() {
                            reject(row, v, EXPECT_OUTCOME);
                        }
                        parsed
                    })
                    .collect();
                out.into_series().with_name(spec.name.into()).into()
            }
            ColumnKind::Date => {
                let out: Int32Chunked =
                    parse_cells(cells, values::parse_date, EXPECT_DATE, &mut reject);
                out.into_series()
                    .with_name(spec.name.into())
                    .cast(&DataType::Date)
                    .map_err(|e| Error::polars("typing a date column", e))?
                    .into()
            }
            ColumnKind::DateTime => {
                let out: Int64Chunked =
                    parse_cells(cells, values::parse_datetime, EXPECT_DATETIME, &mut reject);
                out.into_series()
                    .with_name(spec.name.into())
                    .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                    .map_err(|e| Error::polars("typing a date-time column", e))?
                    .into()
            }
            ColumnKind::Number => {
                let out: Float64Chunked =
                    parse_cells(cells, values::parse_number, EXPECT_NUMBER, &mut reject);
                out.into_series().with_name(spec.name.into()).into()
            }
            ColumnKind::Bool => {
                let out: BooleanChunked =
                    parse_cells(cells, values::parse_bool, EXPECT_BOOL, &mut reject);
                out.into_series().with_name(spec.name.into()).into()
            }
        };
        if spec.required {
            for (row, cell) in text.iter().enumerate() {
                if cell.is_none_or(|v| v.trim().is_empty()) {
                    reject(row, "", "a value (the column is required)");
                }
            }
        }
        columns.push(column);
    }
    let frame = DataFrame::new(height, columns).map_err(|e| Error::polars("typing a table", e))?;
    let rows_rejected = rejected.iter().filter(|r| **r).count();
    let frame = if rows_rejected > 0 {
        let keep: BooleanChunked = rejected.iter().map(|r| !r).collect();
        frame
            .filter(&keep)
            .map_err(|e| Error::polars("dropping rejected rows", e))?
    } else {
        frame
    };
    rejections.sort_by_key(|r| r.line);
    Ok(Typed {
        frame,
        rows_read: height,
        rows_rejected,
        rejections,
    })
}

/// Parses present cells with `parse`; a failure is rejected and left null.
fn parse_cells<'a, T, C>(
    cells: impl Iterator<Item = Option<&'a str>>,
    parse: fn(&str) -> Option<T>,
    expected: &'static str,
    reject: &mut impl FnMut(usize, &str, &'static str),
) -> C
where
    C: FromIterator<Option<T>>,
{
    cells
        .enumerate()
        .map(|(row, v)| {
            let v = v?;
            let parsed = parse(v);
            if parsed.is_none() {
                reject(row, v, expected);
            }
            parsed
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(columns: &[(&str, &[Option<&str>])]) -> DataFrame {
        let cols: Vec<Column> = columns
            .iter()
            .map(|(name, values)| {
                let ca: StringChunked = values.iter().copied().collect();
                ca.into_series().with_name((*name).into()).into()
            })
            .collect();
        DataFrame::new(columns[0].1.len(), cols).unwrap()
    }

    #[test]
    fn bad_cells_reject_their_row_with_line_and_reason() {
        // Three forecast rows; line 3 has a bad date, line 4 a missing amount.
        let frame = raw(&[
            ("rep", &[Some("Ann"), Some("Bob"), Some("Cy")]),
            (
                "period_start",
                &[Some("2024-01-01"), Some("2024-13-01"), Some("2024-01-01")],
            ),
            (
                "period_end",
                &[Some("2024-01-31"), Some("2024-01-31"), Some("2024-01-31")],
            ),
            ("amount", &[Some("100.5"), Some("7"), Some("  ")]),
        ]);
        let typed = type_frame(&frame, Table::Forecasts).unwrap();
        assert_eq!(typed.rows_read, 3);
        assert_eq!(typed.rows_rejected, 2);
        assert_eq!(typed.frame.height(), 1);
        assert_eq!(
            typed.rejections[0],
            Rejection {
                line: 3,
                column: "period_start",
                value: "2024-13-01".into(),
                expected: EXPECT_DATE
            }
        );
        assert_eq!(typed.rejections[1].line, 4);
        assert_eq!(typed.rejections[1].column, "amount");
        let amount = typed.frame.column("amount").unwrap().f64().unwrap().get(0);
        assert_eq!(amount, Some(100.5));
        let start = typed.frame.column("period_start").unwrap();
        assert_eq!(start.dtype(), &DataType::Date);
    }
}
