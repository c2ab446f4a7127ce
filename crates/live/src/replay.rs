//! A recorded exercise served again from its log: the same records with the same `seq`,
//! published as a clock passes their simulation times, with pause, speed and seek. Nothing
//! is computed again.

use crate::clock::{Clock, MAX_SPEED};
use crate::exercise::{
    CHANNEL_CAPACITY, ExerciseError, FLAT_OUT_STEP_S, check_clock, msel_of, scenario_of,
};
use crate::log::LogReader;
use crate::picture::Picture;
use crate::wire::{AlertState, ClockCommand, ClockRecord, Record, Role, Snapshot};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::broadcast;
use vigil_sim::scenario::Scenario;

/// A log being replayed.
#[derive(Debug)]
pub struct Replay {
    scenario: Scenario,
    records: Vec<Record>,
    /// Index of the next record to publish.
    next: usize,
    /// Time of the last record, s.
    end_s: f64,
    picture: Picture,
    clock: Clock,
    tx: broadcast::Sender<Arc<Record>>,
}

impl Replay {
    /// Opens log `log` for replay, its clock at 0 s at wall instant `now`.
    pub fn open(log: &Path, speed: f64, paused: bool, now: Instant) -> Result<Self, ExerciseError> {
        let reader = LogReader::open(log)?;
        let meta = reader.meta()?;
        let scenario = scenario_of(&meta.scenario_toml)?;
        let msel = msel_of(&meta, &scenario)?;
        let records = reader.all()?;
        let end_s = records.iter().map(|r| r.sim_time_s).fold(0.0, f64::max);
        Ok(Self {
            scenario,
            records,
            next: 0,
            end_s,
            picture: Picture::new(msel),
            clock: Clock::new(speed.clamp(0.0, MAX_SPEED), paused, now, 0.0),
            tx: broadcast::channel(CHANNEL_CAPACITY).0,
        })
    }

    /// The scenario of the log.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// A receiver of every record published from now on; a seek closes it (the client then
    /// needs a fresh snapshot and a new receiver).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Record>> {
        self.tx.subscribe()
    }

    /// Records published that some subscriber has not read yet (at most
    /// [`CHANNEL_CAPACITY`]: the server's memory for slow clients is bounded).
    pub fn queued(&self) -> usize {
        self.tx.len()
    }

    /// Simulation time at `now`, s (never past the last record).
    pub fn sim_time_s(&self, now: Instant) -> f64 {
        self.clock.sim_time_s(now).min(self.end_s)
    }

    /// Whether it runs as fast as possible with records left to publish.
    pub fn busy(&self) -> bool {
        self.clock.flat_out() && self.next < self.records.len()
    }

    /// Publishes the records up to the clock's time at `now` (at speed 0: one step further).
    pub fn tick(&mut self, now: Instant) {
        let t = if self.clock.flat_out() {
            let t = (self.clock.sim_time_s(now) + FLAT_OUT_STEP_S).min(self.end_s);
            self.clock.set_time(now, t);
            t
        } else {
            self.sim_time_s(now)
        };
        self.play_to(t);
    }

    fn play_to(&mut self, t: f64) {
        while let Some(r) = self.records.get(self.next).filter(|r| r.sim_time_s <= t) {
            self.picture.apply(r);
            // No subscriber is not an error.
            let _ = self.tx.send(Arc::new(r.clone()));
            self.next += 1;
        }
    }

    /// Goes to simulation time `t` (s): the picture rebuilt from the records up to it, the
    /// channel replaced (every client resubscribes and gets a fresh snapshot).
    fn seek(&mut self, t: f64, now: Instant) {
        self.picture = Picture::new(self.picture.msel().cloned());
        self.next = 0;
        while let Some(r) = self.records.get(self.next).filter(|r| r.sim_time_s <= t) {
            self.picture.apply(r);
            self.next += 1;
        }
        self.clock.set_time(now, t);
        self.tx = broadcast::channel(CHANNEL_CAPACITY).0;
    }

    /// Applies a clock command (speed, pause, step, seek) at `now`.
    pub fn clock(
        &mut self,
        c: &ClockCommand,
        by: Role,
        now: Instant,
    ) -> Result<ClockRecord, ExerciseError> {
        check_clock(c, self.end_s)?;
        if !self.clock.flat_out() {
            self.tick(now);
        }
        if let Some(x) = c.speed {
            self.clock.set_speed(now, x);
        }
        if let Some(p) = c.paused {
            self.clock.set_paused(now, p);
        }
        if let Some(t) = c.seek_s {
            self.seek(t, now);
        }
        if let Some(x) = c.step_s {
            let t = (self.sim_time_s(now) + x).min(self.end_s);
            self.clock.set_time(now, t);
            self.play_to(t);
        }
        Ok(ClockRecord {
            command: *c,
            speed: self.clock.speed(),
            paused: self.clock.paused(),
            by,
        })
    }

    /// What `role` may see at `now`.
    pub fn snapshot(&self, role: Role, now: Instant) -> Snapshot {
        let t = self.sim_time_s(now);
        let (speed, paused) = (self.clock.speed(), self.clock.paused());
        self.picture
            .snapshot(&self.scenario, role, t, speed, paused)
    }

    /// Alert `id` as recorded so far.
    pub fn alert(&self, id: &str) -> Result<AlertState, ExerciseError> {
        self.picture
            .alert(id)
            .cloned()
            .ok_or_else(|| ExerciseError::NoSuchAlert(id.into()))
    }
}
