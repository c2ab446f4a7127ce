//! Minimum-energy targeting of an impulsive burnout (`--boost none`) against the closed form,
//! across ground ranges up to the near-antipodal 18,900 km (the solver's limit is 19,000 km),
//! from the surface and from 200 km (issue 13, "Targeting at the edges").
//!
//! The closed form is an inertial Kepler arc. As in `tests/targeting.rs` and `tests/ref_kepler.rs`,
//! minimum energy is compared on the textbook model where it is exact: the non-rotating
//! 6,371 km sphere, point-mass gravity, vacuum (`ForceModel::sphere()`). On a rotating Earth the
//! least speed relative to the ground is a different arc from the inertial minimum-energy one,
//! so there the test checks instead that the flown trajectory is the inertial Kepler arc of its
//! own burnout state, and that the search found a burnout speed no higher than the closed-form
//! arc's (the minimum-energy Lambert arc to the target carried along by the Earth's rotation).
#![allow(clippy::unwrap_used)]

mod arcs;
#[path = "../../../testing/tolerance.rs"]
mod common;

use arcs::{KM, ok};
use common::near;
use std::f64::consts::PI;
use vigil_earth::Geodetic;
use vigil_earth::rotation::EarthRotation;
use vigil_flight::ForceModel;
use vigil_flight::kepler::{
    Burnout, MU_EARTH, R_SPHERE, free_flight_to_radius, lambert_min_energy, min_energy,
};
use vigil_flight::launch::{Booster, burnout_figures};
use vigil_flight::targeting::{Constraint, Profile, Solution, aim};
use vigil_flight::vehicle::Body;

/// Ground ranges flown, km: short, intermediate, long, near-antipodal (17,600 km is the issue's
/// case; 18,900 km is Ψ = 170°, 1,115 km from the antipode).
const RANGES_KM: [f64; 7] = [
    1_000.0, 5_000.0, 10_000.0, 15_000.0, 17_600.0, 18_500.0, 18_900.0,
];

/// Launch points (lat°, lon°) and azimuths (°) cycled through the cases.
const LAUNCHES: [(f64, f64, f64); 3] =
    [(0.0, 0.0, 90.0), (35.0, -120.0, 40.0), (-50.0, 70.0, 300.0)];

fn impulsive(h_m: f64) -> Booster {
    Booster::Impulsive {
        burnout_height_m: h_m,
        rv: Body {
            beta_kg_m2: 5000.0,
            rcs_m2: 0.05,
        },
    }
}

/// Flies the minimum-energy launch `range_km` from launch point `i` of [`LAUNCHES`].
fn min_energy_shot(model: &ForceModel, h_m: f64, range_km: f64, i: usize) -> Solution {
    let (lat, lon, az) = LAUNCHES[i % LAUNCHES.len()];
    let from = Geodetic::from_degrees(lat, lon, 0.0).unwrap();
    let to = model
        .shape
        .destination(&from, az.to_radians(), range_km * KM);
    aim(
        model,
        &impulsive(h_m),
        &from,
        &to,
        0.0,
        Profile::MinEnergy,
        Constraint::None,
    )
    .unwrap_or_else(|e| panic!("{range_km} km from {h_m} m: {e}"))
}

