//! `vigil track`: track a scenario's architecture, or generic Cartesian measurements from CSV.

use crate::Failure;
use crate::scenario_args::load;
use clap::ValueEnum;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use vigil_earth::math::Vec3;
use vigil_sim::detect::detect;
use vigil_sim::track::track_architecture;
use vigil_sim::truth::{fly_launches, targets};
use vigil_tracking::associate::{Gnn, Jpda};
use vigil_tracking::estimator::{Estimator, Single};
use vigil_tracking::initiate::{OnePoint, TwoPoint};
use vigil_tracking::models::MotionModel;
use vigil_tracking::models::linear::{
    ConstantAcceleration, ConstantVelocity, ConstantVelocityGravity,
};
use vigil_tracking::observation::Point;
use vigil_tracking::tracker::{Config, Status, Tracker};
use vigil_tracking::{Ekf, Filter, Ukf};

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
        Some(id) => vec![
            s.architectures
                .iter()
                .position(|x| &x.id == id)
                .ok_or_else(|| {
                    let known: Vec<&str> = s.architectures.iter().map(|x| x.id.as_str()).collect();
                    Failure::Input(format!(
                        "unknown architecture {id:?}; known: {}",
                        known.join(", ")
                    ))
                })?,
        ],
        None => (0..s.architectures.len()).collect(),
    };
    let flown = fly_launches(&s).map_err(|e| Failure::Input(e.to_string()))?;
    let (detections, _) = detect(&s, &targets(&flown), s.launches.len(), 0);
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("vigil-out").join(&s.name));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Compute(format!("{}: {e}", dir.display())))?;
    println!(
        "{:<13} {:>6} {:>6} {:>8} {:>8} {:>6} {:>6} {:>6} {:>7} {:>9}  first confirmed track (s after launch)",
        "architecture",
        "dets",
        "tracks",
        "RMSE m",
        "RMSE m/s",
        "false",
        "missed",
        "frag",
        "purity",
        "GOSPA m"
    );
    let mut metrics = Vec::new();
    for i in archs {
        let run = track_architecture(&s, &flown, &detections, i);
        let id = &s.architectures[i].id;
        let path = dir.join(format!("tracks-{id}.csv"));
        write_tracks(&path, &s, &run.rows)
            .map_err(|e| Failure::Compute(format!("{}: {e}", path.display())))?;
        let firsts: Vec<String> = s
            .launches
            .iter()
            .zip(&run.first_confirmed_s)
            .filter_map(|(l, t)| t.map(|t| format!("{} +{:.0}", l.id, t - l.time_s)))
            .collect();
        let q = &run.quality;
        let opt = |x: Option<f64>, p: usize| x.map_or("—".to_string(), |v| format!("{v:.p$}"));
        println!(
            "{:<13} {:>6} {:>6} {:>8} {:>8} {:>6} {:>6} {:>6} {:>7} {:>9}  {}",
            id,
            run.detections,
            run.confirmed_tracks,
            opt(run.position_rmse_m, 0),
            opt(run.velocity_rmse_mps, 1),
            q.false_tracks,
            q.missed_objects,
            q.fragmentation,
            opt(q.mean_purity, 3),
            opt(run.mean_gospa_m, 0),
            if firsts.is_empty() {
                "—".into()
            } else {
                firsts.join(", ")
            }
        );
        metrics.push(serde_json::json!({
            "architecture": id,
            "detections": run.detections,
            "confirmed_tracks": run.confirmed_tracks,
            "position_rmse_m": run.position_rmse_m,
            "velocity_rmse_mps": run.velocity_rmse_mps,
            "false_tracks": q.false_tracks,
            "missed_objects": q.missed_objects,
            "fragmentation": q.fragmentation,
            "mean_purity": q.mean_purity,
            "mean_gospa_m": run.mean_gospa_m,
            "first_confirmed_track_s": s.launches.iter().zip(&run.first_confirmed_s)
                .map(|(l, t)| (l.id.clone(), serde_json::json!(t.map(|t| t - l.time_s)))).collect::<serde_json::Map<_, _>>(),
        }));
    }
    let path = dir.join("tracking-metrics.json");
    let text = serde_json::to_string_pretty(
        &serde_json::json!({"scenario": s.name, "seed": s.seed, "architectures": metrics}),
    )
    .map_err(|e| Failure::Compute(e.to_string()))?;
    std::fs::write(&path, text + "\n")
        .map_err(|e| Failure::Compute(format!("{}: {e}", path.display())))?;
    println!("tracks written to {}", dir.display());
    Ok(())
}

