//! Impact predictions per second on one thread, for the scipy side-by-side in
//! `bench/impact_rate.sh` (see `BENCHMARKS.md`).
//!
//! Runs the 200 ICBM-like states of `bench/icbm_states.json` (written by
//! `bench/scipy_impact_rate.py`, with the impacts of a tight scipy reference) to impact with
//! `Accuracy::FAST` (or the accuracy given on the command line), over and over for about
//! two seconds, and prints one JSON line:
//!
//! ```text
//! {"tool":"vigil","accuracy":"FAST","rtol":..,"atol_m":..,"atol_mps":..,"n":200,"seconds":..,
//!  "passes":..,"best_pass_s":..,"predictions_per_s":..,"mean_predictions_per_s":..,
//!  "max_impact_err_m":..,"mean_impact_err_m":..,"mean_rhs_evals":..,"mean_rhs_evals_all":..,
//!  "mean_steps":..,"mean_rejected":..}
//! ```
//!
//! `predictions_per_s` is the rate of the fastest pass over the 200 states (the scipy script
//! likewise reports its best of three); `mean_rhs_evals` are the integrator's evaluations
//! (`Segment::stats`), `mean_rhs_evals_all` adds the two single steps that refine the apogee
//! and impact events.
//!
//! Exits non-zero if any impact is more than 10 m (3-D) from the reference.
//!
//! Usage: `cargo run --release -p vigil-flight --example impact_rate [-- [SECONDS] [RTOL]]`
//! (RTOL overrides FAST's relative tolerance and scales its absolute tolerances with it, for
//! tolerance sweeps).

use std::cell::Cell;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::Deserialize;
use vigil_earth::math::{Vec3, Vec6};
use vigil_earth::{Ecef, Position, Velocity};
use vigil_flight::integrator::OdeSystem;
use vigil_flight::propagate::{Stop, fly};
use vigil_flight::{Accuracy, Ballistic, ForceModel, free_flight};

const STATES: &str = include_str!("../../../bench/icbm_states.json");
/// Accuracy bar against the reference, m.
const MAX_ERR_M: f64 = 10.0;
/// Flight-time cap, s (the scipy script's T_MAX).
const T_MAX_S: f64 = 3.0 * 3600.0;

/// The equations of `inner`, counting evaluations.
struct Counting<'a> {
    inner: &'a Ballistic,
    evaluations: Cell<usize>,
}

impl OdeSystem<6> for Counting<'_> {
    fn derivative(&self, t: f64, y: &Vec6) -> Vec6 {
        self.evaluations.set(self.evaluations.get() + 1);
        self.inner.derivative(t, y)
    }
}

#[derive(Deserialize)]
struct Case {
    r0_m: [f64; 3],
    v0_mps: [f64; 3],
    impact_r_m: [f64; 3],
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: f64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let mut accuracy = Accuracy::FAST;
    let mut label = "FAST";
    if let Some(rtol) = args.get(1).and_then(|s| s.parse::<f64>().ok()) {
        let scale = rtol / accuracy.rtol;
        accuracy.rtol = rtol;
        accuracy.atol_m *= scale;
        accuracy.atol_mps *= scale;
        label = "FAST (rtol override)";
    }

    let cases: Vec<Case> = match STATES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bench/icbm_states.json: {e}");
            return ExitCode::FAILURE;
        }
    };
    let states: Vec<(Position<Ecef>, Velocity<Ecef>)> = cases
        .iter()
        .map(|c| {
            (
                Position::from_vector(Vec3::from(c.r0_m)),
                Velocity::from_vector(Vec3::from(c.v0_mps)),
            )
        })
        .collect();
    let ballistic = Ballistic::new(ForceModel::default(), None);

    // One checked pass: errors against the reference and integrator counters.
    let (mut max_err, mut sum_err) = (0.0f64, 0.0);
    let (mut evals, mut steps, mut rejected) = (0usize, 0usize, 0usize);
    for (i, ((r, v), case)) in states.iter().zip(&cases).enumerate() {
        let seg = match free_flight(&ballistic, 0.0, r, v, &accuracy, T_MAX_S) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("state {i}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let Some(impact) = seg.impact else {
            eprintln!("state {i}: no impact within {T_MAX_S} s");
            return ExitCode::FAILURE;
        };
        let err = (impact.state.position.vector() - Vec3::from(case.impact_r_m)).norm();
        max_err = max_err.max(err);
        sum_err += err;
        evals += seg.stats.evaluations;
        steps += seg.stats.accepted;
        rejected += seg.stats.rejected;
    }
    let n = states.len();

    // Every evaluation of the equations, the event refinement steps included (which
    // `Segment::stats` does not count): the same flights through `fly` with a counting system.
    let counting = Counting {
        inner: &ballistic,
        evaluations: Cell::new(0),
    };
    let stop = Stop {
        height_m: 0.0,
        t_max_s: T_MAX_S,
    };
    for (r, v) in &states {
        let (r, v) = (r.vector(), v.vector());
        let y0 = Vec6::new(r.x, r.y, r.z, v.x, v.y, v.z);
        if let Err(e) = fly(&counting, ballistic.model.shape, 0.0, y0, stop, &accuracy) {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    let all_evals = counting.evaluations.get();

    // Timed passes over all states, on this thread, for about `seconds`; the rate is that of
    // the fastest pass (as the scipy script's best of repeats: the least disturbed by other
    // work on the machine), the mean rate is printed too.
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut passes = 0usize;
    let mut best = f64::INFINITY;
    while passes == 0 || start.elapsed() < budget {
        let pass = Instant::now();
        for (r, v) in &states {
            let seg = free_flight(
                black_box(&ballistic),
                0.0,
                black_box(r),
                black_box(v),
                &accuracy,
                T_MAX_S,
            );
            black_box(seg.ok().and_then(|s| s.impact));
        }
        best = best.min(pass.elapsed().as_secs_f64());
        passes += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mean_rate = (passes * n) as f64 / elapsed;
    let rate = n as f64 / best;

    println!(
        "{{\"tool\":\"vigil\",\"accuracy\":\"{label}\",\"rtol\":{:e},\"atol_m\":{:e},\"atol_mps\":{:e},\
         \"n\":{n},\"seconds\":{elapsed:.3},\"passes\":{passes},\"best_pass_s\":{best:.6},\
         \"predictions_per_s\":{rate:.1},\"mean_predictions_per_s\":{mean_rate:.1},\
         \"max_impact_err_m\":{max_err:.3},\"mean_impact_err_m\":{:.3},\"mean_rhs_evals\":{:.1},\
         \"mean_rhs_evals_all\":{:.1},\"mean_steps\":{:.2},\"mean_rejected\":{:.2}}}",
        accuracy.rtol,
        accuracy.atol_m,
        accuracy.atol_mps,
        sum_err / n as f64,
        evals as f64 / n as f64,
        all_evals as f64 / n as f64,
        steps as f64 / n as f64,
        rejected as f64 / n as f64,
    );
    if max_err > MAX_ERR_M {
        eprintln!("FAIL: worst impact error {max_err:.3} m exceeds {MAX_ERR_M} m");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
