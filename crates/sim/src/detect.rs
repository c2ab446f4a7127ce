//! The sensors' view of a run: every detection, in time order, and a summary per sensor.

use crate::scenario::{Scenario, SensorKind};
use rayon::prelude::*;
use vigil_sensors::measurement::sort_detections;
use vigil_sensors::{Detection, Sensor, SensorTag, Target, Truth, sensor_rng};

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

/// Every detection of run `run` by every sensor, in time order, with per-sensor summaries.
/// Sensors run in parallel, each on its own random stream: the result is the same for any
/// number of threads.
pub fn detect(
    s: &Scenario,
    targets: &[Target<'_>],
    launches: usize,
    run: u32,
) -> (Vec<Detection>, Vec<SensorSummary>) {
    let per_sensor: Vec<(Vec<Detection>, SensorSummary)> = s
        .sensors
        .par_iter()
        .enumerate()
        .map(|(i, m)| {
            let tag = SensorTag {
                sensor: i as u32,
                network: m.network as u32,
            };
            let mut rng = sensor_rng(s.seed, run, i as u32);
            let sensor = m.kind.sensor();
            // A sensor out for the run sees nothing (its index, and so its stream, stay put).
            let d = if m.active {
                sensor.observe(tag, targets, 0.0, s.duration_s, &mut rng)
            } else {
                Vec::new()
            };
            let summary = summarise(&d, sensor.looks(0.0, s.duration_s), launches);
            (d, summary)
        })
        .collect();
    let summaries = per_sensor.iter().map(|(_, s)| s.clone()).collect();
    let mut all: Vec<Detection> = per_sensor.into_iter().flat_map(|(d, _)| d).collect();
    sort_detections(&mut all);
    (all, summaries)
}

fn summarise(d: &[Detection], looks: usize, launches: usize) -> SensorSummary {
    let mut first = vec![None; launches];
    let mut false_alarms = 0;
    for x in d {
        match x.truth {
            Truth::FalseAlarm => false_alarms += 1,
            Truth::Object { launch, .. } => {
                let slot = &mut first[launch as usize];
                if slot.is_none_or(|t: f64| x.t_s < t) {
                    *slot = Some(x.t_s);
                }
            }
        }
    }
    SensorSummary {
        looks,
        detections: d.len(),
        false_alarms,
        first_detection_s: first,
    }
}
