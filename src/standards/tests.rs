//! The standards against values worked out by hand from the fixtures in
//! `tests/fixtures/` (window Jan–Feb 2024, as of 29 Feb 2024). The
//! arithmetic is in the comments.

use super::*;
use crate::model::Month;

fn jan_feb_2024() -> Config {
    Config {
        from: Month::parse("2024-01"),
        to: Month::parse("2024-02"),
        as_of: NaiveDate::from_ymd_opt(2024, 2, 29),
        ..Config::default()
    }
}

fn run(fixture: &str, config: &Config) -> MetricTable {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    // As `build` runs it: every hand-worked value below is computed from
    // the narrowed tables.
    crate::Build::new(dir, config.clone()).metrics().unwrap().1
}

/// The metric table of `tests/fixtures/tiny`, window Jan–Feb 2024, as of
/// 29 Feb 2024, default standard.
/// (tiny keeps the three standards of the first slice, so its overall
/// score stays a sum worked out by hand.)
fn tiny() -> MetricTable {
    let mut config = jan_feb_2024();
    config
        .standards
        .retain(|s| ["quota_attainment", "win_rate", "lead_follow_up"].contains(&s.id.as_str()));
    run("tiny", &config)
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

// ---------------------------------------------------------------------------
// The whole catalogue on tests/fixtures/full: Ann and Bob in North, Cy in
// South; product lines Alpha and Beta (from products.csv).

fn full() -> MetricTable {
    run("full", &jan_feb_2024())
}

/// Value of a whole-entity (line `None`) or per-line row, rounded to 6 places.
fn val(
    t: &MetricTable,
    kind: EntityType,
    entity: &str,
    standard: &str,
    line: Option<&str>,
    period: Period,
) -> Option<f64> {
    t.get_line(kind, entity, standard, line, period)
        .unwrap_or_else(|| panic!("no row {entity} {standard} {line:?} {period}"))
        .value
        .map(|v| (v * 1e6).round() / 1e6)
}

use EntityType::{Company, Rep, Territory};

#[test]
fn every_catalogue_standard_is_measured() {
    let t = full();
    for s in catalogue::CATALOGUE {
        assert!(
            val(&t, Company, COMPANY, s.id, None, WINDOW).is_some(),
            "{} has no company value",
            s.id
        );
    }
}

#[test]
fn quote_line_coverage_by_hand() {
    let t = full();
    let id = "quote_line_coverage";
    // Ann plans Alpha and Beta both months (her quota names them); quotes:
    // Jan Alpha 3, Jan Beta 1, Feb Alpha 4, Feb Beta 0 → 3 of 4 pairs.
    assert_eq!(val(&t, Rep, "Ann", id, None, WINDOW), Some(0.75));
    assert_eq!(val(&t, Rep, "Ann", id, Some("Alpha"), WINDOW), Some(1.0));
    assert_eq!(val(&t, Rep, "Ann", id, Some("Beta"), WINDOW), Some(0.5));
    // Bob's quota names no line, so every line is planned: only Jan Beta
    // has quotes → 1 of 4.
    assert_eq!(val(&t, Rep, "Bob", id, None, WINDOW), Some(0.25));
    // Cy plans Alpha only; quoted in Feb → 1 of 2.
    assert_eq!(val(&t, Rep, "Cy", id, None, WINDOW), Some(0.5));
    // North: (3 + 1) / (4 + 4); company: (3 + 1 + 1) / (4 + 4 + 2).
    assert_eq!(val(&t, Territory, "North", id, None, WINDOW), Some(0.5));
    assert_eq!(val(&t, Company, COMPANY, id, None, WINDOW), Some(0.5));
}

#[test]
fn quote_quota_ratio_by_hand() {
    let t = full();
    let id = "quote_quota_ratio";
    // Ann: Alpha 7 quotes / 2 units = 3.5 (≥ 3), Beta 1 / 2 = 0.5 → 1 of 2 lines.
    assert_eq!(val(&t, Rep, "Ann", id, Some("Alpha"), WINDOW), Some(3.5));
    assert_eq!(val(&t, Rep, "Ann", id, Some("Beta"), WINDOW), Some(0.5));
    assert_eq!(val(&t, Rep, "Ann", id, None, WINDOW), Some(0.5));
    assert_eq!(
        t.get_line(Rep, "Ann", id, Some("Alpha"), WINDOW)
            .unwrap()
            .target,
        3.0
    );
    // January: Alpha 3 / 1 meets, Beta 1 / 1 does not.
    assert_eq!(val(&t, Rep, "Ann", id, None, JAN), Some(0.5));
    // Bob has no quota units on any line: no data, not missed.
    assert_eq!(val(&t, Rep, "Bob", id, None, WINDOW), None);
    assert_eq!(
        t.get(Rep, "Bob", id, WINDOW).unwrap().status,
        Status::NoData
    );
    // Cy's half-year Alpha quota of 6 units is 1 a month: 2 quotes / 2 → 0 of 1 lines.
    assert_eq!(val(&t, Rep, "Cy", id, Some("Alpha"), WINDOW), Some(1.0));
    assert_eq!(val(&t, Rep, "Cy", id, None, WINDOW), Some(0.0));
    // North sums its reps per line: Alpha (7 + 0) / 2 = 3.5 meets; Beta
    // (1 + 2) / 2 = 1.5 does not → 0.5.
    assert_eq!(
        val(&t, Territory, "North", id, Some("Beta"), WINDOW),
        Some(1.5)
    );
    assert_eq!(val(&t, Territory, "North", id, None, WINDOW), Some(0.5));
    // Company: Alpha (7 + 2) / 4 = 2.25, Beta 3 / 2 = 1.5 → no line meets.
    assert_eq!(val(&t, Company, COMPANY, id, None, WINDOW), Some(0.0));
}

#[test]
fn lead_qualification_and_conversion_by_hand() {
    let t = full();
    // Ann: L1 and L3 qualified of L1–L4 → 2 / 4.
    assert_eq!(
        val(&t, Rep, "Ann", "lead_qualification", None, WINDOW),
        Some(0.5)
    );
    // Bob: L5 (blank) is not qualified, L6 is → 1 / 2.
    assert_eq!(
        val(&t, Rep, "Bob", "lead_qualification", None, WINDOW),
        Some(0.5)
    );
    // Company: (2 + 1 + 1) / (4 + 2 + 1).
    assert_eq!(
        val(&t, Company, COMPANY, "lead_qualification", None, WINDOW),
        Some(0.571429)
    );
    // Conversions: Ann L1 → 1 / 4; Bob's L6 converts in March, after the
    // as-of date → 0 / 2; Cy 1 / 1; company 2 / 7.
    assert_eq!(
        val(&t, Rep, "Ann", "lead_conversion", None, WINDOW),
        Some(0.25)
    );
    assert_eq!(
        val(&t, Rep, "Bob", "lead_conversion", None, WINDOW),
        Some(0.0)
    );
    assert_eq!(
        val(&t, Company, COMPANY, "lead_conversion", None, WINDOW),
        Some(0.285714)
    );
}

#[test]
fn pipeline_coverage_by_hand() {
    let t = full();
    let id = "pipeline_coverage";
    // End of January: F3 (closes 5 Feb, 3000) and F5 (15 Feb, 2500) are open
    // and due within three months = 5500; quota ahead: Feb 2000, then March
    // and April have no quota rows, so January's 2000 continues → 6000.
    assert_eq!(val(&t, Rep, "Ann", id, None, JAN), Some(0.916667));
    // End of February: F4 (20 Mar, 4000); F5 is past its close date → 4000 /
    // (3 × 2000). The window shows this last month.
    assert_eq!(val(&t, Rep, "Ann", id, None, FEB), Some(0.666667));
    assert_eq!(val(&t, Rep, "Ann", id, None, WINDOW), Some(0.666667));
    // Bob: F7 (20 May, 6000) against March 2000 (his quarter quota) plus
    // April and May at February's 2000 → 1.0.
    assert_eq!(val(&t, Rep, "Bob", id, None, WINDOW), Some(1.0));
    // North: (4000 + 6000) / (6000 + 6000).
    assert_eq!(
        val(&t, Territory, "North", id, None, WINDOW),
        Some(0.833333)
    );
}

#[test]
fn crm_freshness_and_activity_by_hand() {
    let t = full();
    // Open on 29 Feb: Ann's F4 (touched 20 Feb, closes 20 Mar: fresh) and F5
    // (touched 5 Jan, past its close date: stale) → 1 / 2; Bob's F7 was
    // touched 25 Jan, 35 days before → 0 / 1. Only the as-of month is known.
    assert_eq!(
        val(&t, Rep, "Ann", "crm_freshness", None, WINDOW),
        Some(0.5)
    );
    assert_eq!(val(&t, Rep, "Ann", "crm_freshness", None, JAN), None);
    assert_eq!(val(&t, Rep, "Bob", "crm_freshness", None, FEB), Some(0.0));
    assert_eq!(
        val(&t, Company, COMPANY, "crm_freshness", None, WINDOW),
        Some(0.333333)
    );
    // Activities per working day: Ann 3 in January (23 weekdays) and 2 in
    // February (21) → 5 / 44.
    assert_eq!(
        val(&t, Rep, "Ann", "crm_activity", None, JAN),
        Some(0.130435)
    );
    assert_eq!(
        val(&t, Rep, "Ann", "crm_activity", None, WINDOW),
        Some(0.113636)
    );
}

#[test]
fn contacts_by_hand() {
    let t = full();
    // Complete: C1 and C3; C2 has no address → 2 / 3. Bob's C4 has no phone.
    assert_eq!(
        val(&t, Rep, "Ann", "contact_completeness", None, WINDOW),
        Some(0.666667)
    );
    assert_eq!(
        val(&t, Rep, "Bob", "contact_completeness", None, WINDOW),
        Some(0.0)
    );
    // Growth per active month: Ann 3 / 2; Cy (active, no contacts) 0 / 2;
    // company 4 contacts / 6 rep-months.
    assert_eq!(
        val(&t, Rep, "Ann", "contact_growth", None, WINDOW),
        Some(1.5)
    );
    assert_eq!(
        val(&t, Rep, "Cy", "contact_growth", None, WINDOW),
        Some(0.0)
    );
    assert_eq!(
        val(&t, Company, COMPANY, "contact_growth", None, WINDOW),
        Some(0.666667)
    );
    // Influencers are C1 (Ann's) and C4 (Bob's): Ann's A1, A2 and A5 → 3 / 2
    // months; Bob's A6 → 1 / 2.
    assert_eq!(
        val(&t, Rep, "Ann", "influencer_relationships", None, WINDOW),
        Some(1.5)
    );
    assert_eq!(
        val(&t, Rep, "Bob", "influencer_relationships", None, WINDOW),
        Some(0.5)
    );
}

#[test]
fn product_demos_and_breadth_by_hand() {
    let t = full();
    // Ann demonstrated Alpha in January and Beta in February: each month
    // 1 of 2 lines, so the window is 2 of the months' 4 lines — not 100 %
    // for "both lines at some time" beside two half-missed months (issue
    // 15, item 1).
    assert_eq!(
        val(&t, Rep, "Ann", "product_demos", None, WINDOW),
        Some(0.5)
    );
    assert_eq!(val(&t, Rep, "Ann", "product_demos", None, JAN), Some(0.5));
    assert_eq!(
        val(&t, Rep, "Ann", "product_demos", Some("Alpha"), WINDOW),
        Some(1.0)
    );
    assert_eq!(val(&t, Rep, "Cy", "product_demos", None, WINDOW), Some(0.0));
    // Won deals: Ann Alpha in January (F1) and February (F3) → 1 / 2 in
    // each month, 2 / 4 for the window. Bob (active January and February)
    // won Beta in February only (F6) → 0 / 2 + 1 / 2 = 1 / 4. North: Alpha
    // in January; Alpha and Beta in February → (1 + 2) / 4 — the
    // territory's own line sums, month by month, not its reps' shares.
    assert_eq!(
        val(&t, Rep, "Ann", "product_breadth", None, WINDOW),
        Some(0.5)
    );
    assert_eq!(
        val(&t, Rep, "Ann", "product_breadth", Some("Alpha"), WINDOW),
        Some(2.0)
    );
    assert_eq!(
        val(&t, Rep, "Bob", "product_breadth", None, WINDOW),
        Some(0.25)
    );
    assert_eq!(
        val(&t, Territory, "North", "product_breadth", None, WINDOW),
        Some(0.75)
    );
    assert_eq!(
        val(&t, Territory, "North", "product_breadth", None, FEB),
        Some(1.0)
    );
}

/// Activities that never name a product line (a CRM whose calls carry no
/// product) cannot show demos per line: no data, not 0 % on every line a
/// products list plans.
#[test]
fn demos_without_any_line_on_activities_are_no_data_not_a_miss() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let text = std::fs::read_to_string(src.join("activities.csv")).unwrap();
    let without: String = text
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            // activity_id,rep,kind,at,product_line,contact_id: drop the 5th.
            [&cells[..4], &cells[5..]].concat().join(",") + "\n"
        })
        .collect();
    std::fs::write(dir.path().join("activities.csv"), without).unwrap();
    let t = crate::Build::new(dir.path().to_path_buf(), jan_feb_2024())
        .metrics()
        .unwrap()
        .1;
    assert_eq!(val(&t, Rep, "Ann", "product_demos", None, WINDOW), None);
    // Won deals still name their lines: breadth is measured as before.
    assert_eq!(
        val(&t, Rep, "Ann", "product_breadth", None, WINDOW),
        Some(0.5)
    );
}

