//! The standards engine: canonical tables → the metric table.
//!
//! Each standard yields numerator and denominator parts per rep (or
//! territory), month and product line ([`measures`]); [`rollup`] sums them
//! to reps, territories and the company, so a territory's ratio is always
//! the ratio of its sums, never an average of its reps' ratios. This module
//! then scores every value against its target, adds the weighted overall
//! score, ranks, month-over-month change, trailing quarters and pacing.
//!
//! Entry point: [`compute`], which takes the tables ingestion typed and
//! gives the [`MetricTable`]: the contract every later stage reads.

pub mod catalogue;
pub mod codes;
pub mod context;
pub mod measures;
pub mod rollup;
pub mod volumes;

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::{Config, Standard};
use crate::error::Result;
use crate::ingest::Tables;
use crate::model::{
    EntityType, InputReport, MetricRow, Month, Period, Roster, Status, Table, Window,
};
use crate::timings::Timings;
use catalogue::{Direction, OVERALL};
use context::{Context, Owner};
use measures::Rollup;
use rollup::{Span, Sums};

/// The entity name of the company-wide rows.
pub const COMPANY: &str = "company";

/// What is still needed to reach the window's quota, for a window that
/// runs past the as-of month.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// Quota for the whole window, future months included.
    pub quota: f64,
    pub won: f64,
    pub months_left: u32,
    /// (quota − won) / months left, at least 0.
    pub needed_per_month: f64,
}

/// The metric table and the frame it was computed in.
#[derive(Debug, Clone)]
pub struct MetricTable {
    pub window: Window,
    pub as_of: NaiveDate,
    /// Product lines of the per-line rows, sorted.
    pub lines: Vec<String>,
    /// Sorted by entity type and entity, then standard (configured order,
    /// `overall` last), product line (whole first), then period (months,
    /// then the window).
    pub rows: Vec<MetricRow>,
    /// Quota pacing per entity, when the window is still open.
    pub pacing: BTreeMap<(EntityType, String), Pace>,
    /// Funnel and lead response counts per entity, for the window.
    pub volumes: BTreeMap<(EntityType, String), volumes::Volumes>,
    /// Reps in their first `ramp_months` months to the as-of month: not
    /// ranked, and marked "ramping" on every page.
    pub ramping: BTreeSet<String>,
    /// Each rep's first active month.
    pub tenure: BTreeMap<String, Month>,
}

impl MetricTable {
    /// A rep's first active month (a start date, else their first record).
    pub fn tenure_of(&self, rep: &str) -> Option<Month> {
        self.tenure.get(rep).copied()
    }

    /// The whole-entity row of a standard.
    pub fn get(
        &self,
        entity_type: EntityType,
        entity: &str,
        standard: &str,
        period: Period,
    ) -> Option<&MetricRow> {
        self.get_line(entity_type, entity, standard, None, period)
    }

    /// A row by its key. A linear scan: for tests and one-off lookups (the
    /// report builds its own index).
    pub fn get_line(
        &self,
        entity_type: EntityType,
        entity: &str,
        standard: &str,
        line: Option<&str>,
        period: Period,
    ) -> Option<&MetricRow> {
        self.rows.iter().find(|r| {
            r.entity_type == entity_type
                && &*r.entity == entity
                && &*r.standard == standard
                && r.product_line.as_deref() == line
                && r.period == period
        })
    }
}

/// The window and as-of date: configured, or from the newest fact.
pub(crate) fn resolve_window(input: &InputReport, config: &Config) -> (Window, NaiveDate) {
    let fallback = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
    let as_of = config
        .as_of
        .or_else(|| input.newest_date())
        .unwrap_or(fallback);
    let to = config.to.unwrap_or_else(|| Month::of_date(as_of));
    let from = config.from.unwrap_or(to + -11);
    (Window { from, to }, as_of)
}

