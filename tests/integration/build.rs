//! `yardstick build` end to end on `tests/fixtures/tiny`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::{all_files, build_jan_feb, copy_fixture, fixture, read_metrics, text, yardstick};

/// Builds the tiny fixture for Jan–Feb 2024 into `<tmp>/site`.
fn build_tiny(tmp: &Path) -> PathBuf {
    build_tiny_with(tmp, &[])
}

fn build_tiny_with(tmp: &Path, extra: &[&str]) -> PathBuf {
    let out = tmp.join("site");
    let mut args = vec!["--out", out.to_str().unwrap(), "--as-of", "2024-02-29"];
    args.extend_from_slice(extra);
    let result = build_jan_feb(tmp, &fixture("tiny"), &args);
    assert!(result.status.success(), "{}", text(&result.stderr));
    out
}

#[test]
fn metrics_csv_holds_hand_computed_values() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_tiny(tmp.path());
    let metrics = read_metrics(&out.join("metrics.csv"));
    let row = |kind: &str, entity: &str, period: &str, standard: &str| {
        metrics
            .get(&(kind.into(), entity.into(), period.into(), standard.into()))
            .unwrap_or_else(|| panic!("no row {kind} {entity} {period} {standard}"))
            .clone()
    };
    let r = row("rep", "Ann", "2024-01", "quota_attainment");
    // 1000 won against a 2000 quota.
    assert_eq!(
        (&*r["numerator"], &*r["denominator"], &*r["value"]),
        ("1000", "2000", "0.5")
    );
    assert_eq!(
        (&*r["target"], &*r["attainment"], &*r["status"]),
        ("1", "0.5", "missed")
    );
    // North: (4000 + 2000) / (4000 + 4000).
    let r = row("territory", "North", "window", "quota_attainment");
    assert_eq!((&*r["value"], &*r["status"]), ("0.75", "missed"));
    // Company win rate: 5 won of 8 closed.
    let r = row("company", "company", "window", "win_rate");
    assert_eq!(
        (&*r["numerator"], &*r["denominator"], &*r["value"]),
        ("5", "8", "0.625")
    );
    // Ann follows up 1 of 3 due company leads; attainment 0.333333 / 0.9.
    let r = row("rep", "Ann", "window", "lead_follow_up");
    assert_eq!((&*r["value"], &*r["attainment"]), ("0.333333", "0.37037"));
    // No quota for the unlisted rep: no data, not missed.
    let r = row("rep", "Dan", "window", "quota_attainment");
    assert_eq!((&*r["value"], &*r["status"]), ("", "no_data"));

    // Every rep, territory and the company × every catalogue standard and
    // the overall score × Jan, Feb, window. The fixture names no product
    // lines, so there are no per-line rows.
    let entities: BTreeSet<_> = metrics.keys().map(|k| (k.0.clone(), k.1.clone())).collect();
    assert_eq!(entities.len(), 4 + 3 + 1);
    let standards: BTreeSet<_> = metrics.keys().map(|k| k.3.clone()).collect();
    // The default standard is the whole catalogue.
    let mut expected: BTreeSet<String> = yardstick::Config::default()
        .standards
        .iter()
        .map(|s| s.id.clone())
        .collect();
    expected.insert("overall".into());
    assert_eq!(standards, expected);
    assert_eq!(metrics.len(), 8 * 20 * 3);
    assert!(metrics.values().all(|r| r["product_line"].is_empty()));

    // The Parquet export holds the same rows, typed: Ann's follow-up
    // value unrounded (1 of 3), Dan's missing quota a null.
    use polars::prelude::*;
    let file = std::fs::File::open(out.join("metrics.parquet")).unwrap();
    let frame = ParquetReader::new(file).finish().unwrap();
    assert_eq!(frame.height(), 8 * 20 * 3);
    let names: Vec<&str> = frame
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(names, yardstick::METRIC_COLUMNS);
    let value_of = |entity: &str, standard: &str| {
        let pick = frame
            .clone()
            .lazy()
            .filter(
                col("entity")
                    .eq(lit(entity))
                    .and(col("period").eq(lit("window")))
                    .and(col("standard").eq(lit(standard))),
            )
            .collect()
            .unwrap();
        assert_eq!(pick.height(), 1, "{entity} {standard}");
        pick.column("value").unwrap().f64().unwrap().get(0)
    };
    assert_eq!(value_of("Ann", "lead_follow_up"), Some(1.0 / 3.0));
    assert_eq!(value_of("Dan", "quota_attainment"), None);
    // metrics.json only on request: 390 MB at 2,000 reps.
    assert!(!out.join("metrics.json").exists());
}

