//! Rep names, product lines and activity kinds of the fact tables as
//! integer codes from the moment each block of rows is typed. A name cell
//! held as text is a 16-byte view plus its bytes; tens of millions of
//! activity rows named their rep, line and kind that way, and the tables
//! held four times what they hold as 4-byte codes (XL: 4.4 GB at the end of
//! reading). The standards sort the dictionaries and renumber the codes
//! ([`crate::standards`]'s `codes`); until then a code is a name's place in
//! the order it was first read, file by file in discovery order, so the
//! same files read the same way give the same codes.
//!
//! The small lookup tables — reps, products, accounts — keep their text:
//! ingestion rewrites and matches them by name (owner ids, products
//! without a line, territories) and they are a few thousand rows.

use std::sync::Arc;

use foldhash::HashMap;
use polars::prelude::*;

use crate::error::{Error, Result};
use crate::model::Table;

/// A dictionary of names: the reps (an account's owner is one too), the
/// product lines, the kinds activities and meetings are of, and the
/// contacts an activity names (by id: a contact can be the table's own
/// key nowhere but in the contacts table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dictionary {
    Reps,
    Lines,
    Kinds,
    Contacts,
}

/// The columns read as codes, and their dictionaries.
const COLUMNS: &[(&str, Dictionary)] = &[
    ("rep", Dictionary::Reps),
    ("product_line", Dictionary::Lines),
    ("kind", Dictionary::Kinds),
    ("contact_id", Dictionary::Contacts),
];

/// The columns of `table` that are read as codes: not in the lookup
/// tables, and never a table's own id (checked for duplicates as text).
pub(crate) fn encoded_columns(table: Table) -> impl Iterator<Item = (&'static str, Dictionary)> {
    let facts = !matches!(table, Table::Reps | Table::Products | Table::Accounts);
    COLUMNS.iter().copied().filter(move |(name, _)| {
        facts && table.id_column() != Some(*name) && table.columns().iter().any(|c| c.name == *name)
    })
}

/// Names in the order first seen, each with its code (its place).
#[derive(Debug, Clone, Default)]
struct Entries {
    names: Vec<Arc<str>>,
    position: HashMap<Arc<str>, u32>,
}

impl Entries {
    fn code(&mut self, name: &str) -> u32 {
        if let Some(&code) = self.position.get(name) {
            return code;
        }
        let code = self.names.len() as u32;
        let name: Arc<str> = Arc::from(name);
        self.names.push(name.clone());
        self.position.insert(name, code);
        code
    }
}

/// The dictionaries of a file, or of every file once joined.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    entries: [Entries; 4],
}

impl Names {
    /// The names of a dictionary, a code being an index.
    pub(crate) fn names(&self, dictionary: Dictionary) -> &[Arc<str>] {
        &self.entries[dictionary as usize].names
    }

    /// The code of `name`, added to the dictionary when new.
    pub(crate) fn code(&mut self, dictionary: Dictionary, name: &str) -> u32 {
        self.entries[dictionary as usize].code(name)
    }

    /// Replaces the name columns of a typed block of `table` by their codes
    /// (null stays null), adding new names to the dictionaries.
    pub(crate) fn encode(&mut self, frame: &mut DataFrame, table: Table) -> Result<()> {
        for (name, dictionary) in encoded_columns(table) {
            let Some(text) = frame.column(name).ok().and_then(|c| c.str().ok()) else {
                continue;
            };
            let entries = &mut self.entries[dictionary as usize];
            let codes: UInt32Chunked = text.iter().map(|t| t.map(|t| entries.code(t))).collect();
            frame
                .replace(name, codes.with_name(name.into()).into_column())
                .map_err(|e| Error::compute(table, "encoding names", e))?;
        }
        Ok(())
    }

    /// Adds a file's dictionaries to these and renumbers its frame's codes
    /// to match (a file read first keeps its codes).
    pub(crate) fn absorb(
        &mut self,
        file: &Names,
        frame: &mut DataFrame,
        table: Table,
    ) -> Result<()> {
        for (name, dictionary) in encoded_columns(table) {
            let theirs = file.names(dictionary);
            let renumbered: Vec<u32> = theirs.iter().map(|n| self.code(dictionary, n)).collect();
            if renumbered.iter().enumerate().all(|(i, c)| i as u32 == *c) {
                continue;
            }
            let Ok(codes) = frame.column(name).and_then(|c| c.u32().cloned()) else {
                continue;
            };
            let codes = codes.apply_values(|c| renumbered.get(c as usize).copied().unwrap_or(0));
            frame
                .replace(name, codes.with_name(name.into()).into_column())
                .map_err(|e| Error::compute(table, "joining names", e))?;
        }
        Ok(())
    }

