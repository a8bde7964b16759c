//! The canonical vocabulary shared by every stage: tables and their columns,
//! months, the metric table's row type and data-quality findings.
//!
//! Nothing here touches polars or the file system, so every later stage can
//! depend on it without pulling in the others.

mod input;
mod message;
mod unreadable;

pub use input::{FileReport, InputReport, RepInfo, Roster, TableReport, UNASSIGNED};
pub use message::{missing_reason, Message, Nearest, NotQuite, NO_OWNER};
pub use unreadable::{
    Unreadable, ODS_CELL_LIMIT, ODS_TEXT_LIMIT, WORKBOOK_CELL_LIMIT, WORKBOOK_UNZIPPED_LIMIT,
};

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kind of value a canonical column holds after ingestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text, trimmed; empty cells become null.
    Text,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A point in time, `YYYY-MM-DD[ T]HH:MM[:SS]`, or a bare date (midnight).
    DateTime,
    /// A money amount or other decimal number.
    Number,
    /// `true/false`, `yes/no`, `1/0`.
    Bool,
    /// One of `won`, `lost`, `open`, or `closed` (closed at a stage known
    /// as neither won nor lost: in no standard until mapped).
    Outcome,
}

/// One column of a canonical table.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub kind: ColumnKind,
    /// The file must have this column, and every row a value in it.
    pub required: bool,
}

const fn col(name: &'static str, kind: ColumnKind, required: bool) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        required,
    }
}

/// The canonical tables (ARCHITECTURE.md). Only `deals` must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Reps,
    Deals,
    Quotes,
    Leads,
    Activities,
    Contacts,
    Quotas,
    Surveys,
    Meetings,
    Forecasts,
    Ratings,
    Accounts,
    Products,
}

impl Table {
    pub const ALL: [Table; 13] = [
        Table::Reps,
        Table::Deals,
        Table::Quotes,
        Table::Leads,
        Table::Activities,
        Table::Contacts,
        Table::Quotas,
        Table::Surveys,
        Table::Meetings,
        Table::Forecasts,
        Table::Ratings,
        Table::Accounts,
        Table::Products,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Reps => "reps",
            Table::Deals => "deals",
            Table::Quotes => "quotes",
            Table::Leads => "leads",
            Table::Activities => "activities",
            Table::Contacts => "contacts",
            Table::Quotas => "quotas",
            Table::Surveys => "surveys",
            Table::Meetings => "meetings",
            Table::Forecasts => "forecasts",
            Table::Ratings => "ratings",
            Table::Accounts => "accounts",
            Table::Products => "products",
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Canonical columns no standard reads: ids (read only to find
    /// duplicates), descriptions, and the columns ingestion turns into
    /// others (product → line, currency → converted amount, team goal
    /// names). Dropped before the standards run unless the configuration
    /// reads them ([`crate::config::Config::reads_column`]).
    pub fn unread_by_standards(self) -> &'static [&'static str] {
        match self {
            Table::Activities => &["activity_id", "account"],
            Table::Quotes => &["quote_id", "deal_id", "status"],
            Table::Leads => &["lead_id", "source", "status"],
            Table::Deals => &[
                "deal_id",
                "stage",
                "forecast_category",
                "product",
                "currency",
            ],
            Table::Meetings => &["meeting_id", "kind"],
            Table::Contacts => &["name", "address", "phone", "email"],
            Table::Quotas => &["name", "parent"],
            Table::Products => &["list_price"],
            Table::Accounts => &["name"],
            Table::Reps | Table::Surveys | Table::Forecasts | Table::Ratings => &[],
        }
    }

    /// The column holding each row's identity, checked for duplicates.
    pub fn id_column(self) -> Option<&'static str> {
        match self {
            Table::Reps => Some("rep"),
            Table::Deals => Some("deal_id"),
            Table::Quotes => Some("quote_id"),
            Table::Leads => Some("lead_id"),
            Table::Activities => Some("activity_id"),
            Table::Contacts => Some("contact_id"),
            Table::Meetings => Some("meeting_id"),
            Table::Accounts => Some("account"),
            Table::Products => Some("product"),
            _ => None,
        }
    }

