//! Rep names, product lines and activity kinds as integer codes. Every standard groups
//! millions of rows by rep (and often line): on text, each query hashed and
//! copied the names again, and each cell took a 16-byte view plus its
//! bytes. The fact tables arrive with codes already (ingestion's `names`,
//! numbered as read); here they are renumbered in sorted order, and the
//! lookup tables' text (an account's owner) encoded into the same
//! dictionaries.
//!
//! Codes follow the names' sorted order, so sorting by code sorts by name:
//! parts come out in the same order as they did from text, and the sums
//! add the same floats in the same order (byte-identical sites).

use std::collections::BTreeSet;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::names::Dictionary;
use crate::ingest::Tables;
use crate::model::Table;

/// The columns encoded, and the dictionary each uses: an account's owner
/// is a rep; activities and meetings share their kinds.
const ENCODED: &[(&str, Dictionary)] = &[
    ("rep", Dictionary::Reps),
    ("owner", Dictionary::Reps),
    ("product_line", Dictionary::Lines),
    ("kind", Dictionary::Kinds),
];

/// The names behind the codes.
#[derive(Debug, Default)]
pub struct Codes {
    reps: Vec<Arc<str>>,
    lines: Vec<Arc<str>>,
    kinds: Vec<Arc<str>>,
    /// The contacts activities name, as ingestion numbered them (in the
    /// order read: no standard sorts or shows them).
    pub contacts: Vec<Arc<str>>,
}

/// A column to encode: text (the lookup tables), or codes ingestion gave
/// it as it read the facts, in the order names were first read.
enum Source {
    Text(StringChunked),
    Read(UInt32Chunked),
}

