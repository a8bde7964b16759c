//! Ingestion: files on disk → typed canonical tables, plus the data-quality
//! findings and per-table counts that `check` and the data-quality page show.
//!
//! Entry point: [`load`].

pub mod discover;
pub mod meaning;
pub mod read;
pub mod recognise;
pub mod roster;
pub mod shape;
pub mod typing;
pub mod values;

use std::collections::BTreeMap;

use std::path::Path;

use std::time::{Duration, Instant};

use foldhash::HashSet;

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
    /// How long each step took, for `build --timings`: per file reading
    /// and typing (files overlap on threads), then the steps over tables.
    pub steps: Vec<(String, Duration)>,
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
    /// The CRM layout recognised ("Salesforce", "canonical", …).
    pub crm: String,
    /// Encoding and delimiter, or the workbook sheet.
    pub format: String,
    /// Canonical column ← where it was read from.
    pub mapping: Vec<(String, String)>,
    /// Date order and decimal separator chosen per column.
    pub value_formats: Vec<(String, String)>,
    pub rows_read: usize,
    pub rows_rejected: usize,
    pub ignored_columns: Vec<String>,
    /// Canonical column ← one header, as `[tables.<t>.columns]` writes it.
    pub renames: Vec<(String, String)>,
    pub date_order: Option<values::DateOrder>,
    pub decimal: Option<values::Decimal>,
    /// Stages no flag or word placed (counted as open).
    pub unmapped_stages: Vec<String>,
    /// Reading the file into text cells, and typing them.
    pub read_time: Duration,
    pub type_time: Duration,
}

fn finding(
    severity: Severity,
    code: &'static str,
    table: Option<Table>,
    file: Option<&str>,
    message: String,
) -> Finding {
    Finding {
        severity,
        code,
        table,
        file: file.map(str::to_string),
        line: None,
        column: None,
        rep: None,
        message,
    }
}

/// One file read, recognised, shaped and typed.
struct Loaded {
    table: Table,
    frame: DataFrame,
    report: FileReport,
}

/// Reads every table found under `data_dir`.
pub fn load(data_dir: &Path, config: &Config) -> Result<Dataset> {
    load_in_blocks(data_dir, config, Some(read::BLOCK))
}

