//! The console of a distributed exercise (`vigil serve --bus`): exercise control publishes its
//! clock and injects on the bus, and the picture an integration centre publishes becomes the
//! console's records — the same web console, acknowledgements and event log as an in-process
//! exercise ([`vigil_live::server::Source`]).
//!
//! The clock: at a speed above 0 the controller releases simulation time as its clock passes
//! it; at speed 0 it releases [`FLAT_OUT_WINDOW_S`] beyond the slowest partner's watermark, so
//! the nodes run as fast as the slowest allows. Injects are published before any later
//! release, with times not before the time already released: no node has passed them.

use crate::message::{AlertMsg, Body, Envelope, TrackStateMsg, VERSION};
use crate::{Bus, BusError, Kind, Subject, centre_origin, control_subject};
use futures_util::StreamExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;
use tokio::sync::broadcast;
use vigil_live::clock::{Clock, MAX_SPEED};
use vigil_live::exercise::{ExerciseError, check_live_clock, wall_ms};
use vigil_live::inject::{InjectError, inputs, resolve};
use vigil_live::journal::Journal;
use vigil_live::log::{Log, Meta};
use vigil_live::picture::Picture;
use vigil_live::wire::{
    self, AlertState, BusState, ClockCommand, ClockRecord, Inject, InjectRecord, PartnerState,
    Record, Role, Snapshot,
};
use vigil_sim::scenario::Scenario;

/// At speed 0, how far beyond the slowest partner's watermark the controller releases, s.
pub const FLAT_OUT_WINDOW_S: f64 = 120.0;
/// At speeds above 0, the least simulation time released at once (fewer clock messages), s.
pub const MIN_RELEASE_S: f64 = 1.0;

/// How a console runs.
#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// Exercise id.
    pub exercise: String,
    /// Scenario index of the architecture whose centre's picture is shown (one with partners).
    pub architecture: usize,
    /// Simulation seconds per wall second (0: as fast as the slowest node allows).
    pub speed: f64,
    /// Start with the clock paused.
    pub paused: bool,
}

/// What came from the bus.
#[derive(Debug)]
enum Incoming {
    /// A message of the centre's picture.
    Picture(Box<Envelope>),
    /// Partner `k` (index among the architecture's networks) has published up to `t` s.
    Watermark(usize, f64),
    /// The bus failed.
    Failed(String),
}

/// The console's source of a distributed exercise.
#[derive(Debug)]
pub struct BusConsole {
    scenario: Scenario,
    o: ConsoleOptions,
    clock: Clock,
    journal: Journal,
    /// Simulation time released to the nodes, s (None: nothing yet).
    released_s: Option<f64>,
    /// Control messages published.
    seq: u64,
    /// Messages for the publishing task, in order.
    out: tokio::sync::mpsc::UnboundedSender<(u64, Vec<u8>)>,
    /// What came from the bus since the last tick.
    inbox: mpsc::Receiver<Incoming>,
    /// Each partner's watermark, s.
    partners: Vec<Option<f64>>,
    /// Partners missing from the centre's picture.
    degraded: Vec<String>,
    /// Time the centre's picture is complete to, s.
    picture_s: Option<f64>,
}

/// Why a distributed exercise's console could not start.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    /// The bus failed.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// The exercise log could not be created.
    #[error(transparent)]
    Exercise(#[from] ExerciseError),
    /// Bad options.
    #[error("{0}")]
    Options(String),
}

