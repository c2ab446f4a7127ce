//! Vigil scenarios and the runner: scenario files and their checking, the truth (every launch
//! flown), the engine that advances a run step by step (sensors, trackers, warning), scoring,
//! Monte Carlo and sweeps.

pub mod coverage;
pub mod cueing;
pub mod detect;
pub mod engine;
pub mod false_events;
pub mod fusion;
pub mod montecarlo;
mod outage;
pub mod partner;
pub mod predictions;
pub mod run;
pub mod scenario;
pub mod sweep;
pub mod track;
pub mod truth;
pub mod uncertainty;

/// The built-in default scenario (TOML), compiled in so that `vigil` works with no file.
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/default.toml");
