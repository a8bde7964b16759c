//! The build, owned in one place: the order of the stages, when the
//! tables are freed, the timings and progress. The binary, the tests, the
//! benchmarks and the fuzz targets all run it through [`Build`] (as
//! mdBook's `MDBook::build` and zola's `Site` are run), so none of them
//! re-assembles the sequence by hand:
//!
//! ```text
//! ingest::load      files → typed tables + InputReport
//! standards::compute  tables (consumed) → MetricTable
//! report::build     InputReport + MetricTable → SiteModel
//! site::write       SiteModel + MetricTable → HTML, exports, swapped into place
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::config::Config;
use crate::error::Result;
use crate::ingest::{self, Tables};
use crate::model::{InputReport, Window};
use crate::standards::{self, MetricTable};
use crate::timings::Timings;
use crate::{report, site};

/// Where a build is, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reading and checking the files.
    Reading,
    /// Measuring every standard.
    Computing,
    /// Writing `pages` pages; one [`Progress::PageWritten`] follows each.
    Writing {
        pages: usize,
    },
    PageWritten,
}

/// What a finished build did, for the summary line.
#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    pub reps: usize,
    pub territories: usize,
    pub rows_read: usize,
    pub rows_rejected: usize,
    pub window: Window,
    pub as_of: NaiveDate,
    /// The folder the site was written into.
    pub out: PathBuf,
    /// How long each stage took (`build --timings`).
    pub timings: Timings,
}

type ProgressFn = dyn Fn(Progress) + Sync;

/// One build of one data folder under one (final) configuration.
pub struct Build {
    data_dir: PathBuf,
    config: Config,
    private_pages: bool,
    stream: Option<usize>,
    exit_after: bool,
    progress: Box<ProgressFn>,
}

impl Build {
    /// A build of the exports in `data_dir`. `config` is final (see
    /// [`Config::with_overrides`]): nothing after this changes it.
    pub fn new(data_dir: impl Into<PathBuf>, config: Config) -> Build {
        Build {
            data_dir: data_dir.into(),
            config,
            private_pages: false,
            stream: Some(ingest::BLOCK),
            exit_after: false,
            progress: Box::new(|_| {}),
        }
    }

    /// Also write `private/<rep>/<rep>.html`: each rep's page alone, with
    /// no link to colleagues' pages.
    pub fn private_pages(mut self, yes: bool) -> Build {
        self.private_pages = yes;
        self
    }

    /// Calls `f` as the build moves on (from several threads).
    pub fn on_progress(mut self, f: impl Fn(Progress) + Sync + 'static) -> Build {
        self.progress = Box::new(f);
        self
    }

    /// The process exits right after [`Build::run`]: the build's tables
    /// and pages are not freed one by one, which would only delay the exit.
    pub fn exit_after(mut self) -> Build {
        self.exit_after = true;
        self
    }

