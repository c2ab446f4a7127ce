//! One network as a process: its sensors, its own architectures' trackers and warning, and the
//! local trackers of the track-fusion architectures it is part of, stepped through the
//! scenario; after each step it publishes what its sharing policy allows, one message per
//! kind. A node restarted after a crash recomputes the same steps (the run is deterministic)
//! and publishes only past the last message the bus already holds: nothing is lost, nothing
//! counted twice.

use crate::message::{ArchitectureScans, Body, Codec, Envelope, Kind, VERSION};
use crate::{Bus, BusError, Subject};
use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use vigil_sim::partner::{NetworkNode, NodeStep};
use vigil_sim::scenario::Scenario;
use vigil_sim::scenario::file::ShareLevel;
use vigil_sim::truth::TruthError;

/// How a node runs.
#[derive(Debug, Clone)]
pub struct NodeOptions {
    /// Exercise id (a subject token).
    pub exercise: String,
    /// Scenario index of the network.
    pub network: usize,
    /// Monte Carlo run index (the random streams).
    pub run: u32,
    /// Simulated time per step (and per message), s.
    pub step_s: f64,
    /// Simulated seconds per wall-clock second; 0: as fast as possible.
    pub speed: f64,
}

/// What a node did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeReport {
    /// Messages published.
    pub messages: usize,
    /// Their bytes.
    pub bytes: usize,
    /// Messages the bus already held from an earlier life of the node, skipped.
    pub skipped: usize,
}

/// Why a node stopped.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The bus failed.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// A launch could not be flown.
    #[error(transparent)]
    Truth(#[from] TruthError),
    /// Bad options.
    #[error("{0}")]
    Options(String),
}

/// The kinds network `n` publishes: detections and tracks if some architecture with partners
/// gets them from it, alerts and score always.
pub fn kinds_published(s: &Scenario, n: usize) -> Vec<Kind> {
    let partners: Vec<ShareLevel> = s
        .architectures
        .iter()
        .enumerate()
        .filter(|(_, a)| a.networks.len() > 1 && a.networks.contains(&n))
        .map(|(i, _)| s.sharing[n][i])
        .collect();
    let mut kinds = Vec::new();
    if partners.contains(&ShareLevel::Detections) {
        kinds.push(Kind::Detections);
    }
    if partners.contains(&ShareLevel::Tracks) {
        kinds.push(Kind::Tracks);
    }
    kinds.extend([Kind::Alerts, Kind::Score]);
    kinds
}

fn wall_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Runs network `o.network` of `s` to the scenario's end, publishing on `bus`.
pub async fn run_node<B: Bus>(
    bus: &B,
    s: &Scenario,
    o: &NodeOptions,
) -> Result<NodeReport, NodeError> {
    if !(o.step_s > 0.0) || !o.step_s.is_finite() {
        return Err(NodeError::Options(format!(
            "--step-s must be a positive number of seconds, not {}",
            o.step_s
        )));
    }
    if !(o.speed >= 0.0) || !o.speed.is_finite() {
        return Err(NodeError::Options(format!(
            "--speed must be 0 (as fast as possible) or positive, not {}",
            o.speed
        )));
    }
    let codec = Codec { scenario: s };
    let origin = s.networks[o.network].clone();
    let kinds = kinds_published(s, o.network);
    // The scorer needs the detections of a network that shares less than detections with
    // some partner (it shares tracks with one).
    let score_detections = kinds.contains(&Kind::Tracks);
    let subject = |kind| Subject {
        exercise: o.exercise.clone(),
        origin: origin.clone(),
        kind,
    };
    // Where an earlier life of this node got to, per kind.
    let mut done: BTreeMap<Kind, u64> = BTreeMap::new();
    for kind in &kinds {
        if let Some(bytes) = bus.last(&subject(*kind)).await?
            && let Ok(e) = Envelope::decode(&bytes)
        {
            done.insert(*kind, e.seq);
        }
    }
    let mut node = NetworkNode::new(s, o.run, o.network)?;
    let sensors: Vec<_> = s
        .sensors
        .iter()
        .enumerate()
        .filter(|(_, x)| x.network == o.network)
        .map(|(i, _)| codec.sensor_ref(i as u32))
        .collect();
    let steps = (s.duration_s / o.step_s).ceil().max(1.0) as u64;
    let resume_s = done.values().min().map_or(0.0, |k| *k as f64 * o.step_s);
    let start = Instant::now();
    let mut report = NodeReport::default();
    for k in 1..=steps {
        let t = if k == steps {
            s.duration_s
        } else {
            k as f64 * o.step_s
        };
        if o.speed > 0.0 && t > resume_s {
            let due = Duration::from_secs_f64((t - resume_s) / o.speed);
            tokio::time::sleep_until((start + due).into()).await;
        }
        let step = node.advance_to(t);
        let last = k == steps;
        for kind in &kinds {
            if done.get(kind).is_some_and(|d| k <= *d) {
                report.skipped += 1;
                continue;
            }
            let body = body(
                &codec,
                s,
                o.network,
                *kind,
                &step,
                score_detections,
                last.then_some(&node),
            );
            let e = Envelope {
                version: VERSION,
                exercise: o.exercise.clone(),
                simulated: true,
                origin: origin.clone(),
                seq: k,
                to_s: t,
                last,
                wall_ms: wall_ms(),
                sensors: sensors.clone(),
                body,
            };
            let bytes = e.encode();
            report.bytes += bytes.len();
            report.messages += 1;
            bus.publish(&subject(*kind), k, bytes).await?;
        }
    }
    Ok(report)
}

/// The body of kind `kind` for one step of network `n`: score messages carry the step's
/// detections if `score_detections`, and the node's sensor summaries on the last step (`last`).
fn body(
    codec: &Codec<'_>,
    s: &Scenario,
    n: usize,
    kind: Kind,
    step: &NodeStep,
    score_detections: bool,
    last: Option<&NetworkNode>,
) -> Body {
    match kind {
        Kind::Detections => Body::Detections {
            detections: step.detections.iter().map(|d| codec.detection(d)).collect(),
        },
        Kind::Tracks => Body::Tracks {
            architectures: step
                .scans
                .iter()
                .filter(|(a, _)| s.sharing[n][*a] == ShareLevel::Tracks)
                .map(|(a, scans)| ArchitectureScans {
                    architecture: s.architectures[*a].id.clone(),
                    scans: scans.iter().map(|x| codec.scan(x)).collect(),
                })
                .collect(),
            infrared: step
                .detections
                .iter()
                .filter(|d| {
                    matches!(
                        d.measurement,
                        vigil_sensors::Measurement::LineOfSight { .. }
                    )
                })
                .map(|d| codec.detection(d))
                .collect(),
        },
        // A node publishes no picture ([`kinds_published`] never lists it).
        Kind::Alerts | Kind::Picture => Body::Alerts {
            alerts: step
                .alerts
                .iter()
                .map(|(a, k, alert, truth)| codec.alert(*a, *k, alert, *truth))
                .collect(),
        },
        Kind::Score => Body::Score {
            detections: if score_detections {
                step.detections.iter().map(|d| codec.detection(d)).collect()
            } else {
                Vec::new()
            },
            sensors: last.map_or_else(Vec::new, |node| {
                codec.summaries(&node.sensor_summaries(), n)
            }),
        },
    }
}
