//! Gives every canonical column its type, one column at a time. Each
//! column's format (date order, Excel serials, decimal separator) is
//! decided once from all its values; then a cell that does not parse, or a
//! required cell left empty, rejects its row, and every rejection keeps the
//! line, column, value and what was expected.

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::values::{self, DateOrder, Decimal};
use crate::ingest::values::{
    EXPECT_BOOL, EXPECT_DATE, EXPECT_DATETIME, EXPECT_NUMBER, EXPECT_OUTCOME,
};
use crate::model::{ColumnKind, Table, Unreadable};

/// Why one row was rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// 1-based line in the file, the header being line 1.
    pub line: usize,
    pub column: &'static str,
    pub value: String,
    pub expected: &'static str,
    /// The row's rep, as its `rep` cell names them (normalised), so the
    /// rep's page can list the row (issue 15, item 3).
    pub rep: Option<String>,
}

/// Formats the configuration sets instead of detection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints {
    pub date_order: Option<DateOrder>,
    pub decimal: Option<Decimal>,
}

#[derive(Debug)]
pub struct Typed {
    pub frame: DataFrame,
    pub rows_read: usize,
    pub rows_rejected: usize,
    /// Every rejection, first by line; a row can have several.
    pub rejections: Vec<Rejection>,
    /// The format chosen for each typed column, for `check`.
    pub formats: Vec<(String, String)>,
    /// The day/month order the file's dates use, when not year-first.
    pub date_order: Option<DateOrder>,
    /// The decimal separator, when a comma.
    pub decimal: Option<Decimal>,
    /// Text cells rewritten to NFC or stripped of invisible characters.
    pub normalised: usize,
}

/// How a date column is written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DateFormat {
    Order(DateOrder),
    ExcelSerial,
}

