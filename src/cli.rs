//! The command line: arguments (clap derive; the doc comments are the help
//! text) and one short function per subcommand wiring the stages together.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::demo::{self, DemoOptions};
use crate::error::{Error, Result};
use crate::ingest;
use crate::model::{Month, Severity};
use crate::timings::Timings;
use crate::{report, site, standards};

/// Turn CRM exports into a static website of sales-performance scorecards.
#[derive(Debug, Parser)]
#[command(name = "yardstick", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the scorecard site from a folder of CRM exports.
    Build(BuildArgs),
    /// Load and validate the exports and list every problem found, without building.
    Check(CheckArgs),
    /// Write a synthetic CRM export to try yardstick on.
    Demo(DemoArgs),
    /// Write a commented yardstick.toml holding the default standard.
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Folder holding the CRM exports.
    #[arg(default_value = "data")]
    pub data_dir: PathBuf,
    /// Configuration file [default: ./yardstick.toml, else DATA_DIR/yardstick.toml, else built-in defaults].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folder to write the site into; replaced whole only when the build succeeds.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// First month of the report window, YYYY-MM [default: 11 months before --to].
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub from: Option<Month>,
    /// Last month of the report window, YYYY-MM [default: the month of --as-of].
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub to: Option<Month>,
    /// Date the data is current to, YYYY-MM-DD [default: the newest date in the data].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Print how long each stage took (reading, each standard, pages).
    #[arg(long)]
    pub timings: bool,
    /// Print nothing but errors: no progress and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also write private/<rep>/<rep>.html per rep: that rep's page alone,
    /// with no link to colleagues' pages, to hand to the rep.
    #[arg(long)]
    pub private: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folder holding the CRM exports.
    #[arg(default_value = "data")]
    pub data_dir: PathBuf,
    /// Configuration file [default: ./yardstick.toml when present, else built-in defaults].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder to write the synthetic export into (created if missing).
    #[arg(default_value = "data")]
    pub dir: PathBuf,
    /// Number of sales reps.
    #[arg(long, default_value_t = 24)]
    pub reps: usize,
    /// Number of months of history.
    #[arg(long, default_value_t = 12)]
    pub months: usize,
    /// Random seed; the same seed and --end give byte-identical files.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Last month with data, YYYY-MM [default: the last complete month].
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub end: Option<Month>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write yardstick.toml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Folder of exports whose recognised layout (tables, columns, date and
    /// number formats) is written into the config [default: DIR/data when
    /// present, else DIR itself when it holds exports].
    #[arg(long, value_name = "DATA_DIR")]
    pub data: Option<PathBuf>,
    /// Replace an existing yardstick.toml.
    #[arg(long)]
    pub force: bool,
}

fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text).ok_or_else(|| format!("expected a month like 2024-03, found \"{text}\""))
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2024-03-31, found \"{text}\""))
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Demo(args) => run_demo(args),
        Command::Init(args) => init(args),
    }
}

