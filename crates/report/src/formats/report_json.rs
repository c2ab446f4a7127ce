//! `report.json` of `vigil run`, schema 1.2 (documented in `docs/report-schema.md`).
//!
//! Fields are declared in alphabetical order: that is the key order of the file, and keeping
//! it keeps the bytes of the schema.

use super::{FormatError, write_pretty_json};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use vigil_earth::Geodetic;
use vigil_sim::predictions::PredictionScore;
use vigil_sim::run::{ArchitectureOutcome, LaunchOutcome, RunResult};
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::file::FusionSpec;
use vigil_sim::truth::FlownLaunch;
use vigil_warning::alerts::{Alert, AlertKind};

/// Version of the `report.json` format.
pub const SCHEMA_VERSION: &str = "1.3";

/// The whole report of a run.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// Per architecture.
    pub architectures: Vec<ArchitectureReport>,
    /// The scenario's description.
    pub description: String,
    /// Scenario duration, s.
    pub duration_s: f64,
    /// Time origin (UTC).
    pub epoch: String,
    /// Scenario name.
    pub scenario: String,
    /// [`SCHEMA_VERSION`].
    pub schema_version: &'static str,
    /// Scenario seed.
    pub seed: u64,
}

/// One architecture's results.
#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureReport {
    /// Number of alerts raised.
    pub alerts_total: usize,
    /// Radars cued by the architecture's infrared launch events, in the order cued.
    pub cues: Vec<CueReport>,
    /// Central or track fusion.
    pub fusion: FusionSpec,
    /// Architecture id.
    pub id: String,
    /// Per launch, in scenario order.
    pub launches: Vec<LaunchReport>,
    /// Networks combined.
    pub networks: Vec<String>,
    /// Raid assessment from the alerts alone.
    pub raid: RaidReport,
    /// Tracking figures.
    pub tracking: TrackingReport,
}

/// A radar cued by an infrared launch event: its cued looks' window, sector and cost.
#[derive(Debug, Clone, Serialize)]
pub struct CueReport {
    /// Centre of the cued azimuth sector, degrees clockwise from north.
    pub centre_az_deg: f64,
    /// First cued look, s.
    pub from_s: f64,
    /// Half-width of the cued azimuth sector, degrees.
    pub half_width_deg: f64,
    /// The radar's id.
    pub radar: String,
    /// Share of a face's time the cued looks take (above 1: more than the face has).
    pub time_share: f64,
    /// Last time a cued look may be taken, s.
    pub until_s: f64,
}

/// One launch under one architecture; times are s after the epoch.
#[derive(Debug, Clone, Serialize)]
pub struct LaunchReport {
    /// Every alert about this launch, in time order.
    pub alerts: Vec<AlertReport>,
    /// Impact time − first detection, s.
    pub detection_warning_s: Option<f64>,
    /// First correct alert.
    pub first_alert_s: Option<f64>,
    /// First assessment: a radar track of the launch corroborated by an infrared launch event.
    pub first_assessment_s: Option<f64>,
    /// First detection of any object of the launch.
    pub first_detection_s: Option<f64>,
    /// First infrared launch alert.
    pub first_launch_alert_s: Option<f64>,
    /// First confirmed track on any of its objects.
    pub first_track_s: Option<f64>,
    /// Predicted vs true impact at the first correct alert, km.
    pub impact_error_km: Option<f64>,
    /// True impact latitude, degrees.
    pub impact_lat_deg: f64,
    /// True impact longitude, degrees.
    pub impact_lon_deg: f64,
    /// True impact time of the reentry vehicle.
    pub impact_time_s: f64,
    /// Impact time − first launch alert, s.
    pub launch_alert_warning_s: Option<f64>,
    /// Launch id.
    pub launch_id: String,
    /// Launch time.
    pub launch_time_s: f64,
    /// Missile class id.
    pub missile: String,
    /// Defended areas the reentry vehicle lands in.
    pub threatened_areas: Vec<String>,
    /// Impact time − first confirmed track, s.
    pub track_warning_s: Option<f64>,
    /// Impact time − first correct alert, s.
    pub warning_time_s: Option<f64>,
}

