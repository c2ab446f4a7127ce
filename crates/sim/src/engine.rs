//! The engine: one run's state — truth, each sensor's looks and random stream, the trackers
//! and warning stage of every architecture — advanced to a simulation time, emitting typed
//! events in time order. Inputs (a new launch, a sensor going down or coming back) arrive
//! between steps. Batch commands drive it to the end at full speed; a live server drives it
//! against a wall clock. Looks are taken at their own times, whatever the steps: the same
//! scenario, seed and inputs give the same events in the same order for any step sizes.
//!
//! Truth never leaks into perception: trackers and the warning stage see detections only.
//! Events carry the truth tags of the data behind them for scoring and for controllers;
//! [`Engine::finish`] scores the run against the truth.
//!
//! ```no_run
//! use vigil_sim::engine::{Engine, Event, Input};
//! let s = vigil_sim::scenario::Scenario::from_toml(vigil_sim::DEFAULT_SCENARIO).unwrap();
//! let mut engine = Engine::new(&s, 0).unwrap(); // run 0: its random streams
//! engine.input(Input::SensorDown { sensor: 0, at_s: 900.0 }).unwrap();
//! for t in (10..=3600).step_by(10) {
//!     for e in engine.advance_to(f64::from(t)) {
//!         if let Event::Alert { alert, .. } = e {
//!             println!("{:.0} s {}", alert.t_s, alert.kind.name());
//!         }
//!     }
//! }
//! let result = engine.finish(); // scored against the truth
//! # let _ = result;
//! ```

use crate::cueing::Cueing;
pub use crate::detect::PhantomScope;
use crate::detect::{PHANTOM_LAUNCH, Sensors};
use crate::false_events::{self, FalseEvent};
use crate::outage::Outages;
use crate::run::{ArchitectureOutcome, ArchitectureWarning, RunResult};
use crate::scenario::Scenario;
use crate::scenario::model::Launch;
use crate::track::{ArchitectureTracker, TrackRow, score_tracking};
use crate::truth::{FlownLaunch, TruthError, fly_launch, fly_launches, targets};
use rayon::prelude::*;
use std::collections::BTreeMap;
use vigil_sensors::{Detection, Target, Truth};
use vigil_warning::alerts::Alert;

/// Something that changes a run while it goes on.
#[derive(Debug, Clone)]
pub enum Input {
    /// A launch added to the run; its time must be later than the engine's.
    Launch(Box<Launch>),
    /// Sensor `sensor` (scenario index) goes down: it takes no look at or after `at_s`
    /// (or after the engine's time, if that is later).
    SensorDown {
        /// Scenario index of the sensor.
        sensor: usize,
        /// Time, s after the epoch.
        at_s: f64,
    },
    /// Sensor `sensor` comes back: it looks again from `at_s` (or the engine's time) on.
    SensorUp {
        /// Scenario index of the sensor.
        sensor: usize,
        /// Time, s after the epoch.
        at_s: f64,
    },
    /// Data with no missile behind them: a launch flown as usual, seen only by the sensors of
    /// `scope`, whose detections are false alarms (for scoring). Its time must be later than
    /// the engine's.
    Phantom {
        /// The trajectory the data follow.
        launch: Box<Launch>,
        /// Which sensors see it.
        scope: PhantomScope,
    },
    /// Architecture `architecture` stops receiving network `network`'s data at `at_s` (or the
    /// engine's time, if later): the link between that network and its integration goes down.
    LinkDown {
        /// Scenario index of the architecture.
        architecture: usize,
        /// Scenario index of the network, one of the architecture's.
        network: usize,
        /// Time, s after the epoch.
        at_s: f64,
    },
    /// The link comes back at `at_s` (or the engine's time).
    LinkUp {
        /// Scenario index of the architecture.
        architecture: usize,
        /// Scenario index of the network.
        network: usize,
        /// Time, s after the epoch.
        at_s: f64,
    },
}

