//! Tracking an architecture, scan by scan, and scoring it against the truth. `central` fusion
//! runs one tracker on all its networks' detections; `track` fusion runs one tracker per
//! network and a fusion node (covariance intersection) over their tracks. Trackers:
//! boost/ballistic IMM with EKFs, GNN, two-point initiation, 3-of-5 confirmation. Scoring
//! ([`score_tracking`]) reads the truth and the detections' truth tags; trackers never do.

use crate::fusion::{NetworkTracker, TrackFusion, UpdateSource};
use crate::scenario::Scenario;
use crate::scenario::file::{FusionSpec, TrackerSpec};
use crate::truth::FlownLaunch;
use std::collections::BTreeSet;
use vigil_sensors::{Detection, Truth};
use vigil_tracking::amplitude::RcsEstimate;
use vigil_tracking::associate::Gnn;
use vigil_tracking::estimator::{Imm, ImmState};
use vigil_tracking::initiate::TwoPoint;
use vigil_tracking::metrics::ospa::gospa;
use vigil_tracking::metrics::quality::{
    QualityReport, StateError, TrackUpdate, TruthObject, rmse, score_tracks,
};
use vigil_tracking::models::ballistic::{Ballistic, Boost, Flight};
use vigil_tracking::observation::SensorObservation;
use vigil_tracking::tracker::{Config, Status, Tracker, scans};
use vigil_tracking::{Ekf, Gaussian};
use vigil_warning::discrimination::{Coast, ObjectClass, p_stage_from_rcs};
use vigil_warning::impact::Beta;

/// One state of a track at one of its updates.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackRow {
    /// Track id (fused id under track fusion).
    pub track_id: u64,
    /// Time, s.
    pub t_s: f64,
    /// ECEF position and velocity, m and m/s.
    pub state: [f64; 6],
    /// Standard deviations of the six components.
    pub sigma: [f64; 6],
    /// Tentative or confirmed.
    pub status: Status,
    /// Truth of the detection behind the update (scoring only).
    pub truth: Truth,
    /// Position error against that object's true position, m (None for false alarms). Filled
    /// by scoring ([`score_tracking`]); None in the engine's live events.
    pub position_error_m: Option<f64>,
    /// The full estimate (ECEF [r, v]).
    pub estimate: Gaussian<6>,
    /// Whether the estimator judges the object in ballistic flight (IMM mode probability).
    pub ballistic: bool,
    /// The tracker's hypotheses of the object's ballistic coefficient (heavy, light), each
    /// with its probability among the coasting modes and its mode-matched estimate.
    pub coast: [Coast; 2],
    /// The sensor of the detection behind the update.
    pub sensor: u32,
    /// Flight phase judged from the estimate.
    pub phase: Phase,
    /// RCS measured by the track's recent radar detections.
    pub rcs: Option<RcsEstimate>,
    /// Object class hint from that RCS alone.
    pub object: ObjectClass,
}

/// Flight phase of a track, judged from its estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// The IMM's boost mode dominates.
    Boost,
    /// Ballistic, outside reentry.
    Ballistic,
    /// Descending below 100 km.
    Reentry,
}

impl Phase {
    /// The name in files: `boost`, `ballistic`, `reentry`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Boost => "boost",
            Phase::Ballistic => "ballistic",
            Phase::Reentry => "reentry",
        }
    }
}

/// The tracking of one architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchitectureRun {
    /// Every track state at every update, in time order.
    pub rows: Vec<TrackRow>,
    /// Detections the architecture received.
    pub detections: usize,
    /// Tracks ever confirmed.
    pub confirmed_tracks: usize,
    /// First confirmed track of each launch (any of its objects), s.
    pub first_confirmed_s: Vec<Option<f64>>,
    /// RMS position error of confirmed-track updates from real objects, m.
    pub position_rmse_m: Option<f64>,
    /// RMS velocity error of the same updates, m/s.
    pub velocity_rmse_mps: Option<f64>,
    /// Purity, fragmentation, false tracks, missed objects, time to confirmation.
    pub quality: QualityReport,
    /// Mean GOSPA (c = 10 km, p = 2, α = 2) every 30 s over the confirmed tracks and the
    /// objects the architecture has detected within a minute, m.
    pub mean_gospa_m: Option<f64>,
}

