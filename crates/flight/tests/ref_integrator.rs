//! The DOP853 integrator against an exact solution.
#![allow(clippy::unwrap_used)]

#[path = "../../../testing/tolerance.rs"]
mod common;

use common::check;
use nalgebra::Vector2;
use vigil_flight::integrator::{Flow, OdeSystem, Tolerance, integrate};

/// Harmonic oscillator y'' = −y.
struct Oscillator;
impl OdeSystem<2> for Oscillator {
    fn derivative(&self, _t: f64, y: &Vector2<f64>) -> Vector2<f64> {
        Vector2::new(y[1], -y[0])
    }
}

/// Reference: the exact solution (cos t, −sin t); tolerance 1e-9 after 10 periods at
/// rtol = atol = 1e-12 (global error grows ~linearly with the step count).
#[test]
fn ref_oscillator_exact_solution() {
    let tol = Tolerance {
        rtol: 1e-12,
        atol: Vector2::repeat(1e-12),
    };
    let t_end = 20.0 * std::f64::consts::PI;
    let mut last = None;
    integrate(
        &Oscillator,
        0.0,
        Vector2::new(1.0, 0.0),
        t_end,
        &tol,
        f64::INFINITY,
        |s| {
            last = Some(*s);
            Flow::Continue
        },
    )
    .unwrap();
    let s = last.unwrap();
    assert_eq!(s.t1, t_end);
    check(
        "oscillator after 10 periods",
        [(s.y1[0], 1.0), (s.y1[1], 0.0)],
        1e-9,
    );
}
