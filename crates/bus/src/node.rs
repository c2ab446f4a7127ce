//! One network as a process: its sensors, its own architectures' trackers and warning, and the
//! local trackers of the track-fusion architectures it is part of, stepped through the
//! scenario; after each step it publishes what its sharing policy allows, one message per
//! kind. A node restarted after a crash recomputes the same steps (the run is deterministic)
//! and publishes only past the last message the bus already holds: nothing is lost, nothing
//! counted twice.
//!
//! A node paces itself against its own wall clock, or follows exercise control's clock on the
//! bus ([`Pacing::Bus`]): it advances only to the time the controller released and applies the
//! controller's injects that concern its network, read in the order given, so the same
//! injects at the same simulated times give what the one-process engine gives.

use crate::message::{ArchitectureScans, Body, Codec, Envelope, Kind, VERSION};
use crate::{Bus, BusError, Messages, Subject, control_subject};
use futures_util::StreamExt;
use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use vigil_sim::engine::Input;
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
    /// What sets the pace.
    pub pacing: Pacing,
}

/// What paces a node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pacing {
    /// Its own wall clock: this many simulated seconds per wall-clock second (0: as fast as
    /// possible).
    Own(f64),
    /// Exercise control's clock on the bus (`vigil serve --bus`), with its injects.
    Bus,
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
    let speed = match o.pacing {
        Pacing::Own(x) if !(x >= 0.0) || !x.is_finite() => {
            return Err(NodeError::Options(format!(
                "--speed must be 0 (as fast as possible) or positive, not {x}"
            )));
        }
        Pacing::Own(x) => x,
        Pacing::Bus => 0.0,
    };
    let mut control = match o.pacing {
        Pacing::Bus => Some(Control {
            messages: bus.subscribe(&control_subject(&o.exercise)).await?,
            released_s: f64::NEG_INFINITY,
            seen: 0,
        }),
        Pacing::Own(_) => None,
    };
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
        if speed > 0.0 && t > resume_s {
            let due = Duration::from_secs_f64((t - resume_s) / speed);
            tokio::time::sleep_until((start + due).into()).await;
        }
        if let Some(c) = &mut control {
            c.wait_for(t, s, o.network, &mut node).await?;
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

/// Exercise control's stream as a node reads it.
struct Control {
    messages: Messages,
    /// The time the controller released, s.
    released_s: f64,
    /// Number of the last message taken.
    seen: u64,
}

impl Control {
    /// Reads the controller's messages until it has released `t_s`, applying the injects on
    /// the way to network `n`'s node.
    async fn wait_for(
        &mut self,
        t_s: f64,
        s: &Scenario,
        n: usize,
        node: &mut NetworkNode,
    ) -> Result<(), NodeError> {
        while self.released_s < t_s {
            let Some(bytes) = self.messages.next().await else {
                return Err(NodeError::Options(
                    "exercise control's stream ended before the end of the run".into(),
                ));
            };
            let e = match Envelope::decode(&bytes?) {
                Ok(e) if e.body.kind() == Kind::Control => e,
                Ok(e) => {
                    eprintln!(
                        "vigil: bus: refused a {} message on exercise control's stream",
                        e.body.kind().as_str()
                    );
                    continue;
                }
                Err(err) => {
                    eprintln!("vigil: bus: refused a message on exercise control's stream: {err}");
                    continue;
                }
            };
            if e.seq <= self.seen {
                continue;
            }
            self.seen = e.seq;
            match e.body {
                Body::Clock { .. } => self.released_s = self.released_s.max(e.to_s),
                Body::Inject { number, inject } => {
                    for input in inputs_for(&inject, number, s, n, node) {
                        if let Err(err) = node.input(input) {
                            eprintln!("vigil: node: inject {number} not applied: {err}");
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The engine inputs of inject number `number` that concern network `n`'s node: launches and
/// phantoms (every node flies them: the phantoms' numbers must be the same everywhere), and
/// outages of the network's own sensors. Links are the fusion centres' business.
fn inputs_for(
    inject: &vigil_live::wire::Inject,
    number: usize,
    s: &Scenario,
    n: usize,
    node: &NetworkNode,
) -> Vec<Input> {
    let engine = node.engine();
    let now_s = engine.time_s().unwrap_or(0.0);
    match vigil_live::inject::inputs(inject, engine.scenario(), now_s, number) {
        Ok(inputs) => inputs
            .into_iter()
            .filter(|i| match i {
                Input::Launch(_) | Input::Phantom { .. } => true,
                Input::SensorDown { sensor, .. } | Input::SensorUp { sensor, .. } => {
                    s.sensors.get(*sensor).is_some_and(|x| x.network == n)
                }
                Input::LinkDown { .. } | Input::LinkUp { .. } => false,
            })
            .collect(),
        Err(err) => {
            eprintln!("vigil: node: inject {number} refused: {err}");
            Vec::new()
        }
    }
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
        Kind::Alerts | Kind::Picture | Kind::Control => Body::Alerts {
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
