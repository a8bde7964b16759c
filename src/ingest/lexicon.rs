//! Recognition by meaning for files no CRM profile knows: each canonical
//! column found by the names it goes by ([`lexicon.toml`](lexicon.toml),
//! embedded, extended by `[lexicon.<table>]` in yardstick.toml), after
//! normalising case, spaces, punctuation and a leading table word. A file
//! is scored against every table from its headers, its first values and
//! its name ([`Scored`]) and read as the best one that clears the bar;
//! otherwise [`nearest`] says which came closest and what it lacked.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::recognise::{Match, Source};
use crate::model::{ColumnKind, Nearest, NotQuite, Table};

/// The embedded lexicon, as written.
const LEXICON: &str = include_str!("lexicon.toml");

/// The keys a `[lexicon.<table>]` table may hold besides canonical columns.
pub const EXTRA_KEYS: [&str; 8] = [
    "prefixes",
    "files",
    "won_flag",
    "closed_flag",
    "status",
    "refers_to_deals",
    "first_name",
    "last_name",
];

/// True when one of the words of a file name (split at anything but a
/// letter or digit, without case) is one of `words`, or two neighbouring
/// words are ("price list").
fn name_has_any(stem: &str, words: &[String]) -> bool {
    let lower = stem.to_lowercase();
    let parts: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let pairs = parts.windows(2).map(|w| format!("{} {}", w[0], w[1]));
    parts
        .iter()
        .map(|w| w.to_string())
        .chain(pairs)
        .any(|w| words.contains(&w))
}

/// True when a file's name says it holds `table` (the lexicon's `files`
/// words for it, the user's included).
pub fn name_says(table: Table, stem: &str, user: &Names) -> bool {
    let names = names(table.name(), user);
    names
        .get("files")
        .is_some_and(|words| name_has_any(stem, words))
}

/// What an activities file holds, from the words of its name: "call",
/// "task", "meeting" or "email" (`Calls.csv`, `zoho_tasks.csv`,
/// `Звонки.xlsx`).
pub fn activity_kind_by_name(stem: &str) -> Option<&'static str> {
    const KINDS: [(&str, &[&str]); 4] = [
        (
            "call",
            &[
                "call",
                "calls",
                "звонки",
                "звонок",
                "anrufe",
                "appels",
                "llamadas",
                "chamadas",
                "chiamate",
                "gesprekken",
            ],
        ),
        (
            "task",
            &[
                "task",
                "tasks",
                "задачи",
                "дела",
                "aufgaben",
                "tâches",
                "taches",
                "tareas",
                "tarefas",
                "attività",
                "taken",
            ],
        ),
        (
            "meeting",
            &[
                "event",
                "events",
                "meeting",
                "meetings",
                "встречи",
                "termine",
                "événements",
                "evenements",
                "reuniones",
                "reuniões",
                "riunioni",
                "afspraken",
            ],
        ),
        ("email", &["email", "emails", "письма", "mails", "correos"]),
    ];
    KINDS
        .iter()
        .find(|(_, names)| {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            name_has_any(stem, &names)
        })
        .map(|(kind, _)| *kind)
}

/// What the crm of a match made from the lexicon is called in `check`.
pub const BY_COLUMN_NAMES: &str = "by column names";

/// One table's names: canonical column (or `won_flag`, `closed_flag`,
/// `status`, `prefixes`, `refers_to_deals`) → names, in priority order.
pub type Names = BTreeMap<String, Vec<String>>;

fn builtin() -> &'static BTreeMap<String, Names> {
    static PARSED: OnceLock<BTreeMap<String, Names>> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(LEXICON).expect("the embedded lexicon is valid TOML"))
}

