//! `yardstick demo`: a synthetic CRM export in canonical form, for trying
//! yardstick, for the bundled sample and for benchmarks.
//!
//! Reps have a character that holds over time — selling skill, response to
//! leads, CRM hygiene, diligence, meeting attendance, customer care — so
//! every standard shows a spread of met, near and missed. Volumes follow a
//! season; deal sizes are lognormal; a few reps join part-way through.
//! Everything is drawn from one seeded ChaCha stream, so a seed and an end
//! month always give byte-identical files.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Normal, Poisson};

use crate::error::{Error, Result};
use crate::model::{Month, Table};

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub reps: usize,
    pub months: usize,
    pub seed: u64,
    /// The last month with data.
    pub end: Month,
}

/// Row counts written per table, for the command's summary.
pub type Written = Vec<(Table, usize)>;

const LINES: [(&str, f64); 8] = [
    ("Espresso Machines", 1.6),
    ("Grinders", 0.7),
    ("Brewers", 1.0),
    ("Water Systems", 0.8),
    ("Cold Brew", 0.9),
    ("Service Plans", 0.5),
    ("Accessories", 0.3),
    ("Smart Monitoring", 1.2),
];

const TERRITORIES: [&str; 8] = [
    "North", "South", "East", "West", "Central", "Coastal", "Mountain", "Lakes",
];

const FIRST: [&str; 24] = [
    "Ava", "Ben", "Chloe", "Dmitri", "Elena", "Felix", "Grace", "Hugo", "Iris", "Jonas", "Kira",
    "Liam", "Maya", "Nikolai", "Olivia", "Pavel", "Quinn", "Rosa", "Sam", "Tanya", "Umar", "Vera",
    "Will", "Yuki",
];

const LAST: [&str; 24] = [
    "Abbott", "Baker", "Chen", "Dvorak", "Evans", "Fischer", "Garcia", "Hansen", "Ivanova",
    "Jensen", "Kowalski", "Larsen", "Morozov", "Nguyen", "Okafor", "Petrova", "Quinlan", "Rossi",
    "Sokolov", "Tanaka", "Usman", "Volkova", "Weber", "Young",
];

const KINDS: [(&str, f64); 6] = [
    ("call", 0.45),
    ("email", 0.30),
    ("meeting", 0.12),
    ("demo", 0.05),
    ("event", 0.03),
    ("task", 0.05),
];

/// A rep's lasting character; each trait is around 1.0 for an average rep.
struct Rep {
    name: String,
    territory: &'static str,
    manager: String,
    /// First month with activity (a rep joining mid-window starts later).
    start: Month,
    skill: f64,
    responsiveness: f64,
    hygiene: f64,
    diligence: f64,
    attendance: f64,
    care: f64,
    forecast_bias: f64,
    /// Product lines this rep tends to neglect.
    neglects: Vec<usize>,
}

struct Writers {
    dir: std::path::PathBuf,
    counts: Written,
}