/// The flight model the trackers and the warning stage fly with: the truth's Earth (WGS-84,
/// J2, rotation) and air (U.S. Standard Atmosphere 1976); what they do not know is each
/// object's ballistic coefficient, which the trackers' β bank estimates.
pub fn flight_model() -> vigil_flight::ForceModel {
    vigil_flight::ForceModel {
        atmosphere: vigil_earth::atmosphere::AtmosphereModel::Ussa1976,
        ..vigil_flight::ForceModel::default()
    }
}

/// Modes of the scenario trackers' IMM: boost, then coasting as a heavy object (a reentry
/// vehicle's β) or a light one (a stage's β).
pub const MODES: usize = 3;

/// The estimator of the scenario trackers: boost / heavy coast / light coast IMM with EKFs.
pub type ScenarioEstimator = Imm<Ekf, Flight, MODES>;

/// The ballistic coefficients of the coasting modes (heavy, light) with their spread; None
/// for vacuum (β estimation off).
pub fn coast_betas(t: &TrackerSpec) -> [Option<Beta>; 2] {
    if t.beta_estimation {
        [t.heavy_beta_kg_m2, t.light_beta_kg_m2].map(|kg_m2| {
            Some(Beta {
                kg_m2,
                spread: t.beta_spread,
            })
        })
    } else {
        [None, None]
    }
}

/// A track's coasting hypotheses from its IMM state: each coast mode's β, its probability
/// among the coast modes (equal if both vanish) and its mode-matched estimate.
pub fn coast_hypotheses(t: &TrackerSpec, state: &ImmState<6, MODES>) -> [Coast; 2] {
    let betas = coast_betas(t);
    let total = state.probability[1] + state.probability[2];
    std::array::from_fn(|k| Coast {
        beta: betas[k],
        probability: if total > 0.0 {
            state.probability[1 + k] / total
        } else {
            0.5
        },
        estimate: state.modes[1 + k],
    })
}

/// The scenario tracker of one network or of a central architecture.
pub type ScenarioTracker = Tracker<6, ScenarioEstimator, Gnn, TwoPoint>;

/// A tracker for scenarios, tuned by an architecture's settings: boost / heavy coast / light
/// coast IMM with EKFs (by default boost 30 m/s² thrust with q = 2,000 m²/s³; coasting with
/// q = 1 m²/s³ and β 4,000 or 300 kg/m² known to ±35 %; mean boost sojourn 200 s, then either
/// coast mode alike), GNN, two-point initiation (by default up to 9 km/s).
pub fn scenario_tracker(t: &TrackerSpec) -> ScenarioTracker {
    let vacuum = Ballistic::vacuum(t.ballistic_q_m2_s3);
    let coast = |beta: Option<Beta>| match beta {
        Some(b) => Flight::Coast(Ballistic::with_drag(
            t.ballistic_q_m2_s3,
            flight_model().atmosphere,
            b.kg_m2,
            b.spread,
        )),
        None => Flight::Coast(vacuum),
    };
    let [heavy, light] = coast_betas(t);
    let leave_boost = 0.5 / t.boost_sojourn_s;
    // Coasting objects do not start thrusting again, nor change their β; the tiny rates keep
    // a mixed track (stage and vehicle before they part) able to settle on either.
    let (restart, swap) = (1e-6, 1e-4);
    let imm = Imm {
        filter: Ekf,
        models: [
            Flight::Boost(Boost {
                ballistic: Ballistic {
                    q: t.boost_q_m2_s3,
                    ..vacuum
                },
                thrust_mps2: t.boost_thrust_mps2,
            }),
            coast(heavy),
            coast(light),
        ],
        rates: [
            [0.0, leave_boost, leave_boost],
            [restart, 0.0, swap],
            [restart, swap, 0.0],
        ],
        initial: [0.2, 0.4, 0.4],
    };
    Tracker::new(
        imm,
        Gnn,
        TwoPoint::new(t.max_speed_kmps * 1e3, t.max_pair_age_s, 1.0).with_force(vacuum.force),
        Config {
            gate_probability: t.gate_probability,
            confirm_m: t.confirm_m,
            confirm_n: t.confirm_n,
            max_coast_s: t.max_coast_s,
            max_position_sigma_m: t.max_position_sigma_km * 1e3,
            pd: t.pd,
            clutter_density: t.clutter_density,
        },
    )
}

