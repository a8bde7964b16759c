//! `yardstick.toml`: what to read, which window to report and the standard
//! to measure against. Every key is optional; an unknown key or a bad value
//! is an error that names the key and its line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use crate::error::Error;
use crate::model::{Month, Table};
use crate::standards::catalogue::{self, Direction, Unit};

/// The configuration as written in the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub title: Option<String>,
    pub language: Option<Language>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "month_opt")]
    pub from: Option<Month>,
    #[serde(default, deserialize_with = "month_opt")]
    pub to: Option<Month>,
    #[serde(default, deserialize_with = "date_opt")]
    pub as_of: Option<NaiveDate>,
    #[serde(default)]
    pub tables: BTreeMap<TableName, TableConfig>,
    #[serde(default)]
    pub scoring: ScoringConfig,
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub standards: Vec<StandardConfig>,
    /// Stage name → won, lost or open, for CRMs without won/lost flags.
    #[serde(default, deserialize_with = "stage_map")]
    pub stages: BTreeMap<String, String>,
    #[serde(default)]
    pub currencies: CurrenciesConfig,
    /// More names a canonical column goes by (see the embedded lexicon).
    #[serde(default)]
    pub lexicon: BTreeMap<TableName, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    pub exports: ExportsConfig,
}

/// `[exports]`: which files beside the pages. `metrics.csv` and
/// `metrics.parquet` are always written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportsConfig {
    /// Also write `metrics.json` (one object per row; large at scale).
    #[serde(default)]
    pub json: bool,
}

/// Deals in several currencies are converted to one with these rates.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrenciesConfig {
    /// ISO code of the currency amounts are reported in, e.g. "USD".
    pub reporting: Option<String>,
    /// ISO code → units of the reporting currency for one unit of it.
    #[serde(default, deserialize_with = "rates")]
    pub rates: BTreeMap<String, f64>,
}

/// Report language: labels, month names and number formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ru,
}

/// The longest report window: ten years of months. Longer is no
/// scorecard, and the work grows with every month (1970–2100 took minutes).
pub const MAX_WINDOW_MONTHS: i32 = 120;

/// A canonical table name used as a key under `[tables]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TableName(pub Table);

impl<'de> Deserialize<'de> for TableName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Table::from_name(&name).map(TableName).ok_or_else(|| {
            let known: Vec<_> = Table::ALL.iter().map(|t| t.name()).collect();
            serde::de::Error::custom(format!(
                "unknown table `{name}`, expected one of {}",
                known.join(", ")
            ))
        })
    }
}

/// Where one canonical table comes from, and how its files are written
/// where detection cannot tell.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableConfig {
    /// File name or glob under the data folder, e.g. `"crm/Opportunity*.csv"`.
    pub source: Option<String>,
    /// Canonical column name → header in the file.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// "dmy", "mdy" or "ymd", for dates like 01/02/2024.
    pub date_order: Option<crate::model::DateOrder>,
    /// "point" or "comma".
    pub decimal: Option<crate::model::Decimal>,
    /// e.g. "windows-1251", "utf-8".
    pub encoding: Option<String>,
    /// One character: ",", ";", "\t" or "|".
    #[serde(default, deserialize_with = "delimiter_opt")]
    pub delimiter: Option<u8>,
    /// The workbook sheet to read.
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringConfig {
    /// Attainment at or above this (and below 1) is `near`.
    #[serde(deserialize_with = "fraction")]
    pub near: f64,
    /// Attainment is capped here before it enters the weighted score.
    #[serde(deserialize_with = "positive")]
    pub cap: f64,
    /// Reps in their first this many months (to the as-of month) are
    /// "ramping": marked on every page and not ranked. 0: nobody ramps.
    pub ramp_months: u32,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            near: 0.8,
            cap: 1.5,
            ramp_months: 3,
        }
    }
}

/// Definitions that organisations set differently.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RulesConfig {
    /// A company-generated lead counts as followed up when first contacted
    /// within this many hours of its creation.
    #[serde(deserialize_with = "positive")]
    pub lead_follow_up_hours: f64,
    /// An open deal not modified for more than this many days is stale.
    #[serde(deserialize_with = "positive")]
    pub stale_days: f64,
    /// Contact fields that must all be filled for a complete record.
    #[serde(deserialize_with = "contact_fields")]
    pub contact_fields: Vec<String>,
    /// Quotes expected per unit of quota on each product line.
    #[serde(deserialize_with = "positive")]
    pub quote_multiple: f64,
    /// Pipeline coverage looks this many months ahead.
    #[serde(deserialize_with = "months")]
    pub pipeline_months: u32,
    /// Leads take this long to convert: a creation month that ended fewer
    /// days than this before the as-of date is still maturing.
    #[serde(deserialize_with = "positive")]
    pub conversion_horizon_days: f64,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            lead_follow_up_hours: 48.0,
            stale_days: 30.0,
            contact_fields: ["name", "address", "phone", "email"]
                .map(String::from)
                .to_vec(),
            quote_multiple: 3.0,
            pipeline_months: 3,
            conversion_horizon_days: 60.0,
        }
    }
}

