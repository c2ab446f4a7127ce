//! Alerts: what the warning centre announces, when, and on what basis. The engine consumes
//! infrared lines of sight (launch detection before any radar track) and track states (track
//! confirmation, impact prediction against defended areas, updates and cancellations).
//!
//! The alert ladder: an **event** rests on one phenomenology (an infrared launch detection, or
//! a radar track confirmed); an **assessment** is a radar track whose launch, flown back,
//! agrees in place and time with an infrared launch event (two independent phenomenologies);
//! a **warning** names a defended area (or impact region). Under the dual-phenomenology rule
//! ([`WarningConfig::dual_phenomenology`]) a warning waits for the assessment.

use crate::discrimination::{Coast, ObjectClass, discriminate};
use crate::impact::{ImpactError, ImpactPrediction, mixture, predict_impact, predict_origin};
use crate::stereo::{BoostTrack, Corridor, Look, StereoConfig};
use crate::threat::{Area, probability_inside};
use std::collections::BTreeMap;
use vigil_earth::math::Vec3;
use vigil_earth::{EarthShape, Geodetic, Position};
use vigil_flight::ForceModel;
use vigil_tracking::Gaussian;
use vigil_tracking::amplitude::RcsEstimate;

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
    /// What the object of a track alert is believed to be (unknown for infrared alerts).
    pub object: ObjectClass,
    /// Probability that the object is a stage (the rest: a reentry vehicle); None for
    /// infrared alerts.
    pub p_stage: Option<f64>,
}

/// One impact prediction of a coasting track, announced or not (the engine predicts every
/// `predict_every_s` per confirmed coasting track; alerts carry those that change what is
/// announced).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Time, s.
    pub t_s: f64,
    /// Track id.
    pub track: u64,
    /// The prediction.
    pub impact: ImpactPrediction,
    /// What the object is believed to be.
    pub object: ObjectClass,
    /// Probability that it is a stage.
    pub p_stage: f64,
}

/// A track state as the warning stage reads it.
#[derive(Debug, Clone, Copy)]
pub struct TrackCue<'a> {
    /// Time of the state, s.
    pub t_s: f64,
    /// Track id.
    pub track: u64,
    /// The estimate combined over the tracker's modes (ECEF [r, v], m, m/s).
    pub estimate: &'a Gaussian<6>,
    /// Whether the track is confirmed.
    pub confirmed: bool,
    /// Whether the tracker judges the object coasting (not under thrust).
    pub ballistic: bool,
    /// The sensors of the data behind it.
    pub sensors: &'a [u32],
    /// The tracker's ballistic-coefficient hypotheses (empty: one vacuum hypothesis on
    /// `estimate`).
    pub coast: &'a [Coast],
    /// The RCS measured by the track's radar detections.
    pub rcs: Option<RcsEstimate>,
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
    /// β hypotheses below this probability are left out of impact predictions.
    pub min_hypothesis_probability: f64,
    /// An object's impact is predicted under its likeliest β hypothesis alone when that has
    /// this probability, else under the mixture of its hypotheses.
    pub confident_hypothesis: f64,
    /// A track raises a warning only while its object is at most this likely a stage; one
    /// already raised is cancelled only when the object is judged a stage
    /// ([`crate::discrimination::CLASS_CONFIDENCE`]).
    pub max_p_stage_to_warn: f64,
    /// Boost-phase tracks from two or more infrared satellites ([`crate::stereo`]); None:
    /// none (an engine that only clusters launch events).
    pub stereo: Option<StereoConfig>,
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
            min_hypothesis_probability: 0.01,
            confident_hypothesis: 0.75,
            max_p_stage_to_warn: 0.3,
            stereo: Some(StereoConfig::default()),
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
    /// It has moved like a booster (more than [`BOOSTER_MOTION_M`] from its first place, so an
    /// azimuth of flight was announced); only such an event corroborates a track. A glint
    /// standing still on a cloud never does.
    azimuth_announced: bool,
    /// Its boost-phase track from the lines of sight ([`crate::stereo`]).
    boost: Option<BoostTrack>,
    /// What the stereo track has announced: the launch (once a fix), the area named (None: no
    /// impact alert yet; Some(None): an impact region), the last corridor's time, and whether
    /// the corridor after the plume was lost has been given.
    stereo: StereoMemory,
}