/// Computes every enabled standard for every rep, territory and the
/// company. Takes the tables and frees them as soon as every query has
/// run: the metric rows are made without them (memory peaks here
/// otherwise).
pub(crate) fn compute(
    mut tables: Tables,
    roster: &Roster,
    config: &Config,
    (window, as_of): (Window, NaiveDate),
    timings: &mut Timings,
) -> Result<MetricTable> {
    drop_unread_columns(&mut tables, config);
    compute_narrowed(tables, roster, config, (window, as_of), timings)
}

/// [`compute`] on tables whose unread columns are already dropped (or,
/// in a test, deliberately kept).
fn compute_narrowed(
    mut tables: Tables,
    roster: &Roster,
    config: &Config,
    (window, as_of): (Window, NaiveDate),
    timings: &mut Timings,
) -> Result<MetricTable> {
    let totals = measure(&mut tables, roster, config, window, as_of, timings)?;
    drop(tables);
    crate::memory::release_freed();
    Ok(score(totals, roster, config, timings))
}

/// Drops the columns no standard will read, so the millions of rows that
/// stay in memory while the standards run are as narrow as they can be
/// ([`crate::model::Table::unread_by_standards`], unless the configuration
/// reads them).
fn drop_unread_columns(tables: &mut Tables, config: &Config) {
    // The funnel follows converted leads to their deals by id.
    let leads_name_deals = tables
        .frames
        .get(&Table::Leads)
        .and_then(|f| f.column("deal_id").ok())
        .is_some_and(|c| c.null_count() < c.len());
    for (table, frame) in tables.frames.iter_mut() {
        let unread: Vec<&str> = table
            .unread_by_standards()
            .iter()
            .copied()
            .filter(|c| !config.reads_column(*table, c))
            .filter(|c| !(leads_name_deals && *table == Table::Deals && *c == "deal_id"))
            .collect();
        *frame = frame.drop_many(unread);
    }
}

/// One standard's parts, summed per entity and span.
struct StandardSums<'a> {
    standard: &'a Standard,
    /// The standard's id, shared by all its rows.
    id: Arc<str>,
    /// `None` when the standard's data is absent: every row is `no_data`.
    summed: Option<Summed>,
    has_lines: bool,
}

/// A measured standard's sums and how to read them.
struct Summed {
    sums: Sums,
    rollup: Rollup,
    /// Snapshot standards: the window shows its last measured month.
    window_is_last_month: bool,
}

/// What the queries over the tables found: every standard's sums, the
/// funnel volumes and the quotas. It holds no table, so the tables can be
/// freed before [`score`] makes the metric rows.
struct Totals<'a> {
    standards: Vec<StandardSums<'a>>,
    volumes: BTreeMap<(EntityType, String), volumes::Volumes>,
    /// Each rep's first active month.
    tenure: BTreeMap<String, Month>,
    quotas: Vec<context::QuotaMonth>,
    lines: Vec<String>,
    months: Vec<Month>,
    window: Window,
    as_of: NaiveDate,
}

