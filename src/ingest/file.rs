//! One file's way through ingestion, written once: read → recognise →
//! shape → type. The ways its cells arrive differ — a plain CSV file a
//! block of lines at a time as it streams in, anything else (a CSV file off
//! the fast path, a workbook, Parquet, an HTML table) as one sheet — but
//! each sheet goes through the same [`Plan`]: the table and columns its
//! headers decide, then shaping and typing in formats decided from every
//! value of the file.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use polars::prelude::DataFrame;

use super::discover::Candidate;
use super::lexicon::{self, Sample};
use super::names::Names;
use super::read::{self, Sheet};
use super::recognise::{self, Match};
use super::{shape, typing};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{
    missing_reason, ColumnKind, FileReport, Finding, FindingKind, Message, Severity, Table,
};

/// How many example rows a finding about one problem lists before it
/// summarises the rest.
pub(super) const EXAMPLES_PER_PROBLEM: usize = 5;

/// Stages with their deal counts, as a finding names them.
fn stages(counts: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    counts.iter().map(|(s, n)| (s.clone(), *n)).collect()
}

/// One file read, recognised, shaped and typed.
pub(super) struct Loaded {
    pub table: Table,
    /// Its name columns as codes into `names`.
    pub frame: DataFrame,
    pub names: Names,
    pub report: FileReport,
}

/// A finding about a file as a whole (no line or column).
pub(super) fn finding(
    severity: Severity,
    kind: FindingKind,
    table: Option<Table>,
    file: Option<&str>,
    message: Message,
) -> Finding {
    Finding {
        severity,
        kind,
        table,
        file: file.map(str::to_string),
        line: None,
        column: None,
        rep: None,
        records: Vec::new(),
        message,
    }
}

/// What a file's headers decide before any cell is read: its table, where
/// each canonical column comes from, and what the config says about it.
struct Plan<'a> {
    found: Match,
    renames: BTreeMap<String, String>,
    /// Text columns nothing after ingestion reads: never built.
    skip: Vec<&'static str>,
    hints: typing::Hints,
    stages: &'a BTreeMap<String, String>,
}

impl Plan<'_> {
    fn table(&self) -> Table {
        self.found.table
    }

    /// A sheet (a whole file or a block of one) as the table's canonical
    /// text columns.
    fn shape(&self, sheet: &Sheet, file: &str) -> Result<shape::Shaped> {
        shape::shape(
            sheet,
            &self.found,
            &self.renames,
            self.stages,
            &self.skip,
            file,
        )
    }

    /// Which of the headers the shaped table reads: the others are never
    /// parsed into cells.
    fn reads(&self, headers: &[String], file: &str) -> Vec<bool> {
        let empty = Sheet {
            headers: headers.to_vec(),
            columns: vec![None; headers.len()],
            ..Default::default()
        };
        self.shape(&empty, file)
            .map_or_else(|_| vec![true; headers.len()], |s| s.reads)
    }
}

/// Loads one candidate file: `Ok(None)` when it is not a table yardstick
/// reads (the findings say why). A plain CSV file is typed `stream` bytes
/// of lines at a time where it can be; `None` reads every file whole.
pub(super) fn load(
    candidate: &Candidate,
    config: &Config,
    stream: Option<usize>,
    findings: &mut Vec<Finding>,
) -> Result<Option<Loaded>> {
    let file = FileLoad {
        candidate,
        config,
        recognised: Default::default(),
    };
    let started = Instant::now();
    let mut read_whole_because = "not streamed (reading whole on request)";
    if let Some(block) = stream {
        match file.stream(block, started)? {
            Ok((loaded, streamed)) => {
                findings.extend(streamed);
                return Ok(Some(loaded));
            }
            Err(declined) => read_whole_because = declined,
        }
    }
    let loaded = match file.whole(started, findings) {
        Ok(loaded) => loaded,
        Err(err) => return file.skip_optional(candidate.table, err, findings),
    };
    Ok(loaded.map(|mut l| {
        l.report.read_whole_because = Some(read_whole_because);
        l
    }))
}

/// Headers, the values seen with them, and what they were recognised as.
struct Recognised {
    headers: Vec<String>,
    sample: Vec<Vec<String>>,
    found: Option<Match>,
}

/// A candidate file and the configuration it is read under.
struct FileLoad<'a> {
    candidate: &'a Candidate,
    config: &'a Config,
    /// The last headers recognised and what they were recognised as: the
    /// column choice, the stream's first block and the whole read all ask
    /// about the same headers.
    recognised: std::cell::RefCell<Option<Recognised>>,
}