/// [`load`], typing plain CSV files `stream` bytes of lines at a time
/// (`None`: every file read whole). For tests and fuzzing, which compare
/// the two.
#[doc(hidden)]
pub fn load_in_blocks(data_dir: &Path, config: &Config, stream: Option<usize>) -> Result<Dataset> {
    let discovered = discover::discover(data_dir, config)?;
    let mut findings = Vec::new();
    for file in &discovered.unassigned {
        findings.push(finding(
            Severity::Info,
            "ignored_file",
            None,
            Some(&file.display),
            "not a file type yardstick reads (CSV, TSV, XLSX, XLS, ODS, Parquet); ignored".into(),
        ));
    }
    // Files are independent until they are joined: read them on a few
    // threads, largest first so one big file does not start last; results
    // come back in discovery order, and so do the findings.
    let candidates = &discovered.candidates;
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    let size = |i: usize| std::fs::metadata(&candidates[i].file.path).map_or(0, |m| m.len());
    let sizes: Vec<u64> = order.iter().map(|&i| size(i)).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let done = crate::parallel::map(&order, |&i| {
        let mut file_findings = Vec::new();
        let loaded = load_file(&candidates[i], config, &mut file_findings, stream);
        // The file's text cells are gone now that it is typed.
        crate::memory::release_freed();
        loaded.map(|l| (l, file_findings))
    });
    type FileResult = Result<(Option<Loaded>, Vec<Finding>)>;
    let mut results: Vec<Option<FileResult>> = (0..candidates.len()).map(|_| None).collect();
    for (&i, result) in order.iter().zip(done) {
        results[i] = Some(result);
    }
    let results = results.into_iter().map(|r| r.expect("every file was read"));
    let mut loaded = Vec::new();
    for result in results {
        let (l, file_findings) = result?;
        findings.extend(file_findings);
        loaded.extend(l);
    }
    if !loaded.iter().any(|l| l.table == Table::Deals) {
        return Err(Error::Input {
            file: data_dir.display().to_string(),
            message: "holds no deals file; yardstick needs at least one export of deals or \
                      opportunities (e.g. deals.csv, or a file set under [tables.deals] source \
                      in yardstick.toml)"
                .into(),
        });
    }

    let mut tables = BTreeMap::new();
    let mut reports: Vec<TableReport> = Vec::new();
    for l in loaded {
        let report = match reports.iter_mut().find(|r| r.table == l.table) {
            Some(r) => r,
            None => {
                reports.push(TableReport {
                    table: l.table,
                    files: Vec::new(),
                    rows_read: 0,
                    rows_rejected: 0,
                    rows_duplicate: 0,
                    date_range: None,
                });
                reports.last_mut().expect("just pushed")
            }
        };
        report.rows_read += l.report.rows_read;
        report.rows_rejected += l.report.rows_rejected;
        report.files.push(l.report);
        match tables.get_mut(&l.table) {
            None => {
                tables.insert(l.table, l.frame);
            }
            Some(f) => {
                let f: &mut DataFrame = f;
                f.vstack_mut(&l.frame)
                    .map_err(|e| Error::polars("joining files of one table", e))?;
            }
        }
    }
    reports.sort_by_key(|r| r.table);
    let mut steps = Vec::new();
    for report in &reports {
        for f in &report.files {
            steps.push((format!("reading {}", f.file), f.read_time));
            steps.push((format!("typing {}", f.file), f.type_time));
        }
    }

    let started = Instant::now();
    meaning::apply(&mut tables, config, &mut findings)?;
    steps.push((
        "joining files, owners, outcomes".to_string(),
        started.elapsed(),
    ));
    let started = Instant::now();
    // Tables are independent here: check them in parallel.
    let frames: Vec<(Table, DataFrame)> = reports
        .iter()
        .map(|r| (r.table, tables.remove(&r.table).expect("loaded table")))
        .collect();
    let checked = crate::parallel::map(&frames, |(table, frame)| {
        let (mut frame, dropped, finding) = match table.id_column() {
            Some(id) => drop_duplicate_ids(frame.clone(), *table, id)?,
            None => (frame.clone(), 0, None),
        };
        // Checked: an id nothing else reads goes now, before the roster.
        if let Some(id) = table.id_column() {
            if table.unread_by_standards().contains(&id) && !config.reads_column(*table, id) {
                frame = frame.drop_many([id]);
            }
        }
        let range = date_range(&frame, *table)?;
        Ok::<_, Error>((frame, dropped, finding, range))
    });
    drop(frames);
    for (report, result) in reports.iter_mut().zip(checked) {
        let (frame, dropped, finding, range) = result?;
        report.rows_duplicate = dropped;
        findings.extend(finding);
        report.date_range = range;
        tables.insert(report.table, frame);
    }
    steps.push(("duplicate ids, date ranges".to_string(), started.elapsed()));
    let started = Instant::now();
    findings.extend(unknown_product_lines(&tables)?);
    let roster = roster::build(&tables, &mut findings)?;
    steps.push(("product lines, roster".to_string(), started.elapsed()));
    crate::memory::release_freed();
    Ok(Dataset {
        tables,
        reports,
        findings,
        roster,
        steps,
    })
}