/// Why an input was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// The launch could not be flown.
    #[error(transparent)]
    Truth(#[from] TruthError),
    /// The launch starts before the engine's time.
    #[error("launch {id:?} at {time_s} s starts before the engine's time {now_s} s")]
    LaunchInPast {
        /// The launch's id.
        id: String,
        /// Its time, s.
        time_s: f64,
        /// The engine's time, s.
        now_s: f64,
    },
    /// A launch id already in the run.
    #[error("launch id {0:?} is already in the run")]
    DuplicateLaunch(String),
    /// No sensor of that index.
    #[error("no sensor {sensor} (the scenario has {count})")]
    NoSuchSensor {
        /// The index asked for.
        sensor: usize,
        /// How many sensors there are.
        count: usize,
    },
    /// A time that is not a finite number.
    #[error("time {0} s is not finite")]
    BadTime(f64),
    /// No network of that index.
    #[error("no network {network} (the scenario has {count})")]
    NoSuchNetwork {
        /// The index asked for.
        network: usize,
        /// How many there are.
        count: usize,
    },
    /// No architecture of that index.
    #[error("no architecture {architecture} (the scenario has {count})")]
    NoSuchArchitecture {
        /// The index asked for.
        architecture: usize,
        /// How many there are.
        count: usize,
    },
    /// The network is not one of the architecture's.
    #[error("network {network} is not one of architecture {architecture}'s networks")]
    NotInArchitecture {
        /// Scenario index of the architecture.
        architecture: usize,
        /// Scenario index of the network.
        network: usize,
    },
}

/// What happened, in time order. Detections, tracks and alerts are perception; `Launch` and
/// the truth tags are truth, for scoring and controllers only.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Truth: launch `launch` (scenario index) lifts off.
    Launch {
        /// Time, s.
        t_s: f64,
        /// Scenario index of the launch.
        launch: u32,
    },
    /// A sensor's detection (with its truth tag).
    Detection(Detection),
    /// A track update of an architecture.
    Track {
        /// Scenario index of the architecture.
        architecture: usize,
        /// The update.
        row: Box<TrackRow>,
    },
    /// An alert of an architecture.
    Alert {
        /// Scenario index of the architecture.
        architecture: usize,
        /// Its index among the architecture's alerts.
        index: usize,
        /// The alert.
        alert: Alert,
        /// Truth: the tag of the data that raised it.
        truth: Truth,
    },
}

impl Event {
    /// Its time, s after the epoch.
    pub fn t_s(&self) -> f64 {
        match self {
            Event::Launch { t_s, .. } => *t_s,
            Event::Detection(d) => d.t_s,
            Event::Track { row, .. } => row.t_s,
            Event::Alert { alert, .. } => alert.t_s,
        }
    }

    /// Order of kinds at equal times: launches, detections, tracks, alerts.
    fn rank(&self) -> u8 {
        match self {
            Event::Launch { .. } => 0,
            Event::Detection(_) => 1,
            Event::Track { .. } => 2,
            Event::Alert { .. } => 3,
        }
    }
}

/// One architecture's perception: its trackers, its warning stage, its track updates.
#[derive(Debug, Clone)]
struct ArchitectureState {
    tracker: ArchitectureTracker,
    warning: ArchitectureWarning,
    /// Its radars' cued looks (None: none can be cued).
    cueing: Option<Cueing>,
    /// Their detections so far (the architecture's alone).
    cued: Vec<Detection>,
    rows: Vec<TrackRow>,
    /// When the link to each network (scenario index) is down.
    links: BTreeMap<usize, Outages>,
}

impl ArchitectureState {
    /// Whether the architecture receives detection `d`: one of its networks', over a link that
    /// is up at the detection's time.
    fn receives(&self, d: &Detection) -> bool {
        self.tracker.receives(d)
            && self
                .links
                .get(&(d.tag.network as usize))
                .is_none_or(|link| link.up_at(d.t_s))
    }
}

/// An architecture's search detections and its cued ones, in time order (search before cued
/// at equal times and sensors).
fn merged<'a>(mut searched: Vec<&'a Detection>, cued: &'a [Detection]) -> Vec<&'a Detection> {
    if cued.is_empty() {
        return searched;
    }
    searched.extend(cued);
    searched.sort_by(|a, b| a.t_s.total_cmp(&b.t_s).then(a.tag.cmp(&b.tag)));
    searched
}

/// One run of a scenario, advanced step by step.
#[derive(Debug, Clone)]
pub struct Engine {
    scenario: Scenario,
    flown: Vec<FlownLaunch>,
    /// Every look at or before this time is taken (None: none yet), s.
    done_to_s: Option<f64>,
    sensors: Sensors,
    architectures: Vec<ArchitectureState>,
    detections: Vec<Detection>,
    /// Phantoms: the scenario's false events drawn for the run, then injected ones.
    phantoms: Vec<FalseEvent>,
}

impl Engine {
    /// Run number `run` of the scenario (its random streams), every launch flown.
    pub fn new(s: &Scenario, run: u32) -> Result<Self, TruthError> {
        Ok(Self::with_truth(s.clone(), fly_launches(s)?, run))
    }

