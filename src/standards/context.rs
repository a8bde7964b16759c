//! What every measure needs: the tables, the as-of date and rules, the
//! product-line catalogue, quotas spread to months, and when each rep was
//! active; plus the small polars helpers the measures share.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};
use polars::prelude::*;

use super::codes::Codes;
use crate::config::RulesConfig;
use crate::error::{Error, Result};
use crate::model::date_to_days;
use crate::model::{Month, Table, Window};

/// Who a part belongs to: a rep, or a territory directly (a territory quota).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    Rep(Arc<str>),
    Territory(Arc<str>),
}

/// A contribution to one standard's numerator and denominator, for one
/// owner and month, and for one product line where the standard has lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub owner: Owner,
    pub month: Month,
    pub line: Option<Arc<str>>,
    pub numerator: f64,
    pub denominator: f64,
}

impl Part {
    /// A rep's part, sharing the rep's name.
    pub fn rep(rep: &Arc<str>, month: Month, numerator: f64, denominator: f64) -> Part {
        Part {
            owner: Owner::Rep(rep.clone()),
            month,
            line: None,
            numerator,
            denominator,
        }
    }
}

/// One month's share of a quota row.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaMonth {
    pub owner: Owner,
    pub month: Month,
    pub line: Option<Arc<str>>,
    pub amount: f64,
    pub units: f64,
}