/// Reads one file into its canonical table, or explains why not. A plain
/// CSV file is typed `stream` bytes of lines at a time where it can be
/// (see [`stream_file`]); `None` reads every file whole.
fn load_file(
    candidate: &discover::Candidate,
    config: &Config,
    findings: &mut Vec<Finding>,
    stream: Option<usize>,
) -> Result<Option<Loaded>> {
    let file = &candidate.file;
    let table_config = candidate.table.and_then(|t| config.tables.get(&t));
    let options = read::ReadOptions {
        encoding: table_config.and_then(|c| c.encoding.clone()),
        delimiter: table_config.and_then(|c| c.delimiter),
        sheet: table_config.and_then(|c| c.sheet.clone()),
    };
    let started = Instant::now();
    let renames_of = |table: Table| {
        config
            .tables
            .get(&table)
            .map(|t| t.columns.clone())
            .unwrap_or_default()
    };
    // Only the columns that the shaped table keeps are read: the headers
    // alone decide the table and its columns.
    let wanted = |headers: &[String]| -> Vec<bool> {
        let Some(found) = recognise_file(candidate, headers) else {
            return vec![false; headers.len()];
        };
        let empty = read::Sheet {
            headers: headers.to_vec(),
            columns: vec![None; headers.len()],
            ..Default::default()
        };
        let skip = dropped_early(found.table, config);
        shape::shape(
            &empty,
            &found,
            &renames_of(found.table),
            &config.stages,
            &skip,
            &file.display,
        )
        .map_or_else(|_| read::every_column(headers), |s| s.reads)
    };
    if let Some(block) = stream {
        if let Some((loaded, streamed)) =
            stream_file(candidate, config, &options, block, &wanted, started)?
        {
            findings.extend(streamed);
            return Ok(Some(loaded));
        }
    }
    let sheet = read::read(&file.path, &file.display, &options, &wanted)?;
    let found = match recognise_file(candidate, &sheet.headers) {
        Some(f) => f,
        None => {
            let headers: Vec<String> = sheet
                .headers
                .iter()
                .take(8)
                .map(|h| format!("\"{h}\""))
                .collect();
            findings.push(finding(
                Severity::Info,
                "ignored_file",
                None,
                Some(&file.display),
                format!(
                    "not recognised as any CRM export yardstick knows (headers {}…); ignored. \
                     Name it after its table (deals.csv) or set [tables.<table>] source in yardstick.toml",
                    headers.join(", ")
                ),
            ));
            return Ok(None);
        }
    };
    let table = found.table;
    let table_config = config.tables.get(&table);
    let renames = renames_of(table);
    // Text columns nothing after ingestion reads are never built: the
    // largest tables never hold them.
    let skip = dropped_early(table, config);
    let shaped = shape::shape(
        &sheet,
        &found,
        &renames,
        &config.stages,
        &skip,
        &file.display,
    )?;
    if !shaped.missing.is_empty() {
        let message =
            shape::missing_message(table, &shaped.missing, &sheet.headers, !renames.is_empty());
        if found.crm == "canonical" || candidate.configured {
            return Err(Error::Input {
                file: file.display.clone(),
                message,
            });
        }
        findings.push(finding(
            Severity::Warning,
            "unusable_file",
            Some(table),
            Some(&file.display),
            format!("looks like {} {table} but {message}; ignored", found.crm),
        ));
        return Ok(None);
    }
    let hints = typing::Hints {
        date_order: table_config.and_then(|c| c.date_order),
        decimal: table_config.and_then(|c| c.decimal),
    };
    let line_of = |row: usize| sheet.line(row);
    let read_time = started.elapsed();
    let typed = typing::type_frame(&shaped.frame, table, hints, &file.display, &line_of)?;
    let type_time = started.elapsed() - read_time;
    Ok(Some(finish_file(
        table,
        found.crm,
        &file.display,
        &sheet,
        shaped,
        typed,
        (read_time, type_time),
        findings,
    )))
}

