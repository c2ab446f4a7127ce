//! Track-to-track fusion, split where the networks' border is. Each network's own tracker
//! ([`NetworkTracker`]) reports what one scan changed ([`LocalScan`]); the integration centre
//! ([`TrackFusion`]) keeps a copy of every partner's shareable tracks from those reports and
//! fuses them (covariance intersection). In one process the two halves are called back to
//! back; between processes the reports travel as bus messages — the same code either way, so
//! the same fused tracks.

use crate::scenario::Scenario;
use crate::scenario::file::TrackerSpec;
use crate::track::{
    MODES, ScenarioEstimator, ScenarioTracker, TrackRow, Update, describe, scenario_tracker,
};
use std::collections::BTreeMap;
use vigil_sensors::{Detection, Truth};
use vigil_tracking::Gaussian;
use vigil_tracking::amplitude::RcsEstimate;
use vigil_tracking::estimator::{Estimator, ImmState};
use vigil_tracking::fusion::{FusionNode, LocalTrack};
use vigil_tracking::observation::SensorObservation;
use vigil_tracking::tracker::{Status, Track, scans};

/// A partner's copy of one local track: what the fusion centre needs of it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackCopy {
    /// The local tracker's id.
    pub id: u64,
    /// Whether the local tracker has confirmed it.
    pub confirmed: bool,
    /// Its updates so far (birth included).
    pub hits: u32,
    /// Time of its estimate, s.
    pub t_s: f64,
    /// Its estimate (ECEF [r, v], m and m/s), combined over the modes.
    pub estimate: Gaussian<6>,
    /// The estimator's state (boost and coasting modes and their probabilities).
    pub state: ImmState<6, MODES>,
}

/// The detection behind a track update, as far as the fusion centre needs it: its sensor,
/// SNR and radar range (for the RCS estimate) and its truth tag (scoring only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpdateSource {
    /// The updated track (local id).
    pub track_id: u64,
    /// Scenario index of the sensor.
    pub sensor: u32,
    /// Radar cross-section the detection measured, m² (None for a line of sight).
    pub rcs_m2: Option<f64>,
    /// Truth of the detection (scoring only).
    pub truth: Truth,
}

impl UpdateSource {
    /// The source of an update of track `track_id` by detection `d`.
    pub fn of(track_id: u64, d: &Detection) -> Self {
        Self {
            track_id,
            sensor: d.tag.sensor,
            rcs_m2: d.rcs_m2,
            truth: d.truth,
        }
    }
}

/// What one scan of a network's tracker changed, as its integration centre needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalScan {
    /// Scenario index of the network.
    pub network: usize,
    /// Scenario index of the sensor whose scan it was.
    pub sensor: u32,
    /// Time of the scan, s.
    pub t_s: f64,
    /// Shareable tracks (confirmed, or updated at least twice) new or changed by the scan.
    pub changed: Vec<TrackCopy>,
    /// Tracks deleted by the scan.
    pub deleted: Vec<u64>,
    /// The scan's updates of shareable tracks, in the tracker's order.
    pub updates: Vec<UpdateSource>,
}

/// Whether a local track is offered for fusion: confirmed, or updated at least twice.
fn shareable(x: &Track<6, ImmState<6, MODES>>) -> bool {
    x.status == Status::Confirmed || x.hits >= 2
}

/// One network's own tracker in a track-fusion architecture.
#[derive(Debug, Clone)]
pub struct NetworkTracker {
    network: usize,
    tracker: ScenarioTracker,
    /// What the integration centre holds of each shareable track.
    sent: BTreeMap<u64, TrackCopy>,
}

impl NetworkTracker {
    /// The tracker of network `network` (scenario index), tuned by an architecture's settings.
    pub fn new(spec: &TrackerSpec, network: usize) -> Self {
        Self {
            network,
            tracker: scenario_tracker(spec),
            sent: BTreeMap::new(),
        }
    }

    /// Feeds the network's detections (time order; every detection of a given time and
    /// sensor in one call) and returns a report per scan.
    pub fn feed(&mut self, mine: &[&Detection]) -> Vec<LocalScan> {
        let observations: Vec<SensorObservation> = mine
            .iter()
            .map(|d| SensorObservation::from_detection(d))
            .collect();
        let mut out = Vec::new();
        let mut start = 0;
        for scan in scans(&observations) {
            out.push(self.scan(scan, &mine[start..start + scan.len()]));
            start += scan.len();
        }
        out
    }

