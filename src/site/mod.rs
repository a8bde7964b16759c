//! View models → HTML files. The whole site is written into a temporary
//! folder beside the output and swapped in only when every file is written,
//! so a failed build leaves the previous site untouched.
//!
//! Entry point: [`write`].

pub mod export;
pub mod templates;

use std::path::{Path, PathBuf};

use minijinja::{context, Environment, Value};

use crate::charts;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::report::format::Formatter;
use crate::report::{Page, SiteModel};
use crate::standards::MetricTable;

/// Marks a folder as a yardstick site, so a rebuild may replace it. A
/// folder without it (and not empty) is never deleted.
const MARKER: &str = ".yardstick-site";

pub struct Summary {
    pub pages: usize,
}

/// Renders every page and the exports, then swaps them into `out`.
pub fn write(
    model: &SiteModel,
    metrics: &MetricTable,
    config: &Config,
    out: &Path,
) -> Result<Summary> {
    check_replaceable(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|source| Error::Io {
        action: "create",
        path: parent.clone(),
        source,
    })?;
    let staging = tempfile::Builder::new()
        .prefix(".yardstick-build-")
        .tempdir_in(&parent)
        .map_err(|source| Error::Io {
            action: "create a temporary folder in",
            path: parent.clone(),
            source,
        })?;
    let pages = render_all(model, metrics, config, staging.path())?;
    swap_into_place(staging, out, &parent)?;
    Ok(Summary { pages })
}

fn render_all(
    model: &SiteModel,
    metrics: &MetricTable,
    config: &Config,
    dir: &Path,
) -> Result<usize> {
    let env = templates::environment(config.templates_dir.clone());
    let fmt = Formatter::new(config.language, &config.currency);
    // The pages' one script, allowed by its hash in the Content-Security-
    // Policy: no other script, inline or injected, can run.
    let script = render(&env, "sort.js", context! {})?;
    let script = script.trim_end().to_string();
    let script_hash = csp_hash(&script);
    let mut pages = 0;
    for folder in ["reps", "territories"] {
        create_dir(&dir.join(folder))?;
    }
    let mut render_page = |template: &str, page: &Page| -> Result<()> {
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
        let html = render(
            &env,
            template,
            context! {
                meta => &model.meta,
                t => &model.meta.t,
                page => page,
                charts => charts,
                sparks => sparks,
                script => Value::from_safe_string(script.clone()),
                script_hash => &script_hash,
            },
        )?;
        write_file(&dir.join(&page.path), html.as_bytes())?;
        pages += 1;
        Ok(())
    };
    render_page("index.html", &model.company)?;
    for page in &model.territories {
        render_page("territory.html", page)?;
    }
    for page in &model.reps {
        render_page("rep.html", page)?;
    }
    let quality = render(
        &env,
        "data-quality.html",
        context! {
            meta => &model.meta,
            t => &model.meta.t,
            page => &model.quality,
            script => Value::from_safe_string(script.clone()),
            script_hash => &script_hash,
        },
    )?;
    write_file(&dir.join(&model.quality.path), quality.as_bytes())?;
    pages += 1;
    write_file(&dir.join("metrics.csv"), &export::to_csv(&metrics.rows))?;
    write_file(&dir.join("metrics.json"), &export::to_json(&metrics.rows))?;
    write_file(
        &dir.join(MARKER),
        b"Built by yardstick; this folder is replaced on every build.\n",
    )?;
    Ok(pages)
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

fn render(env: &Environment, template: &str, ctx: Value) -> Result<String> {
    let tpl = env.get_template(template).map_err(template_error)?;
    let mut html = tpl.render(ctx).map_err(template_error)?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

fn template_error(e: minijinja::Error) -> Error {
    let mut message = format!("{e:#}");
    if let Some(name) = e.name() {
        message = format!("template {name}: {message}");
    }
    Error::Internal {
        context: "rendering a page",
        message,
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
        .map_err(|source| Error::Io {
            action: "read",
            path: out.to_path_buf(),
            source,
        })?
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

/// Moves the finished site into place: the old site aside, the new one in,
/// the old one deleted.
fn swap_into_place(staging: tempfile::TempDir, out: &Path, parent: &Path) -> Result<()> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    };
    let old = if out.exists() {
        let old = tempfile::Builder::new()
            .prefix(".yardstick-old-")
            .tempdir_in(parent)
            .map_err(io("create a temporary folder in", parent))?;
        let old_path = old.path().join("site");
        std::fs::rename(out, &old_path).map_err(io("move aside", out))?;
        Some(old)
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(source) = std::fs::rename(&staged, out) {
        // Put the previous site back before reporting.
        if let Some(old) = &old {
            let _ = std::fs::rename(old.path().join("site"), out);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::Io {
            action: "move the new site into",
            path: out.to_path_buf(),
            source,
        });
    }
    drop(old); // deletes the previous site
    Ok(())
}

fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|source| Error::Io {
        action: "create",
        path: path.to_path_buf(),
        source,
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
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
