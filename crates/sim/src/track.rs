//! Tracking an architecture and scoring it against the truth. `central` fusion runs one
//! tracker on all its networks' detections; `track` fusion runs one tracker per network and a
//! fusion node (covariance intersection) over their tracks. Trackers: boost/ballistic IMM with
//! EKFs, GNN, two-point initiation, 3-of-5 confirmation. Scoring reads the detections' truth
//! tags; trackers never do.

use crate::scenario::Scenario;
use crate::scenario::file::FusionSpec;
use crate::truth::FlownLaunch;
use std::collections::BTreeSet;
use vigil_sensors::{Detection, Truth};
use vigil_tracking::associate::Gnn;
use vigil_tracking::estimator::{Estimator, Imm};
use vigil_tracking::fusion::{FusionNode, LocalTrack};
use vigil_tracking::initiate::TwoPoint;
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
    flown: &'a [FlownLaunch],
    rows: Vec<TrackRow>,
    confirmed: BTreeSet<u64>,
    first_confirmed: Vec<Option<f64>>,
}

impl Scorer<'_> {
    fn record(&mut self, track_id: u64, t_s: f64, g: &Gaussian<6>, confirmed: bool, truth: Truth) {
        if confirmed {
            self.confirmed.insert(track_id);
            if let Truth::Object { launch, .. } = truth {
                self.first_confirmed[launch as usize].get_or_insert(t_s);
            }
        }
        let m = g.mean;
        let position_error_m = match truth {
            Truth::Object { launch, object } => self.flown[launch as usize].flight.objects
                [object as usize]
                .ephemeris
                .state_at(t_s)
                .map(|st| {
                    (st.position.vector() - vigil_earth::math::Vec3::new(m[0], m[1], m[2])).norm()
                }),
            Truth::FalseAlarm => None,
        };
        self.rows.push(TrackRow {
            track_id,
            t_s,
            state: [m[0], m[1], m[2], m[3], m[4], m[5]],
            sigma: std::array::from_fn(|i| g.cov[(i, i)].sqrt()),
            status: if confirmed { "confirmed" } else { "tentative" },
            truth,
            position_error_m,
        });
    }

    fn finish(self, detections: usize) -> ArchitectureRun {
        let errors: Vec<f64> = self
            .rows
            .iter()
            .filter(|r| r.status == "confirmed")
            .filter_map(|r| r.position_error_m)
            .collect();
        let position_rmse_m = (!errors.is_empty())
            .then(|| (errors.iter().map(|e| e * e).sum::<f64>() / errors.len() as f64).sqrt());
        ArchitectureRun {
            rows: self.rows,
            detections,
            confirmed_tracks: self.confirmed.len(),
            first_confirmed_s: self.first_confirmed,
            position_rmse_m,
        }
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
        flown,
        rows: Vec::new(),
        confirmed: BTreeSet::new(),
        first_confirmed: vec![None; s.launches.len()],
    };
    match a.fusion {
        FusionSpec::Central => central(&mine, &mut scorer),
        FusionSpec::Track => by_network(&mine, &a.networks, &mut scorer),
    }
    scorer.finish(mine.len())
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
                scorer.record(
                    *id,
                    report.t_s,
                    &track.estimate,
                    track.status == Status::Confirmed,
                    mine[offset + j].truth,
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
        let end = start
            + mine[start..]
                .iter()
                .take_while(|d| d.t_s == t && d.tag.sensor == sensor)
                .count();
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
            scorer.record(
                fused.id,
                t,
                &fused.estimate,
                fused.confirmed,
                mine[start + j].truth,
            );
        }
        start = end;
    }
}