impl Config {
    /// True when the configuration itself reads a canonical column: a
    /// custom standard filters or sums it, or the contact-completeness rule
    /// names it. Such columns are kept even if no built-in standard reads
    /// them.
    pub fn reads_column(&self, table: Table, column: &str) -> bool {
        (table == Table::Contacts && self.rules.contact_fields.iter().any(|f| f == column))
            || self.standards.iter().any(|s| {
                s.custom.as_ref().is_some_and(|c| {
                    c.table == table
                        && (c.column.as_deref() == Some(column)
                            || c.filter.iter().any(|(f, _)| f == column))
                })
            })
    }
}

/// How a custom standard aggregates the rows its filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Rows per month.
    Count,
    /// Sum of `column` per month.
    Sum,
    /// Mean of `column`.
    Mean,
}

/// A filter value: one value or any of several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn values(&self) -> Vec<String> {
        match self {
            OneOrMany::One(v) => vec![v.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A standard declared in yardstick.toml: a filter over one canonical
/// table and an aggregation, scored like the built-ins.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CustomSpec {
    pub table: Table,
    /// Canonical column → accepted values (compared as text).
    pub filter: Vec<(String, Vec<String>)>,
    pub measure: Measure,
    pub column: Option<String>,
}

/// One `[[standards]]` entry: overrides for a built-in standard, or a
/// custom standard (one that names a `table`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardConfig {
    pub id: String,
    pub title: Option<String>,
    pub title_ru: Option<String>,
    pub definition: Option<String>,
    pub definition_ru: Option<String>,
    #[serde(default, deserialize_with = "positive_opt")]
    pub target: Option<f64>,
    pub direction: Option<Direction>,
    #[serde(default, deserialize_with = "non_negative_opt")]
    pub weight: Option<f64>,
    #[serde(default, deserialize_with = "fraction_opt")]
    pub near: Option<f64>,
    #[serde(default, deserialize_with = "positive_opt")]
    pub cap: Option<f64>,
    pub enabled: Option<bool>,
    /// Custom standards: the canonical table to measure.
    pub table: Option<String>,
    /// Custom standards: column = value (or [values]) filters, all must hold.
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, OneOrMany>,
    /// Custom standards: count (default), sum or mean.
    pub measure: Option<Measure>,
    /// Custom standards: the number column that sum and mean read.
    pub column: Option<String>,
}

/// A standard as it will be measured: the catalogue entry with the
/// organisation's overrides applied.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Standard {
    pub id: String,
    pub title_en: String,
    pub title_ru: String,
    pub definition_en: String,
    pub definition_ru: String,
    pub target: f64,
    pub direction: Direction,
    pub weight: f64,
    /// Attainment from here up to 1 is `near`.
    pub near: f64,
    /// Attainment is capped here.
    pub cap: f64,
    pub unit: Unit,
    pub needs: Vec<Table>,
    /// Set for standards declared in the config.
    pub custom: Option<CustomSpec>,
}

impl Standard {
    pub fn title(&self, language: Language) -> &str {
        match language {
            Language::En => &self.title_en,
            Language::Ru => &self.title_ru,
        }
    }

    pub fn definition(&self, language: Language) -> &str {
        match language {
            Language::En => &self.definition_en,
            Language::Ru => &self.definition_ru,
        }
    }
}

/// The resolved configuration every stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub language: Language,
    pub currency: String,
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub as_of: Option<NaiveDate>,
    pub tables: BTreeMap<Table, TableConfig>,
    pub scoring: ScoringConfig,
    pub rules: RulesConfig,
    /// Stage name → outcome, from `[stages]`.
    pub stages: BTreeMap<String, String>,
    pub currencies: CurrenciesConfig,
    /// `[lexicon.<table>]`: column → more names it goes by, tried first.
    pub lexicon: BTreeMap<Table, BTreeMap<String, Vec<String>>>,
    /// Enabled standards, in catalogue order.
    pub standards: Vec<Standard>,
    /// A `templates/` folder beside the config file, if there is one.
    pub templates_dir: Option<PathBuf>,
    /// The file this was read from; `None` for the built-in defaults.
    pub source: Option<PathBuf>,
    /// The folder the site is written into (`--out`; default `output`).
    pub out: PathBuf,
    /// Write `metrics.json` too (`[exports] json`, `--json`).
    pub json_export: bool,
}

