//! The engine split along the networks' borders, for partners that run as separate processes:
//! a [`NetworkNode`] runs one network — its sensors, its own (national) architectures, and
//! the local trackers whose scan reports it shares for track fusion; a [`FusionCentre`] runs
//! one architecture's fusion and warning on what its networks share, released in simulation
//! time order, and scores it at the end. Fed the same data in the same order, they produce
//! what the one-process [`Engine`] produces for that architecture.

use crate::detect::SensorSummary;
use crate::engine::{Engine, Event, Input};
use crate::fusion::{LocalScan, NetworkTracker, TrackFusion};
use crate::run::{ArchitectureWarning, RunResult};
use crate::scenario::Scenario;
use crate::scenario::file::FusionSpec;
use crate::track::{ArchitectureTracker, TrackRow, score_tracking};
use crate::truth::{TruthError, fly_launches};
use vigil_sensors::measurement::sort_detections;
use vigil_sensors::{Detection, Measurement, Truth};
use vigil_warning::alerts::Alert;

/// What a network did in one step of its node.
#[derive(Debug, Clone, Default)]
pub struct NodeStep {
    /// The network's detections, in time order (truth tags for scoring only).
    pub detections: Vec<Detection>,
    /// Per track-fusion architecture (scenario index) the network is a partner of: its local
    /// tracker's scan reports, in order.
    pub scans: Vec<(usize, Vec<LocalScan>)>,
    /// Alerts of the network's own architectures: (scenario index, index among its alerts,
    /// alert, truth tag).
    pub alerts: Vec<(usize, usize, Alert, Truth)>,
}

/// One network run on its own.
#[derive(Debug, Clone)]
pub struct NetworkNode {
    engine: Engine,
    /// Scenario indices of the architectures the engine runs (those of this network alone).
    own: Vec<usize>,
    /// Local trackers of the track-fusion architectures with partners.
    locals: Vec<(usize, NetworkTracker)>,
}

impl NetworkNode {
    /// Network `network` (scenario index) of run `run` of `s`: every launch flown, the other
    /// networks' sensors down.
    pub fn new(s: &Scenario, run: u32, network: usize) -> Result<Self, TruthError> {
        let own: Vec<usize> = (0..s.architectures.len())
            .filter(|a| s.architectures[*a].networks == [network])
            .collect();
        let locals = s
            .architectures
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.fusion == FusionSpec::Track
                    && a.networks.len() > 1
                    && a.networks.contains(&network)
            })
            .map(|(i, a)| (i, NetworkTracker::new(&a.tracker, network)))
            .collect();
        let mut mine = s.clone();
        mine.architectures = own.iter().map(|a| s.architectures[*a].clone()).collect();
        for shares in &mut mine.sharing {
            *shares = own.iter().map(|a| shares[*a]).collect();
        }
        let mut engine = Engine::with_truth(mine, fly_launches(s)?, run);
        for (i, sensor) in s.sensors.iter().enumerate() {
            if sensor.network != network {
                // Cannot fail: the sensor exists and the time is finite.
                let _ = engine.input(Input::SensorDown {
                    sensor: i,
                    at_s: 0.0,
                });
            }
        }
        Ok(Self {
            engine,
            own,
            locals,
        })
    }

    /// The engine (its scenario holds only this network's own architectures).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Applies an input to the network's engine (an exercise's inject: a launch, a phantom,
    /// one of its own sensors down or up); the run goes on with it from the node's time.
    pub fn input(&mut self, input: Input) -> Result<(), crate::engine::InputError> {
        self.engine.input(input)
    }

    /// Per-sensor summaries so far, scenario order (other networks' sensors: none of theirs).
    pub fn sensor_summaries(&self) -> Vec<SensorSummary> {
        self.engine.sensor_summaries()
    }

    /// Takes every look of the network up to `t_s` and returns what it did.
    pub fn advance_to(&mut self, t_s: f64) -> NodeStep {
        let mut step = NodeStep::default();
        for e in self.engine.advance_to(t_s) {
            match e {
                Event::Detection(d) => step.detections.push(d),
                Event::Alert {
                    architecture,
                    index,
                    alert,
                    truth,
                } => step
                    .alerts
                    .push((self.own[architecture], index, alert, truth)),
                Event::Launch { .. } | Event::Track { .. } => {}
            }
        }
        let mine: Vec<&Detection> = step.detections.iter().collect();
        for (a, tracker) in &mut self.locals {
            step.scans.push((*a, tracker.feed(&mine)));
        }
        step
    }
}

/// What an architecture's networks shared up to a common time, for its fusion centre.
#[derive(Debug, Clone, Default)]
pub struct Release {
    /// Detections (from networks sharing detections), any order.
    pub detections: Vec<Detection>,
    /// Local scan reports (from networks sharing tracks), any order.
    pub scans: Vec<LocalScan>,
    /// Infrared lines of sight shared with tracks, any order.
    pub infrared: Vec<Detection>,
}

impl Release {
    /// Adds another release's data.
    pub fn append(&mut self, mut other: Release) {
        self.detections.append(&mut other.detections);
        self.scans.append(&mut other.scans);
        self.infrared.append(&mut other.infrared);
    }
}