/// The format of every date and number column of a file, decided once
/// from all its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Formats {
    dates: Vec<(&'static str, DateFormat)>,
    decimals: Vec<(&'static str, Decimal)>,
}

impl Formats {
    /// Decides from the values of `raw`, explaining what cannot be decided.
    /// `Ok(Err(why))` when the values cannot decide a format.
    fn detect(
        raw: &DataFrame,
        table: Table,
        hints: Hints,
    ) -> Result<std::result::Result<Formats, Unreadable>> {
        let text_of = |name: &str| text_column(raw, name);
        let dates = match decide_date_formats(table, hints, &text_of)? {
            Ok(dates) => dates,
            Err(why) => return Ok(Err(why)),
        };
        let mut decimals = Vec::new();
        for spec in typed_columns(raw, table).filter(|s| s.kind == ColumnKind::Number) {
            let decimal = match hints.decimal {
                Some(d) => d,
                None => {
                    let text = text_of(spec.name)?;
                    match Decimal::detect(text.iter().flatten()) {
                        Ok(decimal) => decimal,
                        Err((point, comma)) => {
                            return Ok(Err(Unreadable::MixedDecimal {
                                column: spec.name,
                                point,
                                comma,
                                table,
                            }))
                        }
                    }
                }
            };
            decimals.push((spec.name, decimal));
        }
        Ok(Ok(Formats { dates, decimals }))
    }
}

/// What the values of a file's date and number columns say about their
/// formats, gathered a block of rows at a time. Added up over every block,
/// it decides what [`Formats::detect`] would over the whole file; so a file
/// can be typed block by block, its text never held whole.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    dates: Vec<(&'static str, DateTally)>,
    numbers: Vec<(&'static str, (bool, bool))>,
}

#[derive(Debug, Clone, Copy)]
struct DateTally {
    present: bool,
    all_numeric: bool,
    order: values::OrderTally,
}

impl Tally {
    pub fn of(raw: &DataFrame, table: Table) -> Result<Tally> {
        let mut tally = Tally::default();
        for spec in typed_columns(raw, table) {
            let text = text_column(raw, spec.name)?;
            let values = || text.iter().flatten().map(trim).filter(|v| !v.is_empty());
            match spec.kind {
                ColumnKind::Date | ColumnKind::DateTime => tally.dates.push((
                    spec.name,
                    DateTally {
                        present: values().next().is_some(),
                        all_numeric: values().all(|v| v.parse::<f64>().is_ok()),
                        order: DateOrder::tally(values()),
                    },
                )),
                ColumnKind::Number => tally
                    .numbers
                    .push((spec.name, Decimal::tally(text.iter().flatten()))),
                _ => {}
            }
        }
        Ok(tally)
    }

    /// Adds the tally of the next block of the same file.
    pub fn add(&mut self, other: &Tally) {
        for ((_, mine), (_, theirs)) in self.dates.iter_mut().zip(&other.dates) {
            mine.present |= theirs.present;
            mine.all_numeric &= theirs.all_numeric;
            mine.order.add(theirs.order);
        }
        for ((_, mine), (_, theirs)) in self.numbers.iter_mut().zip(&other.numbers) {
            mine.0 |= theirs.0;
            mine.1 |= theirs.1;
        }
    }

    /// The formats [`Formats::detect`] would choose; `None` where it would
    /// fail (mixed or undecidable), for the whole-file path to explain.
    pub fn decide(&self, hints: Hints) -> Option<Formats> {
        let detected = self
            .dates
            .iter()
            .map(|(name, t)| {
                let format = if let Some(order) = hints.date_order {
                    Some(DateFormat::Order(order))
                } else if t.present && t.all_numeric {
                    Some(DateFormat::ExcelSerial)
                } else {
                    t.order.decide()?.map(DateFormat::Order)
                };
                Some((*name, format))
            })
            .collect::<Option<Vec<_>>>()?;
        let dates = with_file_order(detected)
            .into_iter()
            .map(|(name, f)| f.map(|f| (name, f)))
            .collect::<Option<Vec<_>>>()?;
        let decimals = self
            .numbers
            .iter()
            .map(|(name, seen)| {
                let decimal = match (hints.decimal, seen) {
                    (Some(d), _) => d,
                    (None, (true, true)) => return None,
                    (None, (false, true)) => Decimal::Comma,
                    (None, _) => Decimal::Point,
                };
                Some((*name, decimal))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Formats { dates, decimals })
    }
}

/// The table's columns present in `raw` (columns dropped before typing,
/// read by nothing, are skipped).
fn typed_columns(
    raw: &DataFrame,
    table: Table,
) -> impl Iterator<Item = &'static crate::model::ColumnSpec> + '_ {
    table
        .columns()
        .iter()
        .filter(move |spec| raw.column(spec.name).is_ok())
}

fn text_column(raw: &DataFrame, name: &str) -> Result<StringChunked> {
    raw.column(name)
        .and_then(|c| c.str().cloned())
        .map_err(|e| Error::compute(format!("column `{name}`"), "reading a text column", e))
}

/// Types a whole file's cells, deciding the formats from all of them.
/// `line_of(row)` gives the file line of a data row (1-based, header = 1).
pub fn type_frame(
    raw: &DataFrame,
    table: Table,
    hints: Hints,
    file: &str,
    line_of: &(dyn Fn(usize) -> usize + Sync),
) -> Result<Typed> {
    let formats = Formats::detect(raw, table, hints)?.map_err(|why| Error::Unreadable {
        file: file.to_string(),
        why,
    })?;
    type_with(raw, table, &formats, line_of)
}

/// Types cells (a whole file, or a block of one) in formats already decided.
pub fn type_with(
    raw: &DataFrame,
    table: Table,
    formats: &Formats,
    line_of: &(dyn Fn(usize) -> usize + Sync),
) -> Result<Typed> {
    let height = raw.height();
    let text_of = |name: &str| text_column(raw, name);
    let date_formats = &formats.dates;

    let date_order = date_formats.iter().find_map(|(_, f)| match f {
        DateFormat::Order(o) if *o != DateOrder::Ymd => Some(*o),
        _ => None,
    });
    // Columns are typed independently, in parallel.
    struct Typed1 {
        column: Column,
        rejected_rows: Vec<usize>,
        rejections: Vec<Rejection>,
        format: Option<(String, String)>,
        comma: bool,
        normalised: usize,
    }
    let type_one = |spec: &crate::model::ColumnSpec| -> Result<Typed1> {
        let text = text_of(spec.name)?;
        let present = text.null_count() < text.len();
        let mut rejected_rows = Vec::new();
        let mut rejections = Vec::new();
        let mut format_used = None;
        let mut comma = false;
        let mut normalised = 0;
        let mut reject = |row: usize, value: &str, expected: &'static str| {
            rejected_rows.push(row);
            rejections.push(Rejection {
                line: line_of(row),
                column: spec.name,
                value: value.to_string(),
                expected,
                rep: None,
            });
        };
        // Empty or blank cells are missing values.
        let cells = text.iter().map(|v| v.map(trim).filter(|v| !v.is_empty()));
        let column: Column = match spec.kind {
            ColumnKind::Text => {
                // Most text needs no trimming or normalising: then the
                // column is shared, not copied.
                let clean = text.iter().all(|v| v.is_none_or(cell_is_clean));
                let out: StringChunked = if clean {
                    text.clone()
                } else {
                    cells
                        .map(|v| {
                            v.map(|v| {
                                if text_is_normal(v) {
                                    std::borrow::Cow::Borrowed(v)
                                } else {
                                    normalised += 1;
                                    std::borrow::Cow::Owned(normal_text(v))
                                }
                            })
                        })
                        .map(|v| v.filter(|v| !v.is_empty()))
                        .collect::<Vec<_>>()
                        .iter()
                        .map(|v| v.as_deref())
                        .collect()
                };
                out.into_series().with_name(spec.name.into()).into()
            }
            ColumnKind::Outcome => {
                let out: StringChunked = parse_cells(
                    cells,
                    &|v| values::parse_outcome(v),
                    EXPECT_OUTCOME,
                    &mut reject,
                );
                out.into_series().with_name(spec.name.into()).into()
            }
            ColumnKind::Date | ColumnKind::DateTime => {
                let format = date_formats
                    .iter()
                    .find(|(c, _)| *c == spec.name)
                    .map(|(_, f)| *f)
                    .unwrap_or(DateFormat::Order(DateOrder::Ymd));
                if present {
                    format_used = Some((
                        spec.name.to_string(),
                        match format {
                            DateFormat::Order(o) => o.name().to_string(),
                            DateFormat::ExcelSerial => "Excel serial dates".to_string(),
                        },
                    ));
                }
                let moment = move |v: &str| match format {
                    DateFormat::Order(order) => values::parse_moment(v, order),
                    DateFormat::ExcelSerial => values::parse_excel_serial(v),
                };
                if spec.kind == ColumnKind::Date {
                    let day = move |v: &str| moment(v).map(|ms| ms.div_euclid(86_400_000) as i32);
                    let out: Int32Chunked = parse_cells(cells, &day, EXPECT_DATE, &mut reject);
                    out.into_series()
                        .with_name(spec.name.into())
                        .cast(&DataType::Date)
                        .map_err(|e| Error::compute(table, "typing a date column", e))?
                        .into()
                } else {
                    let out: Int64Chunked =
                        parse_cells(cells, &moment, EXPECT_DATETIME, &mut reject);
                    out.into_series()
                        .with_name(spec.name.into())
                        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                        .map_err(|e| Error::compute(table, "typing a date-time column", e))?
                        .into()
                }
            }
            ColumnKind::Number => {
                let decimal = formats
                    .decimals
                    .iter()
                    .find(|(c, _)| *c == spec.name)
                    .map_or(Decimal::Point, |(_, d)| *d);
                if present {
                    format_used = Some((spec.name.to_string(), decimal.name().to_string()));
                    comma = decimal == Decimal::Comma;
                }
                let out: Float64Chunked = parse_cells(
                    cells,
                    &|v| values::parse_money(v, decimal),
                    EXPECT_NUMBER,
                    &mut reject,
                );
                out.into_series().with_name(spec.name.into()).into()
            }
            ColumnKind::Bool => {
                let out: BooleanChunked =
                    parse_cells(cells, &|v| values::parse_bool(v), EXPECT_BOOL, &mut reject);
                out.into_series().with_name(spec.name.into()).into()
            }
        };
        if spec.required {
            for (row, cell) in text.iter().enumerate() {
                if cell.is_none_or(|v| trim(v).is_empty()) {
                    reject(row, "", EXPECT_REQUIRED);
                }
            }
        }
        Ok(Typed1 {
            column,
            rejected_rows,
            rejections,
            format: format_used,
            comma,
            normalised,
        })
    };
    let typed: Vec<Typed1> = {
        use rayon::prelude::*;
        let specs: Vec<_> = typed_columns(raw, table).collect();
        specs.into_par_iter().map(type_one).collect::<Result<_>>()?
    };
    let reps = raw.column("rep").ok().and_then(|c| c.str().ok().cloned());
    let rep_of = |row: usize| {
        let rep = normal_text(reps.as_ref()?.get(row)?);
        (!rep.is_empty()).then_some(rep)
    };
    let mut rejected = vec![false; height];
    let mut rejections = Vec::new();
    let mut formats = Vec::new();
    let mut comma = false;
    let mut normalised = 0;
    let mut columns = Vec::with_capacity(typed.len());
    for t in typed {
        normalised += t.normalised;
        for (&row, mut rejection) in t.rejected_rows.iter().zip(t.rejections) {
            rejected[row] = true;
            rejection.rep = rep_of(row);
            rejections.push(rejection);
        }
        formats.extend(t.format);
        comma |= t.comma;
        columns.push(t.column);
    }
    let frame =
        DataFrame::new(height, columns).map_err(|e| Error::compute(table, "typing a table", e))?;
    for (row, column, value, expected) in row_rules(raw, &frame, table)? {
        rejected[row] = true;
        rejections.push(Rejection {
            line: line_of(row),
            column,
            value,
            expected,
            rep: rep_of(row),
        });
    }
    let rows_rejected = rejected.iter().filter(|r| **r).count();
    let frame = if rows_rejected > 0 {
        let keep: BooleanChunked = rejected.iter().map(|r| !r).collect();
        frame
            .filter(&keep)
            .map_err(|e| Error::compute(table, "dropping rejected rows", e))?
    } else {
        frame
    };
    // By line, then in the table's column order (a stable sort keeps it).
    rejections.sort_by_key(|r| r.line);
    Ok(Typed {
        frame,
        rows_read: height,
        rows_rejected,
        rejections,
        formats,
        date_order,
        decimal: comma.then_some(Decimal::Comma),
        normalised,
    })
}

/// Characters that show as nothing: a name holding one is another key
/// than the same name without it.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
        || (c.is_control() && !c.is_whitespace())
}

