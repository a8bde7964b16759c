//! Wall time per stage of a build, printed by `yardstick build --timings`
//! so anyone can see where time goes.

use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Timings {
    /// Stage, wall time, and whether it is a detail: part of the stage
    /// before it, run concurrently with its siblings, so not added to the
    /// total.
    entries: Vec<(String, Duration, bool)>,
}

impl Timings {
    /// Runs `f` and records its wall time under `stage`.
    pub fn time<T>(&mut self, stage: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.record(stage, start.elapsed());
        out
    }

    pub fn record(&mut self, stage: &str, elapsed: Duration) {
        self.entries.push((stage.to_string(), elapsed, false));
    }

    /// Records a part of the stage recorded just before (parts may run
    /// concurrently): listed under it, not counted again in the total.
    pub fn record_detail(&mut self, part: &str, elapsed: Duration) {
        self.entries.push((part.to_string(), elapsed, true));
    }

    pub fn total(&self) -> Duration {
        self.entries
            .iter()
            .filter(|(_, _, detail)| !detail)
            .map(|(_, d, _)| *d)
            .sum()
    }

    /// One line per stage: milliseconds and share of the total.
    pub fn report(&self) -> String {
        let total = self.total().as_secs_f64().max(f64::EPSILON);
        let width = self
            .entries
            .iter()
            .map(|(s, _, detail)| s.chars().count() + if *detail { 4 } else { 0 })
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (stage, d, detail) in &self.entries {
            if *detail {
                let pad = width - stage.chars().count() - 4;
                out.push_str(&format!(
                    "    · {stage}{} {:>9.1} ms\n",
                    " ".repeat(pad),
                    d.as_secs_f64() * 1000.0,
                ));
                continue;
            }
            let pad = width - stage.chars().count();
            out.push_str(&format!(
                "  {stage}{} {:>9.1} ms {:>5.1}%\n",
                " ".repeat(pad),
                d.as_secs_f64() * 1000.0,
                d.as_secs_f64() / total * 100.0
            ));
        }
        out.push_str(&format!(
            "  {:width$} {:>9.1} ms\n",
            "total",
            total * 1000.0
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_listed_with_their_share() {
        let mut t = Timings::default();
        t.record("ingest", Duration::from_millis(300));
        t.record("pages", Duration::from_millis(100));
        t.record_detail("rep", Duration::from_millis(70));
        t.record_detail("territory", Duration::from_millis(60));
        assert_eq!(t.time("noop", || 7), 7);
        let report = t.report();
        assert!(
            report.contains("  ingest            300.0 ms  75.0%"),
            "{report}"
        );
        assert!(
            report.contains("  pages             100.0 ms  25.0%"),
            "{report}"
        );
        // Concurrent parts are listed under their stage, outside the total.
        assert!(
            report.contains("\n    · rep            70.0 ms\n"),
            "{report}"
        );
        assert!(
            report.contains("\n    · territory      60.0 ms\n"),
            "{report}"
        );
        assert!(report.contains("  total             400.0 ms"), "{report}");
        assert!(
            report.lines().last().unwrap().starts_with("  total"),
            "{report}"
        );
    }
}
