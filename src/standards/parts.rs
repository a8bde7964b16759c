//! The numerators and denominators of each standard, per rep (or territory)
//! and month, computed with one grouped polars query over each whole table.
//! Everything above the rep-month grain is a sum of these parts.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::values::date_to_days;
use crate::model::{Month, Table};

/// Who a part belongs to: a rep, or a territory directly (a territory quota).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    Rep(String),
    Territory(String),
}

/// A contribution to one standard's numerator and denominator.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub owner: Owner,
    pub month: Month,
    pub numerator: f64,
    pub denominator: f64,
}

/// What every part computation needs to know.
pub struct Context<'a> {
    pub tables: &'a std::collections::BTreeMap<Table, DataFrame>,
    pub as_of: NaiveDate,
    pub lead_follow_up_hours: f64,
}

impl Context<'_> {
    fn lazy(&self, table: Table) -> Option<LazyFrame> {
        self.tables.get(&table).map(|f| f.clone().lazy())
    }

    fn as_of_days(&self) -> i32 {
        date_to_days(self.as_of)
    }

    /// The last millisecond of the as-of day.
    fn as_of_end_ms(&self) -> i64 {
        (self.as_of_days() as i64 + 1) * 86_400_000 - 1
    }
}

/// `year * 12 + month - 1` of a date or date-time column, the [`Month`] key.
fn month_of(date: Expr) -> Expr {
    let date = date.cast(DataType::Date);
    (date.clone().dt().year().cast(DataType::Int32) * lit(12)
        + date.dt().month().cast(DataType::Int32)
        - lit(1))
    .alias("month")
}

fn days(date: &str) -> Expr {
    col(date).cast(DataType::Int32)
}

fn millis(moment: &str) -> Expr {
    col(moment).cast(DataType::Int64)
}

/// Runs a grouped query with columns `rep`, `month`, `numerator`,
/// `denominator` and turns its rows into parts.
fn collect_parts(query: LazyFrame, owner: fn(String) -> Owner) -> Result<Vec<Part>> {
    let frame = query
        .collect()
        .map_err(|e| Error::polars("computing a standard", e))?;
    let get = |name: &str| {
        frame
            .column(name)
            .map_err(|e| Error::polars("reading a standard", e))
    };
    let who = get("who")?.str().map_err(|e| Error::polars("reading", e))?;
    let month = get("month")?
        .cast(&DataType::Int32)
        .map_err(|e| Error::polars("reading", e))?;
    let month = month.i32().map_err(|e| Error::polars("reading", e))?;
    let num = get("numerator")?
        .cast(&DataType::Float64)
        .map_err(|e| Error::polars("reading", e))?;
    let num = num.f64().map_err(|e| Error::polars("reading", e))?;
    let den = get("denominator")?
        .cast(&DataType::Float64)
        .map_err(|e| Error::polars("reading", e))?;
    let den = den.f64().map_err(|e| Error::polars("reading", e))?;
    let mut parts = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let (Some(who), Some(month)) = (who.get(i), month.get(i)) else {
            continue;
        };
        parts.push(Part {
            owner: owner(who.to_string()),
            month: Month(month),
            numerator: num.get(i).unwrap_or(0.0),
            denominator: den.get(i).unwrap_or(0.0),
        });
    }
    Ok(parts)
}

/// Sums two columns per rep and month. Both must be columns of `lf` (a
/// literal would be summed once per group, not once per row).
fn grouped(lf: LazyFrame, numerator: Expr, denominator: Expr) -> LazyFrame {
    lf.group_by([col("who"), col("month")]).agg([
        numerator.sum().alias("numerator"),
        denominator.sum().alias("denominator"),
    ])
}

