//! `vigil check` and `vigil schema`: validate a scenario file; print the file format's schema.

use crate::Failure;
use crate::scenario_args::load;
use std::path::PathBuf;
use vigil_sim::scenario::render_problems;
use vigil_sim::truth::reach_problems;

/// Arguments of `vigil check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent.
    file: Option<PathBuf>,
}

/// Runs `vigil check`: the file's problems, then the launches that cannot be flown.
pub fn run(a: &Args) -> Result<(), Failure> {
    let (src, s) = load(a.file.as_ref())?;
    // Every launch is flown as `vigil run` flies it, so a launch beyond reach is found here.
    let unreachable = reach_problems(&s, &src.text);
    if !unreachable.is_empty() {
        return Err(Failure::Problems(render_problems(
            &unreachable,
            &src.name,
            &src.text,
        )));
    }
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