/// True when a cell starts and ends with printable ASCII other than a
/// space: then nothing is to be trimmed, decided from two bytes.
fn printable_at_both_ends(b: &[u8]) -> bool {
    let printable = |b: &u8| (0x21..0x7f).contains(b);
    b.first().is_some_and(printable) && b.last().is_some_and(printable)
}

/// `text` trimmed of whitespace, as `str::trim`, with the common case
/// decided by [`printable_at_both_ends`] (every typed cell is trimmed;
/// `str::trim` walks chars from each end).
fn trim(text: &str) -> &str {
    if printable_at_both_ends(text.as_bytes()) {
        text
    } else {
        text.trim()
    }
}

/// True when a text cell can be kept as it is: not empty, nothing to trim,
/// and [normal](text_is_normal). Printable ASCII from end to end, most
/// cells, is decided in one pass over the bytes.
fn cell_is_clean(text: &str) -> bool {
    let b = text.as_bytes();
    (printable_at_both_ends(b) && b.iter().all(|b| (0x20..0x7f).contains(b)))
        || (!text.is_empty() && text.trim().len() == text.len() && text_is_normal(text))
}

/// True when text is as keys need it: printable ASCII, or NFC with
/// nothing invisible.
fn text_is_normal(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    (text.is_ascii()
        && !text
            .bytes()
            .any(|b| b < 0x20 && !b.is_ascii_whitespace() || b == 0x7f))
        || (!text.chars().any(invisible) && is_nfc_quick(text.chars()) == IsNormalized::Yes)
}