    /// One scan: the observations of one sensor at one time, and the detections they come from.
    pub fn scan(&mut self, observations: &[SensorObservation], scan: &[&Detection]) -> LocalScan {
        let report = self.tracker.scan(observations);
        for id in &report.deleted {
            self.sent.remove(id);
        }
        let mut changed = Vec::new();
        for x in self.tracker.tracks().iter().filter(|x| shareable(x)) {
            let confirmed = x.status == Status::Confirmed;
            let same = self
                .sent
                .get(&x.id)
                .is_some_and(|c| c.t_s == x.t_s && c.hits == x.hits && c.confirmed == confirmed);
            if !same {
                let copy = TrackCopy {
                    id: x.id,
                    confirmed,
                    hits: x.hits,
                    t_s: x.t_s,
                    estimate: x.estimate,
                    state: x.state,
                };
                self.sent.insert(x.id, copy.clone());
                changed.push(copy);
            }
        }
        let updates = report
            .updates
            .iter()
            .filter(|(id, _)| self.sent.contains_key(id))
            .map(|(id, j)| UpdateSource::of(*id, scan[*j]))
            .collect();
        LocalScan {
            network: self.network,
            sensor: scan[0].tag.sensor,
            t_s: scan[0].t_s,
            changed,
            deleted: report.deleted,
            updates,
        }
    }
}

/// The integration centre of a track-fusion architecture: a copy of each network's shareable
/// tracks, kept from its [`LocalScan`]s, and the fusion node.
#[derive(Debug, Clone)]
pub struct TrackFusion {
    /// Scenario index of the architecture.
    arch: usize,
    /// The architecture's networks (scenario indices), in its order.
    networks: Vec<usize>,
    /// The local trackers' estimator, to predict partners' tracks to a scan's time.
    estimator: ScenarioEstimator,
    /// Per network (architecture order): its shareable tracks by local id.
    copies: Vec<BTreeMap<u64, TrackCopy>>,
    node: FusionNode,
    /// Per fused track: the RCS measured by the plots behind its updates.
    rcs: BTreeMap<u64, RcsEstimate>,
}

impl TrackFusion {
    /// The integration centre of architecture `arch` of `s` (its tracker settings and networks).
    pub fn new(s: &Scenario, arch: usize) -> Self {
        let a = &s.architectures[arch];
        Self {
            arch,
            networks: a.networks.clone(),
            estimator: scenario_tracker(&a.tracker).estimator,
            copies: vec![BTreeMap::new(); a.networks.len()],
            node: FusionNode::new(0.9999, 3),
            rcs: BTreeMap::new(),
        }
    }

    /// Applies one network's scan report and returns the fused track updates it makes
    /// (nothing for a network not in the architecture).
    pub fn apply(&mut self, s: &Scenario, local: &LocalScan) -> Vec<TrackRow> {
        let Some(k) = self.networks.iter().position(|n| *n == local.network) else {
            return Vec::new();
        };
        for id in &local.deleted {
            self.copies[k].remove(id);
            self.node.forget(k, *id);
        }
        for c in &local.changed {
            self.copies[k].insert(c.id, c.clone());
        }
        let t = local.t_s;
        // The other networks' tracks, predicted to the scan time.
        let estimator = &self.estimator;
        let others: Vec<LocalTrack<6>> = self
            .copies
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(j, copies)| {
                copies.values().map(move |x| {
                    let p = estimator.predict(&x.state, x.t_s, t - x.t_s);
                    LocalTrack {
                        network: j,
                        id: x.id,
                        confirmed: x.confirmed,
                        hits: x.hits,
                        estimate: estimator.gaussian(&p),
                    }
                })
            })
            .collect();
        let mut rows = Vec::new();
        for u in &local.updates {
            let Some(x) = self.copies[k].get(&u.track_id) else {
                continue;
            };
            let mine = LocalTrack {
                network: k,
                id: x.id,
                confirmed: x.confirmed,
                hits: x.hits,
                estimate: x.estimate,
            };
            let fused = self.node.fuse(&mine, &others);
            let status = if fused.confirmed {
                Status::Confirmed
            } else {
                Status::Tentative
            };
            // The fused estimate under the local track's mode probabilities.
            let state = ImmState {
                modes: [fused.estimate; MODES],
                probability: x.state.probability,
            };
            let rcs = RcsEstimate::update(self.rcs.get(&fused.id).copied(), u.rcs_m2);
            if let Some(e) = rcs {
                self.rcs.insert(fused.id, e);
            }
            let row = Update {
                id: fused.id,
                estimate: &fused.estimate,
                status,
                state: &state,
                rcs,
            };
            let spec = &s.architectures[self.arch].tracker;
            rows.push(describe(spec, t, row, u));
        }
        rows
    }
}