/// `--json` (or `json = true` under `[exports]`) adds metrics.json, the
/// same rows as objects.
#[test]
fn metrics_json_is_written_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_tiny_with(tmp.path(), &["--json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 8 * 20 * 3);
}

#[test]
fn one_page_per_rep_and_territory_and_every_link_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_tiny(tmp.path());
    let names = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(out.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names("reps"),
        ["ann.html", "bob.html", "cy.html", "dan.html"]
    );
    assert_eq!(
        names("territories"),
        ["north.html", "south.html", "unassigned.html"]
    );
    let mut checked = 0;
    for page in html_files(&out) {
        let html = std::fs::read_to_string(&page).unwrap();
        for target in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            assert!(
                !target.contains("://") && !target.starts_with("//"),
                "{}: external reference {target}",
                page.display()
            );
            let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let file = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            assert!(
                file.is_file(),
                "{}: link {target} leads nowhere",
                page.display()
            );
            if !fragment.is_empty() {
                let text = std::fs::read_to_string(&file).unwrap();
                assert!(
                    text.contains(&format!("id=\"{fragment}\"")),
                    "{}: no #{fragment} in {}",
                    page.display(),
                    file.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn pages_are_accessible_and_self_contained() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_tiny(tmp.path());
    for page in html_files(&out) {
        let html = std::fs::read_to_string(&page).unwrap();
        let name = page.display();
        // One h1, then h2 sections: no skipped heading level.
        assert_eq!(html.matches("<h1").count(), 1, "{name}");
        assert_eq!(
            html.matches("<h3").count() + html.matches("<h4").count(),
            0,
            "{name}"
        );
        // Every chart is an image with a title and a description, followed
        // by its data table.
        let charts = html.matches("class=\"chart\"").count();
        assert_eq!(html.matches("role=\"img\"").count(), charts, "{name}");
        assert_eq!(html.matches("<title id=").count(), charts, "{name}");
        assert_eq!(html.matches("<desc id=").count(), charts, "{name}");
        assert_eq!(html.matches("<details>").count(), charts, "{name}");
        // Nothing loaded from elsewhere, and a policy that forbids it.
        assert!(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            ),
            "{name}"
        );
        for needle in ["http://", "https://", "//cdn", "@import", "url("] {
            assert!(!html.contains(needle), "{name} contains {needle}");
        }
    }
    // Rep pages carry the four charts of the scorecard where data allows:
    // the tiny fixture has quotas, deals and leads, but no quotes.
    let ann = std::fs::read_to_string(out.join("reps/ann.html")).unwrap();
    assert_eq!(
        ann.matches("class=\"chart\"").count(),
        3,
        "won vs quota, funnel, response times"
    );
}

#[test]
fn rep_page_shows_its_numbers_and_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_tiny(tmp.path());
    let html = std::fs::read_to_string(out.join("reps/ann.html")).unwrap();
    assert!(html.contains("<h1>Ann</h1>"));
    assert!(html.contains("$4,000 won of $4,000"), "quota basis");
    assert!(html.contains("2 won of 3 closed"), "win-rate basis");
    assert!(html.contains("<svg viewBox=\"0 0 640 300\" width=\"100%\" role=\"img\" aria-labelledby=\"won-quota-title won-quota-desc\""));
    assert!(html.contains("Jan 2024: $1,000 / $2,000; Feb 2024: $3,000 / $2,000"));
    assert!(html.contains("<a href=\"../territories/north.html\">North</a>"));
    // Ann's overall score: quota 1.0 (weight 3), win rate capped 1.5, lead
    // follow-up 0.370370, pipeline coverage 0 (no open deals against 3 ×
    // 2000 of quota ahead): 4.870370 / 6 = 81.2%. Third of four by score
    // (Dan 150%, Cy 101.9%, Ann, Bob 65.7%), but Dan's and Cy's records
    // begin after the data's first month (Nov 2023), in Dec and Jan,
    // within three months of the as-of date (Feb 2024): ramping, not
    // ranked. So Ann is first of the two ranked.
    assert!(html.contains("<span class=\"big\">81.2%</span>"), "overall");
    assert!(html.contains("<span class=\"big\">1 / 2</span> in the company"));
}

#[test]
fn the_same_input_gives_a_byte_identical_site() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (out_a, out_b) = (build_tiny(a.path()), build_tiny(b.path()));
    let files_a = all_files(&out_a);
    assert_eq!(files_a, all_files(&out_b));
    for file in files_a {
        let x = std::fs::read(out_a.join(&file)).unwrap();
        let y = std::fs::read(out_b.join(&file)).unwrap();
        assert!(x == y, "{file} differs between two builds");
    }
}