#[test]
fn meetings_surveys_ratings_by_hand() {
    let t = full();
    // Ann attended M1 and M3 of three → 2 / 3; company 3 / 4.
    assert_eq!(
        val(&t, Rep, "Ann", "meeting_attendance", None, WINDOW),
        Some(0.666667)
    );
    assert_eq!(
        val(&t, Company, COMPANY, "meeting_attendance", None, WINDOW),
        Some(0.75)
    );
    // Surveys on 0–100: Ann 4 of 5 → (4 − 1) / 4 = 75; 9 of 10 → 8 / 9 =
    // 88.888889; mean 81.944444. The survey without a rep goes to Bolt's
    // owner Bob: 3 of 5 → 50. North: (75 + 88.888889 + 50) / 3.
    assert_eq!(
        val(&t, Rep, "Ann", "customer_satisfaction", None, WINDOW),
        Some(81.944444)
    );
    assert_eq!(
        val(&t, Rep, "Ann", "customer_satisfaction", None, FEB),
        Some(88.888889)
    );
    assert_eq!(
        val(&t, Rep, "Bob", "customer_satisfaction", None, WINDOW),
        Some(50.0)
    );
    assert_eq!(
        val(
            &t,
            Territory,
            "North",
            "customer_satisfaction",
            None,
            WINDOW
        ),
        Some(71.296296)
    );
    // Ratings: Ann 4 and 5 of 5 → 75 and 100 → 87.5; Bob 2 of 5 → 25.
    assert_eq!(
        val(&t, Rep, "Ann", "manager_rating", None, WINDOW),
        Some(87.5)
    );
    assert_eq!(
        val(&t, Territory, "North", "manager_rating", None, WINDOW),
        Some(66.666667)
    );
    // Cy has no surveys: no data, not missed.
    assert_eq!(
        t.get(Rep, "Cy", "customer_satisfaction", WINDOW)
            .unwrap()
            .status,
        Status::NoData
    );
}

