//! Tracking files: `tracks-<architecture>.csv` and `tracking-metrics.json` of a scenario's
//! architectures, and the generic Cartesian mode of `vigil track` (measurements in, confirmed
//! track states out: at every scan of their lives, or after their updates only).

use super::num::{exact, fixed, opt_fixed};
use super::{
    DATA_FILE, FormatError, MAX_DATA_BYTES, ReadRow, parse_row, read_csv_lines, read_limited,
    truth_label, utf8_text, write_csv, write_pretty_json,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use vigil_earth::math::Vec3;
use vigil_sim::scenario::Scenario;
use vigil_sim::track::{ArchitectureRun, TrackRow};
use vigil_tracking::generic::{Output, TrackState};
use vigil_tracking::observation::Point;

/// The columns of `tracks-<architecture>.csv`.
pub const HEADER: [&str; 20] = [
    "track_id",
    "t_s",
    "x_m",
    "y_m",
    "z_m",
    "vx_mps",
    "vy_mps",
    "vz_mps",
    "sigma_x_m",
    "sigma_y_m",
    "sigma_z_m",
    "sigma_vx_mps",
    "sigma_vy_mps",
    "sigma_vz_mps",
    "status",
    "phase",
    "rcs_m2_est",
    "object_hint",
    "truth",
    "position_error_m",
];

/// One track update: ECEF state and standard deviations (m, m/s), time in s after the epoch.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct TrackRecord {
    pub track_id: u64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub t_s: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub x_m: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub y_m: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub z_m: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub vx_mps: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub vy_mps: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub vz_mps: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub sigma_x_m: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub sigma_y_m: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub sigma_z_m: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub sigma_vx_mps: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub sigma_vy_mps: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub sigma_vz_mps: f64,
    /// `tentative` or `confirmed`.
    pub status: &'static str,
    /// `boost`, `ballistic` or `reentry`.
    pub phase: &'static str,
    /// RCS estimated from the track's radar detections, m².
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub rcs_m2_est: Option<f64>,
    /// Object type judged from that RCS.
    pub object_hint: &'static str,
    /// `<launch id>/<object>` or `false-alarm` (scoring only).
    pub truth: String,
    /// Position error against the truth, m.
    #[serde(serialize_with = "opt_fixed::<1, _>")]
    pub position_error_m: Option<f64>,
}

impl TrackRecord {
    /// The record of track update `r`.
    pub fn new(s: &Scenario, r: &TrackRow) -> Self {
        let [x_m, y_m, z_m, vx_mps, vy_mps, vz_mps] = r.state;
        let [
            sigma_x_m,
            sigma_y_m,
            sigma_z_m,
            sigma_vx_mps,
            sigma_vy_mps,
            sigma_vz_mps,
        ] = r.sigma;
        TrackRecord {
            track_id: r.track_id,
            t_s: r.t_s,
            x_m,
            y_m,
            z_m,
            vx_mps,
            vy_mps,
            vz_mps,
            sigma_x_m,
            sigma_y_m,
            sigma_z_m,
            sigma_vx_mps,
            sigma_vy_mps,
            sigma_vz_mps,
            status: r.status.as_str(),
            phase: r.phase.as_str(),
            rcs_m2_est: r.rcs.map(|r| r.m2()),
            object_hint: r.object.as_str(),
            truth: truth_label(s, &r.truth),
            position_error_m: r.position_error_m,
        }
    }
}

/// Writes `tracks-<architecture>.csv`: every update of every track, in the tracker's order.
pub fn write_tracks(path: &Path, s: &Scenario, rows: &[TrackRow]) -> Result<(), FormatError> {
    write_csv(path, &HEADER, rows.iter().map(|r| TrackRecord::new(s, r)))
}

/// `tracking-metrics.json` of `vigil track`. Fields in alphabetical order (the file's key
/// order).
#[derive(Debug, Clone, Serialize)]
pub struct TrackingMetrics {
    /// Per architecture tracked.
    pub architectures: Vec<ArchitectureMetrics>,
    /// Scenario name.
    pub scenario: String,
    /// Scenario seed.
    pub seed: u64,
}

/// Tracking figures of one architecture.
#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureMetrics {
    /// Architecture id.
    pub architecture: String,
    /// Confirmed tracks.
    pub confirmed_tracks: usize,
    /// Detections fed to the tracker.
    pub detections: usize,
    /// Confirmed tracks on no object.
    pub false_tracks: usize,
    /// Per launch id, first confirmed track on it, s after launch.
    pub first_confirmed_track_s: BTreeMap<String, Option<f64>>,
    /// Track fragmentation (extra tracks on the same object).
    pub fragmentation: usize,
    /// Mean GOSPA, m.
    pub mean_gospa_m: Option<f64>,
    /// Mean track purity.
    pub mean_purity: Option<f64>,
    /// Objects never tracked.
    pub missed_objects: usize,
    /// Position RMSE, m.
    pub position_rmse_m: Option<f64>,
    /// Velocity RMSE, m/s.
    pub velocity_rmse_mps: Option<f64>,
}