impl Writers {
    fn create(&self, table: Table, header: &[&str]) -> Result<csv::Writer<BufWriter<File>>> {
        let path = self.dir.join(format!("{table}.csv"));
        let file = File::create(&path).map_err(|source| Error::Io {
            action: "create",
            path: path.clone(),
            source,
        })?;
        let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
        w.write_record(header).map_err(|e| csv_error(&path, e))?;
        Ok(w)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Writes one file per canonical table into `dir` (created if missing).
pub fn generate(dir: &Path, options: &DemoOptions) -> Result<Written> {
    if options.reps == 0 || options.months == 0 {
        return Err(Error::Usage(
            "--reps and --months must be at least 1".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        action: "create",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let first = options.end + -(options.months as i32 - 1);
    let reps = make_reps(&mut rng, options, first);
    let mut out = Writers {
        dir: dir.to_path_buf(),
        counts: Vec::new(),
    };
    write_reference(&mut out, &mut rng, &reps)?;
    write_facts(&mut out, &mut rng, &reps, first, options.end)?;
    Ok(out.counts)
}

fn make_reps(rng: &mut ChaCha8Rng, options: &DemoOptions, first: Month) -> Vec<Rep> {
    let territories = options.reps.div_ceil(6).clamp(1, TERRITORIES.len());
    let trait_dist = Normal::new(1.0_f64, 0.22).expect("valid normal");
    let draw = |rng: &mut ChaCha8Rng, lo: f64, hi: f64| trait_dist.sample(rng).clamp(lo, hi);
    let mut used = std::collections::BTreeSet::new();
    (0..options.reps)
        .map(|i| {
            // Unique names: walk the name grid from a seeded start.
            let mut name;
            let mut k = rng.random_range(0..FIRST.len() * LAST.len());
            loop {
                name = format!(
                    "{} {}",
                    FIRST[k % FIRST.len()],
                    LAST[(k / FIRST.len()) % LAST.len()]
                );
                if k >= FIRST.len() * LAST.len() * 4 {
                    name = format!("{name} {}", k / (FIRST.len() * LAST.len()));
                }
                if used.insert(name.clone()) {
                    break;
                }
                k += 7;
            }
            let territory = TERRITORIES[i % territories];
            // About one rep in twelve joins during the window.
            let start = if options.months >= 6 && i % 12 == 5 {
                first + rng.random_range(3..options.months as i32 - 2)
            } else {
                first
            };
            let neglects = (0..LINES.len()).filter(|_| rng.random_bool(0.12)).collect();
            Rep {
                name,
                territory,
                manager: format!("{} Manager", territory),
                start,
                skill: draw(rng, 0.55, 1.5),
                responsiveness: draw(rng, 0.5, 1.3),
                hygiene: draw(rng, 0.5, 1.3),
                diligence: draw(rng, 0.55, 1.4),
                attendance: draw(rng, 0.6, 1.2),
                care: draw(rng, 0.6, 1.3),
                forecast_bias: draw(rng, 0.7, 1.3),
                neglects,
            }
        })
        .collect()
}

fn write_reference(out: &mut Writers, rng: &mut ChaCha8Rng, reps: &[Rep]) -> Result<()> {
    let path = out.dir.join("reps.csv");
    let mut w = out.create(Table::Reps, &["rep", "territory", "manager", "active"])?;
    for rep in reps {
        let record = [
            rep.name.as_str(),
            rep.territory,
            rep.manager.as_str(),
            "true",
        ];
        w.write_record(record).map_err(|e| csv_error(&path, e))?;
    }
    finish(w, &path)?;
    out.counts.push((Table::Reps, reps.len()));

    let path = out.dir.join("products.csv");
    let mut w = out.create(Table::Products, &["product", "product_line", "list_price"])?;
    for (line, (name, price)) in LINES.iter().enumerate() {
        for tier in ["Basic", "Pro", "Max"] {
            let factor = match tier {
                "Basic" => 0.6,
                "Pro" => 1.0,
                _ => 1.7,
            };
            let list_price = format!("{:.2}", 4000.0 * price * factor);
            let product = format!("{name} {tier}");
            w.write_record([product.as_str(), LINES[line].0, list_price.as_str()])
                .map_err(|e| csv_error(&path, e))?;
        }
    }
    finish(w, &path)?;
    out.counts.push((Table::Products, LINES.len() * 3));

    let path = out.dir.join("accounts.csv");
    let mut w = out.create(Table::Accounts, &["account", "territory", "owner"])?;
    let mut n = 0;
    for (r, rep) in reps.iter().enumerate() {
        for a in 0..10 {
            let account = account_name(r, a);
            w.write_record([account.as_str(), rep.territory, rep.name.as_str()])
                .map_err(|e| csv_error(&path, e))?;
            n += 1;
        }
    }
    let _ = rng;
    finish(w, &path)?;
    out.counts.push((Table::Accounts, n));
    Ok(())
}

fn account_name(rep: usize, a: usize) -> String {
    const KIND: [&str; 5] = ["Cafe", "Roasters", "Bistro", "Hotel", "Office Park"];
    format!(
        "{} {} {}",
        LAST[(rep * 7 + a) % LAST.len()],
        KIND[a % KIND.len()],
        rep * 10 + a + 1
    )
}

fn finish(mut w: csv::Writer<BufWriter<File>>, path: &Path) -> Result<()> {
    use std::io::Write;
    w.flush().map_err(|source| Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })?;
    let inner = w.into_inner().map_err(|e| Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    inner
        .into_inner()
        .map_err(|e| Error::Io {
            action: "write",
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?
        .flush()
        .map_err(|source| Error::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
}

/// Seasonal volume: a summer dip and a push at the end of each quarter.
fn season(month: Month) -> f64 {
    let m = month.month() as f64;
    let wave = 1.0 + 0.2 * ((m - 4.0) / 12.0 * std::f64::consts::TAU).cos();
    if month.month().is_multiple_of(3) {
        wave * 1.15
    } else {
        wave
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn moment(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn day_in(rng: &mut ChaCha8Rng, month: Month) -> NaiveDate {
    let days = month.last_day().day();
    month.first_day() + Duration::days(rng.random_range(0..days) as i64)
}

fn time_in(rng: &mut ChaCha8Rng, month: Month) -> NaiveDateTime {
    let day = day_in(rng, month);
    let minute = rng.random_range(8 * 60..19 * 60);
    day.and_hms_opt(minute / 60, minute % 60, rng.random_range(0..60))
        .expect("valid time")
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, weighted: &'a [(T, f64)]) -> &'a T {
    let total: f64 = weighted.iter().map(|w| w.1).sum();
    let mut x = rng.random_range(0.0..total);
    for (item, w) in weighted {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &weighted[weighted.len() - 1].0
}

fn count(rng: &mut ChaCha8Rng, mean: f64) -> u64 {
    if mean <= 0.0 {
        return 0;
    }
    Poisson::new(mean)
        .map(|p| p.sample(rng) as u64)
        .unwrap_or(0)
}

/// Average deal amount of a line for an average rep, the basis of quotas.
fn mean_deal(line: usize) -> f64 {
    // LogNormal(mu, 0.6) has mean exp(mu + 0.18); mu = ln(9000 * factor).
    9000.0 * LINES[line].1 * (0.18f64).exp()
}

/// The monthly quota of one line: what an average rep wins there (deals
/// fall evenly on the lines), scaled by the rep's ramp-up.
fn line_quota(line: usize, ramp: f64) -> f64 {
    DEALS_PER_MONTH * BASE_WIN * ramp / LINES.len() as f64 * mean_deal(line)
}

const DEALS_PER_MONTH: f64 = 8.0;
const BASE_WIN: f64 = 0.27;

fn write_facts(
    out: &mut Writers,
    rng: &mut ChaCha8Rng,
    reps: &[Rep],
    first: Month,
    end: Month,
) -> Result<()> {
    let as_of = end.last_day();
    let as_of_moment = as_of.and_hms_opt(23, 59, 59).expect("valid time");
    let dir = out.dir.clone();
    let p = |t: Table| dir.join(format!("{t}.csv"));
    let mut deals = out.create(
        Table::Deals,
        &[
            "deal_id",
            "rep",
            "account",
            "product_line",
            "stage",
            "outcome",
            "created_on",
            "close_date",
            "amount",
            "currency",
            "last_modified",
            "forecast_category",
        ],
    )?;
    let mut quotes = out.create(
        Table::Quotes,
        &[
            "quote_id",
            "rep",
            "product_line",
            "quoted_on",
            "amount",
            "deal_id",
            "status",
        ],
    )?;
    let mut leads = out.create(
        Table::Leads,
        &[
            "lead_id",
            "rep",
            "source",
            "company_generated",
            "created_at",
            "first_contact_at",
            "status",
            "qualified",
            "converted_at",
        ],
    )?;
    let mut activities = out.create(
        Table::Activities,
        &[
            "activity_id",
            "rep",
            "kind",
            "at",
            "product_line",
            "contact_id",
            "account",
        ],
    )?;
    let mut contacts = out.create(
        Table::Contacts,
        &[
            "contact_id",
            "rep",
            "created_on",
            "name",
            "address",
            "phone",
            "email",
            "influencer",
        ],
    )?;
    let mut quotas = out.create(
        Table::Quotas,
        &[
            "rep",
            "territory",
            "period_start",
            "period_end",
            "product_line",
            "amount",
            "units",
        ],
    )?;
    let mut surveys = out.create(
        Table::Surveys,
        &["rep", "account", "answered_on", "score", "scale"],
    )?;
    let mut meetings = out.create(
        Table::Meetings,
        &["meeting_id", "rep", "held_on", "kind", "attended"],
    )?;
    let mut forecasts = out.create(
        Table::Forecasts,
        &["rep", "period_start", "period_end", "amount"],
    )?;
    let mut ratings = out.create(
        Table::Ratings,
        &["rep", "period_start", "standard", "score", "scale"],
    )?;
    let mut n = [0usize; 10];
    let (mut deal_id, mut quote_id, mut lead_id, mut activity_id, mut contact_id, mut meeting_id) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let size_noise = LogNormal::new(0.0_f64, 0.6).expect("valid lognormal");
    let cycle = LogNormal::new(4.25_f64, 0.45).expect("valid lognormal"); // ~70 days median
    macro_rules! row {
        ($w:expr, $t:expr, $i:expr, [$($v:expr),* $(,)?]) => {{
            $w.write_record([$(AsRef::<[u8]>::as_ref(&$v)),*]).map_err(|e| csv_error(&p($t), e))?;
            n[$i] += 1;
        }};
    }

    for (r, rep) in reps.iter().enumerate() {
        // Contacts this rep has made so far, with whether they are influencers.
        let mut rep_contacts: Vec<(String, bool)> = Vec::new();
        // Reps present from the start have six months of deal history.
        let history = if rep.start == first { 6 } else { 0 };
        for month in ((first.0 - history)..=end.0).map(Month) {
            if month < rep.start + -history {
                continue;
            }
            // A rep who joins mid-window ramps up over three months.
            let ramp = if rep.start > first && month < rep.start + 3 {
                0.6
            } else {
                1.0
            };
            let s = season(month);

            // Deals created this month.
            let win = (BASE_WIN * rep.skill.powf(0.8)).min(0.8);
            for _ in 0..count(rng, DEALS_PER_MONTH * s * ramp) {
                deal_id += 1;
                let line = rng.random_range(0..LINES.len());
                let created = day_in(rng, month);
                let close = created + Duration::days(cycle.sample(rng).round() as i64 + 3);
                let amount = 9000.0 * LINES[line].1 * rep.skill.powf(0.4) * size_noise.sample(rng);
                let account = account_name(r, rng.random_range(0..10));
                let won = rng.random_bool(win.clamp(0.01, 0.95));
                let (stage, outcome, close_date, modified, category) = if close <= as_of {
                    let modified = close.and_hms_opt(17, 0, 0).expect("valid time");
                    if won {
                        ("Closed Won", "won", close, modified, "Closed")
                    } else {
                        ("Closed Lost", "lost", close, modified, "Omitted")
                    }
                } else {
                    // Open: a tidy rep touches it recently; others let it go stale,
                    // sometimes past its expected close date.
                    let stale = rng.random_bool((0.5 - 0.35 * rep.hygiene).clamp(0.02, 0.6));
                    let age = if stale {
                        rng.random_range(31..120)
                    } else {
                        rng.random_range(0..25)
                    };
                    let modified = (as_of - Duration::days(age)).max(created);
                    let expected = if stale && rng.random_bool(0.4) {
                        as_of - Duration::days(rng.random_range(1..20))
                    } else {
                        close
                    };
                    let stage =
                        ["Qualify", "Develop", "Propose", "Negotiate"][rng.random_range(0..4)];
                    let category = ["Pipeline", "Best Case", "Commit"][rng.random_range(0..3)];
                    (
                        stage,
                        "open",
                        expected,
                        modified.and_hms_opt(10, 0, 0).expect("valid time"),
                        category,
                    )
                };
                if close_date < first.first_day() {
                    continue; // closed before the export's period
                }
                let id = format!("D-{deal_id:07}");
                row!(
                    deals,
                    Table::Deals,
                    0,
                    [
                        id,
                        rep.name,
                        account,
                        LINES[line].0,
                        stage,
                        outcome,
                        date(created),
                        date(close_date),
                        format!("{:.2}", amount),
                        "USD",
                        moment(modified),
                        category,
                    ]
                );
            }

            // Before the window only deals are made, so that the first months
            // of the window have deals closing in them, as a real export has.
            if month < first || month < rep.start {
                continue;
            }

            // Quotas: one row per line: the amount an average rep wins there,
            // and one unit (so three quotes a line meet the 3× expectation).
            for (line, (line_name, _)) in LINES.iter().enumerate() {
                row!(
                    quotas,
                    Table::Quotas,
                    6,
                    [
                        rep.name,
                        "",
                        date(month.first_day()),
                        date(month.last_day()),
                        line_name,
                        format!("{:.2}", line_quota(line, ramp).round()),
                        format!("{ramp:.2}"),
                    ]
                );
            }

            // Quotes: about three per line-unit of quota, less for the neglected lines.
            let quote_rate = 25.0 * s * ramp * rep.diligence.powf(0.7) * rep.skill.powf(0.3);
            for _ in 0..count(rng, quote_rate) {
                let mut line = rng.random_range(0..LINES.len());
                if rep.neglects.contains(&line) && rng.random_bool(0.85) {
                    line = (line + 1) % LINES.len();
                    if rep.neglects.contains(&line) {
                        continue;
                    }
                }
                quote_id += 1;
                let day = day_in(rng, month);
                let status = if day > as_of - Duration::days(20) {
                    "Open"
                } else if rng.random_bool(win.clamp(0.05, 0.9)) {
                    "Accepted"
                } else {
                    "Declined"
                };
                let deal_ref = if deal_id > 0 && rng.random_bool(0.5) {
                    format!("D-{:07}", rng.random_range(1..=deal_id))
                } else {
                    String::new()
                };
                let amount = 9000.0 * LINES[line].1 * size_noise.sample(rng);
                row!(
                    quotes,
                    Table::Quotes,
                    1,
                    [
                        format!("Q-{quote_id:07}"),
                        rep.name,
                        LINES[line].0,
                        date(day),
                        format!("{:.2}", amount),
                        deal_ref,
                        status,
                    ]
                );
            }

            // Leads: company-generated ones are followed up at the rep's pace.
            for _ in 0..count(rng, 10.0 * s * ramp) {
                lead_id += 1;
                let created = time_in(rng, month);
                let company = rng.random_bool(0.7);
                let source = if company {
                    ["Web form", "Campaign", "Trade show", "Inbound call"][rng.random_range(0..4)]
                } else {
                    ["Referral", "Own network", "Cold outreach"][rng.random_range(0..3)]
                };
                let fast = (0.93 * rep.responsiveness.powf(1.5)).clamp(0.2, 0.995);
                let contact = if rng.random_bool(fast) {
                    Some(created + Duration::minutes(rng.random_range(5..47 * 60)))
                } else if rng.random_bool(0.7) {
                    Some(created + Duration::hours(rng.random_range(49..240)))
                } else {
                    None // never followed up
                };
                let contact = contact.filter(|c| *c <= as_of_moment);
                let qualified = contact.is_some() && rng.random_bool((0.4 * rep.skill).min(0.9));
                let converted = if qualified && rng.random_bool((0.45 * rep.skill).min(0.9)) {
                    contact
                        .map(|c| c + Duration::days(rng.random_range(3..40)))
                        .filter(|c| *c <= as_of_moment)
                } else {
                    None
                };
                let status = match (contact, qualified, converted) {
                    (None, _, _) => "New",
                    (_, _, Some(_)) => "Converted",
                    (_, true, _) => "Qualified",
                    _ => "Unqualified",
                };
                row!(
                    leads,
                    Table::Leads,
                    2,
                    [
                        format!("L-{lead_id:07}"),
                        rep.name,
                        source,
                        if company { "true" } else { "false" },
                        moment(created),
                        contact.map(moment).unwrap_or_default(),
                        status,
                        if qualified { "true" } else { "false" },
                        converted.map(moment).unwrap_or_default(),
                    ]
                );
            }

            // Contacts: complete records from tidy reps.
            for _ in 0..count(rng, 4.0 * ramp * rep.diligence) {
                contact_id += 1;
                let id = format!("C-{contact_id:07}");
                let complete = (0.55 + 0.35 * rep.hygiene).clamp(0.3, 0.98);
                let field = |rng: &mut ChaCha8Rng, text: String| {
                    if rng.random_bool(complete) {
                        text
                    } else {
                        String::new()
                    }
                };
                let first_name = FIRST[rng.random_range(0..FIRST.len())];
                let last_name = LAST[rng.random_range(0..LAST.len())];
                let name = format!("{first_name} {last_name}");
                let street = rng.random_range(1..400);
                let address = field(rng, format!("{street} Market Street, {}", rep.territory));
                let number = rng.random_range(0..10000);
                let phone = field(rng, format!("+1-555-{number:04}"));
                let email = field(
                    rng,
                    format!(
                        "{}.{}@example.com",
                        first_name.to_lowercase(),
                        last_name.to_lowercase()
                    ),
                );
                let influencer = rng.random_bool(0.08);
                row!(
                    contacts,
                    Table::Contacts,
                    3,
                    [
                        id,
                        rep.name,
                        date(day_in(rng, month)),
                        name,
                        address,
                        phone,
                        email,
                        if influencer { "true" } else { "false" },
                    ]
                );
                rep_contacts.push((id, influencer));
            }

            // Activities.
            for _ in 0..count(rng, 80.0 * s * ramp * rep.diligence) {
                activity_id += 1;
                let kind = *pick(rng, &KINDS);
                let line = if matches!(kind, "demo" | "meeting") {
                    LINES[rng.random_range(0..LINES.len())].0
                } else {
                    ""
                };
                let contact = if rep_contacts.is_empty() || rng.random_bool(0.3) {
                    String::new()
                } else {
                    rep_contacts[rng.random_range(0..rep_contacts.len())]
                        .0
                        .clone()
                };
                row!(
                    activities,
                    Table::Activities,
                    4,
                    [
                        format!("A-{activity_id:08}"),
                        rep.name,
                        kind,
                        moment(time_in(rng, month)),
                        line,
                        contact,
                        account_name(r, rng.random_range(0..10)),
                    ]
                );
            }

            // Sales meetings and events.
            for k in 0..2 {
                meeting_id += 1;
                let attended = rng.random_bool((0.9 * rep.attendance).clamp(0.3, 1.0));
                row!(
                    meetings,
                    Table::Meetings,
                    5,
                    [
                        format!("M-{meeting_id:07}"),
                        rep.name,
                        date(day_in(rng, month)),
                        if k == 0 { "sales meeting" } else { "training" },
                        if attended { "true" } else { "false" },
                    ]
                );
            }

            // One customer survey a month; even territories use a 10-point scale.
            let scale = if TERRITORIES
                .iter()
                .position(|t| *t == rep.territory)
                .unwrap_or(0)
                % 2
                == 0
            {
                5.0
            } else {
                10.0
            };
            let mean = (0.55 + 0.3 * rep.care).min(0.98);
            let score = (Normal::new(mean, 0.12)
                .expect("valid normal")
                .sample(rng)
                .clamp(0.1, 1.0)
                * scale)
                .round()
                .max(1.0);
            row!(
                surveys,
                Table::Surveys,
                7,
                [
                    rep.name,
                    account_name(r, rng.random_range(0..10)),
                    date(day_in(rng, month)),
                    format!("{score:.0}"),
                    format!("{scale:.0}"),
                ]
            );

            // The rep's own forecast of what they will win this month.
            let monthly_quota: f64 = (0..LINES.len()).map(|l| line_quota(l, ramp)).sum();
            let forecast = monthly_quota
                * rep.forecast_bias
                * rep.skill.powf(0.5)
                * Normal::new(1.0_f64, 0.1)
                    .expect("valid normal")
                    .sample(rng)
                    .max(0.3);
            row!(
                forecasts,
                Table::Forecasts,
                8,
                [
                    rep.name,
                    date(month.first_day()),
                    date(month.last_day()),
                    format!("{:.2}", forecast.round()),
                ]
            );

            // Quarterly manager ratings.
            if month.month() % 3 == 1 || month == rep.start {
                for standard in ["professionalism", "product_knowledge", "use_of_resources"] {
                    let score = (2.5 + 1.5 * rep.skill.min(1.3) * rng.random_range(0.8..1.1))
                        .round()
                        .clamp(1.0, 5.0);
                    row!(
                        ratings,
                        Table::Ratings,
                        9,
                        [
                            rep.name,
                            date(month.first_day()),
                            standard,
                            format!("{score:.0}"),
                            "5",
                        ]
                    );
                }
            }
        }
    }
    for (w, t) in [
        (deals, Table::Deals),
        (quotes, Table::Quotes),
        (leads, Table::Leads),
        (contacts, Table::Contacts),
        (activities, Table::Activities),
        (meetings, Table::Meetings),
        (quotas, Table::Quotas),
        (surveys, Table::Surveys),
        (forecasts, Table::Forecasts),
        (ratings, Table::Ratings),
    ] {
        finish(w, &p(t))?;
    }
    let order = [
        Table::Deals,
        Table::Quotes,
        Table::Leads,
        Table::Contacts,
        Table::Activities,
        Table::Meetings,
        Table::Quotas,
        Table::Surveys,
        Table::Forecasts,
        Table::Ratings,
    ];
    out.counts.extend(order.iter().copied().zip(n));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> DemoOptions {
        DemoOptions {
            reps: 8,
            months: 6,
            seed: 7,
            end: Month::parse("2024-06").unwrap(),
        }
    }

    #[test]
    fn the_same_seed_writes_the_same_bytes() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(a.path(), &options()).unwrap();
        generate(b.path(), &options()).unwrap();
        for table in Table::ALL {
            let name = format!("{table}.csv");
            let x = std::fs::read(a.path().join(&name)).unwrap();
            let y = std::fs::read(b.path().join(&name)).unwrap();
            assert!(x == y, "{name} differs between two runs with one seed");
        }
    }

    #[test]
    fn every_table_is_written_with_its_canonical_header() {
        let dir = tempfile::tempdir().unwrap();
        let written = generate(dir.path(), &options()).unwrap();
        assert_eq!(written.len(), Table::ALL.len());
        for table in Table::ALL {
            let text = std::fs::read_to_string(dir.path().join(format!("{table}.csv"))).unwrap();
            let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
            let canonical: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
            // Canonical names, in canonical order, every required one present.
            let positions: Vec<usize> = header
                .iter()
                .map(|h| canonical.iter().position(|c| c == h).unwrap())
                .collect();
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "{table}");
            for c in table.columns().iter().filter(|c| c.required) {
                assert!(header.contains(&c.name), "{table} lacks {}", c.name);
            }
        }
        // 8 reps × 6 months × 8 lines of quota, less the months before a
        // late joiner's start (rep 5 of every 12 joins 3..4 months in).
        let quotas = written.iter().find(|(t, _)| *t == Table::Quotas).unwrap().1;
        assert!((7 * 6 * 8 + 8..8 * 6 * 8).contains(&quotas), "{quotas}");
    }
}
