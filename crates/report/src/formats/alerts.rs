//! `alerts.csv` of `vigil run`: every alert of every architecture, with the prediction
//! behind it, the launch it is about and the prediction scored against the object its track
//! followed (from truth tags and the flown truth: scoring only).

use super::num::{fixed, opt_fixed};
use super::report_json::ScoringReport;
use super::{FormatError, write_csv};
use serde::Serialize;
use std::path::Path;
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;

/// The columns of `alerts.csv`.
pub const HEADER: [&str; 28] = [
    "architecture",
    "t_s",
    "kind",
    "track",
    "area",
    "probability",
    "impact_lat_deg",
    "impact_lon_deg",
    "impact_t_s",
    "semi_major_km",
    "semi_minor_km",
    "major_azimuth_deg",
    "launch_lat_deg",
    "launch_lon_deg",
    "azimuth_deg",
    "sensors",
    "launch",
    "followed_launch",
    "followed_object",
    "purity",
    "true_impact_lat_deg",
    "true_impact_lon_deg",
    "true_impact_t_s",
    "inside_95",
    "miss_sigma",
    "time_miss_sigma",
    "object",
    "p_stage",
];

/// One row of `alerts.csv`; angles in degrees, times in s after the epoch.
#[derive(Debug, Clone, Serialize)]
pub struct AlertRow<'a> {
    /// Architecture id.
    pub architecture: &'a str,
    /// Time of the alert.
    #[serde(serialize_with = "fixed::<3, _>")]
    pub t_s: f64,
    /// Alert kind (`impact-predicted`, …).
    pub kind: &'static str,
    /// Track id.
    pub track: Option<u64>,
    /// Defended area id.
    pub area: Option<&'a str>,
    /// Impact probability in that area.
    #[serde(serialize_with = "fixed::<4, _>")]
    pub probability: f64,
    /// Predicted impact latitude.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub impact_lat_deg: Option<f64>,
    /// Predicted impact longitude.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub impact_lon_deg: Option<f64>,
    /// Predicted impact time.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub impact_t_s: Option<f64>,
    /// 95 % ellipse semi-major axis, km.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub semi_major_km: Option<f64>,
    /// 95 % ellipse semi-minor axis, km.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub semi_minor_km: Option<f64>,
    /// Azimuth of the major axis.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub major_azimuth_deg: Option<f64>,
    /// Infrared launch point latitude.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub launch_lat_deg: Option<f64>,
    /// Infrared launch point longitude.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub launch_lon_deg: Option<f64>,
    /// Infrared azimuth of flight.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub azimuth_deg: Option<f64>,
    /// Sensor ids, `;`-separated.
    pub sensors: String,
    /// Launch id, or `false-alarm`.
    pub launch: &'a str,
    /// Launch id of the object the track followed (majority of its updates' truth tags up to
    /// the alert); empty without an impact prediction or for false alarms.
    pub followed_launch: Option<String>,
    /// That object: `rv`, `booster`, `stage-N`.
    pub followed_object: Option<String>,
    /// Share of the track's updates with the majority truth.
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub purity: Option<f64>,
    /// The followed object's true impact latitude.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub true_impact_lat_deg: Option<f64>,
    /// Its true impact longitude.
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub true_impact_lon_deg: Option<f64>,
    /// Its true impact time.
    #[serde(serialize_with = "opt_fixed::<3, _>")]
    pub true_impact_t_s: Option<f64>,
    /// Whether the true impact fell in the 95 % ellipse.
    pub inside_95: Option<bool>,
    /// Mahalanobis distance of the true impact in the predicted east-north covariance.
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub miss_sigma: Option<f64>,
    /// (true − predicted impact time) / predicted sigma.
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub time_miss_sigma: Option<f64>,
    /// What the object is believed to be (`reentry-vehicle`, `stage`, `unknown`); empty
    /// without an impact prediction.
    pub object: Option<&'static str>,
    /// Probability that the object is a stage.
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub p_stage: Option<f64>,
}

impl<'a> AlertRow<'a> {
    /// The row of alert `k` of architecture `architecture` of run `r`.
    pub fn new(s: &'a Scenario, r: &RunResult, architecture: usize, k: usize) -> Self {
        let o = &r.architectures[architecture];
        let a = &o.alerts[k];
        let launch = o.alert_launch.get(k).copied().flatten();
        let score = o.alert_scores.get(k).copied().flatten();
        let scoring = score.map(|x| ScoringReport::new(s, &r.flown, &x));
        let e = a.impact.map(|p| p.ellipse_95());
        AlertRow {
            architecture: &s.architectures[architecture].id,
            t_s: a.t_s,
            kind: a.kind.name(),
            track: a.track,
            area: a.area.map(|k| s.defended_areas[k].id.as_str()),
            probability: a.probability,
            impact_lat_deg: a.impact.map(|p| p.point.lat_deg()),
            impact_lon_deg: a.impact.map(|p| p.point.lon_deg()),
            impact_t_s: a.impact.map(|p| p.t_s),
            semi_major_km: e.map(|e| e.semi_major_m / 1e3),
            semi_minor_km: e.map(|e| e.semi_minor_m / 1e3),
            major_azimuth_deg: e.map(|e| e.major_azimuth_rad.to_degrees()),
            launch_lat_deg: a.launch_point.map(|g| g.lat_deg()),
            launch_lon_deg: a.launch_point.map(|g| g.lon_deg()),
            azimuth_deg: a.azimuth_rad.map(f64::to_degrees),
            sensors: a
                .sensors
                .iter()
                .map(|k| s.sensors[*k as usize].id.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            launch: launch.map_or("false-alarm", |k| s.launches[k as usize].id.as_str()),
            followed_launch: scoring.as_ref().and_then(|x| x.launch.clone()),
            followed_object: scoring.as_ref().and_then(|x| x.object.clone()),
            purity: scoring.as_ref().and_then(|x| x.purity),
            true_impact_lat_deg: scoring
                .as_ref()
                .and_then(|x| x.true_impact)
                .map(|i| i.lat_deg),
            true_impact_lon_deg: scoring
                .as_ref()
                .and_then(|x| x.true_impact)
                .map(|i| i.lon_deg),
            true_impact_t_s: scoring.as_ref().and_then(|x| x.true_impact).map(|i| i.t_s),
            inside_95: scoring.as_ref().and_then(|x| x.inside_95),
            miss_sigma: scoring.as_ref().and_then(|x| x.miss_sigma),
            time_miss_sigma: scoring.as_ref().and_then(|x| x.time_miss_sigma),
            object: a.p_stage.map(|_| a.object.as_str()),
            p_stage: a.p_stage,
        }
    }
}

/// Writes `alerts.csv` of run `r`: architectures in order, each one's alerts in time order.
pub fn write_alerts(path: &Path, s: &Scenario, r: &RunResult) -> Result<(), FormatError> {
    let rows = r
        .architectures
        .iter()
        .enumerate()
        .flat_map(|(i, o)| (0..o.alerts.len()).map(move |k| AlertRow::new(s, r, i, k)));
    write_csv(path, &HEADER, rows)
}
