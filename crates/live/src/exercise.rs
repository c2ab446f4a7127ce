//! The exercise: the engine, its clock, the log and the state a console needs.
//!
//! Every change goes the same way: inputs are applied to the engine, outputs taken from it,
//! each becomes a [`Record`] with the next `seq`, the records are appended to the log and
//! committed, and only then published to subscribers (write before publish).

use crate::clock::{Clock, MAX_SPEED};
use crate::inject::{InjectError, inputs, resolve};
use crate::journal::Journal;
use crate::log::{Log, LogError, Meta};
use crate::msel::{Exercised, Msel, MselEvent};
use crate::picture::Picture;
use crate::wire::{
    AlertState, Body, ClockCommand, ClockRecord, Inject, InjectRecord, MselRefusal, Record, Role,
    Snapshot,
};
use std::path::Path;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::broadcast;
use vigil_sim::engine::{Engine, InputError};
use vigil_sim::scenario::Scenario;
use vigil_sim::truth::FlownLaunch;

/// At speed 0 the engine advances by this much simulation time per step, s.
pub const FLAT_OUT_STEP_S: f64 = 30.0;
/// Records held for subscribers that read slowly; past this they are told they lagged.
pub const CHANNEL_CAPACITY: usize = 4096;

/// Why a request to the exercise failed.
#[derive(Debug, thiserror::Error)]
pub enum ExerciseError {
    /// The scenario text does not read (the problems, one per line).
    #[error("scenario: {0}")]
    Scenario(String),
    /// A launch of the scenario cannot be flown.
    #[error("scenario: {0}")]
    Truth(#[from] vigil_sim::truth::TruthError),
    /// An inject or clock command was refused.
    #[error(transparent)]
    Refused(#[from] InjectError),
    /// No such alert (yet).
    #[error("no alert {0:?}")]
    NoSuchAlert(String),
    /// The log to resume from does not replay.
    #[error("cannot resume: {0}")]
    Resume(String),
    /// A replay takes no injects or acknowledgements.
    #[error("a replay takes no injects or acknowledgements")]
    ReadOnly,
    /// The log failed: the exercise cannot go on.
    #[error(transparent)]
    Log(#[from] LogError),
    /// The MSEL does not read or does not fit the scenario (the problems, one per line).
    #[error("MSEL: {0}")]
    Msel(String),
    /// A distributed exercise's bus failed.
    #[error("bus: {0}")]
    Bus(String),
}

/// Wall time now, ms since the Unix epoch.
pub fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// UTC wall time now as `YYYYMMDDTHHMMSSZ`, for file names.
pub fn utc_stamp() -> String {
    let (y, mo, d, h, mi, s, _) =
        hifitime::Epoch::from_unix_milliseconds(wall_ms() as f64).to_gregorian_utc();
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// Reads a scenario from its text, the problems joined one per line.
pub fn scenario_of(text: &str) -> Result<Scenario, ExerciseError> {
    Scenario::from_toml(text).map_err(|p| {
        let lines: Vec<String> = p
            .iter()
            .map(|x| format!("[{}] {}", x.rule, x.message))
            .collect();
        ExerciseError::Scenario(lines.join("\n"))
    })
}

/// Checks a clock command for a live exercise (in process or driving a bus): no seek — only
/// replays can — then [`check_clock`].
pub fn check_live_clock(c: &ClockCommand, end_s: f64) -> Result<(), InjectError> {
    if c.seek_s.is_some() {
        return Err(InjectError {
            field: "seek_s".into(),
            rule: "value",
            message: "a live exercise cannot seek (replays can)".into(),
        });
    }
    check_clock(c, end_s)
}

/// Checks a clock command against the rules: at least one field; speed from 0 to
/// [`MAX_SPEED`]; `step_s` positive and `seek_s` not negative, both at most `end_s`.
pub fn check_clock(c: &ClockCommand, end_s: f64) -> Result<(), InjectError> {
    let refuse = |field: &str, message: String| InjectError {
        field: field.into(),
        rule: "range",
        message,
    };
    if c.speed.is_none() && c.paused.is_none() && c.step_s.is_none() && c.seek_s.is_none() {
        return Err(InjectError {
            field: "speed".into(),
            rule: "value",
            message: "give at least one of speed, paused, step_s (and seek_s in replays)".into(),
        });
    }
    if let Some(x) = c.speed
        && !(0.0..=MAX_SPEED).contains(&x)
    {
        return Err(refuse("speed", format!("{x}: between 0 and {MAX_SPEED}")));
    }
    if let Some(x) = c.step_s
        && !(x > 0.0 && x <= end_s)
    {
        return Err(refuse(
            "step_s",
            format!("{x}: between 0 (excluded) and {end_s}"),
        ));
    }
    if let Some(x) = c.seek_s
        && !(0.0..=end_s).contains(&x)
    {
        return Err(refuse("seek_s", format!("{x}: between 0 and {end_s}")));
    }
    Ok(())
}

/// Reads the MSEL of `meta` (if any) against scenario `s`, the problems one per line.
pub fn msel_of(meta: &Meta, s: &Scenario) -> Result<Option<Msel>, ExerciseError> {
    let Some(text) = &meta.msel_toml else {
        return Ok(None);
    };
    crate::msel::parse(text, s).map(Some).map_err(|p| {
        let lines: Vec<String> = p
            .iter()
            .map(|x| {
                let (line, col) = vigil_sim::scenario::check::line_col(text, x.span.start);
                format!("{line}:{col}: [{}] {}", x.rule, x.message)
            })
            .collect();
        ExerciseError::Msel(lines.join("\n"))
    })
}

/// The true impact time of launch `id` of scenario `s` (its flights `flown`), s.
pub fn impact_time_s(s: &Scenario, flown: &[FlownLaunch], id: &str) -> Option<f64> {
    let k = s.launches.iter().position(|l| l.id == id)?;
    Some(flown.get(k)?.flight.impact.state.t_s)
}

/// A running exercise.
#[derive(Debug)]
pub struct Exercise {
    engine: Engine,
    clock: Clock,
    journal: Journal,
}

impl Exercise {
    /// Starts an exercise of `meta`'s scenario and run, logging to a new file `log`, its
    /// clock at 0 s at wall instant `now`.
    pub fn start(
        meta: &Meta,
        log: &Path,
        speed: f64,
        paused: bool,
        now: Instant,
    ) -> Result<Self, ExerciseError> {
        let s = scenario_of(&meta.scenario_toml)?;
        let msel = msel_of(meta, &s)?;
        let engine = Engine::new(&s, meta.run)?;
        let log = Log::create(log, meta)?;
        Ok(Self {
            engine,
            clock: Clock::new(speed.clamp(0.0, MAX_SPEED), paused, now, 0.0),
            journal: Journal::new(log, Picture::new(msel)),
        })
    }

    /// Resumes the exercise of log `log` from its last record (same scenario, seed, run and
    /// inputs, so the same future unless new injects come), appending to the same log; the
    /// clock restarts at the last record's time at `now`.
    pub fn resume(
        log: &Path,
        speed: f64,
        paused: bool,
        now: Instant,
    ) -> Result<Self, ExerciseError> {
        let r = crate::aar::replay(log).map_err(|e| ExerciseError::Resume(e.to_string()))?;
        let t = r.engine.time_s().unwrap_or(0.0);
        let meta = crate::log::LogReader::open(log)?.meta()?;
        let msel = msel_of(&meta, &scenario_of(&meta.scenario_toml)?)?;
        let mut picture = Picture::new(msel);
        for rec in &r.records {
            picture.apply(rec);
        }
        Ok(Self {
            engine: r.engine,
            clock: Clock::new(speed.clamp(0.0, MAX_SPEED), paused, now, t),
            journal: Journal::new(Log::open_append(log)?, picture),
        })
    }

    /// A receiver of every record published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Record>> {
        self.journal.subscribe()
    }

    /// Records published that some subscriber has not read yet (at most
    /// [`CHANNEL_CAPACITY`]: the server's memory for slow clients is bounded).
    pub fn queued(&self) -> usize {
        self.journal.queued()
    }

    /// The log file.
    pub fn log_path(&self) -> &Path {
        self.journal.log_path()
    }

    /// The scenario with the launches injected so far.
    pub fn scenario(&self) -> &Scenario {
        self.engine.scenario()
    }

    /// Whether the simulation reached the end of the scenario.
    pub fn ended(&self) -> bool {
        self.journal.picture().ended()
    }

    /// Whether the clock runs as fast as possible.
    pub fn flat_out(&self) -> bool {
        self.clock.flat_out()
    }

    /// Simulation time at `now`, s (never past the end of the scenario).
    pub fn sim_time_s(&self, now: Instant) -> f64 {
        self.clock
            .sim_time_s(now)
            .min(self.engine.scenario().duration_s)
    }

    /// The role's last sequence number.
    pub fn seq(&self, role: Role) -> u64 {
        self.journal.seq(role)
    }

    /// Advances the engine to the clock's time at `now` (at speed 0: by one step).
    pub fn tick(&mut self, now: Instant) -> Result<(), ExerciseError> {
        let target = if self.clock.flat_out() {
            self.engine.time_s().unwrap_or(0.0) + FLAT_OUT_STEP_S
        } else {
            self.clock.sim_time_s(now)
        };
        self.advance(target, now)
    }

    /// Advances the engine to `target_s` (at most the end of the scenario), injecting the
    /// MSEL events that come due on the way at their times.
    fn advance(&mut self, target_s: f64, now: Instant) -> Result<(), ExerciseError> {
        let target_s = target_s.min(self.engine.scenario().duration_s);
        while let Some(e) = self.msel_due(target_s) {
            self.advance_engine(e.at_s, now)?;
            self.fire(e)?;
        }
        self.advance_engine(target_s, now)
    }

    /// The next MSEL event due by `target_s`, if the exercise has not ended.
    fn msel_due(&self, target_s: f64) -> Option<MselEvent> {
        let e = self
            .journal
            .picture()
            .msel()?
            .events
            .get(self.journal.picture().msel_done())?;
        (!self.ended() && e.at_s <= target_s).then(|| e.clone())
    }

    /// Injects MSEL event `e` (as the controllers' inject, marked with the event's id), or
    /// records that it could not be injected.
    fn fire(&mut self, e: MselEvent) -> Result<(), ExerciseError> {
        match self.apply(&e.inject, Role::Controller, Some(e.id.clone())) {
            Ok(_) => Ok(()),
            Err(ExerciseError::Refused(x)) => {
                let body = Body::MselRefused(MselRefusal {
                    event: e.id,
                    message: x.to_string(),
                });
                let t = self.engine.time_s().unwrap_or(0.0);
                let r = self.record(body, t, wall_ms());
                self.commit(vec![r])
            }
            Err(x) => Err(x),
        }
    }

    fn advance_engine(&mut self, target_s: f64, now: Instant) -> Result<(), ExerciseError> {
        let end_s = self.engine.scenario().duration_s;
        // Nothing to do until the clock passes the engine's time (nothing happens before 0 s).
        let done_s = self.engine.time_s().unwrap_or(0.0);
        if self.ended() || target_s <= done_s {
            return Ok(());
        }
        let events = self.engine.advance_to(target_s);
        if self.clock.flat_out() {
            self.clock.set_time(now, target_s);
        }
        let wall = wall_ms();
        let mut records: Vec<Record> = events
            .iter()
            .map(|e| {
                let body = Body::of_event(&self.engine, e);
                self.record(body, e.t_s(), wall)
            })
            .collect();
        if target_s >= end_s {
            records.push(self.record(Body::End, end_s, wall));
        }
        self.commit(records)
    }

    fn record(&mut self, body: Body, sim_time_s: f64, wall_ms: i64) -> Record {
        self.journal.record(body, sim_time_s, wall_ms)
    }

    fn commit(&mut self, records: Vec<Record>) -> Result<(), ExerciseError> {
        Ok(self.journal.commit(records)?)
    }

    /// Applies an inject from `by` at `now`: its times resolved, checked, turned into engine
    /// inputs, logged and published (to controllers).
    pub fn inject(
        &mut self,
        inject: &Inject,
        by: Role,
        now: Instant,
    ) -> Result<InjectRecord, ExerciseError> {
        self.tick_to_clock(now)?;
        self.apply(inject, by, None)
    }

    /// Applies an inject at the engine's time: resolved, checked, turned into engine inputs,
    /// logged (with the MSEL event it comes from) and published.
    fn apply(
        &mut self,
        inject: &Inject,
        by: Role,
        msel: Option<String>,
    ) -> Result<InjectRecord, ExerciseError> {
        let engine_time_s = self.engine.time_s();
        let now_s = engine_time_s.unwrap_or(0.0);
        let n = self.journal.picture().injects_count() + 1;
        let inject = resolve(inject, now_s, n);
        for input in inputs(&inject, self.engine.scenario(), now_s, n)? {
            self.engine.input(input).map_err(|e| {
                let (field, rule) = match e {
                    InputError::Truth(_) => ("to", "reach"),
                    InputError::LaunchInPast { .. } => ("time", "range"),
                    _ => ("kind", "engine"),
                };
                InjectError {
                    field: field.into(),
                    rule,
                    message: e.to_string(),
                }
            })?;
        }
        let rec = InjectRecord {
            inject,
            engine_time_s,
            by,
            msel,
        };
        let r = self.record(Body::Inject(rec.clone()), now_s, wall_ms());
        self.commit(vec![r])?;
        Ok(rec)
    }

    /// Brings the engine up to the clock (not at speed 0, where the clock follows it).
    fn tick_to_clock(&mut self, now: Instant) -> Result<(), ExerciseError> {
        if self.clock.flat_out() {
            Ok(())
        } else {
            self.tick(now)
        }
    }

    /// Applies a clock command from `by` at `now`.
    pub fn clock(
        &mut self,
        c: &ClockCommand,
        by: Role,
        now: Instant,
    ) -> Result<ClockRecord, ExerciseError> {
        let end_s = self.engine.scenario().duration_s;
        check_live_clock(c, end_s)?;
        self.tick_to_clock(now)?;
        if let Some(x) = c.speed {
            self.clock.set_speed(now, x);
        }
        if let Some(p) = c.paused {
            self.clock.set_paused(now, p);
        }
        if let Some(x) = c.step_s {
            let t = (self.sim_time_s(now) + x).min(end_s);
            self.clock.set_time(now, t);
            self.advance(t, now)?;
        }
        let rec = ClockRecord {
            command: *c,
            speed: self.clock.speed(),
            paused: self.clock.paused(),
            by,
        };
        let r = self.record(Body::Clock(rec.clone()), self.sim_time_s(now), wall_ms());
        self.commit(vec![r])?;
        Ok(rec)
    }

    /// Acknowledges alert `id` for `by` at `now`; a second acknowledgement changes nothing.
    pub fn ack(&mut self, id: &str, by: Role, now: Instant) -> Result<AlertState, ExerciseError> {
        let t = self.sim_time_s(now);
        self.journal.ack(id, by, t)
    }

    /// What `role` may see of the state at `now` (controllers: with the MSEL's scores so far).
    pub fn snapshot(&self, role: Role, now: Instant) -> Snapshot {
        let (speed, paused) = (self.clock.speed(), self.clock.paused());
        let t = self.sim_time_s(now);
        let s = self.engine.scenario();
        let mut snap = self.journal.picture().snapshot(s, role, t, speed, paused);
        if let (Some(progress), Some(msel)) = (&mut snap.msel, self.journal.picture().msel()) {
            let impact_time_s = |id: &str| impact_time_s(s, self.engine.flown(), id);
            let x = Exercised {
                injects: self.journal.picture().injects(),
                alerts: self.journal.picture().alerts(),
                impact_time_s: &impact_time_s,
                now_s: (!self.ended()).then_some(t),
            };
            progress.scores = crate::msel::score(msel, &x, s);
        }
        snap
    }
}