/// The config: `--config`, else `./yardstick.toml`, else the one `init`
/// wrote beside the exports, else the built-in defaults.
fn load_config(explicit: Option<&Path>, data_dir: &Path) -> Result<Config> {
    let beside_data = data_dir.join("yardstick.toml");
    match explicit {
        Some(path) => Config::load(path),
        None if Path::new("yardstick.toml").is_file() => Config::load(Path::new("yardstick.toml")),
        None if beside_data.is_file() => Config::load(&beside_data),
        None => Ok(Config::default()),
    }
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let mut timings = Timings::default();
    let mut config = load_config(args.config.as_deref(), &args.data_dir)?;
    config.from = args.from.or(config.from);
    config.to = args.to.or(config.to);
    config.as_of = args.as_of.or(config.as_of);
    if let (Some(from), Some(to)) = (config.from, config.to) {
        if from > to {
            return Err(Error::Usage(format!(
                "the window starts ({from}) after it ends ({to}); give --from before --to"
            )));
        }
    }
    // Progress on a terminal only; the bar stays hidden for short builds.
    let progress = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    };
    progress.set_message("reading files");
    let mut data = timings.time("reading and checking files", || {
        ingest::load(&args.data_dir, &config)
    })?;
    for (step, took) in &data.steps {
        timings.record_detail(step, *took);
    }
    progress.set_message("computing standards");
    let (window, as_of) = standards::resolve_window(&data, &config);
    standards::drop_unread_columns(&mut data.tables, &config);
    let measured = standards::measure(
        &mut data.tables,
        &data.roster,
        &config,
        window,
        as_of,
        &mut timings,
    )?;
    // Everything after reads only the measurements: free the tables
    // before the metric rows are made (memory peaks here otherwise).
    drop(std::mem::take(&mut data.tables));
    crate::memory::release_freed();
    let metrics = standards::score(measured, &data.roster, &config, &mut timings);
    let model = timings.time("page models", || report::build(&data, &metrics, &config));
    progress.set_message("writing pages");
    progress.set_length((model.reps.len() + model.territories.len() + 2) as u64);
    let summary = site::write(
        &model,
        &metrics,
        &config,
        &args.out,
        &mut timings,
        &|| progress.inc(1),
        args.private,
    )?;
    progress.finish_and_clear();

    let rows: usize = data.reports.iter().map(|r| r.rows_read).sum();
    let rejected: usize = data.reports.iter().map(|r| r.rows_rejected).sum();
    let fmt = crate::report::format::Formatter::new(crate::config::Language::En, "$");
    let mut err = std::io::stderr().lock();
    if !args.quiet {
        let _ = writeln!(
            err,
            "Wrote {} pages ({} reps, {} territories) to {} from {} rows in {:.1} s, window {} to {}, data as of {}.",
            fmt.number(summary.pages as f64, 0),
            model.reps.len(),
            model.territories.len(),
            args.out.display(),
            fmt.number(rows as f64, 0),
            started.elapsed().as_secs_f64(),
            window.from,
            window.to,
            as_of
        );
    }
    if rejected > 0 {
        let _ = writeln!(
            err,
            "{rejected} row(s) were rejected and left out; see {}/data-quality.html or run `yardstick check`.",
            args.out.display()
        );
    }
    if args.timings {
        let _ = write!(err, "Timings:\n{}", timings.report());
    }
    // The process ends here: freeing millions of rows one by one would
    // only delay the exit.
    std::mem::forget((data, metrics, model));
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let config = load_config(args.config.as_deref(), &args.data_dir)?;
    let data = ingest::load(&args.data_dir, &config)?;
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}", check_report(&data));
    let errors = data
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "{errors} error(s) in the data: the rows named above are left out of every standard."
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The text `check` prints: per table its files, counts and date range,
/// then every finding.
pub fn check_report(data: &ingest::Dataset) -> String {
    let mut s = String::new();
    for r in &data.reports {
        let range = r
            .date_range
            .map(|(a, b)| format!("{a} to {b}"))
            .unwrap_or_else(|| "no dates".into());
        s.push_str(&format!(
            "{:<11} {} read, {} rejected, {} duplicate; {range}\n",
            r.table.name(),
            r.rows_read,
            r.rows_rejected,
            r.rows_duplicate,
        ));
        for f in &r.files {
            s.push_str(&format!(
                "  {}: {} rows, {} rejected — {} layout; {}\n",
                f.file, f.rows_read, f.rows_rejected, f.crm, f.format
            ));
            for (canonical, source) in &f.mapping {
                let format = f
                    .value_formats
                    .iter()
                    .find(|(c, _)| c == canonical)
                    .map(|(_, v)| format!(" ({v})"))
                    .unwrap_or_default();
                s.push_str(&format!("    {canonical:<18} ← {source}{format}\n"));
            }
            if !f.ignored_columns.is_empty() {
                s.push_str(&format!("    ignored: {}\n", f.ignored_columns.join(", ")));
            }
        }
    }
    s.push_str(&format!(
        "{} reps in {} territories\n",
        data.roster.reps.len(),
        data.roster.territories().len()
    ));
    if data.findings.is_empty() {
        s.push_str("No findings.\n");
    } else {
        s.push_str("Findings:\n");
        for f in &data.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            s.push_str(&format!("  {level}: {f}\n"));
        }
    }
    s
}