/// Runs every standard's query over the tables (see [`Totals`]), after
/// encoding their rep names, product lines and kinds as codes ([`codes`]).
fn measure<'a>(
    tables: &mut Tables,
    roster: &Roster,
    config: &'a Config,
    window: Window,
    as_of: NaiveDate,
    timings: &mut Timings,
) -> Result<Totals<'a>> {
    let start = std::time::Instant::now();
    let codes = codes::Codes::encode(tables)?;
    // The names' text is gone from the tables, and ingestion's dictionaries
    // (the codes carry what the standards read).
    tables.names = Default::default();
    crate::memory::release_freed();
    timings.record("standards: names as codes", start.elapsed());
    let start = std::time::Instant::now();
    let mut cx = Context::new(&tables.frames, &codes, as_of, window, &config.rules)?;
    start_at_start_dates(&mut cx, roster);
    // What the context's queries freed, before the standards add theirs.
    crate::memory::release_freed();
    timings.record("standards: context", start.elapsed());
    let tenure: BTreeMap<String, Month> = cx
        .spans
        .iter()
        .map(|(rep, (first, _))| (rep.to_string(), *first))
        .collect();
    let months: Vec<Month> = cx.measured_months().collect();

    // The funnel first: its queries' buffers then come and go before the
    // standards' sums are held (at XL they stacked 0.3 GB on them).
    let entities = entities(roster);
    let volumes = timings.time("standards: funnel and response times", || {
        volumes::compute(&cx, roster, &months, &entities)
    })?;
    crate::memory::release_freed();

    // Standards are independent: measure them on a few plain threads (polars
    // runs its own pool inside each query; the Rust around it — parts,
    // sorting, roll-up sums — is what the second thread overlaps).
    let start = std::time::Instant::now();
    let measured = crate::parallel::map(&config.standards, |standard| {
        let start = std::time::Instant::now();
        let parts = match &standard.custom {
            Some(spec) => measures::custom(spec, &cx)?,
            None => measures::measure(&standard.id, &cx)?,
        };
        let has_lines = parts.as_ref().is_some_and(|m| {
            matches!(m.rollup, Rollup::LineShare { .. }) || m.parts.iter().any(|p| p.line.is_some())
        });
        let sums = StandardSums {
            standard,
            id: Arc::from(standard.id.as_str()),
            summed: parts.map(|p| Summed {
                sums: Sums::new(&p.parts, roster, months.clone()),
                rollup: p.rollup,
                window_is_last_month: p.window_is_last_month,
            }),
            has_lines,
        };
        // The query's buffers, freed, go back before the next standard's
        // come: two heavy standards' leftovers stacked 0.3 GB at XL.
        crate::memory::release_freed();
        Ok((sums, start.elapsed()))
    });
    timings.record("standards: every standard, in parallel", start.elapsed());
    let mut standards = Vec::with_capacity(config.standards.len());
    for result in measured {
        let (s, took) = result?;
        timings.record_detail(&s.standard.id, took);
        standards.push(s);
    }
    Ok(Totals {
        standards,
        volumes,
        tenure,
        quotas: cx.quotas,
        lines: cx.lines.iter().map(|l| l.to_string()).collect(),
        months,
        window,
        as_of,
    })
}

/// A start date in the reps table begins the rep's active months (issue
/// 15, item 4): the months before it are not theirs, though a record or a
/// quota falls there; the months after it are, records or not.
fn start_at_start_dates(cx: &mut Context, roster: &Roster) {
    let as_of = cx.as_of_month();
    for (name, info) in &roster.reps {
        let Some(started) = info.started else {
            continue;
        };
        let start = Month::of_date(started).min(as_of);
        match cx.spans.get_mut(name.as_str()) {
            Some(span) => *span = (start, span.1.max(start)),
            None => {
                cx.spans.insert(Arc::from(name.as_str()), (start, as_of));
            }
        }
    }
}

/// Every rep, territory and the company, in the metric table's order.
fn entities(roster: &Roster) -> Vec<(EntityType, &str)> {
    let mut entities: Vec<(EntityType, &str)> = roster
        .reps
        .keys()
        .map(|r| (EntityType::Rep, r.as_str()))
        .collect();
    entities.extend(
        roster
            .territories()
            .into_iter()
            .map(|t| (EntityType::Territory, t)),
    );
    entities.push((EntityType::Company, COMPANY));
    entities
}

