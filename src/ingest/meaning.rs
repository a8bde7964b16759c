//! What the rows mean across tables, once every file is typed: owner ids
//! resolved through the users in the reps table (Salesforce `OwnerId`),
//! team goals kept out of personal quotas (D365 goals with child goals),
//! products mapped to their product line (Maven's `series`), closed deals
//! without a close date set aside, and one currency across the deals.

use std::collections::{BTreeMap, HashMap, HashSet};

use polars::prelude::*;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::names::{encoded_columns, Dictionary, Names};
use crate::ingest::values::currency_of;
use crate::model::{Finding, FindingKind, Message, RepRecords, Severity, Table};

fn text(frame: &DataFrame, name: &str) -> Result<StringChunked> {
    frame
        .column(name)
        .and_then(|c| c.str().cloned())
        .map_err(|e| Error::compute(format!("column `{name}`"), "reading a text column", e))
}

fn replace_text(frame: &mut DataFrame, name: &str, values: StringChunked) -> Result<()> {
    frame
        .replace(name, values.into_series().with_name(name.into()).into())
        .map(|_| ())
        .map_err(|e| Error::compute(format!("column `{name}`"), "rewriting a column", e))
}

/// The reps of `rows` of `frame` (by its `rep` column, when it has one),
/// each with how many of the rows are theirs and the `ids` of the first
/// few, so a finding about rows can be shown on each rep's page.
pub(super) fn records_by_rep(
    frame: &DataFrame,
    names: &Names,
    ids: &StringChunked,
    rows: &[usize],
) -> Result<Vec<RepRecords>> {
    const EXAMPLES: usize = 5;
    if frame.column("rep").is_err() {
        return Ok(Vec::new());
    }
    let reps = names.column(frame, "rep")?;
    let amounts = frame
        .column("amount")
        .ok()
        .and_then(|c| c.cast(&DataType::Float64).ok())
        .and_then(|c| c.f64().ok().cloned());
    let outcomes = frame
        .column("outcome")
        .ok()
        .and_then(|c| c.str().ok().cloned());
    let mut by_rep: BTreeMap<&str, RepRecords> = BTreeMap::new();
    for &row in rows {
        let Some(rep) = reps.get(row) else { continue };
        let records = by_rep.entry(rep).or_insert_with(|| RepRecords {
            rep: rep.to_string(),
            count: 0,
            examples: Vec::new(),
            amount: amounts.as_ref().map(|_| 0.0),
            outcomes: Vec::new(),
        });
        records.count += 1;
        if let (Some(sum), Some(a)) = (
            records.amount.as_mut(),
            amounts.as_ref().and_then(|a| a.get(row)),
        ) {
            *sum += a;
        }
        if let Some(o) = outcomes.as_ref().and_then(|o| o.get(row)) {
            if let Err(at) = records.outcomes.binary_search_by(|x| x.as_str().cmp(o)) {
                records.outcomes.insert(at, o.to_string());
            }
        }
        if let Some(id) = ids.get(row) {
            if records.examples.len() < EXAMPLES {
                records.examples.push(id.to_string());
            }
        }
    }
    Ok(by_rep.into_values().collect())
}

fn note(severity: Severity, kind: FindingKind, table: Table, message: Message) -> Finding {
    Finding {
        severity,
        kind,
        table: Some(table),
        file: None,
        line: None,
        column: None,
        rep: None,
        records: Vec::new(),
        message,
    }
}

pub fn apply(
    tables: &mut BTreeMap<Table, DataFrame>,
    names: &mut Names,
    config: &Config,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    resolve_owner_ids(tables, names, findings)?;
    drop_team_goals(tables, findings)?;
    products_without_a_line(tables, findings)?;
    product_lines_from_products(tables, names)?;
    closed_deals_need_a_date(tables, findings)?;
    implausible_deals(tables, names, findings)?;
    convert_currencies(tables, config)?;
    Ok(())
}

