//! `predictions.csv` of `vigil run`: every impact prediction the warning stage made, announced
//! or not, with what it believed the object was, scored against the object its track followed
//! (from truth tags and the flown truth: scoring only). The file behind the calibration table:
//! which predictions missed, on which objects, judged as what.

use super::num::{fixed, opt_fixed};
use super::report_json::ScoringReport;
use super::{FormatError, write_csv};
use serde::Serialize;
use std::path::Path;
use vigil_sim::run::RunResult;
use vigil_sim::scenario::Scenario;

/// The columns of `predictions.csv`.
pub const HEADER: [&str; 23] = [
    "architecture",
    "t_s",
    "track",
    "impact_lat_deg",
    "impact_lon_deg",
    "impact_t_s",
    "impact_t_sigma_s",
    "semi_major_km",
    "semi_minor_km",
    "major_azimuth_deg",
    "object",
    "p_stage",
    "followed_launch",
    "followed_object",
    "purity",
    "time_to_go_s",
    "true_impact_lat_deg",
    "true_impact_lon_deg",
    "true_impact_t_s",
    "inside_95",
    "miss_sigma",
    "time_miss_sigma",
    "inside_95_any_held",
];

/// One row of `predictions.csv`; angles in degrees, times in s after the epoch.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct PredictionRow<'a> {
    pub architecture: &'a str,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub t_s: f64,
    pub track: u64,
    #[serde(serialize_with = "fixed::<6, _>")]
    pub impact_lat_deg: f64,
    #[serde(serialize_with = "fixed::<6, _>")]
    pub impact_lon_deg: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub impact_t_s: f64,
    #[serde(serialize_with = "fixed::<3, _>")]
    pub impact_t_sigma_s: f64,
    #[serde(serialize_with = "fixed::<6, _>")]
    pub semi_major_km: f64,
    #[serde(serialize_with = "fixed::<6, _>")]
    pub semi_minor_km: f64,
    #[serde(serialize_with = "fixed::<6, _>")]
    pub major_azimuth_deg: f64,
    pub object: &'static str,
    #[serde(serialize_with = "fixed::<4, _>")]
    pub p_stage: f64,
    pub followed_launch: Option<String>,
    pub followed_object: Option<String>,
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub purity: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<3, _>")]
    pub time_to_go_s: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub true_impact_lat_deg: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<6, _>")]
    pub true_impact_lon_deg: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<3, _>")]
    pub true_impact_t_s: Option<f64>,
    pub inside_95: Option<bool>,
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub miss_sigma: Option<f64>,
    #[serde(serialize_with = "opt_fixed::<4, _>")]
    pub time_miss_sigma: Option<f64>,
    /// Whether the ellipse holds the true impact of any object among the track's recent
    /// updates (tracks holding objects they do not resolve).
    pub inside_95_any_held: Option<bool>,
}

impl<'a> PredictionRow<'a> {
    /// The row of prediction `k` of architecture `architecture` of run `r`.
    pub fn new(s: &'a Scenario, r: &RunResult, architecture: usize, k: usize) -> Self {
        let o = &r.architectures[architecture];
        let p = &o.predictions[k];
        let score = o.prediction_scores.get(k).copied().flatten();
        let scoring = score.map(|x| ScoringReport::new(s, &r.flown, &x));
        let e = p.impact.ellipse_95();
        let truth = scoring.as_ref().and_then(|x| x.true_impact);
        PredictionRow {
            architecture: &s.architectures[architecture].id,
            t_s: p.t_s,
            track: p.track,
            impact_lat_deg: p.impact.point.lat_deg(),
            impact_lon_deg: p.impact.point.lon_deg(),
            impact_t_s: p.impact.t_s,
            impact_t_sigma_s: p.impact.t_sigma_s,
            semi_major_km: e.semi_major_m / 1e3,
            semi_minor_km: e.semi_minor_m / 1e3,
            major_azimuth_deg: e.major_azimuth_rad.to_degrees(),
            object: p.object.as_str(),
            p_stage: p.p_stage,
            followed_launch: scoring.as_ref().and_then(|x| x.launch.clone()),
            followed_object: scoring.as_ref().and_then(|x| x.object.clone()),
            purity: scoring.as_ref().and_then(|x| x.purity),
            time_to_go_s: scoring.as_ref().and_then(|x| x.time_to_go_s),
            true_impact_lat_deg: truth.map(|i| i.lat_deg),
            true_impact_lon_deg: truth.map(|i| i.lon_deg),
            true_impact_t_s: truth.map(|i| i.t_s),
            inside_95: scoring.as_ref().and_then(|x| x.inside_95),
            miss_sigma: scoring.as_ref().and_then(|x| x.miss_sigma),
            time_miss_sigma: scoring.as_ref().and_then(|x| x.time_miss_sigma),
            inside_95_any_held: score.and_then(|x| x.inside_95_any_held),
        }
    }
}

/// Writes `predictions.csv` of run `r`: architectures in order, each one's predictions in time
/// order.
pub fn write_predictions(path: &Path, s: &Scenario, r: &RunResult) -> Result<(), FormatError> {
    let rows =
        r.architectures.iter().enumerate().flat_map(|(i, o)| {
            (0..o.predictions.len()).map(move |k| PredictionRow::new(s, r, i, k))
        });
    write_csv(path, &HEADER, rows)
}
