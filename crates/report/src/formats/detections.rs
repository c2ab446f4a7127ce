//! Detection files: `detections.csv` (angles in degrees, the covariance as standard
//! deviations) and `detections.jsonl` (one JSON object a line, SI units, the measurement
//! covariance).

use super::num::{fixed, opt_fixed};
use super::{FormatError, truth_label, write_csv};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use vigil_sensors::{Detection, Measurement};
use vigil_sim::scenario::Scenario;

/// The columns of `detections.csv`.
pub const HEADER: [&str; 20] = [
    "t_s",
    "sensor",
    "network",
    "kind",
    "range_m",
    "azimuth_deg",
    "elevation_deg",
    "range_rate_mps",
    "alpha_deg",
    "delta_deg",
    "sigma_range_m",
    "sigma_angle_mrad",
    "sigma_range_rate_mps",
    "sigma_los_urad",
    "sensor_x_m",
    "sensor_y_m",
    "sensor_z_m",
    "snr_db",
    "rcs_m2",
    "truth",
];

/// One row of `detections.csv`: radar columns are empty for infrared rows and the other way
/// round; time in s after the epoch, sensor position ECEF.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct DetectionRow<'a> {
    #[serde(serialize_with = "fixed::<3, _>")]
    pub t_s: f64,
    pub sensor: &'a str,
    pub network: &'a str,
    /// `radar` or `infrared`.
    pub kind: &'static str,
    #[serde(serialize_with = "opt_fixed::<2, _>")]
    pub range_m: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub azimuth_deg: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub elevation_deg: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<3, _>")]
    pub range_rate_mps: Option<f64>,
    /// Infrared line-of-sight angle α.
    #[serde(serialize_with = "opt_fixed::<7, _>")]
    pub alpha_deg: Option<f64>,
    /// Infrared line-of-sight angle δ.
    #[serde(serialize_with = "opt_fixed::<7, _>")]
    pub delta_deg: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<3, _>")]
    pub sigma_range_m: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub sigma_angle_mrad: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<3, _>")]
    pub sigma_range_rate_mps: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<2, _>")]
    pub sigma_los_urad: Option<f64>,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub sensor_x_m: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub sensor_y_m: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub sensor_z_m: f64,
    #[serde(serialize_with = "fixed::<2, _>")]
    pub snr_db: f64,
    /// Radar cross-section the plot measured, m² (radar rows).
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub rcs_m2: Option<f64>,
    /// `<launch id>/<object>` or `false-alarm` (scoring only).
    pub truth: String,
}

impl<'a> DetectionRow<'a> {
    /// The row of detection `x`.
    pub fn new(s: &'a Scenario, x: &Detection) -> Self {
        let mut row = DetectionRow {
            t_s: x.t_s,
            sensor: &s.sensors[x.tag.sensor as usize].id,
            network: &s.networks[x.tag.network as usize],
            kind: "radar",
            range_m: None,
            azimuth_deg: None,
            elevation_deg: None,
            range_rate_mps: None,
            alpha_deg: None,
            delta_deg: None,
            sigma_range_m: None,
            sigma_angle_mrad: None,
            sigma_range_rate_mps: None,
            sigma_los_urad: None,
            sensor_x_m: 0.0,
            sensor_y_m: 0.0,
            sensor_z_m: 0.0,
            snr_db: x.snr_db,
            rcs_m2: x.rcs_m2,
            truth: truth_label(s, &x.truth),
        };
        let site = match x.measurement {
            Measurement::Radar {
                site,
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                sigma_range_m,
                sigma_angle_rad,
                sigma_range_rate_mps,
            } => {
                row.range_m = Some(range_m);
                row.azimuth_deg = Some(azimuth_rad.to_degrees());
                row.elevation_deg = Some(elevation_rad.to_degrees());
                row.range_rate_mps = range_rate_mps;
                row.sigma_range_m = Some(sigma_range_m);
                row.sigma_angle_mrad = Some(sigma_angle_rad * 1e3);
                row.sigma_range_rate_mps = sigma_range_rate_mps;
                site
            }
            Measurement::LineOfSight {
                observer,
                alpha_rad,
                delta_rad,
                sigma_rad,
            } => {
                row.kind = "infrared";
                row.alpha_deg = Some(alpha_rad.to_degrees());
                row.delta_deg = Some(delta_rad.to_degrees());
                row.sigma_los_urad = Some(sigma_rad * 1e6);
                observer
            }
        };
        [row.sensor_x_m, row.sensor_y_m, row.sensor_z_m] = site.to_array();
        row
    }
}