impl Codes {
    /// Gives every rep, owner, product-line and kind column of `tables`
    /// codes in the names' sorted order (UInt32, null stays null) and
    /// returns the names. Text columns are encoded; the facts' read-time
    /// codes are renumbered.
    pub fn encode(tables: &mut Tables) -> Result<Codes> {
        let mut columns: Vec<(Table, &str, Dictionary, Source)> = Vec::new();
        for (table, frame) in tables.frames.iter() {
            for (name, dictionary) in ENCODED {
                let Ok(column) = frame.column(name) else {
                    continue;
                };
                if let Ok(codes) = column.u32() {
                    columns.push((*table, name, *dictionary, Source::Read(codes.clone())));
                } else if let Ok(text) = column.str() {
                    columns.push((*table, name, *dictionary, Source::Text(text.clone())));
                }
            }
        }
        let read = &tables.names;
        // Per column: the names it holds, and for text its codes in order
        // of first appearance.
        let provisional =
            crate::parallel::map(&columns, |(_, _, dictionary, source)| match source {
                Source::Text(text) => {
                    let (codes, seen) = first_seen_codes(text);
                    (Some(codes), seen)
                }
                Source::Read(codes) => {
                    let names = read.names(*dictionary);
                    // A name counts when a row holds it (null slots hold
                    // arbitrary codes).
                    let mut used = vec![false; names.len()];
                    if codes.null_count() == 0 {
                        for chunk in codes.downcast_iter() {
                            chunk.values_iter().for_each(|c| used[*c as usize] = true);
                        }
                    } else {
                        codes.iter().flatten().for_each(|c| used[c as usize] = true);
                    }
                    let seen = names
                        .iter()
                        .zip(used)
                        .filter(|(_, u)| *u)
                        .map(|(n, _)| &**n)
                        .collect();
                    (None, seen)
                }
            });
        let mut names: [BTreeSet<&str>; 3] = Default::default();
        let contacts = read.names(Dictionary::Contacts).to_vec();
        for ((_, _, dictionary, _), (_, seen)) in columns.iter().zip(&provisional) {
            names[*dictionary as usize].extend(seen.iter().copied());
        }
        let [reps, lines, kinds] = names.map(|n| n.into_iter().map(Arc::from).collect::<Vec<_>>());
        let codes = Codes {
            reps,
            lines,
            kinds,
            contacts,
        };
        let jobs: Vec<_> = columns.iter().zip(provisional).collect();
        let encoded =
            crate::parallel::map(&jobs, |((_, name, dictionary, source), (first, seen))| {
                let position: HashMap<&str, u32> = codes
                    .dictionary(*dictionary)
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (&**n, i as u32))
                    .collect();
                let codes: UInt32Chunked = match source {
                    Source::Text(_) => {
                        let first = first.as_ref().expect("text columns have first-seen codes");
                        let final_code: Vec<u32> = seen.iter().map(|n| position[n]).collect();
                        // Null slots hold arbitrary values: any code will do there.
                        first.apply_values(|c| final_code.get(c as usize).copied().unwrap_or(0))
                    }
                    Source::Read(read_codes) => {
                        // Names no row holds any more (an owner id resolved to
                        // its name) have no code: their slots are never valid.
                        let final_code: Vec<u32> = read
                            .names(*dictionary)
                            .iter()
                            .map(|n| position.get(&**n).copied().unwrap_or(0))
                            .collect();
                        read_codes
                            .apply_values(|c| final_code.get(c as usize).copied().unwrap_or(0))
                    }
                };
                codes.with_name((*name).into()).into_column()
            });
        drop(jobs);
        for ((table, name, _, _), column) in columns.into_iter().zip(encoded) {
            let frame = tables
                .frames
                .get_mut(&table)
                .expect("listed from the tables");
            frame
                .replace(name, column)
                .map_err(|e| Error::compute(table, "encoding names", e))?;
        }
        Ok(codes)
    }

    fn dictionary(&self, dictionary: Dictionary) -> &[Arc<str>] {
        match dictionary {
            Dictionary::Reps => &self.reps,
            Dictionary::Lines => &self.lines,
            Dictionary::Kinds => &self.kinds,
            Dictionary::Contacts => &self.contacts,
        }
    }

    /// The dictionary of a column by its name where the standards use it
    /// (`who` is a rep, `line` a product line).
    fn dictionary_of(&self, column: &str) -> Option<&[Arc<str>]> {
        match column {
            "rep" | "owner" | "who" => Some(&self.reps),
            "product_line" | "line" => Some(&self.lines),
            "kind" => Some(&self.kinds),
            "contact_id" => Some(&self.contacts),
            _ => None,
        }
    }

    /// The names in a column of a (small) result frame: codes looked up,
    /// text as it is.
    pub fn names(&self, frame: &DataFrame, column: &str) -> Result<Vec<Option<Arc<str>>>> {
        let c = frame
            .column(column)
            .map_err(|e| Error::compute(format!("column `{column}`"), "reading a key column", e))?;
        self.decode(c, column)
    }

    /// [`Codes::names`] of a column named `column`.
    pub fn decode(&self, c: &Column, column: &str) -> Result<Vec<Option<Arc<str>>>> {
        if let (Ok(codes), Some(dictionary)) = (c.u32(), self.dictionary_of(column)) {
            return Ok(codes
                .iter()
                .map(|code| code.and_then(|i| dictionary.get(i as usize).cloned()))
                .collect());
        }
        let text = c
            .cast(&DataType::String)
            .map_err(|e| Error::compute(format!("column `{column}`"), "reading a key column", e))?;
        let text = text
            .str()
            .map_err(|e| Error::compute(format!("column `{column}`"), "reading a key column", e))?;
        Ok(text.iter().map(|t| t.map(Arc::from)).collect())
    }

    /// Codes of the names in `column`'s dictionary for which `keep` holds;
    /// `None` when the column is not encoded.
    pub fn codes_where(&self, column: &str, keep: impl Fn(&str) -> bool) -> Option<Vec<u32>> {
        let dictionary = self.dictionary_of(column)?;
        Some(
            (0..dictionary.len() as u32)
                .filter(|i| keep(&dictionary[*i as usize]))
                .collect(),
        )
    }

    /// True when the standards see `column` as codes.
    pub fn is_encoded(frame: &DataFrame, column: &str) -> bool {
        ENCODED.iter().any(|(name, _)| *name == column)
            && frame
                .column(column)
                .is_ok_and(|c| c.dtype() == &DataType::UInt32)
    }
}