/// Reps listed with a `user_id` (a users export) stand for that id
/// wherever the facts name an owner by id.
fn resolve_owner_ids(
    tables: &mut BTreeMap<Table, DataFrame>,
    names: &mut Names,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    let Some(reps) = tables.get(&Table::Reps) else {
        return Ok(());
    };
    let (ids, reps_named) = (text(reps, "user_id")?, text(reps, "rep")?);
    let by_id: HashMap<String, String> = ids
        .iter()
        .zip(reps_named.iter())
        .filter_map(|(i, n)| Some((i?.to_string(), n?.to_string())))
        .collect();
    if by_id.is_empty() {
        return Ok(());
    }
    let mut resolved = 0usize;
    for (table, frame) in tables.iter_mut() {
        let column = match table {
            Table::Reps => continue,
            Table::Accounts => "owner",
            t if t.columns().iter().any(|c| c.name == "rep") => "rep",
            _ => continue,
        };
        if encoded_columns(*table).any(|(c, _)| c == column) {
            // Codes: an id's code becomes its name's, row counts from codes.
            let codes = frame
                .column(column)
                .and_then(|c| c.u32().cloned())
                .map_err(|e| Error::compute(table, "resolving owner ids", e))?;
            let known = names.names(Dictionary::Reps).to_vec();
            let renumbered: Vec<u32> = known
                .iter()
                .enumerate()
                .map(|(code, name)| match by_id.get(&**name) {
                    Some(rep) => names.code(Dictionary::Reps, rep),
                    None => code as u32,
                })
                .collect();
            let by_id_code: Vec<bool> = known
                .iter()
                .map(|name| by_id.contains_key(&**name))
                .collect();
            resolved += codes
                .iter()
                .flatten()
                .filter(|c| by_id_code[*c as usize])
                .count();
            if by_id_code.iter().any(|b| *b) {
                let codes = codes.apply_values(|c| renumbered[c as usize]);
                frame
                    .replace(column, codes.with_name(column.into()).into_column())
                    .map_err(|e| Error::compute(table, "resolving owner ids", e))?;
            }
            continue;
        }
        let values = text(frame, column)?;
        let mapped: StringChunked = values
            .iter()
            .map(|v| {
                v.map(|v| match by_id.get(v) {
                    Some(name) => {
                        resolved += 1;
                        name.as_str()
                    }
                    None => v,
                })
            })
            .collect();
        replace_text(frame, column, mapped)?;
    }
    // Rows rejected while reading named their owner as the file did: by
    // id. They are that rep's rows, so their pages find them (issue 15,
    // item 3).
    for finding in findings.iter_mut() {
        if let Some(name) = finding.rep.as_deref().and_then(|id| by_id.get(id)) {
            finding.rep = Some(name.clone());
        }
    }
    if resolved > 0 {
        findings.push(note(
            Severity::Info,
            FindingKind::OwnerIds,
            Table::Reps,
            Message::OwnerIds { resolved },
        ));
    }
    Ok(())
}

/// A goal that other goals name as their parent is a team goal: it sums
/// its members' goals and must not count as its owner's personal quota.
fn drop_team_goals(
    tables: &mut BTreeMap<Table, DataFrame>,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    let Some(quotas) = tables.get_mut(&Table::Quotas) else {
        return Ok(());
    };
    let parents: HashSet<String> = text(quotas, "parent")?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    if parents.is_empty() {
        return Ok(());
    }
    let names = text(quotas, "name")?;
    let keep: BooleanChunked = names
        .iter()
        .map(|n| n.is_none_or(|n| !parents.contains(n)))
        .collect();
    let dropped = keep.iter().filter(|k| *k == Some(false)).count();
    if dropped > 0 {
        *quotas = quotas
            .filter(&keep)
            .map_err(|e| Error::compute(Table::Quotas, "dropping team goals", e))?;
        findings.push(note(
            Severity::Info,
            FindingKind::TeamGoal,
            Table::Quotas,
            Message::TeamGoals { dropped },
        ));
    }
    Ok(())
}

/// Products compared without case, spaces or punctuation: Maven's deals
/// say "GTXPro" where its products say "GTX Pro".
fn product_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A products export without product lines (or with some left empty):
/// each such product is its own line.
fn products_without_a_line(
    tables: &mut BTreeMap<Table, DataFrame>,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    let Some(products) = tables.get_mut(&Table::Products) else {
        return Ok(());
    };
    let (product, line) = (text(products, "product")?, text(products, "product_line")?);
    let missing = line.null_count();
    if missing == 0 {
        return Ok(());
    }
    let filled: StringChunked = product
        .iter()
        .zip(line.iter())
        .map(|(p, l)| l.or(p))
        .collect();
    replace_text(products, "product_line", filled)?;
    findings.push(note(
        Severity::Info,
        FindingKind::DerivedColumn,
        Table::Products,
        Message::ProductsWithoutLine { products: missing },
    ));
    Ok(())
}

