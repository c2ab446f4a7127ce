//! Alerts: what the warning centre announces, when, and on what basis. The engine consumes
//! infrared lines of sight (launch detection before any radar track) and track states (track
//! confirmation, impact prediction against defended areas, updates and cancellations).
//!
//! The alert ladder: an **event** rests on one phenomenology (an infrared launch detection, or
//! a radar track confirmed); an **assessment** is a radar track whose launch, flown back,
//! agrees in place and time with an infrared launch event (two independent phenomenologies);
//! a **warning** names a defended area (or impact region). Under the dual-phenomenology rule
//! ([`WarningConfig::dual_phenomenology`]) a warning waits for the assessment.

use crate::impact::{ImpactPrediction, predict_impact, predict_origin};
use crate::threat::{Area, probability_inside};
use std::collections::BTreeMap;
use vigil_earth::math::Vec3;
use vigil_earth::{EarthShape, Geodetic, Position};
use vigil_flight::ForceModel;
use vigil_tracking::Gaussian;

/// Kinds of alert, in rising order of information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKind {
    /// A launch seen by infrared satellites (area, time, coarse azimuth).
    LaunchDetected,
    /// A ballistic track confirmed by radar.
    TrackConfirmed,
    /// A radar track whose launch agrees with an infrared launch event (dual phenomenology).
    Assessed,
    /// An impact predicted: a defended area named (or an impact region).
    ImpactPredicted,
    /// The named area or region changed.
    Updated,
    /// A previous impact alert withdrawn.
    Cancelled,
}

impl AlertKind {
    /// A short name for files: `launch-detected`, `track-confirmed`, …
    pub fn name(self) -> &'static str {
        match self {
            AlertKind::LaunchDetected => "launch-detected",
            AlertKind::TrackConfirmed => "track-confirmed",
            AlertKind::Assessed => "launch-assessed",
            AlertKind::ImpactPredicted => "impact-predicted",
            AlertKind::Updated => "updated",
            AlertKind::Cancelled => "cancelled",
        }
    }
}

/// An alert and what it was based on.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// Time, s.
    pub t_s: f64,
    /// Kind.
    pub kind: AlertKind,
    /// The track it is about (None for infrared launch detections).
    pub track: Option<u64>,
    /// The sensors whose data it rests on (their indices).
    pub sensors: Vec<u32>,
    /// Estimated launch area: infrared (line of sight at the plume height) or, on a track's
    /// first impact alert, its state flown back to the surface (biased downrange by the boost).
    pub launch_point: Option<Geodetic>,
    /// Coarse azimuth of flight from the launch area, rad (infrared, after two looks).
    pub azimuth_rad: Option<f64>,
    /// The impact prediction behind it.
    pub impact: Option<ImpactPrediction>,
    /// The defended area named (index), if any.
    pub area: Option<usize>,
    /// Probability that the impact falls in that area.
    pub probability: f64,
}

/// Thresholds of the warning logic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarningConfig {
    /// Name an area when the impact probability inside it reaches this.
    pub min_probability: f64,
    /// Announce an impact region (no area) when the 95 % ellipse's semi-major axis is below this, m.
    pub max_region_ellipse_m: f64,
    /// Least time between impact predictions of one track, s.
    pub predict_every_s: f64,
    /// Infrared detections farther apart than this on the ground are different launches, m.
    pub launch_cluster_m: f64,
    /// … or more than this apart in time, s.
    pub launch_cluster_s: f64,
    /// A radar track's launch (its state flown back ballistically to the ground, which lands
    /// downrange of the true launch point by the boost's ground distance) corroborates an
    /// infrared launch event within this distance of the event's first place, m …
    pub corroboration_m: f64,
    /// … and this time of the event's first look, s.
    pub corroboration_s: f64,
    /// Announce warnings (impact predicted for an area or region) only for tracks an
    /// infrared launch event corroborates: no single-phenomenology warning.
    pub dual_phenomenology: bool,
}

