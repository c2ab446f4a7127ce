//! Free flight against independent references: scipy DOP853 at rtol 1e-12 on the same
//! equations (validation/propagate_reference.py), Kepler closed forms over the sphere, and the
//! Jacobi integral of the rotating frame.

// A malformed reference file should fail the test loudly.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use vigil_earth::atmosphere::AtmosphereModel;
use vigil_earth::gravity::Gravity;
use vigil_earth::math::Vec3;
use vigil_earth::{EarthShape, Ecef, Position, Velocity};
use vigil_flight::kepler;
use vigil_flight::{Accuracy, Ballistic, ForceModel, free_flight};

fn vec3(v: &Value) -> Vec3 {
    Vec3::new(
        v[0].as_f64().unwrap(),
        v[1].as_f64().unwrap(),
        v[2].as_f64().unwrap(),
    )
}

fn model_of(case: &Value) -> (ForceModel, Option<f64>) {
    let sphere = case["earth"] == "sphere";
    let model = ForceModel {
        shape: if sphere {
            EarthShape::Sphere
        } else {
            EarthShape::Wgs84
        },
        gravity: Gravity {
            j2: case["j2"].as_bool().unwrap(),
        },
        rotation: case["rotation"].as_bool().unwrap(),
        atmosphere: match case["drag"].as_str().unwrap() {
            "exponential" => AtmosphereModel::Exponential,
            _ => AtmosphereModel::None,
        },
    };
    (model, case["beta_kg_m2"].as_f64())
}

/// Reference: validation/ref/propagate.json (scipy solve_ivp DOP853, rtol 1e-12, converged to
/// 1e-5 m). Tolerance from the flight issue: impact within 50 m and 0.1 s; apogee within
/// 50 m of height and 0.1 s. Vigil's default accuracy does far better (printed).
#[test]
fn ref_scipy_dop853_impacts() {
    let text = include_str!("../../../validation/ref/propagate.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 12);
    let mut worst = (0.0f64, 0.0f64);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (model, beta) = model_of(case);
        let r0 = Position::<Ecef>::from_vector(vec3(&case["r0_m"]));
        let v0 = Velocity::<Ecef>::from_vector(vec3(&case["v0_mps"]));
        let flight = free_flight(
            &Ballistic::new(model, beta),
            0.0,
            &r0,
            &v0,
            &Accuracy::DEFAULT,
            20_000.0,
        )
        .unwrap();
        let impact = flight.impact.unwrap();
        let expect_r = vec3(&case["impact"]["r_m"]);
        let dr = (impact.state.position.vector() - expect_r).norm();
        let dt = (impact.state.t_s - case["impact"]["t_s"].as_f64().unwrap()).abs();
        assert!(
            dr < 50.0 && dt < 0.1,
            "{name}: impact off by {dr:.3} m, {dt:.4} s"
        );
        let apogee = flight.apogee.unwrap();
        let dh = (apogee.geodetic.h_m - case["apogee"]["h_m"].as_f64().unwrap()).abs();
        let dta = (apogee.state.t_s - case["apogee"]["t_s"].as_f64().unwrap()).abs();
        assert!(
            dh < 50.0 && dta < 0.1,
            "{name}: apogee off by {dh:.3} m, {dta:.4} s"
        );
        worst = (worst.0.max(dr), worst.1.max(dt));
    }
    println!(
        "worst impact difference vs scipy: {:.3e} m, {:.3e} s",
        worst.0, worst.1
    );
}

/// Reference: Kepler closed forms (Bate, Mueller & White 1971, ch. 6) over the non-rotating
/// sphere: free flight from burnout back to the burnout radius. Tolerance from the flight
/// issue: range 1 m, time of flight 1 ms (range angle × R and time to the burnout radius).
#[test]
fn ref_kepler_sphere_range_and_time() {
    let model = ForceModel::sphere();
    let r_bo = kepler::R_SPHERE;
    for (range_km, gamma_offset_deg) in [
        (2_000.0, 0.0),
        (10_000.0, 0.0),
        (3_000.0, 20.0),
        (8_000.0, -10.0),
    ] {
        let psi = range_km * 1e3 / kepler::R_SPHERE;
        let met = kepler::min_energy(r_bo, psi, kepler::MU_EARTH).unwrap();
        let gamma = met.gamma_rad + f64::to_radians(gamma_offset_deg);
        let v = kepler::speed_for_range(r_bo, psi, gamma, kepler::MU_EARTH).unwrap();
        let b = kepler::Burnout {
            r_m: r_bo,
            v_mps: v,
            gamma_rad: gamma,
        };
        let ff = kepler::free_flight(&b, kepler::MU_EARTH).unwrap();
        // Burnout on the surface at (0, 0), heading north-east.
        let up = Vec3::new(1.0, 0.0, 0.0);
        let dir = Vec3::new(0.0, 1.0, 1.0).normalize();
        let r0 = Position::<Ecef>::from_vector(up * (r_bo + 1e-6));
        let v0 = Velocity::<Ecef>::from_vector((up * gamma.sin() + dir * gamma.cos()) * v);
        let accuracy = Accuracy {
            rtol: 1e-13,
            atol_m: 1e-6,
            atol_mps: 1e-9,
            max_step_s: f64::INFINITY,
        };
        let flight = free_flight(
            &Ballistic::new(model, None),
            0.0,
            &r0,
            &v0,
            &accuracy,
            20_000.0,
        )
        .unwrap();
        let impact = flight.impact.unwrap();
        let angle = impact.state.position.vector().angle(&r0.vector());
        let d_range = (angle * kepler::R_SPHERE - range_km * 1e3).abs();
        let d_t = (impact.state.t_s - ff.time_of_flight_s).abs();
        assert!(d_range < 1.0, "{range_km} km: range off by {d_range} m");
        assert!(d_t < 1e-3, "{range_km} km: time off by {d_t} s");
        let apogee = flight.apogee.unwrap();
        assert!((apogee.geodetic.h_m - (ff.apogee_radius_m - kepler::R_SPHERE)).abs() < 1.0);
    }
}

