//! `vigil detections`: what each sensor detects of a scenario's launches, and when.

use crate::scenario_args::load;
use crate::{Failure, out_dir, say, show};
use std::path::PathBuf;
use vigil_report::formats::detections::{write_detections_csv, write_detections_jsonl};
use vigil_report::formats::tables::SensorTable;
use vigil_sim::detect::detect;
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

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let flown = fly_launches(&s).map_err(|e| Failure::Input(e.to_string()))?;
    let (detections, summaries) = detect(&s, &targets(&flown), s.launches.len(), a.run);
    let dir = out_dir(a.out.as_ref(), &[&s.name])?;
    write_detections_csv(&dir.join("detections.csv"), &s, &detections)?;
    write_detections_jsonl(&dir.join("detections.jsonl"), &s, &detections)?;
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
