//! Counts behind the charts that are not standards: the lead funnel and
//! how fast company leads were first contacted. They roll up like every
//! standard's parts, over the measured months.
//!
//! The funnel follows one cohort (issue 15, item 9): the leads created in
//! the window, and of those how many were qualified, converted and —
//! through the deal each converted lead became — won, by the as-of date.
//! Each stage is a subset of the one before, so the bars only fall; a
//! stage the leads export cannot say (no `qualified`, `converted_at` or
//! `deal_id` values) is left out rather than drawn as zero.

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
    /// Leads created in the window (the funnel's cohort).
    pub leads: f64,
    /// Of them, qualified (or converted, which implies it); `None` when
    /// the leads carry neither flag.
    pub qualified: Option<f64>,
    /// Of them, converted by the as-of date; `None` without `converted_at`.
    pub converted: Option<f64>,
    /// Of the converted, those whose deal was won by the as-of date;
    /// `None` when the leads do not name their deal (`deal_id`).
    pub won: Option<f64>,
    /// Company leads per response-time bucket, as [`RESPONSE_BUCKETS`].
    pub response: [f64; 7],
}

pub fn compute(
    cx: &Context,
    roster: &Roster,
    months: &[Month],
    entities: &[(EntityType, &str)],
) -> Result<BTreeMap<(EntityType, String), Volumes>> {
    // The funnel's stages and the response times are independent sums over
    // the leads: made side by side (one after another they held the stage
    // to 1.2 cores; the polars side of each is short).
    let stages = cohort_funnel(cx);
    let response = response_times(cx);
    let queries: Vec<&Query> = stages.iter().flatten().flatten().chain(&response).collect();
    let summed = crate::parallel::map(&queries, |q| {
        let parts = cx.sum_parts(q.rows.clone(), q.numerator, q.denominator, q.grain)?;
        Ok(Sums::new(&parts, roster, months.to_vec()))
    });
    let mut summed = summed
        .into_iter()
        .collect::<Result<Vec<Sums>>>()?
        .into_iter();
    let funnel: Option<[Option<Sums>; 3]> =
        stages.map(|stages| stages.map(|q| q.and_then(|_| summed.next())));
    let response = response.and_then(|_| summed.next());
    let qualified_known =
        cx.has_values(Table::Leads, "qualified") || cx.has_values(Table::Leads, "converted_at");

    let mut out = BTreeMap::new();
    for (kind, entity) in entities {
        let total = |s: &Option<Sums>, line: Option<&str>| {
            s.as_ref()
                .map(|s| s.get(*kind, entity, line, Span::All).0)
                .unwrap_or(0.0)
        };
        let stage = |i: usize| {
            funnel.as_ref().and_then(|stages| {
                stages[i]
                    .as_ref()
                    .map(|s| s.get(*kind, entity, None, Span::All))
            })
        };
        let mut v = Volumes {
            // Every stage's denominator is the cohort.
            leads: stage(0).map_or(0.0, |(_, leads)| leads),
            qualified: stage(0).filter(|_| qualified_known).map(|(n, _)| n),
            converted: stage(1).map(|(n, _)| n),
            won: stage(2).map(|(n, _)| n),
            response: [0.0; 7],
        };
        for (i, bucket) in RESPONSE_BUCKETS.iter().enumerate() {
            v.response[i] = total(&response, Some(bucket));
        }
        out.insert((*kind, entity.to_string()), v);
    }
    Ok(out)
}

/// The funnel's stages over the cohort of leads created in the window,
/// each as parts with the stage's count as numerator and the leads as
/// denominator: qualified, converted, won. A stage is `None` when its
/// column holds no value; the first is always there when leads are (a
/// cohort with no qualified flag counts its conversions as qualified,
/// since converting a lead qualifies it), so the leads can be counted.
fn cohort_funnel(cx: &Context) -> Option<[Option<Query>; 3]> {
    let leads = cx.lazy(Table::Leads)?;
    let as_of = cx.as_of_end_ms();
    let converted = if cx.has_values(Table::Leads, "converted_at") {
        col("converted_at")
            .is_not_null()
            .and(millis("converted_at").lt_eq(lit(as_of)))
    } else {
        lit(false)
    };
    let qualified = if cx.has_values(Table::Leads, "qualified") {
        col("qualified").fill_null(lit(false)).or(converted.clone())
    } else {
        converted.clone()
    };
    let cohort = leads
        .filter(millis("created_at").lt_eq(lit(as_of)))
        .with_columns([
            col("rep").alias("who"),
            month_of(col("created_at")),
            lit(1.0).alias("one"),
            lit(0.0).alias("zero"),
        ]);
    let stage = |lf: LazyFrame, hit: Expr| Query {
        rows: lf.with_column(hit.cast(DataType::Float64).alias("hit")),
        numerator: Addend::Column("hit"),
        denominator: Addend::EachRow,
        grain: Grain::Month,
    };
    let with_qualified = stage(cohort.clone(), qualified);
    let with_converted = if cx.has_values(Table::Leads, "converted_at") {
        Some(stage(cohort.clone(), converted.clone()))
    } else {
        None
    };
    let with_won = match cx.lazy(Table::Deals) {
        Some(deals)
            if with_converted.is_some()
                && cx.has_values(Table::Leads, "deal_id")
                && cx.has_values(Table::Deals, "deal_id") =>
        {
            let won = deals
                .filter(
                    col("outcome")
                        .eq(lit("won"))
                        .and(super::context::days("close_date").lt_eq(lit(cx.as_of_days()))),
                )
                .select([col("deal_id"), lit(true).alias("deal_won")])
                .unique(Some(cols(["deal_id"])), UniqueKeepStrategy::First);
            let joined = cohort.join(
                won,
                [col("deal_id")],
                [col("deal_id")],
                JoinArgs::new(JoinType::Left),
            );
            Some(stage(
                joined,
                converted.and(col("deal_won").fill_null(lit(false))),
            ))
        }
        _ => None,
    };
    Some([Some(with_qualified), with_converted, with_won])
}

/// Company leads by creation month and response-time bucket. Leads not yet
/// contacted whose follow-up is not yet due are left out.
fn response_times(cx: &Context) -> Option<Query> {
    let leads = cx.lazy(Table::Leads)?;
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
    Some(Query {
        rows: lf,
        numerator: Addend::EachRow,
        denominator: Addend::Zero,
        grain: Grain::MonthAndLine,
    })
}

/// Rows to sum into parts, and what each side of a part adds up.
struct Query {
    rows: LazyFrame,
    numerator: Addend<'static>,
    denominator: Addend<'static>,
    grain: Grain,
}