pub struct Context<'a> {
    /// Rep, owner, product-line and kind columns hold codes (see [`Codes`]).
    pub tables: &'a BTreeMap<Table, DataFrame>,
    pub codes: &'a Codes,
    pub as_of: NaiveDate,
    pub window: Window,
    pub rules: &'a RulesConfig,
    /// Every product line, sorted: from the products table, else from the
    /// quotas, deals and quotes that name one.
    pub lines: Vec<Arc<str>>,
    /// Quotas spread evenly over the months they span.
    pub quotas: Vec<QuotaMonth>,
    /// Each rep's first and last month with any fact or quota.
    pub spans: BTreeMap<Arc<str>, (Month, Month)>,
    /// Quotes per rep, month and line: two standards need them, counted
    /// once (see `measures::quote_counts`; the second asker takes them).
    pub quote_counts: std::sync::Mutex<Option<std::sync::Arc<Vec<Part>>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        tables: &'a BTreeMap<Table, DataFrame>,
        codes: &'a Codes,
        as_of: NaiveDate,
        window: Window,
        rules: &'a RulesConfig,
    ) -> Result<Context<'a>> {
        let mut cx = Context {
            tables,
            codes,
            as_of,
            window,
            rules,
            lines: Vec::new(),
            quotas: Vec::new(),
            spans: BTreeMap::new(),
            quote_counts: Default::default(),
        };
        cx.lines = cx.product_lines()?;
        // The quota spread (a polars query) and the facts' day spans (a
        // pass over each table's codes) need nothing of each other: side
        // by side, on a thread of their own each (0.14 s and 0.08 s at L).
        let (quotas, fact_days) = std::thread::scope(|scope| {
            let quotas = scope.spawn(|| cx.spread(Table::Quotas, &["amount", "units"]));
            let fact_days = cx.fact_days();
            (quotas.join().expect("the quota spread panicked"), fact_days)
        });
        cx.quotas = quotas?;
        cx.spans = cx.rep_spans(fact_days?)?;
        Ok(cx)
    }

    pub fn has(&self, table: Table) -> bool {
        self.tables.contains_key(&table)
    }

    pub fn lazy(&self, table: Table) -> Option<LazyFrame> {
        self.tables.get(&table).map(|f| f.clone().lazy())
    }

    /// True when the table is present and the column holds any value; a
    /// standard that needs an all-empty column has no data.
    pub fn has_values(&self, table: Table, column: &str) -> bool {
        self.tables
            .get(&table)
            .and_then(|f| f.column(column).ok())
            .is_some_and(|c| c.null_count() < c.len())
    }

    pub fn as_of_days(&self) -> i32 {
        date_to_days(self.as_of)
    }

    /// The last millisecond of the as-of day.
    pub fn as_of_end_ms(&self) -> i64 {
        (self.as_of_days() as i64 + 1) * 86_400_000 - 1
    }

    pub fn as_of_month(&self) -> Month {
        Month::of_date(self.as_of)
    }

    /// The months of the window up to the as-of month: the only months that
    /// have facts to measure.
    pub fn measured_months(&self) -> impl Iterator<Item = Month> + '_ {
        self.window.months().filter(|m| *m <= self.as_of_month())
    }

    /// The months a rep was active within the measured months.
    pub fn active_months<'s>(&'s self, rep: &str) -> impl Iterator<Item = Month> + 's {
        let span = self.spans.get(rep).copied();
        self.measured_months()
            .filter(move |m| span.is_some_and(|(a, b)| a <= *m && *m <= b))
    }

    /// Monday-to-Friday days of a month, up to the as-of date.
    pub fn working_days(&self, month: Month) -> f64 {
        let mut day = month.first_day();
        let last = month.last_day().min(self.as_of);
        let mut n = 0;
        while day <= last {
            if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                n += 1;
            }
            day = day.succ_opt().expect("date in range");
        }
        n as f64
    }

    /// A part per active rep-month with `exposure(month)` as denominator:
    /// the "per month" or "per working day" base of rate standards.
    pub fn exposure(&self, per_day: bool) -> Vec<Part> {
        let mut parts = Vec::new();
        for rep in self.spans.keys() {
            for month in self.active_months(rep) {
                let den = if per_day {
                    self.working_days(month)
                } else {
                    1.0
                };
                parts.push(Part::rep(rep, month, 0.0, den));
            }
        }
        parts
    }

    fn product_lines(&self) -> Result<Vec<Arc<str>>> {
        let sources: &[Table] = if self.has(Table::Products) {
            &[Table::Products]
        } else {
            &[Table::Quotas, Table::Deals, Table::Quotes]
        };
        let mut lines = BTreeSet::new();
        for table in sources {
            if let Some(frame) = self.tables.get(table) {
                let distinct = frame
                    .column("product_line")
                    .and_then(|c| c.unique())
                    .map_err(|e| Error::compute(table, "listing product lines", e))?;
                lines.extend(
                    self.codes
                        .decode(&distinct, "product_line")?
                        .into_iter()
                        .flatten(),
                );
            }
        }
        Ok(lines.into_iter().collect())
    }

    /// Rows of a table with `period_start`/`period_end` (quotas, forecasts),
    /// summed per owner, line and span, then spread evenly over the months
    /// of each span. `values` are the number columns to spread (one or two).
    pub fn spread(&self, table: Table, values: &[&str]) -> Result<Vec<QuotaMonth>> {
        let Some(lf) = self.lazy(table) else {
            return Ok(Vec::new());
        };
        let has = |c: &str| table.columns().iter().any(|s| s.name == c);
        let text_or_null = |c: &str| {
            if has(c) {
                col(c)
            } else {
                lit(NULL).cast(DataType::String).alias(c)
            }
        };
        let mut select = vec![
            text_or_null("rep"),
            text_or_null("territory"),
            text_or_null("product_line"),
            month_of(col("period_start")).alias("first"),
            month_of(col("period_end")).alias("last"),
        ];
        let mut sums = Vec::new();
        for v in values {
            select.push(col(*v));
            sums.push(exact_sum(col(*v)).alias(*v));
        }
        let keys = ["rep", "territory", "product_line", "first", "last"];
        let frame = lf
            .select(select)
            .group_by(keys.map(col))
            .agg(sums)
            .sort(keys, SortMultipleOptions::default())
            .collect()
            .map_err(|e| Error::compute("quotas", "spreading periods", e))?;
        let text = |c: &str| self.codes.names(&frame, c);
        let int = |c: &str| {
            frame
                .column(c)
                .and_then(|c| c.i32().cloned())
                .map_err(|e| Error::compute("quotas", "spreading periods", e))
        };
        let (reps, territories, lines) = (text("rep")?, text("territory")?, text("product_line")?);
        let (first, last) = (int("first")?, int("last")?);
        let value = |c: &str| from_micros(&frame, c);
        let amount = value(values[0])?;
        let units = values.get(1).map(|c| value(c)).transpose()?;
        let mut out = Vec::new();
        for i in 0..frame.height() {
            let owner = match (&reps[i], &territories[i]) {
                (Some(rep), _) => Owner::Rep(rep.clone()),
                (None, Some(territory)) => Owner::Territory(territory.clone()),
                (None, None) => continue,
            };
            let (Some(a), Some(b)) = (first.get(i), last.get(i)) else {
                continue;
            };
            let n = (b - a + 1).max(1);
            let line: Option<Arc<str>> = lines[i].clone();
            for m in a..a + n {
                out.push(QuotaMonth {
                    owner: owner.clone(),
                    month: Month(m),
                    line: line.clone(),
                    amount: amount.get(i).unwrap_or(0.0) / n as f64,
                    units: units.as_ref().and_then(|u| u.get(i)).unwrap_or(0.0) / n as f64,
                });
            }
        }
        Ok(out)
    }

    /// Each rep's earliest and latest fact day over the dated tables, by
    /// rep code, in one pass over each table's codes and day numbers (a
    /// month only grows with the day, so only these two become months): a
    /// polars group-by per table took 0.1 s at L.
    fn fact_days(&self) -> Result<Vec<(u32, (i32, i32))>> {
        let dated: [(Table, &str); 7] = [
            (Table::Deals, "created_on"),
            (Table::Quotes, "quoted_on"),
            (Table::Leads, "created_at"),
            (Table::Activities, "at"),
            (Table::Contacts, "created_on"),
            (Table::Meetings, "held_on"),
            (Table::Forecasts, "period_start"),
        ];
        let failed = |e| Error::compute("the facts", "finding active months", e);
        let mut days: Vec<Option<(i32, i32)>> = Vec::new();
        for (table, date) in dated {
            let Some(frame) = self.tables.get(&table) else {
                continue;
            };
            let reps = frame
                .column("rep")
                .and_then(|c| c.u32().cloned())
                .map_err(failed)?;
            let dates = frame
                .column(date)
                .and_then(crate::ingest::day_numbers)
                .map_err(failed)?;
            for (rep, day) in reps.iter().zip(dates.iter()) {
                let (Some(rep), Some(day)) = (rep, day) else {
                    continue;
                };
                let rep = rep as usize;
                if rep >= days.len() {
                    days.resize(rep + 1, None);
                }
                let span = days[rep].get_or_insert((day, day));
                span.0 = span.0.min(day);
                span.1 = span.1.max(day);
            }
        }
        Ok(days
            .iter()
            .enumerate()
            .filter_map(|(code, span)| span.map(|s| (code as u32, s)))
            .collect())
    }

    /// First and last month of each rep's facts (their [`Self::fact_days`])
    /// and quotas, to the as-of month.
    fn rep_spans(
        &self,
        fact_days: Vec<(u32, (i32, i32))>,
    ) -> Result<BTreeMap<Arc<str>, (Month, Month)>> {
        let mut spans: BTreeMap<Arc<str>, (Month, Month)> = BTreeMap::new();
        let mut note = |rep: &Arc<str>, month: Month| {
            let month = month.min(self.as_of_month());
            let span = spans.entry(rep.clone()).or_insert((month, month));
            span.0 = span.0.min(month);
            span.1 = span.1.max(month);
        };
        for q in &self.quotas {
            if let Owner::Rep(rep) = &q.owner {
                note(rep, q.month);
            }
        }
        let codes: UInt32Chunked = fact_days.iter().map(|(code, _)| Some(*code)).collect();
        let reps = self.codes.decode(&codes.into_column(), "rep")?;
        for (rep, (_, (first, last))) in reps.iter().zip(&fact_days) {
            if let Some(rep) = rep {
                note(rep, Month::of_days(*first));
                note(rep, Month::of_days(*last));
            }
        }
        Ok(spans)
    }

    /// Quota amount per rep (or territory) and month.
    pub fn quota_by_month(&self) -> foldhash::HashMap<(Owner, Month), f64> {
        let mut out: foldhash::HashMap<(Owner, Month), f64> = Default::default();
        for q in &self.quotas {
            *out.entry((q.owner.clone(), q.month)).or_default() += q.amount;
        }
        out
    }
}

