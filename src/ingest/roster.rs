//! Who is scored: the reps from the reps table, plus every rep that appears
//! in the facts without being listed (kept, scored, and reported).

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::names::{NameColumn, Names};
use crate::model::{Finding, FindingKind, Message, RepInfo, Roster, Severity, Table, UNASSIGNED};

/// Each rep's most frequent territory among the accounts they own, else
/// among the accounts of their deals (ties go to the first by name).
fn territories_from_accounts(
    tables: &BTreeMap<Table, DataFrame>,
    names: &Names,
) -> Result<BTreeMap<String, String>> {
    let Some(accounts) = tables.get(&Table::Accounts) else {
        return Ok(BTreeMap::new());
    };
    let text = |frame: &DataFrame, name: &str| {
        frame
            .column(name)
            .and_then(|c| c.str().cloned())
            .map_err(|e| Error::compute(Table::Accounts, "reading accounts", e))
    };
    let (ids, territories, owners, account_names) = (
        text(accounts, "account")?,
        text(accounts, "territory")?,
        text(accounts, "owner")?,
        text(accounts, "name")?,
    );
    // Facts name their account by id or by name ("Account Name" in a
    // report, `AccountId` in an API dump): both find it.
    let mut territory_of: foldhash::HashMap<&str, &str> = Default::default();
    let mut owned: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for i in 0..accounts.height() {
        let (Some(id), Some(territory)) = (ids.get(i), territories.get(i)) else {
            continue;
        };
        if let Some(name) = account_names.get(i) {
            territory_of.entry(name).or_insert(territory);
        }
        territory_of.insert(id, territory);
        if let Some(owner) = owners.get(i) {
            *owned
                .entry(owner)
                .or_default()
                .entry(territory)
                .or_default() += 1;
        }
    }
    let mut sold: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let deal_columns = match tables.get(&Table::Deals) {
        Some(deals) => Some((names.column(deals, "rep")?, text(deals, "account")?)),
        None => None,
    };
    if let Some((reps, deal_accounts)) = &deal_columns {
        for (rep, account) in reps.iter().zip(deal_accounts.iter()) {
            if let (Some(rep), Some(t)) = (rep, account.and_then(|a| territory_of.get(a))) {
                *sold.entry(rep).or_default().entry(t).or_default() += 1;
            }
        }
    }
    let most = |counts: &BTreeMap<&str, usize>| {
        counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(t, _)| t.to_string())
    };
    let mut out = BTreeMap::new();
    for (rep, counts) in sold.iter() {
        if let Some(t) = most(counts) {
            out.insert(rep.to_string(), t);
        }
    }
    for (rep, counts) in owned.iter() {
        if let Some(t) = most(counts) {
            out.insert(rep.to_string(), t);
        }
    }
    Ok(out)
}

