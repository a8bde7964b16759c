//! Parts → sums per rep, territory and company for each measured month,
//! then values for months, the window and trailing quarters. A territory's
//! sums are its reps' sums plus the parts owned by the territory itself;
//! the company's are everyone's.

use std::collections::HashMap;

use super::context::{Owner, Part};
use super::measures::{LineValue, Rollup};
use super::COMPANY;
use crate::ingest::Roster;
use crate::model::{EntityType, Month};

/// (entity type, entity, product line): whose sums.
type Key = (EntityType, String, Option<String>);

/// (entity type, entity, product line) → (numerator, denominator) per
/// measured month, by the month's position in `months`.
pub struct Sums {
    pub months: Vec<Month>,
    map: HashMap<Key, Vec<(f64, f64)>>,
}

/// Which months a period adds up.
#[derive(Debug, Clone, Copy)]
pub enum Span {
    /// One month, by position.
    Month(usize),
    /// The month and the two before it.
    Trailing(usize),
    /// Every measured month.
    All,
    /// The last measured month (snapshot standards' window).
    Last,
}

impl Sums {
    pub fn new(parts: &[Part], roster: &Roster, months: Vec<Month>) -> Sums {
        let index: HashMap<Month, usize> =
            months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let territories = roster.territories();
        let mut map: HashMap<Key, Vec<(f64, f64)>> = HashMap::new();
        let n = months.len();
        for part in parts {
            let Some(&i) = index.get(&part.month) else {
                continue;
            };
            let (rep, territory) = match &part.owner {
                Owner::Rep(rep) => (Some(rep.as_str()), roster.territory_of(rep)),
                Owner::Territory(t) => match territories.get(t.as_str()) {
                    Some(t) => (None, *t),
                    None => continue, // a territory without reps has no page
                },
            };
            let mut add = |kind: EntityType, entity: &str, line: Option<&String>| {
                let sums = map
                    .entry((kind, entity.to_string(), line.cloned()))
                    .or_insert_with(|| vec![(0.0, 0.0); n]);
                sums[i].0 += part.numerator;
                sums[i].1 += part.denominator;
            };
            let lines = [None, part.line.as_ref()];
            for line in lines.iter().take(if part.line.is_some() { 2 } else { 1 }) {
                if let Some(rep) = rep {
                    add(EntityType::Rep, rep, *line);
                }
                add(EntityType::Territory, territory, *line);
                add(EntityType::Company, COMPANY, *line);
            }
        }
        Sums { months, map }
    }

    /// Numerator and denominator of an entity (and line) over a span.
    pub fn get(
        &self,
        kind: EntityType,
        entity: &str,
        line: Option<&str>,
        span: Span,
    ) -> (f64, f64) {
        let Some(sums) = self
            .map
            .get(&(kind, entity.to_string(), line.map(str::to_string)))
        else {
            return (0.0, 0.0);
        };
        let range = match span {
            Span::Month(i) => i..i + 1,
            Span::Trailing(i) => i.saturating_sub(2)..i + 1,
            Span::All => 0..sums.len(),
            Span::Last => sums.len().saturating_sub(1)..sums.len(),
        };
        sums[range]
            .iter()
            .fold((0.0, 0.0), |acc, s| (acc.0 + s.0, acc.1 + s.1))
    }

    /// The value, numerator and denominator of a whole entity (`line` None)
    /// or one product line, over a span, under a standard's rollup.
    pub fn value(
        &self,
        rollup: Rollup,
        kind: EntityType,
        entity: &str,
        line: Option<&str>,
        lines: &[String],
        span: Span,
    ) -> (Option<f64>, f64, f64) {
        match (rollup, line) {
            (Rollup::LineShare { threshold, .. }, None) => {
                // Whole value: the share of lines reaching the threshold.
                let mut meeting = 0.0;
                let mut counted = 0.0;
                for l in lines {
                    // A line without a denominator (no quota units, or no
                    // active month) is not counted either way.
                    if let (Some(v), _, _) = self.value(rollup, kind, entity, Some(l), lines, span)
                    {
                        counted += 1.0;
                        if v >= threshold {
                            meeting += 1.0;
                        }
                    }
                }
                ((counted > 0.0).then(|| meeting / counted), meeting, counted)
            }
            (
                Rollup::LineShare {
                    per_line: LineValue::Count,
                    ..
                },
                Some(_),
            ) => {
                // The denominator counts active months: a count is only
                // measured while someone was there to do it.
                let (num, den) = self.get(kind, entity, line, span);
                ((den > 0.0).then_some(num), num, den)
            }
            (Rollup::Accuracy, _) => {
                let (num, den) = self.get(kind, entity, line, span);
                let v = (den > 0.0).then(|| (1.0 - (num - den).abs() / den).max(0.0));
                (v, num, den)
            }
            (Rollup::Ratio | Rollup::LineShare { .. }, _) => {
                let (num, den) = self.get(kind, entity, line, span);
                ((den > 0.0).then(|| num / den), num, den)
            }
        }
    }
}