/// The findings of a file read and typed (whole, or a block at a time)
/// and what it adds to its table.
#[allow(clippy::too_many_arguments)]
fn finish_file(
    table: Table,
    crm: &str,
    file: &str,
    sheet: &read::Sheet,
    shaped: shape::Shaped,
    typed: typing::Typed,
    (read_time, type_time): (Duration, Duration),
    findings: &mut Vec<Finding>,
) -> Loaded {
    for note in &shaped.notes {
        findings.push(finding(
            Severity::Warning,
            "derived_column",
            Some(table),
            Some(file),
            note.clone(),
        ));
    }
    if !shaped.unmapped_stages.is_empty() {
        let list: Vec<String> = shaped
            .unmapped_stages
            .iter()
            .map(|(s, n)| format!("\"{s}\" ({n})"))
            .collect();
        findings.push(finding(
            Severity::Warning,
            "unmapped_stage",
            Some(table),
            Some(file),
            format!(
                "stages counted as open because nothing marks them won or lost: {}; map them under [stages] in yardstick.toml",
                list.join(", ")
            ),
        ));
    }
    for (line, cells) in &sheet.ragged {
        findings.push(Finding {
            line: Some(*line),
            ..finding(
                Severity::Error,
                "ragged_row",
                Some(table),
                Some(file),
                format!(
                    "has {cells} cells where the header has {}; the row was left out",
                    sheet.headers.len()
                ),
            )
        });
    }
    findings.extend(rejection_findings(table, file, &typed.rejections));
    if !shaped.ignored.is_empty() {
        findings.push(finding(
            Severity::Info,
            "ignored_columns",
            Some(table),
            Some(file),
            format!("columns not used: {}", shaped.ignored.join(", ")),
        ));
    }
    Loaded {
        table,
        frame: typed.frame,
        report: FileReport {
            file: file.to_string(),
            crm: crm.to_string(),
            format: sheet.format.clone(),
            mapping: shaped.mapping,
            value_formats: typed.formats,
            rows_read: typed.rows_read + sheet.ragged.len(),
            rows_rejected: typed.rows_rejected + sheet.ragged.len(),
            ignored_columns: shaped.ignored,
            renames: shaped.renames,
            date_order: typed.date_order,
            decimal: typed.decimal,
            unmapped_stages: shaped.unmapped_stages.keys().cloned().collect(),
            read_time,
            type_time,
        },
    }
}

/// The common case, a plain CSV file, typed a block of lines at a time as
/// it is read, so its text is never held whole: only the typed columns
/// grow. Every block is typed in the formats all blocks so far decide
/// (see [`typing::Tally`]); the whole file decides the same unless a later
/// block changes the decision. `Ok(None)` for anything unusual — such a
/// change, a missing column, an undecidable format, a structure only the
/// exact reader numbers — and the file is read whole instead, nothing from
/// the attempt kept.
fn stream_file(
    candidate: &discover::Candidate,
    config: &Config,
    options: &read::ReadOptions,
    block: usize,
    wanted: read::Wanted,
    started: Instant,
) -> Result<Option<(Loaded, Vec<Finding>)>> {
    struct Stream {
        found: recognise::Match,
        first: read::Sheet,
        shaped: shape::Shaped,
        tally: typing::Tally,
        formats: typing::Formats,
        typed: typing::Typed,
        type_time: Duration,
    }
    let file = &candidate.file;
    let mut stream: Option<Stream> = None;
    let mut on_block = |block: read::Sheet| -> bool {
        let found = match &stream {
            Some(s) => s.found.clone(),
            None => match recognise_file(candidate, &block.headers) {
                Some(found) => found,
                None => return false,
            },
        };
        let table = found.table;
        let table_config = config.tables.get(&table);
        let renames = table_config.map(|t| t.columns.clone()).unwrap_or_default();
        let skip = dropped_early(table, config);
        let Ok(shaped) = shape::shape(
            &block,
            &found,
            &renames,
            &config.stages,
            &skip,
            &file.display,
        ) else {
            return false;
        };
        if !shaped.missing.is_empty() || block.ends_like_footer() {
            return false;
        }
        let typing_started = Instant::now();
        let Ok(tally) = typing::Tally::of(&shaped.frame, table) else {
            return false;
        };
        let hints = typing::Hints {
            date_order: table_config.and_then(|c| c.date_order),
            decimal: table_config.and_then(|c| c.decimal),
        };
        let all = match &stream {
            Some(s) => {
                let mut all = s.tally.clone();
                all.add(&tally);
                all
            }
            None => tally,
        };
        let Some(formats) = all.decide(hints) else {
            return false;
        };
        if stream.as_ref().is_some_and(|s| s.formats != formats) {
            return false;
        }
        let line_of = |row: usize| block.line(row);
        let Ok(typed) = typing::type_with(&shaped.frame, table, &formats, &line_of) else {
            return false;
        };
        let took = typing_started.elapsed();
        match &mut stream {
            None => {
                let mut shaped = shaped;
                shaped.frame = DataFrame::empty();
                stream = Some(Stream {
                    found,
                    first: read::Sheet {
                        columns: Vec::new(),
                        ..block
                    },
                    shaped,
                    tally: all,
                    formats,
                    typed,
                    type_time: took,
                })
            }
            Some(s) => {
                for (stage, n) in shaped.unmapped_stages {
                    *s.shaped.unmapped_stages.entry(stage).or_default() += n;
                }
                if s.typed.frame.vstack_mut(&typed.frame).is_err() {
                    return false;
                }
                s.typed.rows_read += typed.rows_read;
                s.typed.rows_rejected += typed.rows_rejected;
                s.typed.rejections.extend(typed.rejections);
                for format in typed.formats {
                    if !s.typed.formats.contains(&format) {
                        s.typed.formats.push(format);
                    }
                }
                s.typed.decimal = s.typed.decimal.or(typed.decimal);
                s.tally = all;
                s.type_time += took;
            }
        }
        true
    };
    if read::read_blocks(&file.path, options, block, wanted, &mut on_block)?.is_none() {
        return Ok(None);
    }
    let Some(mut s) = stream else {
        return Ok(None);
    };
    // As the whole-file path lists them: in the table's column order.
    let table = s.found.table;
    let position = |c: &str| table.columns().iter().position(|s| s.name == c);
    s.typed.formats.sort_by_key(|(c, _)| position(c));
    let read_time = started.elapsed().saturating_sub(s.type_time);
    let mut findings = Vec::new();
    let loaded = finish_file(
        table,
        s.found.crm,
        &file.display,
        &s.first,
        s.shaped,
        s.typed,
        (read_time, s.type_time),
        &mut findings,
    );
    Ok(Some((loaded, findings)))
}