/// Each cell's code by first appearance in this column, and the distinct
/// names in that order.
fn first_seen_codes(text: &StringChunked) -> (UInt32Chunked, Vec<&str>) {
    let mut position: HashMap<&str, u32> = HashMap::new();
    let mut seen = Vec::new();
    let codes: UInt32Chunked = text
        .iter()
        .map(|t| {
            t.map(|t| {
                *position.entry(t).or_insert_with(|| {
                    seen.push(t);
                    (seen.len() - 1) as u32
                })
            })
        })
        .collect();
    (codes, seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_of(frame: &DataFrame, column: &str) -> Vec<Option<u32>> {
        frame
            .column(column)
            .unwrap()
            .u32()
            .unwrap()
            .iter()
            .collect()
    }

    /// Codes follow sorted names across tables (owners share the reps'
    /// dictionary), nulls stay null, and decoding gives the names back.
    #[test]
    fn names_become_sorted_codes_and_come_back() {
        let mut tables = Tables::default();
        tables.frames.insert(
            Table::Deals,
            df! {
                "rep" => [Some("Cy"), None, Some("Ann"), Some("Cy")],
                "product_line" => [Some("Grinders"), Some("Brewers"), None, Some("Grinders")],
                "amount" => [1.0, 2.0, 3.0, 4.0],
            }
            .unwrap(),
        );
        tables.frames.insert(
            Table::Accounts,
            df! { "account" => ["A1", "A2"], "owner" => ["Bob", "Ann"] }.unwrap(),
        );
        let codes = Codes::encode(&mut tables).unwrap();
        let deals = &tables.frames[&Table::Deals];
        let rep = codes_of(deals, "rep");
        // Ann 0, Bob 1, Cy 2.
        assert_eq!(rep, [Some(2), None, Some(0), Some(2)]);
        let line = codes_of(deals, "product_line");
        // Brewers 0, Grinders 1.
        assert_eq!(line, [Some(1), Some(0), None, Some(1)]);
        let owner = codes_of(&tables.frames[&Table::Accounts], "owner");
        assert_eq!(owner, [Some(1), Some(0)]);
        let names = codes.names(deals, "rep").unwrap();
        let names: Vec<Option<&str>> = names.iter().map(|n| n.as_deref()).collect();
        assert_eq!(names, [Some("Cy"), None, Some("Ann"), Some("Cy")]);
        assert_eq!(
            codes.codes_where("product_line", |l| l.starts_with('G')),
            Some(vec![1])
        );
        assert_eq!(codes.codes_where("status", |_| true), None);
        assert!(Codes::is_encoded(deals, "rep"));
        assert!(!Codes::is_encoded(deals, "amount"));
    }

    /// The facts' read-time codes (in the order names were read) are
    /// renumbered into the sorted dictionary they share with the text of
    /// the lookup tables; a name no row holds any more gets no code.
    #[test]
    fn read_time_codes_are_renumbered_in_sorted_order() {
        let mut tables = Tables::default();
        let mut deals = df! {
            "rep" => [Some("Cy"), Some("005x"), None, Some("Ann")],
            "amount" => [1.0, 2.0, 3.0, 4.0],
        }
        .unwrap();
        tables.names.encode(&mut deals, Table::Deals).unwrap();
        // Read as Cy 0, 005x 1, Ann 2; then the id 005x resolved to Bob.
        let bob = tables.names.code(Dictionary::Reps, "Bob");
        let rep = deals.column("rep").unwrap().u32().unwrap().clone();
        let rep = rep.apply_values(|c| if c == 1 { bob } else { c });
        deals.replace("rep", rep.into_column()).unwrap();
        tables.frames.insert(Table::Deals, deals);
        tables.frames.insert(
            Table::Accounts,
            df! { "account" => ["A1"], "owner" => ["Dee"] }.unwrap(),
        );
        let codes = Codes::encode(&mut tables).unwrap();
        let rep = codes_of(&tables.frames[&Table::Deals], "rep");
        // Ann 0, Bob 1, Cy 2, Dee 3; 005x is gone.
        assert_eq!(rep, [Some(2), Some(1), None, Some(0)]);
        let names: Vec<String> = codes.reps.iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["Ann", "Bob", "Cy", "Dee"]);
        let owner = codes_of(&tables.frames[&Table::Accounts], "owner");
        assert_eq!(owner, [Some(3)]);
    }
}
