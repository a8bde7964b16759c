//! The standards engine: canonical tables → the metric table.
//!
//! Each standard yields numerator and denominator parts per rep (or
//! territory) and month ([`parts`]); this module sums them up to reps,
//! territories and the company, per month and for the window, so a
//! territory's ratio is always the ratio of its sums, never an average of
//! its reps' ratios. Then every value is scored against its target.
//!
//! Entry point: [`compute`].

pub mod catalogue;
pub mod parts;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::config::{Config, Standard};
use crate::error::Result;
use crate::ingest::Dataset;
use crate::model::{EntityType, MetricRow, Period, Status, Window};
use catalogue::{Direction, OVERALL};
use parts::{Context, Owner, Part};

/// The entity name of the company-wide rows.
pub const COMPANY: &str = "company";

/// The metric table and the frame it was computed in.
#[derive(Debug, Clone)]
pub struct MetricTable {
    pub window: Window,
    pub as_of: NaiveDate,
    /// Sorted by entity type, entity, standard (config order, then
    /// `overall`), period (months, then the window).
    pub rows: Vec<MetricRow>,
}

impl MetricTable {
    pub fn get(
        &self,
        entity_type: EntityType,
        entity: &str,
        standard: &str,
        period: Period,
    ) -> Option<&MetricRow> {
        self.rows.iter().find(|r| {
            r.entity_type == entity_type
                && r.entity == entity
                && r.standard == standard
                && r.period == period
        })
    }
}

/// The window and as-of date for a dataset: configured, or from the data.
pub fn resolve_window(data: &Dataset, config: &Config) -> (Window, NaiveDate) {
    let today_fallback = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
    let as_of = config
        .as_of
        .or_else(|| data.newest_date())
        .unwrap_or(today_fallback);
    let to = config
        .to
        .unwrap_or_else(|| crate::model::Month::of_date(as_of));
    let from = config.from.unwrap_or(to + -11);
    (Window { from, to }, as_of)
}

/// Computes every enabled standard for every rep, territory and the company.
pub fn compute(
    data: &Dataset,
    config: &Config,
    window: Window,
    as_of: NaiveDate,
) -> Result<MetricTable> {
    let cx = Context {
        tables: &data.tables,
        as_of,
        lead_follow_up_hours: config.rules.lead_follow_up_hours,
    };
    let mut entities: Vec<(EntityType, String)> = data
        .roster
        .reps
        .keys()
        .map(|r| (EntityType::Rep, r.clone()))
        .collect();
    entities.extend(
        data.roster
            .territories()
            .into_iter()
            .map(|t| (EntityType::Territory, t.to_string())),
    );
    entities.push((EntityType::Company, COMPANY.to_string()));
    let periods: Vec<Period> = window
        .months()
        .map(Period::Month)
        .chain([Period::Window])
        .collect();

    let mut rows =
        Vec::with_capacity(entities.len() * periods.len() * (config.standards.len() + 1));
    let mut by_standard = Vec::new();
    for standard in &config.standards {
        let parts = match standard.id.as_str() {
            catalogue::QUOTA_ATTAINMENT => parts::quota_attainment(&cx)?,
            catalogue::WIN_RATE => parts::win_rate(&cx)?,
            catalogue::LEAD_FOLLOW_UP => parts::lead_follow_up(&cx)?,
            other => unreachable!("config only admits built-in standards, got {other}"),
        };
        let sums = parts.map(|p| roll_up(&p, data, window));
        by_standard.push((standard, sums));
    }

    for (entity_type, entity) in &entities {
        let first = rows.len();
        for (standard, sums) in &by_standard {
            for period in &periods {
                let key = (*entity_type, entity.as_str(), *period);
                let (num, den) = sums
                    .as_ref()
                    .and_then(|s| s.get(&key).copied())
                    .unwrap_or((0.0, 0.0));
                rows.push(score(
                    standard,
                    config,
                    *entity_type,
                    entity,
                    *period,
                    num,
                    den,
                    sums.is_some(),
                ));
            }
        }
        if rows.len() > first {
            let overall_rows: Vec<MetricRow> = periods
                .iter()
                .map(|period| overall(&rows[first..], config, *period))
                .collect();
            rows.extend(overall_rows);
        }
    }
    Ok(MetricTable {
        window,
        as_of,
        rows,
    })
}

