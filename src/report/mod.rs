//! The metric table (and findings) → one plain view model per page: text
//! already formatted in the report language, links already relative, chart
//! data already gathered. Templates only lay these out.
//!
//! Entry point: [`build`].

pub mod format;
pub mod labels;
pub mod slug;

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Language, Standard};
use crate::model::{
    EntityType, FindingKind, InputReport, MetricRow, Month, Period, Severity, Status, Table,
};
use crate::standards::catalogue::{self, Direction, Unit, OVERALL};
use crate::standards::{MetricTable, COMPANY};
use format::Formatter;
use labels::{Label, Labels};
use slug::Slugger;

/// Everything the site writes.
#[derive(Debug, Serialize)]
pub struct SiteModel {
    pub meta: Meta,
    pub company: Page,
    pub territories: Vec<Page>,
    pub reps: Vec<Page>,
    pub quality: QualityPage,
}

/// What every page shows in its header and footer.
#[derive(Debug, Serialize)]
pub struct Meta {
    pub title: String,
    pub language: &'static str,
    pub window: String,
    pub as_of: String,
    pub t: BTreeMap<&'static str, &'static str>,
    /// The standards as configured, for the methodology appendix.
    pub standards: Vec<StandardInfo>,
    /// A warning every page carries: the deals had no owner column, so
    /// every deal is under one placeholder rep.
    pub notice: Option<&'static str>,
    /// The dense cells' symbols and status words, as CSS (`.s-met::before
    /// { content: "✓ " / "" }`, `.s-met::after { content: " met" }`).
    pub status_css: String,
}

#[derive(Debug, Serialize)]
pub struct StandardInfo {
    pub id: String,
    pub title: String,
    pub definition: String,
    pub target: String,
    pub direction: &'static str,
    pub weight: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub href: String,
}

/// A rep, territory or company scorecard.
#[derive(Debug, Serialize)]
pub struct Page {
    pub kind: &'static str,
    pub name: String,
    /// Path from the site root, e.g. `reps/ava-abbott.html`.
    pub path: String,
    /// Prefix that leads from this page back to the site root.
    pub root: String,
    pub territory: Option<Link>,
    pub manager: Option<String>,
    pub overall: Cell,
    pub rank_company: Option<String>,
    pub rank_territory: Option<String>,
    /// For a rep in their first months: why they have no rank, and since
    /// when ("Ramping … since Sep 2026").
    pub ramping: Option<String>,
    /// Some month of the grid is still maturing (its legend is shown).
    pub maturing: bool,
    /// The running header of every printed page (issue 15, item 7): the
    /// entity and the window, as a CSS string, escaped for a `<style>`.
    pub print_header: String,
    /// Quota pacing for a window still open: what is needed a month.
    pub pacing: Option<String>,
    pub standards: Vec<StandardRow>,
    /// Per product line, for the standards that have lines.
    pub lines: Option<LinesTable>,
    pub month_labels: Vec<String>,
    /// Territory page: its reps; company page: its territories.
    pub members: Vec<MemberRow>,
    /// Company page: every rep.
    pub leaderboard: Vec<MemberRow>,
    pub charts: Vec<BarChart>,
    pub findings: Vec<FindingView>,
}

/// A formatted value with its status, for a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    /// The value rounded for dense tables (the month-by-month matrix).
    pub short: String,
    pub status: &'static str,
    pub status_label: &'static str,
    /// A status symbol so status never depends on colour alone.
    pub symbol: &'static str,
}

/// A cell of a dense table (the month grid, the product lines): the short
/// value and its status, nothing a dense cell does not show. A rep page
/// has ~300 of them; each field is copied into the template's values.
#[derive(Debug, Clone, Serialize)]
pub struct DenseCell {
    pub short: String,
    pub status: &'static str,
    /// A month too young for its leads to have converted yet (issue 15,
    /// item 6): shown with a mark, its value not yet a verdict.
    pub maturing: bool,
}

/// One standard on a scorecard.
#[derive(Debug, Serialize)]
pub struct StandardRow {
    pub id: String,
    pub title: String,
    pub value: Cell,
    pub target: String,
    /// Capped attainment as a percentage of the bar (0–150).
    pub bar: f64,
    pub attainment: String,
    /// "12 won of 40 closed": where the number came from.
    pub basis: String,
    pub months: Vec<DenseCell>,
    /// Month values for the sparkline, and the target it is drawn against.
    pub spark: Vec<Option<f64>>,
    pub spark_target: f64,
    /// The last measured month against the month before: "▲ 3.2 pp".
    pub change: String,
}

#[derive(Debug, Serialize)]
pub struct LinesTable {
    pub headers: Vec<String>,
    pub rows: Vec<LineRow>,
}

#[derive(Debug, Serialize)]
pub struct LineRow {
    pub line: String,
    pub cells: Vec<DenseCell>,
}

/// A row of a members table or the leaderboard.
#[derive(Debug, Serialize)]
pub struct MemberRow {
    pub link: Link,
    pub territory: Option<Link>,
    pub rank: Option<u32>,
    /// A rep in their first months, not ranked.
    pub ramping: bool,
    pub overall: Cell,
    pub cells: Vec<Cell>,
}

/// A bar chart with an optional target per bar: monthly won amount against
/// quota, quotes against the quote multiple per line, the lead funnel, lead
/// response times. The same data feeds the SVG, its description and the
/// table beside it.
#[derive(Debug, Clone, Serialize)]
pub struct BarChart {
    /// Unique within the page; names the SVG's title and desc.
    pub id: String,
    pub title: String,
    /// Full labels, for the description and the data table.
    pub labels: Vec<String>,
    /// Short labels under the bars.
    pub axis_labels: Vec<String>,
    pub bars: Vec<f64>,
    /// Per bar; empty when the chart has no targets.
    pub targets: Vec<Option<f64>>,
    /// Axis in money rather than counts.
    pub money: bool,
    pub bar_label: String,
    pub target_label: String,
    pub bar_text: Vec<String>,
    pub target_text: Vec<String>,
    /// What the chart counts, when its title cannot say it all; else empty.
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub severity: &'static str,
    pub place: String,
    pub message: String,
    /// In a language other than English: the message as `check` gives it
    /// (its values, ids and counts); else empty.
    pub detail: String,
    /// The standards the problem changes, by title.
    pub affects: String,
    /// On a rep's page, of a finding about many reps' rows: how many are
    /// this rep's and which ("This rep's (2): D-1, D-7"); else empty.
    pub theirs: String,
}