/// `year * 12 + month - 1` of a date or date-time column: the [`Month`] key,
/// by integer arithmetic over the whole column ([`Month::of_days`]).
pub fn month_of(date: Expr) -> Expr {
    date.cast(DataType::Date)
        .map(
            |c| {
                let days = c.cast(&DataType::Int32)?;
                let months: Int32Chunked = days.i32()?.apply_values(|d| Month::of_days(d).0);
                Ok(months.into_series().into())
            },
            |_, field| Ok(Field::new(field.name().clone(), DataType::Int32)),
        )
        .alias("month")
}

/// Sums a number column as whole millionths (i64). Integer addition gives
/// the same total in any order, so a parallel group-by sums the same way on
/// every run: the site stays byte-identical at any size.
pub fn exact_sum(x: Expr) -> Expr {
    exact_sum_at(x, MICROS)
}

/// Whole millionths: exact for money and counts.
pub const MICROS: f64 = 1e6;
/// Whole 1e-10ths: for scores of at most 100 (survey and rating means).
pub const FINE: f64 = 1e10;

/// [`exact_sum`] at another scale.
pub fn exact_sum_at(x: Expr, scale: f64) -> Expr {
    exact_scaled(x, scale).sum()
}

/// Each value as whole `1/scale`ths (i64), rounded half away from zero:
/// what [`exact_sum_at`] adds up.
fn exact_scaled(x: Expr, scale: f64) -> Expr {
    let scaled = x.cast(DataType::Float64) * lit(scale);
    // Round half away from zero (a cast truncates toward zero).
    when(scaled.clone().gt_eq(lit(0.0)))
        .then(scaled.clone() + lit(0.5))
        .otherwise(scaled - lit(0.5))
        .cast(DataType::Int64)
}