    /// Run number `run` on launches already flown (one per launch of `s`, in order).
    pub fn with_truth(s: Scenario, flown: Vec<FlownLaunch>, run: u32) -> Self {
        let architectures = (0..s.architectures.len())
            .map(|a| ArchitectureState {
                tracker: ArchitectureTracker::new(&s, a),
                warning: ArchitectureWarning::new(&s, a),
                cueing: Cueing::new(&s, a, run),
                cued: Vec::new(),
                rows: Vec::new(),
                links: BTreeMap::new(),
            })
            .collect();
        Self {
            sensors: Sensors::new(&s, run),
            phantoms: false_events::draw(&s, &flown, run),
            scenario: s,
            flown,
            done_to_s: None,
            architectures,
            detections: Vec::new(),
        }
    }

    /// The scenario, with the launches added by inputs.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Every launch flown (truth), in scenario order.
    pub fn flown(&self) -> &[FlownLaunch] {
        &self.flown
    }

    /// The id of phantom `k` (see [`Truth::Phantom`]), None if there is no such phantom.
    pub fn phantom_id(&self, k: u32) -> Option<&str> {
        self.phantoms.get(k as usize).map(|p| p.id.as_str())
    }

    /// The time every look up to which is taken, s (None before the first step).
    pub fn time_s(&self) -> Option<f64> {
        self.done_to_s
    }

    /// The earliest time a new look may have, s.
    fn next_s(&self) -> f64 {
        self.done_to_s.map_or(0.0, f64::next_up)
    }

    /// Applies an input; the run goes on with it from the engine's time.
    pub fn input(&mut self, input: Input) -> Result<(), InputError> {
        match input {
            Input::Launch(launch) => {
                self.check_start(&launch)?;
                if self.scenario.launches.iter().any(|l| l.id == launch.id) {
                    return Err(InputError::DuplicateLaunch(launch.id.clone()));
                }
                self.flown.push(fly_launch(&launch)?);
                self.scenario.launches.push(*launch);
            }
            Input::Phantom { launch, scope } => {
                self.check_start(&launch)?;
                if let PhantomScope::RadarsOf(network) = scope
                    && network >= self.scenario.networks.len()
                {
                    return Err(InputError::NoSuchNetwork {
                        network,
                        count: self.scenario.networks.len(),
                    });
                }
                self.phantoms.push(FalseEvent {
                    id: launch.id.clone(),
                    flown: fly_launch(&launch)?,
                    scope,
                    copy_of: None,
                });
            }
            Input::LinkDown {
                architecture,
                network,
                at_s,
            }
            | Input::LinkUp {
                architecture,
                network,
                at_s,
            } => {
                if !at_s.is_finite() {
                    return Err(InputError::BadTime(at_s));
                }
                let up = matches!(input, Input::LinkUp { .. });
                let from = at_s.max(self.next_s());
                let count = self.architectures.len();
                let a = self.architectures.get_mut(architecture).ok_or(
                    InputError::NoSuchArchitecture {
                        architecture,
                        count,
                    },
                )?;
                if !self.scenario.architectures[architecture]
                    .networks
                    .contains(&network)
                {
                    return Err(InputError::NotInArchitecture {
                        architecture,
                        network,
                    });
                }
                a.links.entry(network).or_default().set(from, up);
            }
            Input::SensorDown { sensor, at_s } | Input::SensorUp { sensor, at_s } => {
                if !at_s.is_finite() {
                    return Err(InputError::BadTime(at_s));
                }
                let up = matches!(input, Input::SensorUp { .. });
                let count = self.scenario.sensors.len();
                let from = at_s.max(self.next_s());
                self.sensors
                    .get_mut(sensor)
                    .ok_or(InputError::NoSuchSensor { sensor, count })?
                    .set_up(from, up);
            }
        }
        Ok(())
    }

    /// A launch (or phantom) must start at a finite time, later than the engine's.
    fn check_start(&self, launch: &Launch) -> Result<(), InputError> {
        if !launch.time_s.is_finite() {
            return Err(InputError::BadTime(launch.time_s));
        }
        if launch.time_s < self.next_s() {
            return Err(InputError::LaunchInPast {
                id: launch.id.clone(),
                time_s: launch.time_s,
                now_s: self.done_to_s.unwrap_or(0.0),
            });
        }
        Ok(())
    }

