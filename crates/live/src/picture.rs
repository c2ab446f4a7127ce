//! The picture: what consoles are shown, built from the records so far — the latest update
//! of each track, every alert with its acknowledgement, and for controllers the launches
//! and injects. The live exercise and a replay build it the same way.

use crate::msel::Msel;
use crate::wire::{
    AlertState, Body, Inject, InjectRecord, LaunchEvent, MselEventState, MselProgress, MselRefusal,
    Record, Role, SensorState, Snapshot, TrackEvent, TrackState, When,
};
use std::collections::BTreeMap;
use vigil_sim::scenario::{Scenario, SensorKind};

/// A track not updated for this long (simulation s) leaves the snapshot.
pub const TRACK_STALE_S: f64 = 60.0;

/// The state built from the records applied so far.
#[derive(Debug, Clone, Default)]
pub struct Picture {
    seq: u64,
    op_seq: u64,
    ended: bool,
    tracks: BTreeMap<(String, u64), TrackState>,
    alerts: Vec<AlertState>,
    launches: Vec<LaunchEvent>,
    injects: Vec<InjectRecord>,
    msel: Option<Msel>,
    msel_refused: Vec<MselRefusal>,
}

impl Picture {
    /// An empty picture of an exercise with MSEL `msel`, if any.
    pub fn new(msel: Option<Msel>) -> Self {
        Self {
            msel,
            ..Self::default()
        }
    }

    /// The exercise's MSEL.
    pub fn msel(&self) -> Option<&Msel> {
        self.msel.as_ref()
    }

    /// Every inject so far, in order.
    pub fn injects(&self) -> &[InjectRecord] {
        &self.injects
    }

    /// Every alert so far, in order, with its acknowledgement.
    pub fn alerts(&self) -> &[AlertState] {
        &self.alerts
    }

    /// How many MSEL events came (injected or refused); they come in order.
    pub fn msel_done(&self) -> usize {
        self.injects.iter().filter(|i| i.msel.is_some()).count() + self.msel_refused.len()
    }

    /// The role's sequence number of the last record applied.
    pub fn seq(&self, role: Role) -> u64 {
        match role {
            Role::Controller => self.seq,
            Role::Operator => self.op_seq,
        }
    }

    /// How many injects were applied.
    pub fn injects_count(&self) -> usize {
        self.injects.len()
    }

    /// Whether an `end` record was applied.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Alert `id` with its acknowledgement.
    pub fn alert(&self, id: &str) -> Option<&AlertState> {
        self.alerts.iter().find(|a| a.alert.id == id)
    }

    /// Takes record `r` into the picture.
    pub fn apply(&mut self, r: &Record) {
        self.seq = r.seq;
        self.op_seq = r.op_seq.unwrap_or(self.op_seq);
        match &r.body {
            Body::Launch(l) => self.launches.push(l.clone()),
            Body::Track(t) => {
                let key = (t.architecture.clone(), t.track);
                let impact = self.tracks.get(&key).and_then(|x| x.impact);
                self.tracks.insert(
                    key,
                    TrackState {
                        update: t.clone(),
                        impact,
                    },
                );
            }
            Body::Alert(a) => {
                if let (Some(track), Some(impact)) = (a.track, a.impact)
                    && let Some(t) = self.tracks.get_mut(&(a.architecture.clone(), track))
                {
                    t.impact = Some(impact);
                }
                self.alerts.push(AlertState {
                    alert: a.clone(),
                    acknowledged_by: None,
                    acknowledged_at_s: None,
                    acknowledged_wall_ms: None,
                });
            }
            Body::Inject(i) => self.injects.push(i.clone()),
            Body::Ack(k) => {
                if let Some(a) = self.alerts.iter_mut().find(|a| a.alert.id == k.alert) {
                    a.acknowledged_by = Some(k.by);
                    a.acknowledged_at_s = Some(r.sim_time_s);
                    a.acknowledged_wall_ms = Some(r.wall_ms);
                }
            }
            Body::End => self.ended = true,
            Body::MselRefused(x) => self.msel_refused.push(x.clone()),
            Body::Detection(_) | Body::Clock(_) => {}
        }
    }

    /// What `role` may see of it at simulation time `t` (s), on scenario `s`, with the
    /// clock's `speed` and `paused`.
    pub fn snapshot(&self, s: &Scenario, role: Role, t: f64, speed: f64, paused: bool) -> Snapshot {
        let controller = role == Role::Controller;
        let down = |id: &str| {
            self.injects.iter().any(|i| match &i.inject {
                Inject::SensorOutage {
                    sensor,
                    start: When::At(t0),
                    duration_s,
                } => sensor == id && *t0 <= t && duration_s.is_none_or(|d| t < t0 + d),
                _ => false,
            })
        };
        let redact = |x: Option<String>| if controller { x } else { None };
        Snapshot {
            kind: "snapshot".into(),
            seq: self.seq(role),
            sim_time_s: t,
            speed,
            paused,
            ended: self.ended,
            scenario: s.name.clone(),
            epoch: s.epoch.to_string(),
            duration_s: s.duration_s,
            sensors: s
                .sensors
                .iter()
                .map(|x| SensorState {
                    id: x.id.clone(),
                    network: s.networks.get(x.network).cloned().unwrap_or_default(),
                    kind: match x.kind {
                        SensorKind::Radar(_) => "radar",
                        SensorKind::Infrared(_) => "infrared",
                    }
                    .into(),
                    up: !down(&x.id),
                })
                .collect(),
            tracks: self
                .tracks
                .values()
                .filter(|x| x.update.t_s >= t - TRACK_STALE_S)
                .map(|x| TrackState {
                    update: TrackEvent {
                        truth: redact(x.update.truth.clone()),
                        ..x.update.clone()
                    },
                    impact: x.impact,
                })
                .collect(),
            alerts: self
                .alerts
                .iter()
                .map(|a| {
                    let mut a = a.clone();
                    a.alert.truth = redact(a.alert.truth);
                    a
                })
                .collect(),
            launches: controller.then(|| self.launches.clone()),
            injects: controller.then(|| self.injects.clone()),
            msel: self
                .msel
                .as_ref()
                .filter(|_| controller)
                .map(|m| self.progress(m)),
            bus: None,
        }
    }

    /// Which events of `m` came, and how.
    fn progress(&self, m: &Msel) -> MselProgress {
        MselProgress {
            name: m.name.clone(),
            events: m
                .events
                .iter()
                .map(|e| {
                    let fired = self.injects.iter().any(|i| i.msel.as_ref() == Some(&e.id));
                    let refused = self.msel_refused.iter().find(|r| r.event == e.id);
                    MselEventState {
                        id: e.id.clone(),
                        at_s: e.at_s,
                        title: e.title.clone(),
                        inject: e.inject.clone(),
                        expect: e.expect.iter().map(|x| x.to_string()).collect(),
                        status: match (fired, refused) {
                            (true, _) => "fired",
                            (false, Some(_)) => "refused",
                            (false, None) => "pending",
                        }
                        .into(),
                        refused: refused.map(|r| r.message.clone()),
                    }
                })
                .collect(),
            scores: Vec::new(),
        }
    }
}