    /// The date columns that say when a row's fact happened; their range is
    /// what `check` reports and what the default `as_of` is taken from.
    pub fn fact_date_columns(self) -> &'static [&'static str] {
        match self {
            Table::Deals => &["created_on", "last_modified"],
            Table::Quotes => &["quoted_on"],
            Table::Leads => &["created_at", "first_contact_at"],
            Table::Activities => &["at"],
            Table::Contacts => &["created_on"],
            Table::Surveys => &["answered_on"],
            Table::Meetings => &["held_on"],
            _ => &[],
        }
    }

    /// The date a row's fact belongs to for monthly figures: a deal to its
    /// close date, a lead to its creation, an activity to its time.
    pub fn primary_date(self) -> Option<&'static str> {
        match self {
            Table::Deals => Some("close_date"),
            Table::Quotes => Some("quoted_on"),
            Table::Leads => Some("created_at"),
            Table::Activities => Some("at"),
            Table::Contacts => Some("created_on"),
            Table::Surveys => Some("answered_on"),
            Table::Meetings => Some("held_on"),
            Table::Quotas | Table::Forecasts | Table::Ratings => Some("period_start"),
            Table::Reps | Table::Accounts | Table::Products => None,
        }
    }

    pub fn columns(self) -> &'static [ColumnSpec] {
        use ColumnKind::*;
        match self {
            Table::Reps => {
                const C: &[ColumnSpec] = &[
                    col("rep", Text, true),
                    col("territory", Text, false),
                    col("manager", Text, false),
                    col("active", Bool, false),
                    col("user_id", Text, false),
                    // The day the rep started (issue 15, item 4): their
                    // active months begin there, not at their first record.
                    col("start_date", Date, false),
                ];
                C
            }
            Table::Deals => {
                const C: &[ColumnSpec] = &[
                    col("deal_id", Text, true),
                    col("rep", Text, true),
                    col("account", Text, false),
                    col("product", Text, false),
                    col("product_line", Text, false),
                    col("stage", Text, false),
                    col("outcome", Outcome, true),
                    col("created_on", Date, false),
                    col("close_date", Date, false),
                    col("amount", Number, false),
                    col("currency", Text, false),
                    col("last_modified", DateTime, false),
                    col("forecast_category", Text, false),
                ];
                C
            }
            Table::Quotes => {
                const C: &[ColumnSpec] = &[
                    col("quote_id", Text, true),
                    col("rep", Text, true),
                    col("product_line", Text, false),
                    col("quoted_on", Date, true),
                    col("amount", Number, false),
                    col("deal_id", Text, false),
                    col("status", Text, false),
                ];
                C
            }
            Table::Leads => {
                const C: &[ColumnSpec] = &[
                    col("lead_id", Text, true),
                    col("rep", Text, true),
                    col("source", Text, false),
                    col("company_generated", Bool, false),
                    col("created_at", DateTime, true),
                    col("first_contact_at", DateTime, false),
                    col("status", Text, false),
                    col("qualified", Bool, false),
                    col("converted_at", DateTime, false),
                    // The deal a converted lead became: the funnel's won stage.
                    col("deal_id", Text, false),
                ];
                C
            }
            Table::Activities => {
                const C: &[ColumnSpec] = &[
                    col("activity_id", Text, true),
                    col("rep", Text, true),
                    col("kind", Text, true),
                    col("at", DateTime, true),
                    col("product_line", Text, false),
                    col("contact_id", Text, false),
                    col("account", Text, false),
                ];
                C
            }
            Table::Contacts => {
                const C: &[ColumnSpec] = &[
                    col("contact_id", Text, true),
                    col("rep", Text, true),
                    col("created_on", Date, true),
                    col("name", Text, false),
                    col("address", Text, false),
                    col("phone", Text, false),
                    col("email", Text, false),
                    col("influencer", Bool, false),
                ];
                C
            }
            Table::Quotas => {
                const C: &[ColumnSpec] = &[
                    col("rep", Text, false),
                    col("territory", Text, false),
                    col("period_start", Date, true),
                    col("period_end", Date, true),
                    col("product_line", Text, false),
                    col("amount", Number, false),
                    col("units", Number, false),
                    col("name", Text, false),
                    col("parent", Text, false),
                ];
                C
            }
            Table::Surveys => {
                const C: &[ColumnSpec] = &[
                    col("rep", Text, false),
                    col("account", Text, false),
                    col("answered_on", Date, true),
                    col("score", Number, true),
                    col("scale", Number, false),
                ];
                C
            }
            Table::Meetings => {
                const C: &[ColumnSpec] = &[
                    col("meeting_id", Text, true),
                    col("rep", Text, true),
                    col("held_on", Date, true),
                    col("kind", Text, false),
                    col("attended", Bool, true),
                ];
                C
            }
            Table::Forecasts => {
                const C: &[ColumnSpec] = &[
                    col("rep", Text, true),
                    col("period_start", Date, true),
                    col("period_end", Date, true),
                    col("amount", Number, true),
                ];
                C
            }
            Table::Ratings => {
                const C: &[ColumnSpec] = &[
                    col("rep", Text, true),
                    col("period_start", Date, true),
                    col("standard", Text, true),
                    col("score", Number, true),
                    col("scale", Number, false),
                ];
                C
            }
            Table::Accounts => {
                const C: &[ColumnSpec] = &[
                    col("account", Text, true),
                    col("territory", Text, false),
                    col("owner", Text, false),
                    // The account's name where `account` is an id: facts
                    // that name their account match either.
                    col("name", Text, false),
                ];
                C
            }
            Table::Products => {
                const C: &[ColumnSpec] = &[
                    col("product", Text, true),
                    // Without one, a product is its own line.
                    col("product_line", Text, false),
                    col("list_price", Number, false),
                ];
                C
            }
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A calendar month as a single integer, `year * 12 + (month - 1)`, so that
/// month arithmetic and grouping are plain integer operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    pub fn new(year: i32, month: u32) -> Month {
        Month(year * 12 + month as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1-based month of the year.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn of_date(date: chrono::NaiveDate) -> Month {
        use chrono::Datelike;
        Month::new(date.year(), date.month())
    }

    /// The month of a day counted from 1970-01-01, in integer arithmetic
    /// (H. Hinnant's `civil_from_days`): the standards take the month of
    /// tens of millions of dates, where a calendar lookup per date shows.
    pub fn of_days(days: i32) -> Month {
        let z = days as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Month((year * 12 + month - 1) as i32)
    }

    pub fn first_day(self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year(), self.month(), 1).expect("valid month")
    }

    pub fn last_day(self) -> chrono::NaiveDate {
        (self + 1).first_day().pred_opt().expect("valid month")
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        (1..=12).contains(&month).then(|| Month::new(year, month))
    }
}

