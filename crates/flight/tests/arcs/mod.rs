//! Kepler arcs that the Kepler tests build (minimum-energy, surface arcs of a given γ, lofted
//! arcs of a given apogee), shared by `tests/kepler.rs` and `tests/ref_kepler.rs`.

// Each test binary uses a subset.
#![allow(dead_code)]

use std::f64::consts::{FRAC_PI_2, PI};
use vigil_flight::kepler::{
    Burnout, FreeFlight, KeplerError, MU_EARTH, R_SPHERE, free_flight, min_energy, speed_for_range,
};

pub const KM: f64 = 1e3;

pub const MIN: f64 = 60.0;

pub fn ok<T>(r: Result<T, KeplerError>) -> T {
    r.expect("valid test input")
}

pub fn met_flight(r_m: f64, range_km: f64) -> (Burnout, FreeFlight) {
    let b = ok(min_energy(r_m, range_km * KM / R_SPHERE, MU_EARTH));
    (b, ok(free_flight(&b, MU_EARTH)))
}

pub fn surface_arc(range_km: f64, gamma_rad: f64) -> Result<(Burnout, FreeFlight), KeplerError> {
    let v_mps = speed_for_range(R_SPHERE, range_km * KM / R_SPHERE, gamma_rad, MU_EARTH)?;
    let b = Burnout {
        r_m: R_SPHERE,
        v_mps,
        gamma_rad,
    };
    Ok((b, free_flight(&b, MU_EARTH)?))
}

/// Lofted surface arc to `range_km` whose apogee altitude is `apogee_km` (bisection on γ
/// between γ* and vertical; arcs that escape count as too high).
pub fn fit_lofted(range_km: f64, apogee_km: f64) -> (Burnout, FreeFlight) {
    let (mut lo, mut hi) = (0.25 * (PI - range_km * KM / R_SPHERE), FRAC_PI_2);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        match surface_arc(range_km, mid) {
            Ok((_, ff)) if ff.apogee_radius_m - R_SPHERE < apogee_km * KM => lo = mid,
            _ => hi = mid,
        }
    }
    ok(surface_arc(range_km, lo))
}