impl Default for WarningConfig {
    fn default() -> Self {
        Self {
            min_probability: 0.5,
            max_region_ellipse_m: 150_000.0,
            predict_every_s: 20.0,
            launch_cluster_m: 500_000.0,
            launch_cluster_s: 180.0,
            corroboration_m: 800_000.0,
            corroboration_s: 300.0,
            dual_phenomenology: false,
        }
    }
}

/// One infrared launch event being followed.
#[derive(Debug, Clone, PartialEq)]
struct LaunchEvent {
    first: Geodetic,
    first_t_s: f64,
    last: Geodetic,
    last_t_s: f64,
    azimuth_announced: bool,
}

/// Per-track memory of the engine.
#[derive(Debug, Clone, Default, PartialEq)]
struct TrackMemory {
    confirmed: bool,
    /// An infrared launch event corroborated its launch (an assessment was announced).
    assessed: bool,
    last_prediction_s: Option<f64>,
    named: Option<Option<usize>>,
}

/// The warning engine.
#[derive(Debug, Clone)]
pub struct WarningEngine {
    /// Thresholds.
    pub config: WarningConfig,
    areas: Vec<Area>,
    model: ForceModel,
    launches: Vec<LaunchEvent>,
    tracks: BTreeMap<u64, TrackMemory>,
    alerts: Vec<Alert>,
}

/// Plume height assumed when placing an infrared line of sight on the ground, m.
const PLUME_HEIGHT_M: f64 = 30_000.0;

impl WarningEngine {
    /// An engine for these defended areas, predicting impacts with `model`.
    pub fn new(config: WarningConfig, areas: Vec<Area>, model: ForceModel) -> Self {
        Self {
            config,
            areas,
            model,
            launches: Vec::new(),
            tracks: BTreeMap::new(),
            alerts: Vec::new(),
        }
    }

    /// Every alert so far, in time order.
    pub fn alerts(&self) -> &[Alert] {
        &self.alerts
    }

    /// An infrared line of sight (Earth-fixed unit direction `u` from `observer`, m) at `t_s`:
    /// placed where it crosses the plume height, it starts a launch event (alert) or extends one
    /// (after the second look, an alert with the coarse azimuth). Returns the index of the
    /// alert raised, if any.
    pub fn on_infrared(
        &mut self,
        t_s: f64,
        sensor: u32,
        observer: &Vec3,
        u: &Vec3,
    ) -> Option<usize> {
        let ground = ray_at_height(observer, u, PLUME_HEIGHT_M)?;
        let near = self.launches.iter().position(|l| {
            t_s - l.last_t_s <= self.config.launch_cluster_s
                && EarthShape::Wgs84.path(&l.last, &ground).distance_m
                    <= self.config.launch_cluster_m
        });
        let alert = match near {
            None => {
                self.launches.push(LaunchEvent {
                    first: ground,
                    first_t_s: t_s,
                    last: ground,
                    last_t_s: t_s,
                    azimuth_announced: false,
                });
                Some(Alert {
                    azimuth_rad: None,
                    launch_point: Some(ground),
                    ..self.blank(t_s, AlertKind::LaunchDetected, None, vec![sensor])
                })
            }
            Some(k) => {
                let l = &mut self.launches[k];
                l.last = ground;
                l.last_t_s = t_s;
                let moved = EarthShape::Wgs84.path(&l.first, &ground);
                if !l.azimuth_announced && moved.distance_m > 20_000.0 {
                    l.azimuth_announced = true;
                    let first = l.first;
                    Some(Alert {
                        azimuth_rad: Some(
                            moved.azimuth_start_rad.rem_euclid(std::f64::consts::TAU),
                        ),
                        launch_point: Some(first),
                        ..self.blank(t_s, AlertKind::LaunchDetected, None, vec![sensor])
                    })
                } else {
                    None
                }
            }
        };
        alert.map(|a| self.push(a))
    }

