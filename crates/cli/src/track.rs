//! `vigil track`: track a scenario's architecture, or generic Cartesian measurements from CSV.

use crate::interrupt::{Interrupt, STEP_S};
use crate::scenario_args::{load, truth_failure};
use crate::{Failure, find_id, out_dir, say, show};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use vigil_earth::math::Vec3;
use vigil_report::formats::tables::TrackingTable;
use vigil_report::formats::tracks::{
    ArchitectureMetrics, TrackingMetrics, read_measurements, write_states, write_tracks,
};
use vigil_report::formats::{CommandManifest, command_manifest_name, remove_manifest_named};
use vigil_sim::detect::detect_stoppable;
use vigil_sim::track::track_architecture;
use vigil_sim::truth::{fly_launches, targets};
use vigil_tracking::generic::{
    AssociatorKind, FilterKind, InitiatorKind, MAX_SCAN_POINTS, Model, OptionName, Options, Output,
    track,
};

/// Motion model for Cartesian input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelArg {
    /// Constant velocity.
    Cv,
    /// Constant acceleration.
    Ca,
    /// Constant velocity with known gravity (header `gravity_mps2`, default 9.80665, z up).
    Cvg,
}

/// Filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FilterArg {
    /// Extended Kalman filter.
    Ekf,
    /// Unscented Kalman filter.
    Ukf,
}

/// Associator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssociatorArg {
    /// Global nearest neighbour (optimal assignment).
    Gnn,
    /// Joint probabilistic data association.
    Jpda,
}

/// Initiator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitArg {
    /// One point with a wide velocity prior.
    OnePoint,
    /// Two points of successive scans.
    TwoPoint,
}

/// Arguments of `vigil track`. The tracker options apply to generic mode (`--input`) only:
/// in scenario mode each architecture is tracked with its `[architecture.tracker]` settings,
/// and those options are refused rather than ignored.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent (refused with --input).
    #[arg(conflicts_with = "input")]
    scenario: Option<PathBuf>,
    /// Architecture to track (scenario mode; default: every architecture).
    #[arg(long, conflicts_with = "input")]
    architecture: Option<String>,
    /// Generic mode: Cartesian measurements `time_s,sensor_id,x_m,y_m,z_m` (sorted by time).
    #[arg(long, value_name = "MEAS.csv")]
    input: Option<PathBuf>,
    /// Generic mode: motion model [default: cv].
    #[arg(long, value_enum)]
    model: Option<ModelArg>,
    /// Generic mode: filter [default: ekf].
    #[arg(long, value_enum)]
    filter: Option<FilterArg>,
    /// Generic mode: associator [default: gnn].
    #[arg(long, value_enum)]
    associator: Option<AssociatorArg>,
    /// Generic mode: initiator [default: two-point].
    #[arg(long, value_enum)]
    init: Option<InitArg>,
    /// Generic mode: gate probability (χ² gate on the innovation), between 0 and 1
    /// [default: 0.9999].
    #[arg(long)]
    gate: Option<f64>,
    /// Generic mode: confirmation needs M hits… [default: 3].
    #[arg(long)]
    m: Option<u32>,
    /// …within the first N scans (N ≥ M) [default: 5].
    #[arg(long)]
    n: Option<u32>,
    /// Generic mode: delete a confirmed track after this long without an update, s
    /// [default: 30].
    #[arg(long)]
    max_coast_s: Option<f64>,
    /// Generic mode: process-noise spectral density (m²/s³ for cv/cvg, m²/s⁵ for ca)
    /// [default: 1].
    #[arg(long)]
    q: Option<f64>,
    /// Generic mode: largest speed for two-point initiation, m/s [default: 8000].
    #[arg(long)]
    max_speed_mps: Option<f64>,
    /// Generic mode: write only the states after updates from confirmation on, with the eight
    /// columns track_id,time_s,x,y,z,vx,vy,vz (the output of earlier versions). Without it,
    /// each confirmed track has a row at every scan from its first detection to its last
    /// update, with `status` (tentative, updated, coasted) and `sigma_pos_m` after those
    /// columns.
    #[arg(long)]
    updates_only: bool,
    /// Output: a folder (scenario mode, default ./vigil-out/<name>/) or a CSV file (generic
    /// mode, default ./vigil-out/track/<input file stem>-tracks.csv); never the input file.
    #[arg(long)]
    out: Option<PathBuf>,
}