/// What the command line sets over the config file (see
/// [`Config::with_overrides`]).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub as_of: Option<NaiveDate>,
    pub out: Option<PathBuf>,
    /// `--json`: write `metrics.json` whatever the file says.
    pub json: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::resolve(FileConfig::default(), None).expect("built-in defaults are valid")
    }
}

impl Config {
    /// Reads and resolves a config file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(crate::fs::io_error("read the configuration", path))?;
        let file: FileConfig = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let templates = dir.join("templates");
        let mut config =
            Config::resolve(file, templates.is_dir().then_some(templates)).map_err(|message| {
                Error::Config {
                    path: path.to_path_buf(),
                    message,
                }
            })?;
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Applies the file's overrides to the built-in catalogue and adds the
    /// custom standards, in the order: catalogue, then custom as written.
    pub fn resolve(file: FileConfig, templates_dir: Option<PathBuf>) -> Result<Config, String> {
        let scoring = file.scoring.clone();
        let mut overrides: BTreeMap<&str, &StandardConfig> = BTreeMap::new();
        let mut custom = Vec::new();
        for entry in &file.standards {
            if entry.id == catalogue::OVERALL {
                return Err(format!(
                    "[[standards]] id `{}` is reserved for the weighted overall score; choose \
                     another id",
                    entry.id
                ));
            }
            if overrides.insert(&entry.id, entry).is_some() {
                return Err(format!(
                    "[[standards]] lists `{}` twice; keep one entry",
                    entry.id
                ));
            }
            match (catalogue::builtin(&entry.id), &entry.table) {
                (Some(_), Some(_)) => {
                    return Err(format!(
                        "[[standards]] `{}` is a built-in standard and cannot take `table`; \
                         give a custom standard an id of its own",
                        entry.id
                    ))
                }
                (Some(_), None) => reject_custom_keys(entry)?,
                (None, Some(_)) => custom.push(custom_standard(entry, &scoring)?),
                (None, None) => {
                    let known: Vec<_> = catalogue::CATALOGUE.iter().map(|b| b.id).collect();
                    return Err(format!(
                        "[[standards]] has unknown id `{}`; the built-in standards are {}; \
                         a custom standard needs `table` (and usually `where`)",
                        entry.id,
                        known.join(", ")
                    ));
                }
            }
        }
        for (table, t) in &file.tables {
            for column in t.columns.keys() {
                if !table.0.columns().iter().any(|c| c.name == column) {
                    return Err(format!(
                        "[tables.{table}.columns] has unknown key `{column}`; a {table} column is \
                         one of {}",
                        table
                            .0
                            .columns()
                            .iter()
                            .map(|c| c.name)
                            .collect::<Vec<_>>()
                            .join(", "),
                        table = table.0
                    ));
                }
            }
        }
        let mut standards: Vec<Standard> = catalogue::CATALOGUE
            .iter()
            .filter_map(|b| {
                let o = overrides.get(b.id);
                if o.and_then(|o| o.enabled) == Some(false) {
                    return None;
                }
                Some(Standard {
                    id: b.id.to_string(),
                    title_en: o
                        .and_then(|o| o.title.clone())
                        .unwrap_or_else(|| b.title_en.to_string()),
                    title_ru: o
                        .and_then(|o| o.title_ru.clone())
                        .unwrap_or_else(|| b.title_ru.to_string()),
                    definition_en: o
                        .and_then(|o| o.definition.clone())
                        .unwrap_or_else(|| b.definition_en.to_string()),
                    definition_ru: o
                        .and_then(|o| o.definition_ru.clone())
                        .unwrap_or_else(|| b.definition_ru.to_string()),
                    target: o.and_then(|o| o.target).unwrap_or(b.target),
                    direction: o.and_then(|o| o.direction).unwrap_or(b.direction),
                    weight: o.and_then(|o| o.weight).unwrap_or(b.weight),
                    near: o.and_then(|o| o.near).unwrap_or(scoring.near),
                    cap: o.and_then(|o| o.cap).unwrap_or(scoring.cap),
                    unit: b.unit,
                    needs: b.needs.to_vec(),
                    custom: None,
                })
            })
            .collect();
        standards.extend(custom);
        for (table, columns) in &file.lexicon {
            let table = table.0;
            for column in columns.keys() {
                let known = table.columns().iter().any(|c| c.name == column)
                    || crate::ingest::lexicon::EXTRA_KEYS.contains(&column.as_str());
                if !known {
                    return Err(format!(
                        "[lexicon.{table}] has unknown key `{column}`; expected a {table} column \
                         ({}) or one of {}",
                        table
                            .columns()
                            .iter()
                            .map(|c| c.name)
                            .collect::<Vec<_>>()
                            .join(", "),
                        crate::ingest::lexicon::EXTRA_KEYS.join(", ")
                    ));
                }
            }
        }
        let language = file.language.unwrap_or_default();
        Ok(Config {
            title: file.title.unwrap_or_else(|| match language {
                Language::En => "Sales scorecards".to_string(),
                Language::Ru => "Показатели продаж".to_string(),
            }),
            currency: file.currency.unwrap_or_else(|| match language {
                Language::En => "$".to_string(),
                Language::Ru => "₽".to_string(),
            }),
            language,
            from: file.from,
            to: file.to,
            as_of: file.as_of,
            tables: file.tables.into_iter().map(|(k, v)| (k.0, v)).collect(),
            scoring,
            rules: file.rules,
            stages: file.stages,
            currencies: file.currencies,
            lexicon: file
                .lexicon
                .into_iter()
                .map(|(table, columns)| (table.0, columns))
                .collect(),
            standards,
            templates_dir,
            source: None,
            out: PathBuf::from("output"),
            json_export: file.exports.json,
        })
    }

