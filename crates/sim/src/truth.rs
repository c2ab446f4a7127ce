//! The truth of a run: every launch flown to its aim point, with all its objects.

use crate::scenario::Scenario;
use crate::scenario::check::{Key, Problem, locate};
use crate::scenario::model::Launch;
use rayon::prelude::*;
use vigil_earth::atmosphere::AtmosphereModel;
use vigil_flight::ForceModel;
use vigil_flight::launch::{Booster, Flight};
use vigil_flight::targeting::{TargetingError, aim};
use vigil_sensors::Target;

/// The physics truth is flown with: WGS-84, J2, rotating Earth, USSA-1976 drag.
pub fn truth_model() -> ForceModel {
    ForceModel {
        atmosphere: AtmosphereModel::Ussa1976,
        ..ForceModel::default()
    }
}

/// One launch flown.
#[derive(Debug, Clone)]
pub struct FlownLaunch {
    /// The flight and every object.
    pub flight: Flight,
    /// Plume radiant intensity of its booster, W/sr.
    pub plume_w_sr: f64,
}

/// Why the truth could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("launch {launch:?}: {error}")]
pub struct TruthError {
    /// The launch's id.
    pub launch: String,
    /// What went wrong.
    pub error: TargetingError,
}

/// Flies every launch of the scenario (in parallel; the result is in launch order).
pub fn fly_launches(s: &Scenario) -> Result<Vec<FlownLaunch>, TruthError> {
    s.launches.par_iter().map(fly_launch).collect()
}

/// Flies one launch to its aim point.
pub fn fly_launch(l: &Launch) -> Result<FlownLaunch, TruthError> {
    let booster = Booster::Class(l.class.clone());
    aim(
        &truth_model(),
        &booster,
        &l.from,
        &l.to,
        l.time_s,
        l.profile,
        l.constraint,
    )
    .map(|sol| FlownLaunch {
        flight: sol.flight,
        plume_w_sr: l.class.plume_w_sr,
    })
    .map_err(|error| TruthError {
        launch: l.id.clone(),
        error,
    })
}

/// Every launch of `s` that cannot be flown to its aim point, as a problem of the scenario
/// `text` it was read from (rule `reach`, at the launch's `to`): each launch is flown as a run
/// flies it ([`fly_launch`], in parallel), so a scenario without such problems flies in a run.
pub fn reach_problems(s: &Scenario, text: &str) -> Vec<Problem> {
    let errors: Vec<TruthError> = s
        .launches
        .par_iter()
        .filter_map(|l| fly_launch(l).err())
        .collect();
    errors.iter().map(|e| reach_problem(s, text, e)).collect()
}

/// A launch that cannot be flown as a problem of the scenario `text` of `s`, at its `to`.
pub fn reach_problem(s: &Scenario, text: &str, e: &TruthError) -> Problem {
    let path = match s.launches.iter().position(|l| l.id == e.launch) {
        Some(i) => vec![
            Key::Name("launch".into()),
            Key::Index(i),
            Key::Name("to".into()),
        ],
        None => vec![Key::Name("launch".into())],
    };
    Problem {
        span: locate(text, &path),
        rule: "reach",
        message: e.to_string(),
    }
}

/// What sensors may see of the truth: every object of every launch.
pub fn targets(flown: &[FlownLaunch]) -> Vec<Target<'_>> {
    flown
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            f.flight
                .objects
                .iter()
                .enumerate()
                .map(move |(j, o)| Target {
                    launch: i as u32,
                    object: j as u32,
                    ephemeris: &o.ephemeris,
                    rcs_m2: o.rcs_m2,
                    thrust_end_s: o.thrust_end_s,
                    plume_w_sr: f.plume_w_sr,
                })
        })
        .collect()
}