/// One alert.
#[derive(Debug, Clone, Serialize)]
pub struct AlertReport {
    /// Defended area named.
    pub area: Option<String>,
    /// Infrared: coarse azimuth of flight, degrees.
    pub azimuth_deg: Option<f64>,
    /// The impact prediction behind it.
    pub impact: Option<ImpactReport>,
    /// `launch-detected`, `track-confirmed`, `launch-assessed`, `impact-predicted`, `updated` or
    /// `cancelled`.
    pub kind: &'static str,
    /// Infrared: launch point.
    pub launch_point: Option<LatLon>,
    /// What the object of an impact alert is believed to be: `reentry-vehicle`, `stage` or
    /// `unknown` (None for alerts without a prediction).
    pub object: Option<&'static str>,
    /// Probability that the object is a stage (None for alerts without a prediction).
    pub p_stage: Option<f64>,
    /// Impact probability inside the area.
    pub probability: f64,
    /// Scoring of the impact prediction against the object its track followed (truth; None
    /// for alerts without a prediction).
    pub scoring: Option<ScoringReport>,
    /// Sensors the alert rests on.
    pub sensors: Vec<String>,
    /// Time of the alert.
    pub t_s: f64,
    /// Track id (None for infrared launch alerts).
    pub track: Option<u64>,
}

/// An impact prediction scored against the true object its track followed (truth, for
/// scoring only).
#[derive(Debug, Clone, Serialize)]
pub struct ScoringReport {
    /// Whether the true impact fell in the prediction's 95 % ellipse (None: not scorable).
    pub inside_95: Option<bool>,
    /// Launch id of the object the track followed (None: false alarms or a phantom).
    pub launch: Option<String>,
    /// Mahalanobis distance of the true impact in the prediction's east-north covariance.
    pub miss_sigma: Option<f64>,
    /// The object the track followed: `rv`, `booster`, `stage-N` (None: false alarms or a
    /// phantom).
    pub object: Option<String>,
    /// Share of the track's updates up to the alert whose truth is that object (or, if the
    /// majority are false alarms, false alarms).
    pub purity: Option<f64>,
    /// (true − predicted impact time) / predicted sigma.
    pub time_miss_sigma: Option<f64>,
    /// The followed object's true impact time − the alert's, s.
    pub time_to_go_s: Option<f64>,
    /// The followed object's true impact (None if it never comes down).
    pub true_impact: Option<TrueImpactReport>,
    /// Track updates counted.
    pub updates: usize,
}

/// A true impact.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TrueImpactReport {
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
    /// Impact time.
    pub t_s: f64,
}

impl ScoringReport {
    /// The report of score `x`, with the names of scenario `s` and its flown launches.
    pub fn new(s: &Scenario, flown: &[FlownLaunch], x: &PredictionScore) -> Self {
        let object = x.object();
        ScoringReport {
            inside_95: x.inside_95(),
            launch: object.and_then(|(l, _)| s.launches.get(l as usize).map(|l| l.id.clone())),
            miss_sigma: x.miss.and_then(|m| m.miss_sigma),
            object: object.and_then(|(l, o)| {
                flown
                    .get(l as usize)?
                    .flight
                    .objects
                    .get(o as usize)
                    .map(|o| o.name())
            }),
            purity: x.followed.map(|m| m.purity),
            time_miss_sigma: x.miss.and_then(|m| m.time_miss_sigma),
            time_to_go_s: x.time_to_go_s,
            true_impact: x.true_impact.map(|i| TrueImpactReport {
                lat_deg: i.point.lat_deg(),
                lon_deg: i.point.lon_deg(),
                t_s: i.t_s,
            }),
            updates: x.followed.map_or(0, |m| m.updates),
        }
    }
}

/// A point in degrees.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LatLon {
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
}

impl From<Geodetic> for LatLon {
    fn from(g: Geodetic) -> Self {
        LatLon {
            lat_deg: g.lat_deg(),
            lon_deg: g.lon_deg(),
        }
    }
}

/// A predicted impact.
#[derive(Debug, Clone, Serialize)]
pub struct ImpactReport {
    /// The 95 % ellipse.
    pub ellipse_95: EllipseReport,
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
    /// Impact time.
    pub t_s: f64,
    /// Its standard deviation, s.
    pub t_sigma_s: f64,
}

/// A 95 % error ellipse on the ground.
#[derive(Debug, Clone, Serialize)]
pub struct EllipseReport {
    /// Azimuth of the major axis, degrees.
    pub major_azimuth_deg: f64,
    /// Semi-major axis, km.
    pub semi_major_km: f64,
    /// Semi-minor axis, km.
    pub semi_minor_km: f64,
}