    /// Folds the command line's overrides into the configuration and
    /// checks the result as a whole: the one place the report window is
    /// checked. After this the configuration is final; every stage reads it
    /// and none changes it.
    pub fn with_overrides(mut self, overrides: Overrides) -> Result<Config, Error> {
        let from = overrides.from.or(self.from);
        let to = overrides.to.or(self.to);
        let on_command_line = overrides.from.is_some() || overrides.to.is_some();
        let window_error = |message: String| match &self.source {
            Some(path) if !on_command_line => Error::Config {
                path: path.clone(),
                message,
            },
            _ => Error::Usage(message),
        };
        for month in [from, to].into_iter().flatten() {
            if !(Month::new(1970, 1)..=Month::new(2100, 12)).contains(&month) {
                return Err(window_error(format!(
                    "the window month {month} is outside 1970-01 to 2100-12, the years \
                     yardstick reads dates in"
                )));
            }
        }
        if let (Some(from), Some(to)) = (from, to) {
            let months = to.0 - from.0 + 1;
            if months > MAX_WINDOW_MONTHS {
                return Err(window_error(format!(
                    "the window {from} to {to} spans {months} months; at most \
                     {MAX_WINDOW_MONTHS} (ten years) fit on a scorecard"
                )));
            }
        }
        if let Some(day) = overrides.as_of.or(self.as_of) {
            use chrono::Datelike;
            if !(1970..=2100).contains(&day.year()) {
                return Err(window_error(format!(
                    "as of {day} is outside 1970 to 2100, the years yardstick reads dates in"
                )));
            }
        }
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(match &self.source {
                    Some(path) if overrides.from.is_none() && overrides.to.is_none() => {
                        Error::Config {
                            path: path.clone(),
                            message: format!(
                                "`from` ({from}) is after `to` ({to}); the window needs from ≤ to"
                            ),
                        }
                    }
                    _ => Error::Usage(format!(
                        "the window starts ({from}) after it ends ({to}); give --from before --to"
                    )),
                });
            }
        }
        self.from = from;
        self.to = to;
        self.as_of = overrides.as_of.or(self.as_of);
        self.json_export |= overrides.json;
        if let Some(out) = overrides.out {
            self.out = out;
        }
        Ok(self)
    }

    pub fn standard(&self, id: &str) -> Option<&Standard> {
        self.standards.iter().find(|s| s.id == id)
    }
}

fn reject_custom_keys(entry: &StandardConfig) -> Result<(), String> {
    let custom_only = [
        ("where", !entry.filter.is_empty()),
        ("measure", entry.measure.is_some()),
        ("column", entry.column.is_some()),
    ];
    match custom_only.iter().find(|(_, set)| *set) {
        Some((key, _)) => Err(format!(
            "[[standards]] `{}`: `{key}` belongs to custom standards only; a built-in \
             standard's measurement is fixed",
            entry.id
        )),
        None => Ok(()),
    }
}