    /// Types plain CSV files `block` bytes of lines at a time (`None`:
    /// every file read whole). For tests and fuzzing, which compare the two.
    #[doc(hidden)]
    pub fn read_in_blocks(mut self, block: Option<usize>) -> Build {
        self.stream = block;
        self
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Reads and checks the exports, without measuring: what `check`
    /// prints and `init` writes down.
    pub fn check(&self) -> Result<InputReport> {
        Ok(self.ingest(&mut Timings::default())?.1)
    }

    /// Reads and measures, without writing a site.
    pub fn metrics(&self) -> Result<(InputReport, MetricTable)> {
        let mut timings = Timings::default();
        let (tables, mut input) = self.ingest(&mut timings)?;
        let metrics = self.measure(tables, &mut input, &mut timings)?;
        Ok((input, metrics))
    }

    /// The typed tables as ingestion leaves them, their names as text. For
    /// the tests and fuzz targets that compare two ways of reading.
    #[doc(hidden)]
    pub fn tables(&self) -> Result<(ingest::TextTables, InputReport)> {
        let (tables, input) = self.ingest(&mut Timings::default())?;
        Ok((tables.decoded()?, input))
    }

    /// The whole build: the site written into [`Config::out`], replacing
    /// the previous one only when every file is written.
    pub fn run(&self) -> Result<Summary> {
        self.refuse_inputs_inside_out()?;
        let mut timings = Timings::default();
        let (tables, mut input) = self.ingest(&mut timings)?;
        (self.progress)(Progress::Computing);
        let metrics = self.measure(tables, &mut input, &mut timings)?;
        let on_page = || (self.progress)(Progress::PageWritten);
        let written = site::write(&metrics, &self.config, &mut timings, |dir, parts| {
            let start = Instant::now();
            let model = report::build(&input, &metrics, &self.config);
            parts.push(("page models", start.elapsed()));
            (self.progress)(Progress::Writing {
                pages: model.reps.len() + model.territories.len() + 2,
            });
            let start = Instant::now();
            let pages =
                site::render_pages(&model, &self.config, dir, &on_page, self.private_pages)?;
            parts.push(("charts and pages", start.elapsed()));
            Ok((pages, model))
        })?;
        let model = written.made;
        let summary = Summary {
            pages: written.pages,
            reps: model.reps.len(),
            territories: model.territories.len(),
            rows_read: input.rows_read(),
            rows_rejected: input.rows_rejected(),
            window: metrics.window,
            as_of: metrics.as_of,
            out: self.config.out.clone(),
            timings,
        };
        if self.exit_after {
            std::mem::forget((input, metrics, model));
        }
        Ok(summary)
    }

    /// Replacing the output folder deletes everything in it: a data
    /// folder, config file or templates folder inside it (after resolving
    /// symlinks) would be lost with the old site, so the build is refused
    /// before any work.
    fn refuse_inputs_inside_out(&self) -> Result<()> {
        let Some(out) = crate::fs::resolved(&self.config.out) else {
            return Ok(());
        };
        let inputs = [
            ("the data folder", Some(self.data_dir.as_path())),
            ("the config file", self.config.source.as_deref()),
            ("the templates folder", self.config.templates_dir.as_deref()),
        ];
        for (what, path) in inputs {
            let Some(path) = path.and_then(crate::fs::resolved) else {
                continue;
            };
            if path.starts_with(&out) {
                return Err(crate::Error::Usage(format!(
                    "{what} {} lies inside the output folder {}, which each build replaces \
                     (and so would delete it); choose an --out outside it",
                    path.display(),
                    self.config.out.display()
                )));
            }
        }
        Ok(())
    }

    /// Stage 1: every file read, recognised, typed, given its meaning and
    /// checked.
    fn ingest(&self, timings: &mut Timings) -> Result<(Tables, InputReport)> {
        (self.progress)(Progress::Reading);
        let started = Instant::now();
        let loaded = ingest::load(&self.data_dir, &self.config, self.stream);
        timings.record("reading and checking files", started.elapsed());
        let (tables, input) = loaded?;
        for (step, took) in &input.steps {
            timings.record_detail(step, *took);
        }
        Ok((tables, input))
    }

    /// Stage 2: the window resolved, every standard measured; the tables
    /// are consumed and freed on the way. A window that holds no fact at
    /// all is said, not left to look like a quarter of zeros.
    fn measure(
        &self,
        tables: Tables,
        input: &mut InputReport,
        timings: &mut Timings,
    ) -> Result<MetricTable> {
        let window = standards::resolve_window(input, &self.config);
        // One end given, the other from the data: the length is known only now.
        if window.0.len() > crate::config::MAX_WINDOW_MONTHS as usize {
            return Err(crate::Error::Usage(format!(
                "the window {} to {} spans {} months; at most {} (ten years) fit on a \
                 scorecard; give --from and --to",
                window.0.from,
                window.0.to,
                window.0.len(),
                crate::config::MAX_WINDOW_MONTHS
            )));
        }
        let (from, to) = (window.0.from.first_day(), window.0.to.last_day());
        let holds_facts = input
            .tables
            .iter()
            .filter_map(|t| t.date_range)
            .any(|(first, last)| first <= to && last >= from);
        if !holds_facts {
            input.findings.push(crate::model::Finding {
                severity: crate::model::Severity::Warning,
                kind: crate::model::FindingKind::EmptyWindow,
                table: None,
                file: None,
                line: None,
                column: None,
                rep: None,
                records: Vec::new(),
                message: crate::model::Message::EmptyWindow {
                    from: window.0.from,
                    to: window.0.to,
                },
            });
        }
        standards::compute(tables, &input.roster, &self.config, window, timings)
    }
}
