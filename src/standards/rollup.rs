//! Parts → sums per rep, territory and company for each measured month,
//! then values for months, the window and trailing quarters. A territory's
//! sums are its reps' sums plus the parts owned by the territory itself;
//! the company's are everyone's.

use foldhash::{HashMap, HashMapExt};

use super::context::{Owner, Part};
use super::measures::{LineValue, Rollup};
use crate::model::Roster;
use crate::model::{EntityType, Month};

/// Numerator and denominator sums of every rep, territory and the company,
/// for the whole entity and each product line, per measured month (by the
/// month's position in `months`), in one dense array.
pub struct Sums {
    pub months: Vec<Month>,
    reps: HashMap<String, usize>,
    territories: HashMap<String, usize>,
    company: usize,
    /// Product line → slot; slot 0 is the whole entity.
    lines: HashMap<String, usize>,
    slots: usize,
    data: Vec<(f64, f64)>,
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
        let n = months.len();
        let index: HashMap<Month, usize> =
            months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let mut reps = HashMap::with_capacity(roster.reps.len());
        for (i, rep) in roster.reps.keys().enumerate() {
            reps.insert(rep.clone(), i);
        }
        let mut territories = HashMap::new();
        for (i, t) in roster.territories().into_iter().enumerate() {
            territories.insert(t.to_string(), reps.len() + i);
        }
        let company = reps.len() + territories.len();
        // Each rep's entity slot and their territory's.
        let rep_slots: HashMap<&str, (usize, usize)> = roster
            .reps
            .iter()
            .map(|(name, info)| (name.as_str(), (reps[name], territories[&info.territory])))
            .collect();
        let mut lines: HashMap<String, usize> = HashMap::new();
        for line in parts.iter().filter_map(|p| p.line.as_deref()) {
            if !lines.contains_key(line) {
                lines.insert(line.to_string(), lines.len() + 1);
            }
        }
        let slots = lines.len() + 1;
        let mut data = vec![(0.0, 0.0); (company + 1) * slots * n];
        for part in parts {
            let Some(&i) = index.get(&part.month) else {
                continue;
            };
            let (rep, territory) = match &part.owner {
                Owner::Rep(rep) => match rep_slots.get(&**rep) {
                    Some((r, t)) => (Some(*r), Some(*t)),
                    None => continue, // every rep in the facts is on the roster
                },
                // A territory without reps has no page, but its quota is
                // the company's (ingestion says so).
                Owner::Territory(t) => (None, territories.get(&**t).copied()),
            };
            let line = part.line.as_deref().map(|l| lines[l]);
            for slot in std::iter::once(0).chain(line) {
                for entity in rep.into_iter().chain(territory).chain([company]) {
                    let cell = &mut data[(entity * slots + slot) * n + i];
                    cell.0 += part.numerator;
                    cell.1 += part.denominator;
                }
            }
        }
        Sums {
            months,
            reps,
            territories,
            company,
            lines,
            slots,
            data,
        }
    }

    /// The positions of the months a span adds up.
    fn positions(&self, span: Span) -> std::ops::Range<usize> {
        let n = self.months.len();
        match span {
            Span::Month(i) => i..i + 1,
            Span::Trailing(i) => i.saturating_sub(2)..i + 1,
            Span::All => 0..n,
            Span::Last => n.saturating_sub(1)..n,
        }
    }

    /// Numerator and denominator of an entity (and line) over a span.
    pub fn get(
        &self,
        kind: EntityType,
        entity: &str,
        line: Option<&str>,
        span: Span,
    ) -> (f64, f64) {
        let entity = match kind {
            EntityType::Rep => self.reps.get(entity).copied(),
            EntityType::Territory => self.territories.get(entity).copied(),
            EntityType::Company => Some(self.company),
        };
        let slot = match line {
            None => Some(0),
            Some(l) => self.lines.get(l).copied(),
        };
        let (Some(entity), Some(slot)) = (entity, slot) else {
            return (0.0, 0.0);
        };
        let n = self.months.len();
        let sums =
            &self.data[(entity * self.slots + slot) * n..(entity * self.slots + slot + 1) * n];
        sums[self.positions(span)]
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
            (
                Rollup::LineShare {
                    per_line: LineValue::Count,
                    ..
                },
                None,
            ) if self.positions(span).len() > 1 => {
                // Lines counted month by month (issue 15, item 1): over
                // several months the whole value is the share of (month,
                // line) pairs that met the threshold — what the months say
                // together — never "every line at some time", which was
                // 100 % beside twelve missed months.
                let (mut meeting, mut counted) = (0.0, 0.0);
                for i in self.positions(span) {
                    let (_, m, c) = self.value(rollup, kind, entity, None, lines, Span::Month(i));
                    meeting += m;
                    counted += c;
                }
                ((counted > 0.0).then(|| meeting / counted), meeting, counted)
            }
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
            (Rollup::Ratio | Rollup::LineShare { .. }, _) => {
                let (num, den) = self.get(kind, entity, line, span);
                ((den > 0.0).then(|| num / den), num, den)
            }
        }
    }
}