/// Validates a custom standard against the canonical schema.
fn custom_standard(entry: &StandardConfig, scoring: &ScoringConfig) -> Result<Standard, String> {
    let id = &entry.id;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(format!(
            "[[standards]] id `{id}`: use lowercase letters, digits and _ only"
        ));
    }
    let table_name = entry.table.as_deref().unwrap_or_default();
    let table = Table::from_name(table_name).ok_or_else(|| {
        format!("[[standards]] `{id}`: `table = \"{table_name}\"` is not a canonical table")
    })?;
    if table.primary_date().is_none() || !table.columns().iter().any(|c| c.name == "rep") {
        return Err(format!(
            "[[standards]] `{id}`: `table = \"{table}\"` has no dated rows per rep to measure"
        ));
    }
    let column_kind = |name: &str| {
        table
            .columns()
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.kind)
    };
    let mut filter = Vec::new();
    for (column, values) in &entry.filter {
        if column_kind(column).is_none() {
            return Err(format!(
                "[[standards]] `{id}`: `where.{column}` is not a column of {table}; its columns are {}",
                table.columns().iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
            ));
        }
        let values = values.values();
        if values.is_empty() {
            return Err(format!(
                "[[standards]] `{id}`: `where.{column}` lists no value, so it would match no \
                 row; give at least one"
            ));
        }
        filter.push((column.clone(), values));
    }
    let measure = entry.measure.unwrap_or(Measure::Count);
    let column = match (measure, &entry.column) {
        (Measure::Count, None) => None,
        (Measure::Count, Some(_)) => {
            return Err(format!(
                "[[standards]] `{id}`: `column` is for measure = \"sum\" or \"mean\""
            ))
        }
        (_, None) => {
            return Err(format!(
                "[[standards]] `{id}`: measure = \"sum\" or \"mean\" needs `column`"
            ))
        }
        (_, Some(c)) if column_kind(c) != Some(crate::model::ColumnKind::Number) => {
            return Err(format!(
                "[[standards]] `{id}`: `column = \"{c}\"` is not a number column of {table}"
            ))
        }
        (_, Some(c)) => Some(c.clone()),
    };
    let target = entry
        .target
        .ok_or_else(|| format!("[[standards]] `{id}`: a custom standard needs `target`"))?;
    let title = entry.title.clone().unwrap_or_else(|| id.replace('_', " "));
    let what = match measure {
        Measure::Count => format!("{table} rows per month"),
        Measure::Sum => format!(
            "sum of {table}.{} per month",
            column.as_deref().unwrap_or_default()
        ),
        Measure::Mean => format!("mean of {table}.{}", column.as_deref().unwrap_or_default()),
    };
    let conditions: Vec<String> = filter
        .iter()
        .map(|(c, v)| format!("{c} = {}", v.join(" or ")))
        .collect();
    let generated = if conditions.is_empty() {
        format!("Measured as the {what}.")
    } else {
        format!("Measured as the {what} where {}.", conditions.join(" and "))
    };
    Ok(Standard {
        id: id.clone(),
        title_ru: entry.title_ru.clone().unwrap_or_else(|| title.clone()),
        title_en: title,
        definition_ru: entry
            .definition_ru
            .clone()
            .or_else(|| entry.definition.clone())
            .unwrap_or_else(|| generated.clone()),
        definition_en: entry.definition.clone().unwrap_or(generated),
        target,
        direction: entry.direction.unwrap_or(Direction::Higher),
        weight: entry.weight.unwrap_or(1.0),
        near: entry.near.unwrap_or(scoring.near),
        cap: entry.cap.unwrap_or(scoring.cap),
        unit: match measure {
            Measure::Mean => Unit::Number,
            _ => Unit::PerMonth,
        },
        needs: vec![table],
        custom: Some(CustomSpec {
            table,
            filter,
            measure,
            column,
        }),
    })
}

