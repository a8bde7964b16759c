//! Recognition by meaning for files no CRM profile knows: each canonical
//! column found by the names it goes by ([`lexicon.toml`](lexicon.toml),
//! embedded, extended by `[lexicon.<table>]` in yardstick.toml), after
//! normalising case, spaces, punctuation and a leading table word. For
//! now it knows deals, the one table every build needs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::recognise::{Match, Source};
use crate::model::Table;

/// The embedded lexicon, as written.
const LEXICON: &str = include_str!("lexicon.toml");

/// The keys a `[lexicon.<table>]` table may hold besides canonical columns.
pub const EXTRA_KEYS: [&str; 7] = [
    "prefixes",
    "won_flag",
    "closed_flag",
    "status",
    "refers_to_deals",
    "first_name",
    "last_name",
];

/// The tables the lexicon reads so far.
pub const TABLES: [Table; 4] = [
    Table::Deals,
    Table::Activities,
    Table::Reps,
    Table::Accounts,
];

/// True when one of the words of a file name (split at anything but a
/// letter or digit, without case) is one of `words`.
fn name_has_any(stem: &str, words: &[&str]) -> bool {
    stem.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.contains(&w))
}

/// True when a file's name says it lists users, owners or employees.
pub fn names_people(stem: &str) -> bool {
    const WORDS: [&str; 24] = [
        "users",
        "user",
        "owners",
        "employees",
        "staff",
        "team",
        "salespeople",
        "reps",
        "пользователи",
        "сотрудники",
        "менеджеры",
        "benutzer",
        "mitarbeiter",
        "utilisateurs",
        "employés",
        "usuarios",
        "empleados",
        "usuários",
        "funcionários",
        "utenti",
        "dipendenti",
        "gebruikers",
        "medewerkers",
        "verkopers",
    ];
    name_has_any(stem, &WORDS)
}

/// True when a file's name says it lists accounts, companies or
/// organisations.
pub fn names_accounts(stem: &str) -> bool {
    const WORDS: [&str; 16] = [
        "accounts",
        "account",
        "companies",
        "organizations",
        "organisations",
        "customers",
        "clients",
        "компании",
        "организации",
        "контрагенты",
        "firmen",
        "unternehmen",
        "sociétés",
        "empresas",
        "aziende",
        "bedrijven",
    ];
    name_has_any(stem, &WORDS)
}

/// Recognises an accounts export, whose name said it lists accounts, by
/// its column names: it needs the account (an id or a name) and either a
/// territory or an owner, or it tells nothing.
pub fn recognise_accounts(headers: &[String], user: &Names) -> Option<Match> {
    let mut f = Finder::new(Table::Accounts, headers, user);
    let account = f.find("account")?;
    let mut columns: Vec<(&'static str, Source)> =
        vec![("account", Source::Header(f.source(account)))];
    for column in ["territory", "owner", "name"] {
        if let Some(i) = f.find(column) {
            columns.push((column, Source::Header(f.source(i))));
        }
    }
    if !columns
        .iter()
        .any(|(c, _)| matches!(*c, "territory" | "owner"))
    {
        return None;
    }
    Some(matched(Table::Accounts, columns))
}

/// Recognises a users export, whose name said it lists people, by its
/// column names: it needs a name, whole or as first and last name.
pub fn recognise_reps(headers: &[String], user: &Names) -> Option<Match> {
    let mut f = Finder::new(Table::Reps, headers, user);
    let rep = match f.find("rep") {
        Some(i) => Source::Header(f.source(i)),
        None => {
            let (first, last) = (f.find("first_name")?, f.find("last_name")?);
            let both: &'static [&'static str] =
                Box::leak(vec![f.source(first)[0], f.source(last)[0]].into_boxed_slice());
            Source::Concat(both)
        }
    };
    let mut columns: Vec<(&'static str, Source)> = vec![("rep", rep)];
    for column in ["user_id", "territory", "manager", "active"] {
        if let Some(i) = f.find(column) {
            columns.push((column, Source::Header(f.source(i))));
        }
    }
    Some(matched(Table::Reps, columns))
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
        .find(|(_, names)| name_has_any(stem, names))
        .map(|(kind, _)| *kind)
}

/// What the crm of a match made from the lexicon is called in `check`.
pub const BY_COLUMN_NAMES: &str = "generic (by column names)";

/// One table's names: canonical column (or `won_flag`, `closed_flag`,
/// `status`, `prefixes`, `refers_to_deals`) → names, in priority order.
pub type Names = BTreeMap<String, Vec<String>>;

fn builtin() -> &'static BTreeMap<String, Names> {
    static PARSED: OnceLock<BTreeMap<String, Names>> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(LEXICON).expect("the embedded lexicon is valid TOML"))
}

