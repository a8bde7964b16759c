//! Exports as they come from the wild (issue 13): an auxiliary file that
//! is not what it looks like never stops a build; a layout no profile
//! knows is read from `[tables.deals.columns]` and `[stages]` alone; the
//! stage map applies to every layout. Expected values are worked out by
//! hand from the rows written here.

use std::path::Path;

use crate::{build_jan_feb, copy_fixture, data_with, read_metrics, text, yardstick};

/// `(numerator, denominator)` of a metric row of the site in `out`.
fn parts(out: &Path, kind: &str, entity: &str, period: &str, standard: &str) -> (f64, f64) {
    let metrics = read_metrics(&out.join("metrics.csv"));
    let r = metrics
        .get(&(kind.into(), entity.into(), period.into(), standard.into()))
        .unwrap_or_else(|| panic!("no row {kind} {entity} {period} {standard}"));
    (
        r["numerator"].parse().unwrap(),
        r["denominator"].parse().unwrap(),
    )
}

#[test]
fn an_auxiliary_file_that_is_not_its_table_is_skipped_and_the_build_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    // Named like the accounts table, but without its `account` column; a
    // products file without product lines.
    std::fs::write(
        data.join("accounts.csv"),
        "Account Name,Industry\nAcme,Retail\n",
    )
    .unwrap();
    std::fs::write(data.join("products.csv"), "Product,Sales_Price\nGTX,550\n").unwrap();
    let check = yardstick(tmp.path(), &["check", data.to_str().unwrap()]);
    let stdout = text(&check.stdout);
    assert!(
        stdout.contains(
            "warning: accounts.csv: has no column `account`, which the accounts table needs"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("skipped: only deals are required, so the build goes on without this file"),
        "{stdout}"
    );
    // A products file without lines: each product is its own line.
    assert!(
        stdout.contains(
            "info: 1 product(s) in the products table have no product line: each is its own line"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("products    1 read, 0 rejected"),
        "{stdout}"
    );
    let out = tmp.path().join("site");
    let build = build_jan_feb(tmp.path(), &data, &["--out", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    // The deals alone still give the scorecards: Ann won D1 (1000) of D1,
    // D2 closed in January.
    assert_eq!(parts(&out, "rep", "Ann", "2024-01", "win_rate"), (1.0, 2.0));
}

#[test]
fn a_deals_file_named_as_deals_still_stops_the_build_without_its_columns() {
    let tmp = data_with(&[("deals.csv", "deal_id,rep,close_date\nD1,Ann,2024-01-10\n")]);
    let build = yardstick(tmp.path(), &["build", "data"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(
        text(&build.stderr).contains("deals.csv: has no column `outcome`"),
        "{}",
        text(&build.stderr)
    );
}

#[test]
fn an_unknown_layout_is_read_from_the_column_map_and_the_stage_map_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("exports");
    std::fs::create_dir(&data).unwrap();
    // Headers no profile or lexicon entry knows, stage words no vocabulary
    // has, a file name that names no table.
    std::fs::write(
        data.join("export_2024.csv"),
        "Vorgang;Bearbeitet von;Lage;Gebucht;Wert in Euro\n\
         V1;Jana;Unterschrieben;2024-01-10;1000\n\
         V2;Jana;Abgesagt;2024-01-20;500\n\
         V3;Jana;Unterschrieben;2024-02-05;3000\n\
         V4;Olaf;Abgesagt;2024-01-15;800\n\
         V5;Olaf;Verhandlung;2024-03-01;2000\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("yardstick.toml"),
        "from = \"2024-01\"\nto = \"2024-02\"\n\n\
         [tables.deals.columns]\n\
         deal_id = \"Vorgang\"\nrep = \"Bearbeitet von\"\noutcome = \"Lage\"\n\
         close_date = \"Gebucht\"\namount = \"Wert in Euro\"\n\n\
         [stages]\n\"Unterschrieben\" = \"won\"\n\"Abgesagt\" = \"lost\"\n\"Verhandlung\" = \"open\"\n",
    )
    .unwrap();
    let build = yardstick(tmp.path(), &["build", "exports", "--out", "site"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let out = tmp.path().join("site");
    // Jana: V1 won, V2 lost in January; V3 won in February.
    assert_eq!(
        parts(&out, "rep", "Jana", "2024-01", "win_rate"),
        (1.0, 2.0)
    );
    assert_eq!(parts(&out, "rep", "Jana", "window", "win_rate"), (2.0, 3.0));
    // Olaf: V4 lost; V5 still open. Company: 2 won of 4 closed.
    assert_eq!(parts(&out, "rep", "Olaf", "window", "win_rate"), (0.0, 1.0));
    assert_eq!(
        parts(&out, "company", "company", "window", "win_rate"),
        (2.0, 4.0)
    );
}

#[test]
fn the_stage_map_applies_to_a_canonical_outcome_column() {
    let tmp = data_with(&[(
        "deals.csv",
        "deal_id,rep,outcome,close_date,amount\n\
             D1,Ann,Closed Won,2024-01-10,1000\n\
             D2,Ann,Signed,2024-01-12,400\n\
             D3,Ann,lost,2024-01-20,500\n\
             D4,Ann,Pending,2024-01-25,700\n",
    )]);
    std::fs::write(
        tmp.path().join("yardstick.toml"),
        "[stages]\n\"Signed\" = \"won\"\n",
    )
    .unwrap();
    let check = yardstick(tmp.path(), &["check", "data"]);
    // "Pending" is neither a known word nor mapped: open, and listed.
    assert!(
        text(&check.stdout).contains(
            "stages counted as open because nothing marks them won or lost: \"Pending\" (1)"
        ),
        "{}",
        text(&check.stdout)
    );
    let build = yardstick(
        tmp.path(),
        &["build", "data", "--from", "2024-01", "--to", "2024-01"],
    );
    assert!(build.status.success(), "{}", text(&build.stderr));
    // Won: D1 (vocabulary) and D2 (map); lost: D3. 2 of 3 closed, 1,400 won.
    let out = tmp.path().join("output");
    assert_eq!(parts(&out, "rep", "Ann", "2024-01", "win_rate"), (2.0, 3.0));
    assert_eq!(
        parts(&out, "rep", "Ann", "2024-01", "quota_attainment").0,
        1400.0
    );
}

#[test]
fn deals_without_an_owner_column_say_so_on_every_page() {
    // A HubSpot API dump that carries no owner property.
    let tmp = data_with(&[(
        "deals.csv",
        "HS_OBJECT_ID,AMOUNT,CLOSEDATE,DEALSTAGE\n\
             1,100,2024-01-10,closedwon\n2,50,2024-01-12,closedlost\n",
    )]);
    let check = yardstick(tmp.path(), &["check", "data"]);
    assert!(
        text(&check.stdout).contains(
            "no owner column: every row is scored under the rep \"(no owner)\", so reps cannot \
             be told apart; name the owner's column under [tables.deals.columns] (rep = \"…\") \
             in yardstick.toml"
        ),
        "{}",
        text(&check.stdout)
    );
    let build = yardstick(tmp.path(), &["build", "data"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let notice = "The deals export has no owner column: every deal is scored under one rep, \
                  “(no owner)”, so reps cannot be told apart.";
    let out = tmp.path().join("output");
    for page in [
        "index.html",
        "data-quality.html",
        "reps/no-owner.html",
        "territories/unassigned.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(notice), "{page}");
    }
    // Both deals still count: one won of two closed.
    assert_eq!(
        parts(&out, "company", "company", "2024-01", "win_rate"),
        (1.0, 2.0)
    );
}

#[test]
fn init_lists_the_files_it_could_not_place_in_the_words_check_uses() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    std::fs::write(data.join("notes.csv"), "colour,size\nred,9\n").unwrap();
    std::fs::write(
        data.join("accounts.csv"),
        "Account Name,Industry\nAcme,Retail\n",
    )
    .unwrap();
    let init = yardstick(tmp.path(), &["init", ".", "--data", data.to_str().unwrap()]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let config = std::fs::read_to_string(tmp.path().join("yardstick.toml")).unwrap();
    assert!(
        config.contains(
            "# Files not read. To read one as a table, give it a section like those\n\
             # above: [tables.<table>] source = \"<file>\", and its [tables.<table>.columns].\n"
        ),
        "{config}"
    );
    assert!(
        config.contains(
            "#   notes.csv: not recognised as any CRM export yardstick knows (headers \"colour\", \"size\"…)"
        ),
        "{config}"
    );
    assert!(
        config
            .contains("#   accounts.csv: has no column `account`, which the accounts table needs"),
        "{config}"
    );
    // The same words as check.
    let check = text(&yardstick(tmp.path(), &["check", data.to_str().unwrap()]).stdout);
    assert!(
        check.contains("info: notes.csv: not recognised as any CRM export yardstick knows"),
        "{check}"
    );
    // And what init wrote builds.
    let build = yardstick(tmp.path(), &["build", data.to_str().unwrap()]);
    assert!(build.status.success(), "{}", text(&build.stderr));
}

#[test]
fn of_two_headers_that_differ_only_in_case_the_first_with_values_is_read() {
    // An API dump beside a UI column of the same name, left empty.
    let tmp = data_with(&[(
        "deals.csv",
        "deal_id,rep,outcome,close_date,amount,AMOUNT\n\
             D1,Ann,won,2024-01-10,,1000\nD2,Ann,won,2024-01-12,,250\nD3,Ann,lost,2024-01-20,,90\n",
    )]);
    let check = text(&yardstick(tmp.path(), &["check", "data"]).stdout);
    assert!(
        check.contains(
            "warning: deals.csv: headers \"AMOUNT\" and \"amount\" differ only in case; read \
             \"AMOUNT\", the first with values"
        ),
        "{check}"
    );
    assert!(check.contains("amount             ← \"AMOUNT\""), "{check}");
    let build = yardstick(
        tmp.path(),
        &["build", "data", "--from", "2024-01", "--to", "2024-01"],
    );
    assert!(build.status.success(), "{}", text(&build.stderr));
    // Won: 1,000 + 250.
    assert_eq!(
        parts(
            &tmp.path().join("output"),
            "rep",
            "Ann",
            "2024-01",
            "quota_attainment"
        )
        .0,
        1250.0
    );
}

#[test]
fn calls_and_tasks_exports_are_activities_by_their_names_and_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    // Layouts no profile knows; the file names say what they hold.
    std::fs::write(
        data.join("Calls_export.csv"),
        "Assigned To;Call Date;Duration\n\
         Ann;2024-01-08 10:00;5\nAnn;2024-01-09 11:00;7\nBob;2024-02-01 09:30;3\n",
    )
    .unwrap();
    std::fs::write(
        data.join("crm_tasks.csv"),
        "Subject,Task Owner,Due Date,Status\nSend offer,Ann,2024-01-15,Done\n",
    )
    .unwrap();
    let check = text(&yardstick(tmp.path(), &["check", data.to_str().unwrap()]).stdout);
    assert!(check.contains("activities  4 read, 0 rejected"), "{check}");
    assert!(
        check.contains("kind               ← always \"call\""),
        "{check}"
    );
    assert!(
        check.contains("kind               ← always \"task\""),
        "{check}"
    );
    let out = tmp.path().join("site");
    let build = build_jan_feb(tmp.path(), &data, &["--out", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    // Ann: two calls and a task in January.
    assert_eq!(parts(&out, "rep", "Ann", "2024-01", "crm_activity").0, 3.0);
    assert_eq!(parts(&out, "rep", "Bob", "2024-02", "crm_activity").0, 1.0);
}

#[test]
fn owner_ids_resolve_through_a_users_export_in_any_layout() {
    // Deals owned by ids; a users export no profile knows, named as one.
    let tmp = data_with(&[
        (
            "deals.csv",
            "deal_id,rep,outcome,close_date,amount\n\
             D1,u1,won,2024-01-10,1000\nD2,u1,lost,2024-01-12,500\nD3,u2,won,2024-01-20,300\n",
        ),
        (
            "team_members.csv",
            "User ID;First Name;Last Name;Active\nu1;Ann;Lee;yes\nu2;Bo;Ray;yes\n",
        ),
    ]);
    let check = text(&yardstick(tmp.path(), &["check", "data"]).stdout);
    assert!(
        check.contains("rep                ← \"First Name\" + \"Last Name\""),
        "{check}"
    );
    assert!(
        check.contains("3 owner ids resolved to rep names through the users in the reps table"),
        "{check}"
    );
    let build = yardstick(
        tmp.path(),
        &["build", "data", "--from", "2024-01", "--to", "2024-01"],
    );
    assert!(build.status.success(), "{}", text(&build.stderr));
    let out = tmp.path().join("output");
    assert_eq!(
        parts(&out, "rep", "Ann Lee", "2024-01", "win_rate"),
        (1.0, 2.0)
    );
    assert_eq!(
        parts(&out, "rep", "Bo Ray", "2024-01", "win_rate"),
        (1.0, 1.0)
    );
}

#[test]
fn accounts_are_matched_by_id_or_by_name_and_read_in_any_layout() {
    // A report names accounts; the accounts export has ids, names and a
    // region, in a layout no profile knows. No reps file: each rep takes
    // the territory of the accounts they sell to.
    let tmp = data_with(&[
        (
            "deals.csv",
            "deal_id,rep,account,outcome,close_date,amount\n\
             D1,Ann,Acme GmbH,won,2024-01-10,1000\nD2,Bob,Beta SA,won,2024-01-12,500\n",
        ),
        (
            "Companies.csv",
            "Company ID,Company Name,Sales Region\nC1,Acme GmbH,North\nC2,Beta SA,South\n",
        ),
    ]);
    let check = text(&yardstick(tmp.path(), &["check", "data"]).stdout);
    assert!(check.contains("accounts    2 read"), "{check}");
    assert!(check.contains("2 reps in 2 territories"), "{check}");
    let build = yardstick(
        tmp.path(),
        &["build", "data", "--from", "2024-01", "--to", "2024-01"],
    );
    assert!(build.status.success(), "{}", text(&build.stderr));
    let out = tmp.path().join("output");
    assert_eq!(
        parts(&out, "territory", "North", "2024-01", "quota_attainment").0,
        1000.0
    );
    assert_eq!(
        parts(&out, "territory", "South", "2024-01", "quota_attainment").0,
        500.0
    );
}

#[test]
fn check_says_which_table_an_unrecognised_file_came_nearest_and_what_it_lacked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    std::fs::write(
        data.join("pipeline_export.csv"),
        "Opportunity Owner,Stage,Probability\nAnn,Proposal,50\n",
    )
    .unwrap();
    let check = text(&yardstick(tmp.path(), &["check", data.to_str().unwrap()]).stdout);
    assert!(
        check.contains(
            "ignored. Nearest table: deals (it has rep, stage, outcome; it lacks a close date, \
             an amount). Name it after its table"
        ),
        "{check}"
    );
}

/// Files whose names say nothing are read by their headers and values:
/// Dutch deals, English leads and a calls file each go to their table, a
/// file whose "Close" holds yes and no is no deals file and `check` says
/// why.
#[test]
fn files_are_read_by_score_whatever_their_names() {
    let tmp = data_with(&[
        (
            "export1.csv",
            "Eigenaar;Fase;Sluitingsdatum;Bedrag\n\
             Ann;Won;15-1-2024;1.000,00\n\
             Ann;Lost;20-1-2024;500,00\n\
             Bob;Won;3-2-2024;2.000,00\n",
        ),
        (
            "export2.csv",
            "Lead Owner,Lead Source,Created Date,Lead Status\n\
             Ann,Web,2024-01-05,Open\n\
             Bob,Fair,2024-02-07,Qualified\n",
        ),
        (
            "Calls.csv",
            "Subject,Assigned To,Due Date\nIntro,Ann,2024-01-09\nFollow-up,Bob,2024-02-12\n",
        ),
        (
            "export3.csv",
            "Owner,Stage,Close,Amount\nAnn,Won,yes,100\nBob,Open,no,200\nCy,Lost,no,300\n",
        ),
    ]);
    let data = tmp.path().join("data");
    let check = yardstick(tmp.path(), &["check", data.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let out = text(&check.stdout);
    // Deals: owner 1, stage 1, outcome (from the stage) 2, close date 2,
    // amount 2; dates and money read (+2): 10.
    assert!(
        out.contains("export1.csv: 3 rows, 0 rejected — read by column names, score 10;"),
        "{out}"
    );
    // Leads: owner 2, created 2, source 1, status 1; dates read (+1): 7.
    assert!(
        out.contains("export2.csv: 2 rows, 0 rejected — read by column names, score 7;"),
        "{out}"
    );
    // Calls: owner 2, time 2, kind from the name 2; dates (+1); name (+3): 10.
    assert!(
        out.contains(
            "Calls.csv: 2 rows, 0 rejected — read by column names, score 10, its name says so;"
        ),
        "{out}"
    );
    assert!(
        out.contains("kind               ← always \"call\""),
        "{out}"
    );
    assert!(
        out.contains(
            "export3.csv: not recognised as any CRM export yardstick knows (headers \"Owner\", \
             \"Stage\", \"Close\", \"Amount\"…); ignored. Nearest table: deals (it has rep, stage, \
             outcome, amount; it lacks a close date; \"Close\" is named like a close date but its \
             values are not)."
        ),
        "{out}"
    );
    // The deals give Ann one win in two closed (1 / 2), Bob one in one.
    let site = tmp.path().join("site");
    let build = build_jan_feb(tmp.path(), &data, &["--out", site.to_str().unwrap()]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert_eq!(parts(&site, "rep", "Ann", "window", "win_rate"), (1.0, 2.0));
    assert_eq!(parts(&site, "rep", "Bob", "window", "win_rate"), (1.0, 1.0));
}
