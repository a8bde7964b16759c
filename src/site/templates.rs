//! The minijinja environment: templates embedded in the binary, each one
//! overridable by a file of the same name in the user's `templates/`
//! folder (next to the config), through one loader so an override always
//! wins.

use std::path::{Path, PathBuf};

use minijinja::value::ValueKind;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::report::format::write_escaped;

/// The built-in templates and assets, compiled in.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "scorecard.html",
        include_str!("../../templates/scorecard.html"),
    ),
    ("rep.html", include_str!("../../templates/rep.html")),
    (
        "territory.html",
        include_str!("../../templates/territory.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("members.html", include_str!("../../templates/members.html")),
    (
        "methodology.html",
        include_str!("../../templates/methodology.html"),
    ),
    (
        "data-quality.html",
        include_str!("../../templates/data-quality.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    ("sort.js", include_str!("../../templates/sort.js")),
];

pub fn environment(overrides: Option<PathBuf>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_debug(true);
    env.set_formatter(|out, state, value| {
        // minijinja's HTML escaping also escapes `/`, which makes every
        // relative link unreadable (`..&#x2f;index.html`); escape only what
        // HTML needs.
        if state.auto_escape() == AutoEscape::Html && !value.is_safe() && !value.is_none() {
            // Text straight from the value, escaped as it is written: a
            // page prints a thousand values, and two strings apiece for
            // them were a tenth of the pages' time.
            match value.as_str().filter(|_| value.kind() == ValueKind::String) {
                Some(text) => write_escaped(out, text)?,
                None => write_escaped(out, &value.to_string())?,
            }
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.set_loader(move |name| {
        if name.contains("..") || Path::new(name).is_absolute() {
            return Ok(None);
        }
        if let Some(dir) = &overrides {
            let path = dir.join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("could not read template {}: {e}", path.display()),
                    )
                });
            }
        }
        Ok(EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.to_string()))
    });
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_template_overrides_the_embedded_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("style.css"), "body { color: red }").unwrap();
        let env = environment(Some(dir.path().to_path_buf()));
        let css = env.get_template("style.css").unwrap().render(()).unwrap();
        assert_eq!(css, "body { color: red }");
        // Templates not overridden still come from the binary.
        let embedded = env.get_template("rep.html").unwrap();
        assert_eq!(embedded.source(), EMBEDDED[2].1);
        assert!(env.get_template("../Cargo.toml").is_err());
    }

    #[test]
    fn values_are_escaped_but_slashes_kept() {
        let mut env = environment(None);
        env.add_template("t.html", "<a href=\"{{ h }}\">{{ n }}</a>")
            .unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { h => "../reps/a.html", n => "<b>\"Tom\" & 'Jo'</b>" })
            .unwrap();
        assert_eq!(
            html,
            "<a href=\"../reps/a.html\">&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jo&#39;&lt;/b&gt;</a>"
        );
    }
}
