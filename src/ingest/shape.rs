//! Turns a sheet read from a file into the canonical columns of its table,
//! following the recognised profile and the config's column map (which
//! always wins). Still all text: typing comes next.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::read::Sheet;
use crate::ingest::recognise::{normalise, outcome_of_stage, Match, Source};
use crate::ingest::values;
use crate::model::{FindingKind, Message, NO_OWNER};

pub struct Shaped {
    pub frame: DataFrame,
    /// Canonical column ← what it was read from, for `check` and `init`.
    pub mapping: Vec<(String, String)>,
    /// Canonical column ← a single header, the part `init` can write out.
    pub renames: Vec<(String, String)>,
    pub ignored: Vec<String>,
    /// Per header: read by a column that is built (not skipped).
    pub reads: Vec<bool>,
    /// Stages that no flag, vocabulary word or `[stages]` entry placed,
    /// counted as open.
    pub unmapped_stages: BTreeMap<String, usize>,
    /// Stages of closed deals known as neither won nor lost: those deals
    /// are `closed`, left out of win rate and attainment.
    pub closed_stages: BTreeMap<String, usize>,
    /// Required canonical columns the file lacks.
    pub missing: Vec<&'static str>,
    /// A header read has a twin that differs only in case: which one is
    /// read depends on the cells, so the file is read whole.
    pub case_twins: bool,
    /// Notes such as "no owner column: every row under (no owner)".
    pub notes: Vec<(FindingKind, Message)>,
}

enum Resolved {
    Index(usize),
    /// An outcome column: won, lost and open as they are; any other value
    /// through the stage vocabulary and the `[stages]` map, as a stage.
    Outcome(usize),
    Coalesce(Vec<usize>),
    Concat(Vec<usize>),
    Const(String),
    Flags(usize, Option<usize>),
    /// A stage or status, and the closed flag beside it if any.
    Stage(usize, Option<usize>),
    RowId,
    Missing,
}