/// How the fusion centre fuses.
#[derive(Debug, Clone)]
enum Fusing {
    /// On detections.
    Central(Box<ArchitectureTracker>),
    /// On the networks' scan reports.
    Track(Box<TrackFusion>),
}

/// The integration centre of one architecture.
#[derive(Debug, Clone)]
pub struct FusionCentre {
    scenario: Scenario,
    architecture: usize,
    fusing: Fusing,
    warning: ArchitectureWarning,
    rows: Vec<TrackRow>,
    /// Every detection of the architecture's networks, for scoring only.
    scored: Vec<Detection>,
}

impl FusionCentre {
    /// The centre of architecture `architecture` (scenario index) of `s`.
    pub fn new(s: &Scenario, architecture: usize) -> Self {
        let fusing = match s.architectures[architecture].fusion {
            FusionSpec::Central => {
                Fusing::Central(Box::new(ArchitectureTracker::new(s, architecture)))
            }
            FusionSpec::Track => Fusing::Track(Box::new(TrackFusion::new(s, architecture))),
        };
        Self {
            scenario: s.clone(),
            architecture,
            fusing,
            warning: ArchitectureWarning::new(s, architecture),
            rows: Vec::new(),
            scored: Vec::new(),
        }
    }

    /// Processes what the networks shared up to a time (nothing later may come after it): in
    /// simulation-time order, whatever order it arrived in. Returns the track updates and the
    /// alerts raised.
    pub fn feed(&mut self, mut r: Release) -> (Vec<TrackRow>, Vec<(usize, Alert, Truth)>) {
        let s = &self.scenario;
        let rows = match &mut self.fusing {
            Fusing::Central(tracker) => {
                sort_detections(&mut r.detections);
                let mine: Vec<&Detection> = r.detections.iter().collect();
                let rows = tracker.feed(s, &mine);
                let raised = self.warning.feed(&mine, &rows);
                self.rows.extend_from_slice(&rows);
                self.scored.extend(r.detections);
                return (rows, self.raised(raised));
            }
            Fusing::Track(fusion) => {
                r.scans
                    .sort_by(|a, b| a.t_s.total_cmp(&b.t_s).then(a.sensor.cmp(&b.sensor)));
                r.scans
                    .iter()
                    .flat_map(|scan| fusion.apply(s, scan))
                    .collect::<Vec<_>>()
            }
        };
        // Lines of sight from networks sharing detections count as those shared with tracks.
        r.infrared.extend(
            r.detections
                .iter()
                .filter(|d| matches!(d.measurement, Measurement::LineOfSight { .. })),
        );
        sort_detections(&mut r.infrared);
        let infrared: Vec<&Detection> = r
            .infrared
            .iter()
            .filter(|d| matches!(d.measurement, Measurement::LineOfSight { .. }))
            .collect();
        let raised = self.warning.feed(&infrared, &rows);
        self.rows.extend_from_slice(&rows);
        self.scored.extend(r.detections);
        (rows, self.raised(raised))
    }

    /// The alerts of a range with their indices and truth tags (scoring only).
    fn raised(&self, range: std::ops::Range<usize>) -> Vec<(usize, Alert, Truth)> {
        let (all, truth) = self.warning.alerts();
        range.map(|i| (i, all[i].clone(), truth[i])).collect()
    }

    /// The picture so far: every track's latest update, in id order, and every alert.
    pub fn picture(&self) -> (Vec<TrackRow>, Vec<(usize, Alert, Truth)>) {
        let mut latest = std::collections::BTreeMap::new();
        for r in &self.rows {
            latest.insert(r.track_id, r);
        }
        let n = self.warning.alerts().0.len();
        (latest.into_values().cloned().collect(), self.raised(0..n))
    }

    /// Adds a launch injected during the exercise (after the scenario's), for scoring.
    pub fn add_launch(&mut self, launch: crate::scenario::model::Launch) {
        self.scenario.launches.push(launch);
    }

    /// Adds detections of networks that share less than detections, for scoring only (never
    /// for perception; shared detections are kept for scoring as they are fed).
    pub fn score_with(&mut self, detections: impl IntoIterator<Item = Detection>) {
        self.scored.extend(detections);
    }

    /// The scenario with this architecture alone, for the run's writers.
    pub fn scenario(&self) -> Scenario {
        let mut s = self.scenario.clone();
        s.architectures = vec![s.architectures[self.architecture].clone()];
        for shares in &mut s.sharing {
            *shares = vec![shares[self.architecture]];
        }
        s
    }

    /// Ends the run and scores it against the truth (flown here: the scorer's own), with the
    /// sensors' summaries as their nodes made them (scenario order).
    pub fn finish(self, sensors: Vec<SensorSummary>) -> Result<RunResult, TruthError> {
        let s = self.scenario();
        let flown = fly_launches(&s)?;
        let mut detections = self.scored;
        sort_detections(&mut detections);
        let mine: Vec<&Detection> = detections.iter().collect();
        let tracking = score_tracking(&flown, self.rows, &mine);
        let outcome = self.warning.score(&s, &flown, &mine, tracking);
        Ok(RunResult {
            flown,
            detections,
            sensors,
            // The nodes draw and see the phantoms; here their data are false alarms.
            phantoms: Vec::new(),
            architectures: vec![outcome],
        })
    }
}