/// The commented starting config `yardstick init` writes: every built-in
/// standard with its defaults, ready to edit.
pub fn starter_toml() -> String {
    let mut out = String::from(
        "# yardstick configuration. Every key is optional; delete what you do not change.\n\
         \n\
         # Shown at the top of every page.\n\
         title = \"Sales scorecards\"\n\
         # Labels, month names and number formats: \"en\" or \"ru\".\n\
         language = \"en\"\n\
         # Currency symbol for amounts.\n\
         currency = \"$\"\n\
         \n\
         # Report window in whole months. Default: the 12 months ending with the\n\
         # month of `as_of`.\n\
         # from = \"2024-01\"\n\
         # to = \"2024-12\"\n\
         # The date the data is current to. Default: the newest date in the data.\n\
         # as_of = \"2024-12-31\"\n\
         \n\
         # Where each canonical table comes from, if not from a file named after it\n\
         # (deals*.csv, reps*.csv, ...). `columns` maps canonical names to the\n\
         # headers in your file.\n\
         # [tables.deals]\n\
         # source = \"exports/opportunities*.csv\"\n\
         # [tables.deals.columns]\n\
         # rep = \"Owner\"\n\
         # close_date = \"Close Date\"\n\
         \n\
         # metrics.csv and metrics.parquet are always written beside the pages;\n\
         # metrics.json (one object per row, large at scale) only when asked.\n\
         # [exports]\n\
         # json = true\n\
         \n\
         [scoring]\n\
         # Attainment (value / target) at or above this counts as \"near\".\n\
         near = 0.8\n\
         # Attainment is capped here before it enters the weighted score.\n\
         cap = 1.5\n\
         # Reps in their first this many months are \"ramping\": marked, not ranked.\n\
         ramp_months = 3\n\
         \n\
         [rules]\n\
         # A company-generated lead is followed up when first contacted within\n\
         # this many hours.\n\
         lead_follow_up_hours = 48\n\
         # An open deal not modified for more than this many days is stale.\n\
         stale_days = 30\n\
         # Fields a contact record needs to count as complete.\n\
         contact_fields = [\"name\", \"address\", \"phone\", \"email\"]\n\
         # Quotes expected per unit of quota on each product line.\n\
         quote_multiple = 3\n\
         # Pipeline coverage compares open deals closing in this many months\n\
         # with the quota of those months.\n\
         pipeline_months = 3\n\
         # Leads take this many days to convert: lead conversion in months\n\
         # younger than this is marked as still maturing.\n\
         conversion_horizon_days = 60\n\
         \n\
         # Each built-in standard below can be given its own title, target,\n\
         # direction (\"higher\" or \"lower\" is better), weight, near, cap, or\n\
         # be turned off with enabled = false.\n\
         #\n\
         # Add your own standard with a table, a filter and a measure, e.g.:\n\
         # [[standards]]\n\
         # id = \"demos_per_month\"\n\
         # title = \"Demos per month\"\n\
         # table = \"activities\"\n\
         # where = { kind = \"demo\" }\n\
         # measure = \"count\"      # count or sum (per month), or mean\n\
         # target = 4\n",
    );
    for b in catalogue::CATALOGUE {
        out.push_str("\n[[standards]]\n");
        out.push_str(&format!("id = \"{}\"\n", b.id));
        for line in wrap(b.definition_en, 76) {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("title = \"{}\"\n", b.title_en));
        out.push_str(&format!("title_ru = \"{}\"\n", b.title_ru));
        out.push_str(&format!("target = {}\n", toml_number(b.target)));
        let direction = match b.direction {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        };
        out.push_str(&format!("direction = \"{direction}\"\n"));
        out.push_str(&format!("weight = {}\n", toml_number(b.weight)));
        out.push_str("enabled = true\n");
    }
    out
}

fn toml_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

fn month_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Month>, D::Error> {
    let text = String::deserialize(d)?;
    Month::parse(&text).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "expected a month like \"2024-03\", found \"{text}\""
        ))
    })
}

fn date_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let text = String::deserialize(d)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "expected a date like \"2024-03-31\", found \"{text}\""
            ))
        })
}

fn number<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Num {
        I(i64),
        F(f64),
    }
    Ok(match Num::deserialize(d)? {
        Num::I(i) => i as f64,
        Num::F(f) => f,
    })
}

fn checked<E: serde::de::Error>(x: f64, ok: bool, expected: &str) -> Result<f64, E> {
    if ok && x.is_finite() {
        Ok(x)
    } else {
        Err(E::custom(format!("expected {expected}, found {x}")))
    }
}

fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let x = number(d)?;
    // Above a trillion no target or weight is meant, and percentages of it
    // print as "inf %".
    checked(x, x > 0.0 && x <= 1e12, "a number above 0 and at most 1e12")
}

fn fraction<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let x = number(d)?;
    checked(x, (0.0..=1.0).contains(&x), "a number from 0 to 1")
}