/// A column summed by [`exact_sum`], back in units.
pub fn from_micros(frame: &DataFrame, name: &str) -> Result<Float64Chunked> {
    from_scaled(frame, name, MICROS)
}

/// A column summed by [`exact_sum_at`] with `scale`, back in units.
pub fn from_scaled(frame: &DataFrame, name: &str, scale: f64) -> Result<Float64Chunked> {
    let micros = frame
        .column(name)
        .and_then(|c| c.cast(&DataType::Int64))
        .and_then(|c| c.i64().cloned())
        .map_err(|e| Error::compute(format!("column `{name}`"), "reading a sum", e))?;
    Ok(micros.iter().map(|v| v.map(|v| v as f64 / scale)).collect())
}

/// A date column as days since 1970-01-01.
pub fn days(date: &str) -> Expr {
    col(date).cast(DataType::Int32)
}

/// A date-time column as milliseconds since 1970-01-01.
pub fn millis(moment: &str) -> Expr {
    col(moment).cast(DataType::Int64)
}

pub fn i32_column(frame: &DataFrame, name: &str) -> Result<Int32Chunked> {
    frame
        .column(name)
        .and_then(|c| c.cast(&DataType::Int32))
        .and_then(|c| c.i32().cloned())
        .map_err(|e| Error::compute(format!("column `{name}`"), "reading a number column", e))
}

/// What a part's numerator or denominator adds up over a group's rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Addend<'a> {
    /// One per row: a count.
    EachRow,
    /// Nothing: the side is filled in later (an exposure) or unused.
    Zero,
    /// The values of a number column.
    Column(&'a str),
}

/// The grain of a standard's parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Grain {
    /// Per owner and month.
    Month,
    /// Per owner, month and product line.
    MonthAndLine,
}

