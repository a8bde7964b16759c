//! Counts behind the charts that are not standards: the lead → quote →
//! won-deal funnel and how fast company leads were first contacted. They
//! roll up like every standard's parts, over the measured months.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::context::{millis, month_of, Addend, Context, Grain};
use super::rollup::{Span, Sums};
use crate::error::Result;
use crate::model::Roster;
use crate::model::{EntityType, Month, Table};

/// Response-time buckets of company leads, in order: under 1 h, 1–4 h,
/// 4–24 h, 1–2 days, 2–7 days, over a week, never contacted (and overdue).
pub const RESPONSE_BUCKETS: [&str; 7] =
    ["lt_1h", "h1_4", "h4_24", "d1_2", "d2_7", "gt_7d", "never"];

/// Window totals of one entity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Volumes {
    pub leads: f64,
    pub quotes: f64,
    pub won: f64,
    /// Company leads per response-time bucket, as [`RESPONSE_BUCKETS`].
    pub response: [f64; 7],
}

pub fn compute(
    cx: &Context,
    roster: &Roster,
    months: &[Month],
    entities: &[(EntityType, &str)],
) -> Result<BTreeMap<(EntityType, String), Volumes>> {
    let sums = |parts: Vec<super::context::Part>| Sums::new(&parts, roster, months.to_vec());
    let count =
        |table: Table, date: &str, datetime: bool, filter: Option<Expr>| -> Result<Option<Sums>> {
            let Some(mut lf) = cx.lazy(table) else {
                return Ok(None);
            };
            if let Some(filter) = filter {
                lf = lf.filter(filter);
            }
            let on_or_before = if datetime {
                millis(date).lt_eq(lit(cx.as_of_end_ms()))
            } else {
                super::context::days(date).lt_eq(lit(cx.as_of_days()))
            };
            let lf = lf.filter(on_or_before).select([
                col("rep").alias("who"),
                month_of(col(date)),
                lit(1.0).alias("one"),
                lit(0.0).alias("zero"),
            ]);
            Ok(Some(sums(cx.sum_parts(
                lf,
                Addend::EachRow,
                Addend::Zero,
                Grain::Month,
            )?)))
        };
    let leads = count(Table::Leads, "created_at", true, None)?;
    let quotes = count(Table::Quotes, "quoted_on", false, None)?;
    let won = count(
        Table::Deals,
        "close_date",
        false,
        Some(col("outcome").eq(lit("won"))),
    )?;
    let response = response_times(cx)?.map(sums);

    let mut out = BTreeMap::new();
    for (kind, entity) in entities {
        let total = |s: &Option<Sums>, line: Option<&str>| {
            s.as_ref()
                .map(|s| s.get(*kind, entity, line, Span::All).0)
                .unwrap_or(0.0)
        };
        let mut v = Volumes {
            leads: total(&leads, None),
            quotes: total(&quotes, None),
            won: total(&won, None),
            response: [0.0; 7],
        };
        for (i, bucket) in RESPONSE_BUCKETS.iter().enumerate() {
            v.response[i] = total(&response, Some(bucket));
        }
        out.insert((*kind, entity.to_string()), v);
    }
    Ok(out)
}

/// Company leads by creation month and response-time bucket. Leads not yet
/// contacted whose follow-up is not yet due are left out.
fn response_times(cx: &Context) -> Result<Option<Vec<super::context::Part>>> {
    let Some(leads) = cx.lazy(Table::Leads) else {
        return Ok(None);
    };
    let as_of = cx.as_of_end_ms();
    let sla_ms = (cx.rules.lead_follow_up_hours * 3_600_000.0).round() as i64;
    let hours = (millis("first_contact_at") - millis("created_at")).cast(DataType::Float64)
        / lit(3_600_000.0);
    let contacted = col("first_contact_at")
        .is_not_null()
        .and(millis("first_contact_at").lt_eq(lit(as_of)));
    let bucket = when(contacted.clone().not())
        .then(lit("never"))
        .when(hours.clone().lt(lit(1.0)))
        .then(lit("lt_1h"))
        .when(hours.clone().lt(lit(4.0)))
        .then(lit("h1_4"))
        .when(hours.clone().lt(lit(24.0)))
        .then(lit("h4_24"))
        .when(hours.clone().lt(lit(48.0)))
        .then(lit("d1_2"))
        .when(hours.lt(lit(168.0)))
        .then(lit("d2_7"))
        .otherwise(lit("gt_7d"));
    let due = contacted.or((millis("created_at") + lit(sla_ms)).lt_eq(lit(as_of)));
    let lf = leads
        .filter(
            col("company_generated")
                .fill_null(lit(true))
                .and(millis("created_at").lt_eq(lit(as_of)))
                .and(due),
        )
        .select([
            col("rep").alias("who"),
            month_of(col("created_at")),
            bucket.alias("line"),
            lit(1.0).alias("one"),
            lit(0.0).alias("zero"),
        ]);
    Ok(Some(cx.sum_parts(
        lf,
        Addend::EachRow,
        Addend::Zero,
        Grain::MonthAndLine,
    )?))
}
