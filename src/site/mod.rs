//! View models → HTML files. The whole site is written into a temporary
//! folder beside the output and swapped in only when every file is written,
//! so a failed build leaves the previous site untouched.
//!
//! Entry point: [`write`].

pub mod export;
mod parquet;
pub mod templates;

use std::path::{Path, PathBuf};

use minijinja::{context, Environment, Value};
use rayon::prelude::*;

use crate::charts;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::fs;
use crate::report::format::Formatter;
use crate::report::{Page, SiteModel};
use crate::standards::MetricTable;
use crate::timings::Timings;

/// Marks a folder as a yardstick site, so a rebuild may replace it. A
/// folder without it (and not empty) is never deleted.
const MARKER: &str = ".yardstick-site";

/// What was written.
pub(crate) struct Written<T> {
    pub pages: usize,
    /// What the pages were made from (the caller's page models).
    pub made: T,
}

/// The parts of the pages' side of [`write`] and how long each took.
pub(crate) type Parts = Vec<(&'static str, std::time::Duration)>;

/// Writes the site into a temporary folder beside the configured output
/// folder and swaps it into place. `pages` writes the pages into the
/// folder it is given (noting its parts' times) and says how many; the
/// exports are written beside it meanwhile, on their own thread — they
/// need only the metric table, and the page models and pages alone left
/// a core a third idle.
pub(crate) fn write<T>(
    metrics: &MetricTable,
    config: &Config,
    timings: &mut Timings,
    pages: impl FnOnce(&Path, &mut Parts) -> Result<(usize, T)>,
) -> Result<Written<T>> {
    let out = through_link(&config.out)?;
    let out = out.as_path();
    check_replaceable(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let _lock = BuildLock::take(&parent, out)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_leftovers(&parent, &name);
    let staging = tempfile::Builder::new()
        .prefix(&format!(".yardstick-build-{name}-"))
        .tempdir_in(&parent)
        .map_err(fs::io_error("create a temporary folder in", &parent))?;
    let dir = staging.path();
    let start = std::time::Instant::now();
    let mut parts = Parts::new();
    let (made, exported) = std::thread::scope(|scope| {
        let exports = scope.spawn(|| {
            let start = std::time::Instant::now();
            write_exports(metrics, config, dir).map(|()| start.elapsed())
        });
        let made = pages(dir, &mut parts);
        let exported = exports
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (made, exported)
    });
    let (count, made) = made?;
    let exported = exported?;
    timings.record("pages and exports, side by side", start.elapsed());
    for (part, took) in parts {
        timings.record_detail(part, took);
    }
    timings.record_detail("exports", exported);
    fs::write(
        &dir.join(MARKER),
        b"Built by yardstick; this folder is replaced on every build.\n",
    )?;
    timings.time("swap into place", || swap_into_place(staging, out, &parent))?;
    Ok(Written { pages: count, made })
}

/// Every page (the company's, each territory's and rep's, the data
/// quality page) rendered into `dir`; returns how many.
pub(crate) fn render_pages(
    model: &SiteModel,
    config: &Config,
    dir: &Path,
    on_page: &(dyn Fn() + Sync),
    private: bool,
) -> Result<usize> {
    let env = templates::environment(config.templates_dir.clone());
    let fmt = Formatter::new(config.language, &config.currency);
    // The pages' one script, allowed by its hash in the Content-Security-
    // Policy: no other script, inline or injected, can run.
    let overrides = config.templates_dir.as_deref();
    let script = render(&env, overrides, "sort.js", context! {})?;
    let script = script.trim_end().to_string();
    let script_hash = csp_hash(&script);
    for folder in ["reps", "territories"] {
        fs::create_dir_all(&dir.join(folder))?;
    }
    // What every page shows alike (the site's labels in the page's
    // language, the window), made template values once, not per page.
    let meta = Value::from_serialize(&model.meta);
    let labels = Value::from_serialize(&model.meta.t);
    // Every page is independent of the others: render them in parallel.
    let jobs: Vec<(&str, &Page)> = std::iter::once(("index.html", &model.company))
        .chain(model.territories.iter().map(|p| ("territory.html", p)))
        .chain(model.reps.iter().map(|p| ("rep.html", p)))
        .collect();
    jobs.par_iter()
        .map(|(template, page)| {
            let charts = page
                .charts
                .iter()
                .map(|c| Ok(context! { data => c, svg => Value::from_safe_string(charts::bar_chart(c, &fmt)?) }))
                .collect::<Result<Vec<Value>>>()?;
            let sparks: Vec<Value> = page
                .standards
                .iter()
                .map(|s| Value::from_safe_string(charts::sparkline(&s.spark, s.spark_target)))
                .collect();
            let page_html = |private: bool| {
                render(
                    &env,
                    overrides,
                    template,
                    context! {
                        meta => &meta,
                        t => &labels,
                        page => page,
                        charts => charts.clone(),
                        sparks => sparks.clone(),
                        script => Value::from_safe_string(script.clone()),
                        script_hash => &script_hash,
                        private => private,
                    },
                )
            };
            fs::write(&dir.join(&page.path), page_html(false)?.as_bytes())?;
            // A rep's private copy: the same page without links to anyone
            // else's, alone in its folder, to hand to that rep.
            if private && page.kind == "rep" {
                let html = page_html(true)?;
                let slug = page.path.trim_start_matches("reps/").trim_end_matches(".html");
                let folder = dir.join("private").join(slug);
                fs::create_dir_all(&folder)?;
                fs::write(&folder.join(format!("{slug}.html")), html.as_bytes())?;
            }
            on_page();
            Ok(())
        })
        .collect::<Result<Vec<()>>>()?;
    let quality = render(
        &env,
        overrides,
        "data-quality.html",
        context! {
            meta => &meta,
            t => &labels,
            page => &model.quality,
            script => Value::from_safe_string(script.clone()),
            script_hash => &script_hash,
            private => false,
        },
    )?;
    fs::write(&dir.join(&model.quality.path), quality.as_bytes())?;
    on_page();
    Ok(jobs.len() + 1)
}

/// `metrics.csv` and `metrics.parquet` (and `metrics.json` on request)
/// written into `dir`, each on its own thread.
fn write_exports(metrics: &MetricTable, config: &Config, dir: &Path) -> Result<()> {
    let stream = |name: &str,
                  write: &(dyn Fn(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>
                        + Sync)| {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .and_then(|file| {
                let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
                write(&mut out)?;
                std::io::Write::flush(&mut out)
            })
            .map_err(fs::io_error("write", &path))
    };
    // metrics.json only on request: at 2,000 reps it is 390 MB, three
    // times the CSV, and a tool reads the Parquet file faster than
    // either (issue 16).
    let (csv, (parquet, json)) = rayon::join(
        || stream("metrics.csv", &|out| export::write_csv(&metrics.rows, out)),
        || {
            rayon::join(
                || parquet::write_parquet(&metrics.rows, &dir.join("metrics.parquet")),
                || match config.json_export {
                    true => stream("metrics.json", &|out| {
                        export::write_json(&metrics.rows, out)
                    }),
                    false => Ok(()),
                },
            )
        },
    );
    csv?;
    parquet?;
    json
}

/// `sha256-<base64>` of a script, for a Content-Security-Policy.
fn csp_hash(script: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(script.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Renders `template`; `overrides` is the user's templates folder, to
/// tell a template of theirs that fails from one built in.
fn render(
    env: &Environment,
    overrides: Option<&Path>,
    template: &str,
    ctx: Value,
) -> Result<String> {
    let failed = |e| template_error(e, overrides);
    let tpl = env.get_template(template).map_err(failed)?;
    let mut html = tpl.render(ctx).map_err(failed)?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

/// A template that fails to load or render. One from the user's
/// `templates/` folder is theirs to fix: the file, the line and what is
/// wrong there — not minijinja's dump of the page's data, thousands of
/// lines for a typo. One built in is a bug.
fn template_error(e: minijinja::Error, overrides: Option<&Path>) -> Error {
    let name = e.name().unwrap_or_default().to_string();
    let theirs = overrides
        .map(|dir| dir.join(&name))
        .filter(|path| !name.is_empty() && path.is_file());
    let Some(path) = theirs else {
        return Error::Internal {
            context: "rendering a page",
            message: format!("template {name}: {e}"),
        };
    };
    let what = match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    let (at, source) = match e.line() {
        Some(n) => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let line = text.lines().nth(n.saturating_sub(1)).unwrap_or_default();
            (
                format!("line {n}: "),
                format!("\n  {n} | {}", line.trim_end()),
            )
        }
        None => (String::new(), String::new()),
    };
    Error::Config {
        path,
        message: format!(
            "{at}{what} (your template overrides the built-in one: fix it, or delete it \
             to use the built-in one){source}"
        ),
    }
}

/// One build at a time per output folder: a kernel lock (`flock`) on a
/// file beside it, which dies with the process that holds it — a build
/// killed with SIGKILL leaves nothing that blocks the next, whatever
/// process ids are reused. The file holds the builder's id, for the
/// message only.
struct BuildLock {
    path: PathBuf,
    /// Held open: closing it (on drop, after the file is removed) unlocks.
    _file: std::fs::File,
}

impl BuildLock {
    fn take(parent: &Path, out: &Path) -> Result<BuildLock> {
        use std::io::Write;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = parent.join(format!(".yardstick-{name}.lock"));
        // A holder removes the file before it unlocks: a lock won on a file
        // no longer at `path` is no lock, so try again on the new one.
        for _ in 0..8 {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(fs::io_error("create the lock file", &path))?;
            match file.try_lock() {
                Ok(()) => {
                    if !still_at(&file, &path) {
                        continue;
                    }
                    let _ = file.set_len(0);
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(BuildLock { path, _file: file });
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let pid = std::fs::read_to_string(&path).unwrap_or_default();
                    return Err(Error::Locked {
                        out: out.to_path_buf(),
                        pid: pid.trim().to_string(),
                    });
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(fs::io_error("lock", &path)(source))
                }
            }
        }
        Err(Error::Usage(format!(
            "could not lock {} for building",
            out.display()
        )))
    }
}

/// True when `path` still names the open `file`.
fn still_at(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Temporary folders left by killed builds of this output; safe to delete
/// while we hold its lock.
fn remove_leftovers(parent: &Path, out_name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let (build, old) = (
        format!(".yardstick-build-{out_name}-"),
        format!(".yardstick-old-{out_name}-"),
    );
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if (name.starts_with(&build) || name.starts_with(&old))
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The folder a site goes into: `out` itself, or, when `out` is a symlink
/// (`output → /var/www/scorecards`), the folder it points to, so the link
/// keeps pointing at the new site. A link to nothing is refused before
/// anything is written.
fn through_link(out: &Path) -> Result<PathBuf> {
    match std::fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(out).map_err(|_| {
            let target = std::fs::read_link(out).unwrap_or_default();
            Error::Usage(format!(
                "{} is a link to {}, which does not exist; create that folder, or choose \
                 another --out",
                out.display(),
                target.display()
            ))
        }),
        _ => Ok(out.to_path_buf()),
    }
}

/// Refuses to replace a folder that yardstick did not make.
fn check_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let usage = |why: &str| Error::Usage(format!("{}: {why}; choose another --out", out.display()));
    if !out.is_dir() {
        return Err(usage("is a file, not a folder"));
    }
    let empty = std::fs::read_dir(out)
        .map_err(fs::io_error("read", out))?
        .next()
        .is_none();
    if empty || out.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(usage(
            "exists and was not made by yardstick, so it will not be replaced",
        ))
    }
}

/// Moves the finished site into place. On Linux the two folders are
/// exchanged in one atomic step, so at every instant `out` is the old site
/// or the new one; elsewhere the old site is moved aside first. The old
/// site, renamed `.yardstick-old-…`, is deleted off the critical path
/// (issue 16: 1 s at 2,000 reps): by a detached `rm`, or else by the next
/// build's [`remove_leftovers`].
fn swap_into_place(staging: tempfile::TempDir, out: &Path, parent: &Path) -> Result<()> {
    let staged = staging.keep();
    if !out.exists() {
        return std::fs::rename(&staged, out).map_err(fs::io_error("move the new site into", out));
    }
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, &staged, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the previous site: named as old, so that
            // the next build clears it if the removal below cannot run.
            let suffix = staged
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let suffix = suffix.rsplit('-').next().unwrap_or("site");
            let old = parent.join(format!(".yardstick-old-{name}-{suffix}"));
            match std::fs::rename(&staged, &old) {
                Ok(()) => remove_in_background(&old),
                Err(_) => remove_in_background(&staged),
            }
            return Ok(());
        }
    }
    let old = tempfile::Builder::new()
        .prefix(&format!(".yardstick-old-{name}-"))
        .tempdir_in(parent)
        .map_err(fs::io_error("create a temporary folder in", parent))?;
    let old_path = old.path().join("site");
    std::fs::rename(out, &old_path).map_err(fs::io_error("move aside", out))?;
    if let Err(source) = std::fs::rename(&staged, out) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old_path, out);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(fs::io_error("move the new site into", out)(source));
    }
    remove_in_background(&old.keep());
    Ok(())
}

/// Deletes a folder without waiting for it: a detached `rm -rf`, which
/// outlives this process (a thread reaps it if this process lives on, as
/// a library caller's does). Where there is no `rm`, the folder is deleted
/// here and now.
fn remove_in_background(folder: &Path) {
    let spawned = std::process::Command::new("rm")
        .arg("-rf")
        .arg("--")
        .arg(folder)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(_) => {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csp_hash_is_the_sha256_of_the_script() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }
}