#[test]
fn forecast_accuracy_by_hand() {
    let t = full();
    let id = "forecast_accuracy";
    // Ann forecast 5000 over Jan–Feb: 2500 a month. January won 1000:
    // 1 − 1500 / 1000 < 0 → 0, weight 2500. February won 3000:
    // 1 − 500 / 3000 = 0.833333, weight 3000.
    assert_eq!(val(&t, Rep, "Ann", id, None, JAN), Some(0.0));
    assert_eq!(val(&t, Rep, "Ann", id, None, FEB), Some(0.833333));
    // Window: the months weighted, (0 × 2500 + 0.833333 × 3000) / 5500 =
    // 2500 / 5500 — not 1 − 1000 / 4000 = 0.75 of the summed amounts,
    // where January's over-forecast was half cancelled by February's
    // under-forecast (issue 15, item 1).
    assert_eq!(val(&t, Rep, "Ann", id, None, WINDOW), Some(0.454545));
    // Bob forecast 1000 for February and won 2000 → 0.5, weight 2000.
    assert_eq!(val(&t, Rep, "Bob", id, None, WINDOW), Some(0.5));
    // North: (0 × 2500 + 2500 + 0.5 × 2000) / (2500 + 3000 + 2000) =
    // 3500 / 7500 — where the summed amounts (6000 forecast, 6000 won)
    // said 1.0 though neither rep was accurate.
    assert_eq!(
        val(&t, Territory, "North", id, None, WINDOW),
        Some(0.466667)
    );
    // Cy made no forecast: no data.
    assert_eq!(val(&t, Rep, "Cy", id, None, WINDOW), None);
}

