//! The engine's cost of stepping (divan): the built-in default scenario (truth flown once,
//! outside the timing) run to the end in one step, as `vigil run` does, and in 10 s and 1 s
//! steps with every event collected, as a live server does. See `BENCHMARKS.md`.
//!
//! `cargo bench -p vigil-sim --bench engine`.

use std::sync::LazyLock;

use divan::Bencher;
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::engine::Engine;
use vigil_sim::scenario::Scenario;
use vigil_sim::truth::{FlownLaunch, fly_launches};

static TRUTH: LazyLock<(Scenario, Vec<FlownLaunch>)> = LazyLock::new(|| {
    let s = Scenario::from_toml(DEFAULT_SCENARIO).expect("the default scenario is valid");
    let flown = fly_launches(&s).expect("the default launches fly");
    (s, flown)
});

fn main() {
    divan::main();
}

/// `step_s` = 0: one step to the end without collecting events (the batch path).
#[divan::bench(args = [0.0, 10.0, 1.0], sample_count = 5, sample_size = 1)]
fn default_scenario(bencher: Bencher, step_s: f64) {
    let (s, flown) = &*TRUTH;
    bencher.bench(|| {
        let mut engine = Engine::with_truth(s.clone(), flown.clone(), 0);
        let mut events = 0;
        if step_s == 0.0 {
            engine.run_to_end();
        } else {
            let mut t = 0.0;
            while t < s.duration_s {
                t = (t + step_s).min(s.duration_s);
                events += engine.advance_to(t).len();
            }
        }
        (events, engine.finish().detections.len())
    });
}