/// The table a file holds: from the config, else from the headers (a
/// name hint narrows the search), else from the name alone. A name or the
/// config names the table: its CRM layouts and its canonical one come
/// first; an unconfigured file may still turn out to be another table's
/// CRM export. `None`: not recognised, and nothing names it.
fn recognise_file(candidate: &discover::Candidate, headers: &[String]) -> Option<recognise::Match> {
    let found = match (candidate.table, candidate.configured) {
        (Some(t), true) => recognise::recognise(headers, Some(t)),
        (Some(t), false) => recognise::recognise(headers, Some(t))
            .or_else(|| recognise::recognise_crm(headers, None)),
        (None, _) => recognise::recognise(headers, None),
    };
    match (found, candidate.table) {
        (Some(f), _) => Some(f),
        (None, Some(table)) => Some(recognise::Match {
            crm: "canonical",
            table,
            columns: table
                .columns()
                .iter()
                .map(|c| (c.name, recognise::Source::Named(c.name)))
                .collect(),
        }),
        (None, None) => None,
    }
}

/// Columns ingestion itself reads after typing (see `meaning`): kept until
/// the standards drop them.
const READ_BY_INGESTION: &[(Table, &str)] = &[
    (Table::Deals, "product"),
    (Table::Deals, "currency"),
    (Table::Quotas, "name"),
    (Table::Quotas, "parent"),
];

/// The text columns of `table` no standard reads, that ingestion does not
/// need either (ids are checked for duplicates first) and the configuration
/// does not name. Text only: a number column is still typed, so a bad value
/// in it is reported even though nothing sums it.
fn dropped_early(table: Table, config: &Config) -> Vec<&'static str> {
    table
        .unread_by_standards()
        .iter()
        .copied()
        .filter(|c| table.id_column() != Some(*c))
        .filter(|c| !READ_BY_INGESTION.contains(&(table, *c)))
        .filter(|c| {
            table
                .columns()
                .iter()
                .any(|s| s.name == *c && s.kind == crate::model::ColumnKind::Text)
        })
        .filter(|c| !config.reads_column(table, c))
        .collect()
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
    let repeats = repeated_rows(&ids);
    let mut examples: Vec<&str> = Vec::new();
    for &row in &repeats {
        let id = ids.get(row).unwrap_or_default();
        if examples.len() < EXAMPLES_PER_PROBLEM && !examples.contains(&id) {
            examples.push(id);
        }
    }
    if repeats.is_empty() {
        return Ok((frame, 0, None));
    }
    let mut keep = vec![true; ids.len()];
    for &row in &repeats {
        keep[row] = false;
    }
    let keep: BooleanChunked = keep.into_iter().collect();
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