#[test]
fn month_over_month_change_and_trailing_value() {
    let t = full();
    let feb = t.get(Rep, "Ann", "quota_attainment", FEB).unwrap();
    // January 1000 / 2000 = 0.5, February 3000 / 2000 = 1.5 → +1.0; the
    // trailing value sums both months: 4000 / 4000.
    assert_eq!(feb.change, Some(1.0));
    assert_eq!(feb.trailing_3m, Some(1.0));
    assert_eq!(
        t.get(Rep, "Ann", "quota_attainment", JAN).unwrap().change,
        None
    );
}

#[test]
fn a_custom_standard_is_computed_and_scored() {
    let file: crate::config::FileConfig = toml::from_str(
        "from = \"2024-01\"\nto = \"2024-02\"\nas_of = \"2024-02-29\"\n\
         [[standards]]\nid = \"demos_per_month\"\ntable = \"activities\"\n\
         where = { kind = \"demo\" }\ntarget = 1\n\
         [[standards]]\nid = \"alpha_won\"\ntable = \"deals\"\n\
         where = { outcome = \"won\", product_line = [\"Alpha\"] }\nmeasure = \"sum\"\ncolumn = \"amount\"\ntarget = 2000\n",
    )
    .unwrap();
    let config = Config::resolve(file, None).unwrap();
    let t = run("full", &config);
    // Ann: demos A2 (Jan) and A4 (Feb) over 2 active months → 1 a month (met).
    assert_eq!(
        val(&t, Rep, "Ann", "demos_per_month", None, WINDOW),
        Some(1.0)
    );
    assert_eq!(
        t.get(Rep, "Ann", "demos_per_month", WINDOW).unwrap().status,
        Status::Met
    );
    // Cy: none → 0 (missed).
    assert_eq!(
        val(&t, Rep, "Cy", "demos_per_month", None, WINDOW),
        Some(0.0)
    );
    // Alpha won: Ann 1000 + 3000 over 2 months = 2000 a month; Bob sold Beta
    // only → 0; North: 4000 / 4 rep-months = 1000.
    assert_eq!(val(&t, Rep, "Ann", "alpha_won", None, WINDOW), Some(2000.0));
    assert_eq!(val(&t, Rep, "Bob", "alpha_won", None, WINDOW), Some(0.0));
    assert_eq!(
        val(&t, Territory, "North", "alpha_won", None, WINDOW),
        Some(1000.0)
    );
    // The custom standards enter the overall score with weight 1.
    let overall = t.get(Rep, "Ann", OVERALL, WINDOW).unwrap();
    assert_eq!(overall.denominator, 3.0 + 18.0 + 2.0);
}