/// Tracking figures of an architecture.
#[derive(Debug, Clone, Serialize)]
pub struct TrackingReport {
    /// Confirmed tracks.
    pub confirmed_tracks: usize,
    /// Detections fed to the tracker.
    pub detections: usize,
    /// Confirmed tracks on no object.
    pub false_tracks: usize,
    /// Mean GOSPA, m.
    pub mean_gospa_m: Option<f64>,
    /// Objects never tracked.
    pub missed_objects: usize,
    /// Position RMSE, m.
    pub position_rmse_m: Option<f64>,
    /// Velocity RMSE, m/s.
    pub velocity_rmse_mps: Option<f64>,
}

/// What the warning centre knows from the alerts alone (no truth).
#[derive(Debug, Clone, Serialize)]
pub struct RaidReport {
    /// Per defended area, the tracks threatening it.
    pub areas: Vec<AreaThreat>,
    /// Number of infrared launch events.
    pub launch_events: usize,
    /// Infrared launch events.
    pub launches: Vec<LaunchEvent>,
    /// Tracks with a standing impact prediction.
    pub tracks_with_impact_predictions: usize,
}

/// Tracks threatening one defended area.
#[derive(Debug, Clone, Serialize)]
pub struct AreaThreat {
    /// Area id.
    pub area: String,
    /// Tracks whose latest prediction names it.
    pub threatening_tracks: usize,
}

/// An infrared launch event.
#[derive(Debug, Clone, Serialize)]
pub struct LaunchEvent {
    /// Launch latitude, degrees.
    pub lat_deg: Option<f64>,
    /// Launch longitude, degrees.
    pub lon_deg: Option<f64>,
    /// Time of the alert.
    pub t_s: f64,
}

impl RunReport {
    /// The report of run `r` of scenario `s`.
    pub fn from_run(s: &Scenario, r: &RunResult) -> Self {
        RunReport {
            architectures: r
                .architectures
                .iter()
                .enumerate()
                .map(|(i, o)| ArchitectureReport::new(s, &r.flown, i, o))
                .collect(),
            description: s.description.clone(),
            duration_s: s.duration_s,
            epoch: s.epoch.to_string(),
            scenario: s.name.clone(),
            schema_version: SCHEMA_VERSION,
            seed: s.seed,
        }
    }

    /// Writes the report (pretty JSON and a line end) to `path`.
    pub fn write_json(&self, path: &Path) -> Result<(), FormatError> {
        write_pretty_json(path, self)
    }
}

impl ArchitectureReport {
    fn new(s: &Scenario, flown: &[FlownLaunch], i: usize, o: &ArchitectureOutcome) -> Self {
        let arch = &s.architectures[i];
        let t = &o.tracking;
        ArchitectureReport {
            alerts_total: o.alerts.len(),
            cues: o
                .cues
                .iter()
                .map(|c| CueReport {
                    centre_az_deg: c.centre_az_rad.to_degrees(),
                    from_s: c.from_s,
                    half_width_deg: c.half_width_rad.to_degrees(),
                    radar: s.sensors[c.radar].id.clone(),
                    time_share: c.time_share,
                    until_s: c.until_s,
                })
                .collect(),
            fusion: arch.fusion,
            id: arch.id.clone(),
            launches: s
                .launches
                .iter()
                .zip(&o.launches)
                .map(|(l, x)| LaunchReport::new(s, flown, o, (&l.id, &l.class.id, l.time_s), x))
                .collect(),
            networks: arch
                .networks
                .iter()
                .map(|n| s.networks[*n].clone())
                .collect(),
            raid: RaidReport::new(s, &o.alerts),
            tracking: TrackingReport {
                confirmed_tracks: t.confirmed_tracks,
                detections: t.detections,
                false_tracks: t.quality.false_tracks,
                mean_gospa_m: t.mean_gospa_m,
                missed_objects: t.quality.missed_objects,
                position_rmse_m: t.position_rmse_m,
                velocity_rmse_mps: t.velocity_rmse_mps,
            },
        }
    }
}