/// A header or a name as compared: lower case, `_ - . : / ( ) #` and
/// runs of spaces as one space, a BOM and D365's "(Do Not Modify)" gone.
pub fn key(text: &str) -> String {
    let lower = text
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace("(do not modify)", " ");
    lower
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

/// A match read by column names.
fn matched(table: Table, mut columns: Vec<(&'static str, Source)>) -> Match {
    in_table_order(table, &mut columns);
    Match {
        crm: BY_COLUMN_NAMES,
        table,
        columns,
    }
}

/// The file's headers as the lexicon compares them, each found once.
struct Finder<'a> {
    headers: &'a [String],
    names: Names,
    /// Each header's full key, and its key without the table's word.
    keys: Vec<(String, String)>,
    used: Vec<bool>,
}

impl<'a> Finder<'a> {
    fn new(table: Table, headers: &'a [String], user: &Names) -> Finder<'a> {
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
            headers,
            names,
            keys,
            used: vec![false; headers.len()],
        }
    }

    /// The first unused header that `column`'s names name, in their order.
    fn find(&mut self, column: &str) -> Option<usize> {
        for name in self.names.get(column)? {
            let hit = self
                .keys
                .iter()
                .enumerate()
                .position(|(i, (full, stripped))| {
                    !self.used[i] && (full == name || stripped == name)
                });
            if let Some(i) = hit {
                self.used[i] = true;
                return Some(i);
            }
        }
        None
    }

    /// The header as `shape` finds it. Leaked: a handful of short strings
    /// per file read, for the life of the process.
    fn source(&self, i: usize) -> &'static [&'static str] {
        let name: &'static str =
            Box::leak(super::recognise::normalise(&self.headers[i]).into_boxed_str());
        Box::leak(vec![name].into_boxed_slice())
    }
}

/// Recognises a calls, tasks, events or emails export, whose name said
/// `kind`, by its column names: it needs an owner and a time. Each row's
/// kind is its type column's, else `kind`.
pub fn recognise_activities(headers: &[String], kind: &'static str, user: &Names) -> Option<Match> {
    let mut f = Finder::new(Table::Activities, headers, user);
    let rep = f.find("rep")?;
    let at = f.find("at")?;
    let mut columns: Vec<(&'static str, Source)> = vec![
        ("rep", Source::Header(f.source(rep))),
        ("at", Source::Header(f.source(at))),
    ];
    columns.push((
        "kind",
        match f.find("kind") {
            Some(i) => Source::Header(f.source(i)),
            None => Source::Const(kind),
        },
    ));
    for column in ["activity_id", "account", "contact_id", "product_line"] {
        if let Some(i) = f.find(column) {
            columns.push((column, Source::Header(f.source(i))));
        }
    }
    Some(matched(Table::Activities, columns))
}

