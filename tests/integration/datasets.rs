//! Acceptance on the real public exports in ../shared/datasets/, built with
//! only what `yardstick init --data` writes. Every expected number was
//! computed independently of yardstick, with the Python beside it (run in
//! the dataset folder). The tests skip when the datasets are absent, unless
//! YARDSTICK_REQUIRE_DATASETS is set (as .ci/run does).

use std::path::PathBuf;

use crate::{read_metrics, text, yardstick};

fn dataset(name: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets")
        .join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("YARDSTICK_REQUIRE_DATASETS").is_none(),
        "{} is missing and YARDSTICK_REQUIRE_DATASETS is set",
        dir.display()
    );
    eprintln!("skipped: {} is not here", dir.display());
    None
}

/// `init --data`, then `build` with that config; returns metric lookups.
fn init_and_build(name: &str) -> Option<impl Fn(&str, &str, &str, &str) -> (f64, f64) + use<>> {
    let data = dataset(name)?;
    let label = name.to_string();
    let tmp = tempfile::tempdir().unwrap();
    let init = yardstick(tmp.path(), &["init", ".", "--data", data.to_str().unwrap()]);
    assert!(init.status.success(), "{label}: {}", text(&init.stderr));
    let build = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert!(build.status.success(), "{label}: {}", text(&build.stderr));
    let metrics = read_metrics(&tmp.path().join("output/metrics.csv"));
    Some(
        move |kind: &str, entity: &str, period: &str, standard: &str| {
            let r = metrics
                .get(&(kind.into(), entity.into(), period.into(), standard.into()))
                .unwrap_or_else(|| panic!("{label}: no row {kind} {entity} {period} {standard}"));
            (
                r["numerator"].parse().unwrap(),
                r["denominator"].parse().unwrap(),
            )
        },
    )
}

#[test]
fn maven_won_deals_and_amount_per_regional_office() {
    // teams = {r['sales_agent']: r['regional_office'] for r in csv.DictReader(open('sales_teams.csv'))}
    // for r in csv.DictReader(open('sales_pipeline.csv')):
    //     if r['deal_stage'] == 'Won' and r['close_date'].startswith('2017-06'):
    //         n[teams[r['sales_agent']]] += 1; amount[...] += float(r['close_value'])
    // → Central 216 / 409268, East 145 / 446825, West 170 / 482373.
    // Closed (Won or Lost) in 2017: Central 1629 won of 2604, East 1171 of 1858, West 1438 of 2249.
    let Some(row) = init_and_build("maven-crm-sales-opportunities") else {
        return;
    };
    for (office, won, amount, won_year, closed_year) in [
        ("Central", 216.0, 409_268.0, 1629.0, 2604.0),
        ("East", 145.0, 446_825.0, 1171.0, 1858.0),
        ("West", 170.0, 482_373.0, 1438.0, 2249.0),
    ] {
        assert_eq!(
            row("territory", office, "2017-06", "win_rate").0,
            won,
            "{office}"
        );
        assert_eq!(
            row("territory", office, "2017-06", "quota_attainment").0,
            amount,
            "{office}"
        );
        assert_eq!(
            row("territory", office, "window", "win_rate"),
            (won_year, closed_year),
            "{office}"
        );
    }
}

#[test]
fn d365_quarter_quota_attainment_per_owner() {
    // Won opportunities (Status == 'Won') with Actual Close Date in Jan–Mar
    // 2025, summing Actual Revenue per Owner; personal goals for Q1 FY2025
    // from Goal.csv (the team goal "Sales Team Q1 FY2025" is a parent and
    // not a quota):
    //   Eric Boocock  511500 of 1500000;  Alan Ross 921100 of 900000;
    //   Pooja Bhalla 1233250 of 1000000.
    let Some(row) = init_and_build("d365-sales-contoso-coffee") else {
        return;
    };
    for (owner, won, goal) in [
        ("Eric Boocock", 511_500.0, 1_500_000.0),
        ("Alan Ross", 921_100.0, 900_000.0),
        ("Pooja Bhalla", 1_233_250.0, 1_000_000.0),
    ] {
        let quarter = ["2025-01", "2025-02", "2025-03"]
            .iter()
            .map(|m| row("rep", owner, m, "quota_attainment"))
            .fold((0.0, 0.0), |a, r| (a.0 + r.0, a.1 + r.1));
        assert!(
            (quarter.0 - won).abs() < 0.01 && (quarter.1 - goal).abs() < 0.01,
            "{owner}: {quarter:?}"
        );
    }
}

#[test]
fn salesforce_api_export_win_rate() {
    // Opportunity.csv rows with IsClosed == '1', by CloseDate within the
    // window (Feb 2023 – Jan 2024), all owned by one user id:
    //   sum(IsWon == '1') of count(IsClosed == '1').
    let Some(row) = init_and_build("salesforce-api-export-sfdc-assets") else {
        return;
    };
    let (won, closed) = row("rep", "005Ec000004oBPNIA2", "window", "win_rate");
    assert_eq!((won, closed), expected_sfdc());
}

/// Computed from the file without yardstick's parsers: IsWon/IsClosed are
/// "1" or empty; CloseDate is ISO.
fn expected_sfdc() -> (f64, f64) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/salesforce-api-export-sfdc-assets/Opportunity.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (won_at, closed_at, date_at) = (at("IsWon"), at("IsClosed"), at("CloseDate"));
    let (mut won, mut closed) = (0.0, 0.0);
    for r in reader.records() {
        let r = r.unwrap();
        let date = &r[date_at];
        if &r[closed_at] == "1"
            && ("2023-02-01".."2024-02-01").contains(&date)
            && date <= "2024-01-22"
        {
            closed += 1.0;
            if &r[won_at] == "1" {
                won += 1.0;
            }
        }
    }
    (won, closed)
}

#[test]
fn salesforce_dev_edition_sample_builds_under_one_placeholder_owner() {
    // Opportunity.csv has no OwnerId: every deal is scored under "(no
    // owner)". Closed deals: IsClosed == TRUE with CloseDate (MM/DD/YY) in
    // Apr 2025 – Mar 2026.
    let Some(row) = init_and_build("salesforce-dev-edition-sample") else {
        return;
    };
    let data = dataset("salesforce-dev-edition-sample").unwrap();
    let mut reader = csv::Reader::from_path(data.join("Opportunity.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (closed_at, won_at, date_at) = (at("IsClosed"), at("IsWon"), at("CloseDate"));
    let (mut won, mut closed) = (0.0, 0.0);
    for r in reader.records() {
        let r = r.unwrap();
        let parts: Vec<u32> = r[date_at].split('/').map(|p| p.parse().unwrap()).collect();
        let month = (2000 + parts[2]) * 12 + parts[0] - 1;
        if &r[closed_at] == "TRUE" && (2025 * 12 + 3..=2026 * 12 + 2).contains(&month) {
            closed += 1.0;
            if &r[won_at] == "TRUE" {
                won += 1.0;
            }
        }
    }
    assert_eq!(
        row("rep", "(no owner)", "window", "win_rate"),
        (won, closed)
    );
}