/// What a launch event's stereo track has announced.
#[derive(Debug, Clone, Default, PartialEq)]
struct StereoMemory {
    launch_announced: bool,
    named: Option<Option<usize>>,
    last_corridor_s: Option<f64>,
    burnout_done: bool,
}

/// A stereo track announces its launch once the azimuth of its velocity is known to this
/// (one standard deviation), rad (5°): early in the boost the booster climbs almost straight
/// up and its heading is still uncertain.
const STEREO_AZIMUTH_SIGMA_RAD: f64 = 0.087;

/// Gate of a line of sight on a fixed boost-phase track: χ²₂ at 0.999.
const STEREO_GATE: f64 = 13.8;

/// How far an infrared event's place must move to be a booster's (and give an azimuth), m.
const BOOSTER_MOTION_M: f64 = 20_000.0;

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
    predictions: Vec<Prediction>,
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
            predictions: Vec::new(),
        }
    }

    /// Every alert so far, in time order.
    pub fn alerts(&self) -> &[Alert] {
        &self.alerts
    }

    /// Every impact prediction so far, in time order.
    pub fn predictions(&self) -> &[Prediction] {
        &self.predictions
    }

    /// An infrared line of sight at `look.t_s`: placed where it crosses the plume height, it
    /// starts a launch event (alert) or extends one (after the booster has moved, an alert
    /// with the coarse azimuth). Every look also updates the event's boost-phase track: once
    /// two satellites fix it in 3-D and its heading is known, a launch alert with the ground
    /// under its first fix and that heading; and (every `predict_every_s`) its impact corridor
    /// against the defended areas. A look goes
    /// to the fixed track it fits best (χ²₂ gate 13.8), else to the event whose place is
    /// nearest within the clustering gates. Returns the event's index and the alerts raised;
    /// None for a line of sight that misses the Earth.
    pub fn on_infrared(&mut self, look: &Look) -> Option<(usize, Vec<usize>)> {
        let t_s = look.t_s;
        let ground = ray_at_height(&look.observer.vector(), &look.u, PLUME_HEIGHT_M)?;
        let stereo = self.config.stereo;
        let fitting = self
            .launches
            .iter()
            .enumerate()
            .filter(|(_, l)| t_s - l.last_t_s <= self.config.launch_cluster_s)
            .filter_map(|(k, l)| {
                let (b, c) = (l.boost.as_ref()?, stereo.as_ref()?);
                if !b.is_fix(c) {
                    return None;
                }
                b.nis(look, c).filter(|n| *n <= STEREO_GATE).map(|n| (k, n))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k);
        let near = fitting.or_else(|| {
            self.launches.iter().position(|l| {
                t_s - l.last_t_s <= self.config.launch_cluster_s
                    && EarthShape::Wgs84.path(&l.last, &ground).distance_m
                        <= self.config.launch_cluster_m
            })
        });
        let mut raised = Vec::new();
        let k = match near {
            None => {
                self.launches.push(LaunchEvent {
                    first: ground,
                    first_t_s: t_s,
                    last: ground,
                    last_t_s: t_s,
                    azimuth_announced: false,
                    boost: stereo.and_then(|c| BoostTrack::start(look, &c)),
                    stereo: StereoMemory::default(),
                });
                let a = Alert {
                    azimuth_rad: None,
                    launch_point: Some(ground),
                    ..self.blank(t_s, AlertKind::LaunchDetected, None, vec![look.sensor])
                };
                raised.push(self.push(a));
                return Some((self.launches.len() - 1, raised));
            }
            Some(k) => k,
        };
        let l = &mut self.launches[k];
        l.last = ground;
        l.last_t_s = t_s;
        if let Some(c) = &stereo {
            match &mut l.boost {
                Some(b) => b.update(look, c),
                None => l.boost = BoostTrack::start(look, c),
            }
        }
        let moved = EarthShape::Wgs84.path(&l.first, &ground);
        if !l.azimuth_announced && moved.distance_m > BOOSTER_MOTION_M {
            l.azimuth_announced = true;
            let first = l.first;
            let a = Alert {
                azimuth_rad: Some(moved.azimuth_start_rad.rem_euclid(std::f64::consts::TAU)),
                launch_point: Some(first),
                ..self.blank(t_s, AlertKind::LaunchDetected, None, vec![look.sensor])
            };
            raised.push(self.push(a));
        }
        raised.extend(self.stereo_boosting(k, t_s));
        Some((k, raised))
    }

    /// The engine's clock at `t_s`: a stereo track whose plume is gone gives its corridor for
    /// the burn that can have been left. Returns the alerts raised with their events.
    pub fn tick(&mut self, t_s: f64) -> Vec<(usize, usize)> {
        let mut raised = Vec::new();
        let Some(stereo) = self.config.stereo else {
            return raised;
        };
        for k in 0..self.launches.len() {
            let l = &self.launches[k];
            let Some(b) = l.boost.as_ref() else { continue };
            if !stereo.corridors || l.stereo.burnout_done || !b.is_fix(&stereo) {
                continue;
            }
            let Some(gap_s) = b.plume_lost(t_s) else {
                continue;
            };
            let corridor = b.corridor(gap_s, &stereo, &self.model);
            self.launches[k].stereo.burnout_done = true;
            if let Ok(c) = corridor {
                raised.extend(self.name_from_corridor(k, t_s, &c).map(|a| (k, a)));
            }
        }
        raised
    }

    /// While the plume burns: the launch alert of a new fix, and the corridor when due.
    fn stereo_boosting(&mut self, k: usize, t_s: f64) -> Vec<usize> {
        let Some(stereo) = self.config.stereo else {
            return Vec::new();
        };
        let l = &self.launches[k];
        let Some(b) = l.boost.as_ref().filter(|b| b.is_fix(&stereo)) else {
            return Vec::new();
        };
        let mut raised = Vec::new();
        let heading = b
            .heading()
            .filter(|(_, sigma)| *sigma <= STEREO_AZIMUTH_SIGMA_RAD);
        if !l.stereo.launch_announced
            && let Some((azimuth, _)) = heading
        {
            let a = Alert {
                launch_point: b.launch().map(|p| p.point),
                azimuth_rad: Some(azimuth),
                ..self.blank(t_s, AlertKind::LaunchDetected, None, b.sensors())
            };
            self.launches[k].stereo.launch_announced = true;
            raised.push(self.push(a));
        }
        let l = &self.launches[k];
        let due = l
            .stereo
            .last_corridor_s
            .is_none_or(|t| t_s - t >= self.config.predict_every_s);
        if due
            && stereo.corridors
            && !l.stereo.burnout_done
            && let Some(b) = &l.boost
        {
            let burn_left = b.burn_left_bound_s(&stereo);
            let corridor = b.corridor(burn_left, &stereo, &self.model);
            self.launches[k].stereo.last_corridor_s = Some(t_s);
            if let Ok(c) = corridor {
                raised.extend(self.name_from_corridor(k, t_s, &c));
            }
        }
        raised
    }

    /// Names the area (or impact region) a stereo track's corridor threatens, updates or
    /// withdraws it — as for a track, but on infrared alone: never under the
    /// dual-phenomenology rule.
    fn name_from_corridor(&mut self, k: usize, t_s: f64, c: &Corridor) -> Option<usize> {
        if self.config.dual_phenomenology {
            return None;
        }
        let summary = c.summary()?;
        let inside: Vec<f64> = self.areas.iter().map(|a| c.probability_inside(a)).collect();
        let naming = self.naming(&inside, &summary);
        let l = &self.launches[k];
        let b = l.boost.as_ref()?;
        let (sensors, launch) = (b.sensors(), b.launch().map(|p| p.point));
        let kind = match (l.stereo.named, naming) {
            (None, Some(_)) => AlertKind::ImpactPredicted,
            (Some(old), Some((area, _))) if old != area => AlertKind::Updated,
            (Some(Some(old)), None) if inside[old] < 0.5 * self.config.min_probability => {
                AlertKind::Cancelled
            }
            _ => return None,
        };
        let (area, probability) = match (kind, naming) {
            (AlertKind::Cancelled, _) => {
                let old = l.stereo.named.flatten();
                (old, old.map_or(0.0, |o| inside[o]))
            }
            (_, Some(n)) => n,
            _ => return None,
        };
        self.launches[k].stereo.named = (kind != AlertKind::Cancelled).then_some(area);
        let a = Alert {
            impact: Some(summary),
            area,
            probability,
            launch_point: launch,
            ..self.blank(t_s, kind, None, sensors)
        };
        Some(self.push(a))
    }

    /// A track state: announces confirmation, and (for a confirmed track in ballistic flight,
    /// at most every `predict_every_s`) judges what the object is, predicts its impact (under
    /// its β hypotheses, recorded in [`Self::predictions`]) and names the area or impact
    /// region it threatens as a reentry vehicle, with updates and cancellations. An object judged a stage threatens nothing: it names no area
    /// and withdraws any it named. Returns the indices of the alerts raised.
    pub fn on_track(&mut self, cue: &TrackCue<'_>) -> Vec<usize> {
        let (t_s, track, estimate, sensors) = (cue.t_s, cue.track, cue.estimate, cue.sensors);
        let mut raised = Vec::new();
        let memory = self.tracks.entry(track).or_default().clone();
        if !cue.confirmed {
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
        if cue.ballistic && due {
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
            let vacuum = [Coast {
                beta: None,
                probability: 1.0,
                estimate: *estimate,
            }];
            let belief = discriminate(
                if cue.coast.is_empty() {
                    &vacuum
                } else {
                    cue.coast
                },
                cue.rcs,
            );
            let judged = |a: Alert| Alert {
                object: belief.class,
                p_stage: Some(belief.p_stage),
                ..a
            };
            let may_warn = memory.assessed || !self.config.dual_phenomenology;
            let prediction = self.predict(&belief.coast, t_s);
            if let Ok((object, _)) = prediction {
                self.predictions.push(Prediction {
                    t_s,
                    track,
                    impact: object,
                    object: belief.class,
                    p_stage: belief.p_stage,
                });
            }
            // A warning is about a reentry vehicle: it names areas from the impact the object
            // would have if it is one (unless it is judged a stage: then none).
            if may_warn && let Ok((_, p)) = prediction {
                let threatens = belief.class != ObjectClass::Stage;
                let naming = if threatens {
                    let inside: Vec<f64> = self
                        .areas
                        .iter()
                        .map(|a| probability_inside(&p, a))
                        .collect();
                    self.naming(&inside, &p)
                } else {
                    None
                };
                match (memory.named, naming) {
                    (None, Some((area, prob)))
                        if belief.p_stage <= self.config.max_p_stage_to_warn =>
                    {
                        let origin = origin
                            .or_else(|| predict_origin(estimate, t_s, &self.model, 7_200.0).ok())
                            .map(|o| o.point);
                        let a = judged(Alert {
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
                        });
                        raised.push(self.push(a));
                        memory.named = Some(area);
                    }
                    (Some(old), Some((area, prob))) if old != area => {
                        let a = judged(Alert {
                            impact: Some(p),
                            area,
                            probability: prob,
                            ..self.blank(t_s, AlertKind::Updated, Some(track), sensors.to_vec())
                        });
                        raised.push(self.push(a));
                        memory.named = Some(area);
                    }
                    (Some(named), None) => {
                        let prob =
                            named.map_or(0.0, |old| probability_inside(&p, &self.areas[old]));
                        if !threatens
                            || (named.is_some() && prob < 0.5 * self.config.min_probability)
                        {
                            let a = judged(Alert {
                                impact: Some(p),
                                area: named,
                                probability: prob,
                                ..self.blank(
                                    t_s,
                                    AlertKind::Cancelled,
                                    Some(track),
                                    sensors.to_vec(),
                                )
                            });
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

    /// What an impact prediction names, given its probability inside each defended area: the
    /// likeliest area when that reaches `min_probability`, else an impact region (no area)
    /// when the 95 % ellipse of `spread` is small enough, else nothing; with the probability.
    fn naming(&self, inside: &[f64], spread: &ImpactPrediction) -> Option<(Option<usize>, f64)> {
        let best = inside
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, p)) if p >= self.config.min_probability => Some((Some(i), p)),
            _ if spread.ellipse_95().semi_major_m <= self.config.max_region_ellipse_m => {
                Some((None, 0.0))
            }
            _ => None,
        }
    }

    /// The impact of a coasting object — under its most probable β hypothesis when that has
    /// at least `confident_hypothesis` probability, else the mixture of its hypotheses — and
    /// the impact if it is a reentry vehicle (the mixture of its heavy hypotheses; the first
    /// without any). Hypotheses below `min_hypothesis_probability` are left out. Not always
    /// the mixture: mid-course, where a light and a heavy hypothesis land tens of km apart,
    /// its moment-matched ellipse would hold the true impact of either far more often than
    /// 95 %; but an object that could be either (a track holding a stage and a vehicle in
    /// turn, an RCS in between) gets the wide ellipse it deserves. Only hypotheses needed are
    /// flown (a flight through the air costs tens of integration steps per sigma point).
    fn predict(
        &self,
        coast: &[Coast],
        t_s: f64,
    ) -> Result<(ImpactPrediction, ImpactPrediction), ImpactError> {
        let kept: Vec<&Coast> = coast
            .iter()
            .filter(|c| c.probability >= self.config.min_hypothesis_probability)
            .collect();
        let likeliest = kept
            .iter()
            .copied()
            .max_by(|a, b| a.probability.total_cmp(&b.probability))
            .ok_or(ImpactError::NoImpact(7_200.0))?;
        let sure = likeliest.probability >= self.config.confident_hypothesis;
        let mut flown = Vec::with_capacity(kept.len());
        for c in kept {
            if c.heavy() || !sure || std::ptr::eq(c, likeliest) {
                let p = predict_impact(&c.estimate, t_s, &self.model, c.beta, 7_200.0)?;
                flown.push((c, p));
            }
        }
        let mix = |parts: Vec<(f64, ImpactPrediction)>| match parts.as_slice() {
            [(_, one)] => Some(*one),
            _ => mixture(&parts),
        };
        let object = if sure {
            flown
                .iter()
                .find(|(c, _)| std::ptr::eq(*c, likeliest))
                .map(|(_, p)| *p)
        } else {
            mix(flown.iter().map(|(c, p)| (c.probability, *p)).collect())
        }
        .ok_or(ImpactError::NoImpact(7_200.0))?;
        let as_vehicle = mix(flown
            .iter()
            .filter(|(c, _)| c.heavy())
            .map(|(c, p)| (c.probability, *p))
            .collect());
        Ok((object, as_vehicle.unwrap_or(object)))
    }

    /// Whether some infrared launch event that moved like a booster could be this track's
    /// launch: it began before the track's time (within the time gate) and is near enough for a
    /// missile to have flown from it since (8 km/s, plus the distance gate). A cheap test before
    /// flying the track back.
    fn corroboration_possible(&self, estimate: &Gaussian<6>, t_s: f64) -> bool {
        let m = &estimate.mean;
        let here = Geodetic::from_ecef(&Position::from_vector(Vec3::new(m[0], m[1], m[2])));
        self.boosters().any(|l| {
            let since_s = t_s - l.first_t_s;
            since_s >= -self.config.corroboration_s
                && EarthShape::Wgs84.path(&l.first, &here).distance_m
                    <= 8_000.0 * since_s.max(0.0) + self.config.corroboration_m
        })
    }

    /// Whether a track's launch `origin` (flown back) agrees with an infrared launch event that
    /// moved like a booster, in place and time, within the corroboration gates.
    fn corroborates(&self, origin: &ImpactPrediction) -> bool {
        self.boosters().any(|l| {
            (origin.t_s - l.first_t_s).abs() <= self.config.corroboration_s
                && EarthShape::Wgs84.path(&l.first, &origin.point).distance_m
                    <= self.config.corroboration_m
        })
    }

    /// The infrared launch events that moved like a booster: the only ones that corroborate.
    fn boosters(&self) -> impl Iterator<Item = &LaunchEvent> {
        self.launches.iter().filter(|l| l.azimuth_announced)
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
            object: ObjectClass::Unknown,
            p_stage: None,
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
pub(crate) fn ray_at_height(origin: &Vec3, u: &Vec3, h_m: f64) -> Option<Geodetic> {
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

    /// A missile launched at 100 s from 18° N 142° E at 6 km/s, in vacuum: its launch point,
    /// its impact point and a tight estimate of its state 400 s after the epoch.
    fn missile() -> (Geodetic, Geodetic, Gaussian<6>) {
        let model = ForceModel::default();
        let launch = Geodetic::from_degrees(18.0, 142.0, 0.0).unwrap();
        let [e, n, u] = launch.enu_axes();
        let v = (n * 0.5 + e * 0.2 + u * 0.8).normalize() * 6_000.0;
        let flight = vigil_flight::free_flight(
            &vigil_flight::Ballistic::new(model, None),
            100.0,
            &(launch.to_ecef() + vigil_earth::Displacement::from_vector(u * 0.5)),
            &vigil_earth::Velocity::from_vector(v),
            &vigil_flight::Accuracy::DEFAULT,
            1e4,
        )
        .unwrap();
        let at = flight.ephemeris.state_at(400.0).unwrap();
        let (r, w) = (at.position.vector(), at.velocity.vector());
        let estimate = Gaussian::new(
            nalgebra::SVector::<f64, 6>::new(r.x, r.y, r.z, w.x, w.y, w.z),
            nalgebra::SMatrix::<f64, 6, 6>::identity() * 100.0,
        );
        (launch, flight.impact.unwrap().geodetic, estimate)
    }

    /// Under the dual-phenomenology rule a track is assessed only by an infrared event that
    /// moved like a booster: a glint standing still at the track's launch point and time
    /// corroborates nothing, the same looks moving 100 km downrange do.
    #[test]
    fn only_an_infrared_event_that_moves_corroborates() {
        let model = ForceModel::default();
        let (launch, _, estimate) = missile();
        let sat = Vec3::new(
            42_164e3 * 80f64.to_radians().cos(),
            42_164e3 * 80f64.to_radians().sin(),
            0.0,
        );
        let assessed = |moving: bool| {
            let config = WarningConfig {
                dual_phenomenology: true,
                ..WarningConfig::default()
            };
            let mut engine = WarningEngine::new(config, vec![], model);
            for k in 0..6 {
                let downrange = if moving { 20_000.0 * k as f64 } else { 0.0 };
                let place = EarthShape::Wgs84.destination(&launch, 0.4, downrange);
                let plume = Geodetic {
                    h_m: PLUME_HEIGHT_M,
                    ..place
                }
                .to_ecef()
                .vector();
                engine.on_infrared(&Look {
                    t_s: 100.0 + 5.0 * k as f64,
                    sensor: 0,
                    observer: Position::from_vector(sat),
                    u: (plume - sat).normalize(),
                    sigma_rad: 50e-6,
                });
            }
            let cue = |t_s: f64| TrackCue {
                t_s,
                track: 7,
                estimate: &estimate,
                confirmed: true,
                ballistic: true,
                sensors: &[1],
                coast: &[],
                rcs: None,
            };
            engine.on_track(&cue(400.0));
            engine
                .alerts()
                .iter()
                .any(|a| a.kind == AlertKind::Assessed)
        };
        assert!(assessed(true), "a moving event corroborates");
        assert!(!assessed(false), "a glint standing still does not");
    }

    /// A warning is about a reentry vehicle: a track over a defended area raises one only
    /// while its RCS leaves the object at most `max_p_stage_to_warn` likely a stage, and
    /// withdraws one it raised only once the object is judged a stage (P ≥ 0.9), not while it
    /// is merely unknown.
    #[test]
    fn only_an_object_likely_a_vehicle_raises_a_warning_and_only_a_stage_withdraws_it() {
        use crate::discrimination::{CLASS_CONFIDENCE, p_stage_from_rcs};
        use crate::impact::Beta;
        let model = ForceModel::default();
        let (_, impact, estimate) = missile();
        // Heavy and light hypotheses alike (the object is above the air): the RCS decides.
        let hypothesis = |kg_m2| Coast {
            beta: Some(Beta {
                kg_m2,
                spread: 0.35,
            }),
            probability: 0.5,
            estimate,
        };
        let coast = [hypothesis(4_000.0), hypothesis(300.0)];
        let looks =
            |m2: f64, n: u32| (1..n).fold(RcsEstimate::first(m2).unwrap(), |e, _| e.with(m2));
        let (vehicle, unknown, stage) = (looks(0.03, 9), looks(0.5, 3), looks(3.0, 9));
        let config = WarningConfig::default();
        let p = |r: &RcsEstimate| p_stage_from_rcs(r);
        assert!(p(&vehicle) < config.max_p_stage_to_warn);
        assert!(p(&unknown) > config.max_p_stage_to_warn && p(&unknown) < CLASS_CONFIDENCE);
        assert!(p(&stage) >= CLASS_CONFIDENCE);
        // Each sequence of RCS estimates cued 30 s apart; the kinds of alert it raised.
        let kinds = |sequence: &[RcsEstimate]| {
            let area = Area::Circle {
                center: impact,
                radius_m: 100_000.0,
            };
            let mut engine = WarningEngine::new(config, vec![area], model);
            for (k, rcs) in sequence.iter().enumerate() {
                engine.on_track(&TrackCue {
                    t_s: 400.0 + 30.0 * k as f64,
                    track: 7,
                    estimate: &estimate,
                    confirmed: true,
                    ballistic: true,
                    sensors: &[1],
                    coast: &coast,
                    rcs: Some(*rcs),
                });
            }
            let kinds: Vec<AlertKind> = engine
                .alerts()
                .iter()
                .map(|a| a.kind)
                .filter(|k| matches!(k, AlertKind::ImpactPredicted | AlertKind::Cancelled))
                .collect();
            kinds
        };
        use AlertKind::{Cancelled, ImpactPredicted};
        assert_eq!(kinds(&[vehicle]), [ImpactPredicted]);
        assert_eq!(kinds(&[unknown, unknown]), []);
        assert_eq!(kinds(&[stage]), []);
        assert_eq!(kinds(&[vehicle, unknown]), [ImpactPredicted]);
        assert_eq!(
            kinds(&[vehicle, unknown, stage]),
            [ImpactPredicted, Cancelled]
        );
    }

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