pub fn build(
    tables: &BTreeMap<Table, DataFrame>,
    names: &Names,
    findings: &mut Vec<Finding>,
) -> Result<Roster> {
    let mut roster = Roster::default();
    if let Some(reps) = tables.get(&Table::Reps) {
        let text = |name: &str| {
            reps.column(name)
                .and_then(|c| c.str().cloned())
                .map_err(|e| Error::compute(Table::Reps, "reading reps", e))
        };
        let (names, territories, managers) = (text("rep")?, text("territory")?, text("manager")?);
        let active = reps
            .column("active")
            .and_then(|c| c.bool().cloned())
            .map_err(|e| Error::compute(Table::Reps, "reading reps", e))?;
        // Days since 1970 (a typed date column, or none).
        let started: Option<Int32Chunked> = reps
            .column("start_date")
            .ok()
            .and_then(|c| c.cast(&DataType::Int32).ok())
            .and_then(|c| c.i32().ok().cloned());
        for i in 0..reps.height() {
            let Some(name) = names.get(i) else { continue };
            roster.reps.insert(
                name.to_string(),
                RepInfo {
                    territory: territories.get(i).unwrap_or(UNASSIGNED).to_string(),
                    manager: managers.get(i).map(str::to_string),
                    active: active.get(i).unwrap_or(true),
                    listed: true,
                    started: started
                        .as_ref()
                        .and_then(|s| s.get(i))
                        .map(crate::model::days_to_date),
                },
            );
        }
    }
    let have_reps_table = tables.contains_key(&Table::Reps);
    let from_accounts = territories_from_accounts(tables, names)?;

    // Reps seen in the facts, with the tables and row counts they appear in.
    let mut unlisted: BTreeMap<String, BTreeMap<Table, usize>> = BTreeMap::new();
    // Rows per rep, counted per table side by side: millions of rows, a
    // few reps. (A polars group-by here rejoined the column's blocks
    // first, a copy of every name.)
    let facts: Vec<(Table, NameColumn)> = tables
        .iter()
        .filter(|(table, _)| {
            **table != Table::Reps && table.columns().iter().any(|c| c.name == "rep")
        })
        .map(|(table, frame)| Ok((*table, names.column(frame, "rep")?)))
        .collect::<Result<_>>()?;
    // Rows per rep, a table's blocks in parallel (one large table would
    // otherwise be counted on one thread): by code where the names are
    // codes, else by name.
    let mut per_table: Vec<foldhash::HashMap<&str, usize>> = vec![Default::default(); facts.len()];
    let text_chunks: Vec<_> = facts
        .iter()
        .enumerate()
        .flat_map(|(i, (_, reps))| match reps {
            NameColumn::Text(text) => text.downcast_iter().map(|c| (i, c)).collect(),
            NameColumn::Codes(..) => Vec::new(),
        })
        .collect();
    let counted = crate::parallel::map(&text_chunks, |(_, chunk)| rows_per_rep(chunk.iter()));
    for ((i, _), rows) in text_chunks.iter().zip(counted) {
        for (rep, n) in rows {
            *per_table[*i].entry(rep).or_default() += n;
        }
    }
    let code_chunks: Vec<_> = facts
        .iter()
        .enumerate()
        .flat_map(|(i, (_, reps))| match reps {
            NameColumn::Codes(codes, names) => {
                codes.downcast_iter().map(|c| (i, c, names.len())).collect()
            }
            NameColumn::Text(_) => Vec::new(),
        })
        .collect();
    let counted = crate::parallel::map(&code_chunks, |(_, chunk, names)| {
        let mut rows = vec![0usize; *names];
        chunk.iter().flatten().for_each(|c| rows[*c as usize] += 1);
        rows
    });
    for ((i, _, _), rows) in code_chunks.iter().zip(counted) {
        let NameColumn::Codes(_, names) = &facts[*i].1 else {
            continue;
        };
        for (code, n) in rows.into_iter().enumerate().filter(|(_, n)| *n > 0) {
            *per_table[*i].entry(&names[code]).or_default() += n;
        }
    }
    for ((table, _), rows) in facts.iter().zip(per_table) {
        for (rep, n) in rows {
            if !roster.reps.contains_key(rep) {
                *unlisted
                    .entry(rep.to_string())
                    .or_default()
                    .entry(*table)
                    .or_default() += n;
            }
        }
    }
    // A listed rep without a territory takes the one of the accounts they
    // own or sell to (D365 keeps territory on the account).
    for (rep, info) in roster.reps.iter_mut() {
        if info.territory == UNASSIGNED {
            if let Some(t) = from_accounts.get(rep) {
                info.territory = t.clone();
            }
        }
    }
    for (rep, counts) in unlisted {
        if have_reps_table {
            let seen: Vec<(Table, usize)> = counts.iter().map(|(t, n)| (*t, *n)).collect();
            findings.push(Finding {
                severity: Severity::Warning,
                kind: FindingKind::UnknownRep,
                table: None,
                file: None,
                line: None,
                column: None,
                rep: Some(rep.clone()),
                records: Vec::new(),
                message: Message::UnknownRep {
                    rep: rep.clone(),
                    seen,
                },
            });
        }
        let territory = from_accounts
            .get(&rep)
            .cloned()
            .unwrap_or_else(|| UNASSIGNED.to_string());
        roster.reps.insert(
            rep,
            RepInfo {
                territory,
                manager: None,
                active: true,
                listed: false,
                started: None,
            },
        );
    }
    if !have_reps_table {
        findings.push(Finding {
            severity: Severity::Warning,
            kind: FindingKind::NoRepsTable,
            table: Some(Table::Reps),
            file: None,
            line: None,
            column: None,
            rep: None,
            records: Vec::new(),
            message: Message::NoRepsFile {
                reps: roster.reps.len(),
            },
        });
    }
    Ok(roster)
}

/// How many rows name each rep. Exports list a rep's rows together more
/// often than not: a run of one name is counted before it is looked up.
fn rows_per_rep<'a>(
    reps: impl Iterator<Item = Option<&'a str>>,
) -> foldhash::HashMap<&'a str, usize> {
    let mut rows: foldhash::HashMap<&str, usize> = Default::default();
    let mut run: Option<(&str, usize)> = None;
    for rep in reps.flatten() {
        match &mut run {
            Some((last, n)) if *last == rep => *n += 1,
            _ => {
                if let Some((last, n)) = run.replace((rep, 1)) {
                    *rows.entry(last).or_default() += n;
                }
            }
        }
    }
    if let Some((last, n)) = run {
        *rows.entry(last).or_default() += n;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs and scattered rows add up alike; missing names are not rows.
    #[test]
    fn rows_are_counted_per_rep_in_runs_and_apart() {
        let reps = [
            Some("Ann"),
            Some("Ann"),
            None,
            Some("Bo"),
            Some("Ann"),
            Some("Bo"),
            Some("Bo"),
        ];
        let rows = rows_per_rep(reps.into_iter());
        let mut rows: Vec<(&str, usize)> = rows.into_iter().collect();
        rows.sort();
        assert_eq!(rows, vec![("Ann", 3), ("Bo", 3)]);
    }
}