fn product_lines_from_products(
    tables: &mut BTreeMap<Table, DataFrame>,
    names: &mut Names,
) -> Result<()> {
    let Some(products) = tables.get(&Table::Products) else {
        return Ok(());
    };
    let line_of: HashMap<String, String> = text(products, "product")?
        .iter()
        .zip(text(products, "product_line")?.iter())
        .filter_map(|(p, l)| Some((product_key(p?), l?.to_string())))
        .collect();
    let Some(deals) = tables.get_mut(&Table::Deals) else {
        return Ok(());
    };
    let product = text(deals, "product")?;
    if product.null_count() == product.len() {
        return Ok(());
    }
    if let Ok(codes) = deals.column("product_line").and_then(|c| c.u32().cloned()) {
        let filled: UInt32Chunked = product
            .iter()
            .zip(codes.iter())
            .map(|(p, l)| {
                l.or_else(|| {
                    let line = line_of.get(&product_key(p?))?;
                    Some(names.code(Dictionary::Lines, line))
                })
            })
            .collect();
        return deals
            .replace(
                "product_line",
                filled.with_name("product_line".into()).into_column(),
            )
            .map(|_| ())
            .map_err(|e| Error::compute(Table::Deals, "filling product lines", e));
    }
    let line = text(deals, "product_line")?;
    let filled: StringChunked = product
        .iter()
        .zip(line.iter())
        .map(|(p, l)| {
            l.map(str::to_string)
                .or_else(|| p.and_then(|p| line_of.get(&product_key(p)).cloned()))
        })
        .collect::<Vec<Option<String>>>()
        .iter()
        .map(|v| v.as_deref())
        .collect();
    replace_text(deals, "product_line", filled)
}

/// A won or lost deal says when it closed; one that does not cannot be
/// placed in a month and is set aside, counted.
fn closed_deals_need_a_date(
    tables: &mut BTreeMap<Table, DataFrame>,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    let Some(deals) = tables.get_mut(&Table::Deals) else {
        return Ok(());
    };
    let outcome = text(deals, "outcome")?;
    let close = deals
        .column("close_date")
        .map_err(|e| Error::compute(Table::Deals, "reading deals", e))?
        .clone();
    let keep: BooleanChunked = outcome
        .iter()
        .zip(close.as_materialized_series().iter())
        .map(|(o, c)| o == Some("open") || !matches!(c, AnyValue::Null))
        .collect();
    let dropped = keep.iter().filter(|k| *k == Some(false)).count();
    if dropped > 0 {
        *deals = deals
            .filter(&keep)
            .map_err(|e| Error::compute(Table::Deals, "dropping undated deals", e))?;
        findings.push(note(
            Severity::Warning,
            FindingKind::UndatedClosedDeal,
            Table::Deals,
            Message::UndatedClosedDeals { deals: dropped },
        ));
    }
    Ok(())
}

