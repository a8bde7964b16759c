//! What ingestion understood, as text for people: the report `check`
//! prints, and the `[tables]` and `[stages]` sections `init` writes into
//! yardstick.toml for the manager to correct.

use crate::model::{FileReport, FindingKind, InputReport, Severity};

/// How a file was understood: its CRM layout, or the lexicon's score.
fn layout(f: &FileReport) -> String {
    match &f.recognition {
        Some(why) => format!("read by column names, {why}"),
        None => format!("{} layout", f.crm),
    }
}

/// The text `check` prints: per table its files, counts and date range,
/// then every finding.
pub fn report(input: &InputReport) -> String {
    let mut s = String::new();
    for r in &input.tables {
        let range = r
            .date_range
            .map(|(a, b)| format!("{a} to {b}"))
            .unwrap_or_else(|| "no dates".into());
        s.push_str(&format!(
            "{:<11} {} read, {} rejected, {} duplicate; {range}\n",
            r.table.name(),
            r.rows_read,
            r.rows_rejected,
            r.rows_duplicate,
        ));
        for f in &r.files {
            s.push_str(&format!(
                "  {}: {} rows, {} rejected — {}; {}\n",
                f.file,
                f.rows_read,
                f.rows_rejected,
                layout(f),
                f.format
            ));
            for (canonical, source) in &f.mapping {
                let format = f
                    .value_formats
                    .iter()
                    .find(|(c, _)| c == canonical)
                    .map(|(_, v)| format!(" ({v})"))
                    .unwrap_or_default();
                s.push_str(&format!("    {canonical:<18} ← {source}{format}\n"));
            }
            if !f.ignored_columns.is_empty() {
                s.push_str(&format!("    ignored: {}\n", f.ignored_columns.join(", ")));
            }
        }
    }
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    s.push_str(&format!(
        "{} in {}\n",
        count(input.roster.reps.len(), "rep", "reps"),
        count(input.roster.territories().len(), "territory", "territories")
    ));
    if input.findings.is_empty() {
        s.push_str("No findings.\n");
    } else {
        s.push_str("Findings:\n");
        for f in &input.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            s.push_str(&format!("  {level}: {f}\n"));
        }
    }
    s
}

/// The `[tables]` and `[stages]` of what `init` found in the exports, for
/// the manager to check and correct: the config always wins over detection.
pub fn understood_toml(input: &InputReport) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from(
        "\n# ---------------------------------------------------------------------------\n\
         # What yardstick recognised in the exports. Correct anything it got wrong:\n\
         # these settings win over detection.\n",
    );
    let mut stages = std::collections::BTreeSet::new();
    let mut closed_stages = std::collections::BTreeSet::new();
    for r in &input.tables {
        for (i, f) in r.files.iter().enumerate() {
            out.push_str(&format!(
                "\n# {}: {} — {} ({}).\n",
                f.file,
                r.table,
                layout(f),
                f.format
            ));
            for (canonical, source) in &f.mapping {
                if !f.renames.iter().any(|(c, _)| c == canonical) {
                    out.push_str(&format!("#   {canonical} ← {source}\n"));
                }
            }
            stages.extend(f.unmapped_stages.iter().cloned());
            closed_stages.extend(f.closed_stages.iter().cloned());
            // A table's section can be written once; more files of it share it.
            if i > 0 {
                out.push_str(&format!(
                    "# (read as {} too; its section is above)\n",
                    r.table
                ));
                continue;
            }
            out.push_str(&format!(
                "[tables.{}]\nsource = {}\n",
                r.table,
                quote(&f.file)
            ));
            if let Some(order) = f.date_order {
                out.push_str(&format!("date_order = \"{}\"\n", order.key()));
            }
            if f.decimal.is_some() {
                out.push_str("decimal = \"comma\"\n");
            }
            if !f.renames.is_empty() {
                out.push_str(&format!("[tables.{}.columns]\n", r.table));
                for (canonical, header) in &f.renames {
                    out.push_str(&format!("{canonical} = {}\n", quote(header)));
                }
            }
        }
    }
    // The files it could not place, as `check` words them, so a manager
    // can give one its section instead of writing it from nothing.
    let unplaced: Vec<_> = input
        .findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::IgnoredFile | FindingKind::UnusableFile))
        .filter_map(|f| Some((f.file.as_deref()?, f.message.as_str())))
        .collect();
    if !unplaced.is_empty() {
        out.push_str(
            "\n# Files not read. To read one as a table, give it a section like those\n\
             # above: [tables.<table>] source = \"<file>\", and its [tables.<table>.columns].\n",
        );
        for (file, why) in unplaced {
            out.push_str(&format!("#   {file}: {why}\n"));
        }
    }
    if !stages.is_empty() {
        out.push_str(
            "\n# Stages nothing marks as won or lost; they count as open until mapped.\n[stages]\n",
        );
        for stage in &stages {
            out.push_str(&format!("{} = \"open\"\n", quote(stage)));
        }
    }
    if !closed_stages.is_empty() {
        if stages.is_empty() {
            out.push_str("\n[stages]\n");
        }
        out.push_str(
            "# Closed deals at these stages are neither won nor lost and count in no\n\
             # standard: say which each one is.\n",
        );
        for stage in closed_stages {
            out.push_str(&format!("# {} = \"won\"  # or \"lost\"\n", quote(&stage)));
        }
    }
    out
}