#[test]
fn custom_filters_ignore_case_and_surrounding_spaces() {
    let file: crate::config::FileConfig = toml::from_str(
        "from = \"2024-01\"\nto = \"2024-02\"\nas_of = \"2024-02-29\"\n\
         [[standards]]\nid = \"demos\"\ntable = \"activities\"\n\
         where = { kind = \" DeMo \" }\ntarget = 1\n\
         [[standards]]\nid = \"beta_demos\"\ntable = \"activities\"\n\
         where = { kind = \"demo\", product_line = \" BETA \" }\ntarget = 1\n\
         [[standards]]\nid = \"ann_calls\"\ntable = \"activities\"\n\
         where = { rep = \"ANN\", kind = \"call\" }\ntarget = 1\n",
    )
    .unwrap();
    let config = Config::resolve(file, None).unwrap();
    let t = run("full", &config);
    // As `demos_per_month` above: Ann's two demos over two months.
    assert_eq!(val(&t, Rep, "Ann", "demos", None, WINDOW), Some(1.0));
    assert_eq!(val(&t, Rep, "Cy", "demos", None, WINDOW), Some(0.0));
    // Rep names and product lines are matched as codes, ignoring case too:
    // Ann's one Beta demo (A4) over two months; her one call (A1), and not
    // Cy's (A7).
    assert_eq!(val(&t, Rep, "Ann", "beta_demos", None, WINDOW), Some(0.5));
    assert_eq!(val(&t, Rep, "Ann", "ann_calls", None, WINDOW), Some(0.5));
    assert_eq!(val(&t, Rep, "Cy", "ann_calls", None, WINDOW), Some(0.0));
}