/// One id per object for scoring: its index among every object of every launch, in launch
/// then object order.
fn object_ids(flown: &[FlownLaunch]) -> impl Fn(u32, u32) -> u32 + '_ {
    let offsets: Vec<u32> = flown
        .iter()
        .scan(0u32, |n, f| {
            let first = *n;
            *n += f.flight.objects.len() as u32;
            Some(first)
        })
        .collect();
    move |launch, object| offsets[launch as usize] + object
}

/// The trackers of one architecture: one central tracker, or one per network and the
/// integration centre's fusion ([`crate::fusion`]). Fed detections in time order, it returns a
/// row per track update; it sees no truth.
#[derive(Debug, Clone)]
pub struct ArchitectureTracker {
    /// Scenario index of the architecture.
    arch: usize,
    /// Networks of the architecture, in its order.
    networks: Vec<usize>,
    fusion: Fusion,
}

/// How an architecture fuses its networks' data.
#[derive(Debug, Clone)]
enum Fusion {
    /// One tracker on every network's detections.
    Central(Box<ScenarioTracker>),
    /// One tracker per network (architecture order) and track-to-track fusion.
    Track(Vec<NetworkTracker>, Box<TrackFusion>),
}

impl ArchitectureTracker {
    /// The trackers of architecture `arch` of `s`.
    pub fn new(s: &Scenario, arch: usize) -> Self {
        let a = &s.architectures[arch];
        let fusion = match a.fusion {
            FusionSpec::Central => Fusion::Central(Box::new(scenario_tracker(&a.tracker))),
            FusionSpec::Track => Fusion::Track(
                a.networks
                    .iter()
                    .map(|n| NetworkTracker::new(&a.tracker, *n))
                    .collect(),
                Box::new(TrackFusion::new(s, arch)),
            ),
        };
        Self {
            arch,
            networks: a.networks.clone(),
            fusion,
        }
    }

    /// Whether the architecture receives detection `d`.
    pub fn receives(&self, d: &Detection) -> bool {
        self.networks.contains(&(d.tag.network as usize))
    }

    /// Feeds the architecture's detections (time order; every detection of a given time and
    /// sensor in one call) and returns the track updates, in order.
    pub fn feed(&mut self, s: &Scenario, mine: &[&Detection]) -> Vec<TrackRow> {
        let observations: Vec<SensorObservation> = mine
            .iter()
            .map(|d| SensorObservation::from_detection(d))
            .collect();
        let mut rows = Vec::new();
        let mut start = 0;
        for scan in scans(&observations) {
            let detections = &mine[start..start + scan.len()];
            start += scan.len();
            let t = detections[0].t_s;
            match &mut self.fusion {
                Fusion::Central(tracker) => {
                    let report = tracker.scan(scan);
                    for (id, j) in &report.updates {
                        if let Some(x) = tracker.track(*id) {
                            let spec = &s.architectures[self.arch].tracker;
                            let row = Update {
                                id: *id,
                                estimate: &x.estimate,
                                status: x.status,
                                state: &x.state,
                                rcs: x.rcs,
                            };
                            let source = UpdateSource::of(*id, detections[*j]);
                            rows.push(describe(spec, t, row, &source));
                        }
                    }
                }
                Fusion::Track(locals, fusion) => {
                    let network = detections[0].tag.network as usize;
                    if let Some(k) = self.networks.iter().position(|n| *n == network) {
                        let local = locals[k].scan(scan, detections);
                        rows.extend(fusion.apply(s, &local));
                    }
                }
            }
        }
        rows
    }
}

