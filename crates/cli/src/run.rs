//! `vigil run`: the main job — truth, detections, tracking and warning for every architecture
//! of a scenario, one table of warning times, and the files of the run.

use crate::interrupt::{Interrupt, STEP_S};
use crate::scenario_args::{load, truth_failure};
use crate::{Failure, out_dir, say, show};
use std::path::PathBuf;
use vigil_report::Projection;
use vigil_report::formats::tables::RunTable;
use vigil_report::run_outputs::{RunFilesError, write_run_folder};
use vigil_sim::run::run_stoppable;

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
    let interrupt = Interrupt::install()?;
    let (src, s) = load(a.scenario.as_ref())?;
    let (r, simulated_s) = run_stoppable(&s, a.run, STEP_S, || interrupt.requested())
        .map_err(|e| truth_failure(&src, &s, &e))?;
    let dir = out_dir(a.out.as_ref(), &[&s.name])?;
    // The files of an earlier run go first (those its manifest lists); the folder is complete
    // again when the new manifest is written, last, before anything is printed.
    write_run_folder(&dir, &s, &src.text, a.run, simulated_s, &r, a.projection).map_err(
        |e| match e {
            RunFilesError::Format(e) => Failure::from(e),
            RunFilesError::Map(e) => Failure::from(e),
        },
    )?;
    interrupt.check(&dir)?;
    show(RunTable(&s, &r))?;
    say!(
        "\nfiles in {}: report.json, alerts.csv, predictions.csv, detections.csv, tracks-<architecture>.csv, run.geojson, run.czml, map.png, manifest.json",
        dir.display()
    );
    Ok(())
}
