//! The sensors' view of a run: each sensor's looks advanced step by step on its own random
//! stream, every detection in time order, and a summary per sensor.

use crate::outage::Outages;
use crate::scenario::model::SensorModel;
use crate::scenario::{Scenario, SensorKind};
use rayon::prelude::*;
use vigil_sensors::measurement::sort_detections;
use vigil_sensors::{Detection, Sensor, SensorRng, SensorTag, Target, Truth, sensor_rng};

/// What one sensor did in a run.
#[derive(Debug, Clone, PartialEq)]
pub struct SensorSummary {
    /// Looks taken (face looks for radars).
    pub looks: usize,
    /// Detections reported, false alarms included.
    pub detections: usize,
    /// False alarms among them.
    pub false_alarms: usize,
    /// First detection of each launch (any of its objects), s after the epoch.
    pub first_detection_s: Vec<Option<f64>>,
}

impl SensorKind {
    /// The sensor behind the model.
    pub fn sensor(&self) -> &dyn Sensor {
        match self {
            SensorKind::Radar(r) => r,
            SensorKind::Infrared(i) => i,
        }
    }
}

/// One sensor during a run: its random stream, its outages and what it has done so far.
#[derive(Debug, Clone)]
pub(crate) struct SensorState {
    tag: SensorTag,
    rng: SensorRng,
    /// Out for the whole run (Monte Carlo outage).
    out_for_run: bool,
    /// When it is down (a change at `t` applies to looks at `t` and later).
    outages: Outages,
    /// Looks taken.
    looks: usize,
}

impl SensorState {
    /// Sensor `index` of the scenario, on its stream of run `run`.
    pub(crate) fn new(s: &Scenario, index: usize, run: u32) -> Self {
        let m = &s.sensors[index];
        Self {
            tag: SensorTag {
                sensor: index as u32,
                network: m.network as u32,
            },
            rng: sensor_rng(s.seed, run, index as u32),
            out_for_run: !m.active,
            outages: Outages::default(),
            looks: 0,
        }
    }

    /// Records that the sensor goes down (`up = false`) or comes back at `t_s`.
    pub(crate) fn set_up(&mut self, t_s: f64, up: bool) {
        self.outages.set(t_s, up);
    }