impl LaunchReport {
    fn new(
        s: &Scenario,
        flown: &[FlownLaunch],
        o: &ArchitectureOutcome,
        (id, missile, launch_time_s): (&str, &str, f64),
        x: &LaunchOutcome,
    ) -> Self {
        let before_impact = |t: Option<f64>| t.map(|t| x.impact_time_s - t);
        LaunchReport {
            alerts: x
                .alerts
                .iter()
                .map(|k| {
                    let score = o.alert_scores.get(*k).copied().flatten();
                    AlertReport::new(s, &o.alerts[*k]).scored(s, flown, score.as_ref())
                })
                .collect(),
            detection_warning_s: before_impact(x.first_detection_s),
            first_alert_s: x.first_alert_s,
            first_assessment_s: x.first_assessment_s,
            first_detection_s: x.first_detection_s,
            first_launch_alert_s: x.first_launch_alert_s,
            first_track_s: x.first_track_s,
            impact_error_km: x.impact_error_km,
            impact_lat_deg: x.impact_point.lat_deg(),
            impact_lon_deg: x.impact_point.lon_deg(),
            impact_time_s: x.impact_time_s,
            launch_alert_warning_s: before_impact(x.first_launch_alert_s),
            launch_id: id.to_string(),
            launch_time_s,
            missile: missile.to_string(),
            threatened_areas: x
                .threatened_areas
                .iter()
                .map(|k| s.defended_areas[*k].id.clone())
                .collect(),
            track_warning_s: before_impact(x.first_track_s),
            warning_time_s: x.warning_time_s,
        }
    }
}

impl AlertReport {
    /// The alert `a`, with the scenario's names for its sensors and area.
    pub fn new(s: &Scenario, a: &Alert) -> Self {
        AlertReport {
            area: a.area.map(|i| s.defended_areas[i].id.clone()),
            azimuth_deg: a.azimuth_rad.map(f64::to_degrees),
            impact: a.impact.map(|p| {
                let e = p.ellipse_95();
                ImpactReport {
                    ellipse_95: EllipseReport {
                        major_azimuth_deg: e.major_azimuth_rad.to_degrees(),
                        semi_major_km: e.semi_major_m / 1e3,
                        semi_minor_km: e.semi_minor_m / 1e3,
                    },
                    lat_deg: p.point.lat_deg(),
                    lon_deg: p.point.lon_deg(),
                    t_s: p.t_s,
                    t_sigma_s: p.t_sigma_s,
                }
            }),
            kind: a.kind.name(),
            launch_point: a.launch_point.map(LatLon::from),
            object: a.p_stage.map(|_| a.object.as_str()),
            p_stage: a.p_stage,
            probability: a.probability,
            scoring: None,
            sensors: a
                .sensors
                .iter()
                .map(|i| s.sensors[*i as usize].id.clone())
                .collect(),
            t_s: a.t_s,
            track: a.track,
        }
    }

    /// The alert with the per-object scoring of its impact prediction.
    pub fn scored(
        self,
        s: &Scenario,
        flown: &[FlownLaunch],
        score: Option<&PredictionScore>,
    ) -> Self {
        AlertReport {
            scoring: score.map(|x| ScoringReport::new(s, flown, x)),
            ..self
        }
    }
}

impl RaidReport {
    /// Raid assessment from `alerts` alone: launch events seen by infrared, tracks predicted
    /// to come down (the latest impact alert of each track not cancelled since), and per
    /// defended area the tracks whose latest prediction names it.
    pub fn new(s: &Scenario, alerts: &[Alert]) -> Self {
        let launches: Vec<LaunchEvent> = alerts
            .iter()
            .filter(|a| a.kind == AlertKind::LaunchDetected && a.azimuth_rad.is_none())
            .map(|a| LaunchEvent {
                lat_deg: a.launch_point.map(|g| g.lat_deg()),
                lon_deg: a.launch_point.map(|g| g.lon_deg()),
                t_s: a.t_s,
            })
            .collect();
        let mut latest: BTreeMap<u64, Option<usize>> = BTreeMap::new();
        for a in alerts {
            match (a.track, a.kind) {
                (Some(t), AlertKind::ImpactPredicted | AlertKind::Updated) => {
                    latest.insert(t, a.area);
                }
                (Some(t), AlertKind::Cancelled) => {
                    latest.remove(&t);
                }
                _ => {}
            }
        }
        RaidReport {
            areas: s
                .defended_areas
                .iter()
                .enumerate()
                .map(|(k, d)| AreaThreat {
                    area: d.id.clone(),
                    threatening_tracks: latest.values().filter(|a| **a == Some(k)).count(),
                })
                .collect(),
            launch_events: launches.len(),
            launches,
            tracks_with_impact_predictions: latest.len(),
        }
    }
}
