//! Radar horizon geometry against MATLAB, published horizon ranges and closed forms.
#![allow(clippy::unwrap_used)]

#[path = "../../../testing/tolerance.rs"]
mod common;

use common::check;
use vigil_sensors::horizon::{
    EARTH_RADIUS_M, Refraction, apparent_elevation, ground_angle_at_elevation,
    height_to_ground_range, height_to_range, horizon_range, min_visible_height, slant_range,
};

fn matlab_effective_radius() -> f64 {
    Refraction::from_gradient(-39e-9).effective_radius_m(EARTH_RADIUS_M)
}

// Source: MATLAB `effearthradius` default (dN/dh = −39e-9 /m) = 8.4774e6 m, printed to 5
// significant figures (docs/physics.md §3.5): tolerance 50 m.
#[test]
fn ref_effective_radius_from_gradient() {
    let r = matlab_effective_radius();
    check("effearthradius", [(r, 8.4774e6)], 50.0);
    let k = Refraction::STANDARD.effective_radius_m(EARTH_RADIUS_M) / EARTH_RADIUS_M;
    check(
        "STANDARD k",
        [(k, 4.0 / 3.0), (Refraction::NONE.k, 1.0)],
        1e-15,
    );
}

// Source: gcblue issue #32 recomputed with R = 6,371 km (docs/physics.md §3.5): 28.8 m
// sensor, 7 m target → 33.025 km (4/3 Earth), 28.601 km (geometric). Tolerance 1 m.
#[test]
fn ref_horizon_range_gcblue() {
    let four_thirds = Refraction::STANDARD.effective_radius_m(EARTH_RADIUS_M);
    let geometric = Refraction::NONE.effective_radius_m(EARTH_RADIUS_M);
    check(
        "gcblue horizon",
        [
            (horizon_range(four_thirds, 28.8, 7.0), 33_025.0),
            (horizon_range(geometric, 28.8, 7.0), 28_601.0),
        ],
        1.0,
    );
}

// Source: docs/physics.md §3.5: MATLAB `height2range(1e3, 10, 2)` = 2.7125e4 m and
// `height2grndrange(1e3, 10, 2)` = 2.7106e4 m (arguments: target height 1 km, antenna
// 10 m, elevation 2°). They use MATLAB's default R_e = effearthradius = 6,371 km /
// (1 − 6,371 km · 39e-9) = 8,477,361.5 m (not 4/3 · 6,371 km = 8,494,666.7 m, which
// gives 27,127.7 / 27,108.0 m) and ground range = R_e θ: 27,125.3 and 27,105.7 m.
// Tolerance 0.1 m (0.05 m on the formula values; 1 m on MATLAB's 5-digit print).
#[test]
fn ref_height_to_range_matlab() {
    let r_e = matlab_effective_radius();
    let e = 2f64.to_radians();
    let r = height_to_range(r_e, 10.0, 1e3, e).unwrap();
    let s = height_to_ground_range(r_e, 10.0, 1e3, e).unwrap();
    check("height2range formula", [(r, 27_125.3), (s, 27_105.7)], 0.05);
    check(
        "height2range MATLAB print",
        [(r, 2.7125e4), (s, 2.7106e4)],
        1.0,
    );
}

// Source: docs/physics.md §3.6 minimum-visible-height table (h₀ = 0, k = 1, R = 6,371 km),
// printed to 1 km: tolerance 0.5 km.
#[test]
fn ref_min_visible_height_table_3_10() {
    let s_km = [500.0, 1000.0, 2000.0, 3000.0, 4000.0, 4800.0, 6000.0];
    let e0 = [20.0, 79.0, 327.0, 778.0, 1501.0, 2364.0, 4457.0];
    let e3 = [46.0, 133.0, 443.0, 974.0, 1813.0, 2816.0, 5298.0];
    let r = EARTH_RADIUS_M;
    let mut pairs = Vec::new();
    for (mask_deg, row) in [(0.0_f64, e0), (3.0, e3)] {
        for (s, want) in s_km.iter().zip(row) {
            let h = min_visible_height(r, 0.0, mask_deg.to_radians(), s * 1e3 / r).unwrap();
            pairs.push((h / 1e3, want));
        }
    }
    check("§3.10 minimum visible height (km)", pairs, 0.5);
}

// Source: the issue's "elevation-limited ground range on a sphere and a 4/3 sphere
// (closed form θ = acos(r_o cos E / r_t) − E, to 1 m)": θ from the closed form must give
// back E via apparent_elevation (error × slant range ≤ 1 m), h_t via min_visible_height,
// and agree with height_to_range / height_to_ground_range and slant_range (1 m).
#[test]
fn ref_elevation_limited_ground_range_round_trip() {
    let mut pairs = Vec::new();
    for refraction in [Refraction::NONE, Refraction::STANDARD] {
        let r_e = refraction.effective_radius_m(EARTH_RADIUS_M);
        for h_s in [0.0, 30.0, 1_000.0] {
            for h_t in [100.0, 10e3, 100e3, 500e3, 1_500e3, 5_000e3] {
                for e_deg in [-0.5_f64, 0.0, 0.1, 3.0, 10.0, 45.0, 89.0] {
                    let e = e_deg.to_radians();
                    let Some(theta) = ground_angle_at_elevation(r_e, h_s, h_t, e) else {
                        assert!(h_t < h_s || e < 0.0, "no θ for {h_s} {h_t} {e_deg}");
                        continue;
                    };
                    let r = slant_range(r_e, h_s, h_t, theta);
                    let e_back = apparent_elevation(r_e, h_s, h_t, theta);
                    pairs.push(((e_back - e) * r, 0.0));
                    pairs.push((height_to_range(r_e, h_s, h_t, e).unwrap(), r));
                    let s = height_to_ground_range(r_e, h_s, h_t, e).unwrap();
                    pairs.push((s, r_e * theta));
                    if e >= 0.0 {
                        let h = min_visible_height(r_e, h_s, e, theta).unwrap();
                        pairs.push((h, h_t));
                    }
                }
            }
            // At E = 0 the slant range to the tangent point is the horizon range.
            let theta = ground_angle_at_elevation(r_e, h_s, 300e3, 0.0).unwrap();
            let r = slant_range(r_e, h_s, 300e3, theta);
            let d = horizon_range(r_e, h_s, 300e3);
            if h_s == 0.0 {
                pairs.push((r, d));
            }
        }
    }
    check("closed-form θ round trips (m)", pairs, 1.0);
}