/// A track update to describe: id, combined estimate, status and the IMM state behind it.
pub(crate) struct Update<'a> {
    /// Track id.
    pub id: u64,
    /// The estimate combined over the modes.
    pub estimate: &'a Gaussian<6>,
    /// Status.
    pub status: Status,
    /// The IMM state (mode estimates and probabilities).
    pub state: &'a ImmState<6, MODES>,
    /// The RCS measured by the track's plots.
    pub rcs: Option<RcsEstimate>,
}

/// The row of a track update at `t_s` from the detection `d` behind it: ballistic when the
/// boost mode is unlikely, phase from the estimate, coasting hypotheses from the IMM modes,
/// object class hint from the RCS its plots measured.
pub(crate) fn describe(spec: &TrackerSpec, t_s: f64, u: Update<'_>, d: &UpdateSource) -> TrackRow {
    let (track_id, g, status, rcs) = (u.id, u.estimate, u.status, u.rcs);
    let ballistic = u.state.probability[0] < 0.5;
    let sensor = d.sensor;
    let m = g.mean;
    let r = vigil_earth::math::Vec3::new(m[0], m[1], m[2]);
    let v = vigil_earth::math::Vec3::new(m[3], m[4], m[5]);
    let (height, up) = vigil_earth::EarthShape::Wgs84.height_and_up(&r);
    let phase = if !ballistic {
        Phase::Boost
    } else if height < 100_000.0 && up.dot(&v) < 0.0 {
        Phase::Reentry
    } else {
        Phase::Ballistic
    };
    TrackRow {
        track_id,
        t_s,
        state: [m[0], m[1], m[2], m[3], m[4], m[5]],
        sigma: std::array::from_fn(|i| g.cov[(i, i)].sqrt()),
        status,
        truth: d.truth,
        position_error_m: None,
        estimate: *g,
        ballistic,
        coast: coast_hypotheses(spec, u.state),
        sensor,
        phase,
        rcs,
        object: rcs.map_or(ObjectClass::Unknown, |r| {
            ObjectClass::from_p_stage(p_stage_from_rcs(&r))
        }),
    }
}

