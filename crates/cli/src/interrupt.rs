//! SIGINT and SIGTERM during `vigil run`, `montecarlo`, `sweep`, `detections`, `track` (of a
//! scenario) and `coverage`: the signal only sets a flag, which the command polls between
//! blocks of work (a span of scenario time, a block of runs or of grid points, an
//! architecture). It then writes what is done as consistent files, with its
//! manifest saying `complete: false`, and exits 130 (SIGINT) or 143 (SIGTERM). A second signal
//! ends the process at once, with the same code.

use crate::Failure;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Scenario time simulated between two looks at the interrupt flag, s (`run`, `detections`,
/// `track`).
pub const STEP_S: f64 = 60.0;

/// The termination signals of one command, caught from [`Interrupt::install`] on.
pub struct Interrupt {
    requested: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    /// Catches SIGINT and SIGTERM for the rest of the process.
    pub fn install() -> Result<Self, Failure> {
        let requested = Arc::new(AtomicBool::new(false));
        let signal = Arc::new(AtomicUsize::new(0));
        let failed = |e: std::io::Error| Failure::Compute(format!("catching signals: {e}"));
        for sig in [SIGINT, SIGTERM] {
            // Registered first, so it sees the flag only a previous signal has set.
            flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&requested))
                .map_err(failed)?;
            flag::register_usize(sig, Arc::clone(&signal), sig as usize).map_err(failed)?;
            flag::register(sig, Arc::clone(&requested)).map_err(failed)?;
        }
        Ok(Interrupt { requested, signal })
    }

    /// Whether a signal asked the command to stop.
    pub fn requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }

    /// After the files in `dir` are written: the failure that ends the command with exit code
    /// 128 + the signal, if one came.
    pub fn check(&self, dir: &Path) -> Result<(), Failure> {
        self.check_manifest(dir, vigil_report::formats::MANIFEST)
    }

    /// [`check`](Self::check) for a folder whose manifest is called `manifest`.
    pub fn check_manifest(&self, dir: &Path, manifest: &str) -> Result<(), Failure> {
        if !self.requested() {
            return Ok(());
        }
        let signal = self.signal.load(Ordering::SeqCst);
        let name = match signal {
            s if s == SIGTERM as usize => "SIGTERM",
            _ => "SIGINT",
        };
        Err(Failure::Interrupted(
            u8::try_from(128 + signal).unwrap_or(130),
            format!(
                "interrupted by {name}: the files in {} hold the work done so far ({manifest} says whether it is complete)",
                dir.display(),
            ),
        ))
    }
}