impl std::ops::Add<i32> for Month {
    type Output = Month;
    fn add(self, rhs: i32) -> Month {
        Month(self.0 + rhs)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// The report window: whole months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Month,
    pub to: Month,
}

impl Window {
    pub fn months(&self) -> impl Iterator<Item = Month> {
        (self.from.0..=self.to.0).map(Month)
    }

    pub fn contains(&self, month: Month) -> bool {
        self.from <= month && month <= self.to
    }

    pub fn len(&self) -> usize {
        (self.to.0 - self.from.0 + 1).max(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The order of day, month and year in a date written with numbers only.
/// (How a column's order is decided: `ingest::values`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// 2024-03-31 (also the order of every ISO date).
    Ymd,
    /// 31.03.2024, 31/03/2024.
    Dmy,
    /// 3/31/2024.
    Mdy,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Ymd => "year-month-day",
            DateOrder::Dmy => "day-month-year",
            DateOrder::Mdy => "month-day-year",
        }
    }

    /// The value `date_order` takes in yardstick.toml.
    pub fn key(self) -> &'static str {
        match self {
            DateOrder::Ymd => "ymd",
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }
}

/// Which character separates decimals in a column of numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decimal {
    /// 1,234.56
    Point,
    /// 1 234,56 or 1.234,56
    Comma,
}

impl Decimal {
    pub fn name(self) -> &'static str {
        match self {
            Decimal::Point => "decimal point",
            Decimal::Comma => "decimal comma",
        }
    }
}

/// Days from 0001-01-01 (CE) to 1970-01-01, to turn chrono dates into the
/// day numbers polars stores.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// A date as the day number polars stores (days since 1970-01-01).
pub fn date_to_days(date: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}