pub fn write_tracks(
    path: &Path,
    s: &vigil_sim::scenario::Scenario,
    rows: &[vigil_sim::track::TrackRow],
) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "track_id,t_s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,sigma_x_m,sigma_y_m,sigma_z_m,sigma_vx_mps,sigma_vy_mps,sigma_vz_mps,status,phase,rcs_m2_est,object_hint,truth,position_error_m"
    )?;
    for r in rows {
        let truth = match r.truth {
            vigil_sensors::Truth::Object { launch, object } => {
                format!("{}/{}", s.launches[launch as usize].id, object)
            }
            vigil_sensors::Truth::FalseAlarm => "false-alarm".into(),
        };
        let [x, y, z, vx, vy, vz] = r.state;
        let [a, b, c, d, e, f] = r.sigma;
        writeln!(
            w,
            "{},{:.3},{x:.2},{y:.2},{z:.2},{vx:.3},{vy:.3},{vz:.3},{a:.2},{b:.2},{c:.2},{d:.3},{e:.3},{f:.3},{},{},{},{},{truth},{}",
            r.track_id,
            r.t_s,
            r.status,
            r.phase,
            r.rcs_m2.map_or(String::new(), |x| format!("{x:.4}")),
            r.object,
            r.position_error_m
                .map_or(String::new(), |e| format!("{e:.1}"))
        )?;
    }
    w.flush()
}

/// Parsed generic input: header settings and points.
struct Input {
    points: Vec<Point>,
    gravity: f64,
    clutter_volume: Option<f64>,
}

fn read_input(path: &Path) -> Result<Input, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
    let bad =
        |line: usize, what: String| Failure::Input(format!("{}:{line}: {what}", path.display()));
    let mut noise = 50.0;
    let mut per_sensor: HashMap<String, f64> = HashMap::new();
    let mut gravity = 9.806_65;
    let mut clutter_volume = None;
    let mut sensors: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(h) = l.strip_prefix('#') {
            let Some((k, v)) = h.split_once('=') else {
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            let num = |v: &str| v.parse::<f64>().ok().filter(|x| x.is_finite());
            match k {
                "noise_std_m" => {
                    noise = num(v).filter(|x| *x >= 0.0).ok_or_else(|| {
                        bad(
                            line,
                            format!("noise_std_m must be a non-negative number, got {v:?}"),
                        )
                    })?
                }
                "gravity_mps2" => {
                    gravity = num(v).ok_or_else(|| {
                        bad(line, format!("gravity_mps2 must be a number, got {v:?}"))
                    })?
                }
                "clutter_volume_m3" => {
                    clutter_volume = Some(num(v).filter(|x| *x > 0.0).ok_or_else(|| {
                        bad(
                            line,
                            format!("clutter_volume_m3 must be positive, got {v:?}"),
                        )
                    })?)
                }
                "sensor_noise_std_m" => {
                    for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        let (id, std) = item.split_once(':').ok_or_else(|| {
                            bad(
                                line,
                                format!("sensor_noise_std_m items are id:std, got {item:?}"),
                            )
                        })?;
                        let std = num(std.trim()).filter(|x| *x >= 0.0).ok_or_else(|| {
                            bad(line, format!("bad standard deviation in {item:?}"))
                        })?;
                        per_sensor.insert(id.trim().to_string(), std);
                    }
                }
                _ => {}
            }
            continue;
        }
        let cols: Vec<&str> = l.split(',').map(str::trim).collect();
        if cols.first() == Some(&"time_s") {
            continue;
        }
        if cols.len() != 5 {
            return Err(bad(
                line,
                format!(
                    "expected 5 columns time_s,sensor_id,x_m,y_m,z_m, got {}",
                    cols.len()
                ),
            ));
        }
        let f = |i: usize| {
            cols[i]
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    bad(
                        line,
                        format!("column {} is not a finite number: {:?}", i + 1, cols[i]),
                    )
                })
        };
        let (t, x, y, z) = (f(0)?, f(2)?, f(3)?, f(4)?);
        let sensor = cols[1].to_string();
        let source = match sensors.iter().position(|s| *s == sensor) {
            Some(k) => k,
            None => {
                sensors.push(sensor.clone());
                sensors.len() - 1
            }
        };
        rows.push((line, t, source, sensor, Vec3::new(x, y, z)));
    }
    let mut points = Vec::with_capacity(rows.len());
    let mut last = f64::NEG_INFINITY;
    for (line, t, source, sensor, z) in rows {
        if t < last {
            return Err(bad(
                line,
                format!("rows must be sorted by time: {t} after {last}"),
            ));
        }
        last = t;
        // (Point floors a zero noise at 1 mm.)
        let sigma = per_sensor.get(&sensor).copied().unwrap_or(noise);
        points.push(Point {
            t_s: t,
            source: source as u32,
            z,
            sigma_m: Vec3::repeat(sigma),
        });
    }
    Ok(Input {
        points,
        gravity,
        clutter_volume,
    })
}