fn run_demo(args: DemoArgs) -> Result<ExitCode> {
    let end = args
        .end
        .unwrap_or_else(|| Month::of_date(chrono::Local::now().date_naive()) + -1);
    let options = DemoOptions {
        reps: args.reps,
        months: args.months,
        seed: args.seed,
        end,
    };
    let written = demo::generate(&args.dir, &options)?;
    let rows: usize = written.iter().map(|w| w.1).sum();
    eprintln!(
        "Wrote {} files ({rows} rows) for {} reps over {} months ending {end} to {}.",
        written.len(),
        args.reps,
        args.months,
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The `[tables]` and `[stages]` of what `init` found in the exports, for
/// the manager to check and correct: the config always wins over detection.
pub fn understood_toml(data: &ingest::Dataset) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from(
        "\n# ---------------------------------------------------------------------------\n\
         # What yardstick recognised in the exports. Correct anything it got wrong:\n\
         # these settings win over detection.\n",
    );
    let mut stages = std::collections::BTreeSet::new();
    for r in &data.reports {
        for (i, f) in r.files.iter().enumerate() {
            out.push_str(&format!(
                "\n# {}: {} {} ({}).\n",
                f.file, f.crm, r.table, f.format
            ));
            for (canonical, source) in &f.mapping {
                if !f.renames.iter().any(|(c, _)| c == canonical) {
                    out.push_str(&format!("#   {canonical} ← {source}\n"));
                }
            }
            stages.extend(f.unmapped_stages.iter().cloned());
            // A table's section can be written once; more files of it share it.
            if i > 0 {
                out.push_str(&format!(
                    "# (read as {} too; its section is above)\n",
                    r.table
                ));
                continue;
            }
            out.push_str(&format!(
                "[tables.{}]\nsource = {}\n",
                r.table,
                quote(&f.file)
            ));
            if let Some(order) = f.date_order {
                let name = match order {
                    ingest::values::DateOrder::Dmy => "dmy",
                    ingest::values::DateOrder::Mdy => "mdy",
                    ingest::values::DateOrder::Ymd => "ymd",
                };
                out.push_str(&format!("date_order = \"{name}\"\n"));
            }
            if f.decimal.is_some() {
                out.push_str("decimal = \"comma\"\n");
            }
            if !f.renames.is_empty() {
                out.push_str(&format!("[tables.{}.columns]\n", r.table));
                for (canonical, header) in &f.renames {
                    out.push_str(&format!("{canonical} = {}\n", quote(header)));
                }
            }
        }
    }
    if !stages.is_empty() {
        out.push_str(
            "\n# Stages nothing marks as won or lost; they count as open until mapped.\n[stages]\n",
        );
        for stage in stages {
            out.push_str(&format!("{} = \"open\"\n", quote(&stage)));
        }
    }
    out
}

fn init(args: InitArgs) -> Result<ExitCode> {
    let path = args.dir.join("yardstick.toml");
    if path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} already exists; edit it, or pass --force to replace it",
            path.display()
        )));
    }
    std::fs::create_dir_all(&args.dir).map_err(|source| Error::Io {
        action: "create",
        path: args.dir.clone(),
        source,
    })?;
    // The exports: --data, else DIR/data, else DIR itself when it holds
    // exports (`yardstick init exports/`).
    let holds_exports = |dir: &Path| {
        dir.is_dir()
            && ingest::discover::discover(dir, &Config::default())
                .is_ok_and(|found| !found.candidates.is_empty())
    };
    let data_dir = args
        .data
        .clone()
        .or_else(|| Some(args.dir.join("data")).filter(|d| d.is_dir()))
        .or_else(|| Some(args.dir.clone()).filter(|d| holds_exports(d)));
    let mut text = crate::config::starter_toml();
    if let Some(data_dir) = &data_dir {
        let data = ingest::load(data_dir, &Config::default())?;
        text.push_str(&understood_toml(&data));
    }
    std::fs::write(&path, text).map_err(|source| Error::Io {
        action: "write",
        path: path.clone(),
        source,
    })?;
    eprintln!("Wrote {}.", path.display());
    Ok(ExitCode::SUCCESS)
}