    /// A track state at `t_s`: announces confirmation, and (for a confirmed track in ballistic
    /// flight, at most every `predict_every_s`) predicts its impact and names the threatened
    /// area or impact region, with updates and cancellations. Returns the indices of the alerts
    /// raised.
    pub fn on_track(
        &mut self,
        t_s: f64,
        track: u64,
        estimate: &Gaussian<6>,
        confirmed: bool,
        ballistic: bool,
        sensors: &[u32],
    ) -> Vec<usize> {
        let mut raised = Vec::new();
        let memory = self.tracks.entry(track).or_default().clone();
        if !confirmed {
            return raised;
        }
        if !memory.confirmed {
            let a = self.blank(
                t_s,
                AlertKind::TrackConfirmed,
                Some(track),
                sensors.to_vec(),
            );
            raised.push(self.push(a));
        }
        let due = memory
            .last_prediction_s
            .is_none_or(|t| t_s - t >= self.config.predict_every_s);
        let mut memory = TrackMemory {
            confirmed: true,
            ..memory
        };
        if ballistic && due {
            memory.last_prediction_s = Some(t_s);
            // The track's launch, flown back (computed at most once per prediction).
            let mut origin = None;
            if !memory.assessed && self.corroboration_possible(estimate, t_s) {
                origin = predict_origin(estimate, t_s, &self.model, 7_200.0).ok();
                if let Some(o) = &origin
                    && self.corroborates(o)
                {
                    memory.assessed = true;
                    let a = Alert {
                        launch_point: Some(o.point),
                        ..self.blank(t_s, AlertKind::Assessed, Some(track), sensors.to_vec())
                    };
                    raised.push(self.push(a));
                }
            }
            let may_warn = memory.assessed || !self.config.dual_phenomenology;
            if may_warn && let Ok(p) = predict_impact(estimate, t_s, &self.model, None, 7_200.0) {
                let best = self
                    .areas
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (i, probability_inside(&p, a)))
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                let naming = match best {
                    Some((i, prob)) if prob >= self.config.min_probability => Some((Some(i), prob)),
                    _ if p.ellipse_95().semi_major_m <= self.config.max_region_ellipse_m => {
                        Some((None, 0.0))
                    }
                    _ => None,
                };
                match (memory.named, naming) {
                    (None, Some((area, prob))) => {
                        let origin = origin
                            .or_else(|| predict_origin(estimate, t_s, &self.model, 7_200.0).ok())
                            .map(|o| o.point);
                        let a = Alert {
                            impact: Some(p),
                            area,
                            probability: prob,
                            launch_point: origin,
                            ..self.blank(
                                t_s,
                                AlertKind::ImpactPredicted,
                                Some(track),
                                sensors.to_vec(),
                            )
                        };
                        raised.push(self.push(a));
                        memory.named = Some(area);
                    }
                    (Some(old), Some((area, prob))) if old != area => {
                        let a = Alert {
                            impact: Some(p),
                            area,
                            probability: prob,
                            ..self.blank(t_s, AlertKind::Updated, Some(track), sensors.to_vec())
                        };
                        raised.push(self.push(a));
                        memory.named = Some(area);
                    }
                    (Some(Some(old)), None) => {
                        let prob = probability_inside(&p, &self.areas[old]);
                        if prob < 0.5 * self.config.min_probability {
                            let a = Alert {
                                impact: Some(p),
                                area: Some(old),
                                probability: prob,
                                ..self.blank(
                                    t_s,
                                    AlertKind::Cancelled,
                                    Some(track),
                                    sensors.to_vec(),
                                )
                            };
                            raised.push(self.push(a));
                            memory.named = None;
                        }
                    }
                    _ => {}
                }
            }
        }
        self.tracks.insert(track, memory);
        raised
    }

    /// Whether some infrared launch event could be this track's launch: it began before the
    /// track's time (within the time gate) and is near enough for a missile to have flown from
    /// it since (8 km/s, plus the distance gate). A cheap test before flying the track back.
    fn corroboration_possible(&self, estimate: &Gaussian<6>, t_s: f64) -> bool {
        let m = &estimate.mean;
        let here = Geodetic::from_ecef(&Position::from_vector(Vec3::new(m[0], m[1], m[2])));
        self.launches.iter().any(|l| {
            let since_s = t_s - l.first_t_s;
            since_s >= -self.config.corroboration_s
                && EarthShape::Wgs84.path(&l.first, &here).distance_m
                    <= 8_000.0 * since_s.max(0.0) + self.config.corroboration_m
        })
    }

    /// Whether a track's launch `origin` (flown back) agrees with an infrared launch event in
    /// place and time, within the corroboration gates.
    fn corroborates(&self, origin: &ImpactPrediction) -> bool {
        self.launches.iter().any(|l| {
            (origin.t_s - l.first_t_s).abs() <= self.config.corroboration_s
                && EarthShape::Wgs84.path(&l.first, &origin.point).distance_m
                    <= self.config.corroboration_m
        })
    }

    fn blank(&self, t_s: f64, kind: AlertKind, track: Option<u64>, sensors: Vec<u32>) -> Alert {
        Alert {
            t_s,
            kind,
            track,
            sensors,
            launch_point: None,
            azimuth_rad: None,
            impact: None,
            area: None,
            probability: 0.0,
        }
    }

    fn push(&mut self, a: Alert) -> usize {
        self.alerts.push(a);
        self.alerts.len() - 1
    }
}

