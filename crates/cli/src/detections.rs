//! `vigil detections`: what each sensor detects of a scenario's launches, and when.

use crate::interrupt::{Interrupt, STEP_S};
use crate::scenario_args::{load, truth_failure};
use crate::{Failure, out_dir, say, show};
use std::path::PathBuf;
use vigil_report::formats::detections::{write_detections_csv, write_detections_jsonl};
use vigil_report::formats::tables::SensorTable;
use vigil_report::formats::{CommandManifest, command_manifest_name, remove_manifest_named};
use vigil_sim::detect::detect_stoppable;
use vigil_sim::truth::{fly_launches, targets};

/// Arguments of `vigil detections`.
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
}

/// Runs the command: detections in steps of [`STEP_S`] of scenario time, stopping after the
/// step under way on SIGINT/SIGTERM (the files then hold the detections so far and
/// `manifest-detections.json` says `complete: false`).
pub fn run(a: &Args) -> Result<(), Failure> {
    let interrupt = Interrupt::install()?;
    let (src, s) = load(a.scenario.as_ref())?;
    let flown = fly_launches(&s).map_err(|e| truth_failure(&src, &s, &e))?;
    let (detections, summaries, simulated_s) = detect_stoppable(
        &s,
        &targets(&flown),
        s.launches.len(),
        a.run,
        STEP_S,
        || interrupt.requested(),
    );
    let dir = out_dir(a.out.as_ref(), &[&s.name])?;
    let manifest = command_manifest_name("detections");
    remove_manifest_named(&dir, &manifest)?;
    let paths = [dir.join("detections.csv"), dir.join("detections.jsonl")];
    write_detections_csv(&paths[0], &s, &detections)?;
    write_detections_jsonl(&paths[1], &s, &detections)?;
    CommandManifest::new(
        "detections",
        &s,
        &src.text,
        Some((a.run, simulated_s)),
        &paths,
    )
    .write(&dir, &manifest)?;
    interrupt.check_manifest(&dir, &manifest)?;
    say!(
        "{} detections of {} launches by {} sensors → {}",
        detections.len(),
        s.launches.len(),
        s.sensors.len(),
        dir.display()
    );
    show(SensorTable(&s, &summaries))?;
    Ok(())
}