impl Context<'_> {
    /// Groups `lf` (columns `who`, `month`, and `line` for
    /// [`Grain::MonthAndLine`]) by owner, month and line, adds up the
    /// numerator and denominator, and turns the result into parts.
    pub fn sum_parts(
        &self,
        lf: LazyFrame,
        numerator: Addend,
        denominator: Addend,
        grain: Grain,
    ) -> Result<Vec<Part>> {
        self.sum_parts_at(lf, numerator, denominator, grain, MICROS)
    }

    /// [`Self::sum_parts`] summing at `scale` (see [`exact_sum_at`]).
    ///
    /// The query yields only the keys and each row's whole `1/scale`ths;
    /// the sums are made here, a map per slice of rows, not by a polars
    /// group-by: that held some 60 bytes a row while it grouped (1.7 GB for
    /// the activities at XL), these columns 8 to 24.
    pub fn sum_parts_at(
        &self,
        lf: LazyFrame,
        numerator: Addend,
        denominator: Addend,
        grain: Grain,
        scale: f64,
    ) -> Result<Vec<Part>> {
        let failed = |e| Error::compute("a standard's parts", "computing a standard", e);
        let with_line = grain == Grain::MonthAndLine;
        let mut columns = vec![col("who"), col("month").cast(DataType::Int32)];
        if with_line {
            columns.push(col("line"));
        }
        for (addend, name) in [(numerator, "numerator"), (denominator, "denominator")] {
            if let Addend::Column(column) = addend {
                columns.push(exact_scaled(col(column), scale).alias(name));
            }
        }
        let frame = lf
            .filter(col("who").is_not_null())
            .select(columns)
            .collect()
            .map_err(failed)?;
        let codes = |name: &str| frame.column(name).and_then(|c| c.u32().cloned());
        let scaled = |addend: Addend, name: &str| match addend {
            Addend::Column(_) => frame.column(name).and_then(|c| c.i64().cloned()).map(Some),
            _ => Ok(None),
        };
        // Lines are codes, or text a measure made (response-time buckets):
        // then numbered here in their sorted order.
        let mut text_lines: Option<Vec<Arc<str>>> = None;
        let line = match frame.column("line") {
            Ok(c) if with_line && c.dtype() == &DataType::String => {
                let text = c.str().map_err(failed)?;
                let names: BTreeSet<&str> = text.iter().flatten().collect();
                let names: Vec<Arc<str>> = names.into_iter().map(Arc::from).collect();
                let code: HashMap<&str, u32> = names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (&**n, i as u32))
                    .collect();
                let codes: UInt32Chunked = text.iter().map(|t| t.map(|t| code[t])).collect();
                text_lines = Some(names);
                Some(codes)
            }
            _ => with_line
                .then(|| codes("line"))
                .transpose()
                .map_err(failed)?,
        };
        let columns = Keyed {
            who: codes("who").map_err(failed)?,
            month: i32_column(&frame, "month")?,
            line,
            numerator: scaled(numerator, "numerator").map_err(failed)?,
            denominator: scaled(denominator, "denominator").map_err(failed)?,
        };
        let sums = columns.sums();
        drop(frame);
        let per_row = |addend: Addend, rows: i64, sum: i64| match addend {
            Addend::EachRow => rows.wrapping_mul(scale as i64),
            Addend::Zero => 0,
            Addend::Column(_) => sum,
        };
        let who: UInt32Chunked = sums.iter().map(|((who, _, _), _)| Some(*who)).collect();
        let who = self.codes.decode(&who.into_column(), "who")?;
        let line: Vec<Option<Arc<str>>> = if let Some(names) = &text_lines {
            sums.iter()
                .map(|((_, _, line), _)| line.map(|l| names[l as usize].clone()))
                .collect()
        } else if with_line {
            let line: UInt32Chunked = sums.iter().map(|((_, _, line), _)| *line).collect();
            self.codes.decode(&line.into_column(), "line")?
        } else {
            vec![None; sums.len()]
        };
        let mut parts = Vec::with_capacity(sums.len());
        for ((((_, month, _), sum), who), line) in sums.iter().zip(who).zip(line) {
            let Some(who) = who else { continue };
            parts.push(Part {
                owner: Owner::Rep(who),
                month: Month(*month),
                line,
                numerator: per_row(numerator, sum.rows, sum.numerator) as f64 / scale,
                denominator: per_row(denominator, sum.rows, sum.denominator) as f64 / scale,
            });
        }
        Ok(parts)
    }
}

/// The columns a standard's parts are summed from.
struct Keyed {
    who: UInt32Chunked,
    month: Int32Chunked,
    line: Option<UInt32Chunked>,
    numerator: Option<Int64Chunked>,
    denominator: Option<Int64Chunked>,
}

/// A key's rows and the sums of its scaled values.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sum {
    rows: i64,
    numerator: i64,
    denominator: i64,
}

/// Owner code, month, line code.
type Key = (u32, i32, Option<u32>);

/// Keys (owners × months × line slots) summed in one dense array rather
/// than hash maps when it takes at most this many bytes.
const DENSE_BYTES: usize = 48 << 20;

/// The extent of the keys of a [`Keyed`] laid out densely.
#[derive(Debug, Clone, Copy)]
struct DenseSpace {
    first: i32,
    months: usize,
    lines: usize,
    cells: usize,
    /// Rows are counted, no values summed.
    counts_only: bool,
}

impl DenseSpace {
    /// The cell of a key: owners, then months, then line slots (no line
    /// first), so the cells run in the keys' order.
    fn at(&self, who: u32, month: i32, line: Option<u32>) -> usize {
        let slot = line.map_or(0, |l| l as usize + 1);
        (who as usize * self.months + (month - self.first) as usize) * self.lines + slot
    }

    /// The key of a cell.
    fn key(&self, at: usize) -> Key {
        let slot = at % self.lines;
        let month = (at / self.lines) % self.months;
        let who = at / self.lines / self.months;
        let line = (slot > 0).then(|| slot as u32 - 1);
        (who as u32, self.first + month as i32, line)
    }
}

