//! Reading a scenario named on the command line (or the built-in default) and reporting its
//! problems with file, line, column and rule.

use crate::Failure;
use std::path::{Path, PathBuf};
use vigil_report::formats::{read_limited, utf8_text};
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::scenario::{Scenario, line_col, render_problems};
use vigil_sim::truth::{TruthError, reach_problem};

/// The text of a scenario file and the name to show for it.
pub struct Source {
    /// Name shown in messages (the path, or `<built-in default>`).
    pub name: String,
    /// The TOML text.
    pub text: String,
}

/// Largest scenario, MSEL or missile file read, bytes: far above any real one (a few kB of
/// text), and a bound on what a wrong path (`/dev/zero`, a disk image) can take.
pub const MAX_INPUT_BYTES: u64 = 16 << 20;

/// Reads `path`, or the built-in default scenario when None.
pub fn read(path: Option<&Path>) -> Result<Source, Failure> {
    match path {
        None => Ok(Source {
            name: "<built-in default>".into(),
            text: DEFAULT_SCENARIO.into(),
        }),
        Some(p) => Ok(Source {
            name: p.display().to_string(),
            text: read_text(p)?,
        }),
    }
}

/// The text of input file `p`: at most [`MAX_INPUT_BYTES`], UTF-8 (else the line and column
/// of the first bad byte).
pub fn read_text(p: &Path) -> Result<String, Failure> {
    let bytes = read_limited(
        p,
        MAX_INPUT_BYTES,
        "an input file of Vigil is text of a few kB",
    )?;
    Ok(utf8_text(p, bytes)?)
}

/// Reads and checks a scenario; problems become an input failure listing them all, except
/// budgets exceeded with `--over-budget`, which are warned of.
pub fn load(path: Option<&PathBuf>) -> Result<(Source, Scenario), Failure> {
    let src = read(path.map(PathBuf::as_path))?;
    match Scenario::from_toml_budgets(&src.text, crate::over_budget()) {
        Ok((s, waived)) => {
            for p in waived {
                let (line, col) = line_col(&src.text, p.span.start);
                eprintln!(
                    "{}:{line}:{col}: warning[{}]: {} (running anyway: --over-budget)",
                    src.name, p.rule, p.message
                );
            }
            Ok((src, s))
        }
        Err(problems) => Err(Failure::Problems(render_problems(
            &problems, &src.name, &src.text,
        ))),
    }
}

/// A launch of scenario `s` (read from `src`) that cannot be flown, as a problem located at
/// the launch in its file (exit code 2).
pub fn truth_failure(src: &Source, s: &Scenario, e: &TruthError) -> Failure {
    let problem = reach_problem(s, &src.text, e);
    Failure::Problems(render_problems(&[problem], &src.name, &src.text))
}
