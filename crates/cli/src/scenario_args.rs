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
    use std::io::Read as _;
    let cannot = |e: std::io::Error| Failure::Input(format!("cannot read {}: {e}", p.display()));
    let mut bytes = Vec::new();
    std::fs::File::open(p)
        .map_err(cannot)?
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Failure::Input(format!(
            "{}: larger than {} MiB; an input file of Vigil is text of a few kB",
            p.display(),
            MAX_INPUT_BYTES >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..at]);
        let (line, col) = vigil_sim::scenario::check::line_col(&before, at);
        Failure::Input(format!(
            "{}:{line}:{col}: error[encoding]: not UTF-8 text (byte 0x{:02x})",
            p.display(),
            bytes[at]
        ))
    })
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