type Sums<'a> = HashMap<(EntityType, &'a str, Period), (f64, f64)>;

/// Sums parts within the window up to rep, territory and company, per month
/// and for the whole window.
fn roll_up<'a>(parts: &[Part], data: &'a Dataset, window: Window) -> Sums<'a> {
    let mut sums: Sums = HashMap::new();
    let roster = &data.roster;
    for part in parts.iter().filter(|p| window.contains(p.month)) {
        let (rep, territory): (Option<&str>, &str) = match &part.owner {
            Owner::Rep(rep) => match roster.reps.get_key_value(rep.as_str()) {
                Some((name, info)) => (Some(name.as_str()), info.territory.as_str()),
                None => continue, // every rep in the facts is on the roster
            },
            Owner::Territory(t) => match roster.territories().get(t.as_str()) {
                Some(t) => (None, *t),
                None => continue, // a territory with no reps has no page
            },
        };
        let mut add = |entity_type, entity: &'a str| {
            for period in [Period::Month(part.month), Period::Window] {
                let sum = sums.entry((entity_type, entity, period)).or_default();
                sum.0 += part.numerator;
                sum.1 += part.denominator;
            }
        };
        if let Some(rep) = rep {
            add(EntityType::Rep, rep);
        }
        add(EntityType::Territory, territory);
        add(EntityType::Company, COMPANY);
    }
    sums
}