/// Won amount (numerator) by close month; quota (denominator) spread evenly
/// over the months each quota row spans.
pub fn quota_attainment(cx: &Context) -> Result<Option<Vec<Part>>> {
    let (Some(deals), Some(quotas)) = (cx.lazy(Table::Deals), cx.lazy(Table::Quotas)) else {
        return Ok(None);
    };
    let won = deals
        .filter(
            col("outcome")
                .eq(lit("won"))
                .and(days("close_date").lt_eq(lit(cx.as_of_days()))),
        )
        .select([
            col("rep").alias("who"),
            month_of(col("close_date")),
            col("amount"),
            lit(0.0).alias("none"),
        ]);
    let mut parts = collect_parts(grouped(won, col("amount"), col("none")), Owner::Rep)?;

    // Quota rows summed per owner and span first (few rows), then spread.
    let spans = quotas
        .filter(col("amount").is_not_null())
        .select([
            col("rep"),
            col("territory"),
            month_of(col("period_start")).alias("first"),
            month_of(col("period_end")).alias("last"),
            col("amount"),
        ])
        .group_by([col("rep"), col("territory"), col("first"), col("last")])
        .agg([col("amount").sum()])
        .sort(
            ["rep", "territory", "first", "last"],
            SortMultipleOptions::default(),
        )
        .collect()
        .map_err(|e| Error::polars("spreading quotas", e))?;
    let text = |name: &str| {
        spans
            .column(name)
            .and_then(|c| c.str().cloned())
            .map_err(|e| Error::polars("spreading quotas", e))
    };
    let int = |name: &str| {
        spans
            .column(name)
            .and_then(|c| c.i32().cloned())
            .map_err(|e| Error::polars("spreading quotas", e))
    };
    let (reps, territories, first, last) = (
        text("rep")?,
        text("territory")?,
        int("first")?,
        int("last")?,
    );
    let amounts = spans
        .column("amount")
        .and_then(|c| c.f64().cloned())
        .map_err(|e| Error::polars("spreading quotas", e))?;
    for i in 0..spans.height() {
        let owner = match (reps.get(i), territories.get(i)) {
            (Some(rep), _) => Owner::Rep(rep.to_string()),
            (None, Some(territory)) => Owner::Territory(territory.to_string()),
            (None, None) => continue,
        };
        let (Some(a), Some(b), Some(amount)) = (first.get(i), last.get(i), amounts.get(i)) else {
            continue;
        };
        let months = (b - a + 1).max(1);
        for m in a..a + months {
            parts.push(Part {
                owner: owner.clone(),
                month: Month(m),
                numerator: 0.0,
                denominator: amount / months as f64,
            });
        }
    }
    Ok(Some(parts))
}

/// Deals won (numerator) over deals closed, won or lost (denominator), by
/// close month.
pub fn win_rate(cx: &Context) -> Result<Option<Vec<Part>>> {
    let Some(deals) = cx.lazy(Table::Deals) else {
        return Ok(None);
    };
    let closed = deals
        .filter(
            col("outcome")
                .neq(lit("open"))
                .and(days("close_date").lt_eq(lit(cx.as_of_days()))),
        )
        .select([
            col("rep").alias("who"),
            month_of(col("close_date")),
            col("outcome")
                .eq(lit("won"))
                .cast(DataType::Float64)
                .alias("won"),
            lit(1.0).alias("closed"),
        ]);
    collect_parts(grouped(closed, col("won"), col("closed")), Owner::Rep).map(Some)
}

/// Company-generated leads contacted within the follow-up time (numerator)
/// over those whose follow-up is due (denominator), by creation month. A
/// lead without the `company_generated` flag counts as company-generated.
pub fn lead_follow_up(cx: &Context) -> Result<Option<Vec<Part>>> {
    let Some(leads) = cx.lazy(Table::Leads) else {
        return Ok(None);
    };
    let sla_ms = (cx.lead_follow_up_hours * 3_600_000.0).round() as i64;
    let as_of = cx.as_of_end_ms();
    let contacted = col("first_contact_at")
        .is_not_null()
        .and(millis("first_contact_at").lt_eq(lit(as_of)));
    let in_time = contacted
        .clone()
        .and((millis("first_contact_at") - millis("created_at")).lt_eq(lit(sla_ms)));
    let due = contacted.or((millis("created_at") + lit(sla_ms)).lt_eq(lit(as_of)));
    let company = leads
        .filter(
            col("company_generated")
                .fill_null(lit(true))
                .and(millis("created_at").lt_eq(lit(as_of))),
        )
        .select([
            col("rep").alias("who"),
            month_of(col("created_at")),
            in_time.cast(DataType::Float64).alias("in_time"),
            due.cast(DataType::Float64).alias("due"),
        ]);
    collect_parts(grouped(company, col("in_time"), col("due")), Owner::Rep).map(Some)
}