/// Amounts no sale has (a trillion or more) are left out; negative amounts
/// (credit notes?) and deals closing before they were created are kept but
/// reported, with examples.
fn implausible_deals(
    tables: &mut BTreeMap<Table, DataFrame>,
    names: &Names,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    const ABSURD: f64 = 1e12;
    let Some(deals) = tables.get_mut(&Table::Deals) else {
        return Ok(());
    };
    let ids = text(deals, "deal_id")?;
    let amounts = deals
        .column("amount")
        .and_then(|c| c.f64().cloned())
        .map_err(|e| Error::compute(Table::Deals, "reading amounts", e))?;
    let day = |name: &str| {
        deals
            .column(name)
            .and_then(|c| c.cast(&DataType::Int32))
            .and_then(|c| c.i32().cloned())
            .map_err(|e| Error::compute(Table::Deals, "reading dates", e))
    };
    let (created, closed) = (day("created_on")?, day("close_date")?);
    let examples = |rows: &[usize]| -> Vec<String> {
        rows.iter()
            .take(5)
            .filter_map(|r| ids.get(*r))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (mut absurd, mut negative, mut backwards) = (Vec::new(), Vec::new(), Vec::new());
    for row in 0..deals.height() {
        match amounts.get(row) {
            Some(a) if a.abs() >= ABSURD => absurd.push(row),
            Some(a) if a < 0.0 => negative.push(row),
            _ => {}
        }
        if let (Some(a), Some(b)) = (created.get(row), closed.get(row)) {
            if b < a {
                backwards.push(row);
            }
        }
    }
    if !negative.is_empty() {
        findings.push(note(
            Severity::Warning,
            FindingKind::NegativeAmount,
            Table::Deals,
            Message::NegativeAmounts {
                deals: negative.len(),
                examples: examples(&negative),
            },
        ));
        let records = records_by_rep(deals, names, &ids, &negative)?;
        if let Some(last) = findings.last_mut() {
            last.records = records;
        }
    }
    if !backwards.is_empty() {
        findings.push(note(
            Severity::Warning,
            FindingKind::ClosedBeforeCreated,
            Table::Deals,
            Message::ClosedBeforeCreated {
                deals: backwards.len(),
                examples: examples(&backwards),
            },
        ));
        let records = records_by_rep(deals, names, &ids, &backwards)?;
        if let Some(last) = findings.last_mut() {
            last.records = records;
        }
    }
    if !absurd.is_empty() {
        findings.push(note(
            Severity::Error,
            FindingKind::AbsurdAmount,
            Table::Deals,
            Message::AbsurdAmounts {
                deals: absurd.len(),
                examples: examples(&absurd),
            },
        ));
        let records = records_by_rep(deals, names, &ids, &absurd)?;
        if let Some(last) = findings.last_mut() {
            last.records = records;
        }
        let keep: BooleanChunked = (0..deals.height())
            .map(|r| absurd.binary_search(&r).is_err())
            .collect();
        *deals = deals
            .filter(&keep)
            .map_err(|e| Error::compute(Table::Deals, "dropping absurd amounts", e))?;
    }
    Ok(())
}

/// Amounts in several currencies cannot be added up: with `[currencies]`
/// rates they are converted to the reporting currency; without, the build
/// stops and names the currencies found.
fn convert_currencies(tables: &mut BTreeMap<Table, DataFrame>, config: &Config) -> Result<()> {
    let Some(deals) = tables.get_mut(&Table::Deals) else {
        return Ok(());
    };
    let currencies = text(deals, "currency")?;
    let mut found: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut codes: Vec<Option<&'static str>> = Vec::with_capacity(currencies.len());
    for c in currencies.iter() {
        let code = match c {
            None => None,
            Some(c) => Some(currency_of(c).ok_or_else(|| Error::Input {
                file: "deals".into(),
                message: format!(
                    "currency \"{c}\" is not one yardstick knows (USD, EUR, GBP, RUB, KZT, UAH, or their signs and names)"
                ),
            })?),
        };
        if let Some(code) = code {
            *found.entry(code).or_default() += 1;
        }
        codes.push(code);
    }
    let settings = &config.currencies;
    let reporting = settings.reporting.as_deref().map(str::to_uppercase);
    let needs_conversion = found.len() > 1
        || found
            .keys()
            .any(|c| reporting.as_deref().is_some_and(|r| r != *c));
    if !needs_conversion {
        return Ok(());
    }
    let missing: Vec<&str> = found
        .keys()
        .copied()
        .filter(|c| reporting.as_deref() != Some(*c) && !settings.rates.contains_key(*c))
        .collect();
    if reporting.is_none() || !missing.is_empty() {
        let list: Vec<String> = found
            .iter()
            .map(|(c, n)| format!("{c} ({n} deals)"))
            .collect();
        return Err(Error::Input {
            file: "deals".into(),
            message: format!(
                "amounts are in several currencies: {}; set [currencies] reporting = \"{}\" and rates = {{ {} }} \
                 in yardstick.toml (units of the reporting currency per unit of each)",
                list.join(", "),
                reporting.clone().unwrap_or_else(|| found.keys().next().copied().unwrap_or("USD").to_string()),
                found.keys().map(|c| format!("{c} = …")).collect::<Vec<_>>().join(", ")
            ),
        });
    }
    let reporting = reporting.expect("checked above");
    let amounts = deals
        .column("amount")
        .and_then(|c| c.f64().cloned())
        .map_err(|e| Error::compute(Table::Deals, "reading amounts", e))?;
    let converted: Float64Chunked = amounts
        .iter()
        .zip(&codes)
        .map(|(a, code)| {
            let rate = match code {
                Some(c) if *c != reporting => settings.rates[*c],
                _ => 1.0,
            };
            a.map(|a| a * rate)
        })
        .collect();
    deals
        .replace(
            "amount",
            converted.into_series().with_name("amount".into()).into(),
        )
        .map_err(|e| Error::compute(Table::Deals, "converting amounts", e))?;
    let unified: StringChunked = codes.iter().map(|_| Some(reporting.as_str())).collect();
    replace_text(deals, "currency", unified)
}
