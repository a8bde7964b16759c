//! Wall time per stage of a build, printed by `yardstick build --timings`
//! so anyone can see where time goes — and, on Linux, how many cores the
//! stage kept busy, the memory the process held when it ended and its
//! peak so far, so the stage that sets the peak, or leaves a core idle,
//! is known from one run, not guessed.

use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Timings {
    /// Stage or part, and its wall time.
    entries: Vec<(String, Duration, Entry)>,
}

/// What a timed entry is.
#[derive(Debug)]
enum Entry {
    /// A stage, with the process's memory and CPU time when it ended,
    /// where the system says.
    Stage(Option<Usage>),
    /// Part of the stage before it, run concurrently with its siblings, so
    /// not added to the total.
    Detail,
}

/// Resident memory when a stage ended, the process's peak so far, and the
/// CPU time all its threads had used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Usage {
    /// Bytes resident (`VmRSS`).
    resident: u64,
    /// The most bytes ever resident (`VmHWM`).
    peak: u64,
    /// User and system time of all threads.
    cpu: Duration,
}

impl Usage {
    /// The process's resident and peak resident set (`VmRSS`, `VmHWM` in
    /// `/proc/self/status`) and CPU time (`/proc/self/stat`); `None` where
    /// there are no such files.
    fn now() -> Option<Usage> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        Usage::parse(&status, &stat)
    }

    fn parse(status: &str, stat: &str) -> Option<Usage> {
        // After the parenthesised command name: state is field 3, user and
        // system time fields 14 and 15, in clock ticks of 1/100 s (Linux
        // reports USER_HZ, which is 100, whatever the kernel's tick).
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
        let cpu = Duration::from_millis((ticks(14)? + ticks(15)?) * 10);
        let kib = |key: &str| -> Option<u64> {
            let line = status.lines().find(|l| l.starts_with(key))?;
            let digits = line[key.len()..].trim().trim_end_matches("kB").trim();
            digits.parse::<u64>().ok().map(|k| k * 1024)
        };
        Some(Usage {
            resident: kib("VmRSS:")?,
            peak: kib("VmHWM:")?,
            cpu,
        })
    }
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
        self.record_with(stage, elapsed, Usage::now());
    }

    /// [`Timings::record`] with the usage given, not read.
    fn record_with(&mut self, stage: &str, elapsed: Duration, usage: Option<Usage>) {
        self.entries
            .push((stage.to_string(), elapsed, Entry::Stage(usage)));
    }

    /// Records a part of the stage recorded just before (parts may run
    /// concurrently): listed under it, not counted again in the total.
    pub fn record_detail(&mut self, part: &str, elapsed: Duration) {
        self.entries
            .push((part.to_string(), elapsed, Entry::Detail));
    }

    pub fn total(&self) -> Duration {
        self.entries
            .iter()
            .filter(|(_, _, entry)| matches!(entry, Entry::Stage(_)))
            .map(|(_, d, _)| *d)
            .sum()
    }

    /// One line per stage: milliseconds, share of the total, and (where
    /// known) the cores it kept busy on average (CPU time over wall time)
    /// and the resident and peak memory in MiB when it ended.
    pub fn report(&self) -> String {
        let total = self.total().as_secs_f64().max(f64::EPSILON);
        let width = self
            .entries
            .iter()
            .map(|(s, _, entry)| match entry {
                Entry::Stage(_) => s.chars().count(),
                Entry::Detail => s.chars().count() + 4,
            })
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        let mut cpu_before = Duration::ZERO;
        for (stage, d, entry) in &self.entries {
            let Entry::Stage(usage) = entry else {
                let pad = width - stage.chars().count() - 4;
                out.push_str(&format!(
                    "    · {stage}{} {:>9.1} ms\n",
                    " ".repeat(pad),
                    d.as_secs_f64() * 1000.0,
                ));
                continue;
            };
            let pad = width - stage.chars().count();
            out.push_str(&format!(
                "  {stage}{} {:>9.1} ms {:>5.1}%",
                " ".repeat(pad),
                d.as_secs_f64() * 1000.0,
                d.as_secs_f64() / total * 100.0
            ));
            if let Some(m) = usage {
                const MIB: u64 = 1024 * 1024;
                let cpu = m.cpu.saturating_sub(cpu_before);
                cpu_before = m.cpu;
                // CPU time is counted in 10 ms ticks: a shorter stage's
                // share of cores would be noise.
                let cores = if *d >= Duration::from_millis(50) {
                    format!("{:>4.1} cores", cpu.as_secs_f64() / d.as_secs_f64())
                } else {
                    " ".repeat(10)
                };
                out.push_str(&format!(
                    "  {cores}  {:>6} MiB held, {:>6} MiB peak",
                    m.resident / MIB,
                    m.peak / MIB
                ));
            }
            out.push('\n');
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
        const MIB: u64 = 1024 * 1024;
        let usage = |resident, peak, cpu| {
            Some(Usage {
                resident: resident * MIB,
                peak: peak * MIB,
                cpu: Duration::from_millis(cpu),
            })
        };
        t.record_with("ingest", Duration::from_millis(300), usage(700, 900, 540));
        t.record_with("pages", Duration::from_millis(100), usage(1200, 1500, 640));
        t.record_detail("rep", Duration::from_millis(70));
        t.record_detail("territory", Duration::from_millis(60));
        t.record_with("short", Duration::ZERO, usage(1200, 1500, 700));
        t.record_with("noop", Duration::ZERO, None);
        let report = t.report();
        assert!(
            report.contains(
                "  ingest            300.0 ms  75.0%   1.8 cores     700 MiB held,    900 MiB peak\n"
            ),
            "{report}"
        );
        assert!(
            report.contains(
                "  pages             100.0 ms  25.0%   1.0 cores    1200 MiB held,   1500 MiB peak\n"
            ),
            "{report}"
        );
        // Too short to tell its cores by 10 ms ticks; memory still said.
        assert!(
            report.contains(
                "  short               0.0 ms   0.0%                1200 MiB held,   1500 MiB peak\n"
            ),
            "{report}"
        );
        // Where the system does not say, the line ends at the share.
        assert!(
            report.contains("  noop                0.0 ms   0.0%\n"),
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
        assert_eq!(t.time("timed", || 7), 7);
    }

    #[test]
    fn usage_is_read_from_the_proc_files() {
        let status = "Name:\tyardstick\nVmHWM:\t  900000 kB\nVmRSS:\t  700000 kB\n";
        // A command name with a space and a parenthesis; utime 250, stime 30.
        let stat = "4242 (york (1) x) R 1 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 3 0";
        assert_eq!(
            Usage::parse(status, stat),
            Some(Usage {
                resident: 700_000 * 1024,
                peak: 900_000 * 1024,
                cpu: Duration::from_millis(2_800),
            })
        );
        assert_eq!(Usage::parse("Name:\tyardstick\n", stat), None);
        assert_eq!(Usage::parse(status, "4242 (york) R 1"), None);
    }
}