#[derive(Debug, Serialize)]
pub struct QualityPage {
    pub path: String,
    pub root: String,
    pub tables: Vec<TableView>,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
pub struct TableView {
    pub table: &'static str,
    pub files: Vec<String>,
    pub rows_read: String,
    pub rows_rejected: String,
    pub rows_duplicate: String,
    pub dates: String,
}

/// The metric rows by entity, then by (standard, line), then period. One
/// map of every row took 0.3 s at 2,000 reps on one thread, most of it
/// cache misses (issue 16); grouped by entity — a hash only where the
/// entity changes, the rows of one entity being made together — each
/// entity's small map of runs is built the first time a page asks for it,
/// on the thread building that page.
struct Index<'a> {
    entities: HashMap<(EntityType, &'a str), EntityRows<'a>>,
}

/// One entity's rows, and their runs once asked for.
#[derive(Default)]
struct EntityRows<'a> {
    rows: Vec<&'a MetricRow>,
    runs: std::sync::OnceLock<HashMap<RunKey<'a>, Run>>,
}

/// Where a standard and line's rows are among an entity's rows.
struct Run {
    rows: std::ops::Range<usize>,
    /// The same key in a later run too (not how the standards make rows,
    /// but the table does not forbid it): those rows are searched as well.
    more: bool,
}

/// A standard and product line: the rows of one run, a row per period.
type RunKey<'a> = (&'a str, Option<&'a str>);

type RowKey<'a> = (&'a str, Option<&'a str>, Period);

impl<'a> Index<'a> {
    fn new(rows: &'a [MetricRow]) -> Index<'a> {
        let same_entity = |a: &MetricRow, b: &MetricRow| {
            a.entity_type == b.entity_type
                && (std::sync::Arc::ptr_eq(&a.entity, &b.entity) || a.entity == b.entity)
        };
        let mut entities: HashMap<(EntityType, &'a str), EntityRows<'a>> = HashMap::new();
        // Each run of one entity's rows is added at once (an entity in
        // several runs still gets all of them).
        let mut start = 0;
        for end in 1..=rows.len() {
            if end == rows.len() || !same_entity(&rows[end - 1], &rows[end]) {
                let first = &rows[start];
                entities
                    .entry((first.entity_type, &*first.entity))
                    .or_default()
                    .rows
                    .extend(&rows[start..end]);
                start = end;
            }
        }
        Index { entities }
    }

    /// The row of `key`. An entity's rows come a standard and line at a
    /// time, a row per period: its map holds each such run, hashed once
    /// (not each row), and the period is found within the run — the page
    /// models' lookups were a third of their time at L (issue 16). Rows of
    /// one key in several runs are each found, the first run first.
    fn get(
        &self,
        entity_type: EntityType,
        entity: &str,
        key: &RowKey<'_>,
    ) -> Option<&'a MetricRow> {
        let entity_rows = self.entities.get(&(entity_type, entity))?;
        let runs = entity_rows.runs.get_or_init(|| {
            let rows = &entity_rows.rows;
            let run_key = |r: &'a MetricRow| (&*r.standard, r.product_line.as_deref());
            let mut runs: HashMap<RunKey<'a>, Run> = HashMap::new();
            let mut start = 0;
            for end in 1..=rows.len() {
                if end == rows.len() || run_key(rows[end - 1]) != run_key(rows[end]) {
                    runs.entry(run_key(rows[start]))
                        .and_modify(|run| run.more = true)
                        .or_insert(Run {
                            rows: start..end,
                            more: false,
                        });
                    start = end;
                }
            }
            runs
        });
        let (standard, line, period) = *key;
        let run = runs.get(&(standard, line))?;
        let rows = &entity_rows.rows;
        let found = rows[run.rows.clone()].iter().find(|r| r.period == period);
        match found {
            None if run.more => rows[run.rows.end..].iter().find(|r| {
                &*r.standard == standard && r.product_line.as_deref() == line && r.period == period
            }),
            found => found,
        }
        .copied()
    }
}

/// Builds every page's view model.
pub fn build(input: &InputReport, metrics: &MetricTable, config: &Config) -> SiteModel {
    let fmt = Formatter::new(config.language, &config.currency);
    let t = Labels::new(config.language);
    let index = Index::new(&metrics.rows);
    let cx = Cx {
        config,
        fmt: &fmt,
        t: &t,
        index: &index,
        metrics,
    };

    let mut rep_slugs = Slugger::default();
    let rep_links: BTreeMap<&str, Link> = input
        .roster
        .reps
        .keys()
        .map(|name| {
            let link = Link {
                name: name.clone(),
                href: format!("reps/{}.html", rep_slugs.slug(name)),
            };
            (name.as_str(), link)
        })
        .collect();
    let mut territory_slugs = Slugger::default();
    let territory_links: BTreeMap<&str, Link> = input
        .roster
        .territories()
        .into_iter()
        .map(|name| {
            let link = Link {
                name: name.to_string(),
                href: format!("territories/{}.html", territory_slugs.slug(name)),
            };
            (name, link)
        })
        .collect();

    // How many reps have an overall score, in the company and per
    // territory: the "n" of each "rank / n".
    let mut company_ranked = 0;
    let mut territory_ranked: HashMap<&str, usize> = HashMap::new();
    for (name, info) in &input.roster.reps {
        if cx
            .row(EntityType::Rep, name, OVERALL, None, Period::Window)
            .is_some_and(|r| r.rank_company.is_some())
        {
            company_ranked += 1;
            *territory_ranked.entry(info.territory.as_str()).or_default() += 1;
        }
    }
    // Each rep's findings: those about the rep, and those about rows of
    // several reps that name some of theirs (with their share).
    type Theirs<'f> = (
        &'f crate::model::Finding,
        Option<&'f crate::model::RepRecords>,
    );
    let mut findings_of: HashMap<&str, Vec<Theirs>> = HashMap::new();
    for f in &input.findings {
        if let Some(rep) = f.rep.as_deref() {
            findings_of.entry(rep).or_default().push((f, None));
        }
        for records in &f.records {
            findings_of
                .entry(records.rep.as_str())
                .or_default()
                .push((f, Some(records)));
        }
    }
    // Rep pages are independent: build their models in parallel.
    let roster_reps: Vec<_> = input.roster.reps.iter().collect();
    // The rep pages, the territory pages and the company's are
    // independent: made side by side (the company's alone left a core
    // idle at the end of the stage).
    let (reps, (territories, company)) = rayon::join(
        || {
            roster_reps
                .par_iter()
                .map(|(name, info)| {
                    let link = &rep_links[name.as_str()];
                    let mut page = cx.page("rep", EntityType::Rep, name, &link.href);
                    page.territory =
                        Some(relative(&territory_links[info.territory.as_str()], "../"));
                    page.manager = info.manager.clone();
                    let overall = cx.row(EntityType::Rep, name, OVERALL, None, Period::Window);
                    page.rank_company = overall
                        .and_then(|r| r.rank_company)
                        .map(|r| format!("{r} / {company_ranked}"));
                    let territory_ranked = territory_ranked
                        .get(info.territory.as_str())
                        .copied()
                        .unwrap_or(0);
                    page.rank_territory = overall
                        .and_then(|r| r.rank_territory)
                        .map(|r| format!("{r} / {territory_ranked}"));
                    if let (true, Some(since)) = (
                        metrics.ramping.contains(name.as_str()),
                        metrics.tenure_of(name),
                    ) {
                        page.ramping = Some(format!(
                            "{} {}.",
                            t.get(Label::RampingNote),
                            fmt.month(since)
                        ));
                    }
                    page.findings = findings_of
                        .get(name.as_str())
                        .into_iter()
                        .flatten()
                        .map(|(f, records)| {
                            let mut view = finding_view(&t, config)(f);
                            if let Some(r) = records {
                                view.theirs = format!(
                                    "{} {}",
                                    t.get(Label::TheirRecords),
                                    records_text(&fmt, r)
                                );
                            }
                            view
                        })
                        .collect();
                    page
                })
                .collect()
        },
        || {
            rayon::join(
                || {
                    let territory_list: Vec<(&&str, &Link)> = territory_links.iter().collect();
                    territory_list
                        .par_iter()
                        .map(|(name, link)| {
                            let mut page =
                                cx.page("territory", EntityType::Territory, name, &link.href);
                            let mut members: Vec<MemberRow> = input
                                .roster
                                .reps_in(name)
                                .map(|rep| {
                                    let rank = cx
                                        .row(EntityType::Rep, rep, OVERALL, None, Period::Window)
                                        .and_then(|r| r.rank_territory);
                                    cx.member(
                                        EntityType::Rep,
                                        rep,
                                        relative(&rep_links[rep], "../"),
                                        None,
                                        rank,
                                    )
                                })
                                .collect();
                            members
                                .sort_by_key(|m| (m.rank.is_none(), m.rank, m.link.name.clone()));
                            page.members = members;
                            page
                        })
                        .collect()
                },
                || {
                    let mut company =
                        cx.page("company", EntityType::Company, COMPANY, "index.html");
                    company.name = config.title.clone();
                    // Printed pages name the organisation, as the heading does, not the
                    // company's id in the metric table.
                    company.print_header = cx.print_header(&company.name);
                    company.members = territory_links
                        .iter()
                        .map(|(name, link)| {
                            cx.member(EntityType::Territory, name, link.clone(), None, None)
                        })
                        .collect();
                    let mut leaderboard: Vec<MemberRow> = roster_reps
                        .par_iter()
                        .map(|(name, info)| {
                            cx.member(
                                EntityType::Rep,
                                name,
                                rep_links[name.as_str()].clone(),
                                Some(territory_links[info.territory.as_str()].clone()),
                                cx.row(EntityType::Rep, name, OVERALL, None, Period::Window)
                                    .and_then(|r| r.rank_company),
                            )
                        })
                        .collect();
                    leaderboard.sort_by_key(|m| (m.rank.is_none(), m.rank, m.link.name.clone()));
                    company.leaderboard = leaderboard;
                    company
                },
            )
        },
    );