/// What the lexicon finds of a deals export in some headers, found or not.
struct DealsFound {
    columns: Vec<(&'static str, Source)>,
    has_outcome: bool,
    refers_to_deals: bool,
}

fn find_deals(headers: &[String], user: &Names) -> DealsFound {
    let mut f = Finder::new(Table::Deals, headers, user);
    let refers = f.names.get("refers_to_deals").cloned().unwrap_or_default();
    let has_own_id = f.keys.iter().any(|(full, _)| full == "id");
    let refers_to_deals = has_own_id && f.keys.iter().any(|(full, _)| refers.contains(full));
    let outcome = f
        .find("outcome")
        .map(|i| Source::Header(f.source(i)))
        .or_else(|| {
            let won = f.find("won_flag")?;
            let closed = f.find("closed_flag");
            Some(Source::Flags(
                f.source(won),
                closed.map_or(&[][..], |c| f.source(c)),
            ))
        });
    let stage = f.find("stage");
    let status = f.find("status");
    let outcome = outcome.or_else(|| status.or(stage).map(|i| Source::Stage(f.source(i))));
    let has_outcome = outcome.is_some();
    let mut columns: Vec<(&'static str, Source)> =
        outcome.map(|o| ("outcome", o)).into_iter().collect();
    if let Some(i) = stage {
        columns.push(("stage", Source::Header(f.source(i))));
    }
    for spec in Table::Deals.columns() {
        if matches!(spec.name, "outcome" | "stage") {
            continue;
        }
        if let Some(i) = f.find(spec.name) {
            columns.push((spec.name, Source::Header(f.source(i))));
        }
    }
    in_table_order(Table::Deals, &mut columns);
    DealsFound {
        columns,
        has_outcome,
        refers_to_deals,
    }
}

/// Recognises a deals export by its column names: it needs an outcome (an
/// outcome column, won flags, a status or a stage), a close date and an
/// amount, and must not be a file of rows that refer to deals (a stage
/// history with `Id` and `OpportunityId`). `user` holds the names
/// `[lexicon.deals]` adds.
pub fn recognise_deals(headers: &[String], user: &Names) -> Option<Match> {
    let found = find_deals(headers, user);
    let has = |column: &str| found.columns.iter().any(|(c, _)| *c == column);
    if found.refers_to_deals || !(found.has_outcome && has("close_date") && has("amount")) {
        return None;
    }
    Some(matched(Table::Deals, found.columns))
}

/// For a file nothing recognised: how near it came to a deals export, when
/// the lexicon finds at least two of its columns ("found an owner and a
/// stage; lacks a close date and an amount"), so `check` can say what to
/// map.
pub fn nearest_deals(headers: &[String], user: &Names) -> Option<String> {
    let found = find_deals(headers, user);
    if found.columns.len() < 2 {
        return None;
    }
    let has = |column: &str| found.columns.iter().any(|(c, _)| *c == column);
    let named: Vec<&str> = found.columns.iter().map(|(c, _)| *c).collect();
    let mut lacks = Vec::new();
    if !found.has_outcome {
        lacks.push("an outcome, stage or status");
    }
    if !has("close_date") {
        lacks.push("a close date");
    }
    if !has("amount") {
        lacks.push("an amount");
    }
    Some(if found.refers_to_deals {
        format!(
            "Nearest table: deals (it has {}), but its rows refer to deals kept elsewhere",
            named.join(", ")
        )
    } else {
        format!(
            "Nearest table: deals (it has {}; it lacks {})",
            named.join(", "),
            lacks.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(headers: &str) -> Option<Vec<(&'static str, String)>> {
        let headers: Vec<String> = headers.split(',').map(str::to_string).collect();
        let m = recognise_deals(&headers, &Names::new())?;
        Some(
            m.columns
                .iter()
                .map(|(c, s)| {
                    let text = match s {
                        Source::Header(h) | Source::Stage(h) => h.join("|"),
                        Source::Flags(w, c) => format!("{}/{}", w.join("|"), c.join("|")),
                        _ => String::new(),
                    };
                    (*c, text)
                })
                .collect(),
        )
    }

    #[test]
    fn the_embedded_lexicon_parses_and_knows_every_deals_column() {
        let deals = &builtin()["deals"];
        for spec in Table::Deals.columns() {
            assert!(deals.contains_key(spec.name), "{}", spec.name);
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
    fn an_activities_file_is_known_by_its_name_and_columns() {
        assert_eq!(activity_kind_by_name("Calls"), Some("call"));
        assert_eq!(activity_kind_by_name("zoho_tasks_2024"), Some("task"));
        assert_eq!(activity_kind_by_name("Звонки"), Some("call"));
        assert_eq!(activity_kind_by_name("Events"), Some("meeting"));
        assert_eq!(activity_kind_by_name("callsheet"), None);
        let headers: Vec<String> = "Subject,Assigned To,Due Date,Status,Related To"
            .split(',')
            .map(str::to_string)
            .collect();
        let m = recognise_activities(&headers, "task", &Names::new()).unwrap();
        let text: Vec<(&str, String)> = m
            .columns
            .iter()
            .map(|(c, s)| {
                (
                    *c,
                    match s {
                        Source::Header(h) => h.join("|"),
                        Source::Const(k) => format!("always {k}"),
                        _ => String::new(),
                    },
                )
            })
            .collect();
        assert_eq!(
            text,
            [
                ("rep", "assigned to".to_string()),
                ("kind", "always task".to_string()),
                ("at", "due date".to_string()),
                ("account", "related to".to_string()),
            ]
        );
        // Without an owner or a time it is no activities export.
        let headers: Vec<String> = vec!["Subject".into(), "Status".into()];
        assert!(recognise_activities(&headers, "task", &Names::new()).is_none());
    }

    #[test]
    fn a_users_export_is_known_by_its_name_and_columns() {
        assert!(names_people("Users"));
        assert!(names_people("crm_owners_2024"));
        assert!(names_people("Сотрудники"));
        assert!(!names_people("usage"));
        let headers: Vec<String> = "User ID;First Name;Last Name;E-mail;Active"
            .split(';')
            .map(str::to_string)
            .collect();
        let m = recognise_reps(&headers, &Names::new()).unwrap();
        let rep = m.columns.iter().find(|(c, _)| *c == "rep").unwrap();
        assert!(matches!(rep.1, Source::Concat(["first name", "last name"])));
        let id = m.columns.iter().find(|(c, _)| *c == "user_id").unwrap();
        assert!(matches!(id.1, Source::Header(["user id"])));
        // No name at all: not a users export.
        let headers: Vec<String> = vec!["Id".into(), "Email".into()];
        assert!(recognise_reps(&headers, &Names::new()).is_none());
    }

    #[test]
    fn an_unrecognised_file_says_how_near_it_came_to_deals() {
        let headers: Vec<String> = "Name,Campaign Type,Status,Owner"
            .split(',')
            .map(str::to_string)
            .collect();
        assert_eq!(
            nearest_deals(&headers, &Names::new()).as_deref(),
            Some("Nearest table: deals (it has rep, outcome; it lacks a close date, an amount)")
        );
        let headers: Vec<String> = vec!["colour".into(), "size".into()];
        assert_eq!(nearest_deals(&headers, &Names::new()), None);
    }

    #[test]
    fn the_users_names_come_first() {
        let user = Names::from([("rep".to_string(), vec!["Accountmanager".to_string()])]);
        let headers: Vec<String> = "Owner,Accountmanager,Stage,Close Date,Amount"
            .split(',')
            .map(str::to_string)
            .collect();
        let m = recognise_deals(&headers, &user).unwrap();
        let rep = m.columns.iter().find(|(c, _)| *c == "rep").unwrap();
        assert!(matches!(rep.1, Source::Header(["accountmanager"])));
    }
}
