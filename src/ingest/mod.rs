//! Ingestion: files on disk → typed canonical tables, plus the data-quality
//! findings and per-table counts that `check` and the data-quality page show.
//!
//! Entry point: [`load`].

pub mod csv;
pub mod discover;
pub mod roster;
pub mod typing;
pub mod values;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Finding, Severity, Table};
pub use roster::{RepInfo, Roster, UNASSIGNED};

/// How many example rows a finding about one problem lists before it
/// summarises the rest.
const EXAMPLES_PER_PROBLEM: usize = 5;

/// Everything later stages need from the input.
pub struct Dataset {
    /// Typed canonical tables that had at least one file.
    pub tables: BTreeMap<Table, DataFrame>,
    /// Per table: files, counts and date range, for `check` and the site.
    pub reports: Vec<TableReport>,
    pub findings: Vec<Finding>,
    pub roster: Roster,
}

impl Dataset {
    pub fn table(&self, table: Table) -> Option<&DataFrame> {
        self.tables.get(&table)
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The newest date any fact carries: the default `as_of`.
    pub fn newest_date(&self) -> Option<NaiveDate> {
        self.reports
            .iter()
            .filter_map(|r| r.date_range)
            .map(|r| r.1)
            .max()
    }
}

#[derive(Debug, Clone)]
pub struct TableReport {
    pub table: Table,
    pub files: Vec<FileReport>,
    pub rows_read: usize,
    pub rows_rejected: usize,
    /// Rows dropped as repeats of an id seen before.
    pub rows_duplicate: usize,
    pub date_range: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Debug, Clone)]
pub struct FileReport {
    pub file: String,
    pub rows_read: usize,
    pub rows_rejected: usize,
    pub ignored_columns: Vec<String>,
}

/// Reads every table found under `data_dir`.
pub fn load(data_dir: &Path, config: &Config) -> Result<Dataset> {
    let discovered = discover::discover(data_dir, config)?;
    let mut findings = Vec::new();
    for file in &discovered.unassigned {
        findings.push(Finding {
            severity: Severity::Info,
            code: "ignored_file",
            table: None,
            file: Some(file.display.clone()),
            line: None,
            column: None,
            rep: None,
            message: "not recognised as a canonical table (name it after one, e.g. deals.csv, \
                      or set [tables.<table>] source in yardstick.toml); ignored"
                .into(),
        });
    }
    if !discovered.tables.contains_key(&Table::Deals) {
        return Err(Error::Input {
            file: data_dir.display().to_string(),
            message: "holds no deals file; yardstick needs at least deals.csv (or a file set \
                      under [tables.deals] source in yardstick.toml)"
                .into(),
        });
    }

    let mut tables = BTreeMap::new();
    let mut reports = Vec::new();
    for (table, files) in &discovered.tables {
        let renames = config
            .tables
            .get(table)
            .map(|t| t.columns.clone())
            .unwrap_or_default();
        let mut frame: Option<DataFrame> = None;
        let mut report = TableReport {
            table: *table,
            files: Vec::new(),
            rows_read: 0,
            rows_rejected: 0,
            rows_duplicate: 0,
            date_range: None,
        };
        for file in files {
            let raw = csv::read(file, *table, &renames)?;
            let typed = typing::type_frame(&raw.frame, *table)?;
            findings.extend(rejection_findings(*table, &file.display, &typed.rejections));
            if !raw.ignored_columns.is_empty() {
                findings.push(Finding {
                    severity: Severity::Info,
                    code: "ignored_columns",
                    table: Some(*table),
                    file: Some(file.display.clone()),
                    line: None,
                    column: None,
                    rep: None,
                    message: format!("columns not used: {}", raw.ignored_columns.join(", ")),
                });
            }
            report.rows_read += typed.rows_read;
            report.rows_rejected += typed.rows_rejected;
            report.files.push(FileReport {
                file: file.display.clone(),
                rows_read: typed.rows_read,
                rows_rejected: typed.rows_rejected,
                ignored_columns: raw.ignored_columns,
            });
            match &mut frame {
                None => frame = Some(typed.frame),
                Some(f) => {
                    f.vstack_mut(&typed.frame)
                        .map_err(|e| Error::polars("joining files of one table", e))?;
                }
            }
        }
        let mut frame = frame.expect("a discovered table has a file");
        if let Some(id) = table.id_column() {
            let (deduped, dropped, finding) = drop_duplicate_ids(frame, *table, id)?;
            frame = deduped;
            report.rows_duplicate = dropped;
            findings.extend(finding);
        }
        report.date_range = date_range(&frame, *table)?;
        tables.insert(*table, frame);
        reports.push(report);
    }

    findings.extend(unknown_product_lines(&tables)?);
    let roster = roster::build(&tables, &mut findings)?;
    Ok(Dataset {
        tables,
        reports,
        findings,
        roster,
    })
}

