//! Integration tests: the real `yardstick` binary on small fixtures.

mod build;
mod crm;
mod datasets;
mod errors;
mod hostile;
mod reading;
mod second_round;
mod snapshots;
mod wild;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs the binary in `cwd` (a temp dir, so no stray yardstick.toml is
/// picked up) with `args`.
pub fn yardstick(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yardstick"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder `data` in a fresh temporary folder holding `files`.
pub fn data_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("data")).unwrap();
    for (name, content) in files {
        std::fs::write(tmp.path().join("data").join(name), content).unwrap();
    }
    tmp
}

/// Copies a fixture folder so a test can change it.
pub fn copy_fixture(name: &str, to: &Path) -> PathBuf {
    let dest = to.join(name);
    std::fs::create_dir_all(&dest).unwrap();
    for entry in std::fs::read_dir(fixture(name)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dest.join(entry.file_name())).unwrap();
    }
    dest
}

/// metrics.csv keyed by (entity_type, entity, period, standard), each row
/// as column → value.
pub fn read_metrics(
    path: &Path,
) -> HashMap<(String, String, String, String), HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: HashMap<String, String> = headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            let key = (
                row["entity_type"].clone(),
                row["entity"].clone(),
                row["period"].clone(),
                row["standard"].clone(),
            );
            (key, row)
        })
        .collect()
}

/// Every file under `dir`, as sorted relative paths.
pub fn all_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    files.sort();
    files
}

/// `build DATA --from 2024-01 --to 2024-02`, plus `extra` flags: the window
/// every fixture is written for.
pub fn build_jan_feb(cwd: &Path, data: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        data.to_str().unwrap(),
        "--from",
        "2024-01",
        "--to",
        "2024-02",
    ];
    args.extend_from_slice(extra);
    yardstick(cwd, &args)
}

/// Temporary folders and lock files a build left in `dir`. A replaced
/// site (`.yardstick-old-…`) is deleted in the background after the build
/// exits: it is given ten seconds to go.
pub fn leftovers(dir: &Path) -> Vec<String> {
    let list = || -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".yardstick"))
            .collect()
    };
    for _ in 0..100 {
        let now = list();
        if !now.iter().any(|n| n.starts_with(".yardstick-old-")) {
            return now;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    list()
}
