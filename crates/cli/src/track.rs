//! `vigil track`: track a scenario's architecture, or generic Cartesian measurements from CSV.

use crate::scenario_args::load;
use crate::{Failure, find_id, out_dir, say, show};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use vigil_earth::math::Vec3;
use vigil_report::formats::tables::TrackingTable;
use vigil_report::formats::tracks::{
    ArchitectureMetrics, TrackingMetrics, read_measurements, write_states, write_tracks,
};
use vigil_sim::detect::detect;
use vigil_sim::track::track_architecture;
use vigil_sim::truth::{fly_launches, targets};
use vigil_tracking::generic::{AssociatorKind, FilterKind, InitiatorKind, Model, Options, track};

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

/// Arguments of `vigil track`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (TOML); the built-in default when absent (ignored with --input).
    scenario: Option<PathBuf>,
    /// Architecture to track (scenario mode; default: every architecture).
    #[arg(long)]
    architecture: Option<String>,
    /// Generic mode: Cartesian measurements `time_s,sensor_id,x_m,y_m,z_m` (sorted by time).
    #[arg(long, value_name = "MEAS.csv")]
    input: Option<PathBuf>,
    /// Generic mode: motion model.
    #[arg(long, value_enum, default_value_t = ModelArg::Cv)]
    model: ModelArg,
    /// Filter.
    #[arg(long, value_enum, default_value_t = FilterArg::Ekf)]
    filter: FilterArg,
    /// Associator.
    #[arg(long, value_enum, default_value_t = AssociatorArg::Gnn)]
    associator: AssociatorArg,
    /// Initiator.
    #[arg(long, value_enum, default_value_t = InitArg::TwoPoint)]
    init: InitArg,
    /// Gate probability (χ² gate on the innovation).
    #[arg(long, default_value_t = 0.9999)]
    gate: f64,
    /// Confirmation: M hits…
    #[arg(long, default_value_t = 3)]
    m: u32,
    /// …within the first N scans.
    #[arg(long, default_value_t = 5)]
    n: u32,
    /// Delete a confirmed track after this long without an update, s.
    #[arg(long, default_value_t = 30.0)]
    max_coast_s: f64,
    /// Process-noise spectral density (m²/s³ for cv/cvg, m²/s⁵ for ca).
    #[arg(long, default_value_t = 1.0)]
    q: f64,
    /// Largest speed for two-point initiation, m/s.
    #[arg(long, default_value_t = 8_000.0)]
    max_speed_mps: f64,
    /// Output: a folder (scenario mode, default ./vigil-out/<name>/) or a CSV file (generic mode).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs the command.
pub fn run(a: &Args) -> Result<(), Failure> {
    for (name, ok) in [
        ("--gate", a.gate > 0.0 && a.gate < 1.0),
        ("--q", a.q >= 0.0 && a.q.is_finite()),
        ("--max-coast-s", a.max_coast_s > 0.0),
        ("--m/--n", a.m >= 1 && a.n >= a.m),
    ] {
        if !ok {
            return Err(Failure::Input(format!("{name} is out of range")));
        }
    }
    match &a.input {
        Some(path) => generic(a, path),
        None => scenario(a),
    }
}

fn scenario(a: &Args) -> Result<(), Failure> {
    let (_, s) = load(a.scenario.as_ref())?;
    let archs: Vec<usize> = match &a.architecture {
        Some(id) => vec![find_id(
            "architecture",
            id,
            s.architectures.iter().map(|x| x.id.as_str()),
        )?],
        None => (0..s.architectures.len()).collect(),
    };
    let flown = fly_launches(&s).map_err(|e| Failure::Input(e.to_string()))?;
    let (detections, _) = detect(&s, &targets(&flown), s.launches.len(), 0);
    let dir = out_dir(a.out.as_ref(), &[&s.name])?;
    let mut metrics = Vec::new();
    for i in archs {
        let run = track_architecture(&s, &flown, &detections, i);
        let m = ArchitectureMetrics::new(&s, i, &run);
        write_tracks(
            &dir.join(format!("tracks-{}.csv", m.architecture)),
            &s,
            &run.rows,
        )?;
        metrics.push(m);
    }
    show(TrackingTable(&s, &metrics))?;
    TrackingMetrics {
        architectures: metrics,
        scenario: s.name.clone(),
        seed: s.seed,
    }
    .write_json(&dir.join("tracking-metrics.json"))?;
    say!("tracks written to {}", dir.display());
    Ok(())
}

fn generic(a: &Args, path: &Path) -> Result<(), Failure> {
    let input = read_measurements(path)?;
    let out = a.out.clone().unwrap_or_else(|| PathBuf::from("tracks.csv"));
    let options = Options {
        model: match a.model {
            ModelArg::Cv => Model::Cv,
            ModelArg::Ca => Model::Ca,
            ModelArg::Cvg => Model::Cvg,
        },
        filter: match a.filter {
            FilterArg::Ekf => FilterKind::Ekf,
            FilterArg::Ukf => FilterKind::Ukf,
        },
        associator: match a.associator {
            AssociatorArg::Gnn => AssociatorKind::Gnn,
            AssociatorArg::Jpda => AssociatorKind::Jpda,
        },
        initiator: match a.init {
            InitArg::OnePoint => InitiatorKind::OnePoint,
            InitArg::TwoPoint => InitiatorKind::TwoPoint,
        },
        gate_probability: a.gate,
        confirm_m: a.m,
        confirm_n: a.n,
        max_coast_s: a.max_coast_s,
        q: a.q,
        max_speed_mps: a.max_speed_mps,
        gravity: Vec3::new(0.0, 0.0, -input.gravity_mps2),
        clutter_density: 1.0 / input.clutter_volume_m3.unwrap_or(1e12),
    };
    let states = track(&options, &input.points);
    write_states(&out, &states)?;
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
