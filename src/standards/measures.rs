//! Each built-in standard as numerator and denominator parts per rep (or
//! territory), month and, where the standard is about product lines, line.
//! Every measure is one grouped polars query over its whole table (never a
//! filter per rep); `None` means the data it needs is absent.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet};

use polars::prelude::*;

use super::catalogue as c;
use super::codes::Codes;
use super::context::{days, millis, month_of, FINE};
use super::context::{Addend, Context, Grain, Owner, Part};
use crate::error::{Error, Result};
use crate::model::{Month, Table};

/// How parts become a value at every level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rollup {
    /// numerator / denominator.
    Ratio,
    /// Per line a value (a ratio or a count); the whole value is the share
    /// of lines whose value reaches `threshold`.
    LineShare { per_line: LineValue, threshold: f64 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LineValue {
    Ratio,
    Count,
}

/// One standard's numerator and denominator parts, and how they roll up.
pub struct StandardParts {
    pub parts: Vec<Part>,
    pub rollup: Rollup,
    /// Snapshot standards: the window shows its last measured month.
    pub window_is_last_month: bool,
}

impl StandardParts {
    fn ratio(parts: Vec<Part>) -> Option<StandardParts> {
        Some(StandardParts {
            parts,
            rollup: Rollup::Ratio,
            window_is_last_month: false,
        })
    }

    fn line_share(parts: Vec<Part>, per_line: LineValue, threshold: f64) -> Option<StandardParts> {
        Some(StandardParts {
            parts,
            rollup: Rollup::LineShare {
                per_line,
                threshold,
            },
            window_is_last_month: false,
        })
    }
}

/// Measures a built-in standard by id.
pub fn measure(id: &str, cx: &Context) -> Result<Option<StandardParts>> {
    match id {
        c::QUOTA_ATTAINMENT => quota_attainment(cx),
        c::QUOTE_LINE_COVERAGE => quote_line_coverage(cx),
        c::QUOTE_QUOTA_RATIO => quote_quota_ratio(cx),
        c::LEAD_QUALIFICATION => lead_flag(cx, "qualified"),
        c::LEAD_CONVERSION => lead_flag(cx, "converted_at"),
        c::LEAD_FOLLOW_UP => lead_follow_up(cx),
        c::PIPELINE_COVERAGE => pipeline_coverage(cx),
        c::WIN_RATE => win_rate(cx),
        c::CRM_FRESHNESS => crm_freshness(cx),
        c::CRM_ACTIVITY => crm_activity(cx),
        c::CONTACT_COMPLETENESS => contact_completeness(cx),
        c::CONTACT_GROWTH => contact_growth(cx),
        c::PRODUCT_DEMOS => product_demos(cx),
        c::PRODUCT_BREADTH => product_breadth(cx),
        c::INFLUENCER_RELATIONSHIPS => influencer_relationships(cx),
        c::MEETING_ATTENDANCE => meeting_attendance(cx),
        c::CUSTOMER_SATISFACTION => customer_satisfaction(cx),
        c::FORECAST_ACCURACY => forecast_accuracy(cx),
        c::MANAGER_RATING => manager_rating(cx),
        other => unreachable!("config admits only catalogue ids here, got {other}"),
    }
}

/// `lf` filtered to rows dated on or before the as-of day, with `who` and
/// `month` columns from `rep` and `date`, and a constant `one` and `zero`.
fn dated(lf: LazyFrame, date: &str, datetime: bool, cx: &Context) -> LazyFrame {
    let on_or_before = if datetime {
        millis(date).lt_eq(lit(cx.as_of_end_ms()))
    } else {
        days(date).lt_eq(lit(cx.as_of_days()))
    };
    lf.filter(on_or_before).with_columns([
        col("rep").alias("who"),
        month_of(col(date)),
        lit(1.0).alias("one"),
        lit(0.0).alias("zero"),
    ])
}

/// Won deals per rep and close month: amount as numerator.
fn won_amounts(cx: &Context) -> Result<Vec<Part>> {
    let Some(deals) = cx.lazy(Table::Deals) else {
        return Ok(Vec::new());
    };
    let won = dated(deals, "close_date", false, cx).filter(col("outcome").eq(lit("won")));
    cx.sum_parts(won, Addend::Column("amount"), Addend::Zero, Grain::Month)
}

/// Without quotas every value is no data, but the won amounts are still
/// kept as numerators (the metric table then still says what was won).
fn quota_attainment(cx: &Context) -> Result<Option<StandardParts>> {
    if !cx.has(Table::Deals) {
        return Ok(None);
    }
    let mut parts = won_amounts(cx)?;
    parts.extend(cx.quotas.iter().map(|q| Part {
        owner: q.owner.clone(),
        month: q.month,
        line: None,
        numerator: 0.0,
        denominator: q.amount,
    }));
    Ok(StandardParts::ratio(parts))
}

fn win_rate(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(deals) = cx.lazy(Table::Deals) else {
        return Ok(None);
    };
    let closed = dated(deals, "close_date", false, cx)
        // Closed and known: a deal closed at a stage neither won nor lost
        // is in no win rate.
        .filter(
            col("outcome")
                .eq(lit("won"))
                .or(col("outcome").eq(lit("lost"))),
        )
        .with_column(
            col("outcome")
                .eq(lit("won"))
                .cast(DataType::Float64)
                .alias("won"),
        );
    Ok(StandardParts::ratio(cx.sum_parts(
        closed,
        Addend::Column("won"),
        Addend::EachRow,
        Grain::Month,
    )?))
}

/// Leads with `flag` set (true, or a date present) over all leads, by
/// creation month. No data when no lead has the column filled.
fn lead_flag(cx: &Context, flag: &str) -> Result<Option<StandardParts>> {
    let Some(leads) = cx.lazy(Table::Leads) else {
        return Ok(None);
    };
    if !cx.has_values(Table::Leads, flag) {
        return Ok(None);
    }
    let hit = if flag == "qualified" {
        col(flag).fill_null(lit(false))
    } else {
        col(flag)
            .is_not_null()
            .and(millis(flag).lt_eq(lit(cx.as_of_end_ms())))
    };
    let leads =
        dated(leads, "created_at", true, cx).with_column(hit.cast(DataType::Float64).alias("hit"));
    Ok(StandardParts::ratio(cx.sum_parts(
        leads,
        Addend::Column("hit"),
        Addend::EachRow,
        Grain::Month,
    )?))
}

fn lead_follow_up(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(leads) = cx.lazy(Table::Leads) else {
        return Ok(None);
    };
    let sla_ms = (cx.rules.lead_follow_up_hours * 3_600_000.0).round() as i64;
    let as_of = cx.as_of_end_ms();
    let contacted = col("first_contact_at")
        .is_not_null()
        .and(millis("first_contact_at").lt_eq(lit(as_of)));
    let in_time = contacted
        .clone()
        .and((millis("first_contact_at") - millis("created_at")).lt_eq(lit(sla_ms)));
    let due = contacted.or((millis("created_at") + lit(sla_ms)).lt_eq(lit(as_of)));
    let company = dated(leads, "created_at", true, cx)
        .filter(col("company_generated").fill_null(lit(true)))
        .with_columns([
            in_time.cast(DataType::Float64).alias("in_time"),
            due.cast(DataType::Float64).alias("due"),
        ]);
    Ok(StandardParts::ratio(cx.sum_parts(
        company,
        Addend::Column("in_time"),
        Addend::Column("due"),
        Grain::Month,
    )?))
}

/// At each month end: open deals expected to close within the next
/// `pipeline_months` months, over the quota of those months.
fn pipeline_coverage(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(deals) = cx.lazy(Table::Deals) else {
        return Ok(None);
    };
    if cx.quotas.is_empty() {
        return Ok(None);
    }
    let ahead = cx.rules.pipeline_months as i32;
    let months: Vec<Month> = cx.measured_months().collect();
    let mut snapshots = Vec::new();
    for month in &months {
        let end = crate::model::date_to_days(month.last_day().min(cx.as_of));
        let horizon = crate::model::date_to_days((*month + ahead).last_day());
        // Open at the month end: created by then (or of unknown age and still
        // open), and not closed by then; expected to close within the horizon.
        let created = days("created_on").lt_eq(lit(end)).or(col("created_on")
            .is_null()
            .and(col("outcome").eq(lit("open"))));
        let open_then = col("outcome")
            .eq(lit("open"))
            .or(days("close_date").gt(lit(end)));
        let closing = days("close_date")
            .gt(lit(end))
            .and(days("close_date").lt_eq(lit(horizon)));
        snapshots.push(
            deals
                .clone()
                .filter(created.and(open_then).and(closing))
                .select([
                    col("rep").alias("who"),
                    lit(month.0).alias("month"),
                    col("amount"),
                    lit(0.0).alias("zero"),
                ]),
        );
    }
    let mut parts = if snapshots.is_empty() {
        Vec::new()
    } else {
        let all = concat(snapshots, UnionArgs::default())
            .map_err(|e| Error::compute(Table::Deals, "measuring pipeline", e))?;
        cx.sum_parts(all, Addend::Column("amount"), Addend::Zero, Grain::Month)?
    };
    // The quota ahead of each month; where the quota file stops, the
    // month's own quota is taken to continue.
    let quota = cx.quota_by_month();
    let owners: BTreeSet<&Owner> = quota.keys().map(|(o, _)| o).collect();
    for owner in owners {
        for month in &months {
            let Some(current) = quota.get(&(owner.clone(), *month)) else {
                continue;
            };
            let ahead_quota: f64 = (1..=ahead)
                .map(|k| {
                    quota
                        .get(&(owner.clone(), *month + k))
                        .copied()
                        .unwrap_or(*current)
                })
                .sum();
            parts.push(Part {
                owner: owner.clone(),
                month: *month,
                line: None,
                numerator: 0.0,
                denominator: ahead_quota,
            });
        }
    }
    Ok(Some(StandardParts {
        parts,
        rollup: Rollup::Ratio,
        window_is_last_month: true,
    }))
}

/// Open deals on the as-of date that were modified recently and are not
/// past their expected close date, over all open deals.
fn crm_freshness(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(deals) = cx.lazy(Table::Deals) else {
        return Ok(None);
    };
    if !cx.has_values(Table::Deals, "last_modified") {
        return Ok(None);
    }
    let stale_ms = (cx.rules.stale_days * 86_400_000.0).round() as i64;
    let fresh = millis("last_modified")
        .gt_eq(lit(cx.as_of_end_ms() - stale_ms))
        .and(days("close_date").gt_eq(lit(cx.as_of_days())))
        .fill_null(lit(false));
    let open = deals
        .filter(col("outcome").eq(lit("open")))
        .filter(
            days("created_on")
                .lt_eq(lit(cx.as_of_days()))
                .or(col("created_on").is_null()),
        )
        .select([
            col("rep").alias("who"),
            lit(cx.as_of_month().0).alias("month"),
            fresh.cast(DataType::Float64).alias("fresh"),
            lit(1.0).alias("one"),
        ]);
    Ok(StandardParts::ratio(cx.sum_parts(
        open,
        Addend::Column("fresh"),
        Addend::EachRow,
        Grain::Month,
    )?))
}

/// Rows of `table` per rep and month as numerator, over active months (or
/// working days) from the context.
fn per_exposure(cx: &Context, rows: LazyFrame, per_day: bool) -> Result<Option<StandardParts>> {
    let mut parts = cx.sum_parts(rows, Addend::EachRow, Addend::Zero, Grain::Month)?;
    parts.extend(cx.exposure(per_day));
    Ok(StandardParts::ratio(parts))
}

fn crm_activity(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(activities) = cx.lazy(Table::Activities) else {
        return Ok(None);
    };
    per_exposure(cx, dated(activities, "at", true, cx), true)
}

fn contact_growth(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(contacts) = cx.lazy(Table::Contacts) else {
        return Ok(None);
    };
    per_exposure(cx, dated(contacts, "created_on", false, cx), false)
}

/// Activities with a contact flagged as an influencer. The activities are
/// matched to the influencers here, by a set of their ids, rather than by a
/// polars join: that held some 47 bytes an activity while it matched
/// (1.3 GB at XL); the mask is one bit, the kept rows two columns.
fn influencer_relationships(cx: &Context) -> Result<Option<StandardParts>> {
    use rayon::prelude::*;
    let (Some(activities), Some(contacts)) = (
        cx.tables.get(&Table::Activities),
        cx.tables.get(&Table::Contacts),
    ) else {
        return Ok(None);
    };
    if !cx.has_values(Table::Contacts, "influencer") {
        return Ok(None);
    }
    let failed = |table: Table| move |e| Error::compute(table, "matching influencers", e);
    let text = |frame: &DataFrame, table: Table| {
        frame
            .column("contact_id")
            .and_then(|c| c.str().cloned())
            .map_err(failed(table))
    };
    let flagged = contacts
        .column("influencer")
        .and_then(|c| c.bool().cloned())
        .map_err(failed(Table::Contacts))?;
    let ids = text(contacts, Table::Contacts)?;
    let influencers: HashSet<&str> = ids
        .iter()
        .zip(flagged.iter())
        .filter_map(|(id, flagged)| id.filter(|_| flagged == Some(true)))
        .collect();
    let contact = activities
        .column("contact_id")
        .map_err(failed(Table::Activities))?;
    // Read as codes (the activities' contacts numbered as read): flag each
    // code once; as text (tables handed over as text), each row.
    let with: Vec<bool> = match contact.u32() {
        Ok(codes) => {
            let flagged: Vec<bool> = cx
                .codes
                .contacts
                .iter()
                .map(|c| influencers.contains(&**c))
                .collect();
            let chunks: Vec<_> = codes.downcast_iter().collect();
            let blocks: Vec<Vec<bool>> = chunks
                .par_iter()
                .map(|chunk| {
                    let flag = |c: &u32| flagged.get(*c as usize) == Some(&true);
                    chunk.iter().map(|c| c.is_some_and(flag)).collect()
                })
                .collect();
            blocks.concat()
        }
        // Text (tables handed over as text, in tests): row by row.
        Err(_) => contact
            .str()
            .map_err(failed(Table::Activities))?
            .iter()
            .map(|c| c.is_some_and(|c| influencers.contains(c)))
            .collect(),
    };
    let mask = BooleanChunked::from_slice("influencer".into(), &with);
    drop(with);
    let with_influencers = activities
        .select(["rep", "at"])
        .and_then(|f| f.filter(&mask))
        .map_err(failed(Table::Activities))?;
    per_exposure(cx, dated(with_influencers.lazy(), "at", true, cx), false)
}

fn contact_completeness(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(contacts) = cx.lazy(Table::Contacts) else {
        return Ok(None);
    };
    let complete = cx
        .rules
        .contact_fields
        .iter()
        .fold(lit(true), |all, field| {
            all.and(col(field.as_str()).is_not_null())
        });
    let contacts = dated(contacts, "created_on", false, cx)
        .with_column(complete.cast(DataType::Float64).alias("complete"));
    Ok(StandardParts::ratio(cx.sum_parts(
        contacts,
        Addend::Column("complete"),
        Addend::EachRow,
        Grain::Month,
    )?))
}

fn meeting_attendance(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(meetings) = cx.lazy(Table::Meetings) else {
        return Ok(None);
    };
    let meetings = dated(meetings, "held_on", false, cx)
        .with_column(col("attended").cast(DataType::Float64).alias("attended_n"));
    Ok(StandardParts::ratio(cx.sum_parts(
        meetings,
        Addend::Column("attended_n"),
        Addend::EachRow,
        Grain::Month,
    )?))
}

/// A score on a 1..n scale as 0–100: (s − 1) / (n − 1) × 100. A missing
/// scale is taken as 10 when the score is above 5, else 5.
fn normalised(score: &str, scale: &str) -> Expr {
    let n = col(scale).fill_null(
        when(col(score).gt(lit(5.0)))
            .then(lit(10.0))
            .otherwise(lit(5.0)),
    );
    let s = when(col(score).lt(lit(1.0)))
        .then(lit(1.0))
        .when(col(score).gt(n.clone()))
        .then(n.clone())
        .otherwise(col(score));
    ((s - lit(1.0)) / (n - lit(1.0)) * lit(100.0)).alias("normalised")
}

fn customer_satisfaction(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(mut surveys) = cx.lazy(Table::Surveys) else {
        return Ok(None);
    };
    // A survey without a rep belongs to its account's owner.
    if let Some(accounts) = cx.lazy(Table::Accounts) {
        let owners = accounts
            .select([col("account"), col("owner")])
            .unique(Some(cols(["account"])), UniqueKeepStrategy::First);
        surveys = surveys
            .join(
                owners,
                [col("account")],
                [col("account")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(col("rep").fill_null(col("owner")).alias("rep"));
    }
    let surveys = dated(surveys, "answered_on", false, cx)
        .filter(col("scale").is_null().or(col("scale").gt(lit(1.0))))
        .with_column(normalised("score", "scale"));
    // Scores are fractions: summed at a finer scale than money.
    Ok(StandardParts::ratio(cx.sum_parts_at(
        surveys,
        Addend::Column("normalised"),
        Addend::EachRow,
        Grain::Month,
        FINE,
    )?))
}

fn manager_rating(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(ratings) = cx.lazy(Table::Ratings) else {
        return Ok(None);
    };
    let ratings = dated(ratings, "period_start", false, cx)
        .filter(col("scale").is_null().or(col("scale").gt(lit(1.0))))
        .with_column(normalised("score", "scale"));
    // Scores are fractions: summed at a finer scale than money.
    Ok(StandardParts::ratio(cx.sum_parts_at(
        ratings,
        Addend::Column("normalised"),
        Addend::EachRow,
        Grain::Month,
        FINE,
    )?))
}

/// Forecast (numerator) against won amount (denominator) for each rep and
/// month that has a forecast.
/// One period's forecast accuracy and weight: max(0, 1 − |forecast − won|
/// / won), 0 when something was forecast and nothing won; weighed by the
/// larger of the two amounts (a period with neither weighs nothing).
fn period_accuracy(forecast: f64, won: f64) -> (f64, f64) {
    let accuracy = if won > 0.0 {
        (1.0 - (forecast - won).abs() / won).max(0.0)
    } else {
        0.0
    };
    (accuracy, forecast.abs().max(won))
}

fn forecast_accuracy(cx: &Context) -> Result<Option<StandardParts>> {
    if !cx.has(Table::Forecasts) || !cx.has(Table::Deals) {
        return Ok(None);
    }
    let forecasts = cx.spread(Table::Forecasts, &["amount"])?;
    let won: HashMap<(Owner, Month), f64> = won_amounts(cx)?
        .into_iter()
        .map(|p| ((p.owner, p.month), p.numerator))
        .collect();
    let mut by_month: BTreeMap<(Owner, Month), f64> = BTreeMap::new();
    for f in forecasts
        .into_iter()
        .filter(|f| matches!(f.owner, Owner::Rep(_)))
    {
        *by_month.entry((f.owner, f.month)).or_default() += f.amount;
    }
    // Each forecast period on its own (issue 15, item 1): over- and
    // under-forecasts of different months must not cancel, and a month
    // forecast with nothing won is 0 %, not "no data". A window, a
    // territory or the company is the mean of its rep-months' accuracy
    // weighted by the money at stake in each (the larger of forecast and
    // won): numerator Σ accuracy × weight, denominator Σ weight.
    let parts = by_month
        .into_iter()
        .filter(|((_, m), _)| *m <= cx.as_of_month())
        .map(|((owner, month), forecast)| {
            let won = won.get(&(owner.clone(), month)).copied().unwrap_or(0.0);
            let (accuracy, weight) = period_accuracy(forecast, won);
            Part {
                owner,
                month,
                line: None,
                numerator: accuracy * weight,
                denominator: weight,
            }
        })
        .collect();
    Ok(Some(StandardParts {
        parts,
        rollup: Rollup::Ratio,
        window_is_last_month: false,
    }))
}

/// Rows per rep, month and product line counted, plus one in the
/// denominator of every line for each month the rep was active.
fn line_counts_per_active_month(cx: &Context, rows: LazyFrame) -> Result<Vec<Part>> {
    let mut parts = line_counts(cx, rows)?;
    for rep in cx.spans.keys() {
        for month in cx.active_months(rep) {
            for line in &cx.lines {
                parts.push(Part {
                    owner: Owner::Rep(rep.clone()),
                    month,
                    line: Some(line.clone()),
                    numerator: 0.0,
                    denominator: 1.0,
                });
            }
        }
    }
    Ok(parts)
}

/// Rows per rep, month and product line, counted.
fn line_counts(cx: &Context, rows: LazyFrame) -> Result<Vec<Part>> {
    let rows = rows
        .filter(col("product_line").is_not_null())
        .with_column(col("product_line").alias("line"));
    cx.sum_parts(rows, Addend::EachRow, Addend::Zero, Grain::MonthAndLine)
}

fn product_demos(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(activities) = cx.lazy(Table::Activities) else {
        return Ok(None);
    };
    // Without lines, or with no activity that names its line, demos per
    // line cannot be told: no data, not a miss on every line.
    if cx.lines.is_empty() || !cx.has_values(Table::Activities, "product_line") {
        return Ok(None);
    }
    let is_demo = equals_ignoring_case(cx, Table::Activities, "kind", &["demo".to_string()])?;
    let demos = dated(activities, "at", true, cx).filter(is_demo);
    Ok(StandardParts::line_share(
        line_counts_per_active_month(cx, demos)?,
        LineValue::Count,
        1.0,
    ))
}

fn product_breadth(cx: &Context) -> Result<Option<StandardParts>> {
    let Some(deals) = cx.lazy(Table::Deals) else {
        return Ok(None);
    };
    if cx.lines.is_empty() || !cx.has_values(Table::Deals, "product_line") {
        return Ok(None);
    }
    let won = dated(deals, "close_date", false, cx).filter(col("outcome").eq(lit("won")));
    Ok(StandardParts::line_share(
        line_counts_per_active_month(cx, won)?,
        LineValue::Count,
        1.0,
    ))
}

/// Quotes per rep, month and line, counted by the first standard that
/// asks and shared with the other (the lock makes a concurrent second
/// asker wait rather than count again). The second asker takes them out
/// of the cache: held to the end, they were 0.1 GB at XL for nothing.
fn quote_counts(cx: &Context) -> Result<std::sync::Arc<Vec<Part>>> {
    let mut cached = cx.quote_counts.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(parts) = cached.take() {
        return Ok(parts);
    }
    let parts = match cx.lazy(Table::Quotes) {
        Some(quotes) => line_counts(cx, dated(quotes, "quoted_on", false, cx))?,
        None => Vec::new(),
    };
    let parts = std::sync::Arc::new(parts);
    *cached = Some(parts.clone());
    Ok(parts)
}

/// Each (month, planned line) pair of a rep is 1 in the denominator and 1
/// in the numerator when it has a quote. Planned lines are the rep's quota
/// lines for the month, or every line when the quota names none.
fn quote_line_coverage(cx: &Context) -> Result<Option<StandardParts>> {
    if !cx.has(Table::Quotes) || cx.lines.is_empty() {
        return Ok(None);
    }
    let quotes = quote_counts(cx)?;
    // (rep, month, line) with at least one quote, borrowed from the counts.
    let quoted: HashSet<(&str, i32, &str)> = quotes
        .iter()
        .filter(|p| p.numerator > 0.0)
        .filter_map(|p| match (&p.owner, &p.line) {
            (Owner::Rep(rep), Some(line)) => Some((&**rep, p.month.0, &**line)),
            _ => None,
        })
        .collect();
    // Lines by name, so each part shares its line's name rather than
    // copying it (a million parts at L).
    let mut planned: HashMap<(&str, Month), BTreeSet<&Arc<str>>> = HashMap::new();
    for q in &cx.quotas {
        if let (Owner::Rep(rep), Some(line)) = (&q.owner, &q.line) {
            if q.units > 0.0 || q.amount > 0.0 {
                planned.entry((&**rep, q.month)).or_default().insert(line);
            }
        }
    }
    let mut parts = Vec::new();
    for rep in cx.spans.keys() {
        for month in cx.active_months(rep) {
            let lines: Vec<&Arc<str>> = match planned.get(&(&**rep, month)) {
                Some(lines) => lines.iter().copied().collect(),
                None => cx.lines.iter().collect(),
            };
            for line in lines {
                let quoted = quoted.contains(&(&**rep, month.0, &**line));
                parts.push(Part {
                    owner: Owner::Rep(rep.clone()),
                    month,
                    line: Some(line.clone()),
                    numerator: if quoted { 1.0 } else { 0.0 },
                    denominator: 1.0,
                });
            }
        }
    }
    Ok(StandardParts::ratio(parts))
}

/// Quotes (numerator) over quota units (denominator) per line; the whole
/// value is the share of lines reaching the quote multiple.
fn quote_quota_ratio(cx: &Context) -> Result<Option<StandardParts>> {
    let units: Vec<_> = cx
        .quotas
        .iter()
        .filter(|q| q.line.is_some() && q.units > 0.0)
        .collect();
    if !cx.has(Table::Quotes) || units.is_empty() {
        return Ok(None);
    }
    let mut parts: Vec<Part> = quote_counts(cx)?.as_ref().clone();
    parts.extend(units.into_iter().map(|q| Part {
        owner: q.owner.clone(),
        month: q.month,
        line: q.line.clone(),
        numerator: 0.0,
        denominator: q.units,
    }));
    Ok(StandardParts::line_share(
        parts,
        LineValue::Ratio,
        cx.rules.quote_multiple,
    ))
}

/// True where `column` equals one of `words`, ignoring case (false where
/// null). For a text column the distinct values are matched in Rust and
/// the rows compared with those exact spellings: lower-casing tens of
/// millions of cells to compare them cost seconds and gigabytes.
fn equals_ignoring_case(
    cx: &Context,
    table: Table,
    column: &str,
    words: &[String],
) -> Result<Expr> {
    let words: Vec<String> = words.iter().map(|w| w.trim().to_lowercase()).collect();
    let frame = cx.tables.get(&table);
    // Rep names and product lines are codes: the dictionary is matched.
    if frame.is_some_and(|f| Codes::is_encoded(f, column)) {
        let codes = cx
            .codes
            .codes_where(column, |name| words.contains(&name.to_lowercase()))
            .unwrap_or_default();
        let any = codes
            .into_iter()
            .map(|code| col(column).eq(lit(code)))
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(false));
        return Ok(any.fill_null(lit(false)));
    }
    let text = frame
        .and_then(|f| f.column(column).ok())
        .and_then(|c| c.str().ok().cloned());
    let any = match text {
        Some(text) => {
            let distinct = text.unique().map_err(|e| {
                Error::compute(format!("column `{column}`"), "listing distinct values", e)
            })?;
            distinct
                .iter()
                .flatten()
                .filter(|v| words.contains(&v.to_lowercase()))
                .map(|v| col(column).eq(lit(v.to_string())))
                .reduce(|a, b| a.or(b))
                .unwrap_or(lit(false))
        }
        // Numbers and flags: compared through their text.
        None => {
            let text = col(column).cast(DataType::String).str().to_lowercase();
            words
                .iter()
                .map(|w| text.clone().eq(lit(w.clone())))
                .reduce(|a, b| a.or(b))
                .unwrap_or(lit(false))
        }
    };
    Ok(any.fill_null(lit(false)))
}

/// A custom standard: rows of its table that pass every filter, counted or
/// summed per month of activity, or averaged.
pub fn custom(spec: &crate::config::CustomSpec, cx: &Context) -> Result<Option<StandardParts>> {
    use crate::config::Measure;
    let Some(rows) = cx.lazy(spec.table) else {
        return Ok(None);
    };
    let date = spec
        .table
        .primary_date()
        .expect("validated: the table has a date");
    let datetime = spec
        .table
        .columns()
        .iter()
        .any(|c| c.name == date && c.kind == crate::model::ColumnKind::DateTime);
    let mut rows = dated(rows, date, datetime, cx).filter(col("rep").is_not_null());
    for (column, values) in &spec.filter {
        let any = equals_ignoring_case(cx, spec.table, column, values)?;
        rows = rows.filter(any);
    }
    match (spec.measure, &spec.column) {
        (Measure::Count, _) => per_exposure(cx, rows, false),
        (Measure::Sum, Some(column)) => {
            let mut parts = cx.sum_parts(
                rows.with_column(col(column.as_str()).fill_null(lit(0.0)).alias("x")),
                Addend::Column("x"),
                Addend::Zero,
                Grain::Month,
            )?;
            parts.extend(cx.exposure(false));
            Ok(StandardParts::ratio(parts))
        }
        (Measure::Mean, Some(column)) => {
            let rows = rows.filter(col(column.as_str()).is_not_null());
            Ok(StandardParts::ratio(cx.sum_parts(
                rows,
                Addend::Column(column),
                Addend::EachRow,
                Grain::Month,
            )?))
        }
        (_, None) => unreachable!("validated: sum and mean have a column"),
    }
}