/// The date of a day number (days since 1970-01-01).
pub fn days_to_date(days: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_num_days_from_ce_opt(days + UNIX_EPOCH_DAYS_FROM_CE)
        .expect("date in range")
}

/// Who a metric row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    Rep,
    Territory,
    Company,
}

impl EntityType {
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Rep => "rep",
            EntityType::Territory => "territory",
            EntityType::Company => "company",
        }
    }
}

/// A month, or the whole report window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month(Month),
    Window,
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => m.fmt(f),
            Period::Window => f.write_str("window"),
        }
    }
}

/// How a value compares with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Near,
    Missed,
    NoData,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Near => "near",
            Status::Missed => "missed",
            Status::NoData => "no_data",
        }
    }
}

/// One row of the metric table: the contract between computing and
/// presenting. `value` is `None` when there is nothing to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow {
    pub entity_type: EntityType,
    /// Shared among the rows of one entity (millions of rows at scale).
    pub entity: std::sync::Arc<str>,
    pub period: Period,
    pub standard: std::sync::Arc<str>,
    /// Set on the per-line rows of product-line standards; `None` on the
    /// whole-entity row.
    pub product_line: Option<std::sync::Arc<str>>,
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
    pub target: f64,
    pub attainment: Option<f64>,
    pub status: Status,
    /// Month rows: the value minus the previous month's.
    pub change: Option<f64>,
    /// Month rows: the value over this and the two months before, computed
    /// from their summed parts.
    pub trailing_3m: Option<f64>,
    /// Rep `overall` rows: rank among all reps (1 is best; ties share).
    pub rank_company: Option<u32>,
    /// Rep `overall` rows: rank among the reps of the same territory.
    pub rank_territory: Option<u32>,
}

/// How serious a data-quality finding is. Errors make `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// What a finding is about. Its [`code`](FindingKind::code) is stable:
/// scripts may match it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A cell that does not parse as its column's kind; the row is left out.
    BadValue,
    /// A row with more cells than the header; left out.
    RaggedRow,
    /// A row repeating an id seen before; the first is kept.
    DuplicateId,
    /// A closed deal without a close date; left out.
    UndatedClosedDeal,
    /// A deal with a negative amount; left out.
    NegativeAmount,
    /// A deal closed before it was created; left out.
    ClosedBeforeCreated,
    /// A deal amount far beyond the others; left out.
    AbsurdAmount,
    /// A product line the products table does not list.
    UnknownProductLine,
    /// A rep in the facts but not in the reps table.
    UnknownRep,
    /// No reps table: reps come from the facts.
    NoRepsTable,
    /// Owner ids resolved (or not) through the users file.
    OwnerIds,
    /// Team goals left out of the personal quotas.
    TeamGoal,
    /// A file yardstick does not read or does not recognise.
    IgnoredFile,
    /// A file that cannot be the table it looks like (a required column
    /// missing, a format left undecided): skipped unless it is deals.
    UnusableFile,
    /// Columns of a file that no canonical column takes.
    IgnoredColumns,
    /// A canonical column derived from others (e.g. outcome from stage).
    DerivedColumn,
    /// Stages nothing marks as won or lost (counted as open).
    UnmappedStage,
    /// Two headers that differ only in case: the first with values is read.
    DuplicateHeader,
    /// Deals closed at a stage known as neither won nor lost: left out of
    /// win rate and attainment until `[stages]` says which.
    ClosedStage,
    /// An export without an owner column: every row under one placeholder
    /// rep; every page says so.
    NoOwnerColumn,
    /// Dates far beyond the body of the data (a typo such as 2099): kept,
    /// but not taken for "today".
    FarDate,
    /// The report window holds no fact at all.
    EmptyWindow,
    /// Text normalised to NFC, invisible characters dropped: names that
    /// looked alike now match.
    NormalisedText,
    /// A quota's territory spelled unlike the roster's, or one no rep is in.
    UnknownTerritory,
}