pub fn shape(
    sheet: &Sheet,
    found: &Match,
    renames: &BTreeMap<String, String>,
    stages: &BTreeMap<String, String>,
    skip: &[&str],
    file: &str,
) -> Result<Shaped> {
    let normalised: Vec<String> = sheet.headers.iter().map(|h| normalise(h)).collect();
    // Two headers may differ only in case ("Amount", "AMOUNT"): the first
    // with a value in it is read, and the others are reported.
    let twins: std::cell::RefCell<Vec<(usize, Vec<usize>)>> = Default::default();
    let has_values = |i: usize| {
        sheet.columns[i]
            .as_ref()
            .is_some_and(|c| c.iter().flatten().any(|v| !v.trim().is_empty()))
    };
    let index = |h: &str| {
        let key = normalise(h);
        let hits: Vec<usize> = (0..normalised.len())
            .filter(|&i| normalised[i] == key)
            .collect();
        let chosen = hits
            .iter()
            .copied()
            .find(|&i| has_values(i))
            .or(hits.first().copied())?;
        if hits.len() > 1 {
            let others = hits.iter().copied().filter(|&i| i != chosen).collect();
            twins.borrow_mut().push((chosen, others));
        }
        Some(chosen)
    };
    let all = |hs: &[&str]| hs.iter().filter_map(|h| index(h)).collect::<Vec<_>>();
    let table = found.table;
    let mut used = vec![false; sheet.headers.len()];
    let mut reads = vec![false; sheet.headers.len()];
    let mut mapping = Vec::new();
    let mut simple = Vec::new();
    let mut notes = Vec::new();
    let mut missing = Vec::new();
    let mut resolved = Vec::new();
    let mut case_twins = false;
    for spec in table.columns() {
        let source = found
            .columns
            .iter()
            .find(|(c, _)| *c == spec.name)
            .map(|(_, s)| *s);
        let r = if let Some(header) = renames.get(spec.name) {
            index(header)
                .map(Resolved::Index)
                .unwrap_or(Resolved::Missing)
        } else {
            match source {
                Some(Source::Header(hs)) => all(hs)
                    .first()
                    .copied()
                    .map(Resolved::Index)
                    .unwrap_or(Resolved::Missing),
                Some(Source::Named(n)) => {
                    index(n).map(Resolved::Index).unwrap_or(Resolved::Missing)
                }
                Some(Source::Coalesce(hs)) => match all(hs) {
                    v if v.is_empty() => Resolved::Missing,
                    v => Resolved::Coalesce(v),
                },
                Some(Source::Concat(hs)) => match all(hs) {
                    v if v.len() == hs.len() => Resolved::Concat(v),
                    _ => Resolved::Missing,
                },
                Some(Source::Const(c)) => Resolved::Const(c.to_string()),
                Some(Source::Flags(won, closed)) => match all(won).first() {
                    Some(w) => Resolved::Flags(*w, all(closed).first().copied()),
                    None => Resolved::Missing,
                },
                Some(Source::Stage(hs)) => all(hs)
                    .first()
                    .map(|i| Resolved::Stage(*i, None))
                    .unwrap_or(Resolved::Missing),
                Some(Source::StageClosed(hs, closed)) => all(hs)
                    .first()
                    .map(|i| Resolved::Stage(*i, all(closed).first().copied()))
                    .unwrap_or(Resolved::Missing),
                None => Resolved::Missing,
            }
        };
        // A converted amount ("Amount (converted)") is in the report's one
        // currency, not the row's own: its currency is the column named
        // after it ("Amount (converted) Currency"), or none.
        let r = match resolved.iter().find_map(|(name, r)| match (name, r) {
            (&"amount", Resolved::Index(i)) if normalised[*i].ends_with("(converted)") => Some(*i),
            _ => None,
        }) {
            Some(amount) if spec.name == "currency" && !renames.contains_key("currency") => {
                index(&format!("{} currency", normalised[amount]))
                    .map(Resolved::Index)
                    .unwrap_or(Resolved::Missing)
            }
            _ => r,
        };
        // A CRM export without an id or owner still counts: rows get their
        // line as id, and one placeholder owner.
        let r = match r {
            Resolved::Missing
                if found.crm != "canonical"
                    && Some(spec.name) == table.id_column()
                    && spec.required =>
            {
                notes.push((
                    FindingKind::DerivedColumn,
                    Message::RowNumberIds {
                        column: spec.name.to_string(),
                    },
                ));
                Resolved::RowId
            }
            Resolved::Missing
                if found.crm != "canonical" && spec.name == "rep" && spec.required =>
            {
                notes.push((FindingKind::NoOwnerColumn, Message::NoOwnerColumn { table }));
                Resolved::Const(NO_OWNER.into())
            }
            // Whatever layout the outcome comes from, `[stages]` applies.
            Resolved::Index(i) if spec.name == "outcome" => Resolved::Outcome(i),
            // No outcome column or flags: the stage says it (a report
            // without its Won and Closed columns).
            Resolved::Missing if spec.name == "outcome" => resolved
                .iter()
                .find_map(|(name, r)| match (name, r) {
                    (&"stage", Resolved::Index(i)) => Some(Resolved::Stage(*i, None)),
                    _ => None,
                })
                .unwrap_or(Resolved::Missing),
            r => r,
        };
        let describe = |ids: &[usize], join: &str| {
            ids.iter()
                .map(|i| format!("\"{}\"", sheet.headers[*i]))
                .collect::<Vec<_>>()
                .join(join)
        };
        let text = match &r {
            Resolved::Index(i) | Resolved::Outcome(i) => Some(describe(&[*i], "")),
            Resolved::Coalesce(v) => Some(format!("first of {}", describe(v, ", "))),
            Resolved::Concat(v) => Some(describe(v, " + ")),
            Resolved::Const(c) => Some(format!("always \"{c}\"")),
            Resolved::Flags(w, c) => Some(match c {
                Some(c) => format!("flags {} and {}", describe(&[*w], ""), describe(&[*c], "")),
                None => format!("flag {}", describe(&[*w], "")),
            }),
            Resolved::Stage(i, None) => {
                Some(format!("stage {} via the stage map", describe(&[*i], "")))
            }
            Resolved::Stage(i, Some(c)) => Some(format!(
                "stage {} via the stage map, closed flag {}",
                describe(&[*i], ""),
                describe(&[*c], "")
            )),
            Resolved::RowId => Some("line number".into()),
            Resolved::Missing => None,
        };
        for i in match &r {
            Resolved::Index(i) | Resolved::Outcome(i) | Resolved::Stage(i, None) => vec![*i],
            Resolved::Stage(i, Some(c)) => vec![*i, *c],
            Resolved::Coalesce(v) | Resolved::Concat(v) => v.clone(),
            Resolved::Flags(w, c) => [Some(*w), *c].into_iter().flatten().collect(),
            _ => vec![],
        } {
            used[i] = true;
            reads[i] |= !skip.contains(&spec.name);
        }
        if let Resolved::Index(i) | Resolved::Outcome(i) = &r {
            simple.push((spec.name.to_string(), sheet.headers[*i].clone()));
        }
        match text {
            Some(t) => mapping.push((spec.name.to_string(), t)),
            None if spec.required => missing.push(spec.name),
            None => {}
        }
        resolved.push((spec.name, r));
    }
    // The twins of a header that is read are read too (which one has
    // values is known only from the cells), and said once each.
    let mut said = std::collections::BTreeSet::new();
    for (chosen, others) in twins.into_inner() {
        if !used[chosen] || !said.insert(chosen) {
            continue;
        }
        for &i in &others {
            used[i] = true;
            reads[i] |= reads[chosen];
        }
        let names: Vec<String> = std::iter::once(chosen)
            .chain(others.iter().copied())
            .map(|i| sheet.headers[i].clone())
            .collect();
        notes.push((
            FindingKind::DuplicateHeader,
            Message::DuplicateHeaders {
                names,
                read: sheet.headers[chosen].clone(),
            },
        ));
        case_twins = true;
    }
    // An amount header that names its currency ("Бюджет ₽", "Amount (USD)")
    // gives the currency when the file has no currency column.
    let amount_currency = resolved.iter().find_map(|(name, r)| match (name, r) {
        (&"amount", Resolved::Index(i)) => values::currency_of(&sheet.headers[*i]),
        _ => None,
    });
    if let Some(code) = amount_currency {
        for (name, r) in resolved.iter_mut() {
            if *name == "currency" && matches!(r, Resolved::Missing) {
                *r = Resolved::Const(code.to_string());
                mapping.push((
                    "currency".into(),
                    format!("always \"{code}\" (from the amount's header)"),
                ));
            }
        }
    }
    let ignored = sheet
        .headers
        .iter()
        .zip(&used)
        .filter(|(h, u)| !**u && !h.trim().is_empty())
        .map(|(h, _)| h.clone())
        .collect();

    let height = sheet.height;
    let mut unmapped_stages: BTreeMap<String, usize> = BTreeMap::new();
    let mut closed_stages: BTreeMap<String, usize> = BTreeMap::new();
    let cell = |row: usize, i: usize| sheet.cell(row, i).map(str::to_string);
    let mut columns: Vec<Column> = Vec::with_capacity(resolved.len());
    for (name, r) in resolved.iter().filter(|(name, _)| !skip.contains(name)) {
        let column: StringChunked = match r {
            // The common case costs nothing: the file's column, renamed.
            Resolved::Index(i) => sheet.columns[*i]
                .clone()
                .unwrap_or_else(|| StringChunked::full_null("".into(), height)),
            Resolved::Coalesce(v) => (0..height)
                .map(|row| v.iter().find_map(|i| cell(row, *i)))
                .collect::<Vec<_>>()
                .iter()
                .map(|v| v.as_deref())
                .collect(),
            Resolved::Concat(v) => (0..height)
                .map(|row| {
                    let parts: Vec<String> = v.iter().filter_map(|i| cell(row, *i)).collect();
                    (!parts.is_empty()).then(|| parts.join(" "))
                })
                .collect::<Vec<_>>()
                .iter()
                .map(|v| v.as_deref())
                .collect(),
            Resolved::Const(c) => (0..height).map(|_| Some(c.as_str())).collect(),
            Resolved::Flags(w, c) => (0..height)
                .map(|row| {
                    let flag = |i: Option<usize>| {
                        i.and_then(|i| sheet.cell(row, i))
                            .and_then(values::parse_bool)
                            .unwrap_or(false)
                    };
                    Some(if flag(Some(*w)) {
                        "won"
                    } else if flag(*c) {
                        "lost"
                    } else {
                        "open"
                    })
                })
                .collect(),
            Resolved::Outcome(i) => {
                let column = sheet.columns[*i]
                    .clone()
                    .unwrap_or_else(|| StringChunked::full_null("".into(), height));
                // The common case, every value already an outcome, is
                // checked without allocating and kept as it is.
                if column.iter().flatten().all(is_outcome_word) {
                    column
                } else {
                    column
                        .iter()
                        .map(|value| {
                            let value = value.map(str::trim).filter(|v| !v.is_empty())?;
                            if is_outcome_word(value) {
                                return Some(value.to_string());
                            }
                            let (outcome, known) = outcome_of_stage(value, stages);
                            let unknown = match outcome {
                                "closed" => &mut closed_stages,
                                _ => &mut unmapped_stages,
                            };
                            if !known {
                                *unknown.entry(value.to_string()).or_default() += 1;
                            }
                            Some(outcome.to_string())
                        })
                        .collect::<Vec<_>>()
                        .iter()
                        .map(|v| v.as_deref())
                        .collect()
                }
            }
            Resolved::Stage(i, closed) => (0..height)
                .map(|row| {
                    let stage = sheet.cell(row, *i)?;
                    let (mut outcome, known) = outcome_of_stage(stage, stages);
                    // Closed by its flag at a stage that says nothing more.
                    let flagged = closed
                        .and_then(|c| sheet.cell(row, c))
                        .and_then(values::parse_bool)
                        .unwrap_or(false);
                    if !known && flagged {
                        outcome = "closed";
                    }
                    if !known {
                        let unknown = match outcome {
                            "closed" => &mut closed_stages,
                            _ => &mut unmapped_stages,
                        };
                        *unknown.entry(stage.to_string()).or_default() += 1;
                    }
                    Some(outcome)
                })
                .collect(),
            Resolved::RowId => (0..height)
                .map(|row| Some(format!("{file}:{}", sheet.line(row))))
                .collect::<Vec<_>>()
                .iter()
                .map(|v| v.as_deref())
                .collect(),
            Resolved::Missing => StringChunked::full_null("".into(), height),
        };
        columns.push(column.into_series().with_name((*name).into()).into());
    }
    let frame =
        DataFrame::new(height, columns).map_err(|e| Error::compute(file, "shaping a table", e))?;
    Ok(Shaped {
        frame,
        mapping,
        renames: simple,
        ignored,
        reads,
        unmapped_stages,
        closed_stages,
        missing,
        case_twins,
        notes,
    })
}

/// `won`, `lost` or `open` in any case, with spaces around allowed.
fn is_outcome_word(value: &str) -> bool {
    let v = value.trim();
    ["won", "lost", "open"]
        .iter()
        .any(|w| v.eq_ignore_ascii_case(w))
}
