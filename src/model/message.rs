//! What a finding says, as data. `check` and the English pages write it
//! with [`Display`](fmt::Display); a page in Russian says the same
//! specifics (counts, ids, values, stages) in its words with
//! [`Message::russian`]. Both languages sit side by side here, so a new
//! message is written in each at once (issue 15, item 10).

use std::fmt;

use super::{Month, Table, Unreadable, UNASSIGNED};

/// Placeholder rep for exports that carry no owner at all.
pub const NO_OWNER: &str = "(no owner)";

/// What a finding is about, with the specifics it names.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A file of a type yardstick does not read.
    NotAFileType,
    /// A pipe, device or broken link: `what` it is (discovery's words).
    Special {
        what: &'static str,
    },
    /// A configured `source` glob that matches nothing.
    SourceMatchesNothing {
        table: Table,
        glob: String,
    },
    /// A file no table's columns fit: its first headers, and which table
    /// came nearest.
    NotRecognised {
        headers: Vec<String>,
        nearest: Option<Nearest>,
    },
    /// A file taken for a table that lacks a column the table needs;
    /// `crm` when a CRM profile took it, `renamed` when the config's
    /// column map did.
    MissingColumns {
        table: Table,
        crm: Option<String>,
        missing: Vec<String>,
        headers: Vec<String>,
        renamed: bool,
    },
    /// A file that cannot be its table, and why; `crm` when a CRM
    /// profile took it.
    Unusable {
        table: Option<Table>,
        crm: Option<String>,
        reason: Unreadable,
    },
    UnmappedStages {
        stages: Vec<(String, usize)>,
    },
    ClosedStages {
        stages: Vec<(String, usize)>,
    },
    RaggedRow {
        cells: usize,
        header: usize,
    },
    NormalisedText {
        cells: usize,
    },
    IgnoredColumns {
        columns: Vec<String>,
    },
    /// A cell that is not its column's kind: what was `expected` (one of
    /// the `EXPECT_*` texts) and what was found ("" when empty).
    BadValue {
        expected: &'static str,
        found: String,
    },
    /// Rows beyond the examples with the same problem.
    MoreBadValues {
        rows: usize,
        expected: &'static str,
    },
    OwnerIds {
        resolved: usize,
    },
    TeamGoals {
        dropped: usize,
    },
    ProductsWithoutLine {
        products: usize,
    },
    UndatedClosedDeals {
        deals: usize,
    },
    NegativeAmounts {
        deals: usize,
        examples: Vec<String>,
    },
    ClosedBeforeCreated {
        deals: usize,
        examples: Vec<String>,
    },
    AbsurdAmounts {
        deals: usize,
        examples: Vec<String>,
    },
    FarDates {
        rows: usize,
        newest: String,
        body_last: String,
    },
    UnknownProductLine {
        line: String,
        rows: usize,
        table: Table,
    },
    DuplicateIds {
        rows: usize,
        id: String,
        examples: Vec<String>,
    },
    TerritorySpelled {
        written: String,
        roster: String,
    },
    TerritoryWithoutReps {
        territory: String,
    },
    UnknownRep {
        rep: String,
        seen: Vec<(Table, usize)>,
    },
    NoRepsFile {
        reps: usize,
    },
    RowNumberIds {
        column: String,
    },
    NoOwnerColumn {
        table: Table,
    },
    DuplicateHeaders {
        names: Vec<String>,
        read: String,
    },
    EmptyWindow {
        from: Month,
        to: Month,
    },
}

/// The table a file nothing recognised came nearest, the columns it has
/// of it, and why it was not taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest {
    pub table: Table,
    pub has: Vec<String>,
    pub why: Vec<NotQuite>,
}

/// Why the nearest table was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum NotQuite {
    /// Its rows refer to that table's rows kept elsewhere.
    RefersElsewhere,
    /// Required columns (each `a|b` for alternatives) not found.
    Lacks(Vec<String>),
    /// A header named like a column whose values are not of its kind.
    Misfit { header: String, column: String },
    /// Everything there, but the score is under the threshold.
    Score {
        points: u32,
        named: bool,
        threshold: u32,
    },
}