/// The rows whose id appeared on an earlier row, in order. Ids are hashed
/// to 64 bits and sorted with their row numbers, so equal ids sit side by
/// side; only rows sharing a hash are compared as text. Sixteen bytes a row
/// where a set of the ids took twice that (tens of millions of activities).
fn repeated_rows(ids: &StringChunked) -> Vec<usize> {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::with_seed(0x7961_7264);
    let mut hashed: Vec<(u64, u32)> = ids
        .iter()
        .enumerate()
        .filter_map(|(row, id)| id.map(|id| (state.hash_one(id), row as u32)))
        .collect();
    hashed.par_sort_unstable();
    let mut repeats = Vec::new();
    for run in hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Rows in order within the run: the first of each id is kept.
        let mut seen: Vec<&str> = Vec::new();
        for &(_, row) in run {
            let id = ids.get(row as usize).unwrap_or_default();
            if seen.contains(&id) {
                repeats.push(row as usize);
            } else {
                seen.push(id);
            }
        }
    }
    repeats.sort_unstable();
    repeats
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_no_one_reads_is_dropped_before_typing() {
        let config = Config::default();
        // Ids stay for the duplicate check; product and currency for
        // meaning; numbers are still typed.
        assert_eq!(dropped_early(Table::Activities, &config), ["account"]);
        assert_eq!(
            dropped_early(Table::Deals, &config),
            ["stage", "forecast_category"]
        );
        assert_eq!(dropped_early(Table::Quotes, &config), ["deal_id", "status"]);
        assert!(dropped_early(Table::Products, &config).is_empty());
        // The completeness rule's contact fields are read.
        assert!(dropped_early(Table::Contacts, &config).is_empty());
        // A custom standard that filters on a column keeps it.
        let file: crate::config::FileConfig = toml::from_str(
            "[[standards]]\nid = \"open_quotes\"\ntable = \"quotes\"\nwhere = { status = \"Open\" }\ntarget = 1\n",
        )
        .unwrap();
        let config = Config::resolve(file, None).unwrap();
        assert_eq!(dropped_early(Table::Quotes, &config), ["deal_id"]);
    }

    /// A deals file of `rows` rows: dates from `date(i)`, amounts from
    /// `amount(i)`; row 7 has a bad amount and row 30 a bad close date.
    fn deals_csv(
        rows: usize,
        date: impl Fn(usize) -> String,
        amount: impl Fn(usize) -> String,
    ) -> String {
        let mut text =
            String::from("deal_id,rep,account,product_line,outcome,created_on,close_date,amount\n");
        for i in 0..rows {
            let amount = if i == 7 {
                "lots".to_string()
            } else {
                amount(i)
            };
            let close = if i == 30 {
                "2024-02-31".to_string()
            } else {
                date(i)
            };
            let outcome = ["won", "lost", "open"][i % 3];
            text.push_str(&format!(
                "D{i},Rep {},Acct {},Line {},{outcome},{},{close},\"{amount}\"\n",
                i % 3,
                i % 5,
                i % 2,
                date(i)
            ));
        }
        text
    }

    /// What reading `text` as deals.csv gives: typed `stream` bytes at a
    /// time, or whole; and whether it streamed.
    fn read_deals(
        text: &str,
        stream: Option<usize>,
    ) -> (DataFrame, FileReport, Vec<Finding>, bool) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("deals.csv"), text).unwrap();
        let config = Config::default();
        let candidate = &discover::discover(dir.path(), &config).unwrap().candidates[0];
        let streamed = stream.is_some_and(|block| {
            let options = read::ReadOptions::default();
            stream_file(
                candidate,
                &config,
                &options,
                block,
                &read::every_column,
                Instant::now(),
            )
            .unwrap()
            .is_some()
        });
        let mut findings = Vec::new();
        let loaded = load_file(candidate, &config, &mut findings, stream)
            .unwrap()
            .unwrap();
        (loaded.frame, loaded.report, findings, streamed)
    }

    /// Typed a block of lines at a time, a file gives what it gives read
    /// whole: the same rows, rejections on the same lines, formats and
    /// findings. Where later rows change a format (day-first dates shown
    /// only after the first block), the file is read whole instead.
    #[test]
    fn a_file_typed_in_blocks_gives_what_it_gives_whole() {
        let iso = deals_csv(
            60,
            |i| format!("2024-01-{:02}", i % 28 + 1),
            |i| format!("{i}.5"),
        );
        // Day-first, undecided until row 40 (a day above 12).
        let late = deals_csv(
            60,
            |i| {
                format!(
                    "{:02}/01/2024",
                    if i < 40 { i % 12 + 1 } else { 13 + i % 12 }
                )
            },
            |i| format!("{i}.5"),
        );
        for (text, streams) in [(iso, true), (late, false)] {
            let (whole, whole_report, whole_findings, _) = read_deals(&text, None);
            for block in [40, 200, 1 << 20] {
                let (frame, report, findings, streamed) = read_deals(&text, Some(block));
                // One block holds all the evidence: nothing changes later.
                assert_eq!(streamed, streams || block >= text.len(), "block {block}");
                assert!(frame.equals_missing(&whole), "block {block}");
                assert_eq!(findings, whole_findings, "block {block}");
                assert_eq!(
                    (
                        report.rows_read,
                        report.rows_rejected,
                        &report.value_formats
                    ),
                    (
                        whole_report.rows_read,
                        whole_report.rows_rejected,
                        &whole_report.value_formats
                    ),
                );
                assert_eq!(
                    (report.date_order, report.decimal),
                    (whole_report.date_order, whole_report.decimal)
                );
            }
            assert_eq!((whole.height(), whole_report.rows_rejected), (58, 2));
            // Lines 9 (row 7) and 32 (row 30), as read whole.
            let lines: Vec<Option<usize>> = whole_findings
                .iter()
                .filter(|f| f.code == "bad_value")
                .map(|f| f.line)
                .collect();
            assert_eq!(lines, [Some(9), Some(32)]);
        }
    }

    /// Found by the `stream` fuzz target: a NUL byte in a later line was
    /// accepted by small blocks and refused whole. Both refuse it now.
    #[test]
    fn a_nul_byte_is_refused_in_blocks_as_it_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("deals.csv"),
            "deal_id,rep,outcome,close_date,amount,created_on\n\
             D1,Ann,won,2023-12-01,5,2023-12-01\nD2,A\0nn,won,2023-12-01,5,2023-12-01\n",
        )
        .unwrap();
        let config = Config::default();
        for stream in [None, Some(20), Some(read::BLOCK)] {
            let err = load_in_blocks(dir.path(), &config, stream).err().unwrap();
            assert_eq!(
                err.to_string(),
                "deals.csv: holds NUL bytes: it is not a text export",
                "{stream:?}"
            );
        }
    }

    #[test]
    fn repeated_ids_are_found_after_their_first_row() {
        let ids: StringChunked = [
            Some("a"),
            Some("b"),
            Some("a"),
            None,
            Some("c"),
            Some("b"),
            None,
            Some("a"),
        ]
        .into_iter()
        .collect();
        // Missing ids are never repeats; the first of each id is kept.
        assert_eq!(repeated_rows(&ids), vec![2, 5, 7]);
        let unique: StringChunked = (0..10_000).map(|i| Some(format!("id-{i}"))).collect();
        assert!(repeated_rows(&unique).is_empty());
    }
}