#[test]
fn a_templates_folder_beside_the_config_overrides_the_embedded_one() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/rep.html"),
        "custom page for {{ page.name }}",
    )
    .unwrap();
    std::fs::write(tmp.path().join("yardstick.toml"), "title = \"Acme\"\n").unwrap();
    let data = copy_fixture("tiny", tmp.path());
    let result = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let rep = std::fs::read_to_string(tmp.path().join("output/reps/ann.html")).unwrap();
    assert_eq!(rep, "custom page for Ann\n");
    let index = std::fs::read_to_string(tmp.path().join("output/index.html")).unwrap();
    assert!(
        index.contains("<h1>Acme</h1>"),
        "config found in the working folder"
    );
}

#[test]
fn demo_then_build_gives_a_page_per_rep() {
    let tmp = tempfile::tempdir().unwrap();
    let result = yardstick(
        tmp.path(),
        &[
            "demo", "crm", "--reps", "7", "--months", "4", "--seed", "3", "--end", "2024-06",
        ],
    );
    assert!(result.status.success(), "{}", text(&result.stderr));
    let result = yardstick(tmp.path(), &["build", "crm"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let reps = std::fs::read_dir(tmp.path().join("output/reps"))
        .unwrap()
        .count();
    assert_eq!(reps, 7);
    // 7 reps → two territories (six reps to a territory).
    let territories = std::fs::read_dir(tmp.path().join("output/territories"))
        .unwrap()
        .count();
    assert_eq!(territories, 2);
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("window 2023-07 to 2024-06, data as of 2024-06-30"),
        "{stderr}"
    );
}

#[test]
fn init_writes_a_config_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let result = yardstick(tmp.path(), &["init"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let config = std::fs::read_to_string(tmp.path().join("yardstick.toml")).unwrap();
    assert!(config.contains("id = \"quota_attainment\""));
    assert!(config.contains("lead_follow_up_hours = 48"));
    // A second init refuses to overwrite (usage error, exit 2).
    let again = yardstick(tmp.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    let data = copy_fixture("tiny", tmp.path());
    let result = build_jan_feb(tmp.path(), &data, &[]);
    assert!(result.status.success(), "{}", text(&result.stderr));
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    all_files(dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| dir.join(f))
        .collect()
}

/// Values of `name="…"` attributes, entities decoded.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            let value = &rest[..rest.find('"').unwrap()];
            value.replace("&amp;", "&").replace("&#x2f;", "/")
        })
        .collect()
}

#[test]
fn a_reps_private_copy_holds_no_colleague() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("full");
    let result = build_jan_feb(tmp.path(), &data, &["--private"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let names = ["Ann", "Bob", "Cy"];
    for (slug, name) in [("ann", "Ann"), ("bob", "Bob"), ("cy", "Cy")] {
        let folder = tmp.path().join("output/private").join(slug);
        let files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files.len(), 1, "{slug}: only the rep's own page");
        let html = std::fs::read_to_string(folder.join(format!("{slug}.html"))).unwrap();
        assert!(html.contains(&format!("<h1>{name}</h1>")));
        for other in names.iter().filter(|n| **n != name) {
            assert!(
                !html.contains(&format!(">{other}<")) && !html.contains(&format!(" {other} ")),
                "{slug} names {other}"
            );
        }
        // No link leaves the page: only in-page anchors.
        for target in attribute_values(&html, "href") {
            assert!(target.starts_with('#'), "{slug}: link to {target}");
        }
    }
}

