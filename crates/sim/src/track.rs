//! Tracking an architecture and scoring it against the truth. `central` fusion runs one
//! tracker on all its networks' detections; `track` fusion runs one tracker per network and a
//! fusion node (covariance intersection) over their tracks. Trackers: boost/ballistic IMM with
//! EKFs, GNN, two-point initiation, 3-of-5 confirmation. Scoring reads the detections' truth
//! tags; trackers never do.

use crate::scenario::Scenario;
use crate::scenario::SensorKind;
use crate::scenario::file::FusionSpec;
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
use vigil_tracking::tracker::{Config, Status, Tracker};
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
    /// `tentative` or `confirmed`.
    pub status: &'static str,
    /// Truth of the detection behind the update (scoring only).
    pub truth: Truth,
    /// Position error against that object's true position, m (None for false alarms).
    pub position_error_m: Option<f64>,
    /// The full estimate (ECEF [r, v]).
    pub estimate: Gaussian<6>,
    /// Whether the estimator judges the object in ballistic flight (IMM mode probability).
    pub ballistic: bool,
    /// The sensor of the detection behind the update.
    pub sensor: u32,
    /// Flight phase judged from the estimate: `boost` (IMM boost mode), `reentry` (descending
    /// below 100 km) or `ballistic`.
    pub phase: &'static str,
    /// RCS estimated from the track's recent radar detections (moving geometric mean), m².
    pub rcs_m2: Option<f64>,
    /// Object type hint from that RCS: `stage` (≥ 1 m²), `reentry-vehicle` (≤ 0.3 m²) or `unknown`.
    pub object: &'static str,
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

/// A tracker for scenarios: IMM (boost 30 m/s² thrust with q = 2,000 m²/s³, ballistic with
/// q = 1 m²/s³, mean boost sojourn 200 s), GNN, two-point initiation up to 9 km/s.
pub fn scenario_tracker() -> ScenarioTracker {
    let ballistic = Ballistic::vacuum(1.0);
    let imm = Imm {
        filter: Ekf,
        mode0: Boost {
            ballistic: Ballistic {
                q: 2_000.0,
                ..ballistic
            },
            thrust_mps2: 30.0,
        },
        mode1: ballistic,
        mean_sojourn_0_s: 200.0,
        mean_sojourn_1_s: 1e6,
        initial_mode0: 0.2,
    };
    Tracker::new(
        imm,
        Gnn,
        TwoPoint::new(9_000.0, 35.0, 1.0),
        Config {
            clutter_density: 1e-7,
            ..Config::default()
        },
    )
}

/// Accumulates rows and figures of merit.
struct Scorer<'a> {
    scenario: &'a Scenario,
    flown: &'a [FlownLaunch],
    /// Per track: exponential moving average (weight 0.3) of log10 RCS from its radar
    /// detections — recent ones count most, as objects separate after release.
    rcs: std::collections::BTreeMap<u64, f64>,
    rows: Vec<TrackRow>,
    confirmed: BTreeSet<u64>,
    first_confirmed: Vec<Option<f64>>,
    errors: Vec<StateError>,
}

/// One id per object for scoring: launch × 1,000 + object.
fn object_id(launch: u32, object: u32) -> u32 {
    launch * 1_000 + object
}