/// Turns measurements into the metric table: values, targets, statuses,
/// the overall score, ranks, change, trailing quarters and pacing.
fn score(totals: Totals, roster: &Roster, config: &Config, timings: &mut Timings) -> MetricTable {
    let start = std::time::Instant::now();
    let Totals {
        standards,
        volumes,
        tenure,
        quotas,
        lines,
        months,
        window,
        as_of,
    } = totals;
    // Names shared by the rows that carry them.
    let line_names: Vec<Arc<str>> = lines.iter().map(|l| Arc::from(l.as_str())).collect();
    let entity_rows = |out: &mut Vec<MetricRow>, kind: EntityType, entity: &str| {
        let entity: Arc<str> = Arc::from(entity);
        for c in &standards {
            let row_lines =
                std::iter::once(None).chain(line_names.iter().map(Some).filter(|_| c.has_lines));
            for line in row_lines {
                standard_rows(out, c, kind, &entity, line, &window, &months, &lines);
            }
        }
        let overall = overall_rows(out, config, kind, &entity, &window, &months);
        out.extend(overall);
    };
    // Every entity has the same rows: each standard (and each of its lines)
    // for every window month and the window, then the overall score's.
    let periods = window.len() + 1;
    let per_entity = periods
        * (1 + standards
            .iter()
            .map(|c| if c.has_lines { 1 + line_names.len() } else { 1 })
            .sum::<usize>());
    let mut rows = rows_in_parallel(&entities(roster), per_entity, entity_rows);
    // Reps in their first months are ranked apart: not at all. A start
    // date says when a rep began; without one, a first record in the data's
    // first month says only that the data begins there, so only a rep whose
    // records begin later is new.
    let as_of_month = Month::of_date(as_of);
    let data_begins = tenure.values().min().copied();
    let ramping: BTreeSet<String> = tenure
        .iter()
        .filter(|&(rep, first)| {
            let dated = roster.reps.get(rep).is_some_and(|r| r.started.is_some());
            (dated || Some(*first) > data_begins)
                && as_of_month.0 - first.0 < config.scoring.ramp_months as i32
        })
        .map(|(rep, _)| rep.clone())
        .collect();
    rank(&mut rows, roster, &ramping);
    let pacing = pacing(&rows, &quotas, window, as_of, roster, &months);
    timings.record("standards: scores, ranks, trends", start.elapsed());
    MetricTable {
        window,
        as_of,
        lines,
        rows,
        pacing,
        volumes,
        ramping,
        tenure,
    }
}

/// The metric rows of every entity, in order, each entity's `per_entity`
/// rows made by `entity_rows` on a worker thread and moved straight into
/// its place in the table.
///
/// Made one after another, the rows (1.4 M at L, 168 bytes each) took the
/// scoring stage to 1.2 cores, half of it the kernel handing out fresh
/// pages as the table grew; here both cores fill it, and no row is copied
/// twice into fresh memory (as collecting per-entity vectors would).
fn rows_in_parallel(
    entities: &[(EntityType, &str)],
    per_entity: usize,
    entity_rows: impl Fn(&mut Vec<MetricRow>, EntityType, &str) + Sync,
) -> Vec<MetricRow> {
    use rayon::prelude::*;
    let total = entities.len() * per_entity;
    let mut rows: Vec<MetricRow> = Vec::with_capacity(total);
    if per_entity > 0 {
        rows.spare_capacity_mut()[..total]
            .par_chunks_mut(per_entity)
            .zip(entities.par_iter())
            .for_each_init(Vec::new, |made, (slots, (kind, entity))| {
                made.clear();
                entity_rows(made, *kind, entity);
                assert_eq!(made.len(), slots.len(), "rows of {entity}");
                for (slot, row) in slots.iter_mut().zip(made.drain(..)) {
                    slot.write(row);
                }
            });
    }
    // SAFETY: every one of the first `total` slots was written above: one
    // chunk of `per_entity` per entity, each filled whole (asserted); a
    // panic there leaves the length 0 and leaks the rows, never reads them.
    unsafe { rows.set_len(total) };
    rows
}