impl<'a> FileLoad<'a> {
    fn display(&self) -> &'a str {
        &self.candidate.file.display
    }

    fn read_options(&self) -> read::ReadOptions {
        let table_config = self
            .candidate
            .table
            .and_then(|t| self.config.tables.get(&t));
        read::ReadOptions {
            encoding: table_config.and_then(|c| c.encoding.clone()),
            delimiter: table_config.and_then(|c| c.delimiter),
            sheet: table_config.and_then(|c| c.sheet.clone()),
        }
    }

    /// Recognises the headers (with the first rows' values, when known)
    /// and gathers the config for their table.
    fn plan(&self, headers: &[String], sample: &Sample) -> Option<Plan<'a>> {
        let mut recognised = self.recognised.borrow_mut();
        let found = match recognised.as_ref() {
            Some(seen) if seen.headers.as_slice() == headers => seen.found.clone(),
            _ => {
                let found = recognise_file(self.candidate, headers, sample, self.config);
                *recognised = Some(Recognised {
                    headers: headers.to_vec(),
                    sample: sample.to_vec(),
                    found: found.clone(),
                });
                found
            }
        }?;
        let table = found.table;
        let table_config = self.config.tables.get(&table);
        Some(Plan {
            renames: table_config.map(|t| t.columns.clone()).unwrap_or_default(),
            skip: dropped_early(table, self.config),
            hints: typing::Hints {
                date_order: table_config.and_then(|c| c.date_order),
                decimal: table_config.and_then(|c| c.decimal),
            },
            stages: &self.config.stages,
            found,
        })
    }

    /// Which columns to read, from the headers alone.
    fn wanted(&self, headers: &[String], sample: &Sample) -> Vec<bool> {
        match self.plan(headers, sample) {
            Some(plan) => plan.reads(headers, self.display()),
            None => vec![false; headers.len()],
        }
    }

    /// The file read whole into one sheet, then shaped and typed.
    fn whole(&self, started: Instant, findings: &mut Vec<Finding>) -> Result<Option<Loaded>> {
        let file = self.display();
        let sheet = read::read(
            &self.candidate.file.path,
            file,
            &self.read_options(),
            &|headers: &[String], sample: &Sample| self.wanted(headers, sample),
        )?;
        let Some(plan) = self.plan(&sheet.headers, &sheet.sample()) else {
            // The values recognition saw: the sheet keeps no column of a
            // file nothing recognised.
            let sample = self
                .recognised
                .borrow()
                .as_ref()
                .map(|r| r.sample.clone())
                .unwrap_or_default();
            let nearest = lexicon::nearest(
                &sheet.headers,
                &sample,
                &stem(self.candidate),
                &self.config.lexicon,
            );
            let headers: Vec<String> = sheet.headers.iter().take(8).cloned().collect();
            findings.push(finding(
                Severity::Info,
                FindingKind::IgnoredFile,
                None,
                Some(file),
                Message::NotRecognised { headers, nearest },
            ));
            return Ok(None);
        };
        let table = plan.table();
        let shaped = plan.shape(&sheet, file)?;
        if !shaped.missing.is_empty() {
            let missing: Vec<String> = shaped.missing.iter().map(|c| c.to_string()).collect();
            let renamed = !plan.renames.is_empty();
            // A file named or configured as deals must be deals; any other
            // file that cannot be its table is left out, the build goes on.
            if self.candidate.configured || (plan.found.crm == "canonical" && table == Table::Deals)
            {
                return Err(Error::Input {
                    file: file.to_string(),
                    message: missing_reason(table, &missing, &sheet.headers, renamed),
                });
            }
            let message = Message::MissingColumns {
                table,
                crm: (plan.found.crm != "canonical").then(|| plan.found.crm.to_string()),
                missing,
                headers: sheet.headers.clone(),
                renamed,
            };
            findings.push(finding(
                Severity::Warning,
                FindingKind::UnusableFile,
                Some(table),
                Some(file),
                message,
            ));
            return Ok(None);
        }
        let read_time = started.elapsed();
        let line_of = |row: usize| sheet.line(row);
        let mut typed = match typing::type_frame(&shaped.frame, table, plan.hints, file, &line_of) {
            Ok(typed) => typed,
            Err(err) => return self.skip_optional(Some(table), err, findings),
        };
        let mut names = Names::default();
        names.encode(&mut typed.frame, table)?;
        let type_time = started.elapsed() - read_time;
        Ok(Some(finish(
            &plan,
            file,
            &sheet,
            shaped,
            (typed, names),
            (read_time, type_time),
            findings,
        )))
    }

    /// Only deals are required: a file yardstick itself took for another
    /// table (or for none) that cannot be read as one is left out with a
    /// warning saying why, and the build goes on. A file configured in
    /// yardstick.toml, or one of deals, still stops it.
    fn skip_optional(
        &self,
        table: Option<Table>,
        err: Error,
        findings: &mut Vec<Finding>,
    ) -> Result<Option<Loaded>> {
        let optional = !self.candidate.configured && table != Some(Table::Deals);
        match err {
            Error::Unreadable { file, why } if optional => {
                findings.push(finding(
                    Severity::Warning,
                    FindingKind::UnusableFile,
                    table,
                    Some(&file),
                    Message::Unusable {
                        table,
                        crm: None,
                        reason: why,
                    },
                ));
                Ok(None)
            }
            err => Err(err),
        }
    }

    /// The common case, a plain CSV file, typed a block of lines at a time
    /// as it is read, so its text is never held whole: only the typed
    /// columns grow. Every block is typed in the formats all blocks so far
    /// decide (see [`typing::Tally`]); the whole file decides the same
    /// unless a later block changes the decision. `Ok(Err(why))` for
    /// anything unusual — such a change, a missing column, an undecidable
    /// format, a structure only the exact reader numbers — and the file is
    /// read whole instead, nothing from the attempt kept.
    #[allow(clippy::type_complexity)]
    fn stream(
        &self,
        block: usize,
        started: Instant,
    ) -> Result<std::result::Result<(Loaded, Vec<Finding>), &'static str>> {
        /// The blocks typed so far.
        struct Streamed<'p> {
            plan: Plan<'p>,
            first: Sheet,
            shaped: shape::Shaped,
            tally: typing::Tally,
            formats: typing::Formats,
            typed: typing::Typed,
            /// The blocks' name columns are codes into these.
            names: Names,
            type_time: Duration,
        }
        let file = self.display();
        let mut so_far: Option<Streamed> = None;
        let mut on_block = |block: Sheet| -> std::result::Result<(), &'static str> {
            // The first block's headers decide the plan of every block.
            let mut fresh = None;
            let plan = match &so_far {
                Some(s) => &s.plan,
                None => fresh.insert(
                    self.plan(&block.headers, &[])
                        .ok_or("the headers are not recognised")?,
                ),
            };
            let shaped = plan
                .shape(&block, file)
                .map_err(|_| "the cells could not be shaped")?;
            if !shaped.missing.is_empty() {
                return Err("a required column is missing");
            }
            if shaped.case_twins {
                return Err("two headers differ only in case");
            }
            if block.ends_like_footer() {
                return Err("it may end with a report footer");
            }
            let typing_started = Instant::now();
            let table = plan.table();
            let tally = typing::Tally::of(&shaped.frame, table)
                .map_err(|_| "the cells could not be tallied")?;
            let all = match &so_far {
                Some(s) => {
                    let mut all = s.tally.clone();
                    all.add(&tally);
                    all
                }
                None => tally,
            };
            let formats = all
                .decide(plan.hints)
                .ok_or("the values leave a date or number format undecided")?;
            if so_far.as_ref().is_some_and(|s| s.formats != formats) {
                return Err("a later block changes a date or number format");
            }
            let line_of = |row: usize| block.line(row);
            let mut typed = typing::type_with(&shaped.frame, table, &formats, &line_of)
                .map_err(|_| "a block could not be typed")?;
            // The block's names become codes now: the file's text is never
            // held whole, nor are its names.
            let mut fresh_names = Names::default();
            let names = match &mut so_far {
                Some(s) => &mut s.names,
                None => &mut fresh_names,
            };
            names
                .encode(&mut typed.frame, table)
                .map_err(|_| "a block's names could not be encoded")?;
            let took = typing_started.elapsed();
            match &mut so_far {
                None => {
                    let plan = fresh.expect("planned from this first block");
                    let mut shaped = shaped;
                    shaped.frame = DataFrame::empty();
                    so_far = Some(Streamed {
                        plan,
                        first: Sheet {
                            columns: Vec::new(),
                            ..block
                        },
                        shaped,
                        tally: all,
                        formats,
                        typed,
                        names: fresh_names,
                        type_time: took,
                    })
                }
                Some(s) => {
                    for (stage, n) in shaped.unmapped_stages {
                        *s.shaped.unmapped_stages.entry(stage).or_default() += n;
                    }
                    for (stage, n) in shaped.closed_stages {
                        *s.shaped.closed_stages.entry(stage).or_default() += n;
                    }
                    s.typed
                        .frame
                        .vstack_mut(&typed.frame)
                        .map_err(|_| "the blocks could not be joined")?;
                    s.typed.rows_read += typed.rows_read;
                    s.typed.rows_rejected += typed.rows_rejected;
                    s.typed.normalised += typed.normalised;
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
            Ok(())
        };
        if let Err(declined) = read::read_blocks(
            &self.candidate.file.path,
            &self.read_options(),
            block,
            &|headers: &[String], sample: &Sample| self.wanted(headers, sample),
            &mut on_block,
        )? {
            return Ok(Err(declined));
        }
        let Some(mut s) = so_far else {
            return Ok(Err("it holds no block of rows"));
        };
        // As the whole-file path lists them: in the table's column order.
        let table = s.plan.table();
        let position = |c: &str| table.columns().iter().position(|s| s.name == c);
        s.typed.formats.sort_by_key(|(c, _)| position(c));
        let read_time = started.elapsed().saturating_sub(s.type_time);
        let mut findings = Vec::new();
        let loaded = finish(
            &s.plan,
            file,
            &s.first,
            s.shaped,
            (s.typed, s.names),
            (read_time, s.type_time),
            &mut findings,
        );
        Ok(Ok((loaded, findings)))
    }
}