#[test]
fn dropping_unread_columns_changes_no_metric_and_keeps_what_custom_standards_read() {
    let file: crate::config::FileConfig = toml::from_str(
        "[[standards]]\nid = \"open_quotes\"\ntable = \"quotes\"\n\
         where = { status = \"Open\" }\ntarget = 1\n",
    )
    .unwrap();
    let mut config = Config::resolve(file, None).unwrap();
    config.from = Month::parse("2024-01");
    config.to = Month::parse("2024-02");
    config.as_of = NaiveDate::from_ymd_opt(2024, 2, 29);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full");
    let (frames, input) = crate::Build::new(dir, config.clone()).tables().unwrap();
    let tables = crate::ingest::Tables {
        frames,
        names: Default::default(),
    };
    let window = resolve_window(&input, &config);
    let mut timings = Timings::default();
    let whole =
        compute_narrowed(tables.clone(), &input.roster, &config, window, &mut timings).unwrap();
    let mut narrowed = tables.clone();
    drop_unread_columns(&mut narrowed, &config);
    let names = |t: crate::model::Table| -> Vec<String> {
        narrowed.frames[&t]
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect()
    };
    assert!(!names(crate::model::Table::Activities).contains(&"activity_id".to_string()));
    assert!(!names(crate::model::Table::Quotes).contains(&"quote_id".to_string()));
    // Read by the custom standard, so kept.
    assert!(names(crate::model::Table::Quotes).contains(&"status".to_string()));
    // The contact fields of the completeness rule are kept.
    assert!(names(crate::model::Table::Contacts).contains(&"email".to_string()));
    let narrow = compute(tables, &input.roster, &config, window, &mut timings).unwrap();
    assert_eq!(whole.rows, narrow.rows);
    // Ann's 8 open quotes over her 2 months: 4 a month.
    assert_eq!(
        val(&narrow, Rep, "Ann", "open_quotes", None, WINDOW),
        Some(4.0)
    );
}

#[test]
fn territory_and_company_sums_equal_their_parts_on_the_full_fixture() {
    check_sums(&full(), "full");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 6, ..Default::default() })]

    /// On random synthetic exports (no territory-owned facts), every
    /// territory's numerator and denominator are the sums over its reps and
    /// the company's the sums over territories, for every standard, line
    /// and period where the value is a ratio of sums.
    #[test]
    fn roll_ups_are_sums_of_parts(seed in 0u64..1000, reps in 2usize..9, months in 2usize..6) {
        let dir = tempfile::tempdir().unwrap();
        let options = crate::demo::DemoOptions { reps, months, seed, end: Month::parse("2024-06").unwrap() };
        crate::demo::generate(dir.path(), &options).unwrap();
        let config = Config::default();
        let (input, t) = crate::Build::new(dir.path(), config).metrics().unwrap();
        check_sums_with(&t, &format!("seed {seed}"), |rep| input.roster.territory_of(rep).to_string());
    }
}

fn check_sums(t: &MetricTable, label: &str) {
    check_sums_with(t, label, |rep| {
        if rep == "Cy" {
            "South".into()
        } else {
            "North".into()
        }
    });
}

fn check_sums_with(t: &MetricTable, label: &str, territory_of: impl Fn(&str) -> String) {
    use std::collections::HashMap;
    let line_share: Vec<&str> = vec![
        "quote_quota_ratio",
        "product_demos",
        "product_breadth",
        OVERALL,
    ];
    // (kind, standard, line, period) → entity → (num, den)
    type Key<'a> = (EntityType, &'a str, Option<&'a str>, Period);
    let mut by: HashMap<Key, Vec<(&str, f64, f64)>> = HashMap::new();
    for r in &t.rows {
        if line_share.contains(&&*r.standard) && r.product_line.is_none() {
            continue;
        }
        by.entry((
            r.entity_type,
            &*r.standard,
            r.product_line.as_deref(),
            r.period,
        ))
        .or_default()
        .push((&*r.entity, r.numerator, r.denominator));
    }
    for ((kind, standard, line, period), rows) in &by {
        if *kind != EntityType::Territory {
            continue;
        }
        for (territory, num, den) in rows {
            let reps = &by[&(EntityType::Rep, *standard, *line, *period)];
            let (n, d) = reps
                .iter()
                .filter(|(rep, _, _)| territory_of(rep) == *territory)
                .fold((0.0, 0.0), |a, r| (a.0 + r.1, a.1 + r.2));
            assert!(
                (n - num).abs() < 1e-9 && (d - den).abs() < 1e-9,
                "{label} {standard} {line:?} {period} {territory}"
            );
        }
        let (n, d) = rows.iter().fold((0.0, 0.0), |a, r| (a.0 + r.1, a.1 + r.2));
        let company = &by[&(EntityType::Company, *standard, *line, *period)][0];
        assert!(
            (n - company.1).abs() < 1e-6 && (d - company.2).abs() < 1e-6,
            "{label} {standard} {line:?} {period} company"
        );
    }
}