/// One finding per bad cell, up to a few per (column, problem), then a
/// summary of the rest, so a broken column does not drown the report.
fn rejection_findings(table: Table, file: &str, rejections: &[typing::Rejection]) -> Vec<Finding> {
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut findings = Vec::new();
    for r in rejections {
        let n = seen.entry((r.column, r.expected)).or_default();
        *n += 1;
        if *n <= EXAMPLES_PER_PROBLEM {
            let found = if r.value.is_empty() {
                "it is empty".to_string()
            } else {
                format!("found \"{}\"", r.value)
            };
            findings.push(Finding {
                severity: Severity::Error,
                code: "bad_value",
                table: Some(table),
                file: Some(file.to_string()),
                line: Some(r.line),
                column: Some(r.column.to_string()),
                rep: None,
                message: format!("expected {}, {found}; the row was left out", r.expected),
            });
        }
    }
    for ((column, expected), n) in seen {
        if n > EXAMPLES_PER_PROBLEM {
            findings.push(Finding {
                severity: Severity::Error,
                code: "bad_value",
                table: Some(table),
                file: Some(file.to_string()),
                line: None,
                column: Some(column.to_string()),
                rep: None,
                message: format!(
                    "{} more rows where this column is not {expected}; left out",
                    n - EXAMPLES_PER_PROBLEM
                ),
            });
        }
    }
    findings
}

/// Product lines named in the facts but missing from the products table:
/// the product-line standards only know the lines the products table lists.
fn unknown_product_lines(tables: &BTreeMap<Table, DataFrame>) -> Result<Vec<Finding>> {
    let Some(products) = tables.get(&Table::Products) else {
        return Ok(Vec::new());
    };
    let known: HashSet<&str> = products
        .column("product_line")
        .and_then(|c| c.str())
        .map_err(|e| Error::polars("reading product lines", e))?
        .iter()
        .flatten()
        .collect();
    let mut unknown: BTreeMap<(String, Table), usize> = BTreeMap::new();
    for (table, frame) in tables {
        if *table == Table::Products || !table.columns().iter().any(|c| c.name == "product_line") {
            continue;
        }
        let lines = frame
            .column("product_line")
            .and_then(|c| c.str())
            .map_err(|e| Error::polars("reading product lines", e))?;
        for line in lines.iter().flatten().filter(|l| !known.contains(l)) {
            *unknown.entry((line.to_string(), *table)).or_default() += 1;
        }
    }
    Ok(unknown
        .into_iter()
        .map(|((line, table), n)| Finding {
            severity: Severity::Warning,
            code: "unknown_product_line",
            table: Some(table),
            file: None,
            line: None,
            column: Some("product_line".into()),
            rep: None,
            message: format!(
                "product line \"{line}\" appears in {n} {table} row(s) but not in the products \
                 table; it is left out of the per-line standards (add it to products to count it)"
            ),
        })
        .collect())
}

/// Keeps the first row of each id and reports how many repeats were dropped.
fn drop_duplicate_ids(
    frame: DataFrame,
    table: Table,
    id: &str,
) -> Result<(DataFrame, usize, Option<Finding>)> {
    let ids = frame
        .column(id)
        .and_then(|c| c.str().cloned())
        .map_err(|e| Error::polars("checking ids", e))?;
    let mut seen = HashSet::with_capacity(ids.len());
    let mut examples = Vec::new();
    let keep: BooleanChunked = ids
        .iter()
        .map(|v| match v {
            Some(v) if !seen.insert(v) => {
                if examples.len() < EXAMPLES_PER_PROBLEM && !examples.contains(&v) {
                    examples.push(v);
                }
                false
            }
            _ => true,
        })
        .collect();
    let dropped = keep.iter().filter(|k| *k == Some(false)).count();
    if dropped == 0 {
        return Ok((frame, 0, None));
    }
    let examples: Vec<String> = examples.iter().map(|e| format!("\"{e}\"")).collect();
    let finding = Finding {
        severity: Severity::Warning,
        code: "duplicate_id",
        table: Some(table),
        file: None,
        line: None,
        column: Some(id.to_string()),
        rep: None,
        message: format!(
            "{dropped} row(s) repeat a `{id}` seen before (e.g. {}); the first of each was kept",
            examples.join(", ")
        ),
    };
    let frame = frame
        .filter(&keep)
        .map_err(|e| Error::polars("dropping duplicate ids", e))?;
    Ok((frame, dropped, Some(finding)))
}

/// The earliest and latest fact date in a table. Open deals' close dates
/// are expectations, not facts, and are left out.
fn date_range(frame: &DataFrame, table: Table) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let mut columns: Vec<Expr> = table
        .fact_date_columns()
        .iter()
        .map(|c| col(*c).cast(DataType::Date))
        .collect();
    if table == Table::Deals {
        columns.push(
            when(col("outcome").neq(lit("open")))
                .then(col("close_date"))
                .otherwise(lit(NULL).cast(DataType::Date)),
        );
    }
    if columns.is_empty() || frame.height() == 0 {
        return Ok(None);
    }
    let days = frame
        .clone()
        .lazy()
        .select([
            polars::lazy::dsl::min_horizontal(columns.clone())
                .map_err(|e| Error::polars("finding dates", e))?
                .min()
                .cast(DataType::Int32)
                .alias("first"),
            polars::lazy::dsl::max_horizontal(columns)
                .map_err(|e| Error::polars("finding dates", e))?
                .max()
                .cast(DataType::Int32)
                .alias("last"),
        ])
        .collect()
        .map_err(|e| Error::polars("finding dates", e))?;
    let get = |name: &str| -> Option<i32> { days.column(name).ok()?.i32().ok()?.get(0) };
    Ok(match (get("first"), get("last")) {
        (Some(a), Some(b)) => Some((values::days_to_date(a), values::days_to_date(b))),
        _ => None,
    })
}