    /// A name column of a table as ingestion reads it: text or codes.
    pub(crate) fn column<'a>(&'a self, frame: &DataFrame, name: &str) -> Result<NameColumn<'a>> {
        let column = frame
            .column(name)
            .map_err(|e| Error::compute(format!("column `{name}`"), "reading names", e))?;
        if let Ok(codes) = column.u32() {
            let dictionary = COLUMNS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, d)| *d)
                .ok_or_else(|| Error::Internal {
                    context: "reading names",
                    message: format!("column `{name}` holds codes of no dictionary"),
                })?;
            return Ok(NameColumn::Codes(codes.clone(), self.names(dictionary)));
        }
        column
            .str()
            .map(|t| NameColumn::Text(t.clone()))
            .map_err(|e| Error::compute(format!("column `{name}`"), "reading names", e))
    }

    /// `frame` with its codes turned back into text, for the tests and
    /// fuzz targets that compare tables.
    pub(crate) fn decode(&self, frame: &DataFrame, table: Table) -> Result<DataFrame> {
        let mut frame = frame.clone();
        for (name, _) in encoded_columns(table) {
            if let Ok(NameColumn::Codes(..)) = self.column(&frame, name) {
                let text: StringChunked = self.column(&frame, name)?.iter().collect();
                frame
                    .replace(name, text.with_name(name.into()).into_column())
                    .map_err(|e| Error::compute(table, "decoding names", e))?;
            }
        }
        Ok(frame)
    }
}

/// A column of names, as text or as codes into a dictionary.
pub(crate) enum NameColumn<'a> {
    Text(StringChunked),
    Codes(UInt32Chunked, &'a [Arc<str>]),
}

impl NameColumn<'_> {
    /// The name on `row`.
    pub(crate) fn get(&self, row: usize) -> Option<&str> {
        match self {
            NameColumn::Text(text) => text.get(row),
            NameColumn::Codes(codes, names) => codes.get(row).map(|c| &*names[c as usize]),
        }
    }

    /// Every row's name, in order.
    pub(crate) fn iter(&self) -> Box<dyn Iterator<Item = Option<&str>> + '_> {
        match self {
            NameColumn::Text(text) => Box::new(text.iter()),
            NameColumn::Codes(codes, names) => {
                Box::new(codes.iter().map(|c| c.map(|c| &*names[c as usize])))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(frame: &DataFrame, name: &str) -> Vec<Option<u32>> {
        frame.column(name).unwrap().u32().unwrap().iter().collect()
    }

    /// Two files name the same reps in other orders: each numbers them as
    /// first seen; joined, the second's codes follow the first's, and both
    /// read back as their text.
    #[test]
    fn files_number_names_as_seen_and_join_to_one_dictionary() {
        let mut first = df! {
            "rep" => [Some("Cy"), None, Some("Ann"), Some("Cy")],
            "product_line" => [Some("Grinders"), Some("Brewers"), None, Some("Grinders")],
            "amount" => [1.0, 2.0, 3.0, 4.0],
        }
        .unwrap();
        let mut second = df! {
            "rep" => [Some("Ann"), Some("Bo")],
            "product_line" => [Some("Brewers"), Some("Brewers")],
            "amount" => [5.0, 6.0],
        }
        .unwrap();
        let (mut a, mut b) = (Names::default(), Names::default());
        a.encode(&mut first, Table::Deals).unwrap();
        b.encode(&mut second, Table::Deals).unwrap();
        // Cy 0, Ann 1; Grinders 0, Brewers 1.
        assert_eq!(codes(&first, "rep"), [Some(0), None, Some(1), Some(0)]);
        assert_eq!(
            codes(&first, "product_line"),
            [Some(0), Some(1), None, Some(0)]
        );
        // Ann 0, Bo 1 in the second file alone.
        assert_eq!(codes(&second, "rep"), [Some(0), Some(1)]);

        let mut all = Names::default();
        all.absorb(&a, &mut first, Table::Deals).unwrap();
        all.absorb(&b, &mut second, Table::Deals).unwrap();
        assert_eq!(codes(&first, "rep"), [Some(0), None, Some(1), Some(0)]);
        // Joined: Ann is 1 as in the first file, Bo new at 2; Brewers 1.
        assert_eq!(codes(&second, "rep"), [Some(1), Some(2)]);
        assert_eq!(codes(&second, "product_line"), [Some(1), Some(1)]);
        let names: Vec<&str> = all.names(Dictionary::Reps).iter().map(|n| &**n).collect();
        assert_eq!(names, ["Cy", "Ann", "Bo"]);

        let reps = all.column(&second, "rep").unwrap();
        let reps: Vec<Option<&str>> = reps.iter().collect();
        assert_eq!(reps, [Some("Ann"), Some("Bo")]);
        assert_eq!(all.column(&first, "rep").unwrap().get(2), Some("Ann"));
        let text = all.decode(&first, Table::Deals).unwrap();
        let lines: Vec<Option<&str>> = text
            .column("product_line")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            lines,
            [Some("Grinders"), Some("Brewers"), None, Some("Grinders")]
        );
    }

    /// The lookup tables keep their text; the facts' name columns are codes.
    #[test]
    fn only_the_facts_are_encoded() {
        let columns = |t: Table| encoded_columns(t).map(|(n, _)| n).collect::<Vec<_>>();
        assert!(columns(Table::Reps).is_empty());
        assert!(columns(Table::Products).is_empty());
        assert!(columns(Table::Accounts).is_empty());
        assert_eq!(
            columns(Table::Activities),
            ["rep", "product_line", "kind", "contact_id"]
        );
        assert_eq!(columns(Table::Quotas), ["rep", "product_line"]);
        // The contacts' own ids stay text.
        assert_eq!(columns(Table::Contacts), ["rep"]);
    }
}