/// Reference: Lambert's minimum-energy transfer (BMW 1971 §5.3; `kepler::lambert_min_energy`)
/// from the burnout radius R + h to the surface radius R over Ψ = range / R, R = 6,371 km, on
/// the non-rotating sphere, for h = 0 and 200 km and ranges up to 18,900 km. For h = 0 its
/// departure state is also BMW's minimum-energy burnout (§6.2, `kepler::min_energy`:
/// γ = (π − Ψ)/4, Q = 2 sin(Ψ/2)/(1 + sin(Ψ/2))).
///
/// Tolerances: time of flight 0.05 s, burnout speed 0.01 m/s, flight-path angle 0.005°, landing
/// point 0.5 m from the closed form's (the target). They are set by the integrator
/// (`Accuracy::DEFAULT`, impacts well within 1 m), the 1 cm aim of the search and the flatness of
/// the minimum in γ (an error δγ costs only ~½ v″ δγ² of speed, so millimetres of range noise
/// leave δγ of a few 0.001°). Measured worst: 0.0125 s (5,000 km from the surface), 2e-6 m/s,
/// 0.0016° (1,000 km from 200 km), 0.014 m (18,900 km from the surface).
///
/// Before the closed-form seed and the flown-range measure, 17,600 km from the surface was
/// refused ("beyond reach: at most 16,903 km", the burnout speed was capped at 7,850 m/s below
/// the 7,874 m/s needed) and from 200 km the solver landed 44 s and 0.78° (γ) off the closed form.
#[test]
fn ref_min_energy_impulsive_matches_lambert_to_the_antipode() {
    let model = ForceModel::sphere();
    let mut i = 0;
    for h_m in [0.0, 200.0 * KM] {
        for range_km in RANGES_KM {
            let psi = range_km * KM / R_SPHERE;
            let lambert = ok(lambert_min_energy(R_SPHERE + h_m, R_SPHERE, psi, MU_EARTH));
            if h_m == 0.0 {
                let met = ok(min_energy(R_SPHERE, psi, MU_EARTH));
                near("BMW min_energy v m/s", lambert.v1_mps, met.v_mps, 1e-6);
                near(
                    "BMW min_energy γ rad",
                    lambert.gamma1_rad,
                    met.gamma_rad,
                    1e-12,
                );
            }
            let sol = min_energy_shot(&model, h_m, range_km, i);
            i += 1;
            let bo = burnout_figures(&sol.flight);
            let l = |what: &str| format!("{range_km} km from {} km: {what}", h_m / KM);
            near(
                &l("time of flight s"),
                sol.flight.impact.state.t_s,
                lambert.tof_s,
                0.05,
            );
            near(&l("burnout speed m/s"), bo.speed_mps, lambert.v1_mps, 0.01);
            near(
                &l("flight-path angle deg"),
                bo.gamma_rad.to_degrees(),
                lambert.gamma1_rad.to_degrees(),
                0.005,
            );
            near(&l("landing point off target m"), sol.miss_m, 0.0, 0.5);
        }
    }
}

/// The departure state of `lambert_min_energy` flies its transfer: from r₁ at (v₁, γ₁) the conic
/// relations of BMW §6.2 (`kepler::free_flight_to_radius`, an independent formula) come down
/// through r₂ after the range angle Δν and the transfer time. Burnout 0–1,000 km above a
/// 6,371 km target radius, Δν from 1° to 179.9°. Tolerance: 1e-9 rad and 1e-9 relative (round-off
/// of Kepler's equation near apogee).
#[test]
fn lambert_min_energy_departure_state_flies_the_transfer() {
    for h_km in [0.0, 200.0, 1_000.0] {
        let (r1, r2) = (R_SPHERE + h_km * KM, R_SPHERE);
        for dnu_deg in [1.0, 30.0, 90.0, 150.0, 170.0, 179.0, 179.9] {
            let dnu = f64::to_radians(dnu_deg);
            let l = ok(lambert_min_energy(r1, r2, dnu, MU_EARTH));
            assert!(l.gamma1_rad > 0.0 && l.gamma1_rad < PI / 2.0);
            let b = Burnout {
                r_m: r1,
                v_mps: l.v1_mps,
                gamma_rad: l.gamma1_rad,
            };
            let arc = ok(free_flight_to_radius(&b, r2, MU_EARTH));
            let label = format!("h {h_km} km Δν {dnu_deg}°");
            near(
                &format!("{label} range angle"),
                arc.range_angle_rad,
                dnu,
                1e-9,
            );
            near(
                &format!("{label} tof / t_m"),
                arc.time_of_flight_s / l.tof_s,
                1.0,
                1e-9,
            );
        }
    }
}