/// Writes `detections.csv`, one detection a row in the order given.
pub fn write_detections_csv(path: &Path, s: &Scenario, d: &[Detection]) -> Result<(), FormatError> {
    write_csv(path, &HEADER, d.iter().map(|x| DetectionRow::new(s, x)))
}

/// One line of `detections.jsonl`. Fields in alphabetical order (the file's key order).
#[derive(Debug, Clone, Serialize)]
pub struct DetectionLine<'a> {
    /// Measurement covariance (SI units, radians), row by row.
    pub covariance: Vec<Vec<f64>>,
    /// The measurement.
    pub measurement: MeasurementJson,
    /// Network id.
    pub network: &'a str,
    /// Sensor id.
    pub sensor: &'a str,
    /// Signal-to-noise ratio, dB.
    pub snr_db: f64,
    /// Radar cross-section the plot measured, m² (null for lines of sight).
    pub rcs_m2: Option<f64>,
    /// Time, s after the epoch.
    pub t_s: f64,
    /// `<launch id>/<object>` or `false-alarm` (scoring only).
    pub truth: String,
}

/// A measurement in `detections.jsonl` (`kind` says which).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum MeasurementJson {
    /// Radar: range, angles and optionally range rate from the site.
    Radar {
        azimuth_rad: f64,
        elevation_rad: f64,
        /// `radar`.
        kind: &'static str,
        range_m: f64,
        range_rate_mps: Option<f64>,
        sensor_ecef_m: [f64; 3],
    },
    /// Infrared line of sight from the observer.
    LineOfSight {
        alpha_rad: f64,
        delta_rad: f64,
        /// `line_of_sight`.
        kind: &'static str,
        sensor_ecef_m: [f64; 3],
    },
}

impl<'a> DetectionLine<'a> {
    /// The line of detection `x`.
    pub fn new(s: &'a Scenario, x: &Detection) -> Self {
        let c = x.measurement.covariance();
        let (measurement, n) = match x.measurement {
            Measurement::Radar {
                site,
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                ..
            } => (
                MeasurementJson::Radar {
                    azimuth_rad,
                    elevation_rad,
                    kind: "radar",
                    range_m,
                    range_rate_mps,
                    sensor_ecef_m: site.to_array(),
                },
                if range_rate_mps.is_some() { 4 } else { 3 },
            ),
            Measurement::LineOfSight {
                observer,
                alpha_rad,
                delta_rad,
                ..
            } => (
                MeasurementJson::LineOfSight {
                    alpha_rad,
                    delta_rad,
                    kind: "line_of_sight",
                    sensor_ecef_m: observer.to_array(),
                },
                2,
            ),
        };
        DetectionLine {
            covariance: (0..n)
                .map(|i| (0..n).map(|j| c[(i, j)]).collect())
                .collect(),
            measurement,
            network: &s.networks[x.tag.network as usize],
            sensor: &s.sensors[x.tag.sensor as usize].id,
            snr_db: x.snr_db,
            rcs_m2: x.rcs_m2,
            t_s: x.t_s,
            truth: truth_label(s, &x.truth),
        }
    }
}

/// Writes `detections.jsonl`, one detection a line in the order given.
pub fn write_detections_jsonl(
    path: &Path,
    s: &Scenario,
    d: &[Detection],
) -> Result<(), FormatError> {
    let err = |e: std::io::Error| FormatError::write(path, e);
    let mut w = super::PartFile::create(path).map_err(err)?;
    for x in d {
        serde_json::to_writer(&mut w, &DetectionLine::new(s, x)).map_err(|e| err(e.into()))?;
        w.write_all(b"\n").map_err(err)?;
    }
    w.commit().map_err(err)
}