    let quality = QualityPage {
        path: "data-quality.html".into(),
        root: String::new(),
        tables: input
            .tables
            .iter()
            .map(|r| TableView {
                table: t.get(Label::of_table(r.table)),
                files: r.files.iter().map(|f| f.file.clone()).collect(),
                rows_read: fmt.number(r.rows_read as f64, 0),
                rows_rejected: fmt.number(r.rows_rejected as f64, 0),
                rows_duplicate: fmt.number(r.rows_duplicate as f64, 0),
                dates: r
                    .date_range
                    .map(|(a, b)| format!("{} – {}", fmt.date(a), fmt.date(b)))
                    .unwrap_or_default(),
            })
            .collect(),
        findings: input
            .findings
            .iter()
            .map(|f| {
                let mut view = finding_view(&t, config)(f);
                // Whose rows these are (issue 15, item 10): "Ann 2, Bob 1".
                if !f.records.is_empty() {
                    let reps: Vec<String> = f
                        .records
                        .iter()
                        .map(|r| format!("{} {}", r.rep, records_text(&fmt, r)))
                        .collect();
                    view.theirs = format!("{}: {}", t.get(Label::ByRep), reps.join("; "));
                }
                view
            })
            .collect(),
    };

    SiteModel {
        meta: Meta {
            title: config.title.clone(),
            language: match config.language {
                Language::En => "en",
                Language::Ru => "ru",
            },
            window: format!(
                "{} – {}",
                fmt.month(metrics.window.from),
                fmt.month(metrics.window.to)
            ),
            as_of: fmt.date(metrics.as_of),
            standards: config
                .standards
                .iter()
                .map(|s| StandardInfo {
                    id: s.id.clone(),
                    title: s.title(config.language).to_string(),
                    definition: s.definition(config.language).to_string(),
                    target: cx.value_text(s, s.target),
                    direction: match s.direction {
                        Direction::Higher => t.get(Label::Higher),
                        Direction::Lower => t.get(Label::Lower),
                    },
                    weight: fmt.number(s.weight, 1),
                })
                .collect(),
            t: t.by_key(),
            notice: input
                .findings
                .iter()
                .any(|f| f.kind == FindingKind::NoOwnerColumn && f.table == Some(Table::Deals))
                .then(|| t.get(Label::NoOwnerNotice)),
            status_css: status_css(&t),
        },
        company,
        territories,
        reps,
        quality,
    }
}