impl Scorer<'_> {
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        track_id: u64,
        t_s: f64,
        g: &Gaussian<6>,
        confirmed: bool,
        d: &Detection,
        ballistic: bool,
    ) {
        let (truth, sensor) = (d.truth, d.tag.sensor);
        // RCS from the radar equation, read backwards from the detection's SNR and range.
        if let (Measurement::Radar { range_m, .. }, SensorKind::Radar(radar)) =
            (&d.measurement, &self.scenario.sensors[sensor as usize].kind)
        {
            let rcs = radar.reference_rcs_m2
                * 10f64.powf((d.snr_db - radar.reference_snr_db) / 10.0)
                * (range_m / radar.reference_range_m).powi(4);
            if rcs > 0.0 && rcs.is_finite() {
                let e = self.rcs.entry(track_id).or_insert(rcs.log10());
                *e = 0.7 * *e + 0.3 * rcs.log10();
            }
        }
        let rcs_m2 = self.rcs.get(&track_id).map(|l| 10f64.powf(*l));
        let r = vigil_earth::math::Vec3::new(g.mean[0], g.mean[1], g.mean[2]);
        let v = vigil_earth::math::Vec3::new(g.mean[3], g.mean[4], g.mean[5]);
        let (height, up) = vigil_earth::EarthShape::Wgs84.height_and_up(&r);
        let phase = if !ballistic {
            "boost"
        } else if height < 100_000.0 && up.dot(&v) < 0.0 {
            "reentry"
        } else {
            "ballistic"
        };
        let object = match rcs_m2 {
            Some(x) if x >= 1.0 => "stage",
            Some(x) if x <= 0.3 => "reentry-vehicle",
            _ => "unknown",
        };
        if confirmed {
            self.confirmed.insert(track_id);
            if let Truth::Object { launch, .. } = truth {
                self.first_confirmed[launch as usize].get_or_insert(t_s);
            }
        }
        let m = g.mean;
        let (r, v) = (
            vigil_earth::math::Vec3::new(m[0], m[1], m[2]),
            vigil_earth::math::Vec3::new(m[3], m[4], m[5]),
        );
        let true_state = match truth {
            Truth::Object { launch, object } => self.flown[launch as usize].flight.objects
                [object as usize]
                .ephemeris
                .state_at(t_s),
            Truth::FalseAlarm => None,
        };
        let position_error_m = true_state.map(|st| (st.position.vector() - r).norm());
        if let (Some(st), Truth::Object { launch, object }, true) = (true_state, truth, confirmed) {
            self.errors.push(StateError {
                t_s,
                track_id,
                truth_id: object_id(launch, object),
                position_m: r - st.position.vector(),
                velocity_mps: v - st.velocity.vector(),
            });
        }
        self.rows.push(TrackRow {
            track_id,
            t_s,
            state: [m[0], m[1], m[2], m[3], m[4], m[5]],
            sigma: std::array::from_fn(|i| g.cov[(i, i)].sqrt()),
            status: if confirmed { "confirmed" } else { "tentative" },
            truth,
            position_error_m,
            estimate: *g,
            ballistic,
            sensor,
            phase,
            rcs_m2,
            object,
        });
    }

    fn finish(self, mine: &[&Detection]) -> ArchitectureRun {
        let errors = rmse(&self.errors);
        let updates: Vec<TrackUpdate> = self
            .rows
            .iter()
            .map(|r| TrackUpdate {
                track_id: r.track_id,
                t_s: r.t_s,
                truth: match r.truth {
                    Truth::Object { launch, object } => Some(object_id(launch, object)),
                    Truth::FalseAlarm => None,
                },
                confirmed: r.status == "confirmed",
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
        let quality = score_tracks(&updates, &objects);
        let mean_gospa_m = self.mean_gospa(mine);
        ArchitectureRun {
            detections: mine.len(),
            confirmed_tracks: self.confirmed.len(),
            first_confirmed_s: self.first_confirmed,
            position_rmse_m: errors.as_ref().map(|e| e.position_m),
            velocity_rmse_mps: errors.as_ref().map(|e| e.velocity_mps),
            quality,
            mean_gospa_m,
            rows: self.rows,
        }
    }

    /// GOSPA every 30 s: estimates are confirmed tracks updated within the last 30 s,
    /// extrapolated linearly; truths are objects in flight that the architecture detected
    /// within a minute of the sample time.
    fn mean_gospa(&self, mine: &[&Detection]) -> Option<f64> {
        let (Some(first), Some(last)) = (mine.first(), mine.last()) else {
            return None;
        };
        let mut values = Vec::new();
        let mut t = (first.t_s / 30.0).ceil() * 30.0;
        while t <= last.t_s {
            let mut latest: std::collections::BTreeMap<u64, &TrackRow> =
                std::collections::BTreeMap::new();
            for r in self
                .rows
                .iter()
                .filter(|r| r.status == "confirmed" && r.t_s <= t && r.t_s > t - 30.0)
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
                .filter_map(|d| match d.truth {
                    Truth::Object { launch, object } => Some((launch, object)),
                    Truth::FalseAlarm => None,
                })
                .collect();
            let truths: Vec<[f64; 3]> = seen
                .iter()
                .filter_map(|(l, o)| {
                    self.flown[*l as usize].flight.objects[*o as usize]
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
}

/// Tracks architecture `arch` on the run's detections (all networks' detections in time
/// order; those of other networks are skipped).
pub fn track_architecture(
    s: &Scenario,
    flown: &[FlownLaunch],
    detections: &[Detection],
    arch: usize,
) -> ArchitectureRun {
    let a = &s.architectures[arch];
    let mine: Vec<&Detection> = detections
        .iter()
        .filter(|d| a.networks.contains(&(d.tag.network as usize)))
        .collect();
    let mut scorer = Scorer {
        scenario: s,
        rcs: std::collections::BTreeMap::new(),
        flown,
        rows: Vec::new(),
        confirmed: BTreeSet::new(),
        first_confirmed: vec![None; s.launches.len()],
        errors: Vec::new(),
    };
    match a.fusion {
        FusionSpec::Central => central(&mine, &mut scorer),
        FusionSpec::Track => by_network(&mine, &a.networks, &mut scorer),
    }
    scorer.finish(&mine)
}

fn central(mine: &[&Detection], scorer: &mut Scorer<'_>) {
    let observations: Vec<SensorObservation> = mine
        .iter()
        .map(|d| SensorObservation::from_detection(d))
        .collect();
    let mut tracker = scenario_tracker();
    let mut offset = 0;
    tracker.run(&observations, |t, report, scan| {
        for (id, j) in &report.updates {
            if let Some(track) = t.track(*id) {
                let d = mine[offset + j];
                let ballistic = track.state.probability[1] > 0.5;
                scorer.record(
                    *id,
                    report.t_s,
                    &track.estimate,
                    track.status == Status::Confirmed,
                    d,
                    ballistic,
                );
            }
        }
        offset += scan.len();
    });
}

/// One tracker per network, scans in global time order, and a fusion node over local tracks
/// that are confirmed or have two hits.
fn by_network(mine: &[&Detection], networks: &[usize], scorer: &mut Scorer<'_>) {
    let mut trackers: Vec<ScenarioTracker> = networks.iter().map(|_| scenario_tracker()).collect();
    let mut node = FusionNode::new(0.9999, 3);
    let mut start = 0;
    while start < mine.len() {
        let (t, sensor) = (mine[start].t_s, mine[start].tag.sensor);
        let same = mine[start..]
            .iter()
            .take_while(|d| d.t_s == t && d.tag.sensor == sensor)
            .count();
        let end = start + same.max(1);
        let Some(k) = networks
            .iter()
            .position(|n| *n == mine[start].tag.network as usize)
        else {
            start = end;
            continue;
        };
        let scan: Vec<SensorObservation> = mine[start..end]
            .iter()
            .map(|d| SensorObservation::from_detection(d))
            .collect();
        let report = trackers[k].scan(&scan);
        for id in &report.deleted {
            node.forget(k, *id);
        }
        // The other networks' candidate tracks, predicted to the scan time.
        let others: Vec<LocalTrack<6>> = trackers
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
            let Some(x) = trackers[k].track(*id) else {
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
            let d = mine[start + j];
            let ballistic = x.state.probability[1] > 0.5;
            scorer.record(fused.id, t, &fused.estimate, fused.confirmed, d, ballistic);
        }
        start = end;
    }
}