fn delimiter_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let text = String::deserialize(d)?;
    match text.as_str() {
        "," | ";" | "|" => Ok(Some(text.as_bytes()[0])),
        "\t" | "tab" => Ok(Some(b'\t')),
        _ => Err(serde::de::Error::custom(format!(
            "expected a delimiter \",\", \";\", \"\\t\" or \"|\", found \"{text}\""
        ))),
    }
}

fn rates<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
    let map = BTreeMap::<String, f64>::deserialize(d)?;
    match map.iter().find(|(_, v)| !(v.is_finite() && **v > 0.0)) {
        Some((k, v)) => Err(serde::de::Error::custom(format!(
            "rate of {k} is {v}; expected a number above 0"
        ))),
        None => Ok(map
            .into_iter()
            .map(|(k, v)| (k.to_uppercase(), v))
            .collect()),
    }
}

fn stage_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let map = BTreeMap::<String, String>::deserialize(d)?;
    match map
        .iter()
        .find(|(_, v)| !matches!(v.as_str(), "won" | "lost" | "open"))
    {
        Some((k, v)) => Err(serde::de::Error::custom(format!(
            "stage \"{k}\" maps to \"{v}\"; expected won, lost or open"
        ))),
        None => Ok(map),
    }
}

fn fraction_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    fraction(d).map(Some)
}

fn months<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let x = number(d)?;
    checked(
        x,
        (1.0..=24.0).contains(&x) && x.fract() == 0.0,
        "a whole number of months from 1 to 24",
    )
    .map(|x| x as u32)
}

fn contact_fields<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let fields = Vec::<String>::deserialize(d)?;
    let known = ["name", "address", "phone", "email"];
    match fields.iter().find(|f| !known.contains(&f.as_str())) {
        Some(f) => Err(serde::de::Error::custom(format!(
            "unknown contact field `{f}`, expected some of {}",
            known.join(", ")
        ))),
        None => Ok(fields),
    }
}

fn positive_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    positive(d).map(Some)
}