/// A link made relative to a page `prefix` levels below the root.
fn relative(link: &Link, prefix: &str) -> Link {
    Link {
        name: link.name.clone(),
        href: format!("{prefix}{}", link.href),
    }
}

/// A status's symbol, so status never depends on colour alone.
fn symbol_of(status: Status) -> &'static str {
    match status {
        Status::Met => "✓",
        Status::Near => "≈",
        Status::Missed => "✗",
        Status::NoData => "·",
    }
}

/// The rules that give a dense cell (`s-<status>`) its symbol, hidden
/// from screen readers (`/ ""`; a browser without alt text for generated
/// content keeps the first `content`), and its status word, read but not
/// shown. At 2,000 reps the leaderboard carried them in every cell: 6 MB.
fn status_css(t: &Labels) -> String {
    [Status::Met, Status::Near, Status::Missed, Status::NoData]
        .iter()
        .map(|&status| {
            let symbol = css_string(&format!("{} ", symbol_of(status)));
            let word = css_string(&format!(" {}", t.get(Label::of_status(status))));
            format!(
                ".s-{name}::before {{ content: {symbol}; content: {symbol} / \"\"; }}\n\
                 .s-{name}::after {{ content: {word}; }}\n",
                name = status.name()
            )
        })
        .collect()
}

/// `text` as a quoted CSS string that is safe inside `<style>`: quotes
/// and backslashes escaped, and line breaks, control characters and
/// `<`, `>`, `&` (which could close the element) written as CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn finding_view<'a>(
    t: &'a Labels,
    config: &'a Config,
) -> impl Fn(&crate::model::Finding) -> FindingView + 'a {
    move |f| {
        // Rows left out or doubled change every standard that reads their
        // table; a rep outside the reps table changes the territory figures.
        // Of deals whose outcomes are known, only the standards that read
        // those outcomes.
        let outcomes: BTreeSet<&str> = f
            .records
            .iter()
            .flat_map(|r| r.outcomes.iter().map(String::as_str))
            .collect();
        let reads_them = |s: &Standard| {
            s.custom.is_some()
                || f.table != Some(Table::Deals)
                || outcomes.is_empty()
                || catalogue::deal_outcomes_read(&s.id)
                    .is_none_or(|read| read.iter().any(|o| outcomes.contains(o)))
        };
        let affected: Vec<&str> = match f.table {
            Some(table) if f.kind.changes_rows() => config
                .standards
                .iter()
                .filter(|s| s.needs.contains(&table) && reads_them(s))
                .map(|s| s.title(config.language))
                .collect(),
            _ => Vec::new(),
        };
        let affects = match f.kind {
            kind if kind.changes_territories() => t.get(Label::AffectsTerritory).to_string(),
            _ if affected.is_empty() => String::new(),
            _ => affected.join(", "),
        };
        let mut place = Vec::new();
        if let Some(file) = &f.file {
            place.push(file.clone());
        } else if let Some(table) = f.table {
            place.push(t.get(Label::of_table(table)).to_string());
        }
        if let Some(line) = f.line {
            place.push(format!("{} {line}", t.get(Label::LineNo)));
        }
        if let Some(column) = &f.column {
            place.push(column.clone());
        }
        // A page in another language leads with the kind in its words and
        // says the specifics (values, ids, counts) beneath, in its words too.
        let (message, detail) = match config.language {
            Language::En => (f.message.to_string(), String::new()),
            Language::Ru => (
                t.get(Label::of_finding(f.kind)).to_string(),
                f.message.russian(&|table| t.get(Label::of_table(table))),
            ),
        };
        FindingView {
            severity: match f.severity {
                Severity::Error => t.get(Label::Error),
                Severity::Warning => t.get(Label::Warning),
                Severity::Info => t.get(Label::Info),
            },
            place: place.join(", "),
            message,
            detail,
            affects,
            theirs: String::new(),
        }
    }
}

struct Cx<'a> {
    config: &'a Config,
    fmt: &'a Formatter,
    t: &'a Labels,
    index: &'a Index<'a>,
    metrics: &'a MetricTable,
}