impl ArchitectureMetrics {
    /// The figures of architecture `i` of `s` tracked as `run`.
    pub fn new(s: &Scenario, i: usize, run: &ArchitectureRun) -> Self {
        let q = &run.quality;
        ArchitectureMetrics {
            architecture: s.architectures[i].id.clone(),
            confirmed_tracks: run.confirmed_tracks,
            detections: run.detections,
            false_tracks: q.false_tracks,
            first_confirmed_track_s: s
                .launches
                .iter()
                .zip(&run.first_confirmed_s)
                .map(|(l, t)| (l.id.clone(), t.map(|t| t - l.time_s)))
                .collect(),
            fragmentation: q.fragmentation,
            mean_gospa_m: run.mean_gospa_m,
            mean_purity: q.mean_purity,
            missed_objects: q.missed_objects,
            position_rmse_m: run.position_rmse_m,
            velocity_rmse_mps: run.velocity_rmse_mps,
        }
    }
}

impl TrackingMetrics {
    /// Writes the metrics (pretty JSON and a line end) to `path`.
    pub fn write_json(&self, path: &Path) -> Result<(), FormatError> {
        write_pretty_json(path, self)
    }
}

/// The generic mode's contract columns, first in both of its outputs.
pub const STATE_COLUMNS: [&str; 8] = ["track_id", "time_s", "x", "y", "z", "vx", "vy", "vz"];

/// The columns the generic mode's life output adds after [`STATE_COLUMNS`].
pub const LIFE_COLUMNS: [&str; 2] = ["status", "sigma_pos_m"];

/// One confirmed track state of the generic mode: time in the input's unit, Cartesian
/// position and velocity in the input's axes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct StateRow {
    pub track_id: u64,
    #[serde(serialize_with = "exact")]
    pub time_s: f64,
    #[serde(serialize_with = "exact")]
    pub x: f64,
    #[serde(serialize_with = "exact")]
    pub y: f64,
    #[serde(serialize_with = "exact")]
    pub z: f64,
    #[serde(serialize_with = "exact")]
    pub vx: f64,
    #[serde(serialize_with = "exact")]
    pub vy: f64,
    #[serde(serialize_with = "exact")]
    pub vz: f64,
}

impl From<&TrackState> for StateRow {
    fn from(s: &TrackState) -> Self {
        let [x, y, z, vx, vy, vz] = s.state;
        StateRow {
            track_id: s.track_id,
            time_s: s.t_s,
            x,
            y,
            z,
            vx,
            vy,
            vz,
        }
    }
}

/// A [`StateRow`] with how the state came about (`tentative`, `updated`, `coasted`) and its
/// position standard deviation (√ of the position covariance's trace, m).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct LifeRow {
    pub track_id: u64,
    #[serde(serialize_with = "exact")]
    pub time_s: f64,
    #[serde(serialize_with = "exact")]
    pub x: f64,
    #[serde(serialize_with = "exact")]
    pub y: f64,
    #[serde(serialize_with = "exact")]
    pub z: f64,
    #[serde(serialize_with = "exact")]
    pub vx: f64,
    #[serde(serialize_with = "exact")]
    pub vy: f64,
    #[serde(serialize_with = "exact")]
    pub vz: f64,
    pub status: &'static str,
    #[serde(serialize_with = "exact")]
    pub sigma_pos_m: f64,
}

impl From<&TrackState> for LifeRow {
    fn from(s: &TrackState) -> Self {
        let [x, y, z, vx, vy, vz] = s.state;
        LifeRow {
            track_id: s.track_id,
            time_s: s.t_s,
            x,
            y,
            z,
            vx,
            vy,
            vz,
            status: s.status.as_str(),
            sigma_pos_m: s.sigma_pos_m,
        }
    }
}

/// Writes the generic mode's track states: the columns [`STATE_COLUMNS`]
/// (`track_id,time_s,x,y,z,vx,vy,vz`), then, for [`Output::Life`], [`LIFE_COLUMNS`]
/// (`status,sigma_pos_m`).
pub fn write_states(path: &Path, states: &[TrackState], output: Output) -> Result<(), FormatError> {
    match output {
        Output::Life => {
            let header: Vec<&str> = STATE_COLUMNS.iter().chain(&LIFE_COLUMNS).copied().collect();
            write_csv(path, &header, states.iter().map(LifeRow::from))
        }
        Output::UpdatesOnly => write_csv(path, &STATE_COLUMNS, states.iter().map(StateRow::from)),
    }
}

/// The columns of a measurement file.
pub const MEASUREMENT_COLUMNS: [&str; 5] = ["time_s", "sensor_id", "x_m", "y_m", "z_m"];

/// A measurement file of the generic mode, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurements {
    /// The points in file order (sorted by time); `source` numbers the sensor ids in order of
    /// first appearance.
    pub points: Vec<Point>,
    /// The sensor ids, indexed by the points' `source`.
    pub sensors: Vec<String>,
    /// Gravity along −z, m/s² (`# gravity_mps2=`, default 9.80665).
    pub gravity_mps2: f64,
    /// Volume over which clutter is spread, m³ (`# clutter_volume_m3=`).
    pub clutter_volume_m3: Option<f64>,
}

