//! Calibration of the impact prediction: when the state estimate is Gaussian and consistent,
//! the true impact point falls inside the predicted 95 % ellipse 93–97 % of the time, early in
//! mid-course, late in mid-course and two minutes before impact (1,000 Monte Carlo draws each;
//! binomial standard deviation 0.69 %, so the band is ±2.9 σ).
#![allow(clippy::unwrap_used)]

use nalgebra::{SMatrix, SVector};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use vigil_earth::{Ecef, Position, Velocity};
use vigil_flight::{Accuracy, Ballistic, ForceModel, free_flight};
use vigil_tracking::Gaussian;
use vigil_warning::impact::predict_impact;

#[test]
fn impact_ellipse_is_calibrated() {
    let model = ForceModel::default();
    let body = Ballistic::new(model, None);
    // An ICBM-like free flight (state of bench/icbm_states.json, first line).
    let r0 = Position::<Ecef>::new(6_090_221.250498691, 2_502_572.778785823, 189_013.1497990819);
    let v0 = Velocity::<Ecef>::new(2_899.6532794319673, -587.7176845553702, -5_973.048859273066);
    let nominal = free_flight(&body, 0.0, &r0, &v0, &Accuracy::DEFAULT, 1e4).unwrap();
    let t_impact = nominal.impact.unwrap().state.t_s;
    for t_est in [200.0, t_impact / 2.0, t_impact - 120.0] {
        let s = nominal.ephemeris.state_at(t_est).unwrap();
        let (r, v) = (s.position.vector(), s.velocity.vector());
        let mean = SVector::<f64, 6>::new(r.x, r.y, r.z, v.x, v.y, v.z);
        // A radar-track-like covariance: 2 km / 1 km / 300 m position, 30/15/10 m/s velocity,
        // with some position–velocity correlation.
        let sd = SVector::<f64, 6>::new(2_000.0, 1_000.0, 300.0, 30.0, 15.0, 10.0);
        let mut corr = SMatrix::<f64, 6, 6>::identity();
        for i in 0..3 {
            corr[(i, i + 3)] = 0.5;
            corr[(i + 3, i)] = 0.5;
        }
        let cov = SMatrix::<f64, 6, 6>::from_diagonal(&sd)
            * corr
            * SMatrix::<f64, 6, 6>::from_diagonal(&sd);
        let estimate = Gaussian::new(mean, cov);
        let prediction = predict_impact(&estimate, t_est, &model, None, 1e4).unwrap();
        let l = cov.cholesky().unwrap().l();
        let mut rng = ChaCha8Rng::seed_from_u64(t_est as u64);
        let n = 1_000;
        let mut inside = 0;
        for _ in 0..n {
            let z = SVector::<f64, 6>::from_fn(|_, _| StandardNormal.sample(&mut rng));
            let x = mean + l * z;
            let f = free_flight(
                &body,
                t_est,
                &Position::new(x[0], x[1], x[2]),
                &Velocity::new(x[3], x[4], x[5]),
                &Accuracy::FAST,
                1e4,
            )
            .unwrap();
            if prediction.contains_95(&f.impact.unwrap().geodetic) {
                inside += 1;
            }
        }
        let fraction = inside as f64 / n as f64;
        let e = prediction.ellipse_95();
        println!(
            "t = {t_est:.0} s ({:.0} s to go): {:.1} % inside; ellipse {:.1} × {:.1} km; impact time σ {:.1} s",
            t_impact - t_est,
            fraction * 100.0,
            e.semi_major_m / 1e3,
            e.semi_minor_m / 1e3,
            prediction.t_sigma_s
        );
        assert!(
            (0.93..=0.97).contains(&fraction),
            "{fraction} at t = {t_est}"
        );
    }
}