impl<'a> Cx<'a> {
    fn row(
        &self,
        entity_type: EntityType,
        entity: &str,
        standard: &str,
        line: Option<&str>,
        period: Period,
    ) -> Option<&'a MetricRow> {
        self.index
            .get(entity_type, entity, &(standard, line, period))
    }

    /// A value in its unit, full and short (for dense tables), each
    /// rounded so that it keeps what `keeps` says of the value (its status).
    fn format(&self, unit: Unit, value: f64, keeps: &dyn Fn(f64) -> bool) -> (String, String) {
        let f = self.fmt;
        let n = |places| f.number_keeping(value, places, keeps);
        let full = match unit {
            Unit::Percent => f.percent_keeping(value, 1, keeps),
            Unit::Ratio => format!("{}×", n(1)),
            Unit::PerMonth => format!("{}{}", n(1), self.t.get(Label::PerMonth)),
            Unit::PerDay => format!("{}{}", n(1), self.t.get(Label::PerDay)),
            // Scores are on 0–100 whatever the survey's own scale: say so
            // (issue 15, item 9).
            Unit::Score => format!("{} / 100", n(1)),
            Unit::Number => n(2),
        };
        (full, self.format_short(unit, value, keeps))
    }

    /// The short form alone, for dense tables.
    fn format_short(&self, unit: Unit, value: f64, keeps: &dyn Fn(f64) -> bool) -> String {
        let f = self.fmt;
        let n = |places| f.number_keeping(value, places, keeps);
        match unit {
            Unit::Percent => f.percent_keeping(value, 0, keeps),
            Unit::Ratio => format!("{}×", n(1)),
            Unit::PerMonth | Unit::PerDay | Unit::Number => n(1),
            Unit::Score => n(0),
        }
    }

    /// True when `month` is too young for a conversion standard to judge:
    /// it ended fewer than `conversion_horizon_days` before the as-of
    /// date, so its leads may still convert.
    fn is_maturing(&self, standard: &Standard, month: Month) -> bool {
        standard.id == catalogue::LEAD_CONVERSION && {
            let age = (self.metrics.as_of - month.last_day()).num_days() as f64;
            age < self.config.rules.conversion_horizon_days
        }
    }

    /// A target or other value that carries no status.
    fn value_text(&self, standard: &Standard, value: f64) -> String {
        self.format(standard.unit, value, &|_| true).0
    }

    /// Whether a shown value `v` would have `row`'s status, by the rule
    /// that gave it: the standard's direction, near and cap against the
    /// row's target; the overall row's attainment against the scoring's
    /// near. Status comes from the unrounded value; this keeps the
    /// rounded one from saying otherwise (issue 15, item 5).
    fn keeps_status<'r>(
        &'r self,
        standard: Option<&'r Standard>,
        row: &'r MetricRow,
    ) -> impl Fn(f64) -> bool + 'r {
        let config: &'r Config = self.config;
        move |v: f64| {
            if row.status == Status::NoData {
                return true;
            }
            let attainment = match standard {
                Some(s) => crate::standards::attainment(v, row.target, s.direction, s.cap),
                None => v,
            };
            let near = standard.map_or(config.scoring.near, |s| s.near);
            crate::standards::status(Some(attainment), near) == row.status
        }
    }

    /// The unit of a standard's per-line rows: quotes per quota unit are a
    /// multiple, demos and won deals a count.
    fn line_unit(&self, standard: &Standard) -> Unit {
        match standard.id.as_str() {
            catalogue::QUOTE_QUOTA_RATIO => Unit::Ratio,
            catalogue::PRODUCT_DEMOS | catalogue::PRODUCT_BREADTH => Unit::Number,
            _ => standard.unit,
        }
    }

    fn cell_in(
        &self,
        unit: Option<Unit>,
        standard: Option<&Standard>,
        row: Option<&MetricRow>,
    ) -> Cell {
        let status = row.map(|r| r.status).unwrap_or(Status::NoData);
        let value = row.and_then(|r| r.value);
        let (text, short) = match (row, unit, value) {
            (Some(row), unit, Some(v)) => {
                let keeps = self.keeps_status(standard, row);
                match unit {
                    Some(Unit::Number) if v.fract() == 0.0 => {
                        let n = self.fmt.number(v, 0);
                        (n.clone(), n)
                    }
                    Some(unit) => self.format(unit, v, &keeps),
                    None => (
                        self.fmt.percent_keeping(v, 1, &keeps),
                        self.fmt.percent_keeping(v, 0, &keeps),
                    ),
                }
            }
            _ => ("–".to_string(), "–".to_string()),
        };
        Cell {
            text,
            short,
            status: status.name(),
            status_label: self.t.get(Label::of_status(status)),
            symbol: symbol_of(status),
        }
    }

    /// A dense table's cell: the short value only (see [`Cx::cell_in`]).
    fn dense_cell(&self, unit: Unit, standard: &Standard, row: Option<&MetricRow>) -> DenseCell {
        let status = row.map(|r| r.status).unwrap_or(Status::NoData);
        let short = match (row, row.and_then(|r| r.value)) {
            (Some(row), Some(v)) => {
                let keeps = self.keeps_status(Some(standard), row);
                match unit {
                    Unit::Number if v.fract() == 0.0 => self.fmt.number(v, 0),
                    unit => self.format_short(unit, v, &keeps),
                }
            }
            _ => "–".to_string(),
        };
        DenseCell {
            short,
            status: status.name(),
            maturing: false,
        }
    }

    fn cell(&self, standard: Option<&Standard>, row: Option<&MetricRow>) -> Cell {
        self.cell_in(standard.map(|s| s.unit), standard, row)
    }

    /// Where a number came from: "$120,000 won of $150,000", "26 won of 101
    /// closed", "84 in 22 working days".
    fn basis(&self, standard: &Standard, row: &MetricRow) -> String {
        let t = self.t;
        let n = |x: f64| self.fmt.number(x, 0);
        let money = |x: f64| self.fmt.money(x);
        let (num, den) = (row.numerator, row.denominator);
        let words = |a: String, between: Label, b: String, tail: Option<Label>| match tail {
            Some(tail) => format!("{a} {} {b} {}", t.get(between), t.get(tail)),
            None => format!("{a} {} {b}", t.get(between)),
        };
        match standard.id.as_str() {
            catalogue::QUOTA_ATTAINMENT => words(money(num), Label::WonOfQuota, money(den), None),
            catalogue::WIN_RATE => words(n(num), Label::WonOfClosed, n(den), Some(Label::Closed)),
            catalogue::LEAD_FOLLOW_UP => {
                words(n(num), Label::InTimeOfDue, n(den), Some(Label::LeadsDue))
            }
            catalogue::PIPELINE_COVERAGE => {
                words(money(num), Label::OpenOfQuotaAhead, money(den), None)
            }
            catalogue::FORECAST_ACCURACY => {
                format!(
                    "{} {} {}",
                    t.get(Label::ForecastWeighted),
                    money(den),
                    t.get(Label::InAll)
                )
            }
            catalogue::QUOTE_QUOTA_RATIO
            | catalogue::PRODUCT_DEMOS
            | catalogue::PRODUCT_BREADTH => words(n(num), Label::Of, n(den), Some(Label::Lines)),
            // Say what is counted (issue 15, item 9): "14 of 19" alone
            // does not.
            catalogue::LEAD_QUALIFICATION => {
                words(n(num), Label::Of, n(den), Some(Label::LeadsQualified))
            }
            catalogue::LEAD_CONVERSION => {
                words(n(num), Label::Of, n(den), Some(Label::LeadsConverted))
            }
            catalogue::CRM_FRESHNESS => {
                words(n(num), Label::Of, n(den), Some(Label::OpenDealsFresh))
            }
            catalogue::CONTACT_COMPLETENESS => {
                words(n(num), Label::Of, n(den), Some(Label::ContactsComplete))
            }
            catalogue::MEETING_ATTENDANCE => {
                words(n(num), Label::Of, n(den), Some(Label::MeetingsAttended))
            }
            _ => match standard.unit {
                // A rep's months; a territory's are its reps' months.
                Unit::PerMonth if row.entity_type == EntityType::Rep => {
                    words(n(num), Label::In, n(den), Some(Label::Months))
                }
                Unit::PerMonth => words(n(num), Label::In, n(den), Some(Label::RepMonths)),
                Unit::PerDay if row.entity_type == EntityType::Rep => {
                    words(n(num), Label::In, n(den), Some(Label::WorkingDays))
                }
                Unit::PerDay => words(n(num), Label::In, n(den), Some(Label::RepWorkingDays)),
                Unit::Score | Unit::Number => words(
                    self.fmt.number(num / den.max(1.0), 1),
                    Label::MeanOf,
                    n(den),
                    Some(Label::Responses),
                ),
                _ => words(n(num), Label::Of, n(den), None),
            },
        }
    }

    fn page(&self, kind: &'static str, entity_type: EntityType, entity: &str, path: &str) -> Page {
        let window = self.metrics.window;
        let standards: Vec<StandardRow> = self
            .config
            .standards
            .iter()
            .map(|s| {
                let row = self.row(entity_type, entity, &s.id, None, Period::Window);
                let attainment = row.and_then(|r| r.attainment);
                // Each month's row, found once for its cell and its point.
                let (months, spark): (Vec<DenseCell>, Vec<Option<f64>>) = window
                    .months()
                    .map(|m| {
                        let row = self.row(entity_type, entity, &s.id, None, Period::Month(m));
                        let mut cell = self.dense_cell(s.unit, s, row);
                        cell.maturing = self.is_maturing(s, m);
                        (cell, row.and_then(|r| r.value))
                    })
                    .unzip();
                StandardRow {
                    id: s.id.clone(),
                    title: s.title(self.config.language).to_string(),
                    value: self.cell(Some(s), row),
                    target: self.value_text(s, s.target),
                    bar: attainment.map(|a| (a * 100.0).round()).unwrap_or(0.0),
                    attainment: match (row, attainment) {
                        (Some(r), Some(a)) => self.fmt.percent_keeping(a, 1, &|x| {
                            crate::standards::status(Some(x), s.near) == r.status
                        }),
                        _ => "–".into(),
                    },
                    basis: row
                        .filter(|r| r.value.is_some())
                        .map(|r| self.basis(s, r))
                        .unwrap_or_default(),
                    months,
                    spark,
                    spark_target: s.target,
                    change: self.change(s, entity_type, entity),
                }
            })
            .collect();
        let overall = self.cell(
            None,
            self.row(entity_type, entity, OVERALL, None, Period::Window),
        );
        let charts = [
            self.won_quota_chart(entity_type, entity),
            self.quotes_chart(entity_type, entity),
            self.funnel_chart(entity_type, entity),
            self.response_chart(entity_type, entity),
        ]
        .into_iter()
        .flatten()
        .collect();
        Page {
            kind,
            name: entity.to_string(),
            path: path.to_string(),
            root: "../".repeat(path.matches('/').count()),
            territory: None,
            manager: None,
            overall,
            rank_company: None,
            rank_territory: None,
            ramping: None,
            maturing: standards
                .iter()
                .any(|s| s.months.iter().any(|c| c.maturing)),
            print_header: self.print_header(entity),
            pacing: self.pacing(entity_type, entity),
            standards,
            lines: self.lines(entity_type, entity),
            month_labels: window.months().map(|m| self.fmt.month(m)).collect(),
            members: Vec::new(),
            leaderboard: Vec::new(),
            charts,
            findings: Vec::new(),
        }
    }

    /// The running header of a printed page: who the page is about and
    /// the window, as a CSS string.
    fn print_header(&self, name: &str) -> String {
        let window = self.metrics.window;
        css_string(&format!(
            "{name} · {} – {}",
            self.fmt.month(window.from),
            self.fmt.month(window.to)
        ))
    }

    /// The last three months against the three before, like with like
    /// (issue 15, item 2): the trailing three months' value (from their
    /// summed parts, as in `metrics.csv`), then its change on the three
    /// months before in the standard's own unit ("82.0% ▲ +4.2 pp",
    /// "1.2× ▼ −0.3×"). Empty when the last months have no data; the
    /// value alone when the window holds fewer than six months to compare.
    fn change(&self, s: &Standard, entity_type: EntityType, entity: &str) -> String {
        let months: Vec<Month> = self
            .metrics
            .window
            .months()
            .filter(|m| *m <= Month::of_date(self.metrics.as_of))
            .collect();
        let trailing = |m: Option<&Month>| {
            m.and_then(|m| self.row(entity_type, entity, &s.id, None, Period::Month(*m)))
                .and_then(|r| r.trailing_3m)
        };
        let Some(recent) = trailing(months.last()) else {
            return String::new();
        };
        let shown = self.format(s.unit, recent, &|_| true).0;
        let Some(before) = trailing(months.len().checked_sub(4).and_then(|i| months.get(i))) else {
            return shown;
        };
        let delta = recent - before;
        let arrow = if delta > 0.0 {
            "▲"
        } else if delta < 0.0 {
            "▼"
        } else {
            "="
        };
        let sign = if delta > 0.0 { "+" } else { "" };
        let amount = match s.unit {
            Unit::Percent => format!(
                "{}\u{a0}{}",
                self.fmt.number(delta * 100.0, 1),
                self.t.get(Label::Pp)
            ),
            // A change of score in points, not "−8.3 / 100".
            Unit::Score => self.fmt.number(delta, 1),
            unit => self.format(unit, delta, &|_| true).0,
        };
        format!("{shown} {arrow} {sign}{amount}")
    }

    /// "Needs $42,000 a month in the 3 months left to reach the window's quota."
    fn pacing(&self, entity_type: EntityType, entity: &str) -> Option<String> {
        let pace = self
            .metrics
            .pacing
            .get(&(entity_type, entity.to_string()))?;
        Some(if pace.needed_per_month <= 0.0 {
            format!(
                "{} {}",
                self.t.get(Label::PaceReached),
                self.fmt.money(pace.quota)
            )
        } else {
            format!(
                "{} {} {} {} {}",
                self.t.get(Label::PaceNeeds),
                self.fmt.money(pace.needed_per_month),
                self.t.get(Label::PaceAMonth),
                pace.months_left,
                self.t.get(Label::PaceMonthsLeft)
            )
        })
    }

    /// The product-line breakdown: one row per line, one cell per standard
    /// that has lines.
    fn lines(&self, entity_type: EntityType, entity: &str) -> Option<LinesTable> {
        let standards: Vec<&Standard> = self
            .config
            .standards
            .iter()
            .filter(|s| {
                self.metrics.lines.first().is_some_and(|l| {
                    self.row(entity_type, entity, &s.id, Some(l), Period::Window)
                        .is_some()
                })
            })
            .collect();
        if standards.is_empty() {
            return None;
        }
        Some(LinesTable {
            headers: standards
                .iter()
                .map(|s| s.title(self.config.language).to_string())
                .collect(),
            rows: self
                .metrics
                .lines
                .iter()
                .map(|line| LineRow {
                    line: line.clone(),
                    cells: standards
                        .iter()
                        .map(|s| {
                            self.dense_cell(
                                self.line_unit(s),
                                s,
                                self.row(entity_type, entity, &s.id, Some(line), Period::Window),
                            )
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    fn member(
        &self,
        entity_type: EntityType,
        entity: &str,
        link: Link,
        territory: Option<Link>,
        rank: Option<u32>,
    ) -> MemberRow {
        MemberRow {
            link,
            territory,
            rank,
            ramping: entity_type == EntityType::Rep && self.metrics.ramping.contains(entity),
            overall: self.cell(
                None,
                self.row(entity_type, entity, OVERALL, None, Period::Window),
            ),
            cells: self
                .config
                .standards
                .iter()
                .map(|s| {
                    self.cell(
                        Some(s),
                        self.row(entity_type, entity, &s.id, None, Period::Window),
                    )
                })
                .collect(),
        }
    }

    /// Monthly won amount as bars against the month's quota.
    fn won_quota_chart(&self, entity_type: EntityType, entity: &str) -> Option<BarChart> {
        let mut chart = self.chart(
            "won-quota",
            Label::WonVsQuota,
            Label::Won,
            Some(Label::Quota),
            true,
        );
        let mut present = false;
        for m in self.metrics.window.months() {
            let row = self.row(
                entity_type,
                entity,
                catalogue::QUOTA_ATTAINMENT,
                None,
                Period::Month(m),
            );
            present |= row.is_some_and(|r| r.denominator > 0.0);
            let won = row.map(|r| r.numerator).unwrap_or(0.0);
            let quota = row.map(|r| r.denominator).filter(|q| *q > 0.0);
            chart.labels.push(self.fmt.month(m));
            // The year where it turns (issue 15, item 9): each January is
            // labelled with its year, as chart axes do ("Nov Dec 2026 Feb");
            // twelve bars leave no room for "Jan ’26" beside its
            // neighbours. The title gives the window's first year.
            chart.axis_labels.push(if m.month() == 1 {
                m.year().to_string()
            } else {
                self.fmt.month_name(m).to_string()
            });
            chart.bars.push(won);
            chart.bar_text.push(self.fmt.money(won));
            chart.targets.push(quota);
            chart.target_text.push(
                quota
                    .map(|q| self.fmt.money(q))
                    .unwrap_or_else(|| "–".into()),
            );
        }
        let window = self.metrics.window;
        chart.title = format!(
            "{}, {} – {}",
            chart.title,
            self.fmt.month(window.from),
            self.fmt.month(window.to)
        );
        present.then_some(chart)
    }

    /// Quotes per product line over the window against the quote multiple
    /// of the line's quota units.
    fn quotes_chart(&self, entity_type: EntityType, entity: &str) -> Option<BarChart> {
        let mut chart = self.chart(
            "quotes-lines",
            Label::QuotesVsUnits,
            Label::Quotes,
            Some(Label::QuotesExpected),
            false,
        );
        let multiple = self.config.rules.quote_multiple;
        chart.title = format!("{} ({}×)", chart.title, self.fmt.number(multiple, 1));
        let mut present = false;
        for line in &self.metrics.lines {
            let row = self.row(
                entity_type,
                entity,
                catalogue::QUOTE_QUOTA_RATIO,
                Some(line),
                Period::Window,
            )?;
            let expected = (row.denominator > 0.0).then_some(row.denominator * multiple);
            present |= expected.is_some();
            chart.labels.push(line.clone());
            chart
                .axis_labels
                .push(short_label(line, self.metrics.lines.len()));
            chart.bars.push(row.numerator);
            chart.bar_text.push(self.fmt.number(row.numerator, 0));
            chart.targets.push(expected);
            chart.target_text.push(
                expected
                    .map(|e| self.fmt.number(e, 1))
                    .unwrap_or_else(|| "–".into()),
            );
        }
        present.then_some(chart)
    }

    /// The window's leads and what became of them: qualified, converted,
    /// won (one cohort, each bar part of the one before; see
    /// [`crate::standards::volumes`]).
    fn funnel_chart(&self, entity_type: EntityType, entity: &str) -> Option<BarChart> {
        let v = self
            .metrics
            .volumes
            .get(&(entity_type, entity.to_string()))?;
        if v.leads <= 0.0 {
            return None;
        }
        let mut chart = self.chart("funnel", Label::Funnel, Label::Count, None, false);
        let of_leads = self.t.get(Label::OfTheLeads);
        for (key, value) in [
            (Label::Leads, Some(v.leads)),
            (Label::FunnelQualified, v.qualified),
            (Label::FunnelConverted, v.converted),
            (Label::FunnelWon, v.won),
        ] {
            let Some(value) = value else { continue };
            chart.labels.push(self.t.get(key).to_string());
            chart.axis_labels.push(self.t.get(key).to_string());
            chart.bars.push(value);
            chart.bar_text.push(if key == Label::Leads {
                self.fmt.number(value, 0)
            } else {
                format!(
                    "{} ({} {of_leads})",
                    self.fmt.number(value, 0),
                    self.fmt.percent_keeping(value / v.leads, 1, &|_| true)
                )
            });
        }
        let window = self.metrics.window;
        let as_of = self.metrics.as_of;
        chart.note = self
            .t
            .get(Label::FunnelCohort)
            .replace("{from}", &self.fmt.date(window.from.first_day()))
            .replace("{to}", &self.fmt.date(window.to.last_day().min(as_of)))
            .replace("{as_of}", &self.fmt.date(as_of))
            .replace(
                "{days}",
                &self
                    .fmt
                    .number(self.config.rules.conversion_horizon_days, 0),
            );
        if v.converted.is_some() && v.won.is_none() {
            chart.note = format!("{} {}", chart.note, self.t.get(Label::FunnelNoWon));
        }
        Some(chart)
    }

    /// Company leads by time to first contact.
    fn response_chart(&self, entity_type: EntityType, entity: &str) -> Option<BarChart> {
        let v = self
            .metrics
            .volumes
            .get(&(entity_type, entity.to_string()))?;
        let mut chart = self.chart("response", Label::ResponseTimes, Label::Leads, None, false);
        for (bucket, value) in RESPONSE_LABELS.into_iter().zip(v.response) {
            let label = self.t.get(bucket).to_string();
            chart.labels.push(label.clone());
            chart.axis_labels.push(label);
            chart.bars.push(value);
            chart.bar_text.push(self.fmt.number(value, 0));
        }
        (v.response.iter().sum::<f64>() > 0.0).then_some(chart)
    }

    fn chart(
        &self,
        id: &str,
        title: Label,
        bar: Label,
        target: Option<Label>,
        money: bool,
    ) -> BarChart {
        BarChart {
            id: id.to_string(),
            title: self.t.get(title).to_string(),
            labels: Vec::new(),
            axis_labels: Vec::new(),
            bars: Vec::new(),
            targets: Vec::new(),
            money,
            bar_label: self.t.get(bar).to_string(),
            target_label: target.map_or_else(String::new, |t| self.t.get(t).to_string()),
            bar_text: Vec::new(),
            target_text: Vec::new(),
            note: String::new(),
        }
    }
}

/// One rep's rows of a finding: how many, their amount, the first ids —
/// "(2, $12,345): D-1, D-7", "(7): L-1, L-2, L-3, L-4, L-5, … +2".
fn records_text(fmt: &Formatter, r: &crate::model::RepRecords) -> String {
    let more = r.count.saturating_sub(r.examples.len());
    let amount = r
        .amount
        .map(|a| format!(", {}", fmt.money(a)))
        .unwrap_or_default();
    format!(
        "({}{amount}): {}{}",
        r.count,
        r.examples.join(", "),
        if more > 0 {
            format!(", … +{more}")
        } else {
            String::new()
        }
    )
}

/// The labels of [`crate::standards::volumes::Volumes::response`]'s buckets, in its order.
const RESPONSE_LABELS: [Label; 7] = [
    Label::UnderAnHour,
    Label::Hours1To4,
    Label::Hours4To24,
    Label::Days1To2,
    Label::Days2To7,
    Label::OverAWeek,
    Label::Never,
];

/// A product line's name cut to fit under its bar, one of `bars` across
/// the chart, so that labels never run together (issue 15, item 9): about
/// 560 units of plot over 11 units a character of the axis font, less a
/// space; the full names are in the chart's data table and description.
/// Eight bars: "Smart Monitoring" → "Smar…".
fn short_label(name: &str, bars: usize) -> String {
    let max = (560 / bars.max(1) / 11).saturating_sub(1).clamp(3, 24);
    if name.chars().count() <= max {
        name.to_string()
    } else {
        format!(
            "{}…",
            name.chars().take(max - 1).collect::<String>().trim_end()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index finds every row of a table by its key: in the runs the
    /// standards make, in a key's second run, and nothing for a key or
    /// entity the table lacks.
    #[test]
    fn the_index_finds_each_row_by_its_key() {
        let month = |m: &str| Period::Month(crate::model::Month::parse(m).unwrap());
        let row = |entity: &str, standard: &str, line: Option<&str>, period: Period, value: f64| {
            MetricRow {
                entity_type: EntityType::Rep,
                entity: entity.into(),
                period,
                standard: standard.into(),
                product_line: line.map(Into::into),
                value: Some(value),
                numerator: value,
                denominator: 1.0,
                target: 1.0,
                attainment: None,
                status: Status::NoData,
                change: None,
                trailing_3m: None,
                rank_company: None,
                rank_territory: None,
            }
        };
        let rows = vec![
            row("Ann", "win_rate", None, month("2025-01"), 1.0),
            row("Ann", "win_rate", None, Period::Window, 2.0),
            row("Ann", "quotes", None, Period::Window, 3.0),
            row("Ann", "quotes", Some("Beans"), Period::Window, 4.0),
            // The same key again, in a later run, with another period.
            row("Ann", "win_rate", None, month("2025-02"), 5.0),
            row("Bo", "win_rate", None, Period::Window, 6.0),
        ];
        let index = Index::new(&rows);
        let value = |entity: &str, key: RowKey| {
            index
                .get(EntityType::Rep, entity, &key)
                .and_then(|r| r.value)
        };
        assert_eq!(
            value("Ann", ("win_rate", None, month("2025-01"))),
            Some(1.0)
        );
        assert_eq!(value("Ann", ("win_rate", None, Period::Window)), Some(2.0));
        assert_eq!(value("Ann", ("quotes", None, Period::Window)), Some(3.0));
        assert_eq!(
            value("Ann", ("quotes", Some("Beans"), Period::Window)),
            Some(4.0)
        );
        assert_eq!(
            value("Ann", ("win_rate", None, month("2025-02"))),
            Some(5.0)
        );
        assert_eq!(value("Bo", ("win_rate", None, Period::Window)), Some(6.0));
        assert_eq!(value("Ann", ("quotes", Some("Tea"), Period::Window)), None);
        assert_eq!(value("Ann", ("quotes", None, month("2025-01"))), None);
        assert_eq!(value("Cy", ("win_rate", None, Period::Window)), None);
        assert_eq!(
            index.get(
                EntityType::Territory,
                "Ann",
                &("win_rate", None, Period::Window)
            ),
            None
        );
    }

    /// Issue 15, item 9: eight product lines' labels ran together
    /// ("Accesso…Cold Br…"); each now fits its bar's width.
    #[test]
    fn line_labels_fit_their_bars() {
        assert_eq!(short_label("Smart Monitoring", 8), "Smar…");
        assert_eq!(short_label("Accessories", 8), "Acce…");
        assert_eq!(short_label("Beans", 8), "Beans");
        assert_eq!(short_label("Smart Monitoring", 4), "Smart Moni…");
        assert_eq!(short_label("Smart Monitoring", 2), "Smart Monitoring");
        for bars in 1..=40 {
            let label = short_label("Espresso Machines and Grinders", bars);
            // 11 units a character, one space between labels.
            assert!((label.chars().count() + 1) * 11 <= 560 / bars || label.chars().count() <= 3);
        }
    }
}
