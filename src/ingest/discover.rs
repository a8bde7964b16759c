//! Finds the files under the data folder and assigns each to a canonical
//! table: by the `source` glob in the config when one is given, otherwise by
//! its name (`deals.csv`, `deals-2024.csv`, `Deals_Q1.CSV` → `deals`).

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

/// A file that may hold a table: placed by the config, hinted by its
/// name, or left for its headers to tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub file: DataFile,
    pub table: Option<Table>,
    /// Placed by a `source` glob in the config: its table is not in doubt.
    pub configured: bool,
}

/// What discovery found: candidate files, and the files that are not
/// tables at all (reported, never silently skipped).
#[derive(Debug, Default)]
pub struct Discovered {
    pub candidates: Vec<Candidate>,
    pub unassigned: Vec<DataFile>,
    /// Entries that are no regular file (a pipe, a device, a socket, a
    /// broken or folder link): never opened, since a pipe would block the
    /// build; each with what it is.
    pub special: Vec<(DataFile, &'static str)>,
    /// `[tables.<t>] source` globs that matched no file.
    pub unmatched: Vec<(Table, String)>,
}

/// Extensions of files yardstick reads.
const READABLE: [&str; 11] = [
    "csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "htm", "html", "parquet", "pq",
];

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
        let relative = entry.path().strip_prefix(data_dir).unwrap_or(entry.path());
        let kind = entry.file_type();
        let special = if kind.is_dir() {
            None
        } else if kind.is_symlink() {
            // A link to a file is read as the file; any other is said.
            match std::fs::metadata(entry.path()) {
                Ok(m) if m.is_file() => None,
                Ok(m) if m.is_dir() => Some("a link to a folder (links are not followed into)"),
                Ok(_) => Some("a link to something that is not a file"),
                Err(_) => Some("a broken link"),
            }
        } else if kind.is_file() {
            None
        } else {
            Some("not a regular file (a pipe, socket or device)")
        };
        if kind.is_dir() {
            continue;
        }
        if let Some(what) = special {
            let display = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.special.push((
                DataFile {
                    path: entry.path().to_path_buf(),
                    display,
                },
                what,
            ));
            continue;
        }
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
        let readable = relative
            .extension()
            .is_some_and(|e| READABLE.contains(&e.to_string_lossy().to_lowercase().as_str()));
        match by_glob {
            Some(table) => found.candidates.push(Candidate {
                file,
                table: Some(table),
                configured: true,
            }),
            // A table with a configured source takes only what the glob matches.
            None if readable => {
                let hint = table_by_name(relative)
                    .filter(|t| config.tables.get(t).is_none_or(|c| c.source.is_none()));
                found.candidates.push(Candidate {
                    file,
                    table: hint,
                    configured: false,
                })
            }
            None => found.unassigned.push(file),
        }
    }
    for (table, glob) in &globs {
        if !found
            .candidates
            .iter()
            .any(|c| c.configured && c.table == Some(*table) && glob.is_match(&c.file.display))
        {
            found
                .unmatched
                .push((*table, glob.glob().glob().to_string()));
        }
    }
    Ok(found)
}

/// `deals.csv`, `deals_2024.csv`, `Deals-Q1.xlsx` are named for `deals`;
/// `dealsheet.csv` is not.
fn table_by_name(path: &Path) -> Option<Table> {
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
        assert_eq!(table_by_name(Path::new("Deals.xlsx")), Some(Table::Deals));
    }

    #[test]
    fn a_configured_glob_wins_over_the_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("crm")).unwrap();
        for name in [
            "crm/Opportunity.csv",
            "deals.csv",
            "leads.csv",
            "notes.txt",
            "logo.png",
        ] {
            std::fs::write(dir.path().join(name), "x\n").unwrap();
        }
        let file: crate::config::FileConfig =
            toml::from_str("[tables.deals]\nsource = \"crm/Opp*.csv\"\n").unwrap();
        let config = Config::resolve(file, None).unwrap();
        let found = discover(dir.path(), &config).unwrap();
        let placed: Vec<(&str, Option<Table>, bool)> = found
            .candidates
            .iter()
            .map(|c| (c.file.display.as_str(), c.table, c.configured))
            .collect();
        assert_eq!(
            placed,
            [
                ("crm/Opportunity.csv", Some(Table::Deals), true),
                // Not read as deals by its name: the config names another source.
                ("deals.csv", None, false),
                ("leads.csv", Some(Table::Leads), false),
                ("notes.txt", None, false),
            ]
        );
        let unassigned: Vec<_> = found
            .unassigned
            .iter()
            .map(|f| f.display.as_str())
            .collect();
        assert_eq!(unassigned, ["logo.png"]);
    }
}
