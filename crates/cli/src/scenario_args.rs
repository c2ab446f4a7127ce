//! Reading a scenario named on the command line (or the built-in default) and reporting its
//! problems with file, line, column and rule.

use crate::Failure;
use std::path::{Path, PathBuf};
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::scenario::{Scenario, render_problems};

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

/// Reads and checks a scenario; problems become an input failure listing them all.
pub fn load(path: Option<&PathBuf>) -> Result<(Source, Scenario), Failure> {
    let src = read(path.map(PathBuf::as_path))?;
    match Scenario::from_toml(&src.text) {
        Ok(s) => Ok((src, s)),
        Err(problems) => Err(Failure::Problems(render_problems(
            &problems, &src.name, &src.text,
        ))),
    }
}