impl BusConsole {
    /// Starts the console of architecture `o.architecture` of `s` (the scenario of `meta`)
    /// on `bus`, logging to a new file `log` (call within a Tokio runtime): its tasks publish
    /// exercise control's messages and read the centre's picture and the partners' scoring
    /// streams (for their watermarks).
    pub async fn start<B: Bus + Clone + 'static>(
        bus: B,
        s: &Scenario,
        meta: &Meta,
        log: &Path,
        o: ConsoleOptions,
    ) -> Result<Self, ConsoleError> {
        let arch = s
            .architectures
            .get(o.architecture)
            .filter(|a| a.networks.len() > 1)
            .ok_or_else(|| ConsoleError::Options("the architecture has no partners".into()))?;
        let control = control_subject(&o.exercise);
        if bus.last(&control).await?.is_some() {
            return Err(ConsoleError::Options(format!(
                "exercise {:?} already has exercise control's messages on the bus: one controller per exercise; choose another --exercise",
                o.exercise
            )));
        }
        let log = Log::create(log, meta).map_err(ExerciseError::from)?;
        let (tx, inbox) = mpsc::channel();
        let (out, mut pending) = tokio::sync::mpsc::unbounded_channel::<(u64, Vec<u8>)>();
        {
            let (bus, tx) = (bus.clone(), tx.clone());
            tokio::spawn(async move {
                while let Some((seq, bytes)) = pending.recv().await {
                    if let Err(e) = bus.publish(&control, seq, bytes).await {
                        let _ = tx.send(Incoming::Failed(e.to_string()));
                        return;
                    }
                }
            });
        }
        let picture = Subject {
            exercise: o.exercise.clone(),
            origin: centre_origin(&arch.id),
            kind: Kind::Picture,
        };
        let mut reads = vec![(picture, None)];
        for (k, n) in arch.networks.iter().enumerate() {
            let subject = Subject {
                exercise: o.exercise.clone(),
                origin: s.networks[*n].clone(),
                kind: Kind::Score,
            };
            reads.push((subject, Some(k)));
        }
        for (subject, partner) in reads {
            let (bus, tx) = (bus.clone(), tx.clone());
            tokio::spawn(async move {
                let mut messages = match bus.subscribe(&subject).await {
                    Ok(m) => m,
                    Err(e) => {
                        let _ = tx.send(Incoming::Failed(e.to_string()));
                        return;
                    }
                };
                while let Some(m) = messages.next().await {
                    let e = match m.map(|bytes| Envelope::decode(&bytes)) {
                        Ok(Ok(e)) => e,
                        Ok(Err(err)) => {
                            eprintln!(
                                "vigil: serve: refused a message on {}: {err}",
                                subject.name()
                            );
                            continue;
                        }
                        Err(e) => {
                            let _ = tx.send(Incoming::Failed(e.to_string()));
                            return;
                        }
                    };
                    let sent = match partner {
                        Some(k) => tx.send(Incoming::Watermark(k, e.to_s)),
                        None => tx.send(Incoming::Picture(Box::new(e))),
                    };
                    if sent.is_err() {
                        return;
                    }
                }
            });
        }
        let speed = o.speed.clamp(0.0, MAX_SPEED);
        Ok(Self {
            scenario: s.clone(),
            clock: Clock::new(speed, o.paused, Instant::now(), 0.0),
            journal: Journal::new(log, Picture::new(None)),
            released_s: None,
            seq: 0,
            out,
            inbox,
            partners: vec![None; arch.networks.len()],
            degraded: Vec::new(),
            picture_s: None,
            o,
        })
    }

    /// Simulation time at `now`, s (never past the end of the scenario).
    fn sim_time_s(&self, now: Instant) -> f64 {
        self.clock.sim_time_s(now).min(self.scenario.duration_s)
    }

    /// Publishes exercise control's message with `body`, saying the nodes may advance to the
    /// time released.
    fn publish(&mut self, body: Body) -> Result<(), ExerciseError> {
        self.seq += 1;
        let to_s = self.released_s.unwrap_or(0.0);
        let e = Envelope {
            version: VERSION,
            exercise: self.o.exercise.clone(),
            simulated: true,
            origin: crate::CONTROL_ORIGIN.to_string(),
            seq: self.seq,
            to_s,
            last: to_s >= self.scenario.duration_s,
            wall_ms: u64::try_from(wall_ms()).unwrap_or(0),
            sensors: Vec::new(),
            body,
        };
        self.out
            .send((self.seq, e.encode()))
            .map_err(|_| ExerciseError::Bus("the publisher stopped".into()))
    }

    /// Releases simulation time up to `target_s` (at most the end), if that is later than what
    /// was released and, unless it is the end, at least `least_s` later.
    fn release(&mut self, target_s: f64, least_s: f64) -> Result<(), ExerciseError> {
        let end_s = self.scenario.duration_s;
        let target_s = target_s.min(end_s);
        let due = match self.released_s {
            None => target_s > 0.0 || least_s == 0.0,
            Some(r) => target_s > r && (target_s - r >= least_s || target_s >= end_s),
        };
        if due {
            self.released_s = Some(target_s);
            let body = self.clock_body();
            self.publish(body)?;
        }
        Ok(())
    }

    fn clock_body(&self) -> Body {
        Body::Clock {
            speed: self.clock.speed(),
            paused: self.clock.paused(),
        }
    }

    /// Takes what came from the bus into the journal.
    fn take(&mut self) -> Result<(), ExerciseError> {
        let mut records = Vec::new();
        while let Ok(m) = self.inbox.try_recv() {
            match m {
                Incoming::Watermark(k, t) => {
                    if let Some(x) = self.partners.get_mut(k) {
                        *x = Some(x.map_or(t, |x| x.max(t)));
                    }
                }
                Incoming::Failed(e) => {
                    return Err(ExerciseError::Bus(e));
                }
                Incoming::Picture(e) => {
                    let Body::Picture {
                        architecture,
                        degraded,
                        tracks,
                        alerts,
                        ..
                    } = e.body
                    else {
                        continue;
                    };
                    if degraded != self.degraded {
                        eprintln!(
                            "vigil: serve: the centre's picture at {:.0} s {}",
                            e.to_s,
                            if degraded.is_empty() {
                                "is complete again".to_string()
                            } else {
                                format!("is degraded: no data from {}", degraded.join(", "))
                            }
                        );
                        self.degraded = degraded;
                    }
                    self.picture_s = Some(e.to_s);
                    let wall = i64::try_from(e.wall_ms).unwrap_or(i64::MAX);
                    for (t, body) in wire_bodies(&architecture, &tracks, &alerts) {
                        // A rebuilt picture repeats the alerts already shown.
                        if let wire::Body::Alert(a) = &body
                            && (self.journal.picture().alert(&a.id).is_some()
                                || records.iter().any(|r: &Record| {
                                    matches!(&r.body, wire::Body::Alert(x) if x.id == a.id)
                                }))
                        {
                            continue;
                        }
                        records.push(self.journal.record(body, t, wall));
                    }
                    if e.last && !self.journal.picture().ended() {
                        let end_s = self.scenario.duration_s;
                        records.push(self.journal.record(wire::Body::End, end_s, wall));
                    }
                }
            }
        }
        Ok(self.journal.commit(records)?)
    }

    /// The slowest partner's watermark, s (0 before every partner has published).
    fn slowest_s(&self) -> f64 {
        self.partners
            .iter()
            .map(|x| x.unwrap_or(0.0))
            .fold(f64::INFINITY, f64::min)
    }
}