/// A header or a name as compared: normalised as profiles compare
/// headers (no BOM, no D365 "(Do Not Modify)", no currency: "Бюджет ₽",
/// "Amount (USD)"), then `_ - . : / ( ) #` and runs of spaces as one space.
pub fn key(text: &str) -> String {
    super::recognise::normalise(text)
        .split(|c: char| c.is_whitespace() || "_-.:/()#".contains(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The table's names, the user's first.
fn names(table: &str, user: &Names) -> Names {
    let mut all: Names = user
        .iter()
        .map(|(column, names)| (column.clone(), names.iter().map(|n| key(n)).collect()))
        .collect();
    if let Some(builtin) = builtin().get(table) {
        for (column, names) in builtin {
            all.entry(column.clone())
                .or_default()
                .extend(names.iter().map(|n| key(n)));
        }
    }
    all
}

/// Columns in their table's order, as a profile lists them.
fn in_table_order(table: Table, columns: &mut [(&'static str, Source)]) {
    let position = |c: &str| table.columns().iter().position(|s| s.name == c);
    columns.sort_by_key(|(c, _)| position(c));
}

/// The first values of each column of a file (empty cells left out), so
/// recognition can see whether a column's values fit its meaning. Empty:
/// nothing seen, the headers decide alone.
pub type Sample = [Vec<String>];

/// How many rows of a file [`Sample`] holds.
pub const SAMPLE_ROWS: usize = 50;

/// Whether a value reads as a column of `kind` would read it.
fn value_fits(kind: ColumnKind, value: &str) -> bool {
    use super::values::{parse_bool, parse_excel_serial, parse_moment, parse_money};
    use crate::model::{DateOrder, Decimal};
    match kind {
        ColumnKind::Date | ColumnKind::DateTime => {
            [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy]
                .into_iter()
                .any(|order| parse_moment(value, order).is_some())
                || parse_excel_serial(value).is_some()
        }
        ColumnKind::Number => [Decimal::Point, Decimal::Comma]
            .into_iter()
            .any(|d| parse_money(value, d).is_some()),
        ColumnKind::Bool => parse_bool(value).is_some(),
        ColumnKind::Text | ColumnKind::Outcome => true,
    }
}

/// What a sample says of a column: `Some(true)` when its values read as
/// `kind` (at least four in five of them), `Some(false)` when they do not
/// (three or more values, under half of them fit), `None` when it cannot
/// tell (no values, or text).
fn values_fit(kind: ColumnKind, values: &[String]) -> Option<bool> {
    if values.is_empty() || matches!(kind, ColumnKind::Text | ColumnKind::Outcome) {
        return None;
    }
    let fit = values.iter().filter(|v| value_fits(kind, v)).count();
    if fit * 5 >= values.len() * 4 {
        Some(true)
    } else if values.len() >= 3 && fit * 2 < values.len() {
        Some(false)
    } else {
        None
    }
}

/// How values of a canonical column (or of a flag the lexicon knows) read.
fn kind_of(table: Table, column: &str) -> ColumnKind {
    match column {
        "won_flag" | "closed_flag" => ColumnKind::Bool,
        _ => table
            .columns()
            .iter()
            .find(|c| c.name == column)
            .map_or(ColumnKind::Text, |c| c.kind),
    }
}

/// The file's headers as the lexicon compares them, each found once.
struct Finder<'a> {
    table: Table,
    headers: &'a [String],
    sample: &'a Sample,
    names: Names,
    /// Each header's full key, and its key without the table's word.
    keys: Vec<(String, String)>,
    used: Vec<bool>,
    /// Headers whose values did not fit the column their name suggests,
    /// as (column, header).
    misfits: Vec<(&'static str, usize)>,
}

impl<'a> Finder<'a> {
    fn new(table: Table, headers: &'a [String], sample: &'a Sample, user: &Names) -> Finder<'a> {
        let names = names(table.name(), user);
        let prefixes = names.get("prefixes").cloned().unwrap_or_default();
        let is_table_word = |w: &str| prefixes.iter().any(|p| p == w);
        let keys = headers
            .iter()
            .map(|h| {
                let full = key(h);
                let stripped = match (full.split_once(' '), full.rsplit_once(' ')) {
                    (Some((first, rest)), _) if is_table_word(first) => rest.to_string(),
                    (_, Some((rest, last))) if is_table_word(last) => rest.to_string(),
                    _ => full.clone(),
                };
                (full, stripped)
            })
            .collect();
        Finder {
            table,
            headers,
            sample,
            names,
            keys,
            used: vec![false; headers.len()],
            misfits: Vec::new(),
        }
    }

    /// The first unused header that `column`'s names name, in their order,
    /// whose values do not contradict the column (a "Close" of yes and no
    /// is no close date).
    fn find(&mut self, column: &'static str) -> Option<usize> {
        let kind = kind_of(self.table, column);
        let names = self.names.get(column)?.clone();
        for name in &names {
            let hits: Vec<usize> = (0..self.keys.len())
                .filter(|&i| !self.used[i] && (self.keys[i].0 == *name || self.keys[i].1 == *name))
                .collect();
            for i in hits {
                if self.fits(kind, i) == Some(false) {
                    if !self.misfits.contains(&(column, i)) {
                        self.misfits.push((column, i));
                    }
                    continue;
                }
                self.used[i] = true;
                return Some(i);
            }
        }
        None
    }

    /// What the sample says of header `i` read as `kind`.
    fn fits(&self, kind: ColumnKind, i: usize) -> Option<bool> {
        self.sample
            .get(i)
            .and_then(|values| values_fit(kind, values))
    }

    /// True when header `i` was taken for a column.
    fn is_used(&self, i: usize) -> bool {
        self.used[i]
    }

    /// The header as `shape` finds it, interned (see [`interned`]).
    fn source(&self, i: usize) -> &'static [&'static str] {
        interned(&[&super::recognise::normalise(&self.headers[i])])
    }
}

/// `names` as the `'static` slice a [`Source`] holds, made once per
/// distinct list for the life of the process: a file's headers are scored
/// against every table, so leaking a copy per score grew without bound
/// (found by the `workbook` fuzz target's leak check); interned, memory
/// grows only with the distinct headers ever read.
fn interned(names: &[&str]) -> &'static [&'static str] {
    use std::sync::{Mutex, OnceLock};
    type Interned = std::collections::HashMap<Vec<String>, &'static [&'static str]>;
    static INTERNED: OnceLock<Mutex<Interned>> = OnceLock::new();
    let key: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut map = INTERNED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(found) = map.get(&key) {
        return found;
    }
    let leaked: Vec<&'static str> = names
        .iter()
        .map(|n| &*Box::leak(n.to_string().into_boxed_str()))
        .collect();
    let slice: &'static [&'static str] = Box::leak(leaked.into_boxed_slice());
    map.insert(key, slice);
    slice
}

