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
        let file = crate::fs::create(&path)?;
        let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
        w.write_record(header).map_err(|e| csv_error(&path, e))?;
        Ok(w)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    crate::fs::io_error("write", path)(std::io::Error::other(e.to_string()))
}

/// The files in `dir` that [`generate`] would write over.
pub fn files_it_would_replace(dir: &Path) -> Vec<String> {
    Table::ALL
        .iter()
        .map(|t| format!("{t}.csv"))
        .filter(|name| dir.join(name).exists())
        .collect()
}

/// Writes one file per canonical table into `dir` (created if missing).
pub fn generate(dir: &Path, options: &DemoOptions) -> Result<Written> {
    if options.reps == 0 || options.months == 0 {
        return Err(Error::Usage(
            "--reps and --months must be at least 1".into(),
        ));
    }
    crate::fs::create_dir_all(dir)?;
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

/// The window's first month: the earliest any rep starts.
fn first_month(reps: &[Rep]) -> Month {
    reps.iter()
        .map(|r| r.start)
        .min()
        .expect("at least one rep")
}

fn write_reference(out: &mut Writers, rng: &mut ChaCha8Rng, reps: &[Rep]) -> Result<()> {
    let path = out.dir.join("reps.csv");
    let mut w = out.create(
        Table::Reps,
        &["rep", "territory", "manager", "active", "start_date"],
    )?;
    let first = first_month(reps);
    for (i, rep) in reps.iter().enumerate() {
        // A rep there from the first month started one to four years
        // before; one who joins later started in their first month.
        let started = if rep.start == first {
            rep.start + -(12 + (i as i32 * 7) % 36)
        } else {
            rep.start
        };
        let started = started.first_day().format("%Y-%m-%d").to_string();
        let record = [
            rep.name.as_str(),
            rep.territory,
            rep.manager.as_str(),
            "true",
            started.as_str(),
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
    let failed = crate::fs::io_error("write", path);
    w.flush()
        .map_err(csv::Error::from)
        .and_then(|()| w.into_inner().map_err(|e| csv::Error::from(e.into_error())))
        .map_err(|e| csv_error(path, e))?
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|mut file| file.flush())
        .map_err(failed)
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

/// One fact table's open file, with its path (for errors) and rows written.
struct TableFile {
    table: Table,
    path: std::path::PathBuf,
    writer: csv::Writer<BufWriter<File>>,
    rows: usize,
}

impl TableFile {
    /// Creates the table's file and writes its header.
    fn open(out: &Writers, table: Table, header: &[&str]) -> Result<TableFile> {
        let path = out.dir.join(format!("{table}.csv"));
        let writer = out.create(table, header)?;
        Ok(TableFile {
            table,
            path,
            writer,
            rows: 0,
        })
    }

    /// Writes one row and counts it.
    fn write(&mut self, record: &[&str]) -> Result<()> {
        self.writer
            .write_record(record)
            .map_err(|e| csv_error(&self.path, e))?;
        self.rows += 1;
        Ok(())
    }
}

/// The open files of the fact tables, written to side by side.
struct FactFiles {
    deals: TableFile,
    quotes: TableFile,
    leads: TableFile,
    activities: TableFile,
    contacts: TableFile,
    quotas: TableFile,
    surveys: TableFile,
    meetings: TableFile,
    forecasts: TableFile,
    ratings: TableFile,
}

impl FactFiles {
    /// Creates every fact file with its header, in a fixed order.
    fn open(out: &Writers) -> Result<FactFiles> {
        let deals = TableFile::open(
            out,
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
        let quotes = TableFile::open(
            out,
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
        let leads = TableFile::open(
            out,
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
                "deal_id",
            ],
        )?;
        let activities = TableFile::open(
            out,
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
        let contacts = TableFile::open(
            out,
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
        let quotas = TableFile::open(
            out,
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
        let surveys = TableFile::open(
            out,
            Table::Surveys,
            &["rep", "account", "answered_on", "score", "scale"],
        )?;
        let meetings = TableFile::open(
            out,
            Table::Meetings,
            &["meeting_id", "rep", "held_on", "kind", "attended"],
        )?;
        let forecasts = TableFile::open(
            out,
            Table::Forecasts,
            &["rep", "period_start", "period_end", "amount"],
        )?;
        let ratings = TableFile::open(
            out,
            Table::Ratings,
            &["rep", "period_start", "standard", "score", "scale"],
        )?;
        Ok(FactFiles {
            deals,
            quotes,
            leads,
            activities,
            contacts,
            quotas,
            surveys,
            meetings,
            forecasts,
            ratings,
        })
    }

    /// Flushes every file, then records the row counts in the summary's order.
    fn close(self, out: &mut Writers) -> Result<()> {
        let files = [
            self.deals,
            self.quotes,
            self.leads,
            self.contacts,
            self.activities,
            self.meetings,
            self.quotas,
            self.surveys,
            self.forecasts,
            self.ratings,
        ];
        let mut counts = Vec::with_capacity(files.len());
        for file in files {
            counts.push((file.table, file.rows));
            finish(file.writer, &file.path)?;
        }
        out.counts.extend(counts);
        Ok(())
    }
}

/// What every rep-month shares: the window, the export date and the
/// deal-size and sales-cycle distributions.
struct FactContext {
    first: Month,
    end: Month,
    as_of: NaiveDate,
    as_of_moment: NaiveDateTime,
    size_noise: LogNormal<f64>,
    cycle: LogNormal<f64>,
}

/// The last id issued per table; ids run on across reps, and quotes refer
/// back to deals issued so far.
#[derive(Default)]
struct Ids {
    deal: u64,
    quote: u64,
    lead: u64,
    activity: u64,
    contact: u64,
    meeting: u64,
}

/// One rep in one month, with that month's scaling.
struct RepMonth<'a> {
    rep: &'a Rep,
    /// The rep's position, which picks their block of accounts.
    index: usize,
    month: Month,
    /// Below 1.0 while a rep who joined mid-window ramps up.
    ramp: f64,
    /// Seasonal volume factor.
    season: f64,
    /// Chance that a deal is won, from the rep's skill.
    win: f64,
}

/// Writes the fact tables in one pass over reps and months; the draw order fixes the bytes.
fn write_facts(
    out: &mut Writers,
    rng: &mut ChaCha8Rng,
    reps: &[Rep],
    first: Month,
    end: Month,
) -> Result<()> {
    let as_of = end.last_day();
    let mut files = FactFiles::open(out)?;
    let ctx = FactContext {
        first,
        end,
        as_of,
        as_of_moment: as_of.and_hms_opt(23, 59, 59).expect("valid time"),
        size_noise: LogNormal::new(0.0_f64, 0.6).expect("valid lognormal"),
        cycle: LogNormal::new(4.25_f64, 0.45).expect("valid lognormal"), // ~70 days median
    };
    let mut ids = Ids::default();
    for (index, rep) in reps.iter().enumerate() {
        write_rep_facts(&mut files, &mut ids, rng, &ctx, rep, index)?;
    }
    files.close(out)
}

/// Writes one rep's months; within a month the tables' draws interleave, so keep their order.
fn write_rep_facts(
    files: &mut FactFiles,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
    ctx: &FactContext,
    rep: &Rep,
    index: usize,
) -> Result<()> {
    // Contacts this rep has made so far, with whether they are influencers.
    let mut rep_contacts: Vec<(String, bool)> = Vec::new();
    // Reps present from the start have six months of deal history.
    let history = if rep.start == ctx.first { 6 } else { 0 };
    for month in ((ctx.first.0 - history)..=ctx.end.0).map(Month) {
        if month < rep.start + -history {
            continue;
        }
        // A rep who joins mid-window ramps up over three months.
        let ramp = if rep.start > ctx.first && month < rep.start + 3 {
            0.6
        } else {
            1.0
        };
        let at = RepMonth {
            rep,
            index,
            month,
            ramp,
            season: season(month),
            win: (BASE_WIN * rep.skill.powf(0.8)).min(0.8),
        };
        let first_deal = ids.deal + 1;
        write_deals(&mut files.deals, ids, rng, ctx, &at)?;
        let month_deals = first_deal..=ids.deal;
        // Before the window only deals are made, so that the first months
        // of the window have deals closing in them, as a real export has.
        if month < ctx.first || month < rep.start {
            continue;
        }
        write_quotas(&mut files.quotas, &at)?;
        write_quotes(&mut files.quotes, ids, rng, ctx, &at)?;
        write_leads(&mut files.leads, ids, rng, ctx, &at, month_deals)?;
        write_contacts(&mut files.contacts, ids, rng, &at, &mut rep_contacts)?;
        write_activities(&mut files.activities, ids, rng, &at, &rep_contacts)?;
        write_meetings(&mut files.meetings, ids, rng, &at)?;
        write_survey(&mut files.surveys, rng, &at)?;
        write_forecast(&mut files.forecasts, rng, &at)?;
        write_ratings(&mut files.ratings, rng, &at)?;
    }
    Ok(())
}

/// Writes a rep's deals of one month; those closed before the window still use ids and draws.
fn write_deals(
    deals: &mut TableFile,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
    ctx: &FactContext,
    at: &RepMonth,
) -> Result<()> {
    let rep = at.rep;
    for _ in 0..count(rng, DEALS_PER_MONTH * at.season * at.ramp) {
        ids.deal += 1;
        let line = rng.random_range(0..LINES.len());
        let created = day_in(rng, at.month);
        let close = created + Duration::days(ctx.cycle.sample(rng).round() as i64 + 3);
        let amount = 9000.0 * LINES[line].1 * rep.skill.powf(0.4) * ctx.size_noise.sample(rng);
        let account = account_name(at.index, rng.random_range(0..10));
        let won = rng.random_bool(at.win.clamp(0.01, 0.95));
        let (stage, outcome, close_date, modified, category) = if close <= ctx.as_of {
            let modified = close.and_hms_opt(17, 0, 0).expect("valid time");
            if won {
                ("Closed Won", "won", close, modified, "Closed")
            } else {
                ("Closed Lost", "lost", close, modified, "Omitted")
            }
        } else {
            let (stage, expected, modified, category) =
                open_deal(rng, rep, created, close, ctx.as_of);
            (stage, "open", expected, modified, category)
        };
        if close_date < ctx.first.first_day() {
            continue; // closed before the export's period
        }
        deals.write(&[
            &format!("D-{:07}", ids.deal),
            &rep.name,
            &account,
            LINES[line].0,
            stage,
            outcome,
            &date(created),
            &date(close_date),
            &format!("{:.2}", amount),
            "USD",
            &moment(modified),
            category,
        ])?;
    }
    Ok(())
}

/// Stage, expected close, last change and category of an open deal; untidy reps let deals go stale.
fn open_deal(
    rng: &mut ChaCha8Rng,
    rep: &Rep,
    created: NaiveDate,
    close: NaiveDate,
    as_of: NaiveDate,
) -> (&'static str, NaiveDate, NaiveDateTime, &'static str) {
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
    let stage = ["Qualify", "Develop", "Propose", "Negotiate"][rng.random_range(0..4)];
    let category = ["Pipeline", "Best Case", "Commit"][rng.random_range(0..3)];
    (
        stage,
        expected,
        modified.and_hms_opt(10, 0, 0).expect("valid time"),
        category,
    )
}

/// Writes a rep's monthly quota per line: an average rep's wins there, and one unit (three quotes).
fn write_quotas(quotas: &mut TableFile, at: &RepMonth) -> Result<()> {
    for (line, (line_name, _)) in LINES.iter().enumerate() {
        quotas.write(&[
            &at.rep.name,
            "",
            &date(at.month.first_day()),
            &date(at.month.last_day()),
            *line_name,
            &format!("{:.2}", line_quota(line, at.ramp).round()),
            &format!("{:.2}", at.ramp),
        ])?;
    }
    Ok(())
}

/// Writes a rep's quotes of one month: about three per line-unit of quota, fewer if neglected.
fn write_quotes(
    quotes: &mut TableFile,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
    ctx: &FactContext,
    at: &RepMonth,
) -> Result<()> {
    let rep = at.rep;
    let quote_rate = 25.0 * at.season * at.ramp * rep.diligence.powf(0.7) * rep.skill.powf(0.3);
    for _ in 0..count(rng, quote_rate) {
        let mut line = rng.random_range(0..LINES.len());
        if rep.neglects.contains(&line) && rng.random_bool(0.85) {
            line = (line + 1) % LINES.len();
            if rep.neglects.contains(&line) {
                continue;
            }
        }
        ids.quote += 1;
        let day = day_in(rng, at.month);
        let status = if day > ctx.as_of - Duration::days(20) {
            "Open"
        } else if rng.random_bool(at.win.clamp(0.05, 0.9)) {
            "Accepted"
        } else {
            "Declined"
        };
        let deal_ref = if ids.deal > 0 && rng.random_bool(0.5) {
            format!("D-{:07}", rng.random_range(1..=ids.deal))
        } else {
            String::new()
        };
        let amount = 9000.0 * LINES[line].1 * ctx.size_noise.sample(rng);
        quotes.write(&[
            &format!("Q-{:07}", ids.quote),
            &rep.name,
            LINES[line].0,
            &date(day),
            &format!("{:.2}", amount),
            &deal_ref,
            status,
        ])?;
    }
    Ok(())
}

/// Writes a rep's leads of one month, followed up at the rep's pace. A
/// converted lead names one of the deals the rep opened that month, in
/// turn (no draw of its own, so the other tables stay as they were).
fn write_leads(
    leads: &mut TableFile,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
    ctx: &FactContext,
    at: &RepMonth,
    mut month_deals: std::ops::RangeInclusive<u64>,
) -> Result<()> {
    let rep = at.rep;
    for _ in 0..count(rng, 10.0 * at.season * at.ramp) {
        ids.lead += 1;
        let created = time_in(rng, at.month);
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
        let contact = contact.filter(|c| *c <= ctx.as_of_moment);
        let qualified = contact.is_some() && rng.random_bool((0.4 * rep.skill).min(0.9));
        let converted = if qualified && rng.random_bool((0.45 * rep.skill).min(0.9)) {
            contact
                .map(|c| c + Duration::days(rng.random_range(3..40)))
                .filter(|c| *c <= ctx.as_of_moment)
        } else {
            None
        };
        let status = match (contact, qualified, converted) {
            (None, _, _) => "New",
            (_, _, Some(_)) => "Converted",
            (_, true, _) => "Qualified",
            _ => "Unqualified",
        };
        leads.write(&[
            &format!("L-{:07}", ids.lead),
            &rep.name,
            source,
            if company { "true" } else { "false" },
            &moment(created),
            &contact.map(moment).unwrap_or_default(),
            status,
            if qualified { "true" } else { "false" },
            &converted.map(moment).unwrap_or_default(),
            &converted
                .and_then(|_| month_deals.next())
                .map(|d| format!("D-{d:07}"))
                .unwrap_or_default(),
        ])?;
    }
    Ok(())
}

/// Writes a rep's new contacts of one month and keeps them for the rep's activities.
fn write_contacts(
    contacts: &mut TableFile,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
    at: &RepMonth,
    rep_contacts: &mut Vec<(String, bool)>,
) -> Result<()> {
    let rep = at.rep;
    for _ in 0..count(rng, 4.0 * at.ramp * rep.diligence) {
        ids.contact += 1;
        let id = format!("C-{:07}", ids.contact);
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
        contacts.write(&[
            &id,
            &rep.name,
            &date(day_in(rng, at.month)),
            &name,
            &address,
            &phone,
            &email,
            if influencer { "true" } else { "false" },
        ])?;
        rep_contacts.push((id, influencer));
    }
    Ok(())
}

/// Writes a rep's activities of one month, often with one of the rep's contacts.
fn write_activities(
    activities: &mut TableFile,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
    at: &RepMonth,
    rep_contacts: &[(String, bool)],
) -> Result<()> {
    let rep = at.rep;
    for _ in 0..count(rng, 80.0 * at.season * at.ramp * rep.diligence) {
        ids.activity += 1;
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
        activities.write(&[
            &format!("A-{:08}", ids.activity),
            &rep.name,
            kind,
            &moment(time_in(rng, at.month)),
            line,
            &contact,
            &account_name(at.index, rng.random_range(0..10)),
        ])?;
    }
    Ok(())
}

/// Writes a rep's sales meeting and training of one month, attended at the rep's rate.
fn write_meetings(
    meetings: &mut TableFile,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
    at: &RepMonth,
) -> Result<()> {
    for k in 0..2 {
        ids.meeting += 1;
        let attended = rng.random_bool((0.9 * at.rep.attendance).clamp(0.3, 1.0));
        meetings.write(&[
            &format!("M-{:07}", ids.meeting),
            &at.rep.name,
            &date(day_in(rng, at.month)),
            if k == 0 { "sales meeting" } else { "training" },
            if attended { "true" } else { "false" },
        ])?;
    }
    Ok(())
}

/// Writes a rep's one customer survey of a month; even territories use a 10-point scale.
fn write_survey(surveys: &mut TableFile, rng: &mut ChaCha8Rng, at: &RepMonth) -> Result<()> {
    let rep = at.rep;
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
    surveys.write(&[
        &rep.name,
        &account_name(at.index, rng.random_range(0..10)),
        &date(day_in(rng, at.month)),
        &format!("{score:.0}"),
        &format!("{scale:.0}"),
    ])
}

/// Writes the rep's own forecast of what they will win in one month.
fn write_forecast(forecasts: &mut TableFile, rng: &mut ChaCha8Rng, at: &RepMonth) -> Result<()> {
    let rep = at.rep;
    let monthly_quota: f64 = (0..LINES.len()).map(|l| line_quota(l, at.ramp)).sum();
    let forecast = monthly_quota
        * rep.forecast_bias
        * rep.skill.powf(0.5)
        * Normal::new(1.0_f64, 0.1)
            .expect("valid normal")
            .sample(rng)
            .max(0.3);
    forecasts.write(&[
        &rep.name,
        &date(at.month.first_day()),
        &date(at.month.last_day()),
        &format!("{:.2}", forecast.round()),
    ])
}

/// Writes a manager's ratings of a rep, each quarter and in the rep's first month.
fn write_ratings(ratings: &mut TableFile, rng: &mut ChaCha8Rng, at: &RepMonth) -> Result<()> {
    let rep = at.rep;
    if at.month.month() % 3 == 1 || at.month == rep.start {
        for standard in ["professionalism", "product_knowledge", "use_of_resources"] {
            let score = (2.5 + 1.5 * rep.skill.min(1.3) * rng.random_range(0.8..1.1))
                .round()
                .clamp(1.0, 5.0);
            ratings.write(&[
                &rep.name,
                &date(at.month.first_day()),
                standard,
                &format!("{score:.0}"),
                "5",
            ])?;
        }
    }
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