/// Text as keys need it (issue 14, item 9): NFC ("José" typed as e and a
/// combining accent is the same rep as "José"), invisible characters
/// (zero-width spaces, a BOM inside a cell, soft hyphens) dropped, trimmed.
pub fn normal_text(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.chars()
        .filter(|c| !invisible(*c))
        .nfc()
        .collect::<String>()
        .trim()
        .to_string()
}

/// A row's typed values that cannot be what they claim (issue 14): a
/// survey or rating score outside its scale or a scale that is none, a
/// negative quota, a period that ends before it starts, a quota row that
/// repeats an earlier one exactly, a lead first contacted before it
/// existed. Each is `(row, column, value, what was expected)`; the row is
/// rejected like a cell that does not parse.
#[allow(clippy::type_complexity)]
fn row_rules(
    raw: &DataFrame,
    frame: &DataFrame,
    table: Table,
) -> Result<Vec<(usize, &'static str, String, &'static str)>> {
    let number = |name: &str| -> Result<Option<Float64Chunked>> {
        match frame.column(name) {
            Ok(c) => c
                .f64()
                .cloned()
                .map(Some)
                .map_err(|e| Error::compute(table, "checking values", e)),
            Err(_) => Ok(None),
        }
    };
    let moment = |name: &str| -> Result<Option<Int64Chunked>> {
        match frame.column(name) {
            Ok(c) => c
                .cast(&DataType::Int64)
                .and_then(|c| c.i64().cloned())
                .map(Some)
                .map_err(|e| Error::compute(table, "checking dates", e)),
            Err(_) => Ok(None),
        }
    };
    let raw_text = |name: &str, row: usize| -> String {
        raw.column(name)
            .ok()
            .and_then(|c| c.str().ok().and_then(|s| s.get(row)).map(str::to_string))
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    match table {
        Table::Surveys | Table::Ratings => {
            let (Some(score), scale) = (number("score")?, number("scale")?) else {
                return Ok(out);
            };
            for row in 0..frame.height() {
                let n = scale.as_ref().and_then(|s| s.get(row));
                if let Some(n) = n {
                    if n <= 1.0 {
                        out.push((row, "scale", raw_text("scale", row), EXPECT_SCALE));
                        continue;
                    }
                }
                if let Some(v) = score.get(row) {
                    // Without a scale, scores are taken as out of 5 or 10.
                    if v < 0.0 || v > n.unwrap_or(10.0) {
                        out.push((row, "score", raw_text("score", row), EXPECT_SCORE));
                    }
                }
            }
        }
        Table::Quotas => {
            for column in ["amount", "units"] {
                if let Some(values) = number(column)? {
                    for (row, v) in values.iter().enumerate() {
                        if v.is_some_and(|v| v < 0.0) {
                            out.push((row, column, raw_text(column, row), EXPECT_QUOTA));
                        }
                    }
                }
            }
            if let (Some(start), Some(end)) = (moment("period_start")?, moment("period_end")?) {
                for (row, (a, b)) in start.iter().zip(end.iter()).enumerate() {
                    if let (Some(a), Some(b)) = (a, b) {
                        if b < a {
                            out.push((row, "period_end", raw_text("period_end", row), EXPECT_END));
                        }
                    }
                }
            }
            // A row repeated cell for cell is one quota counted twice.
            for row in repeated_raw_rows(raw) {
                out.push((
                    row,
                    "period_start",
                    raw_text("period_start", row),
                    EXPECT_UNIQUE,
                ));
            }
        }
        Table::Leads => {
            if let (Some(created), Some(first)) =
                (moment("created_at")?, moment("first_contact_at")?)
            {
                for (row, (c, f)) in created.iter().zip(first.iter()).enumerate() {
                    if let (Some(c), Some(f)) = (c, f) {
                        if f < c {
                            out.push((
                                row,
                                "first_contact_at",
                                raw_text("first_contact_at", row),
                                EXPECT_CONTACT,
                            ));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

/// The rows of the text frame that repeat an earlier row cell for cell (an
/// empty cell is the same as a missing one), in order. Each row's hash is
/// built a column at a time, walking each column once; looking each cell
/// up by row and keeping every row's cells as a key took 1.6 s for the
/// 384,000 quota rows of the L benchmark.
fn repeated_raw_rows(raw: &DataFrame) -> Vec<usize> {
    use std::hash::BuildHasher;
    let state = super::repeat_hasher();
    let columns: Vec<&StringChunked> = raw.columns().iter().filter_map(|c| c.str().ok()).collect();
    let mut hashes = vec![0u64; raw.height()];
    for column in &columns {
        for (hash, cell) in hashes.iter_mut().zip(column.iter()) {
            *hash = state.hash_one((*hash, cell.unwrap_or_default()));
        }
    }
    super::repeats_among(
        || hashes.iter().copied().enumerate(),
        |a, b| {
            columns
                .iter()
                .all(|c| c.get(a).unwrap_or_default() == c.get(b).unwrap_or_default())
        },
    )
}

const EXPECT_REQUIRED: &str = "a value (the column is required)";
const EXPECT_SCALE: &str = "a scale above 1 (the highest score possible)";
const EXPECT_SCORE: &str = "a score from 0 to the row's scale (10 when no scale is given)";
const EXPECT_QUOTA: &str = "a quota of zero or more";
const EXPECT_END: &str = "a period end on or after its start";
const EXPECT_UNIQUE: &str = "a quota row that does not repeat an earlier one cell for cell";
const EXPECT_CONTACT: &str = "a first contact at or after the lead was created";

/// Every text a rejection's `expected` can hold: the Russian pages have
/// words for each (a test keeps the two lists together).
#[cfg(test)]
pub(crate) const EXPECTATIONS: &[&str] = &[
    EXPECT_DATE,
    EXPECT_DATETIME,
    EXPECT_NUMBER,
    EXPECT_BOOL,
    EXPECT_OUTCOME,
    EXPECT_REQUIRED,
    EXPECT_SCALE,
    EXPECT_SCORE,
    EXPECT_QUOTA,
    EXPECT_END,
    EXPECT_UNIQUE,
    EXPECT_CONTACT,
];

/// Decides each date column's format. A column whose values cannot tell
/// day-first from month-first takes the order the file's other date
/// columns show (one export, one locale); with no evidence anywhere it is
/// an error that asks for `date_order` in the config.
fn decide_date_formats(
    table: Table,
    hints: Hints,
    text_of: &dyn Fn(&str) -> Result<StringChunked>,
) -> Result<std::result::Result<Vec<(&'static str, DateFormat)>, Unreadable>> {
    let mut decided: Vec<(&'static str, Option<DateFormat>)> = Vec::new();
    for spec in table.columns() {
        if !matches!(spec.kind, ColumnKind::Date | ColumnKind::DateTime) {
            continue;
        }
        let text = text_of(spec.name)?;
        let values = || {
            text.iter()
                .flatten()
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let format = if let Some(order) = hints.date_order {
            Some(DateFormat::Order(order))
        } else if values().next().is_some() && values().all(|v| v.parse::<f64>().is_ok()) {
            Some(DateFormat::ExcelSerial)
        } else {
            match DateOrder::detect(values()) {
                Ok(order) => order.map(DateFormat::Order),
                Err((day_first, month_first)) => {
                    return Ok(Err(Unreadable::MixedDateOrder {
                        column: spec.name,
                        day_first,
                        month_first,
                    }))
                }
            }
        };
        decided.push((spec.name, format));
    }
    Ok(with_file_order(decided)
        .into_iter()
        .map(|(column, format)| match format {
            Some(f) => Ok((column, f)),
            None => {
                let example = text_of(column)
                    .ok()
                    .and_then(|t| t.iter().flatten().next().map(str::to_string))
                    .unwrap_or_default();
                Err(Unreadable::AmbiguousDateOrder {
                    column,
                    example,
                    table,
                })
            }
        })
        .collect())
}

/// A column whose values cannot tell day-first from month-first takes the
/// order the file's other date columns agree on, if they do.
fn with_file_order(
    decided: Vec<(&'static str, Option<DateFormat>)>,
) -> Vec<(&'static str, Option<DateFormat>)> {
    let file_orders: Vec<DateOrder> = decided
        .iter()
        .filter_map(|(_, f)| match f {
            Some(DateFormat::Order(o)) if *o != DateOrder::Ymd => Some(*o),
            _ => None,
        })
        .collect();
    let file_order = match file_orders.first() {
        Some(first) if file_orders.iter().all(|o| o == first) => Some(*first),
        _ => None,
    };
    decided
        .into_iter()
        .map(|(column, format)| (column, format.or(file_order.map(DateFormat::Order))))
        .collect()
}

/// Parses present cells with `parse`; a failure is rejected and left null.
fn parse_cells<'a, T, C>(
    cells: impl Iterator<Item = Option<&'a str>>,
    parse: &dyn Fn(&str) -> Option<T>,
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

    fn line(row: usize) -> usize {
        row + 2
    }

    proptest::proptest! {
        /// The two-byte shortcuts say what `str::trim` and the full check say,
        /// for ASCII, controls, no-break and zero-width spaces, accents.
        #[test]
        fn shortcuts_agree_with_the_full_checks(text in "[a-z \t\n\u{7f}\u{a0}\u{200b}\u{301}é]{0,6}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
            let full = !text.is_empty() && text.trim().len() == text.len() && text_is_normal(&text);
            proptest::prop_assert_eq!(cell_is_clean(&text), full);
        }
    }

    /// Rows 2 and 4 repeat rows 0 and 1 cell for cell (row 4's empty cell
    /// as row 1's missing one); row 3 differs from row 0 in one cell only;
    /// the frame is read in two chunks, so a repeat across chunks counts.
    #[test]
    fn rows_repeated_cell_for_cell_are_found_across_chunks() {
        let mut frame = raw(&[
            ("rep", &[Some("Ann"), Some("Bob")]),
            ("amount", &[Some("10"), None]),
        ]);
        let more = raw(&[
            ("rep", &[Some("Ann"), Some("Ann"), Some("Bob")]),
            ("amount", &[Some("10"), Some("11"), Some("")]),
        ]);
        frame.vstack_mut(&more).unwrap();
        assert_eq!(frame.column("rep").unwrap().n_chunks(), 2);
        assert_eq!(repeated_raw_rows(&frame), vec![2, 4]);
        // A cell's text is hashed whole: "ab" + "c" is not "a" + "bc".
        let split = raw(&[
            ("a", &[Some("ab"), Some("a")]),
            ("b", &[Some("c"), Some("bc")]),
        ]);
        assert!(repeated_raw_rows(&split).is_empty());
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
        let typed = type_frame(&frame, Table::Forecasts, Hints::default(), "f.csv", &line).unwrap();
        assert_eq!(typed.rows_read, 3);
        assert_eq!(typed.rows_rejected, 2);
        assert_eq!(typed.frame.height(), 1);
        assert_eq!(
            typed.rejections[0],
            Rejection {
                line: 3,
                column: "period_start",
                value: "2024-13-01".into(),
                expected: EXPECT_DATE,
                // Line 3 is Bob's row: his page lists it.
                rep: Some("Bob".into()),
            }
        );
        assert_eq!(typed.rejections[1].line, 4);
        assert_eq!(typed.rejections[1].column, "amount");
        let amount = typed.frame.column("amount").unwrap().f64().unwrap().get(0);
        assert_eq!(amount, Some(100.5));
        let start = typed.frame.column("period_start").unwrap();
        assert_eq!(start.dtype(), &DataType::Date);
    }

    proptest::proptest! {
        /// Tallies of the blocks of a file, added up, decide what the
        /// whole file decides, and fail where it fails: so a file typed a
        /// block at a time is typed as it would be whole.
        #[test]
        fn tallies_of_blocks_decide_as_the_whole_file(
            rows in proptest::collection::vec((0usize..10, 0usize..10, 0usize..8), 1..40),
            cuts in proptest::collection::vec(0usize..40, 0..4),
            order in proptest::option::of(proptest::sample::select(vec![DateOrder::Dmy, DateOrder::Mdy])),
        ) {
            const DATES: [&str; 10] = [
                "01/02/2024", "13/02/2024", "02/13/2024", "2024-03-05", "45123",
                "05.03.2024", "3/4/2024 10:00", "", "x", "12/12/2024",
            ];
            const AMOUNTS: [&str; 8] = ["1,5", "1.5", "1 234,50", "1,234.50", "7", "", "1.234", "x"];
            let column = |pick: &dyn Fn(&(usize, usize, usize)) -> &'static str, range: std::ops::Range<usize>| {
                rows[range].iter().map(|r| Some(pick(r))).collect::<Vec<_>>()
            };
            let frame = |range: std::ops::Range<usize>| {
                raw(&[
                    ("rep", &column(&|_| "Ann", range.clone())),
                    ("period_start", &column(&|r| DATES[r.0], range.clone())),
                    ("period_end", &column(&|r| DATES[r.1], range.clone())),
                    ("amount", &column(&|r| AMOUNTS[r.2], range)),
                ])
            };
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rows.len())).collect();
            cuts.push(0);
            cuts.push(rows.len());
            cuts.sort_unstable();
            let mut tally: Option<Tally> = None;
            for pair in cuts.windows(2) {
                let block = Tally::of(&frame(pair[0]..pair[1]), Table::Forecasts).unwrap();
                match &mut tally {
                    None => tally = Some(block),
                    Some(t) => t.add(&block),
                }
            }
            let hints = Hints { date_order: order, decimal: None };
            let whole = Formats::detect(&frame(0..rows.len()), Table::Forecasts, hints).unwrap().ok();
            proptest::prop_assert_eq!(tally.unwrap().decide(hints), whole);
        }
    }

    #[test]
    fn an_ambiguous_column_takes_the_files_order_or_asks_for_it() {
        // period_start alone could be either; period_end has a 31 first → day-first.
        let frame = raw(&[
            ("rep", &[Some("Ann")]),
            ("period_start", &[Some("01/02/2024")]),
            ("period_end", &[Some("29/02/2024")]),
            ("amount", &[Some("1 200,50")]),
        ]);
        let typed = type_frame(&frame, Table::Forecasts, Hints::default(), "f.csv", &line).unwrap();
        let start = typed
            .frame
            .column("period_start")
            .unwrap()
            .cast(&DataType::Int32)
            .unwrap();
        // 1 Feb 2024 = 19754 days.
        assert_eq!(start.i32().unwrap().get(0), Some(19_754));
        assert_eq!(
            typed.frame.column("amount").unwrap().f64().unwrap().get(0),
            Some(1200.5)
        );
        assert!(typed
            .formats
            .contains(&("amount".to_string(), "decimal comma".to_string())));

        let frame = raw(&[
            ("rep", &[Some("Ann")]),
            ("period_start", &[Some("01/02/2024")]),
            ("period_end", &[Some("02/01/2024")]),
            ("amount", &[Some("5")]),
        ]);
        let err =
            type_frame(&frame, Table::Forecasts, Hints::default(), "f.csv", &line).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with(
                "f.csv: column `period_start`: every date could be day-first or month-first"
            ),
            "{text}"
        );
        assert!(
            text.contains("date_order = \"dmy\" or \"mdy\" under [tables.forecasts]"),
            "{text}"
        );
        // The config settles it.
        let hints = Hints {
            date_order: Some(DateOrder::Mdy),
            decimal: None,
        };
        assert!(type_frame(&frame, Table::Forecasts, hints, "f.csv", &line).is_ok());
    }
}