/// The Jacobi integral ½|v|² + U − ½|ω×r|² is conserved in the rotating frame without drag
/// (J2 is axisymmetric, so the potential is time-independent there): relative drift < 1e-9.
#[test]
fn jacobi_integral_is_conserved() {
    let model = ForceModel::default();
    let r0 = Position::<Ecef>::new(3.0e6, 4.0e6, 4.2e6);
    let v0 = Velocity::<Ecef>::new(-3000.0, 4000.0, 4500.0);
    let accuracy = Accuracy {
        rtol: 1e-13,
        atol_m: 1e-6,
        atol_mps: 1e-9,
        max_step_s: f64::INFINITY,
    };
    let flight = free_flight(
        &Ballistic::new(model, None),
        0.0,
        &r0,
        &v0,
        &accuracy,
        20_000.0,
    )
    .unwrap();
    let c0 = model.jacobi(&r0.vector(), &v0.vector());
    // Integrator nodes only: the last node is the interpolated impact (see dense_output_accuracy).
    let nodes = flight.ephemeris.nodes();
    for n in &nodes[..nodes.len() - 1] {
        let c = model.jacobi(&n.position.vector(), &n.velocity.vector());
        assert!(((c - c0) / c0).abs() < 1e-9, "drift {}", (c - c0) / c0);
    }
}

/// Impact point is independent of output sampling and of where the ephemeris is cut: flying
/// from a mid-course state sampled from the ephemeris lands within 1 m of the full flight.
#[test]
fn impact_independent_of_restart_point() {
    let model = ForceModel::default();
    let r0 = Position::<Ecef>::new(6.2e6, 1.0e6, 1.5e6);
    let v0 = Velocity::<Ecef>::new(1000.0, 5000.0, 4000.0);
    let body = Ballistic::new(model, None);
    let full = free_flight(&body, 0.0, &r0, &v0, &Accuracy::DEFAULT, 20_000.0).unwrap();
    let mid = full.ephemeris.state_at(600.0).unwrap();
    let part = free_flight(
        &body,
        600.0,
        &mid.position,
        &mid.velocity,
        &Accuracy::DEFAULT,
        20_000.0,
    )
    .unwrap();
    let (a, b) = (full.impact.unwrap(), part.impact.unwrap());
    assert!((a.state.position - b.state.position).norm() < 1.0);
    assert!((a.state.t_s - b.state.t_s).abs() < 1e-3);
}

/// Bad states are errors, not panics: below ground, NaN.
#[test]
fn bad_initial_states_are_errors() {
    let body = Ballistic::new(ForceModel::default(), None);
    let v = Velocity::<Ecef>::new(0.0, 1.0, 0.0);
    assert!(
        free_flight(
            &body,
            0.0,
            &Position::new(6.0e6, 0.0, 0.0),
            &v,
            &Accuracy::DEFAULT,
            1e4
        )
        .is_err()
    );
    assert!(
        free_flight(
            &body,
            0.0,
            &Position::new(f64::NAN, 0.0, 0.0),
            &v,
            &Accuracy::DEFAULT,
            1e4
        )
        .is_err()
    );
}

/// Dense output (quintic Hermite between steps of at most 30 s) agrees with a run whose steps
/// are capped at 3 s (interpolation error there is 10⁶ times smaller): within 1 cm and
/// 0.1 mm/s at every mid-step time of an ICBM-range flight at the default accuracy.
#[test]
fn dense_output_accuracy() {
    let body = Ballistic::new(ForceModel::default(), None);
    let r0 = Position::<Ecef>::new(6.2e6, 1.0e6, 1.5e6);
    let v0 = Velocity::<Ecef>::new(1000.0, 5000.0, 4000.0);
    let coarse = free_flight(&body, 0.0, &r0, &v0, &Accuracy::DEFAULT, 20_000.0).unwrap();
    let fine = {
        use vigil_flight::propagate::{Stop, fly};
        let (r, v) = (r0.vector(), v0.vector());
        let y0 = vigil_earth::math::Vec6::new(r.x, r.y, r.z, v.x, v.y, v.z);
        let accuracy = Accuracy {
            max_step_s: 3.0,
            ..Accuracy::DEFAULT
        };
        fly(
            &body,
            EarthShape::Wgs84,
            0.0,
            y0,
            Stop {
                height_m: 0.0,
                t_max_s: 20_000.0,
            },
            &accuracy,
        )
        .unwrap()
    };
    let nodes = coarse.ephemeris.nodes();
    let (mut dr, mut dv) = (0.0f64, 0.0f64);
    for w in nodes.windows(2) {
        let t = 0.5 * (w[0].t_s + w[1].t_s);
        let (a, b) = (
            coarse.ephemeris.state_at(t).unwrap(),
            fine.ephemeris.state_at(t).unwrap(),
        );
        dr = dr.max((a.position - b.position).norm());
        dv = dv.max((a.velocity.vector() - b.velocity.vector()).norm());
    }
    println!(
        "dense output vs 3 s steps: {dr:.2e} m, {dv:.2e} m/s over {} steps",
        nodes.len() - 1
    );
    assert!(dr < 1e-2 && dv < 1e-4, "{dr} m, {dv} m/s");
}