impl FindingKind {
    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::BadValue => "bad_value",
            FindingKind::RaggedRow => "ragged_row",
            FindingKind::DuplicateId => "duplicate_id",
            FindingKind::UndatedClosedDeal => "undated_closed_deal",
            FindingKind::NegativeAmount => "negative_amount",
            FindingKind::ClosedBeforeCreated => "closed_before_created",
            FindingKind::AbsurdAmount => "absurd_amount",
            FindingKind::UnknownProductLine => "unknown_product_line",
            FindingKind::UnknownRep => "unknown_rep",
            FindingKind::NoRepsTable => "no_reps_table",
            FindingKind::OwnerIds => "owner_ids",
            FindingKind::TeamGoal => "team_goal",
            FindingKind::IgnoredFile => "ignored_file",
            FindingKind::UnusableFile => "unusable_file",
            FindingKind::IgnoredColumns => "ignored_columns",
            FindingKind::DerivedColumn => "derived_column",
            FindingKind::UnmappedStage => "unmapped_stage",
            FindingKind::NoOwnerColumn => "no_owner_column",
            FindingKind::ClosedStage => "closed_stage",
            FindingKind::DuplicateHeader => "duplicate_header",
            FindingKind::FarDate => "far_date",
            FindingKind::EmptyWindow => "empty_window",
            FindingKind::NormalisedText => "normalised_text",
            FindingKind::UnknownTerritory => "unknown_territory",
        }
    }

    /// Rows of its table left out (or counted once where they were
    /// repeated): every standard that reads the table changes.
    pub fn changes_rows(self) -> bool {
        matches!(
            self,
            FindingKind::BadValue
                | FindingKind::RaggedRow
                | FindingKind::DuplicateId
                | FindingKind::UnknownProductLine
                | FindingKind::AbsurdAmount
                | FindingKind::NegativeAmount
                | FindingKind::ClosedBeforeCreated
                | FindingKind::UndatedClosedDeal
                | FindingKind::ClosedStage
        )
    }

    /// Reps placed without the reps table: the territory figures change.
    pub fn changes_territories(self) -> bool {
        matches!(
            self,
            FindingKind::UnknownRep | FindingKind::NoRepsTable | FindingKind::UnknownTerritory
        )
    }
}

/// Something ingestion noticed about the input: a rejected row, an unknown
/// rep, a duplicate id, an ignored column.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
    pub table: Option<Table>,
    pub file: Option<String>,
    /// 1-based line in the file (the header is line 1).
    pub line: Option<usize>,
    pub column: Option<String>,
    pub rep: Option<String>,
    pub message: Message,
    /// For a finding about rows of several reps: each rep's share, so
    /// that rep's page can name its own records (issue 15, item 3).
    pub records: Vec<RepRecords>,
}

/// One rep's rows among those a finding is about: how many, and the ids
/// of the first few.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepRecords {
    pub rep: String,
    pub count: usize,
    pub examples: Vec<String>,
    /// The rows' amounts added up, when the table has amounts.
    pub amount: Option<f64>,
    /// The deals' outcomes among the rows (`won`, `lost`, `open`), sorted:
    /// which standards the finding really changes.
    pub outcomes: Vec<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(file) = &self.file {
            place.push(file.clone());
        }
        if let Some(line) = self.line {
            place.push(format!("line {line}"));
        }
        if let Some(column) = &self.column {
            place.push(format!("column `{column}`"));
        }
        if place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", place.join(", "), self.message)
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn month_of_days_agrees_with_the_calendar() {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        // Every day from 1800 to 2300, leap centuries included.
        for days in -62_000..120_000 {
            let date = epoch + chrono::Duration::days(days as i64);
            assert_eq!(Month::of_days(days), Month::of_date(date), "{date}");
        }
    }

    use super::*;

    #[test]
    fn month_round_trips_through_text_and_dates() {
        let m = Month::parse("2024-02").unwrap();
        assert_eq!(m.year(), 2024);
        assert_eq!(m.month(), 2);
        assert_eq!(m.to_string(), "2024-02");
        assert_eq!((m + 11).to_string(), "2025-01");
        assert_eq!(m.last_day().to_string(), "2024-02-29");
        assert_eq!(Month::parse("2024-13"), None);
        assert_eq!(Month::parse("24-01"), None);
    }

    #[test]
    fn every_table_has_a_required_column_and_unique_names() {
        for table in Table::ALL {
            let cols = table.columns();
            assert!(cols.iter().any(|c| c.required), "{table}");
            let mut names: Vec<_> = cols.iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), cols.len(), "{table}");
            assert_eq!(Table::from_name(table.name()), Some(table));
        }
    }
}