/// The rows of one standard (and line) for one entity, added to `out`:
/// each window month, then the window.
#[allow(clippy::too_many_arguments)]
fn standard_rows(
    out: &mut Vec<MetricRow>,
    c: &StandardSums,
    kind: EntityType,
    entity: &Arc<str>,
    line: Option<&Arc<str>>,
    window: &Window,
    months: &[Month],
    lines: &[String],
) {
    let s = c.standard;
    let line_name = line.map(|l| &**l);
    // Per-line rows of a line-share standard are held to the line threshold
    // (the quote multiple, or one demo / won deal); everything else to the
    // standard's target.
    let target = match (&c.summed, line_name) {
        (
            Some(Summed {
                rollup: Rollup::LineShare { threshold, .. },
                ..
            }),
            Some(_),
        ) => *threshold,
        _ => s.target,
    };
    let row = |period: Period, value: Option<f64>, num: f64, den: f64| {
        let attainment = value.map(|v| attainment(v, target, s.direction, s.cap));
        MetricRow {
            entity_type: kind,
            entity: entity.clone(),
            period,
            standard: c.id.clone(),
            product_line: line.cloned(),
            value,
            numerator: num,
            denominator: den,
            target,
            attainment,
            status: status(attainment, s.near),
            change: None,
            trailing_3m: None,
            rank_company: None,
            rank_territory: None,
        }
    };
    let Some(Summed {
        sums,
        rollup,
        window_is_last_month,
    }) = &c.summed
    else {
        out.extend(
            window
                .months()
                .map(|m| row(Period::Month(m), None, 0.0, 0.0)),
        );
        out.push(row(Period::Window, None, 0.0, 0.0));
        return;
    };
    let value = |span| sums.value(*rollup, kind, entity, line_name, lines, span);
    let mut previous: Option<f64> = None;
    for month in window.months() {
        let Some(i) = months.iter().position(|m| *m == month) else {
            // After the as-of month: nothing to measure yet.
            out.push(row(Period::Month(month), None, 0.0, 0.0));
            previous = None;
            continue;
        };
        let (v, num, den) = value(Span::Month(i));
        let mut r = row(Period::Month(month), v, num, den);
        r.change = v.zip(previous).map(|(a, b)| a - b);
        r.trailing_3m = value(Span::Trailing(i)).0;
        previous = v;
        out.push(r);
    }
    let (v, num, den) = if months.is_empty() {
        (None, 0.0, 0.0)
    } else {
        value(if *window_is_last_month {
            Span::Last
        } else {
            Span::All
        })
    };
    out.push(row(Period::Window, v, num, den));
}

/// value / target for higher-is-better, target / value for lower, capped.
pub fn attainment(value: f64, target: f64, direction: Direction, cap: f64) -> f64 {
    let raw = match direction {
        Direction::Higher => value / target,
        Direction::Lower if value <= 0.0 => cap,
        Direction::Lower => target / value,
    };
    raw.clamp(0.0, cap)
}

pub fn status(attainment: Option<f64>, near: f64) -> Status {
    match attainment {
        None => Status::NoData,
        Some(a) if a >= 1.0 => Status::Met,
        Some(a) if a >= near => Status::Near,
        Some(_) => Status::Missed,
    }
}

/// The weighted mean of capped attainments over the standards with data,
/// with Σ weight × attainment as numerator and Σ weight as denominator,
/// for each period. `rows` are one entity's standard rows.
fn overall_rows(
    rows: &[MetricRow],
    config: &Config,
    kind: EntityType,
    entity: &Arc<str>,
    window: &Window,
    months: &[Month],
) -> Vec<MetricRow> {
    let overall: Arc<str> = Arc::from(OVERALL);
    let weight: HashMap<&str, f64> = config
        .standards
        .iter()
        .map(|s| (s.id.as_str(), s.weight))
        .collect();
    let mut out: Vec<MetricRow> = Vec::new();
    let periods = window.months().map(Period::Month).chain([Period::Window]);
    for period in periods {
        let (mut num, mut den) = (0.0, 0.0);
        for r in rows
            .iter()
            .filter(|r| r.period == period && r.product_line.is_none())
        {
            if let Some(a) = r.attainment {
                let w = weight.get(&*r.standard).copied().unwrap_or(0.0);
                num += w * a;
                den += w;
            }
        }
        let value = (den > 0.0).then(|| num / den);
        let previous = match (period, out.last()) {
            (Period::Month(m), Some(prev)) if months.contains(&m) => prev.value,
            _ => None,
        };
        out.push(MetricRow {
            entity_type: kind,
            entity: entity.clone(),
            period,
            standard: overall.clone(),
            product_line: None,
            value,
            numerator: num,
            denominator: den,
            target: 1.0,
            attainment: value,
            status: status(value, config.scoring.near),
            change: match period {
                Period::Month(_) => value.zip(previous).map(|(a, b)| a - b),
                Period::Window => None,
            },
            trailing_3m: None,
            rank_company: None,
            rank_territory: None,
        });
    }
    out
}

