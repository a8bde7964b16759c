//! What ingestion understood, as text for people: the report `check`
//! prints, and the `[tables]` and `[stages]` sections `init` writes into
//! yardstick.toml for the manager to correct.

use crate::model::{FileReport, FindingKind, InputReport, Severity};

/// A TOML basic string: quotes, backslashes and every control character
/// (a newline in a stage or file name) escaped, so what `init` writes
/// always parses back to the same text.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a `#` comment: a control character would end the comment and
/// start a line of TOML, so each is written as its escape.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|ch| {
            if ch.is_control() {
                ch.escape_default().to_string()
            } else {
                ch.to_string()
            }
        })
        .collect()
}

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
    let quote = |s: &str| toml_string(s);
    let c = |s: &str| comment_safe(s);
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
                c(&f.file),
                r.table,
                c(&layout(f)),
                c(&f.format)
            ));
            for (canonical, source) in &f.mapping {
                if !f.renames.iter().any(|(r, _)| r == canonical) {
                    out.push_str(&format!("#   {canonical} ← {}\n", c(source)));
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
            // `source` is a glob: a `[` or `*` in the name is meant literally.
            out.push_str(&format!(
                "[tables.{}]\nsource = {}\n",
                r.table,
                quote(&globset::escape(&f.file))
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
        .filter_map(|f| Some((f.file.as_deref()?, f.message.to_string())))
        .collect();
    if !unplaced.is_empty() {
        out.push_str(
            "\n# Files not read. To read one as a table, give it a section like those\n\
             # above: [tables.<table>] source = \"<file>\", and its [tables.<table>.columns].\n",
        );
        for (file, why) in unplaced {
            out.push_str(&format!("#   {}: {}\n", c(file), c(&why)));
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