/// Rotating sphere (point mass, vacuum, rotation on), near-antipodal targets from the surface and
/// from 200 km. Reference: the inertial Kepler arc (BMW §6.2, `kepler::free_flight_to_radius`)
/// of the solution's own burnout state made inertial (v = v_rel + ω × r, the frame aligned with
/// the Earth-fixed one at burnout): its time of flight and range angle must be the flight's, the
/// impact taken to the inertial frame at impact time. Tolerance 0.01 s and 1e-7 rad (0.6 m: the
/// integrator's impacts are well within 1 m); measured 2e-11 s and 3e-14 rad. And minimum energy
/// means no more ground-relative speed than the closed-form arc to the moving target (Lambert
/// minimum energy, the target rotated by ω·t until t is the arc's time of flight, less ω × r):
/// ≤ it + 0.01 m/s; measured 7,808.35 vs 7,812.83 m/s at 17,600 km from the surface.
#[test]
fn ref_rotating_earth_flight_is_the_inertial_kepler_arc() {
    let model = ForceModel {
        rotation: true,
        ..ForceModel::sphere()
    };
    let omega = model.omega();
    let rotation = EarthRotation::aligned();
    for h_m in [0.0, 200.0 * KM] {
        for (i, range_km) in [15_000.0, 17_600.0, 18_900.0].into_iter().enumerate() {
            let sol = min_energy_shot(&model, h_m, range_km, i);
            let l = |what: &str| format!("rotating, {range_km} km from {} km: {what}", h_m / KM);
            // The flown arc against the closed form of its inertial burnout state.
            let r = sol.flight.burnout.position.vector();
            let v = sol.flight.burnout.velocity.vector() + omega.cross(&r);
            let b = Burnout {
                r_m: r.norm(),
                v_mps: v.norm(),
                gamma_rad: (r.dot(&v) / (r.norm() * v.norm())).asin(),
            };
            let impact = sol.flight.impact.state;
            let arc = ok(free_flight_to_radius(&b, impact.position.norm(), MU_EARTH));
            near(
                &l("time of flight s"),
                impact.t_s,
                arc.time_of_flight_s,
                0.01,
            );
            let impact_inertial = rotation.eci_position(impact.t_s, &impact.position).vector();
            let swept = r
                .cross(&impact_inertial)
                .norm()
                .atan2(r.dot(&impact_inertial));
            near(&l("range angle rad"), swept, arc.range_angle_rad, 1e-7);
            // No more ground-relative speed than the closed-form arc to the moving target.
            let target = model.shape.to_ecef(&Geodetic {
                h_m: 0.0,
                ..model.shape.geodetic(&impact.position)
            });
            let mut tof = 0.0;
            let mut closed = None;
            for _ in 0..100 {
                let r2 = rotation.eci_position(tof, &target).vector();
                let n = r.cross(&r2);
                let lam = ok(lambert_min_energy(
                    r.norm(),
                    r2.norm(),
                    n.norm().atan2(r.dot(&r2)),
                    MU_EARTH,
                ));
                tof = lam.tof_s;
                closed = Some((lam, n.normalize()));
            }
            let (lam, n) = closed.unwrap();
            let r_hat = r.normalize();
            let v_closed = (n.cross(&r_hat) * lam.gamma1_rad.cos() + r_hat * lam.gamma1_rad.sin())
                * lam.v1_mps
                - omega.cross(&r);
            let flown = sol.flight.burnout.velocity.norm();
            println!(
                "{}: {flown:.3} m/s flown, {:.3} m/s on the closed-form arc",
                l("ground-relative burnout speed"),
                v_closed.norm()
            );
            assert!(flown <= v_closed.norm() + 0.01, "{}", l("not minimal"));
            assert!(sol.miss_m < 1.0, "{}: miss {}", l("miss"), sol.miss_m);
        }
    }
}

/// Regression: on the default Earth (WGS-84, J2, rotation) the near-antipodal minimum-energy
/// shots of issue 13 were refused ("beyond reach") or did not converge (re-aiming the azimuth
/// alone diverges near the antipode); now they land within 1 m, on every test azimuth.
#[test]
fn regress_near_antipodal_min_energy_on_the_default_earth() {
    let model = ForceModel::default();
    for h_m in [0.0, 200.0 * KM] {
        for (i, range_km) in [15_000.0, 17_600.0, 18_900.0].into_iter().enumerate() {
            let sol = min_energy_shot(&model, h_m, range_km, i);
            assert!(
                sol.miss_m < 1.0,
                "{range_km} km from {h_m} m: miss {}",
                sol.miss_m
            );
        }
    }
}