/// The findings of a file read and typed (whole, or a block at a time)
/// and what it adds to its table.
fn finish(
    plan: &Plan,
    file: &str,
    sheet: &Sheet,
    shaped: shape::Shaped,
    (typed, names): (typing::Typed, Names),
    (read_time, type_time): (Duration, Duration),
    findings: &mut Vec<Finding>,
) -> Loaded {
    let table = plan.table();
    for (kind, note) in &shaped.notes {
        findings.push(finding(
            Severity::Warning,
            *kind,
            Some(table),
            Some(file),
            note.clone(),
        ));
    }
    if !shaped.unmapped_stages.is_empty() {
        findings.push(finding(
            Severity::Warning,
            FindingKind::UnmappedStage,
            Some(table),
            Some(file),
            Message::UnmappedStages {
                stages: stages(&shaped.unmapped_stages),
            },
        ));
    }
    if !shaped.closed_stages.is_empty() {
        findings.push(finding(
            Severity::Warning,
            FindingKind::ClosedStage,
            Some(table),
            Some(file),
            Message::ClosedStages {
                stages: stages(&shaped.closed_stages),
            },
        ));
    }
    for (line, cells) in &sheet.ragged {
        findings.push(Finding {
            line: Some(*line),
            ..finding(
                Severity::Error,
                FindingKind::RaggedRow,
                Some(table),
                Some(file),
                Message::RaggedRow {
                    cells: *cells,
                    header: sheet.headers.len(),
                },
            )
        });
    }
    findings.extend(rejection_findings(table, file, &typed.rejections));
    if typed.normalised > 0 {
        findings.push(finding(
            Severity::Info,
            FindingKind::NormalisedText,
            Some(table),
            Some(file),
            Message::NormalisedText {
                cells: typed.normalised,
            },
        ));
    }
    if !shaped.ignored.is_empty() {
        findings.push(finding(
            Severity::Info,
            FindingKind::IgnoredColumns,
            Some(table),
            Some(file),
            Message::IgnoredColumns {
                columns: shaped.ignored.clone(),
            },
        ));
    }
    Loaded {
        table,
        frame: typed.frame,
        names,
        report: FileReport {
            file: file.to_string(),
            crm: plan.found.crm.to_string(),
            recognition: plan.found.why.clone(),
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
            closed_stages: shaped.closed_stages.keys().cloned().collect(),
            read_time,
            type_time,
            read_whole_because: None,
        },
    }
}

