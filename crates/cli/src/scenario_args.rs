//! Reading a scenario named on the command line (or the built-in default) and reporting its
//! problems with file, line, column and rule.

use crate::Failure;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::scenario::{Problem, Scenario, line_col};

/// The text of a scenario file and the name to show for it.
pub struct Source {
    /// Name shown in messages (the path, or `<built-in default>`).
    pub name: String,
    /// The TOML text.
    pub text: String,
}

/// Reads `path`, or the built-in default scenario when None.
pub fn read(path: Option<&Path>) -> Result<Source, Failure> {
    match path {
        None => Ok(Source {
            name: "<built-in default>".into(),
            text: DEFAULT_SCENARIO.into(),
        }),
        Some(p) => std::fs::read_to_string(p)
            .map(|text| Source {
                name: p.display().to_string(),
                text,
            })
            .map_err(|e| Failure::Input(format!("cannot read {}: {e}", p.display()))),
    }
}

/// Renders problems like a compiler: `file:line:col: error[rule]: message`, the line, a caret.
pub fn render(src: &Source, problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let (line, col) = line_col(&src.text, p.span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{col}: error[{}]: {}",
            src.name, p.rule, p.message
        );
        if let Some(text) = src.text.lines().nth(line - 1) {
            let width = src.text.get(p.span.clone()).map_or(1, |s| {
                s.lines().next().map_or(1, |l| l.chars().count().max(1))
            });
            let _ = writeln!(out, "{line:>5} | {text}");
            let _ = writeln!(
                out,
                "      | {}{}",
                " ".repeat(col - 1),
                "^".repeat(width.min(text.chars().count().saturating_sub(col - 1).max(1)))
            );
        }
    }
    let n = problems.len();
    let _ = write!(
        out,
        "{n} problem{} in {}",
        if n == 1 { "" } else { "s" },
        src.name
    );
    out
}

/// Reads and checks a scenario; problems become an input failure listing them all.
pub fn load(path: Option<&PathBuf>) -> Result<(Source, Scenario), Failure> {
    let src = read(path.map(PathBuf::as_path))?;
    match Scenario::from_toml(&src.text) {
        Ok(s) => Ok((src, s)),
        Err(problems) => Err(Failure::Problems(render(&src, &problems))),
    }
}