impl vigil_live::server::Source for BusConsole {
    fn tick(&mut self, now: Instant) -> Result<(), ExerciseError> {
        self.take()?;
        if self.clock.flat_out() {
            let t = (self.slowest_s() + FLAT_OUT_WINDOW_S).min(self.scenario.duration_s);
            self.release(t, 0.0)?;
            let released = self.released_s.unwrap_or(0.0);
            self.clock.set_time(now, released);
            Ok(())
        } else {
            self.release(self.sim_time_s(now), MIN_RELEASE_S)
        }
    }

    fn busy(&self) -> bool {
        // The nodes do the work: the driver looks again every tick.
        false
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Record>> {
        self.journal.subscribe()
    }

    fn queued(&self) -> usize {
        self.journal.queued()
    }

    fn read_only(&self) -> bool {
        false
    }

    fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    fn snapshot(&self, role: Role, now: Instant) -> Snapshot {
        let t = self.sim_time_s(now);
        let (speed, paused) = (self.clock.speed(), self.clock.paused());
        let mut snap = self
            .journal
            .picture()
            .snapshot(&self.scenario, role, t, speed, paused);
        let s = &self.scenario;
        let arch = &s.architectures[self.o.architecture];
        snap.bus = Some(BusState {
            architecture: arch.id.clone(),
            released_s: self.released_s.unwrap_or(0.0),
            picture_s: self.picture_s,
            degraded: self.degraded.clone(),
            partners: arch
                .networks
                .iter()
                .zip(&self.partners)
                .map(|(n, to_s)| PartnerState {
                    network: s.networks[*n].clone(),
                    to_s: *to_s,
                })
                .collect(),
        });
        snap
    }

    fn clock(
        &mut self,
        c: &ClockCommand,
        by: Role,
        now: Instant,
    ) -> Result<ClockRecord, ExerciseError> {
        let end_s = self.scenario.duration_s;
        check_live_clock(c, end_s)?;
        if let Some(x) = c.speed {
            self.clock.set_speed(now, x);
        }
        if let Some(p) = c.paused {
            self.clock.set_paused(now, p);
        }
        if let Some(x) = c.step_s {
            let t = (self.sim_time_s(now) + x).min(end_s);
            self.clock.set_time(now, t);
        }
        if !self.clock.flat_out() {
            self.release(self.sim_time_s(now), 0.0)?;
        }
        // The nodes and other consoles learn the new speed and pause.
        let body = self.clock_body();
        self.publish(body)?;
        let rec = ClockRecord {
            command: *c,
            speed: self.clock.speed(),
            paused: self.clock.paused(),
            by,
        };
        let r = self.journal.record(
            wire::Body::Clock(rec.clone()),
            self.sim_time_s(now),
            wall_ms(),
        );
        self.journal.commit(vec![r])?;
        Ok(rec)
    }

    fn ack(&mut self, id: &str, by: Role, now: Instant) -> Result<AlertState, ExerciseError> {
        let t = self.sim_time_s(now);
        self.journal.ack(id, by, t)
    }

    fn inject(
        &mut self,
        i: &Inject,
        by: Role,
        now: Instant,
    ) -> Result<InjectRecord, ExerciseError> {
        if let Inject::LinkOutage { .. } = i {
            return Err(InjectError {
                field: "kind".into(),
                rule: "value",
                message: "a link outage over the bus is a real one: stop the node's link (the fusion centre's --link-timeout-s applies)".into(),
            }
            .into());
        }
        if !self.clock.flat_out() {
            self.release(self.sim_time_s(now), 0.0)?;
        }
        let now_s = self.released_s.unwrap_or(0.0);
        let n = self.journal.picture().injects_count() + 1;
        let inject = resolve(i, now_s, n);
        // Checked against the whole scenario here; each node applies its part.
        inputs(&inject, &self.scenario, now_s, n)?;
        self.publish(Body::Inject {
            number: n,
            inject: inject.clone(),
        })?;
        let rec = InjectRecord {
            inject,
            engine_time_s: self.released_s,
            by,
            msel: None,
        };
        let r = self
            .journal
            .record(wire::Body::Inject(rec.clone()), now_s, wall_ms());
        self.journal.commit(vec![r])?;
        Ok(rec)
    }
}

/// A centre's picture (tracks and alerts of architecture `architecture`) as the console's
/// record bodies with their simulation times: tracks first, then alerts.
pub fn wire_bodies(
    architecture: &str,
    tracks: &[TrackStateMsg],
    alerts: &[AlertMsg],
) -> Vec<(f64, wire::Body)> {
    tracks
        .iter()
        .map(|x| (x.t_s, wire::Body::Track(track_event(architecture, x))))
        .chain(
            alerts
                .iter()
                .map(|x| (x.t_s, wire::Body::Alert(alert_event(x)))),
        )
        .collect()
}

/// A fused track update from the bus as the console's track event.
pub fn track_event(architecture: &str, t: &TrackStateMsg) -> wire::TrackEvent {
    let r = vigil_earth::Position::<vigil_earth::Ecef>::new(
        t.position_m[0],
        t.position_m[1],
        t.position_m[2],
    );
    let g = vigil_earth::Geodetic::from_ecef(&r);
    wire::TrackEvent {
        t_s: t.t_s,
        architecture: architecture.to_string(),
        track: t.track_id,
        status: t.status.clone(),
        ecef_m: t.position_m,
        ecef_velocity_mps: t.velocity_mps,
        sigma: t.sigma,
        lat_deg: g.lat_deg(),
        lon_deg: g.lon_deg(),
        alt_m: g.h_m,
        phase: t.phase.clone(),
        ballistic: t.phase != "boost",
        sensor: String::new(),
        rcs_m2: None,
        object: "unknown".into(),
        truth: None,
    }
}

/// An alert from the bus as the console's alert event (no truth: operators' view).
pub fn alert_event(a: &AlertMsg) -> wire::AlertEvent {
    use wire::{AlertEvent, ImpactEvent, LatLon, alert_id};
    AlertEvent {
        id: alert_id(&a.architecture, a.index),
        t_s: a.t_s,
        architecture: a.architecture.clone(),
        index: a.index,
        kind: a.alert.clone(),
        track: a.track,
        sensors: a.sensors.clone(),
        area: a.area.clone(),
        probability: a.probability,
        launch_area: a
            .launch_lat_deg
            .zip(a.launch_lon_deg)
            .map(|(lat_deg, lon_deg)| LatLon { lat_deg, lon_deg }),
        azimuth_deg: a.azimuth_deg,
        impact: match (a.impact_lat_deg, a.impact_lon_deg, a.impact_t_s) {
            (Some(lat_deg), Some(lon_deg), Some(t_s)) => Some(ImpactEvent {
                lat_deg,
                lon_deg,
                t_s,
                t_sigma_s: a.impact_t_sigma_s.unwrap_or(0.0),
                semi_major_km: a.ellipse_semi_major_km.unwrap_or(0.0),
                semi_minor_km: a.ellipse_semi_minor_km.unwrap_or(0.0),
                major_azimuth_deg: a.ellipse_azimuth_deg.unwrap_or(0.0),
            }),
            _ => None,
        },
        object: a.object.clone(),
        p_stage: a.p_stage,
        truth: None,
    }
}