/// Where a ray from `origin` along unit `u` first comes down to height `h_m` (WGS-84), by
/// bisection on the distance; a ray that stays above it (a plume seen over the limb) is placed
/// under its closest approach to the Earth. None for a ray pointing away from the Earth.
fn ray_at_height(origin: &Vec3, u: &Vec3, h_m: f64) -> Option<Geodetic> {
    let height = |s: f64| EarthShape::Wgs84.height_m(&(origin + u * s));
    let along = -origin.dot(u);
    if along <= 0.0 {
        return None;
    }
    let closest = along;
    if height(closest) > h_m {
        let mut g = Geodetic::from_ecef(&Position::from_vector(origin + u * closest));
        g.h_m = 0.0;
        return Some(g);
    }
    let (mut lo, mut hi) = (0.0, closest);
    if height(lo) < h_m {
        return None;
    }
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if height(mid) > h_m {
            lo = mid
        } else {
            hi = mid
        }
    }
    let mut g = Geodetic::from_ecef(&Position::from_vector(origin + u * hi));
    g.h_m = 0.0;
    Some(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ray_from_geo_lands_under_the_target() {
        let target = Geodetic::from_degrees(30.0, 60.0, PLUME_HEIGHT_M)
            .unwrap()
            .to_ecef()
            .vector();
        let sat = Vec3::new(
            42_164e3 * 60f64.to_radians().cos(),
            42_164e3 * 60f64.to_radians().sin(),
            0.0,
        );
        let u = (target - sat).normalize();
        let g = ray_at_height(&sat, &u, PLUME_HEIGHT_M).unwrap();
        assert!(
            (g.lat_deg() - 30.0).abs() < 1e-4 && (g.lon_deg() - 60.0).abs() < 1e-4,
            "{g:?}"
        );
        assert!(ray_at_height(&sat, &(-u), PLUME_HEIGHT_M).is_none());
        // Over the limb: placed under the closest approach.
        let limb = Vec3::new(0.0, 7.0e6, 0.0);
        let g = ray_at_height(&sat, &(limb - sat).normalize(), PLUME_HEIGHT_M).unwrap();
        assert!(g.lat_deg().abs() < 1e-6);
    }
}