#[test]
fn a_larger_export_also_builds_byte_identical_sites() {
    // Big enough for polars to aggregate in parallel partitions, whose
    // floating-point sums once differed in the last bit between runs.
    let tmp = tempfile::tempdir().unwrap();
    let demo = yardstick(
        tmp.path(),
        &[
            "demo", "crm", "--reps", "40", "--months", "12", "--end", "2024-12",
        ],
    );
    assert!(demo.status.success());
    for out in ["a", "b"] {
        let result = yardstick(tmp.path(), &["build", "crm", "--out", out, "--quiet"]);
        assert!(result.status.success(), "{}", text(&result.stderr));
    }
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let files = all_files(&a);
    assert_eq!(files, all_files(&b));
    for file in files {
        assert!(
            std::fs::read(a.join(&file)).unwrap() == std::fs::read(b.join(&file)).unwrap(),
            "{file} differs"
        );
    }
}

#[test]
fn timings_list_every_stage_file_and_standard() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_jan_feb(tmp.path(), &fixture("full"), &["--timings", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix:?} in:\n{stderr}"))
    };
    // Stages in the order they run; the parts of a stage are indented
    // under it (files read and typed, each standard).
    let reading = at("  reading and checking files");
    let deals = at("    · reading deals.csv");
    let typed = at("    · typing deals.csv");
    let standards = at("  standards: every standard, in parallel");
    let win_rate = at("    · win_rate ");
    // The exports are written beside the page models and pages: one
    // stage, its three parts under it.
    let side_by_side = at("  pages and exports, side by side");
    let models = at("    · page models");
    let pages = at("    · charts and pages");
    let exports = at("    · exports");
    let total = at("  total");
    assert!(
        reading < deals && deals < typed && typed < standards,
        "{stderr}"
    );
    assert!(standards < win_rate && win_rate < side_by_side, "{stderr}");
    assert!(
        side_by_side < models && models < pages && pages < exports && exports < total,
        "{stderr}"
    );
    assert_eq!(total, lines.len() - 1, "{stderr}");
    // On Linux each stage's line ends with the memory held when it ended
    // and the peak so far ("…  587 MiB held,    747 MiB peak"): the peak
    // never falls from stage to stage and is never below what is held.
    if cfg!(target_os = "linux") {
        let mut peak_before = 0;
        let stages = lines[reading..total]
            .iter()
            .filter(|l| !l.starts_with("    "));
        for line in stages {
            let words: Vec<&str> = line.split_whitespace().collect();
            let n = words.len();
            assert!(n > 6, "{line}");
            assert_eq!(
                words[n - 5..],
                ["MiB", "held,", words[n - 3], "MiB", "peak"],
                "{line}"
            );
            let held: u64 = words[n - 6].parse().expect("MiB held");
            let peak: u64 = words[n - 3].parse().expect("MiB peak");
            assert!(held <= peak && peak_before <= peak, "{stderr}");
            peak_before = peak;
        }
        assert!(peak_before > 0, "{stderr}");
    }
    // --quiet drops the summary line, not the timings asked for.
    assert!(!stderr.contains("Wrote "), "{stderr}");
}

/// Issue 16: the replaced site is renamed aside and deleted in the
/// background once the new one is in place; within seconds nothing of it
/// is left, and a leftover from a run that could not delete its old site
/// is cleared by the next build.
#[test]
fn a_replaced_site_is_deleted_after_the_new_one_is_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_tiny(tmp.path());
    std::fs::write(out.join("stale.txt"), "from the first build").unwrap();
    let stale = tmp.path().join(".yardstick-old-site-abc123");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("index.html"), "an older site").unwrap();
    let out = build_tiny(tmp.path());
    assert!(out.join("index.html").is_file());
    assert!(
        !out.join("stale.txt").exists(),
        "the new site replaced the old"
    );
    assert_eq!(crate::leftovers(tmp.path()), Vec::<String>::new());
}
