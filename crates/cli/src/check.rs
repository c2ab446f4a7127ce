//! `vigil check` and `vigil schema`: validate a scenario file; print the file format's schema.

use crate::Failure;
use crate::scenario_args::load;
use std::path::PathBuf;

/// Arguments of `vigil check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent.
    file: Option<PathBuf>,
}

/// Runs `vigil check`.
pub fn run(a: &Args) -> Result<(), Failure> {
    let (src, s) = load(a.file.as_ref())?;
    crate::say!(
        "{}: ok — scenario {:?}: {} networks, {} sensors, {} launches, {} defended areas, {} architectures",
        src.name,
        s.name,
        s.networks.len(),
        s.sensors.len(),
        s.launches.len(),
        s.defended_areas.len(),
        s.architectures.len()
    );
    Ok(())
}

/// Runs `vigil schema`.
pub fn schema() -> Result<(), Failure> {
    crate::print_json(&vigil_sim::scenario::schema())
}
