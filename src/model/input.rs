//! What ingestion learned about the input, apart from the tables
//! themselves: per table and file what was read and how, the findings and
//! the roster of reps. Polars-free, so the report and the site read it
//! without touching ingestion.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::NaiveDate;

use super::{DateOrder, Decimal, Finding, Severity, Table};

/// Territory of reps the reps table does not place.
pub const UNASSIGNED: &str = "Unassigned";

/// Everything the later stages need to know about the input besides its
/// rows: `check` prints it, the data-quality page shows it.
#[derive(Debug, Clone, Default)]
pub struct InputReport {
    /// Per table: files, counts and date range, in table order.
    pub tables: Vec<TableReport>,
    pub findings: Vec<Finding>,
    pub roster: Roster,
    /// How long each step took, for `build --timings`: per file reading
    /// and typing (files overlap on threads), then the steps over tables.
    pub steps: Vec<(String, Duration)>,
}

impl InputReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The newest date of the body of the facts (dates far beyond the
    /// rest left out, see [`TableReport::body_last`]): the default `as_of`.
    pub fn newest_date(&self) -> Option<NaiveDate> {
        self.tables
            .iter()
            .filter_map(|r| r.body_last.or(r.date_range.map(|d| d.1)))
            .max()
    }

    pub fn rows_read(&self) -> usize {
        self.tables.iter().map(|r| r.rows_read).sum()
    }

    pub fn rows_rejected(&self) -> usize {
        self.tables.iter().map(|r| r.rows_rejected).sum()
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
    /// The newest fact date once a few dates far beyond the rest (a typo
    /// such as 2099) are set aside; `None` when there is none.
    pub body_last: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct FileReport {
    pub file: String,
    /// The CRM layout recognised ("Salesforce", "canonical", …).
    pub crm: String,
    /// Why the lexicon chose this table, when its score did ("score 11,
    /// its name says so; next leads 5").
    pub recognition: Option<String>,
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
    pub date_order: Option<DateOrder>,
    pub decimal: Option<Decimal>,
    /// Stages no flag or word placed (counted as open).
    pub unmapped_stages: Vec<String>,
    /// Stages of closed deals known as neither won nor lost (left out of
    /// win rate and attainment until mapped).
    pub closed_stages: Vec<String>,
    /// Reading the file into text cells, and typing them.
    pub read_time: Duration,
    pub type_time: Duration,
    /// Why the file was read whole rather than typed a block at a time as
    /// it streamed in (`None`: it streamed). For `--timings`.
    pub read_whole_because: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepInfo {
    pub territory: String,
    pub manager: Option<String>,
    pub active: bool,
    /// False for reps found only in the facts.
    pub listed: bool,
    /// The day the rep started, where the reps table says it.
    pub started: Option<chrono::NaiveDate>,
}

/// Reps by name (sorted), each with a territory.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub reps: BTreeMap<String, RepInfo>,
}

impl Roster {
    pub fn territory_of(&self, rep: &str) -> &str {
        self.reps
            .get(rep)
            .map(|r| r.territory.as_str())
            .unwrap_or(UNASSIGNED)
    }

    pub fn territories(&self) -> BTreeSet<&str> {
        self.reps.values().map(|r| r.territory.as_str()).collect()
    }

    pub fn reps_in<'a>(&'a self, territory: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.reps
            .iter()
            .filter(move |(_, r)| r.territory == territory)
            .map(|(name, _)| name.as_str())
    }
}