impl Keyed {
    /// Rows and sums per key, sorted by key (missing lines first); rows
    /// without an owner or a month are skipped. Integer sums (wrapping,
    /// as polars adds) are the same in any order, so the slices can be
    /// summed in parallel.
    fn sums(&self) -> Vec<(Key, Sum)> {
        match self.dense_space() {
            Some(space) => self.dense_sums(space),
            None => self.hashed_sums(),
        }
    }

    /// Each row with an owner and a month: its key and its values (0
    /// where one is missing or the side sums nothing).
    fn rows(&self) -> impl Iterator<Item = (Key, i64, i64)> + '_ {
        let with_line = self.line.is_some();
        let mut lines = self.line.iter().flat_map(|l| l.iter());
        let mut numerators = self.numerator.iter().flat_map(|n| n.iter());
        let mut denominators = self.denominator.iter().flat_map(|d| d.iter());
        self.who
            .iter()
            .zip(self.month.iter())
            .filter_map(move |(who, month)| {
                // Every column moves on a row, kept or not.
                let line = if with_line {
                    lines.next().flatten()
                } else {
                    None
                };
                let n = numerators.next().flatten().unwrap_or(0);
                let d = denominators.next().flatten().unwrap_or(0);
                Some(((who?, month?, line), n, d))
            })
    }

    /// The keys' extent when a cell for every possible key fits in
    /// [`DENSE_BYTES`]:
    /// owner codes below `owners`, months from `first` on `months` long,
    /// line codes below `lines - 1` (slot 0 is no line).
    fn dense_space(&self) -> Option<DenseSpace> {
        let owners = self.who.max().map_or(0, |m| m as usize + 1);
        let (first, last) = (self.month.min()?, self.month.max()?);
        let months = (last as i64 - first as i64 + 1) as usize;
        let lines = match &self.line {
            Some(line) => line.max().map_or(0, |m| m as usize + 1) + 1,
            None => 1,
        };
        let cells = owners.checked_mul(months)?.checked_mul(lines)?;
        // Counting rows alone, a cell is a `u32` count.
        let counts_only = self.numerator.is_none()
            && self.denominator.is_none()
            && self.who.len() < u32::MAX as usize;
        let cell_bytes = if counts_only {
            std::mem::size_of::<u32>()
        } else {
            std::mem::size_of::<Sum>()
        };
        (cells.checked_mul(cell_bytes)? <= DENSE_BYTES).then_some(DenseSpace {
            first,
            months,
            lines,
            cells,
            counts_only,
        })
    }

    /// [`Keyed::sums`] into one array with a cell per possible key, laid
    /// out in the keys' order: no hashing, and the keys come out sorted.
    /// The quote counts (1.2 M rows, 0.3 M keys at L) took 0.13 s hashed,
    /// most of it growing the maps.
    fn dense_sums(&self, space: DenseSpace) -> Vec<(Key, Sum)> {
        if space.counts_only {
            return self.dense_counts(space);
        }
        let mut cells = vec![Sum::default(); space.cells];
        for ((who, month, line), n, d) in self.rows() {
            let cell = &mut cells[space.at(who, month, line)];
            cell.rows += 1;
            cell.numerator = cell.numerator.wrapping_add(n);
            cell.denominator = cell.denominator.wrapping_add(d);
        }
        cells
            .into_iter()
            .enumerate()
            .filter(|(_, sum)| sum.rows > 0)
            .map(|(at, sum)| (space.key(at), sum))
            .collect()
    }

    /// [`Keyed::dense_sums`] of rows alone (no values summed): a count per
    /// cell, a sixth of the memory — the line counts of 10,000 reps fit.
    fn dense_counts(&self, space: DenseSpace) -> Vec<(Key, Sum)> {
        let mut counts = vec![0u32; space.cells];
        for ((who, month, line), _, _) in self.rows() {
            counts[space.at(who, month, line)] += 1;
        }
        counts
            .into_iter()
            .enumerate()
            .filter(|(_, rows)| *rows > 0)
            .map(|(at, rows)| {
                let sum = Sum {
                    rows: rows as i64,
                    ..Sum::default()
                };
                (space.key(at), sum)
            })
            .collect()
    }

    /// [`Keyed::sums`] in hash maps, per slice of rows in parallel: for
    /// keys too many to lay out densely.
    fn hashed_sums(&self) -> Vec<(Key, Sum)> {
        use rayon::prelude::*;
        const SLICE: usize = 1 << 20;
        let height = self.who.len();
        let maps: Vec<foldhash::HashMap<Key, Sum>> = (0..height.div_ceil(SLICE))
            .into_par_iter()
            .map(|i| {
                let (offset, len) = ((i * SLICE) as i64, SLICE.min(height - i * SLICE));
                self.slice_sums(offset, len)
            })
            .collect();
        let mut all: foldhash::HashMap<Key, Sum> = Default::default();
        for map in maps {
            for (key, sum) in map {
                add(&mut all, key, sum);
            }
        }
        let mut sums: Vec<(Key, Sum)> = all.into_iter().collect();
        sums.sort_unstable_by_key(|(key, _)| *key);
        sums
    }

    fn slice_sums(&self, offset: i64, len: usize) -> foldhash::HashMap<Key, Sum> {
        let slice = Keyed {
            who: self.who.slice(offset, len),
            month: self.month.slice(offset, len),
            line: self.line.as_ref().map(|l| l.slice(offset, len)),
            numerator: self.numerator.as_ref().map(|n| n.slice(offset, len)),
            denominator: self.denominator.as_ref().map(|d| d.slice(offset, len)),
        };
        let mut map: foldhash::HashMap<Key, Sum> = Default::default();
        // Exports list a rep's rows together more often than not: a run of
        // one key is added up before it is looked up.
        let mut run: Option<(Key, Sum)> = None;
        for (key, n, d) in slice.rows() {
            match &mut run {
                Some((k, sum)) if *k == key => {
                    sum.rows += 1;
                    sum.numerator = sum.numerator.wrapping_add(n);
                    sum.denominator = sum.denominator.wrapping_add(d);
                }
                _ => {
                    let fresh = Sum {
                        rows: 1,
                        numerator: n,
                        denominator: d,
                    };
                    if let Some((k, sum)) = run.replace((key, fresh)) {
                        add(&mut map, k, sum);
                    }
                }
            }
        }
        if let Some((k, sum)) = run {
            add(&mut map, k, sum);
        }
        map
    }
}

