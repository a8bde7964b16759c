//! The second round of hostile input (issue 14): each test is named after
//! the item of the issue it holds to, and failed before its fix.

use crate::{copy_fixture, text, yardstick};

/// Item 1: a data folder (or config file) inside `--out` would be deleted
/// when the site is replaced: refused with exit 2, nothing touched.
#[test]
fn item_1_inputs_inside_the_output_folder_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    let site = tmp.path().join("site");
    let first = yardstick(
        tmp.path(),
        &[
            "build",
            data.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert!(first.status.success(), "{}", text(&first.stderr));
    // The exports moved into the site folder, then built into it.
    let inside = site.join("exports");
    std::fs::rename(&data, &inside).unwrap();
    let again = yardstick(tmp.path(), &["build", "site/exports", "--out", "site"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains("lies inside the output folder site"),
        "{}",
        text(&again.stderr)
    );
    assert!(inside.join("deals.csv").is_file(), "the exports are gone");
    // Through a symlink to the output folder, too.
    std::os::unix::fs::symlink(&inside, tmp.path().join("link")).unwrap();
    let linked = yardstick(tmp.path(), &["build", "link", "--out", "site"]);
    assert_eq!(linked.status.code(), Some(2), "{}", text(&linked.stderr));
    assert!(inside.join("deals.csv").is_file());
    // A config file inside it.
    std::fs::rename(&inside, &data).unwrap();
    std::fs::write(site.join("yardstick.toml"), "title = \"Mine\"\n").unwrap();
    let config = yardstick(
        tmp.path(),
        &[
            "build",
            data.to_str().unwrap(),
            "--out",
            "site",
            "--config",
            "site/yardstick.toml",
        ],
    );
    assert_eq!(config.status.code(), Some(2), "{}", text(&config.stderr));
    assert!(site.join("yardstick.toml").is_file());
}

/// Item 2: `demo` into a folder of real exports would overwrite them:
/// refused unless `--force`.
#[test]
fn item_2_demo_does_not_overwrite_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("exports");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("deals.csv"), "mine\n").unwrap();
    let args = [
        "demo", "exports", "--reps", "2", "--months", "1", "--end", "2024-01",
    ];
    let refused = yardstick(tmp.path(), &args);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("already holds deals.csv, which the demo would overwrite"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("deals.csv")).unwrap(),
        "mine\n"
    );
    let forced = yardstick(tmp.path(), &[&args[..], &["--force"]].concat());
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(std::fs::read_to_string(dir.join("deals.csv"))
        .unwrap()
        .starts_with("deal_id,"));
}

/// Item 18: a lock file left by a killed build names a process id that may
/// be alive again (PID 1 in a container): the lock is the kernel's, so
/// the file alone blocks nothing, while a build really running still does.
#[test]
fn item_18_a_stale_lock_file_with_a_live_pid_does_not_block() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_fixture("tiny", tmp.path());
    std::fs::write(tmp.path().join(".yardstick-site.lock"), "1").unwrap();
    let build = yardstick(
        tmp.path(),
        &["build", data.to_str().unwrap(), "--out", "site"],
    );
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert!(tmp.path().join("site/index.html").is_file());
    assert!(!tmp.path().join(".yardstick-site.lock").exists());
    // A held lock still refuses, naming the holder's id.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp.path().join(".yardstick-site.lock"))
        .unwrap();
    file.lock().unwrap();
    std::fs::write(tmp.path().join(".yardstick-site.lock"), "4242").unwrap();
    let blocked = yardstick(
        tmp.path(),
        &["build", data.to_str().unwrap(), "--out", "site"],
    );
    assert_eq!(blocked.status.code(), Some(2), "{}", text(&blocked.stderr));
    assert!(
        text(&blocked.stderr).contains("another yardstick build (process 4242)"),
        "{}",
        text(&blocked.stderr)
    );
}
