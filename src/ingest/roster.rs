//! Who is scored: the reps from the reps table, plus every rep that appears
//! in the facts without being listed (kept, scored, and reported).

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::model::{Finding, Severity, Table};

/// Territory of reps the reps table does not place.
pub const UNASSIGNED: &str = "Unassigned";

#[derive(Debug, Clone, PartialEq)]
pub struct RepInfo {
    pub territory: String,
    pub manager: Option<String>,
    pub active: bool,
    /// False for reps found only in the facts.
    pub listed: bool,
}

/// Reps by name (sorted), each with a territory.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub reps: BTreeMap<String, RepInfo>,
}

impl Roster {
    pub fn territory_of(&self, rep: &str) -> &str {
        self.reps
            .get(rep)
            .map(|r| r.territory.as_str())
            .unwrap_or(UNASSIGNED)
    }

    pub fn territories(&self) -> BTreeSet<&str> {
        self.reps.values().map(|r| r.territory.as_str()).collect()
    }

    pub fn reps_in<'a>(&'a self, territory: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.reps
            .iter()
            .filter(move |(_, r)| r.territory == territory)
            .map(|(name, _)| name.as_str())
    }
}

pub fn build(tables: &BTreeMap<Table, DataFrame>, findings: &mut Vec<Finding>) -> Result<Roster> {
    let mut roster = Roster::default();
    if let Some(reps) = tables.get(&Table::Reps) {
        let text = |name: &str| {
            reps.column(name)
                .and_then(|c| c.str().cloned())
                .map_err(|e| Error::polars("reading reps", e))
        };
        let (names, territories, managers) = (text("rep")?, text("territory")?, text("manager")?);
        let active = reps
            .column("active")
            .and_then(|c| c.bool().cloned())
            .map_err(|e| Error::polars("reading reps", e))?;
        for i in 0..reps.height() {
            let Some(name) = names.get(i) else { continue };
            roster.reps.insert(
                name.to_string(),
                RepInfo {
                    territory: territories.get(i).unwrap_or(UNASSIGNED).to_string(),
                    manager: managers.get(i).map(str::to_string),
                    active: active.get(i).unwrap_or(true),
                    listed: true,
                },
            );
        }
    }
    let have_reps_table = tables.contains_key(&Table::Reps);

    // Reps seen in the facts, with the tables and row counts they appear in.
    let mut unlisted: BTreeMap<String, BTreeMap<Table, usize>> = BTreeMap::new();
    for (table, frame) in tables {
        if *table == Table::Reps || !table.columns().iter().any(|c| c.name == "rep") {
            continue;
        }
        let reps = frame
            .column("rep")
            .and_then(|c| c.str().cloned())
            .map_err(|e| Error::polars("reading reps", e))?;
        for rep in reps.iter().flatten() {
            if !roster.reps.contains_key(rep) {
                *unlisted
                    .entry(rep.to_string())
                    .or_default()
                    .entry(*table)
                    .or_default() += 1;
            }
        }
    }
    for (rep, counts) in unlisted {
        if have_reps_table {
            let seen: Vec<String> = counts.iter().map(|(t, n)| format!("{t} ({n})")).collect();
            findings.push(Finding {
                severity: Severity::Warning,
                code: "unknown_rep",
                table: None,
                file: None,
                line: None,
                column: None,
                rep: Some(rep.clone()),
                message: format!(
                    "rep \"{rep}\" appears in {} but not in the reps table; \
                     scored under the territory \"{UNASSIGNED}\"",
                    seen.join(", ")
                ),
            });
        }
        roster.reps.insert(
            rep,
            RepInfo {
                territory: UNASSIGNED.to_string(),
                manager: None,
                active: true,
                listed: false,
            },
        );
    }
    if !have_reps_table {
        findings.push(Finding {
            severity: Severity::Warning,
            code: "no_reps_table",
            table: Some(Table::Reps),
            file: None,
            line: None,
            column: None,
            rep: None,
            message: format!(
                "no reps file: {} rep(s) taken from the facts, all in the territory \"{UNASSIGNED}\"",
                roster.reps.len()
            ),
        });
    }
    Ok(roster)
}
