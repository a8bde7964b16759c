//! The command line: arguments (clap derive; the doc comments are the help
//! text) and one short function per subcommand: arguments in, a call to
//! [`Build`], text out. No stage is run from here.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::build::{Build, Progress};
use crate::config::{Config, Overrides};
use crate::demo::{self, DemoOptions};
use crate::error::{Error, Result};
use crate::model::{Month, Severity};

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
    /// Also write metrics.json (metrics.csv and metrics.parquet are always
    /// written); or set `json = true` under [exports] in yardstick.toml.
    #[arg(long)]
    pub json: bool,
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
    /// Replace files of the same names (deals.csv, reps.csv, …) already in DIR.
    #[arg(long)]
    pub force: bool,
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
/// wrote beside the exports, else the built-in defaults; with the command
/// line's overrides folded in (see [`Config::with_overrides`]).
fn load_config(explicit: Option<&Path>, data_dir: &Path, overrides: Overrides) -> Result<Config> {
    let beside_data = data_dir.join("yardstick.toml");
    let config = match explicit {
        Some(path) => Config::load(path)?,
        None if Path::new("yardstick.toml").is_file() => Config::load(Path::new("yardstick.toml"))?,
        None if beside_data.is_file() => Config::load(&beside_data)?,
        None => Config::default(),
    };
    config.with_overrides(overrides)
}

/// A spinner on a terminal only; it stays hidden for short builds.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let overrides = Overrides {
        from: args.from,
        to: args.to,
        as_of: args.as_of,
        out: Some(args.out.clone()),
        json: args.json,
    };
    let config = load_config(args.config.as_deref(), &args.data_dir, overrides)?;
    let bar = progress_bar(args.quiet);
    let shown = bar.clone();
    let summary = Build::new(&args.data_dir, config)
        .private_pages(args.private)
        .exit_after()
        .on_progress(move |step| match step {
            Progress::Reading => shown.set_message("reading files"),
            Progress::Computing => shown.set_message("computing standards"),
            Progress::Writing { pages } => {
                shown.set_message("writing pages");
                shown.set_length(pages as u64);
            }
            Progress::PageWritten => shown.inc(1),
        })
        .run()?;
    bar.finish_and_clear();

    let fmt = crate::report::format::Formatter::new(crate::config::Language::En, "$");
    let mut err = std::io::stderr().lock();
    if !args.quiet {
        let _ = writeln!(
            err,
            "Wrote {} pages ({} reps, {} territories) to {} from {} rows in {:.1} s, window {} to {}, data as of {}.",
            fmt.number(summary.pages as f64, 0),
            summary.reps,
            summary.territories,
            summary.out.display(),
            fmt.number(summary.rows_read as f64, 0),
            started.elapsed().as_secs_f64(),
            summary.window.from,
            summary.window.to,
            summary.as_of
        );
    }
    if summary.rows_rejected > 0 {
        let _ = writeln!(
            err,
            "{} row(s) were rejected and left out; see {}/data-quality.html or run `yardstick check`.",
            summary.rows_rejected,
            summary.out.display()
        );
    }
    if args.timings {
        let _ = write!(err, "Timings:\n{}", summary.timings.report());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let config = load_config(args.config.as_deref(), &args.data_dir, Overrides::default())?;
    let input = Build::new(&args.data_dir, config).check()?;
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}", crate::check::report(&input));
    let errors = input
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
    // A folder of real exports named like the demo's files would be
    // overwritten without a trace: refuse unless asked.
    if !args.force {
        let clashes = demo::files_it_would_replace(&args.dir);
        if !clashes.is_empty() {
            return Err(Error::Usage(format!(
                "{} already holds {}, which the demo would overwrite; choose an empty folder, \
                 or pass --force to replace them",
                args.dir.display(),
                clashes.join(", ")
            )));
        }
    }
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

fn init(args: InitArgs) -> Result<ExitCode> {
    let path = args.dir.join("yardstick.toml");
    if path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} already exists; edit it, or pass --force to replace it",
            path.display()
        )));
    }
    crate::fs::create_dir_all(&args.dir)?;
    // The exports: --data, else DIR/data, else DIR itself when it holds
    // exports (`yardstick init exports/`).
    let data_dir = args
        .data
        .clone()
        .or_else(|| Some(args.dir.join("data")).filter(|d| d.is_dir()))
        .or_else(|| Some(args.dir.clone()).filter(|d| crate::ingest::holds_exports(d)));
    let mut text = crate::config::starter_toml();
    if let Some(data_dir) = &data_dir {
        let input = Build::new(data_dir, Config::default()).check()?;
        text.push_str(&crate::check::understood_toml(&input));
    }
    crate::fs::write(&path, text.as_bytes())?;
    eprintln!("Wrote {}.", path.display());
    Ok(ExitCode::SUCCESS)
}
