//! Impact prediction benchmarks (divan): free flight to impact of the 200 ICBM-like states of
//! `bench/icbm_states.json` (J2, rotating Earth, no drag), see `BENCHMARKS.md`.
//!
//! `cargo bench -p vigil-flight --bench impact`. The side-by-side comparison with scipy is
//! `bash bench/impact_rate.sh` (which runs `examples/impact_rate.rs`, also checking the
//! accuracy against the reference impacts).

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::ItemsCount;
use serde::Deserialize;
use vigil_earth::math::Vec3;
use vigil_earth::{Ecef, Position, Velocity};
use vigil_flight::{Accuracy, Ballistic, ForceModel, free_flight};

const STATES_JSON: &str = include_str!("../../../bench/icbm_states.json");
/// Flight-time cap, s (the scipy script's T_MAX).
const T_MAX_S: f64 = 3.0 * 3600.0;

#[derive(Deserialize)]
struct Case {
    r0_m: [f64; 3],
    v0_mps: [f64; 3],
}

static STATES: LazyLock<Vec<(Position<Ecef>, Velocity<Ecef>)>> = LazyLock::new(|| {
    STATES_JSON
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Case = serde_json::from_str(l).expect("bench/icbm_states.json line");
            (
                Position::from_vector(Vec3::from(c.r0_m)),
                Velocity::from_vector(Vec3::from(c.v0_mps)),
            )
        })
        .collect()
});

fn main() {
    divan::main();
}

fn predict(ballistic: &Ballistic, state: &(Position<Ecef>, Velocity<Ecef>), acc: &Accuracy) {
    let seg = free_flight(ballistic, 0.0, &state.0, &state.1, acc, T_MAX_S);
    divan::black_box(seg.ok().and_then(|s| s.impact));
}

/// One impact prediction with `Accuracy::FAST`, cycling through the 200 states.
#[divan::bench]
fn one_prediction_fast(bencher: Bencher) {
    let ballistic = Ballistic::new(ForceModel::default(), None);
    let states = &*STATES;
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % states.len();
        predict(&ballistic, &states[i], &Accuracy::FAST);
    });
}

/// All 200 predictions per iteration (throughput in predictions/s), FAST and DEFAULT.
#[divan::bench(args = ["FAST", "DEFAULT"])]
fn all_200(bencher: Bencher, accuracy: &str) {
    let acc = if accuracy == "FAST" {
        Accuracy::FAST
    } else {
        Accuracy::DEFAULT
    };
    let ballistic = Ballistic::new(ForceModel::default(), None);
    let states = &*STATES;
    bencher
        .counter(ItemsCount::new(states.len()))
        .bench_local(|| {
            for s in states {
                predict(&ballistic, s, &acc);
            }
        });
}