/// A file's name without its folder and extension, as the lexicon reads it.
fn stem(candidate: &Candidate) -> String {
    candidate
        .file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The table a file holds: from the config, else from the headers (a
/// name hint narrows the search), else from the name alone. A name or the
/// config names the table: its CRM layouts and its canonical one come
/// first; an unconfigured file may still turn out to be another table's
/// CRM export. `None`: not recognised, and nothing names it.
fn recognise_file(
    candidate: &Candidate,
    headers: &[String],
    sample: &Sample,
    config: &Config,
) -> Option<Match> {
    let recognised = recognise_named(candidate, headers, sample, config);
    if recognised.is_some() || candidate.table.is_some() {
        return recognised;
    }
    // A layout no profile knows is still a table's when the table's
    // `[tables.<table>.columns]` map finds all its headers in the file and,
    // with the canonical names, gives every column the table requires.
    let have: Vec<String> = headers.iter().map(|h| recognise::normalise(h)).collect();
    let has = |h: &str| have.contains(&recognise::normalise(h));
    let table = config.tables.iter().find_map(|(table, t)| {
        let fits = t.source.is_none()
            && !t.columns.is_empty()
            && t.columns.values().all(|h| has(h))
            && table.columns().iter().filter(|c| c.required).all(|c| {
                t.columns
                    .get(c.name)
                    .map_or_else(|| has(c.name), |h| has(h))
            });
        fits.then_some(*table)
    })?;
    recognise_named(
        &Candidate {
            table: Some(table),
            ..candidate.clone()
        },
        headers,
        sample,
        config,
    )
}

/// [`recognise_file`] for the table a name or the config gives, if any:
/// a CRM profile, yardstick's own layout, then the lexicon's best score
/// (for that table alone when one is given).
fn recognise_named(
    candidate: &Candidate,
    headers: &[String],
    sample: &Sample,
    config: &Config,
) -> Option<Match> {
    let found = match (candidate.table, candidate.configured) {
        (Some(t), true) => recognise::recognise(headers, Some(t)),
        (Some(t), false) => recognise::recognise(headers, Some(t))
            .or_else(|| recognise::recognise_crm(headers, None)),
        (None, _) => recognise::recognise(headers, None),
    };
    let found = found.or_else(|| {
        lexicon::recognise_by_names(
            headers,
            sample,
            &stem(candidate),
            candidate.table,
            &config.lexicon,
        )
    });
    match (found, candidate.table) {
        (Some(f), _) => Some(f),
        (None, Some(table)) => Some(Match {
            crm: "canonical",
            table,
            columns: table
                .columns()
                .iter()
                .map(|c| (c.name, recognise::Source::Named(c.name)))
                .collect(),
            why: None,
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
    (Table::Accounts, "name"),
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
                .any(|s| s.name == *c && s.kind == ColumnKind::Text)
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
            findings.push(Finding {
                severity: Severity::Error,
                kind: FindingKind::BadValue,
                table: Some(table),
                file: Some(file.to_string()),
                line: Some(r.line),
                column: Some(r.column.to_string()),
                rep: r.rep.clone(),
                records: Vec::new(),
                message: Message::BadValue {
                    expected: r.expected,
                    found: r.value.clone(),
                },
            });
        }
    }
    for ((column, expected), n) in seen {
        if n > EXAMPLES_PER_PROBLEM {
            findings.push(Finding {
                severity: Severity::Error,
                kind: FindingKind::BadValue,
                table: Some(table),
                file: Some(file.to_string()),
                line: None,
                column: Some(column.to_string()),
                rep: None,
                records: Vec::new(),
                message: Message::MoreBadValues {
                    rows: n - EXAMPLES_PER_PROBLEM,
                    expected,
                },
            });
        }
    }
    findings
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
        let candidate = &super::super::discover::discover(dir.path(), &config)
            .unwrap()
            .candidates[0];
        let mut findings = Vec::new();
        let loaded = load(candidate, &config, stream, &mut findings)
            .unwrap()
            .unwrap();
        let streamed = loaded.report.read_whole_because.is_none();
        (loaded.frame, loaded.report, findings, streamed)
    }

    /// Typed a block of lines at a time, a file gives what it gives read
    /// whole: the same rows, rejections on the same lines, formats and
    /// findings. Where later rows change a format (day-first dates shown
    /// only after the first block), the file is read whole instead, and
    /// says why.
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
                if !streamed {
                    // Its first block holds only dates that could be either.
                    assert_eq!(
                        report.read_whole_because,
                        Some("the values leave a date or number format undecided")
                    );
                }
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
                .filter(|f| f.kind == FindingKind::BadValue)
                .map(|f| f.line)
                .collect();
            assert_eq!(lines, [Some(9), Some(32)]);
        }
    }
}