fn generic(a: &Args, path: &Path) -> Result<(), Failure> {
    let input = read_input(path)?;
    let out = a.out.clone().unwrap_or_else(|| PathBuf::from("tracks.csv"));
    let q = a.q;
    let rows = match a.model {
        ModelArg::Cv => dispatch::<6, _>(a, &input, ConstantVelocity { q }),
        ModelArg::Cvg => dispatch::<6, _>(
            a,
            &input,
            ConstantVelocityGravity {
                q,
                gravity: Vec3::new(0.0, 0.0, -input.gravity),
            },
        ),
        ModelArg::Ca => dispatch::<9, _>(a, &input, ConstantAcceleration { q }),
    };
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(&out)
            .map_err(|e| Failure::Compute(format!("{}: {e}", out.display())))?,
    );
    let io = |e: std::io::Error| Failure::Compute(format!("{}: {e}", out.display()));
    writeln!(w, "track_id,time_s,x,y,z,vx,vy,vz").map_err(io)?;
    for (id, t, x) in &rows {
        writeln!(
            w,
            "{id},{t},{},{},{},{},{},{}",
            x[0], x[1], x[2], x[3], x[4], x[5]
        )
        .map_err(io)?;
    }
    w.flush().map_err(io)?;
    let tracks = rows
        .iter()
        .map(|r| r.0)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    println!(
        "{} measurements → {tracks} confirmed tracks, {} states → {}",
        input.points.len(),
        rows.len(),
        out.display()
    );
    Ok(())
}

fn dispatch<const N: usize, M: MotionModel<N>>(
    a: &Args,
    input: &Input,
    motion: M,
) -> Vec<(u64, f64, [f64; 6])> {
    match a.filter {
        FilterArg::Ekf => with_filter::<N, _, _>(a, input, Ekf, motion),
        FilterArg::Ukf => with_filter::<N, _, _>(a, input, Ukf::default(), motion),
    }
}

fn with_filter<const N: usize, F: Filter<N>, M: MotionModel<N>>(
    a: &Args,
    input: &Input,
    filter: F,
    motion: M,
) -> Vec<(u64, f64, [f64; 6])> {
    let volume = input.clutter_volume.unwrap_or(1e12);
    let config = Config {
        gate_probability: a.gate,
        confirm_m: a.m,
        confirm_n: a.n,
        max_coast_s: a.max_coast_s,
        clutter_density: 1.0 / volume,
        ..Config::default()
    };
    let rest = 50.0; // acceleration prior for the ca model, m/s²
    let known = match a.model {
        ModelArg::Cvg => Vec3::new(0.0, 0.0, -input.gravity),
        _ => Vec3::zeros(),
    };
    match (a.associator, a.init) {
        (AssociatorArg::Gnn, InitArg::TwoPoint) => states(
            Tracker::new(
                Single::new(filter, motion),
                Gnn,
                TwoPoint::new(a.max_speed_mps, 3.0 * a.max_coast_s, rest).with_acceleration(known),
                config,
            ),
            &input.points,
        ),
        (AssociatorArg::Gnn, InitArg::OnePoint) => states(
            Tracker::new(
                Single::new(filter, motion),
                Gnn,
                OnePoint {
                    velocity_sigma_mps: a.max_speed_mps / 2.0,
                    rest_sigma: rest,
                },
                config,
            ),
            &input.points,
        ),
        (AssociatorArg::Jpda, InitArg::TwoPoint) => states(
            Tracker::new(
                Single::new(filter, motion),
                Jpda::default(),
                TwoPoint::new(a.max_speed_mps, 3.0 * a.max_coast_s, rest).with_acceleration(known),
                config,
            ),
            &input.points,
        ),
        (AssociatorArg::Jpda, InitArg::OnePoint) => states(
            Tracker::new(
                Single::new(filter, motion),
                Jpda::default(),
                OnePoint {
                    velocity_sigma_mps: a.max_speed_mps / 2.0,
                    rest_sigma: rest,
                },
                config,
            ),
            &input.points,
        ),
    }
}

/// Every state of every confirmed track, at its updates from confirmation on.
fn states<
    const N: usize,
    E: Estimator<N>,
    A: vigil_tracking::associate::Associator,
    I: vigil_tracking::initiate::Initiator<N>,
>(
    mut tracker: Tracker<N, E, A, I>,
    points: &[Point],
) -> Vec<(u64, f64, [f64; 6])> {
    let mut rows = Vec::new();
    tracker.run(points, |t, report, _| {
        for (id, _) in &report.updates {
            if let Some(track) = t.track(*id).filter(|x| x.status == Status::Confirmed) {
                let m = track.estimate.mean;
                rows.push((*id, report.t_s, std::array::from_fn(|i| m[i])));
            }
        }
    });
    rows
}