#[derive(Deserialize)]
struct MeasurementRow {
    time_s: f64,
    sensor_id: String,
    x_m: f64,
    y_m: f64,
    z_m: f64,
}

impl ReadRow for MeasurementRow {
    const HEADER: &'static [&'static str] = &MEASUREMENT_COLUMNS;
    const NUMBERS: &'static [&'static str] = &["time_s", "x_m", "y_m", "z_m"];
}

/// Header settings of a measurement file (`# key=value` lines).
struct Settings {
    noise_std_m: f64,
    per_sensor: HashMap<String, f64>,
    gravity_mps2: f64,
    clutter_volume_m3: Option<f64>,
}

impl Settings {
    fn read(text: &str) -> Result<Self, (u64, String)> {
        let mut s = Settings {
            noise_std_m: 50.0,
            per_sensor: HashMap::new(),
            gravity_mps2: 9.806_65,
            clutter_volume_m3: None,
        };
        let num = |v: &str| v.parse::<f64>().ok().filter(|x| x.is_finite());
        for (n, raw) in text.lines().enumerate() {
            let line = n as u64 + 1;
            let Some((k, v)) = raw.trim().strip_prefix('#').and_then(|h| h.split_once('=')) else {
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            let bad = |what: &str| (line, format!("{k} must be {what}, got {v:?}"));
            match k {
                "noise_std_m" => {
                    s.noise_std_m = num(v)
                        .filter(|x| *x >= 0.0)
                        .ok_or_else(|| bad("a non-negative number"))?;
                }
                "gravity_mps2" => s.gravity_mps2 = num(v).ok_or_else(|| bad("a number"))?,
                "clutter_volume_m3" => {
                    s.clutter_volume_m3 =
                        Some(num(v).filter(|x| *x > 0.0).ok_or_else(|| bad("positive"))?);
                }
                "sensor_noise_std_m" => {
                    for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        let std = item.split_once(':').and_then(|(id, std)| {
                            Some((id.trim(), num(std.trim()).filter(|x| *x >= 0.0)?))
                        });
                        let (id, std) = std.ok_or_else(|| {
                            (
                                line,
                                format!("sensor_noise_std_m items are id:std ≥ 0, got {item:?}"),
                            )
                        })?;
                        s.per_sensor.insert(id.to_string(), std);
                    }
                }
                _ => {}
            }
        }
        Ok(s)
    }
}

/// Reads a measurement file: CSV rows `time_s,sensor_id,x_m,y_m,z_m` sorted by time (a header
/// line is optional; fields are trimmed), and `#` comment lines, some of which set
/// `noise_std_m` (every sensor's noise standard deviation, m, default 50),
/// `sensor_noise_std_m=id:std,…` (per sensor), `gravity_mps2` and `clutter_volume_m3`.
pub fn read_measurements(path: &Path) -> Result<Measurements, FormatError> {
    let text = utf8_text(path, read_limited(path, MAX_DATA_BYTES, DATA_FILE)?)?;
    let settings =
        Settings::read(&text).map_err(|(line, m)| FormatError::invalid(path, line, m))?;
    let mut sensors: Vec<String> = Vec::new();
    let mut points: Vec<Point> = Vec::new();
    for (line, record) in read_csv_lines(path, &text)? {
        if record.iter().all(str::is_empty) || record.get(0) == Some("time_s") {
            continue;
        }
        if record.len() != MEASUREMENT_COLUMNS.len() {
            return Err(FormatError::invalid(
                path,
                line,
                format!(
                    "expected 5 columns {}, got {}",
                    MEASUREMENT_COLUMNS.join(","),
                    record.len()
                ),
            ));
        }
        let row: MeasurementRow = parse_row(path, line, &record)?;
        if let Some(last) = points.last().filter(|p| row.time_s < p.t_s) {
            return Err(FormatError::invalid(
                path,
                line,
                format!(
                    "rows must be sorted by time: {} after {}",
                    row.time_s, last.t_s
                ),
            ));
        }
        let source = match sensors.iter().position(|s| *s == row.sensor_id) {
            Some(k) => k,
            None => {
                sensors.push(row.sensor_id.clone());
                sensors.len() - 1
            }
        };
        // (Point floors a zero noise at 1 mm.)
        let sigma = settings
            .per_sensor
            .get(&row.sensor_id)
            .copied()
            .unwrap_or(settings.noise_std_m);
        points.push(Point {
            t_s: row.time_s,
            source: source as u32,
            z: Vec3::new(row.x_m, row.y_m, row.z_m),
            sigma_m: Vec3::repeat(sigma),
        });
    }
    Ok(Measurements {
        points,
        sensors,
        gravity_mps2: settings.gravity_mps2,
        clutter_volume_m3: settings.clutter_volume_m3,
    })
}