impl Args {
    /// The tracker options given on the command line (only generic mode uses them).
    fn generic_options_given(&self) -> Vec<&'static str> {
        [
            ("--model", self.model.is_some()),
            ("--filter", self.filter.is_some()),
            ("--associator", self.associator.is_some()),
            ("--init", self.init.is_some()),
            ("--gate", self.gate.is_some()),
            ("--m", self.m.is_some()),
            ("--n", self.n.is_some()),
            ("--max-coast-s", self.max_coast_s.is_some()),
            ("--q", self.q.is_some()),
            ("--max-speed-mps", self.max_speed_mps.is_some()),
            ("--updates-only", self.updates_only),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }
}

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    match &a.input {
        Some(path) => generic(a, path),
        None => {
            let given = a.generic_options_given();
            if !given.is_empty() {
                return Err(Failure::Input(format!(
                    "{} appl{} only to generic tracking (--input MEAS.csv); a scenario's architectures are tracked with their [architecture.tracker] settings",
                    given.join(", "),
                    if given.len() == 1 { "ies" } else { "y" }
                )));
            }
            scenario(a)
        }
    }
}

/// The generic tracker's options from the arguments (defaults for those not given), each
/// checked: a value that cannot be honoured is refused, naming the option and why.
fn options(a: &Args, gravity_mps2: f64, clutter_volume_m3: f64) -> Result<Options, Failure> {
    let defaults = Options::default();
    let o = Options {
        model: match a.model.unwrap_or(ModelArg::Cv) {
            ModelArg::Cv => Model::Cv,
            ModelArg::Ca => Model::Ca,
            ModelArg::Cvg => Model::Cvg,
        },
        filter: match a.filter.unwrap_or(FilterArg::Ekf) {
            FilterArg::Ekf => FilterKind::Ekf,
            FilterArg::Ukf => FilterKind::Ukf,
        },
        associator: match a.associator.unwrap_or(AssociatorArg::Gnn) {
            AssociatorArg::Gnn => AssociatorKind::Gnn,
            AssociatorArg::Jpda => AssociatorKind::Jpda,
        },
        initiator: match a.init.unwrap_or(InitArg::TwoPoint) {
            InitArg::OnePoint => InitiatorKind::OnePoint,
            InitArg::TwoPoint => InitiatorKind::TwoPoint,
        },
        gate_probability: a.gate.unwrap_or(defaults.gate_probability),
        confirm_m: a.m.unwrap_or(defaults.confirm_m),
        confirm_n: a.n.unwrap_or(defaults.confirm_n),
        max_coast_s: a.max_coast_s.unwrap_or(defaults.max_coast_s),
        q: a.q.unwrap_or(defaults.q),
        max_speed_mps: a.max_speed_mps.unwrap_or(defaults.max_speed_mps),
        gravity: Vec3::new(0.0, 0.0, -gravity_mps2),
        clutter_density: 1.0 / clutter_volume_m3,
        max_scan_points: if crate::over_budget() {
            usize::MAX
        } else {
            MAX_SCAN_POINTS
        },
    };
    o.check().map_err(|(option, why)| {
        let flag = match option {
            OptionName::Gate => "--gate",
            OptionName::Q => "--q",
            OptionName::MaxCoast => "--max-coast-s",
            OptionName::Confirm => "--m/--n",
            OptionName::MaxSpeed => "--max-speed-mps",
        };
        Failure::Input(format!("{flag} {why}"))
    })?;
    Ok(o)
}

