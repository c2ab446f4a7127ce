//! Threat probability against the Rayleigh closed form.
#![allow(clippy::unwrap_used)]

#[path = "../../../testing/tolerance.rs"]
mod common;

use common::check;
use nalgebra::Matrix2;
use vigil_earth::Geodetic;
use vigil_warning::impact::ImpactPrediction;
use vigil_warning::threat::{Area, probability_inside};

fn prediction(sigma_m: f64) -> ImpactPrediction {
    ImpactPrediction {
        point: Geodetic::from_degrees(45.0, 10.0, 0.0).unwrap(),
        cov_en_m2: Matrix2::identity() * sigma_m * sigma_m,
        t_s: 0.0,
        t_sigma_s: 0.0,
    }
}

/// Reference: for an isotropic normal of σ, P(|d| ≤ ρ) = 1 − exp(−ρ²/2σ²) (Rayleigh);
/// ρ = σ √(2 ln 20) gives 0.95, ρ = σ √(2 ln 2) gives 0.5. Tolerance 0.01 (quasi-random
/// integration); an area 5° away gets exactly 0.
#[test]
fn ref_rayleigh_circle_probability() {
    let p = prediction(10_000.0);
    let circle = |sigmas: f64| Area::Circle {
        center: p.point,
        radius_m: 10_000.0 * sigmas,
    };
    check(
        "P(inside) of centred circles",
        [
            (
                probability_inside(&p, &circle((2.0 * 20f64.ln()).sqrt())),
                0.95,
            ),
            (
                probability_inside(&p, &circle((2.0 * 2f64.ln()).sqrt())),
                0.5,
            ),
        ],
        0.01,
    );
    let far = Area::Circle {
        center: Geodetic::from_degrees(50.0, 10.0, 0.0).unwrap(),
        radius_m: 50_000.0,
    };
    assert_eq!(probability_inside(&p, &far), 0.0);
}
