//! `vigil run`: the main job — truth, detections, tracking and warning for every architecture
//! of a scenario, one table of warning times, and the files of the run.

use crate::scenario_args::load;
use crate::{Failure, out_dir, say, show};
use std::path::PathBuf;
use vigil_report::Projection;
use vigil_report::formats::tables::RunTable;
use vigil_report::run_outputs::{RunFilesError, write_run_files};
use vigil_sim::run::run as run_scenario;

/// Arguments of `vigil run`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent.
    scenario: Option<PathBuf>,
    /// Output folder (default: ./vigil-out/<scenario name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Monte Carlo run index (selects the random streams).
    #[arg(long, default_value_t = 0)]
    run: u32,
    /// Map projection: auto (azimuthal when a ground track passes beyond ±60° latitude),
    /// azimuthal or equirectangular.
    #[arg(long, default_value = "auto")]
    projection: Projection,
}

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let r = run_scenario(&s, a.run).map_err(|e| Failure::Input(e.to_string()))?;
    let dir = out_dir(a.out.as_ref(), &[&s.name])?;
    show(RunTable(&s, &r))?;
    write_run_files(&dir, &s, &r, a.projection).map_err(|e| match e {
        RunFilesError::Format(e) => Failure::from(e),
        RunFilesError::Map(e) => Failure::from(e),
    })?;
    say!(
        "\nfiles in {}: report.json, alerts.csv, detections.csv, tracks-<architecture>.csv, run.geojson, run.czml, map.png",
        dir.display()
    );
    Ok(())
}