#[test]
fn pacing_shows_what_an_open_window_still_needs() {
    // The window runs to March while the data ends on 29 February.
    let mut config = jan_feb_2024();
    config.to = Month::parse("2024-03");
    let t = run("tiny", &config);
    // Bob's quarter quota is 6000 and he has won 2000: 4000 in the one
    // month left.
    let bob = &t.pacing[&(Rep, "Bob".to_string())];
    assert_eq!(
        (bob.quota, bob.won, bob.months_left, bob.needed_per_month),
        (6000.0, 2000.0, 1, 4000.0)
    );
    // Ann's quota (Jan and Feb, 4000) is already won: nothing more needed.
    assert_eq!(t.pacing[&(Rep, "Ann".to_string())].needed_per_month, 0.0);
    // March is after the as-of month: no data rather than a miss.
    let march = Period::Month(Month::parse("2024-03").unwrap());
    assert_eq!(
        t.get(Rep, "Bob", "quota_attainment", march).unwrap().status,
        Status::NoData
    );
    // A closed window has no pacing.
    assert!(tiny().pacing.is_empty());
}

#[test]
fn rows_made_in_parallel_keep_the_entities_order() {
    // 1,000 entities of 3 rows each: row k of entity i carries numerator
    // 3i + k, so the table must read 0, 1, 2, … 2999 in order.
    let names: Vec<String> = (0..1000).map(|i| format!("rep {i:04}")).collect();
    let entities: Vec<(EntityType, &str)> = names.iter().map(|n| (Rep, n.as_str())).collect();
    let index: std::collections::HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let rows = rows_in_parallel(&entities, 3, |out, kind, entity| {
        for k in 0..3 {
            out.push(MetricRow {
                entity_type: kind,
                entity: Arc::from(entity),
                period: Period::Window,
                standard: Arc::from("s"),
                product_line: None,
                value: None,
                numerator: (3 * index[entity] + k) as f64,
                denominator: 0.0,
                target: 0.0,
                attainment: None,
                status: Status::NoData,
                change: None,
                trailing_3m: None,
                rank_company: None,
                rank_territory: None,
            });
        }
    });
    assert_eq!(rows.len(), 3000);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.numerator, i as f64);
        assert_eq!(&*r.entity, names[i / 3]);
    }
    assert!(rows_in_parallel(&[], 3, |_, _, _| {}).is_empty());
}

#[test]
#[should_panic(expected = "rows of rep")]
fn an_entity_with_the_wrong_number_of_rows_stops_the_build() {
    rows_in_parallel(&[(Rep, "rep")], 2, |_, _, _| {});
}

#[test]
fn each_reps_first_month_is_their_earliest_fact_in_any_table() {
    // By hand from tests/fixtures/full (a few lines of Python over the
    // CSVs: the earliest month of each rep's deals created_on, quotes,
    // leads, activities, contacts, meetings, forecasts and quota periods):
    // Ann's first deal was created in December 2023, before anything else
    // of hers; Bob's and Cy's facts begin in January 2024.
    let t = run("full", &jan_feb_2024());
    let first: Vec<(&str, String)> = t
        .tenure
        .iter()
        .map(|(rep, month)| (rep.as_str(), month.to_string()))
        .collect();
    assert_eq!(
        first,
        [
            ("Ann", "2023-12".to_string()),
            ("Bob", "2024-01".to_string()),
            ("Cy", "2024-01".to_string())
        ]
    );
}