/// Points a file earns toward a table (see [`Scored`]).
mod points {
    /// A column the table requires, found by its name.
    pub const REQUIRED: u32 = 2;
    /// Any other column of the table, found by its name.
    pub const OTHER: u32 = 1;
    /// A found column whose sampled values read as the column's kind.
    pub const VALUES: u32 = 1;
    /// The file's name says it holds the table.
    pub const NAME: u32 = 3;
    /// What a file whose name says nothing needs to be read as a table.
    pub const THRESHOLD: u32 = 7;
}

pub use points::THRESHOLD;

/// How well a file fits one table, from its headers, its values and its
/// name: 2 points per column the table requires and 1 per other column
/// found by the lexicon's names, 1 per found column whose values read as
/// the column's kind (dates as dates, amounts as money, flags as yes/no),
/// 3 when the file's name says the table. A header whose values contradict
/// its column is not taken for it. A file is read as its best table when
/// that table's required columns are all found and either its name says
/// the table or it scores at least [`THRESHOLD`].
#[derive(Debug, Clone)]
pub struct Scored {
    pub table: Table,
    pub points: u32,
    pub columns: Vec<(&'static str, Source)>,
    /// Required columns (or alternatives, "amount|units") not found.
    pub lacks: Vec<String>,
    /// The file's name says it holds this table.
    pub named: bool,
    /// Its rows refer to rows of this table kept elsewhere (a stage
    /// history beside the deals): not this table.
    pub refers_elsewhere: bool,
    /// Headers named like a column whose values are not of its kind.
    pub misfits: Vec<(&'static str, String)>,
}

impl Scored {
    /// Every required column found.
    pub fn complete(&self) -> bool {
        self.lacks.is_empty() && !self.refers_elsewhere
    }

    /// Good enough to read the file as this table.
    pub fn accepted(&self) -> bool {
        self.complete() && (self.named || self.points >= THRESHOLD)
    }

    /// For `check`: "score 11 (name +3)".
    pub fn describe(&self) -> String {
        format!(
            "score {}{}",
            self.points,
            if self.named { ", its name says so" } else { "" }
        )
    }
}

/// The columns a table must have to be read from the lexicon, each a set of
/// alternatives.
fn requires(table: Table) -> Vec<Vec<String>> {
    builtin()
        .get(table.name())
        .and_then(|n| n.get("requires"))
        .map(|r| {
            r.iter()
                .map(|alts| alts.split('|').map(str::to_string).collect())
                .collect()
        })
        .unwrap_or_default()
}

/// Scores the file against one table.
fn score(table: Table, headers: &[String], sample: &Sample, stem: &str, user: &Names) -> Scored {
    let mut f = Finder::new(table, headers, sample, user);
    let mut columns: Vec<(&'static str, Source)> = Vec::new();
    // Columns found by more than a single header, in a table's own ways.
    let mut refers_elsewhere = false;
    let mut typed: Vec<(&'static str, usize)> = Vec::new();
    match table {
        Table::Deals => {
            let refers = f.names.get("refers_to_deals").cloned().unwrap_or_default();
            let has_own_id = f.keys.iter().any(|(full, _)| full == "id");
            refers_elsewhere = has_own_id && f.keys.iter().any(|(full, _)| refers.contains(full));
            let outcome = f
                .find("outcome")
                .map(|i| Source::Header(f.source(i)))
                .or_else(|| {
                    let won = f.find("won_flag")?;
                    typed.push(("won_flag", won));
                    let closed = f.find("closed_flag");
                    Some(Source::Flags(
                        f.source(won),
                        closed.map_or(&[][..], |c| f.source(c)),
                    ))
                });
            let stage = f.find("stage");
            let status = f.find("status");
            let outcome = outcome.or_else(|| status.or(stage).map(|i| Source::Stage(f.source(i))));
            columns.extend(outcome.map(|o| ("outcome", o)));
            if let Some(i) = stage {
                columns.push(("stage", Source::Header(f.source(i))));
            }
        }
        Table::Reps | Table::Contacts => {
            let column = if table == Table::Reps { "rep" } else { "name" };
            let whole = f.find(column).map(|i| Source::Header(f.source(i)));
            let name = whole.or_else(|| {
                let (first, last) = (f.find("first_name")?, f.find("last_name")?);
                let both = interned(&[f.source(first)[0], f.source(last)[0]]);
                Some(Source::Concat(both))
            });
            columns.extend(name.map(|n| (column, n)));
        }
        Table::Activities => {
            let kind = f
                .find("kind")
                .map(|i| Source::Header(f.source(i)))
                .or_else(|| activity_kind_by_name(stem).map(Source::Const));
            columns.extend(kind.map(|k| ("kind", k)));
        }
        _ => {}
    }
    for spec in table.columns() {
        if columns.iter().any(|(c, _)| *c == spec.name) {
            continue;
        }
        if table == Table::Deals && matches!(spec.name, "outcome" | "stage") {
            continue;
        }
        if let Some(i) = f.find(spec.name) {
            typed.push((spec.name, i));
            columns.push((spec.name, Source::Header(f.source(i))));
        }
    }
    in_table_order(table, &mut columns);
    let requires = requires(table);
    let required = |c: &str| requires.iter().any(|alts| alts.iter().any(|a| a == c));
    let named = !stem.is_empty() && name_says(table, stem, user);
    let mut points: u32 = columns
        .iter()
        .map(|(c, _)| {
            if required(c) {
                points::REQUIRED
            } else {
                points::OTHER
            }
        })
        .sum();
    points += typed
        .iter()
        .filter(|(c, i)| f.is_used(*i) && f.fits(kind_of(table, c), *i) == Some(true))
        .count() as u32
        * points::VALUES;
    if named {
        points += points::NAME;
    }
    let has = |c: &str| columns.iter().any(|(x, _)| *x == c);
    let lacks = requires
        .iter()
        .filter(|alts| !alts.iter().any(|a| has(a)))
        .map(|alts| alts.join("|"))
        .collect();
    let misfits = f
        .misfits
        .iter()
        .filter(|(c, _)| !has(c))
        .map(|(c, i)| (*c, headers[*i].clone()))
        .collect();
    Scored {
        table,
        points,
        columns,
        lacks,
        named,
        refers_elsewhere,
        misfits,
    }
}

/// The user's extra names, by table.
pub type UserNames = BTreeMap<Table, Names>;

/// Every table the file could be, best first: accepted before not, then by
/// points, then the table its name says, then in table order.
pub fn score_all(
    headers: &[String],
    sample: &Sample,
    stem: &str,
    only: Option<Table>,
    user: &UserNames,
) -> Vec<Scored> {
    let empty = Names::new();
    let mut all: Vec<Scored> = Table::ALL
        .into_iter()
        .filter(|t| only.is_none_or(|o| o == *t))
        .map(|t| score(t, headers, sample, stem, user.get(&t).unwrap_or(&empty)))
        .collect();
    // Ties go to the table the name says, then to deals, the table every
    // build needs, then in table order.
    all.sort_by_key(|s| {
        (
            !s.accepted(),
            std::cmp::Reverse(s.points),
            !s.named,
            s.table != Table::Deals,
        )
    });
    all
}

/// The file read by the lexicon as its best table, if one is accepted.
pub fn recognise_by_names(
    headers: &[String],
    sample: &Sample,
    stem: &str,
    only: Option<Table>,
    user: &UserNames,
) -> Option<Match> {
    let all = score_all(headers, sample, stem, only, user);
    let best = all.first().filter(|s| s.accepted())?;
    // The next table is worth saying only when it, too, had every column.
    let runner_up = all
        .get(1)
        .filter(|s| s.complete())
        .map(|s| format!("; next {} {}", s.table, s.points))
        .unwrap_or_default();
    Some(Match {
        crm: BY_COLUMN_NAMES,
        table: best.table,
        columns: best.columns.clone(),
        why: Some(format!("{}{runner_up}", best.describe())),
    })
}

/// For a file nothing recognised: the table it came nearest (the best
/// score among tables the lexicon found at least two columns of), what it
/// has and what it lacks, so `check` can say what to map.
pub fn nearest(
    headers: &[String],
    sample: &Sample,
    stem: &str,
    user: &UserNames,
) -> Option<Nearest> {
    let all = score_all(headers, sample, stem, None, user);
    let best = all.iter().find(|s| s.columns.len() >= 2)?;
    let mut why: Vec<NotQuite> = Vec::new();
    if best.refers_elsewhere {
        why.push(NotQuite::RefersElsewhere);
    }
    if !best.lacks.is_empty() {
        why.push(NotQuite::Lacks(best.lacks.clone()));
    }
    for (column, header) in &best.misfits {
        why.push(NotQuite::Misfit {
            header: header.clone(),
            column: column.to_string(),
        });
    }
    if why.is_empty() {
        why.push(NotQuite::Score {
            points: best.points,
            named: best.named,
            threshold: THRESHOLD,
        });
    }
    Some(Nearest {
        table: best.table,
        has: best.columns.iter().map(|(c, _)| c.to_string()).collect(),
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(headers: &str) -> Vec<String> {
        let by = if headers.contains(';') { ';' } else { ',' };
        headers.split(by).map(str::to_string).collect()
    }

    /// What the lexicon makes of headers with no values and no file name.
    fn recognised(headers: &str, stem: &str, sample: &Sample) -> Option<Match> {
        recognise_by_names(&split(headers), sample, stem, None, &UserNames::new())
    }

    fn text(m: &Match) -> Vec<(&'static str, String)> {
        m.columns
            .iter()
            .map(|(c, s)| {
                let text = match s {
                    Source::Header(h) | Source::Stage(h) => h.join("|"),
                    Source::Flags(w, c) => format!("{}/{}", w.join("|"), c.join("|")),
                    Source::Concat(h) => h.join(" + "),
                    Source::Const(k) => format!("always {k}"),
                    _ => String::new(),
                };
                (*c, text)
            })
            .collect()
    }

    fn found(headers: &str) -> Option<Vec<(&'static str, String)>> {
        recognised(headers, "", &[])
            .filter(|m| m.table == Table::Deals)
            .map(|m| text(&m))
    }

    #[test]
    fn the_embedded_lexicon_parses_and_knows_every_column_of_every_table() {
        for table in Table::ALL {
            let names = &builtin()[table.name()];
            for spec in table.columns() {
                assert!(names.contains_key(spec.name), "{table}.{}", spec.name);
            }
            for key in names.keys() {
                let known = table.columns().iter().any(|c| c.name == key)
                    || EXTRA_KEYS.contains(&key.as_str())
                    || key == "requires";
                assert!(known, "{table}: unknown key {key}");
            }
            for alts in requires(table) {
                for column in alts {
                    assert!(
                        column == "outcome" || table.columns().iter().any(|c| c.name == column),
                        "{table} requires unknown {column}"
                    );
                }
            }
            assert!(!names["files"].is_empty(), "{table} has no file words");
        }
    }

    #[test]
    fn headers_are_compared_without_case_punctuation_or_a_table_word() {
        assert_eq!(key("Deal - Value"), "deal value");
        assert_eq!(key("ASSIGNED_BY_ID"), "assigned by id");
        assert_eq!(key("\u{feff}(Do Not Modify) Modified On"), "modified on");
        // German, with a table word, in a layout no profile knows.
        assert_eq!(
            found("Verkaufschance-Nr,Verantwortlich,Phase,Abschlussdatum,Betrag,Währung"),
            Some(vec![
                ("rep", "verantwortlich".into()),
                ("stage", "phase".into()),
                ("outcome", "phase".into()),
                ("close_date", "abschlussdatum".into()),
                ("amount", "betrag".into()),
                ("currency", "währung".into()),
            ])
        );
        // Dutch, the table word after: "Eigenaar verkoopkans".
        assert_eq!(
            found("Naam verkoopkans,Eigenaar verkoopkans,Fase,Sluitingsdatum,Bedrag")
                .map(|m| m.into_iter().map(|(c, _)| c).collect::<Vec<_>>()),
            Some(vec!["rep", "stage", "outcome", "close_date", "amount"])
        );
        // Won and closed flags win over the stage.
        assert_eq!(
            found("Opportunity ID,Opportunity Owner,Stage,Close Date,Amount,Won,Closed"),
            Some(vec![
                ("deal_id", "opportunity id".into()),
                ("rep", "opportunity owner".into()),
                ("stage", "stage".into()),
                ("outcome", "won/closed".into()),
                ("close_date", "close date".into()),
                ("amount", "amount".into()),
            ])
        );
    }

    #[test]
    fn files_that_are_not_deals_are_not_taken_for_deals() {
        // A stage history refers to its deals.
        assert_eq!(
            found("Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,CloseDate"),
            None
        );
        // No close date, or no amount: a campaign, a contact list.
        assert_eq!(found("Name,Campaign Type,Status,Owner"), None);
        assert_eq!(found("Owner,Stage,Amount"), None);
        assert_eq!(found("colour,size"), None);
    }

    #[test]
    fn the_score_counts_columns_values_and_the_name() {
        // Owner 1, stage-as-outcome 2, stage 1, close date 2, amount 2:
        // 8 from the names alone.
        let headers = split("Owner,Stage,Close Date,Amount");
        let deals = |sample: &Sample, stem: &str| {
            score(Table::Deals, &headers, sample, stem, &Names::new())
        };
        assert_eq!(deals(&[], "").points, 8);
        // Dates that read as dates and amounts as money: one more each.
        let sample: Vec<Vec<String>> = [
            vec!["Ann", "Bob"],
            vec!["Won", "Open"],
            vec!["17-7-2018", "3/4/2019"],
            vec!["1.250,0000000000", "€ 300"],
        ]
        .iter()
        .map(|c| c.iter().map(|v| v.to_string()).collect())
        .collect();
        assert_eq!(deals(&sample, "").points, 10);
        // A name that says deals: three more.
        let named = deals(&sample, "Export_Opportunities_2024");
        assert!(named.named);
        assert_eq!(named.points, 13);
        assert_eq!(named.describe(), "score 13, its name says so");
    }

    #[test]
    fn a_header_whose_values_contradict_it_is_not_taken() {
        // "Close" holds yes and no: not a close date, so no deals file.
        let sample: Vec<Vec<String>> = [
            vec!["Ann", "Bob", "Cy"],
            vec!["Won", "Open", "Lost"],
            vec!["yes", "no", "no"],
            vec!["100", "200", "300"],
        ]
        .iter()
        .map(|c| c.iter().map(|v| v.to_string()).collect())
        .collect();
        let headers = "Owner,Stage,Close,Amount";
        assert!(recognised(headers, "", &sample).is_none());
        assert_eq!(
            nearest(&split(headers), &sample, "", &UserNames::new())
                .map(|n| n.to_string())
                .as_deref(),
            Some(
                "Nearest table: deals (it has rep, stage, outcome, amount; it lacks a close \
                 date; \"Close\" is named like a close date but its values are not)"
            )
        );
        // The same header with dates is one.
        let mut dated = sample.clone();
        dated[2] = vec![
            "2024-01-02".into(),
            "2024-02-03".into(),
            "2024-03-04".into(),
        ];
        assert_eq!(
            recognised(headers, "", &dated).map(|m| m.table),
            Some(Table::Deals)
        );
    }

    #[test]
    fn every_table_is_known_by_its_columns_and_the_name_breaks_ties() {
        let table = |headers: &str, stem: &str| recognised(headers, stem, &[]).map(|m| m.table);
        // Leads, with no file name to go by.
        assert_eq!(
            table(
                "Lead ID,Lead Owner,Lead Source,Created Date,Lead Status,Converted Date",
                ""
            ),
            Some(Table::Leads)
        );
        // A Russian quotes export; a German contacts one.
        assert_eq!(
            table("Номер;Ответственный;Дата выставления;Сумма;Статус", "КП"),
            Some(Table::Quotes)
        );
        assert_eq!(
            table(
                "Vorname;Nachname;E-Mail;Telefon;Verantwortlich;Erstellt am",
                ""
            ),
            Some(Table::Contacts)
        );
        // Quotas: a start, an end, an amount and whose.
        assert_eq!(
            table("Sales Rep,Start Date,End Date,Quota Amount", ""),
            Some(Table::Quotas)
        );
        // A products list needs its name: "Product" alone says little.
        assert_eq!(table("Product,Sales_Price", "data"), None);
        assert_eq!(
            table("Product,Sales_Price", "products"),
            Some(Table::Products)
        );
        // Calls, tasks, meetings: the kind from the name.
        let m = recognised(
            "Subject,Assigned To,Due Date,Status,Related To",
            "zoho_tasks",
            &[],
        )
        .unwrap();
        assert_eq!(m.table, Table::Activities);
        assert_eq!(
            text(&m),
            [
                ("rep", "assigned to".to_string()),
                ("kind", "always task".to_string()),
                ("at", "due date".to_string()),
                ("account", "related to".to_string()),
            ]
        );
        assert!(m.why.as_deref().unwrap().starts_with("score "));
        // Without an owner or a time it is no activities export.
        assert_eq!(table("Subject,Status", "Calls"), None);
    }

    #[test]
    fn file_names_say_tables_in_many_languages() {
        let says = |t: Table, stem: &str| name_says(t, stem, &Names::new());
        assert_eq!(activity_kind_by_name("Calls"), Some("call"));
        assert_eq!(activity_kind_by_name("zoho_tasks_2024"), Some("task"));
        assert_eq!(activity_kind_by_name("Звонки"), Some("call"));
        assert_eq!(activity_kind_by_name("Events"), Some("meeting"));
        assert_eq!(activity_kind_by_name("callsheet"), None);
        assert!(says(Table::Reps, "Users"));
        assert!(says(Table::Reps, "crm_owners_2024"));
        assert!(says(Table::Reps, "Сотрудники"));
        assert!(!says(Table::Reps, "usage"));
        assert!(says(Table::Deals, "report1700000000_opportunities"));
        assert!(says(Table::Products, "Price List 2024"));
        assert!(!says(Table::Quotas, "planы"));
        assert!(says(Table::Leads, "Лиды"));
    }

    #[test]
    fn a_users_export_is_known_by_its_name_and_columns() {
        let m = recognised("User ID;First Name;Last Name;E-mail;Active", "Users", &[]).unwrap();
        assert_eq!(m.table, Table::Reps);
        let rep = m.columns.iter().find(|(c, _)| *c == "rep").unwrap();
        assert!(matches!(rep.1, Source::Concat(["first name", "last name"])));
        let id = m.columns.iter().find(|(c, _)| *c == "user_id").unwrap();
        assert!(matches!(id.1, Source::Header(["user id"])));
        // No name at all: not a users export.
        assert!(recognised("Id,Email", "Users", &[]).is_none());
    }

    #[test]
    fn an_unrecognised_file_says_which_table_it_came_nearest() {
        let near = |headers: &str| {
            nearest(&split(headers), &[], "", &UserNames::new()).map(|n| n.to_string())
        };
        assert_eq!(
            near("Deal Name,Owner,Stage,Pipeline").as_deref(),
            Some(
                "Nearest table: deals (it has deal_id, rep, stage, outcome; it lacks a close \
                 date, an amount)"
            )
        );
        // Deals (name, owner, status: 1 + 1 + 2) ties an accounts list
        // (name, owner: 2 + 2); the tie goes to deals.
        assert_eq!(
            near("Name,Campaign Type,Status,Owner").as_deref(),
            Some("Nearest table: deals (it has deal_id, rep, outcome; it lacks a close date, an amount)")
        );
        // Complete but weak: a name and an owner could be an accounts list.
        assert_eq!(
            near("Company,Owner").as_deref(),
            Some(
                "Nearest table: accounts (it has account, owner; score 4 is under the 7 needed \
                 when the file's name does not say the table)"
            )
        );
        assert_eq!(
            near("Id,OpportunityId,StageName,Amount,CloseDate").as_deref(),
            Some(
                "Nearest table: deals (it has deal_id, stage, outcome, close_date, amount; its \
                 rows refer to deals kept elsewhere)"
            )
        );
        assert_eq!(
            near("Goal Owner,Start,Target").as_deref(),
            Some("Nearest table: quotas (it has rep, period_start, amount; it lacks a period end)")
        );
        assert_eq!(near("colour,size"), None);
    }

    #[test]
    fn the_users_names_come_first() {
        let user = UserNames::from([(
            Table::Deals,
            Names::from([("rep".to_string(), vec!["Accountmanager".to_string()])]),
        )]);
        let headers = split("Owner,Accountmanager,Stage,Close Date,Amount");
        let m = recognise_by_names(&headers, &[], "", None, &user).unwrap();
        let rep = m.columns.iter().find(|(c, _)| *c == "rep").unwrap();
        assert!(matches!(rep.1, Source::Header(["accountmanager"])));
    }
}