fn non_negative_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let x = number(d)?;
    checked(x, x >= 0.0, "a number of 0 or more").map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        let file: FileConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        Config::resolve(file, None)
    }

    #[test]
    fn defaults_hold_the_catalogue() {
        let config = Config::default();
        assert_eq!(config.standards.len(), catalogue::CATALOGUE.len());
        assert_eq!(config.standard("win_rate").unwrap().target, 0.25);
        assert_eq!(config.rules.lead_follow_up_hours, 48.0);
    }

    #[test]
    fn overrides_apply_and_disabled_standards_drop_out() {
        let config = parse(
            "from = \"2024-01\"\n[[standards]]\nid = \"win_rate\"\ntarget = 0.4\nweight = 2\n\
             [[standards]]\nid = \"lead_follow_up\"\nenabled = false\n",
        )
        .unwrap();
        assert_eq!(config.from, Month::parse("2024-01"));
        let win = config.standard("win_rate").unwrap();
        assert_eq!((win.target, win.weight), (0.4, 2.0));
        assert!(config.standard("lead_follow_up").is_none());
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key_and_line() {
        let err = parse("title = \"x\"\ncolour = \"red\"\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("colour"), "{err}");

        let err = parse("\n\nfrom = \"2024-13\"\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("expected a month"), "{err}");

        let err = parse("[[standards]]\nid = \"win_rate\"\ntarget = -1\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("above 0"), "{err}");

        let err = parse("[[standards]]\nid = \"nap_time\"\n").unwrap_err();
        assert!(err.contains("nap_time"), "{err}");

        let err = parse("[tables.dealz]\nsource = \"x.csv\"\n").unwrap_err();
        assert!(err.contains("unknown table `dealz`"), "{err}");
        // `[exports]` takes `json` alone, a boolean (issue 16).
        let err = parse("[exports]\njsn = true\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("jsn"), "{err}");
        let err = parse("[exports]\njson = \"yes\"\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("boolean"), "{err}");
    }

    /// `[exports] json = true` asks for metrics.json; `--json` does so
    /// over a file that does not.
    #[test]
    fn metrics_json_is_asked_for_by_the_file_or_the_command_line() {
        let file: FileConfig = toml::from_str("[exports]\njson = true\n").unwrap();
        assert!(Config::resolve(file, None).unwrap().json_export);
        assert!(!Config::default().json_export);
        let asked = Config::default()
            .with_overrides(Overrides {
                json: true,
                ..Overrides::default()
            })
            .unwrap();
        assert!(asked.json_export);
    }

    /// Issue 14, item 13: a typo under `columns`, the reserved id
    /// `overall`, a `where` that matches nothing and a target that prints
    /// as "inf %" all stop with a message.
    #[test]
    fn config_mistakes_that_were_ignored_now_stop() {
        let err = parse("[tables.deals.columns]\nclose_dat = \"Close\"\n").unwrap_err();
        assert!(
            err.contains("[tables.deals.columns] has unknown key `close_dat`; a deals column is one of deal_id, rep,"),
            "{err}"
        );
        let err =
            parse("[[standards]]\nid = \"overall\"\ntable = \"deals\"\ntarget = 1\n").unwrap_err();
        assert!(err.contains("id `overall` is reserved"), "{err}");
        let err = parse(
            "[[standards]]\nid = \"demos\"\ntable = \"activities\"\nwhere = { kind = [] }\ntarget = 1\n",
        )
        .unwrap_err();
        assert!(err.contains("`where.kind` lists no value"), "{err}");
        let err = parse("[[standards]]\nid = \"win_rate\"\ntarget = 1e308\n").unwrap_err();
        assert!(err.contains("at most 1e12"), "{err}");
    }

    #[test]
    fn malformed_custom_standards_name_the_key() {
        let base = "[[standards]]\nid = \"demos\"\ntarget = 4\n";
        let err = parse(&format!("{base}table = \"activitys\"\n")).unwrap_err();
        assert!(
            err.contains("`table = \"activitys\"` is not a canonical table"),
            "{err}"
        );
        let err = parse(&format!(
            "{base}table = \"activities\"\nwhere = {{ colour = \"red\" }}\n"
        ))
        .unwrap_err();
        assert!(
            err.contains("`where.colour` is not a column of activities"),
            "{err}"
        );
        let err = parse(&format!(
            "{base}table = \"activities\"\nmeasure = \"sum\"\n"
        ))
        .unwrap_err();
        assert!(err.contains("needs `column`"), "{err}");
        let err = parse(&format!(
            "{base}table = \"deals\"\nmeasure = \"sum\"\ncolumn = \"stage\"\n"
        ))
        .unwrap_err();
        assert!(
            err.contains("`column = \"stage\"` is not a number column of deals"),
            "{err}"
        );
        let err = parse("[[standards]]\nid = \"demos\"\ntable = \"activities\"\n").unwrap_err();
        assert!(err.contains("needs `target`"), "{err}");
        let err = parse(&format!("{base}table = \"reps\"\n")).unwrap_err();
        assert!(err.contains("no dated rows"), "{err}");
        // A typo in a key is caught by the parser, with its line.
        let err = parse(&format!(
            "{base}table = \"activities\"\nmesure = \"count\"\n"
        ))
        .unwrap_err();
        assert!(err.contains("line 5") && err.contains("mesure"), "{err}");
        // A built-in cannot be redefined.
        let err = parse("[[standards]]\nid = \"win_rate\"\ntable = \"deals\"\n").unwrap_err();
        assert!(
            err.contains("built-in standard and cannot take `table`"),
            "{err}"
        );
    }

    #[test]
    fn a_custom_standard_takes_its_place_after_the_catalogue() {
        let config = parse(
            "[[standards]]\nid = \"demos\"\ntitle = \"Demos\"\ntable = \"activities\"\n\
             where = { kind = [\"demo\", \"Demo\"] }\ntarget = 4\nweight = 2\n",
        )
        .unwrap();
        let last = config.standards.last().unwrap();
        assert_eq!(
            (last.id.as_str(), last.target, last.weight),
            ("demos", 4.0, 2.0)
        );
        let spec = last.custom.as_ref().unwrap();
        assert_eq!(spec.table, Table::Activities);
        assert_eq!(
            spec.filter,
            vec![(
                "kind".to_string(),
                vec!["demo".to_string(), "Demo".to_string()]
            )]
        );
        assert_eq!(
            last.definition_en,
            "Measured as the activities rows per month where kind = demo or Demo."
        );
    }

    #[test]
    fn the_starter_config_parses_to_the_defaults() {
        let config = parse(&starter_toml()).unwrap();
        let defaults = Config::default();
        assert_eq!(config.standards.len(), defaults.standards.len());
        for (a, b) in config.standards.iter().zip(&defaults.standards) {
            assert_eq!((&a.id, a.target, a.weight), (&b.id, b.target, b.weight));
            assert_eq!(a.title_ru, b.title_ru);
        }
    }
}