impl fmt::Display for Nearest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why: Vec<String> = self
            .why
            .iter()
            .map(|w| match w {
                NotQuite::RefersElsewhere => {
                    format!("its rows refer to {} kept elsewhere", self.table)
                }
                NotQuite::Lacks(columns) => format!(
                    "it lacks {}",
                    columns
                        .iter()
                        .map(|c| wording(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                NotQuite::Misfit { header, column } => format!(
                    "\"{header}\" is named like {} but its values are not",
                    wording(column)
                ),
                NotQuite::Score {
                    points,
                    named,
                    threshold,
                } => format!(
                    "score {points}{} is under the {threshold} needed when the file's name does \
                     not say the table",
                    if *named { ", its name says so" } else { "" }
                ),
            })
            .collect();
        write!(
            f,
            "Nearest table: {} (it has {}; {})",
            self.table,
            self.has.join(", "),
            why.join("; ")
        )
    }
}

impl Nearest {
    fn russian(&self, table: &dyn Fn(Table) -> &'static str) -> String {
        let columns = |cs: &[String]| {
            cs.iter()
                .map(|c| format!("`{}`", c.replace('|', "` или `")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let why: Vec<String> = self
            .why
            .iter()
            .map(|w| match w {
                NotQuite::RefersElsewhere => {
                    "его строки ссылаются на строки этой таблицы, хранящиеся в другом файле".into()
                }
                NotQuite::Lacks(missing) => format!("не хватает столбцов {}", columns(missing)),
                NotQuite::Misfit { header, column } => {
                    format!("«{header}» назван как `{column}`, но его значения не такие")
                }
                NotQuite::Score {
                    points, threshold, ..
                } => format!(
                    "{points} баллов из {threshold} нужных, когда имя файла не называет таблицу"
                ),
            })
            .collect();
        format!(
            "Ближе всего таблица «{}» (есть {}; {})",
            table(self.table),
            columns(&self.has),
            why.join("; ")
        )
    }
}

/// A column's name as `check` says it lacks one.
fn wording(column: &str) -> String {
    let one = |c: &str| match c {
        "outcome" => "an outcome, stage or status".to_string(),
        "rep" => "an owner".to_string(),
        "at" | "quoted_on" | "held_on" | "answered_on" | "created_at" | "created_on" => {
            format!("a date ({})", c.replace('_', " "))
        }
        "kind" => "a type (or a file name that says calls, tasks, meetings or emails)".to_string(),
        "units" => "units".to_string(),
        c => {
            let words = c.replace('_', " ");
            let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {words}")
        }
    };
    column.split('|').map(one).collect::<Vec<_>>().join(" or ")
}

/// What a warning about an optional file that cannot be used ends with.
const SKIPPED: &str = "skipped: only deals are required, so the build goes on without this file";

/// A file's headers as a message lists them, or `none`.
fn found_columns(headers: &[String], none: &str) -> String {
    if headers.is_empty() {
        none.to_string()
    } else {
        headers
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why a file cannot be its table, as `check` and errors say it.
pub fn missing_reason(
    table: Table,
    missing: &[String],
    headers: &[String],
    renamed: bool,
) -> String {
    let via = if renamed {
        " (as mapped in the config)"
    } else {
        ""
    };
    format!(
        "has no column `{}`{via}, which the {table} table needs; found columns: {}. Rename the \
         header or map it under [tables.{table}.columns] in yardstick.toml",
        missing.join("`, `"),
        found_columns(headers, "none")
    )
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn guillemets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("«{i}»"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn counted(stages: &[(String, usize)], quote: fn(&str) -> String) -> String {
    stages
        .iter()
        .map(|(s, n)| format!("{} ({n})", quote(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Russian forms of the nouns most messages count (see [`ru_count`]).
const RU_DEALS: [&str; 3] = ["сделка", "сделки", "сделок"];
const RU_ROWS: [&str; 3] = ["строка", "строки", "строк"];

/// `n` with the Russian noun form its number takes: 1 сделка, 2 сделки,
/// 5 сделок, 11 сделок, 21 сделка.
pub fn ru_count(n: usize, [one, few, many]: [&str; 3]) -> String {
    let word = match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    };
    format!("{n} {word}")
}

/// The form of a verb or participle agreeing with `n` things: singular
/// for 1, 21, 101 …, plural otherwise ("1 сделка закрыта", "2 сделки
/// закрыты").
fn ru_agree<'a>(n: usize, singular: &'a str, plural: &'a str) -> &'a str {
    if n % 10 == 1 && n % 100 != 11 {
        singular
    } else {
        plural
    }
}

/// A row's problem as a Russian reader is told it: the `EXPECT_*` texts of
/// the ingest.
fn expected_ru(expected: &str) -> &str {
    match expected {
        "a date like 2024-03-31" => "дата, например 2024-03-31",
        "a date and time like 2024-03-31 14:05" => "дата и время, например 2024-03-31 14:05",
        "a number like 1250.50" => "число, например 1250.50",
        "true or false (also yes/no, 1/0)" => "да или нет (true/false, 1/0)",
        "won, lost or open" => "выиграна, проиграна или открыта (won, lost, open)",
        "a value (the column is required)" => "значение (столбец обязателен)",
        "a scale above 1 (the highest score possible)" => {
            "шкала больше 1 (наибольшая возможная оценка)"
        }
        "a score from 0 to the row's scale (10 when no scale is given)" => {
            "оценка от 0 до шкалы строки (10, если шкала не указана)"
        }
        "a quota of zero or more" => "план не меньше нуля",
        "a period end on or after its start" => "конец периода не раньше его начала",
        "a quota row that does not repeat an earlier one cell for cell" => {
            "строка плана, не повторяющая предыдущую ячейка в ячейку"
        }
        "a first contact at or after the lead was created" => {
            "первый контакт не раньше создания лида"
        }
        other => other,
    }
}

impl Message {
    /// The message in Russian; `table` names a table in Russian words.
    pub fn russian(&self, table: &dyn Fn(Table) -> &'static str) -> String {
        let g = |s: &str| format!("«{s}»");
        match self {
            Message::NotAFileType => {
                "yardstick не читает файлы этого типа (читает CSV, TSV, XLSX, XLS, ODS, Parquet); \
                 пропущен"
                    .into()
            }
            Message::Special { what } => {
                let what = match *what {
                    "a link to a folder (links are not followed into)" => {
                        "ссылка на папку (по ссылкам в папки yardstick не переходит)"
                    }
                    "a link to something that is not a file" => "ссылка не на файл",
                    "a broken link" => "битая ссылка",
                    "not a regular file (a pipe, socket or device)" => {
                        "не обычный файл (канал, сокет или устройство)"
                    }
                    other => other,
                };
                format!("{what}; пропущен")
            }
            Message::SourceMatchesNothing { table: t, glob } => format!(
                "[tables.{t}] source = \"{glob}\" не находит ни одного файла в папке данных \
                 (таблица «{}»); проверьте имя — оно задаётся относительно папки данных",
                table(*t)
            ),
            Message::NotRecognised { headers, nearest } => format!(
                "не распознан как выгрузка CRM (заголовки {}…); пропущен.{} Назовите файл по \
                 таблице (deals.csv) или задайте [tables.<таблица>] source в yardstick.toml",
                guillemets(headers),
                nearest
                    .as_ref()
                    .map(|n| format!(" {}.", n.russian(table)))
                    .unwrap_or_default()
            ),
            Message::MissingColumns {
                table: t,
                crm,
                missing,
                headers,
                renamed,
            } => format!(
                "{}нет столбца `{}`{}, нужного таблице «{}»; найдены столбцы: {}. \
                 Переименуйте заголовок или укажите его в [tables.{t}.columns] в \
                 yardstick.toml; {}",
                crm.as_deref()
                    .map(|crm| format!("похож на выгрузку {crm}, но "))
                    .unwrap_or_default(),
                missing.join("`, `"),
                if *renamed {
                    " (с учётом переименований в настройках)"
                } else {
                    ""
                },
                table(*t),
                found_columns(headers, "нет"),
                if crm.is_some() {
                    "пропущен"
                } else {
                    "пропущен — обязательны только сделки, отчёт строится без этого файла"
                }
            ),
            Message::Unusable {
                table: t, reason, ..
            } => format!(
                "{}: {}; пропущен — обязательны только сделки, отчёт строится без этого файла",
                match t {
                    Some(t) => format!("файл не может быть таблицей «{}»", table(*t)),
                    None => "файл не читается".to_string(),
                },
                reason.russian()
            ),
            Message::UnmappedStages { stages } => format!(
                "этапы считаются открытыми, так как ничто не отмечает их как выигрыш или \
                 проигрыш: {}; укажите их в [stages] в yardstick.toml",
                counted(stages, |s| format!("«{s}»"))
            ),
            Message::ClosedStages { stages } => format!(
                "сделки закрыты на этапах, не отмеченных ни как выигрыш, ни как проигрыш, и не \
                 входят в долю выигранных и выполнение плана: {}; укажите в [stages] в \
                 yardstick.toml, например \"{}\" = \"won\" (или \"lost\")",
                counted(stages, |s| format!("«{s}»")),
                stages.first().map(|(s, _)| s.as_str()).unwrap_or_default()
            ),
            Message::RaggedRow { cells, header } => {
                format!("ячеек в строке: {cells}, столбцов в заголовке: {header}; строка не учтена")
            }
            Message::NormalisedText { cells } => format!(
                "{} {} в другой форме Юникода или {} невидимые символы; текст \
                 приведён к одной форме, и одинаковые на вид имена теперь совпадают",
                ru_count(
                    *cells,
                    ["текстовая ячейка", "текстовые ячейки", "текстовых ячеек"]
                ),
                ru_agree(*cells, "записана", "записаны"),
                ru_agree(*cells, "содержала", "содержали")
            ),
            Message::IgnoredColumns { columns } => {
                format!("неиспользуемые столбцы: {}", columns.join(", "))
            }
            Message::BadValue { expected, found } => format!(
                "ожидалось: {}; {}; строка не учтена",
                expected_ru(expected),
                if found.is_empty() {
                    "ячейка пуста".to_string()
                } else {
                    format!("найдено {}", g(found))
                }
            ),
            Message::MoreBadValues { rows, expected } => format!(
                "ещё {}, где в этом столбце не {}; не {}",
                ru_count(*rows, RU_ROWS),
                expected_ru(expected),
                ru_agree(*rows, "учтена", "учтены")
            ),
            Message::OwnerIds { resolved } => format!(
                "{} {} именами менеджеров по пользователям из таблицы менеджеров",
                ru_count(
                    *resolved,
                    [
                        "идентификатор владельца",
                        "идентификатора владельца",
                        "идентификаторов владельца"
                    ]
                ),
                ru_agree(*resolved, "заменён", "заменены")
            ),
            Message::TeamGoals { dropped } => format!(
                "{} (цели, в которые сходятся другие) не {} личными планами",
                ru_count(
                    *dropped,
                    ["командная цель", "командные цели", "командных целей"]
                ),
                ru_agree(*dropped, "считается", "считаются")
            ),
            Message::ProductsWithoutLine { products } => format!(
                "{} в таблице продуктов без продуктовой линии: каждый считается своей линией",
                ru_count(*products, ["продукт", "продукта", "продуктов"])
            ),
            Message::UndatedClosedDeals { deals } => format!(
                "{} без даты закрытия; не {}",
                ru_count(
                    *deals,
                    [
                        "выигранная или проигранная сделка",
                        "выигранные или проигранные сделки",
                        "выигранных или проигранных сделок"
                    ]
                ),
                ru_agree(*deals, "учтена", "учтены")
            ),
            Message::NegativeAmounts { deals, examples } => format!(
                "{} с отрицательной суммой (например, {}); {} как есть",
                ru_count(*deals, RU_DEALS),
                guillemets(examples),
                ru_agree(*deals, "учтена", "учтены")
            ),
            Message::ClosedBeforeCreated { deals, examples } => format!(
                "{} {} раньше, чем {} (например, {}); {} по дате закрытия",
                ru_count(*deals, RU_DEALS),
                ru_agree(*deals, "закрыта", "закрыты"),
                ru_agree(*deals, "создана", "созданы"),
                guillemets(examples),
                ru_agree(*deals, "учтена", "учтены")
            ),
            Message::AbsurdAmounts { deals, examples } => format!(
                "{} с суммой в триллион и больше (например, {}); не {}",
                ru_count(*deals, RU_DEALS),
                guillemets(examples),
                ru_agree(*deals, "учтена", "учтены")
            ),
            Message::FarDates {
                rows,
                newest,
                body_last,
            } => format!(
                "{} с датами далеко за пределами остальных (самая поздняя {newest}); {} \
                 в своих месяцах, но дата данных по умолчанию — самая поздняя из остальных, \
                 {body_last} (задайте --as-of или as_of)",
                ru_count(*rows, RU_ROWS),
                ru_agree(*rows, "она учтена", "они учтены")
            ),
            Message::UnknownProductLine {
                line,
                rows,
                table: t,
            } => format!(
                "продуктовая линия {} встречается в таблице «{}» ({}), но её нет в таблице \
                 продуктов; в стандартах по линиям она не учтена (добавьте её в продукты)",
                g(line),
                table(*t),
                ru_count(*rows, RU_ROWS)
            ),
            Message::DuplicateIds { rows, id, examples } => format!(
                "{} {} уже встреченный `{id}` (например, {}); из повторов оставлена первая \
                 строка",
                ru_count(*rows, RU_ROWS),
                ru_agree(*rows, "повторяет", "повторяют"),
                guillemets(examples)
            ),
            Message::TerritorySpelled { written, roster } => format!(
                "в плане территория {}, а в таблице менеджеров она записана {}; прочитана как {}",
                g(written),
                g(roster),
                g(roster)
            ),
            Message::TerritoryWithoutReps { territory } => format!(
                "в плане территория {}, в которой нет ни одного менеджера; план учтён только в \
                 плане компании (страницы территории нет)",
                g(territory)
            ),
            Message::UnknownRep { rep, seen } => format!(
                "менеджер {} встречается в таблицах {}, но не в таблице менеджеров; учтён в \
                 территории своих клиентов или в {}",
                g(rep),
                seen.iter()
                    .map(|(t, n)| format!("«{}» ({n})", table(*t)))
                    .collect::<Vec<_>>()
                    .join(", "),
                g(UNASSIGNED)
            ),
            Message::NoRepsFile { reps } => format!(
                "нет файла менеджеров: {} {} из данных, в территории своих клиентов или в {}",
                ru_count(*reps, ["менеджер", "менеджера", "менеджеров"]),
                ru_agree(*reps, "взят", "взяты"),
                g(UNASSIGNED)
            ),
            Message::RowNumberIds { column } => {
                format!("нет столбца {column}: идентификатор каждой строки — её номер")
            }
            Message::NoOwnerColumn { table: t } => format!(
                "нет столбца владельца: все строки учтены за менеджером {}, менеджеров не \
                 различить; укажите столбец владельца в [tables.{t}.columns] (rep = \"…\") в \
                 yardstick.toml",
                g(NO_OWNER)
            ),
            Message::DuplicateHeaders { names, read } => format!(
                "заголовки {} различаются только регистром; прочитан {}, первый со значениями",
                guillemets(names),
                g(read)
            ),
            Message::EmptyWindow { from, to } => format!(
                "в периоде с {from} по {to} нет ни одного датированного факта; все показатели \
                 пусты (выберите --from и --to или --as-of в пределах данных)"
            ),
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::NotAFileType => f.write_str(
                "not a file type yardstick reads (CSV, TSV, XLSX, XLS, ODS, Parquet); ignored",
            ),
            Message::Special { what } => write!(f, "is {what}; ignored"),
            Message::SourceMatchesNothing { table, glob } => write!(
                f,
                "[tables.{table}] source = \"{glob}\" matches no file in the data folder; \
                 check the name (it is relative to the data folder)"
            ),
            Message::NotRecognised { headers, nearest } => write!(
                f,
                "not recognised as any CRM export yardstick knows (headers {}…); ignored.{} \
                 Name it after its table (deals.csv) or set [tables.<table>] source in yardstick.toml",
                quoted(headers),
                nearest
                    .as_ref()
                    .map(|n| format!(" {n}."))
                    .unwrap_or_default()
            ),
            Message::MissingColumns {
                table,
                crm,
                missing,
                headers,
                renamed,
            } => {
                let reason = missing_reason(*table, missing, headers, *renamed);
                match crm {
                    Some(crm) => write!(f, "looks like {crm} {table} but {reason}; ignored"),
                    None => write!(f, "{reason}; {SKIPPED}"),
                }
            }
            Message::Unusable { table, crm, reason } => match (crm, table) {
                (Some(crm), Some(table)) => {
                    write!(f, "looks like {crm} {table} but {reason}; ignored")
                }
                _ => write!(f, "{reason}; {SKIPPED}"),
            },
            Message::UnmappedStages { stages } => write!(
                f,
                "stages counted as open because nothing marks them won or lost: {}; map them \
                 under [stages] in yardstick.toml",
                counted(stages, |s| format!("\"{s}\""))
            ),
            Message::ClosedStages { stages } => write!(
                f,
                "deals closed at stages known as neither won nor lost, left out of win rate and \
                 attainment: {}; say which under [stages] in yardstick.toml, e.g. \"{}\" = \"won\" \
                 (or \"lost\")",
                counted(stages, |s| format!("\"{s}\"")),
                stages.first().map(|(s, _)| s.as_str()).unwrap_or_default()
            ),
            Message::RaggedRow { cells, header } => write!(
                f,
                "has {cells} cells where the header has {header}; the row was left out"
            ),
            Message::NormalisedText { cells } => write!(
                f,
                "{cells} text cell(s) were written in another Unicode form (\"José\" as e and an \
                 accent) or held invisible characters (zero-width spaces, a BOM); they were \
                 normalised, so names that look alike are one rep, account or line"
            ),
            Message::IgnoredColumns { columns } => {
                write!(f, "columns not used: {}", columns.join(", "))
            }
            Message::BadValue { expected, found } => {
                let found = if found.is_empty() {
                    "it is empty".to_string()
                } else {
                    format!("found \"{found}\"")
                };
                write!(f, "expected {expected}, {found}; the row was left out")
            }
            Message::MoreBadValues { rows, expected } => write!(
                f,
                "{rows} more rows where this column is not {expected}; left out"
            ),
            Message::OwnerIds { resolved } => write!(
                f,
                "{resolved} owner ids resolved to rep names through the users in the reps table"
            ),
            Message::TeamGoals { dropped } => write!(
                f,
                "{dropped} team goal(s) (goals other goals roll up to) are not counted as \
                 personal quotas"
            ),
            Message::ProductsWithoutLine { products } => write!(
                f,
                "{products} product(s) in the products table have no product line: each is its \
                 own line"
            ),
            Message::UndatedClosedDeals { deals } => write!(
                f,
                "{deals} won or lost deal(s) have no close date and are left out"
            ),
            Message::NegativeAmounts { deals, examples } => write!(
                f,
                "{deals} deal(s) have a negative amount (e.g. {}); they count as they are",
                quoted(examples)
            ),
            Message::ClosedBeforeCreated { deals, examples } => write!(
                f,
                "{deals} deal(s) close before they were created (e.g. {}); they count by their \
                 close date",
                quoted(examples)
            ),
            Message::AbsurdAmounts { deals, examples } => write!(
                f,
                "{deals} deal(s) have an amount of a trillion or more (e.g. {}); they are left out",
                quoted(examples)
            ),
            Message::FarDates {
                rows,
                newest,
                body_last,
            } => write!(
                f,
                "{rows} row(s) carry dates far beyond the rest (the newest {newest}); they \
                 count in their own months, but the default as-of date is the newest of \
                 the rest, {body_last} (set --as-of or as_of to choose)"
            ),
            Message::UnknownProductLine { line, rows, table } => write!(
                f,
                "product line \"{line}\" appears in {rows} {table} row(s) but not in the products \
                 table; it is left out of the per-line standards (add it to products to count it)"
            ),
            Message::DuplicateIds { rows, id, examples } => write!(
                f,
                "{rows} row(s) repeat a `{id}` seen before (e.g. {}); the first of each was kept",
                quoted(examples)
            ),
            Message::TerritorySpelled { written, roster } => write!(
                f,
                "a quota names territory \"{written}\", which the reps table writes \
                 \"{roster}\"; read as \"{roster}\""
            ),
            Message::TerritoryWithoutReps { territory } => write!(
                f,
                "a quota names territory \"{territory}\", which no rep is in; it counts in the \
                 company's quota only (no territory page shows it)"
            ),
            Message::UnknownRep { rep, seen } => write!(
                f,
                "rep \"{rep}\" appears in {} but not in the reps table; scored under their \
                 accounts' territory, or \"{UNASSIGNED}\"",
                seen.iter()
                    .map(|(t, n)| format!("{t} ({n})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Message::NoRepsFile { reps } => write!(
                f,
                "no reps file: {reps} rep(s) taken from the facts, in their accounts' territory \
                 or \"{UNASSIGNED}\""
            ),
            Message::RowNumberIds { column } => {
                write!(f, "no {column} column: each row's line number is its id")
            }
            Message::NoOwnerColumn { table } => write!(
                f,
                "no owner column: every row is scored under the rep \"{NO_OWNER}\", so reps \
                 cannot be told apart; name the owner's column under [tables.{table}.columns] \
                 (rep = \"…\") in yardstick.toml"
            ),
            Message::DuplicateHeaders { names, read } => write!(
                f,
                "headers {} differ only in case; read \"{read}\", the first with values",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Message::EmptyWindow { from, to } => write!(
                f,
                "the window {from} to {to} holds no dated fact of any table; every figure is \
                 empty (choose --from and --to, or --as-of, within the data)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_nouns_take_the_form_of_their_number() {
        let deals = ["сделка", "сделки", "сделок"];
        let said: Vec<String> = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111]
            .iter()
            .map(|&n| ru_count(n, deals))
            .collect();
        assert_eq!(
            said,
            [
                "1 сделка",
                "2 сделки",
                "4 сделки",
                "5 сделок",
                "11 сделок",
                "12 сделок",
                "14 сделок",
                "21 сделка",
                "22 сделки",
                "25 сделок",
                "101 сделка",
                "111 сделок"
            ]
        );
    }

    /// The participle agrees with the count: one deal "закрыта", two
    /// "закрыты", twenty-one again "закрыта", eleven "закрыты".
    #[test]
    fn russian_verbs_agree_with_their_count() {
        let say = |deals| {
            Message::ClosedBeforeCreated {
                deals,
                examples: vec!["D1".into()],
            }
            .russian(&|_| "Сделки")
        };
        assert_eq!(
            say(1),
            "1 сделка закрыта раньше, чем создана (например, «D1»); учтена по дате закрытия"
        );
        assert!(say(2).starts_with("2 сделки закрыты раньше, чем созданы"));
        assert!(say(11).starts_with("11 сделок закрыты раньше, чем созданы"));
        assert!(say(21).starts_with("21 сделка закрыта раньше, чем создана"));
    }

    /// A file nothing recognised, in Russian: the nearest table in its
    /// Russian name, the columns by their canonical names.
    #[test]
    fn an_unrecognised_file_is_explained_in_russian() {
        let message = Message::NotRecognised {
            headers: vec!["Owner".into(), "Stage".into()],
            nearest: Some(Nearest {
                table: Table::Deals,
                has: vec!["rep".into(), "stage".into()],
                why: vec![NotQuite::Lacks(vec!["close_date".into(), "amount".into()])],
            }),
        };
        let said = message.russian(&|t| match t {
            Table::Deals => "Сделки",
            _ => "?",
        });
        assert!(
            said.starts_with(
                "не распознан как выгрузка CRM (заголовки «Owner», «Stage»…); пропущен. Ближе \
                 всего таблица «Сделки» (есть `rep`, `stage`; не хватает столбцов \
                 `close_date`, `amount`)."
            ),
            "{said}"
        );
        assert!(message.to_string().contains(
            "Nearest table: deals (it has rep, stage; it lacks a close date, an amount)"
        ));
    }

    #[test]
    fn every_expected_text_of_the_ingest_has_russian_words() {
        use crate::ingest::EXPECTATIONS;
        for expected in EXPECTATIONS {
            assert_ne!(expected_ru(expected), *expected, "{expected}");
        }
    }
}
