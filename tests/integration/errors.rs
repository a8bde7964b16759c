//! Bad input: clear errors, the right exit code, and no half-written site.

use crate::{build_jan_feb, copy_fixture, leftovers, text, yardstick};

#[test]
fn a_bad_date_makes_check_exit_1_naming_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    let deals = std::fs::read_to_string(data.join("deals.csv")).unwrap();
    // Line 4 of the file is D3; give it an impossible date.
    let deals = deals.replace(
        "D3,Ann,won,2024-01-02,2024-02-05",
        "D3,Ann,won,2024-01-02,2024-02-30",
    );
    std::fs::write(data.join("deals.csv"), deals).unwrap();

    let result = yardstick(tmp.path(), &["check", data.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stdout = text(&result.stdout);
    assert!(
        stdout.contains(
            "error: deals.csv, line 4, column `close_date`: expected a date like 2024-03-31, \
             found \"2024-02-30\"; the row was left out"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("deals       10 read, 1 rejected"),
        "{stdout}"
    );
}

#[test]
fn a_clean_folder_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    let result = yardstick(tmp.path(), &["check", data.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    assert!(
        stdout.contains("deals       10 read, 0 rejected, 0 duplicate; 2023-11-01 to 2024-02-20"),
        "{stdout}"
    );
    // Dan sells but is not in reps.csv: a warning, not an error.
    assert!(
        stdout.contains("warning: rep \"Dan\" appears in deals (1) but not in the reps table"),
        "{stdout}"
    );
}

#[test]
fn a_missing_required_column_fails_the_build_and_keeps_the_old_site() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    let ok = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let before = std::fs::read(tmp.path().join("output/index.html")).unwrap();

    let deals = std::fs::read_to_string(data.join("deals.csv")).unwrap();
    std::fs::write(
        data.join("deals.csv"),
        deals.replacen("outcome", "verdict", 1),
    )
    .unwrap();
    let result = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(
        stderr.starts_with("error: deals.csv: has no column `outcome`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "found columns: `deal_id`, `rep`, `verdict`, `created_on`, `close_date`, `amount`"
        ),
        "{stderr}"
    );
    // The previous site is whole, and no temporary folder is left behind.
    assert_eq!(
        std::fs::read(tmp.path().join("output/index.html")).unwrap(),
        before
    );
    let leftovers = leftovers(tmp.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A template of the user's that fails names their file and line and
/// shows that line — not minijinja's dump of the page's whole data (it
/// printed some 1,500 lines for one unknown filter) — and the build
/// stops with the previous site untouched, though the exports were being
/// written beside the pages when it failed.
#[test]
fn a_broken_template_of_the_users_is_named_with_its_line_and_keeps_the_old_site() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    std::fs::write(tmp.path().join("yardstick.toml"), "title = \"Acme\"\n").unwrap();
    let ok = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let before = std::fs::read(tmp.path().join("output/reps/ann.html")).unwrap();

    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/rep.html"),
        "<h1>{{ page.name }}</h1>\n<p>{{ page.name | shout }}</p>\n",
    )
    .unwrap();
    let result = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(
        text(&result.stderr),
        "error: templates/rep.html: line 2: unknown filter: filter shout is unknown \
         (your template overrides the built-in one: fix it, or delete it to use the \
         built-in one)\n  2 | <p>{{ page.name | shout }}</p>\n"
    );
    assert_eq!(
        std::fs::read(tmp.path().join("output/reps/ann.html")).unwrap(),
        before
    );
    let leftovers = leftovers(tmp.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_folder_yardstick_did_not_make_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    std::fs::create_dir(tmp.path().join("docs")).unwrap();
    std::fs::write(tmp.path().join("docs/thesis.txt"), "precious").unwrap();
    let result = yardstick(
        tmp.path(),
        &["build", data.to_str().unwrap(), "--out", "docs"],
    );
    assert_eq!(result.status.code(), Some(2));
    assert!(text(&result.stderr).contains("exists and was not made by yardstick"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("docs/thesis.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_bad_config_names_the_key_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    std::fs::write(
        tmp.path().join("yardstick.toml"),
        "title = \"x\"\n\n[scoring]\nnear = 1.2\n",
    )
    .unwrap();
    let result = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("yardstick.toml"), "{stderr}");
    assert!(stderr.contains("line 4"), "{stderr}");
    assert!(
        stderr.contains("expected a number from 0 to 1, found 1.2"),
        "{stderr}"
    );
    assert!(!tmp.path().join("output").exists());
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let result = yardstick(tmp.path(), &["build", "--from", "2024-13"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(text(&result.stderr).contains("expected a month like 2024-03, found \"2024-13\""));
}

#[test]
fn no_deals_file_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    std::fs::remove_file(data.join("deals.csv")).unwrap();
    let result = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("holds no deals file"));
}

#[test]
fn the_data_quality_page_says_what_was_rejected_and_what_it_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("full", tmp.path());
    let mut deals = std::fs::read_to_string(data.join("deals.csv")).unwrap();
    // Line 10: F1 again; line 11: an amount that is not a number; line 12:
    // a product line the products table does not know.
    deals.push_str("F1,Ann,Acme,Alpha,won,2023-12-01,2024-01-10,1000,2024-01-10 12:00\n");
    deals.push_str("F9,Ann,Acme,Alpha,won,2024-01-01,2024-01-12,lots,2024-01-12 12:00\n");
    deals.push_str("F10,Cy,Core,Gamma,won,2024-01-01,2024-01-15,700,2024-01-15 12:00\n");
    std::fs::write(data.join("deals.csv"), deals).unwrap();
    let result = build_jan_feb(tmp.path(), &data, &[]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains("1 row(s) were rejected and left out"));
    let page = std::fs::read_to_string(tmp.path().join("output/data-quality.html")).unwrap();
    let row = |needle: &str| {
        page.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no finding with {needle}"))
            .to_string()
    };
    let bad = row("found &quot;lots&quot;");
    assert!(bad.contains("<td>deals.csv, line 11, amount</td>"), "{bad}");
    assert!(bad.contains("expected a number like 1250.50"), "{bad}");
    // Deals feed these standards of the default catalogue.
    assert!(
        bad.contains("<td>Quota attainment, Pipeline coverage, Win rate, CRM freshness, Product breadth, Forecast accuracy</td>"),
        "{bad}"
    );
    let duplicate = row("repeat a `deal_id`");
    assert!(
        duplicate.contains("1 row(s) repeat a `deal_id` seen before (e.g. &quot;F1&quot;)"),
        "{duplicate}"
    );
    let gamma = row("&quot;Gamma&quot;");
    assert!(
        gamma.contains("appears in 1 deals row(s) but not in the products table"),
        "{gamma}"
    );
    // Counts per table (named in words): 11 deal rows read, 1 rejected, 1 duplicate dropped.
    assert!(page.contains("<tr><th scope=\"row\">Deals</th><td>deals.csv</td><td class=\"num\">11</td><td class=\"num\">1</td><td class=\"num\">1</td>"));
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    // A first site from the tiny fixture, then builds of a larger export
    // killed after various delays: each time, output/ must be a whole site
    // (the old one or the new one), never missing or half-written.
    let tmp = tempfile::tempdir().unwrap();
    let tiny = copy_fixture("tiny", tmp.path());
    assert!(yardstick(tmp.path(), &["build", tiny.to_str().unwrap()])
        .status
        .success());
    let demo = yardstick(
        tmp.path(),
        &[
            "demo", "big", "--reps", "30", "--months", "12", "--end", "2024-12",
        ],
    );
    assert!(demo.status.success());
    let whole = |label: &str| {
        let out = tmp.path().join("output");
        assert!(out.join(".yardstick-site").is_file(), "{label}: marker");
        let index = std::fs::read_to_string(out.join("index.html"))
            .unwrap_or_else(|_| panic!("{label}: index.html"));
        assert!(
            index.trim_end().ends_with("</html>"),
            "{label}: index.html cut short"
        );
        for part in index.split("href=\"").skip(1) {
            let target = &part[..part.find('"').unwrap()];
            if !target.starts_with('#') {
                assert!(out.join(target).is_file(), "{label}: {target} missing");
            }
        }
        assert!(
            out.join("metrics.parquet").is_file(),
            "{label}: metrics.parquet"
        );
    };
    // Delays spread over the build (debug build of this export: ~1–2 s).
    for (i, delay_ms) in [5u64, 40, 120, 300, 600, 900, 1300, 1800]
        .iter()
        .enumerate()
    {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yardstick"))
            .current_dir(tmp.path())
            .args(["build", "big", "--quiet"])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(*delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        whole(&format!("kill {i} after {delay_ms} ms"));
    }
    // The next build clears what the killed ones left and takes the lock.
    let result = yardstick(tmp.path(), &["build", "big", "--quiet"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    whole("final build");
    let leftovers = leftovers(tmp.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
