//! Finds the files under the data folder and assigns each to a canonical
//! table: by the `source` glob in the config when one is given, otherwise by
//! its name (`deals.csv`, `deals-2024.csv`, `Deals_Q1.CSV` → `deals`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::Table;

/// A file found under the data folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataFile {
    pub path: PathBuf,
    /// Path relative to the data folder, with `/`, for messages and pages.
    pub display: String,
}

/// What discovery found: the files of each table, and the files it could
/// not place (reported, never silently skipped).
#[derive(Debug, Default)]
pub struct Discovered {
    pub tables: BTreeMap<Table, Vec<DataFile>>,
    pub unassigned: Vec<DataFile>,
}

pub fn discover(data_dir: &Path, config: &Config) -> Result<Discovered> {
    if !data_dir.is_dir() {
        return Err(Error::Input {
            file: data_dir.display().to_string(),
            message: "is not a folder; give the folder that holds your CRM exports".into(),
        });
    }
    let globs: Vec<(Table, GlobMatcher)> = config
        .tables
        .iter()
        .filter_map(|(table, t)| t.source.as_ref().map(|s| (*table, s)))
        .map(|(table, source)| {
            Glob::new(source)
                .map(|g| (table, g.compile_matcher()))
                .map_err(|e| Error::Usage(format!("[tables.{table}] source `{source}`: {e}")))
        })
        .collect::<Result<_>>()?;

    let mut found = Discovered::default();
    let walker = WalkDir::new(data_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Error::Input {
            file: e
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| data_dir.display().to_string()),
            message: format!("could not be listed: {e}"),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(data_dir).unwrap_or(entry.path());
        let display = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let file = DataFile {
            path: entry.path().to_path_buf(),
            display,
        };
        let by_glob = globs
            .iter()
            .find(|(_, g)| g.is_match(&file.display))
            .map(|(t, _)| *t);
        let table = by_glob.or_else(|| {
            table_by_name(relative).filter(|t| {
                // A table with a configured source takes only what the glob matches.
                config.tables.get(t).is_none_or(|c| c.source.is_none())
            })
        });
        match table {
            Some(table) => found.tables.entry(table).or_default().push(file),
            None => found.unassigned.push(file),
        }
    }
    Ok(found)
}

/// `deals.csv`, `deals_2024.csv`, `Deals-Q1.CSV` belong to `deals`;
/// `dealsheet.csv` does not.
fn table_by_name(path: &Path) -> Option<Table> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    if ext != "csv" {
        return None;
    }
    let stem = path.file_stem()?.to_string_lossy().to_lowercase();
    Table::ALL.into_iter().find(|t| {
        stem.strip_prefix(t.name())
            .is_some_and(|rest| rest.is_empty() || !rest.starts_with(|c: char| c.is_alphanumeric()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_placed_by_name() {
        assert_eq!(table_by_name(Path::new("deals.csv")), Some(Table::Deals));
        assert_eq!(table_by_name(Path::new("Deals-Q1.CSV")), Some(Table::Deals));
        assert_eq!(
            table_by_name(Path::new("x/quotas_2024.csv")),
            Some(Table::Quotas)
        );
        assert_eq!(table_by_name(Path::new("quotes.csv")), Some(Table::Quotes));
        assert_eq!(table_by_name(Path::new("dealsheet.csv")), None);
        assert_eq!(table_by_name(Path::new("deals.txt")), None);
    }

    #[test]
    fn a_configured_glob_wins_over_the_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("crm")).unwrap();
        for name in ["crm/Opportunity.csv", "deals.csv", "leads.csv", "notes.txt"] {
            std::fs::write(dir.path().join(name), "x\n").unwrap();
        }
        let file: crate::config::FileConfig =
            toml::from_str("[tables.deals]\nsource = \"crm/Opp*.csv\"\n").unwrap();
        let config = Config::resolve(file, None).unwrap();
        let found = discover(dir.path(), &config).unwrap();
        let names =
            |t| -> Vec<String> { found.tables[&t].iter().map(|f| f.display.clone()).collect() };
        assert_eq!(names(Table::Deals), ["crm/Opportunity.csv"]);
        assert_eq!(names(Table::Leads), ["leads.csv"]);
        let unassigned: Vec<_> = found
            .unassigned
            .iter()
            .map(|f| f.display.as_str())
            .collect();
        assert_eq!(unassigned, ["deals.csv", "notes.txt"]);
    }
}