/// Competition ranks (1, 2, 2, 4) of reps by overall score, best first, in
/// the company and in their territory, for every period.
fn rank(rows: &mut [MetricRow], roster: &Roster, ramping: &BTreeSet<String>) {
    // (period, territory or None for the company) → (row index, score).
    type Group<'a> = (Period, Option<&'a str>);
    let mut groups: HashMap<Group, Vec<(usize, f64)>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if r.entity_type != EntityType::Rep
            || &*r.standard != OVERALL
            || ramping.contains(&*r.entity)
        {
            continue;
        }
        let Some(v) = r.value else { continue };
        let territory = roster.territory_of(&r.entity);
        groups.entry((r.period, None)).or_default().push((i, v));
        groups
            .entry((r.period, Some(territory)))
            .or_default()
            .push((i, v));
    }
    let mut ranks: Vec<(usize, bool, u32)> = Vec::new();
    for ((_, territory), mut members) in groups {
        members.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut rank = 0;
        for (pos, (i, v)) in members.iter().enumerate() {
            if pos == 0 || members[pos - 1].1 != *v {
                rank = pos as u32 + 1;
            }
            ranks.push((*i, territory.is_some(), rank));
        }
    }
    for (i, in_territory, rank) in ranks {
        if in_territory {
            rows[i].rank_territory = Some(rank);
        } else {
            rows[i].rank_company = Some(rank);
        }
    }
}

/// For a window running past the as-of month: the monthly won amount still
/// needed in each remaining month to reach the whole window's quota.
fn pacing(
    rows: &[MetricRow],
    quotas: &[context::QuotaMonth],
    window: Window,
    as_of: NaiveDate,
    roster: &Roster,
    months: &[Month],
) -> BTreeMap<(EntityType, String), Pace> {
    let mut out = BTreeMap::new();
    let left = (window.to.0 - Month::of_date(as_of).0).clamp(0, window.len() as i32) as u32;
    if left == 0 || months.is_empty() || quotas.is_empty() {
        return out;
    }
    let mut quota: BTreeMap<(EntityType, String), f64> = BTreeMap::new();
    for q in quotas.iter().filter(|q| window.contains(q.month)) {
        let territory = match &q.owner {
            Owner::Rep(rep) => {
                *quota.entry((EntityType::Rep, rep.to_string())).or_default() += q.amount;
                roster.territory_of(rep).to_string()
            }
            Owner::Territory(t) => t.to_string(),
        };
        *quota.entry((EntityType::Territory, territory)).or_default() += q.amount;
        *quota
            .entry((EntityType::Company, COMPANY.to_string()))
            .or_default() += q.amount;
    }
    for r in rows.iter().filter(|r| {
        &*r.standard == catalogue::QUOTA_ATTAINMENT
            && r.period == Period::Window
            && r.product_line.is_none()
    }) {
        let key = (r.entity_type, r.entity.to_string());
        let Some(q) = quota.get(&key).copied() else {
            continue;
        };
        out.insert(
            key,
            Pace {
                quota: q,
                won: r.numerator,
                months_left: left,
                needed_per_month: ((q - r.numerator) / left as f64).max(0.0),
            },
        );
    }
    out
}

#[cfg(test)]
mod tests;
