//! Tracking an architecture, scan by scan, and scoring it against the truth. `central` fusion
//! runs one tracker on all its networks' detections; `track` fusion runs one tracker per
//! network and a fusion node (covariance intersection) over their tracks. Trackers:
//! boost/ballistic IMM with EKFs, GNN, two-point initiation, 3-of-5 confirmation. Scoring
//! ([`score_tracking`]) reads the truth and the detections' truth tags; trackers never do.

use crate::scenario::Scenario;
use crate::scenario::SensorKind;
use crate::scenario::file::{FusionSpec, TrackerSpec};
use crate::truth::FlownLaunch;
use std::collections::BTreeSet;
use vigil_sensors::{Detection, Measurement, Truth};
use vigil_tracking::associate::Gnn;
use vigil_tracking::estimator::{Estimator, Imm};
use vigil_tracking::fusion::{FusionNode, LocalTrack};
use vigil_tracking::initiate::TwoPoint;
use vigil_tracking::metrics::ospa::gospa;
use vigil_tracking::metrics::quality::{
    QualityReport, StateError, TrackUpdate, TruthObject, rmse, score_tracks,
};
use vigil_tracking::models::ballistic::{Ballistic, Boost};
use vigil_tracking::observation::SensorObservation;
use vigil_tracking::tracker::{Config, Status, Tracker, scans};
use vigil_tracking::{Ekf, Gaussian};

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
    /// The sensor of the detection behind the update.
    pub sensor: u32,
    /// Flight phase judged from the estimate.
    pub phase: Phase,
    /// RCS estimated from the track's recent radar detections (moving geometric mean), m².
    pub rcs_m2: Option<f64>,
    /// Object type hint from that RCS.
    pub object: ObjectHint,
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

/// What a track's RCS suggests it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectHint {
    /// RCS ≥ 1 m²: a booster stage.
    Stage,
    /// RCS ≤ 0.3 m²: a reentry vehicle.
    ReentryVehicle,
    /// No RCS yet, or in between.
    Unknown,
}