fn add(map: &mut foldhash::HashMap<Key, Sum>, key: Key, sum: Sum) {
    let total = map.entry(key).or_default();
    total.rows += sum.rows;
    total.numerator = total.numerator.wrapping_add(sum.numerator);
    total.denominator = total.denominator.wrapping_add(sum.denominator);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed(
        who: &[Option<u32>],
        month: &[Option<i32>],
        line: Option<&[Option<u32>]>,
        numerator: Option<&[Option<i64>]>,
    ) -> Keyed {
        Keyed {
            who: who.iter().copied().collect(),
            month: month.iter().copied().collect(),
            line: line.map(|l| l.iter().copied().collect()),
            numerator: numerator.map(|n| n.iter().copied().collect()),
            denominator: None,
        }
    }

    /// Rows and sums per (owner, month, line), sorted with a missing line
    /// first; a row without an owner or month is no part, a missing value
    /// adds nothing but the row still counts.
    #[test]
    fn parts_are_summed_per_key_and_sorted() {
        let sums = keyed(
            &[Some(1), Some(1), Some(0), None, Some(1), Some(0), Some(0)],
            &[Some(5), Some(5), Some(5), Some(5), None, Some(6), Some(5)],
            Some(&[Some(2), Some(2), None, Some(1), Some(2), Some(0), Some(0)]),
            Some(&[Some(10), Some(20), Some(5), Some(7), Some(9), None, Some(1)]),
        )
        .sums();
        let sum = |rows, numerator| Sum {
            rows,
            numerator,
            denominator: 0,
        };
        assert_eq!(
            sums,
            [
                ((0, 5, None), sum(1, 5)),
                ((0, 5, Some(0)), sum(1, 1)),
                ((0, 6, Some(0)), sum(1, 0)),
                ((1, 5, Some(2)), sum(2, 30)),
            ]
        );
        // Integers wrap as polars' sums do, the same in any order.
        let wrapped = keyed(
            &[Some(0); 2],
            &[Some(1); 2],
            None,
            Some(&[Some(i64::MAX), Some(1)]),
        );
        assert_eq!(wrapped.sums(), [((0, 1, None), sum(2, i64::MIN))]);
    }

    /// Slices are summed apart and added up: the rows of one key spread
    /// over several slices count once each. 2^20 + 4 rows over 3 owners:
    /// owner k has rows k, k + 3, … — len(range(k, 2**20 + 4, 3)) =
    /// 349,527, 349,527, 349,526.
    #[test]
    fn sums_over_slices_add_up() {
        let n = (1usize << 20) + 4;
        let who: Vec<Option<u32>> = (0..n).map(|i| Some((i % 3) as u32)).collect();
        let ones: Vec<Option<i64>> = vec![Some(2); n];
        let keyed = keyed(&who, &vec![Some(7); n], None, Some(&ones));
        // Hashed over two slices, and laid out densely: the same.
        let sums = keyed.hashed_sums();
        let rows: Vec<i64> = sums.iter().map(|(_, s)| s.rows).collect();
        assert_eq!(rows, [349_527, 349_527, 349_526]);
        assert_eq!(sums[2].1.numerator, 2 * 349_526);
        assert_eq!(keyed.sums(), sums);
    }

    proptest::proptest! {
        /// Laid out densely or hashed, the same keys, sums and order —
        /// missing owners, months, lines and values, and sums that wrap.
        #[test]
        fn dense_and_hashed_sums_agree(
            rows in proptest::collection::vec(
                (
                    proptest::option::weighted(0.9, 0u32..40),
                    proptest::option::weighted(0.9, 24_000i32..24_030),
                    proptest::option::weighted(0.8, 0u32..12),
                    proptest::option::weighted(0.9, proptest::num::i64::ANY),
                ),
                0..400,
            ),
            with_line in proptest::bool::ANY,
            with_values in proptest::bool::ANY,
        ) {
            let who: Vec<Option<u32>> = rows.iter().map(|r| r.0).collect();
            let month: Vec<Option<i32>> = rows.iter().map(|r| r.1).collect();
            let line: Vec<Option<u32>> = rows.iter().map(|r| r.2).collect();
            let value: Vec<Option<i64>> = rows.iter().map(|r| r.3).collect();
            // Without values summed, rows are counted in `u32` cells.
            let values = with_values.then_some(&value[..]);
            let keyed = keyed(&who, &month, with_line.then_some(&line[..]), values);
            let hashed = keyed.hashed_sums();
            match keyed.dense_space() {
                Some(space) => proptest::prop_assert_eq!(keyed.dense_sums(space), hashed),
                // Only when no row has both an owner and a month.
                None => proptest::prop_assert!(hashed.is_empty()),
            }
        }
    }

    /// A key space larger than the dense array is hashed: 5 M owners × 2
    /// months of 24-byte sums is 240 MB; counted alone in 4-byte cells,
    /// 40 MB, laid out.
    #[test]
    fn many_owners_are_hashed_not_laid_out() {
        let who = [Some(0), Some(4_999_999)];
        let ones = [Some(1), Some(1)];
        let summed = keyed(&who, &[Some(1), Some(2)], None, Some(&ones));
        assert!(summed.dense_space().is_none());
        let sums = summed.sums();
        assert_eq!(
            sums.iter()
                .map(|(k, s)| (*k, s.rows, s.numerator))
                .collect::<Vec<_>>(),
            [((0, 1, None), 1, 1), ((4_999_999, 2, None), 1, 1)]
        );
        let counted = keyed(&who, &[Some(1), Some(2)], None, None);
        assert!(counted.dense_space().is_some_and(|s| s.counts_only));
        assert_eq!(
            counted
                .sums()
                .iter()
                .map(|(k, s)| (*k, s.rows))
                .collect::<Vec<_>>(),
            [((0, 1, None), 1), ((4_999_999, 2, None), 1)]
        );
    }

    #[test]
    fn working_days_skip_weekends_and_stop_at_the_as_of_date() {
        let rules = RulesConfig::default();
        let tables = BTreeMap::new();
        let window = Window {
            from: Month::new(2024, 1),
            to: Month::new(2024, 3),
        };
        let as_of = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap();
        let codes = Codes::default();
        let cx = Context::new(&tables, &codes, as_of, window, &rules).unwrap();
        // January 2024 starts on a Monday: 23 weekdays.
        assert_eq!(cx.working_days(Month::new(2024, 1)), 23.0);
        // February 2024 (leap): 21 weekdays.
        assert_eq!(cx.working_days(Month::new(2024, 2)), 21.0);
        // March 1 (Fri), 4, 5, 6 up to the as-of date.
        assert_eq!(cx.working_days(Month::new(2024, 3)), 4.0);
    }
}