/// Scores an architecture's tracking against the truth: fills each row's position error and
/// computes the figures of merit. `mine` are the detections the architecture received.
pub fn score_tracking(
    flown: &[FlownLaunch],
    mut rows: Vec<TrackRow>,
    mine: &[&Detection],
) -> ArchitectureRun {
    let object_id = object_ids(flown);
    let true_state = |truth: Truth, t_s: f64| {
        let (launch, object) = truth.object()?;
        flown[launch as usize].flight.objects[object as usize]
            .ephemeris
            .state_at(t_s)
    };
    let mut confirmed = BTreeSet::new();
    let mut first_confirmed = vec![None; flown.len()];
    let mut errors = Vec::new();
    for row in &mut rows {
        let m = row.state;
        let r = vigil_earth::math::Vec3::new(m[0], m[1], m[2]);
        let v = vigil_earth::math::Vec3::new(m[3], m[4], m[5]);
        let truth = true_state(row.truth, row.t_s);
        row.position_error_m = truth.map(|st| (st.position.vector() - r).norm());
        if row.status != Status::Confirmed {
            continue;
        }
        confirmed.insert(row.track_id);
        if let Truth::Object { launch, object } = row.truth {
            first_confirmed[launch as usize].get_or_insert(row.t_s);
            if let Some(st) = truth {
                errors.push(StateError {
                    t_s: row.t_s,
                    track_id: row.track_id,
                    truth_id: object_id(launch, object),
                    position_m: r - st.position.vector(),
                    velocity_mps: v - st.velocity.vector(),
                });
            }
        }
    }
    let errors = rmse(&errors);
    let updates: Vec<TrackUpdate> = rows
        .iter()
        .map(|r| TrackUpdate {
            track_id: r.track_id,
            t_s: r.t_s,
            truth: r.truth.object().map(|(l, o)| object_id(l, o)),
            confirmed: r.status == Status::Confirmed,
        })
        .collect();
    let mut first_detection: std::collections::BTreeMap<u32, f64> =
        std::collections::BTreeMap::new();
    for d in mine {
        if let Truth::Object { launch, object } = d.truth {
            first_detection
                .entry(object_id(launch, object))
                .or_insert(d.t_s);
        }
    }
    let objects: Vec<TruthObject> = first_detection
        .iter()
        .map(|(id, t)| TruthObject {
            id: *id,
            first_detection_t_s: Some(*t),
        })
        .collect();
    ArchitectureRun {
        detections: mine.len(),
        confirmed_tracks: confirmed.len(),
        first_confirmed_s: first_confirmed,
        position_rmse_m: errors.as_ref().map(|e| e.position_m),
        velocity_rmse_mps: errors.as_ref().map(|e| e.velocity_mps),
        quality: score_tracks(&updates, &objects),
        mean_gospa_m: mean_gospa(flown, &rows, mine),
        rows,
    }
}

/// GOSPA every 30 s: estimates are confirmed tracks updated within the last 30 s,
/// extrapolated linearly; truths are objects in flight that the architecture detected
/// within a minute of the sample time.
fn mean_gospa(flown: &[FlownLaunch], rows: &[TrackRow], mine: &[&Detection]) -> Option<f64> {
    let (Some(first), Some(last)) = (mine.first(), mine.last()) else {
        return None;
    };
    let mut values = Vec::new();
    let mut t = (first.t_s / 30.0).ceil() * 30.0;
    while t <= last.t_s {
        let mut latest: std::collections::BTreeMap<u64, &TrackRow> =
            std::collections::BTreeMap::new();
        for r in rows
            .iter()
            .filter(|r| r.status == Status::Confirmed && r.t_s <= t && r.t_s > t - 30.0)
        {
            latest.insert(r.track_id, r);
        }
        let estimates: Vec<[f64; 3]> = latest
            .values()
            .map(|r| {
                let dt = t - r.t_s;
                [
                    r.state[0] + r.state[3] * dt,
                    r.state[1] + r.state[4] * dt,
                    r.state[2] + r.state[5] * dt,
                ]
            })
            .collect();
        let seen: BTreeSet<(u32, u32)> = mine
            .iter()
            .filter(|d| (d.t_s - t).abs() <= 60.0)
            .filter_map(|d| d.truth.object())
            .collect();
        let truths: Vec<[f64; 3]> = seen
            .iter()
            .filter_map(|(l, o)| {
                flown[*l as usize].flight.objects[*o as usize]
                    .ephemeris
                    .state_at(t)
            })
            .map(|st| st.position.to_array())
            .collect();
        if !truths.is_empty() || !estimates.is_empty() {
            values.push(gospa(&truths, &estimates, 10_000.0, 2.0).distance);
        }
        t += 30.0;
    }
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Tracks architecture `arch` on the run's detections (all networks' detections in time
/// order; those of other networks are skipped) and scores it.
pub fn track_architecture(
    s: &Scenario,
    flown: &[FlownLaunch],
    detections: &[Detection],
    arch: usize,
) -> ArchitectureRun {
    let mut tracker = ArchitectureTracker::new(s, arch);
    let mine: Vec<&Detection> = detections.iter().filter(|d| tracker.receives(d)).collect();
    let rows = tracker.feed(s, &mine);
    score_tracking(flown, rows, &mine)
}