impl ObjectHint {
    /// The name in files: `stage`, `reentry-vehicle`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectHint::Stage => "stage",
            ObjectHint::ReentryVehicle => "reentry-vehicle",
            ObjectHint::Unknown => "unknown",
        }
    }

    /// The hint from an estimated RCS, m².
    fn from_rcs(rcs_m2: Option<f64>) -> Self {
        match rcs_m2 {
            Some(x) if x >= 1.0 => ObjectHint::Stage,
            Some(x) if x <= 0.3 => ObjectHint::ReentryVehicle,
            _ => ObjectHint::Unknown,
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

/// The flight model the warning stage predicts impacts with: the truth's Earth (WGS-84, J2,
/// rotation) in vacuum — trackers do not know a reentry vehicle's ballistic coefficient.
pub fn truth_model_for_warning() -> vigil_flight::ForceModel {
    vigil_flight::ForceModel::default()
}

/// The scenario tracker of one network or of a central architecture.
pub type ScenarioTracker = Tracker<6, Imm<Ekf, Boost, Ballistic>, Gnn, TwoPoint>;

/// A tracker for scenarios, tuned by an architecture's settings: boost/ballistic IMM with
/// EKFs (by default boost 30 m/s² thrust with q = 2,000 m²/s³, ballistic with q = 1 m²/s³, mean
/// boost sojourn 200 s), GNN, two-point initiation (by default up to 9 km/s).
pub fn scenario_tracker(t: &TrackerSpec) -> ScenarioTracker {
    let ballistic = Ballistic::vacuum(t.ballistic_q_m2_s3);
    let imm = Imm {
        filter: Ekf,
        mode0: Boost {
            ballistic: Ballistic {
                q: t.boost_q_m2_s3,
                ..ballistic
            },
            thrust_mps2: t.boost_thrust_mps2,
        },
        mode1: ballistic,
        mean_sojourn_0_s: t.boost_sojourn_s,
        mean_sojourn_1_s: 1e6,
        initial_mode0: 0.2,
    };
    Tracker::new(
        imm,
        Gnn,
        TwoPoint::new(t.max_speed_kmps * 1e3, t.max_pair_age_s, 1.0),
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

/// The trackers of one architecture: one central tracker, or one per network and a fusion
/// node. Fed detections in time order, it returns a row per track update; it sees no truth.
#[derive(Debug, Clone)]
pub struct ArchitectureTracker {
    trackers: Vec<ScenarioTracker>,
    /// Networks of the architecture, in its order; under track fusion, tracker k is network k's.
    networks: Vec<usize>,
    /// Track fusion between networks (None: central tracking).
    node: Option<FusionNode>,
    /// Per track: exponential moving average (weight 0.3) of log10 RCS from its radar
    /// detections — recent ones count most, as objects separate after release.
    rcs: std::collections::BTreeMap<u64, f64>,
}

impl ArchitectureTracker {
    /// The trackers of architecture `arch` of `s`.
    pub fn new(s: &Scenario, arch: usize) -> Self {
        let a = &s.architectures[arch];
        let (trackers, node) = match a.fusion {
            FusionSpec::Central => (vec![scenario_tracker(&a.tracker)], None),
            FusionSpec::Track => (
                a.networks
                    .iter()
                    .map(|_| scenario_tracker(&a.tracker))
                    .collect(),
                Some(FusionNode::new(0.9999, 3)),
            ),
        };
        Self {
            trackers,
            networks: a.networks.clone(),
            node,
            rcs: std::collections::BTreeMap::new(),
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
            self.scan(s, scan, detections, &mut rows);
            start += scan.len();
        }
        rows
    }

    /// One scan: the observations of one sensor at one time, and the detections they come from.
    fn scan(
        &mut self,
        s: &Scenario,
        observations: &[SensorObservation],
        scan: &[&Detection],
        rows: &mut Vec<TrackRow>,
    ) {
        let t = scan[0].t_s;
        let Some(node) = &mut self.node else {
            let tracker = &mut self.trackers[0];
            let report = tracker.scan(observations);
            for (id, j) in &report.updates {
                if let Some(x) = tracker.track(*id) {
                    let ballistic = x.state.probability[1] > 0.5;
                    let row = (*id, &x.estimate, x.status, ballistic);
                    rows.push(describe(s, &mut self.rcs, t, row, scan[*j]));
                }
            }
            return;
        };
        let Some(k) = self
            .networks
            .iter()
            .position(|n| *n == scan[0].tag.network as usize)
        else {
            return;
        };
        let report = self.trackers[k].scan(observations);
        for id in &report.deleted {
            node.forget(k, *id);
        }
        // The other networks' candidate tracks, predicted to the scan time.
        let others: Vec<LocalTrack<6>> = self
            .trackers
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(j, tr)| {
                tr.tracks()
                    .iter()
                    .filter(|x| x.status == Status::Confirmed || x.hits >= 2)
                    .map(move |x| {
                        let p = tr.estimator.predict(&x.state, x.t_s, t - x.t_s);
                        LocalTrack {
                            network: j,
                            id: x.id,
                            confirmed: x.status == Status::Confirmed,
                            hits: x.hits,
                            estimate: tr.estimator.gaussian(&p),
                        }
                    })
            })
            .collect();
        for (id, j) in &report.updates {
            let Some(x) = self.trackers[k].track(*id) else {
                continue;
            };
            if x.status != Status::Confirmed && x.hits < 2 {
                continue;
            }
            let local = LocalTrack {
                network: k,
                id: x.id,
                confirmed: x.status == Status::Confirmed,
                hits: x.hits,
                estimate: x.estimate,
            };
            let fused = node.fuse(&local, &others);
            let ballistic = x.state.probability[1] > 0.5;
            let status = if fused.confirmed {
                Status::Confirmed
            } else {
                Status::Tentative
            };
            let row = (fused.id, &fused.estimate, status, ballistic);
            rows.push(describe(s, &mut self.rcs, t, row, scan[*j]));
        }
    }
}

/// The row of a track update `(id, estimate, status, ballistic)` at `t_s` from detection `d`:
/// phase from the estimate, RCS read backwards through the radar equation from the
/// detection's SNR and range, averaged over the track's recent detections.
fn describe(
    s: &Scenario,
    rcs_memory: &mut std::collections::BTreeMap<u64, f64>,
    t_s: f64,
    (track_id, g, status, ballistic): (u64, &Gaussian<6>, Status, bool),
    d: &Detection,
) -> TrackRow {
    let sensor = d.tag.sensor;
    if let (Measurement::Radar { range_m, .. }, SensorKind::Radar(radar)) =
        (&d.measurement, &s.sensors[sensor as usize].kind)
    {
        let rcs = radar.reference_rcs_m2
            * 10f64.powf((d.snr_db - radar.reference_snr_db) / 10.0)
            * (range_m / radar.reference_range_m).powi(4);
        if rcs > 0.0 && rcs.is_finite() {
            let e = rcs_memory.entry(track_id).or_insert(rcs.log10());
            *e = 0.7 * *e + 0.3 * rcs.log10();
        }
    }
    let rcs_m2 = rcs_memory.get(&track_id).map(|l| 10f64.powf(*l));
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
        sensor,
        phase,
        rcs_m2,
        object: ObjectHint::from_rcs(rcs_m2),
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