    /// Takes every look up to `t_s` and returns what happened, in time order (nothing if the
    /// engine is already there, or `t_s` is before 0 or not finite).
    pub fn advance_to(&mut self, t_s: f64) -> Vec<Event> {
        self.step(t_s, true)
    }

    /// Runs to the end of the scenario without collecting events.
    pub fn run_to_end(&mut self) {
        self.run_to(self.scenario.duration_s);
    }

    /// Takes every look up to `t_s` (at most the scenario's end) without collecting events.
    pub fn run_to(&mut self, t_s: f64) {
        self.step(t_s.min(self.scenario.duration_s), false);
    }

    fn step(&mut self, t1_s: f64, emit: bool) -> Vec<Event> {
        let t0_s = self.next_s();
        if !(t1_s >= t0_s) || !t1_s.is_finite() {
            return Vec::new();
        }
        let s = &self.scenario;
        let phantoms: Vec<(Target<'_>, PhantomScope)> = self
            .phantoms
            .iter()
            .enumerate()
            .flat_map(|(k, p)| {
                let scope = p.scope;
                targets(std::slice::from_ref(&p.flown))
                    .into_iter()
                    .map(move |t| {
                        let launch = PHANTOM_LAUNCH + k as u32;
                        (Target { launch, ..t }, scope)
                    })
            })
            .collect();
        let truth = targets(&self.flown);
        let detections = self.sensors.observe(s, &truth, &phantoms, t0_s, t1_s);
        let sensors = &self.sensors;
        let per_architecture: Vec<(Vec<TrackRow>, std::ops::Range<usize>)> = self
            .architectures
            .par_iter_mut()
            .map(|a| {
                let searched: Vec<&Detection> =
                    detections.iter().filter(|d| a.receives(d)).collect();
                let cued = match &mut a.cueing {
                    Some(c) => c.observe(s, sensors, &searched, &truth, &phantoms, t0_s, t1_s),
                    None => Vec::new(),
                };
                let cued: Vec<Detection> = cued.into_iter().filter(|d| a.receives(d)).collect();
                let mine = merged(searched, &cued);
                let rows = a.tracker.feed(s, &mine);
                let alerts = a.warning.feed(&mine, &rows);
                a.cued.extend(cued);
                a.rows.extend_from_slice(&rows);
                (if emit { rows } else { Vec::new() }, alerts)
            })
            .collect();
        self.done_to_s = Some(t1_s);
        let mut events = Vec::new();
        if emit {
            events.extend(
                s.launches
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| (t0_s..=t1_s).contains(&l.time_s))
                    .map(|(i, l)| Event::Launch {
                        t_s: l.time_s,
                        launch: i as u32,
                    }),
            );
            events.extend(detections.iter().cloned().map(Event::Detection));
            for (architecture, (rows, alerts)) in per_architecture.into_iter().enumerate() {
                events.extend(rows.into_iter().map(|row| Event::Track {
                    architecture,
                    row: Box::new(row),
                }));
                let (all, truth) = self.architectures[architecture].warning.alerts();
                events.extend(alerts.map(|index| Event::Alert {
                    architecture,
                    index,
                    alert: all[index].clone(),
                    truth: truth[index],
                }));
            }
            events.sort_by(|a, b| a.t_s().total_cmp(&b.t_s()).then(a.rank().cmp(&b.rank())));
        }
        self.detections.extend(detections);
        events
    }

    /// Per-sensor summaries of the run so far, scenario order.
    pub fn sensor_summaries(&self) -> Vec<crate::detect::SensorSummary> {
        self.sensors.summaries(&self.detections, self.flown.len())
    }

    /// Ends the run and scores it against the truth.
    pub fn finish(self) -> RunResult {
        let Self {
            scenario: s,
            flown,
            sensors,
            architectures,
            detections,
            phantoms,
            ..
        } = self;
        let sensors = sensors.summaries(&detections, flown.len());
        let architectures: Vec<ArchitectureOutcome> = architectures
            .into_par_iter()
            .map(|a| {
                let searched: Vec<&Detection> =
                    detections.iter().filter(|d| a.receives(d)).collect();
                let mine = merged(searched, &a.cued);
                let tracking = score_tracking(&flown, a.rows, &mine);
                let cues = a.cueing.as_ref().map(Cueing::records).unwrap_or_default();
                ArchitectureOutcome {
                    cues,
                    ..a.warning.score(&s, &flown, &mine, tracking)
                }
            })
            .collect();
        RunResult {
            flown,
            detections,
            sensors,
            phantoms,
            architectures,
        }
    }
}