/// A scenario's architectures: detections in steps of [`STEP_S`] of scenario time, then one
/// architecture after another, stopping on SIGINT/SIGTERM after the step or architecture under
/// way (the files then hold the work done and `manifest-track.json` says `complete: false`).
fn scenario(a: &Args) -> Result<(), Failure> {
    let interrupt = Interrupt::install()?;
    let (src, s) = load(a.scenario.as_ref())?;
    let archs: Vec<usize> = match &a.architecture {
        Some(id) => vec![find_id(
            "architecture",
            id,
            s.architectures.iter().map(|x| x.id.as_str()),
        )?],
        None => (0..s.architectures.len()).collect(),
    };
    let flown = fly_launches(&s).map_err(|e| truth_failure(&src, &s, &e))?;
    let stop = || interrupt.requested();
    let (detections, _, simulated_s) =
        detect_stoppable(&s, &targets(&flown), s.launches.len(), 0, STEP_S, stop);
    let dir = out_dir(a.out.as_ref(), &[&s.name])?;
    let manifest = command_manifest_name("track");
    remove_manifest_named(&dir, &manifest)?;
    let mut metrics = Vec::new();
    let mut paths = Vec::new();
    for &i in archs.iter().take_while(|_| !stop()) {
        let run = track_architecture(&s, &flown, &detections, i);
        let m = ArchitectureMetrics::new(&s, i, &run);
        let path = dir.join(format!("tracks-{}.csv", m.architecture));
        write_tracks(&path, &s, &run.rows)?;
        paths.push(path);
        metrics.push(m);
    }
    let all = metrics.len() == archs.len();
    let table = TrackingTable(&s, &metrics).to_string();
    let path = dir.join("tracking-metrics.json");
    TrackingMetrics {
        architectures: metrics,
        scenario: s.name.clone(),
        seed: s.seed,
    }
    .write_json(&path)?;
    paths.push(path);
    let mut m = CommandManifest::new("track", &s, &src.text, Some((0, simulated_s)), &paths);
    m.complete &= all;
    m.write(&dir, &manifest)?;
    interrupt.check_manifest(&dir, &manifest)?;
    show(table)?;
    say!("tracks written to {}", dir.display());
    Ok(())
}

fn generic(a: &Args, path: &Path) -> Result<(), Failure> {
    let input = read_measurements(path)?;
    let options = options(
        a,
        input.gravity_mps2,
        input.clutter_volume_m3.unwrap_or(1e12),
    )?;
    let out = match &a.out {
        Some(out) => {
            crate::refuse_overwrite("--out", out, &[("--input", path)])?;
            out.clone()
        }
        None => {
            let stem = path
                .file_stem()
                .map_or_else(|| "input".into(), |s| s.to_string_lossy().into_owned());
            let dir = out_dir(None, &["track"])?;
            let out = dir.join(format!(
                "{}-tracks.csv",
                vigil_sim::scenario::ids::folder_name(&stem)
            ));
            crate::refuse_overwrite("the default output", &out, &[("--input", path)])?;
            out
        }
    };
    let output = if a.updates_only {
        Output::UpdatesOnly
    } else {
        Output::Life
    };
    let states = track(&options, &input.points, output).map_err(|e| {
        let sensor = input
            .sensors
            .get(e.sensor as usize)
            .map_or_else(|| e.sensor.to_string(), |s| format!("{s:?}"));
        Failure::Input(format!(
            "{}: the scan at time_s = {} of sensor {sensor} holds {} detections; the budget is {} a scan (the tracker's work on a scan grows with the square of its size): split the scan, or pass --over-budget",
            path.display(),
            e.t_s,
            e.count,
            e.cap
        ))
    })?;
    write_states(&out, &states, output)?;
    let tracks = states
        .iter()
        .map(|r| r.track_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    say!(
        "{} measurements → {tracks} confirmed tracks, {} states → {}",
        input.points.len(),
        states.len(),
        out.display()
    );
    Ok(())
}
