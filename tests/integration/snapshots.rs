//! The text users read, as snapshots (insta): what `check` prints for two
//! fixtures, and the whole message of representative errors with their
//! exit code. A change to any of them shows as a diff to review, never as
//! a silently different message. Review with `cargo insta review`, or run
//! with `INSTA_UPDATE=always` and read the diff of `snapshots/`.

use std::path::Path;

use crate::{copy_fixture, data_with, fixture, text, yardstick};

/// `yardstick ARGS` in `cwd`: exit code, stdout and stderr as one text.
fn run(cwd: &Path, args: &[&str]) -> String {
    let out = yardstick(cwd, args);
    let mut s = format!("exit code: {:?}\n", out.status.code());
    if !out.stdout.is_empty() {
        s.push_str("--- stdout\n");
        s.push_str(&text(&out.stdout));
    }
    if !out.stderr.is_empty() {
        s.push_str("--- stderr\n");
        s.push_str(&text(&out.stderr));
    }
    s
}

#[test]
fn check_on_the_tiny_fixture() {
    let tmp = tempfile::tempdir().unwrap();
    copy_fixture("tiny", tmp.path());
    insta::assert_snapshot!(run(tmp.path(), &["check", "tiny"]));
}

#[test]
fn check_on_a_salesforce_report() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("crm/salesforce-report");
    insta::assert_snapshot!(run(tmp.path(), &["check", data.to_str().unwrap()]));
}

#[test]
fn error_a_canonical_file_without_a_required_column() {
    let tmp = data_with(&[(
        "deals.csv",
        "deal_id,rep,close_date,amount\nD1,Ann,2024-01-10,1000\n",
    )]);
    insta::assert_snapshot!(run(tmp.path(), &["build", "data"]));
}

#[test]
fn error_a_folder_without_deals() {
    let tmp = data_with(&[("reps.csv", "rep,territory\nAnn,North\n")]);
    insta::assert_snapshot!(run(tmp.path(), &["build", "data"]));
}

#[test]
fn error_an_unknown_key_in_the_config() {
    let tmp = tempfile::tempdir().unwrap();
    copy_fixture("tiny", tmp.path());
    std::fs::write(
        tmp.path().join("yardstick.toml"),
        "title = \"Scorecards\"\n\n[rules]\nstale_dayz = 30\n",
    )
    .unwrap();
    insta::assert_snapshot!(run(tmp.path(), &["build", "tiny"]));
}

#[test]
fn error_a_window_that_ends_before_it_starts() {
    let tmp = tempfile::tempdir().unwrap();
    copy_fixture("tiny", tmp.path());
    insta::assert_snapshot!(run(
        tmp.path(),
        &["build", "tiny", "--from", "2024-05", "--to", "2024-01"]
    ));
}

#[test]
fn error_an_output_folder_yardstick_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    copy_fixture("tiny", tmp.path());
    std::fs::create_dir(tmp.path().join("mine")).unwrap();
    std::fs::write(tmp.path().join("mine/notes.txt"), "keep me").unwrap();
    insta::assert_snapshot!(run(tmp.path(), &["build", "tiny", "--out", "mine"]));
}

#[test]
fn error_dates_that_could_be_day_or_month_first() {
    let tmp = data_with(&[(
        "deals.csv",
        "deal_id,rep,outcome,close_date,amount\n\
         D1,Ann,won,01/02/2024,1000\nD2,Ann,lost,03/04/2024,500\n",
    )]);
    insta::assert_snapshot!(run(tmp.path(), &["build", "data"]));
}