/// Value, attainment and status of one standard for one entity and period.
#[allow(clippy::too_many_arguments)]
fn score(
    standard: &Standard,
    config: &Config,
    entity_type: EntityType,
    entity: &str,
    period: Period,
    numerator: f64,
    denominator: f64,
    has_data: bool,
) -> MetricRow {
    let value = (has_data && denominator > 0.0).then(|| numerator / denominator);
    let attainment =
        value.map(|v| attainment(v, standard.target, standard.direction, config.scoring.cap));
    MetricRow {
        entity_type,
        entity: entity.to_string(),
        period,
        standard: standard.id.clone(),
        value,
        numerator,
        denominator,
        target: standard.target,
        attainment,
        status: status(attainment, config.scoring.near),
    }
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
/// with Σ weight × attainment as numerator and Σ weight as denominator.
/// `rows` are one entity's standard rows.
fn overall(rows: &[MetricRow], config: &Config, period: Period) -> MetricRow {
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    for row in rows.iter().filter(|r| r.period == period) {
        let weight = config
            .standard(&row.standard)
            .map(|s| s.weight)
            .unwrap_or(0.0);
        if let Some(a) = row.attainment {
            numerator += weight * a;
            denominator += weight;
        }
    }
    let value = (denominator > 0.0).then(|| numerator / denominator);
    let first = &rows[0];
    MetricRow {
        entity_type: first.entity_type,
        entity: first.entity.clone(),
        period,
        standard: OVERALL.to_string(),
        value,
        numerator,
        denominator,
        target: 1.0,
        attainment: value,
        status: status(value, config.scoring.near),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Month;

    /// The metric table of `tests/fixtures/tiny`, window Jan–Feb 2024, as of
    /// 29 Feb 2024, default standard.
    fn tiny() -> MetricTable {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        let config = Config {
            from: Month::parse("2024-01"),
            to: Month::parse("2024-02"),
            as_of: NaiveDate::from_ymd_opt(2024, 2, 29),
            ..Config::default()
        };
        let data = crate::ingest::load(&dir, &config).unwrap();
        let (window, as_of) = resolve_window(&data, &config);
        compute(&data, &config, window, as_of).unwrap()
    }

    const JAN: Period = Period::Month(Month(2024 * 12));
    const FEB: Period = Period::Month(Month(2024 * 12 + 1));
    const WINDOW: Period = Period::Window;

    /// (numerator, denominator, value, status) of one row.
    fn get(
        t: &MetricTable,
        kind: EntityType,
        entity: &str,
        standard: &str,
        period: Period,
    ) -> (f64, f64, Option<f64>, Status) {
        let r = t
            .get(kind, entity, standard, period)
            .unwrap_or_else(|| panic!("{entity} {standard} {period}"));
        (
            r.numerator,
            r.denominator,
            r.value.map(|v| (v * 1e6).round() / 1e6),
            r.status,
        )
    }

    #[test]
    fn quota_attainment_by_hand() {
        use EntityType::*;
        let t = tiny();
        let qa = "quota_attainment";
        // Ann: won D1 1000 in Jan, D3 3000 in Feb (D10 closed in Dec, outside);
        // quota 2000 each month.
        assert_eq!(
            get(&t, Rep, "Ann", qa, JAN),
            (1000.0, 2000.0, Some(0.5), Status::Missed)
        );
        assert_eq!(
            get(&t, Rep, "Ann", qa, FEB),
            (3000.0, 2000.0, Some(1.5), Status::Met)
        );
        assert_eq!(
            get(&t, Rep, "Ann", qa, WINDOW),
            (4000.0, 4000.0, Some(1.0), Status::Met)
        );
        // Bob's quarterly 6000 is 2000 a month; March lies outside the window:
        // 2000 won / (2000 + 2000) = 0.5.
        assert_eq!(
            get(&t, Rep, "Bob", qa, WINDOW),
            (2000.0, 4000.0, Some(0.5), Status::Missed)
        );
        // Cy: 4000 won in Feb against 2000 → 2.0 (attainment capped at 1.5).
        assert_eq!(
            get(&t, Rep, "Cy", qa, FEB),
            (4000.0, 2000.0, Some(2.0), Status::Met)
        );
        assert_eq!(t.get(Rep, "Cy", qa, FEB).unwrap().attainment, Some(1.5));
        // Dan is not in reps: his 600 is kept but he has no quota.
        assert_eq!(
            get(&t, Rep, "Dan", qa, WINDOW),
            (600.0, 0.0, None, Status::NoData)
        );
        // North = Ann + Bob: (4000 + 2000) / (4000 + 4000) = 0.75.
        assert_eq!(
            get(&t, Territory, "North", qa, WINDOW),
            (6000.0, 8000.0, Some(0.75), Status::Missed)
        );
        // South = Cy + the territory's own Feb quota: 4000 / (4000 + 1000) = 0.8.
        assert_eq!(
            get(&t, Territory, "South", qa, WINDOW),
            (4000.0, 5000.0, Some(0.8), Status::Near)
        );
        // Company: (4000 + 2000 + 4000 + 600) / (4000 + 4000 + 4000 + 1000) = 10600 / 13000.
        assert_eq!(
            get(&t, Company, COMPANY, qa, WINDOW),
            (10600.0, 13000.0, Some(0.815385), Status::Near)
        );
        // Company January: (1000 + 600) / (2000 + 2000 + 2000).
        assert_eq!(
            get(&t, Company, COMPANY, qa, JAN),
            (1600.0, 6000.0, Some(0.266667), Status::Missed)
        );
    }

    #[test]
    fn win_rate_rolls_up_from_counts_not_rates() {
        use EntityType::*;
        let t = tiny();
        let wr = "win_rate";
        // Ann: D1, D3 won; D2 lost → 2 / 3. The open D8 and December's D10 do not count.
        assert_eq!(
            get(&t, Rep, "Ann", wr, WINDOW),
            (2.0, 3.0, Some(0.666667), Status::Met)
        );
        assert_eq!(
            get(&t, Rep, "Bob", wr, WINDOW),
            (1.0, 3.0, Some(0.333333), Status::Met)
        );
        assert_eq!(
            get(&t, Rep, "Cy", wr, JAN),
            (0.0, 0.0, None, Status::NoData)
        );
        // North: 3 won of 6 closed.
        assert_eq!(
            get(&t, Territory, "North", wr, WINDOW),
            (3.0, 6.0, Some(0.5), Status::Met)
        );
        // Company: 5 won of 8 closed = 0.625, not the mean of the reps'
        // rates ((2/3 + 1/3 + 1 + 1) / 4 = 0.75).
        assert_eq!(
            get(&t, Company, COMPANY, wr, WINDOW),
            (5.0, 8.0, Some(0.625), Status::Met)
        );
        // February: D3, D5, D7 won; D6 lost → 3 / 4.
        assert_eq!(
            get(&t, Company, COMPANY, wr, FEB),
            (3.0, 4.0, Some(0.75), Status::Met)
        );
    }

    #[test]
    fn lead_follow_up_counts_due_company_leads() {
        use EntityType::*;
        let t = tiny();
        let lf = "lead_follow_up";
        // Ann: L1 after 6 h (in time), L2 after 72 h (late), L4 never and
        // overdue; L3 is her own lead → 1 / 3, attainment 0.37 → missed.
        assert_eq!(
            get(&t, Rep, "Ann", lf, WINDOW),
            (1.0, 3.0, Some(0.333333), Status::Missed)
        );
        assert_eq!(
            get(&t, Rep, "Ann", lf, JAN),
            (1.0, 2.0, Some(0.5), Status::Missed)
        );
        assert_eq!(
            get(&t, Rep, "Ann", lf, FEB),
            (0.0, 1.0, Some(0.0), Status::Missed)
        );
        // Bob: L6 (no flag: counts as company) in 24 h; L5 was created 36 h
        // before the as-of day ended and is not due yet → 1 / 1.
        assert_eq!(
            get(&t, Rep, "Bob", lf, WINDOW),
            (1.0, 1.0, Some(1.0), Status::Met)
        );
        // Cy: L7 contacted after exactly 48 h is in time.
        assert_eq!(
            get(&t, Rep, "Cy", lf, WINDOW),
            (1.0, 1.0, Some(1.0), Status::Met)
        );
        assert_eq!(
            get(&t, Company, COMPANY, lf, WINDOW),
            (3.0, 5.0, Some(0.6), Status::Missed)
        );
    }

    #[test]
    fn the_overall_score_is_the_weighted_mean_of_capped_attainments() {
        let t = tiny();
        // Ann over the window: quota 1.0 (weight 3), win rate 0.667 / 0.25 →
        // capped 1.5 (weight 1), lead follow-up 0.333 / 0.9 = 0.370 (weight 1):
        // (3 × 1.0 + 1.5 + 0.370370) / 5 = 0.974074.
        let (num, den, value, status) = get(&t, EntityType::Rep, "Ann", OVERALL, WINDOW);
        assert_eq!(den, 5.0);
        assert!((num - 4.870370).abs() < 1e-6, "{num}");
        assert_eq!((value, status), (Some(0.974074), Status::Near));
        // Dan has only win rate (1 / 1 → capped 1.5), so his score is 1.5.
        let (_, den, value, _) = get(&t, EntityType::Rep, "Dan", OVERALL, WINDOW);
        assert_eq!((den, value), (1.0, Some(1.5)));
    }

    #[test]
    fn every_entity_has_every_standard_for_every_period() {
        let t = tiny();
        // 4 reps (Dan unlisted) + 3 territories (North, South, Unassigned) +
        // company = 8 entities; 3 standards + overall; Jan, Feb, window.
        assert_eq!(t.rows.len(), 8 * 4 * 3);
    }

    #[test]
    fn attainment_is_capped_and_inverted_for_lower_is_better() {
        assert_eq!(attainment(0.3, 0.25, Direction::Higher, 1.5), 1.2);
        assert_eq!(attainment(2.0, 0.5, Direction::Higher, 1.5), 1.5);
        assert_eq!(attainment(4.0, 2.0, Direction::Lower, 1.5), 0.5);
        assert_eq!(attainment(0.0, 2.0, Direction::Lower, 1.5), 1.5);
    }

    #[test]
    fn status_thresholds() {
        assert_eq!(status(Some(1.0), 0.8), Status::Met);
        assert_eq!(status(Some(0.8), 0.8), Status::Near);
        assert_eq!(status(Some(0.79), 0.8), Status::Missed);
        assert_eq!(status(None, 0.8), Status::NoData);
    }
}