    /// The looks at times in [`t0_s`, `t1_s`] of `sensor`, skipping those while it is down.
    pub(crate) fn observe(
        &mut self,
        sensor: &dyn Sensor,
        targets: &[Target<'_>],
        t0_s: f64,
        t1_s: f64,
    ) -> Vec<Detection> {
        let mut rng = self.rng.clone();
        let (out, looks) = self.observe_on(sensor, targets, t0_s, t1_s, &mut rng);
        self.rng = rng;
        self.looks += looks;
        out
    }

    /// The looks at times in [`t0_s`, `t1_s`] of `sensor` (this sensor's, or its cued looks)
    /// drawing from `rng`, skipping those while it is down; and how many were taken.
    pub(crate) fn observe_on(
        &self,
        sensor: &dyn Sensor,
        targets: &[Target<'_>],
        t0_s: f64,
        t1_s: f64,
        rng: &mut SensorRng,
    ) -> (Vec<Detection>, usize) {
        if self.out_for_run || !(t1_s >= t0_s) {
            return (Vec::new(), 0);
        }
        // Cut the span where the sensor changes state: [t0, c⁻], [c, …], ….
        let cuts = self.outages.changes_within(t0_s, t1_s);
        let (mut out, mut looks) = (Vec::new(), 0);
        let mut start = t0_s;
        for end in cuts.iter().map(|c| c.next_down()).chain([t1_s]) {
            if end >= start && self.outages.up_at(start) {
                looks += sensor.looks(start, end);
                out.extend(sensor.observe(self.tag, targets, start, end, rng));
            }
            start = end.next_up();
        }
        (out, looks)
    }

    /// The summary of what the sensor did, given its detections.
    fn summary(&self, d: &[&Detection], launches: usize) -> SensorSummary {
        let mut first = vec![None; launches];
        let mut false_alarms = 0;
        for x in d {
            match x.truth.launch() {
                None => false_alarms += 1,
                Some(launch) => {
                    let slot = &mut first[launch as usize];
                    if slot.is_none_or(|t: f64| x.t_s < t) {
                        *slot = Some(x.t_s);
                    }
                }
            }
        }
        SensorSummary {
            looks: self.looks,
            detections: d.len(),
            false_alarms,
            first_detection_s: first,
        }
    }
}

/// Which sensors see a phantom: data with no missile behind them, injected in an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhantomScope {
    /// Every infrared satellite sees its plume; no radar sees it (a false infrared launch
    /// event, like the 1983 sunlight reflections).
    Infrared,
    /// Only the radars of one network (scenario index) see it (a fabricated track in one
    /// network's picture, like the 1979 training tape).
    RadarsOf(usize),
    /// Only one sensor (scenario index) sees it (a sunlight glint on high cloud, seen along
    /// one satellite's line of sight).
    Sensor(usize),
}

impl PhantomScope {
    fn admits(self, index: usize, m: &SensorModel) -> bool {
        match (self, &m.kind) {
            (PhantomScope::Sensor(i), _) => i == index,
            (PhantomScope::Infrared, SensorKind::Infrared(_)) => true,
            (PhantomScope::RadarsOf(n), SensorKind::Radar(_)) => m.network == n,
            _ => false,
        }
    }
}

/// Launch index of the first phantom in sensors' targets: what sensors report of phantoms is
/// tagged as false alarms.
pub(crate) const PHANTOM_LAUNCH: u32 = 1 << 31;

/// Every sensor of a scenario, advanced together.
#[derive(Debug, Clone)]
pub(crate) struct Sensors {
    states: Vec<SensorState>,
}

/// What sensor `index` may see: every target, and the phantoms its scope admits.
pub(crate) fn seen_by<'a>(
    index: usize,
    m: &SensorModel,
    targets: &[Target<'a>],
    phantoms: &[(Target<'a>, PhantomScope)],
) -> Vec<Target<'a>> {
    let mut seen = targets.to_vec();
    seen.extend(
        phantoms
            .iter()
            .filter(|(_, scope)| scope.admits(index, m))
            .map(|(t, _)| *t),
    );
    seen
}

/// What sensors report of phantoms (launch indices from [`PHANTOM_LAUNCH`]) is tagged with the
/// phantom, for scoring as false alarms.
pub(crate) fn tag_phantoms(d: &mut [Detection]) {
    for x in d {
        if let Truth::Object { launch, object } = x.truth
            && launch >= PHANTOM_LAUNCH
        {
            x.truth = Truth::Phantom {
                phantom: launch - PHANTOM_LAUNCH,
                object,
            };
        }
    }
}

impl Sensors {
    /// The sensors of `s` on the streams of run `run`.
    pub(crate) fn new(s: &Scenario, run: u32) -> Self {
        Self {
            states: (0..s.sensors.len())
                .map(|i| SensorState::new(s, i, run))
                .collect(),
        }
    }

    /// Sensor `index`, if it exists.
    pub(crate) fn get(&self, index: usize) -> Option<&SensorState> {
        self.states.get(index)
    }

    /// Sensor `index`, if it exists.
    pub(crate) fn get_mut(&mut self, index: usize) -> Option<&mut SensorState> {
        self.states.get_mut(index)
    }

    /// Every detection of looks at times in [`t0_s`, `t1_s`], in time order. Sensors run in
    /// parallel, each on its own stream: the result is the same for any number of threads.
    /// Phantoms (targets with launch indices from [`PHANTOM_LAUNCH`]) are seen only by the
    /// sensors their scope admits, and reported as false alarms.
    pub(crate) fn observe(
        &mut self,
        s: &Scenario,
        targets: &[Target<'_>],
        phantoms: &[(Target<'_>, PhantomScope)],
        t0_s: f64,
        t1_s: f64,
    ) -> Vec<Detection> {
        let mut all: Vec<Detection> = self
            .states
            .par_iter_mut()
            .zip(&s.sensors)
            .enumerate()
            .flat_map_iter(|(index, (state, m))| {
                let seen = seen_by(index, m, targets, phantoms);
                let mut d = state.observe(m.kind.sensor(), &seen, t0_s, t1_s);
                tag_phantoms(&mut d);
                d
            })
            .collect();
        sort_detections(&mut all);
        all
    }

    /// Per-sensor summaries over `detections` (every detection of the run).
    pub(crate) fn summaries(
        &self,
        detections: &[Detection],
        launches: usize,
    ) -> Vec<SensorSummary> {
        let mut by_sensor: Vec<Vec<&Detection>> = vec![Vec::new(); self.states.len()];
        for d in detections {
            if let Some(mine) = by_sensor.get_mut(d.tag.sensor as usize) {
                mine.push(d);
            }
        }
        self.states
            .iter()
            .zip(&by_sensor)
            .map(|(state, mine)| state.summary(mine, launches))
            .collect()
    }
}

/// Every detection of run `run` by every sensor over the whole scenario, in time order, with
/// per-sensor summaries.
pub fn detect(
    s: &Scenario,
    targets: &[Target<'_>],
    launches: usize,
    run: u32,
) -> (Vec<Detection>, Vec<SensorSummary>) {
    let (all, summaries, _) = detect_stoppable(s, targets, launches, run, f64::INFINITY, || false);
    (all, summaries)
}

/// [`detect`] in steps of `step_s` of scenario time (at least 1 s; the same detections, since
/// looks happen at their own times and each sensor draws from its own stream in time order),
/// asking `stop` before each step: the detections and summaries up to where it stopped, and
/// that time, s (the scenario's duration when it ran to the end).
pub fn detect_stoppable(
    s: &Scenario,
    targets: &[Target<'_>],
    launches: usize,
    run: u32,
    step_s: f64,
    stop: impl Fn() -> bool,
) -> (Vec<Detection>, Vec<SensorSummary>, f64) {
    let mut sensors = Sensors::new(s, run);
    let mut all = Vec::new();
    let (mut t0_s, mut t1_s) = (0.0, 0.0);
    while !stop() {
        t1_s = (t1_s + step_s.max(1.0)).min(s.duration_s);
        all.extend(sensors.observe(s, targets, &[], t0_s, t1_s));
        t0_s = f64::next_up(t1_s);
        if t1_s >= s.duration_s {
            break;
        }
    }
    let summaries = sensors.summaries(&all, launches);
    (all, summaries, t1_s)
}
