//! Degenerate input never panics and never lets a NaN out: duplicate times, all-clutter scans,
//! a sensor with zero noise, a single detection, non-finite measurements, time going back.
#![allow(clippy::unwrap_used)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vigil_earth::math::Vec3;
use vigil_tracking::associate::{Gnn, Jpda};
use vigil_tracking::estimator::Single;
use vigil_tracking::initiate::{OnePoint, TwoPoint};
use vigil_tracking::models::linear::ConstantVelocity;
use vigil_tracking::observation::Point;
use vigil_tracking::tracker::{Config, Tracker};
use vigil_tracking::{Ekf, Ukf};

fn point(t: f64, source: u32, z: Vec3, sigma: f64) -> Point {
    Point {
        t_s: t,
        source,
        z,
        sigma_m: Vec3::repeat(sigma),
    }
}

/// Runs every tracker variant over the observations and checks every live estimate is finite
/// and valid after every scan.
fn survives(obs: &[Point]) {
    let cfg = Config {
        confirm_m: 2,
        confirm_n: 3,
        ..Config::default()
    };
    let cv = ConstantVelocity { q: 1.0 };
    macro_rules! check {
        ($tracker:expr) => {{
            let mut t = $tracker;
            t.run(obs, |tr, _, _| {
                for x in tr.tracks() {
                    assert!(x.estimate.is_valid(), "invalid estimate {:?}", x.estimate);
                }
            });
        }};
    }
    check!(Tracker::new(
        Single::new(Ekf, cv),
        Gnn,
        TwoPoint::new(1_000.0, 30.0, 1.0),
        cfg
    ));
    check!(Tracker::new(
        Single::new(Ukf::default(), cv),
        Jpda::default(),
        OnePoint {
            velocity_sigma_mps: 300.0,
            rest_sigma: 1.0
        },
        cfg
    ));
}

#[test]
fn duplicate_times_and_repeated_points() {
    let mut obs = Vec::new();
    for k in 0..10 {
        let t = (k / 2) as f64; // every time twice
        let z = Vec3::new(100.0 * t, 0.0, 0.0);
        obs.push(point(t, 0, z, 10.0));
        obs.push(point(t, 0, z, 10.0)); // the very same point twice in a scan
        obs.push(point(t, 1, z, 10.0)); // and from another sensor at the same time
    }
    survives(&obs);
}

#[test]
fn all_clutter_scans() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let obs: Vec<Point> = (0..200)
        .map(|k| {
            point(
                (k / 20) as f64 * 10.0,
                0,
                Vec3::new(
                    rng.random::<f64>(),
                    rng.random::<f64>(),
                    rng.random::<f64>(),
                ) * 1e6,
                50.0,
            )
        })
        .collect();
    survives(&obs);
}

#[test]
fn zero_noise_sensor_single_detection_and_nonsense() {
    let line: Vec<Point> = (0..8)
        .map(|k| point(k as f64, 0, Vec3::new(10.0 * k as f64, 5.0, 1.0), 0.0))
        .collect();
    survives(&line);
    survives(&line[..1]);
    survives(&[]);
    let bad = [
        point(0.0, 0, Vec3::new(f64::NAN, 0.0, 0.0), 10.0),
        point(1.0, 0, Vec3::new(1.0, f64::INFINITY, 0.0), 10.0),
        point(2.0, 0, Vec3::new(1.0, 2.0, 3.0), f64::NAN),
        point(f64::NAN, 0, Vec3::new(1.0, 2.0, 3.0), 10.0),
        point(0.5, 0, Vec3::new(1.0, 2.0, 3.0), 10.0), // time going back
        point(3.0, 0, Vec3::new(1e300, 1e300, 1e300), 1e-300),
    ];
    survives(&bad);
}

/// A perfect (zero-noise) sensor is still tracked: its noise is floored at 1 mm.
#[test]
fn zero_noise_sensor_is_tracked() {
    let line: Vec<Point> = (0..8)
        .map(|k| point(k as f64, 0, Vec3::new(10.0 * k as f64, 5.0, 1.0), 0.0))
        .collect();
    let cfg = Config {
        confirm_m: 2,
        confirm_n: 3,
        ..Config::default()
    };
    let mut t = Tracker::new(
        Single::new(Ekf, ConstantVelocity { q: 1e-6 }),
        Gnn,
        TwoPoint::new(1_000.0, 30.0, 1.0),
        cfg,
    );
    let mut confirmed = 0;
    t.run(&line, |_, report, _| confirmed += report.confirmed.len());
    assert_eq!(confirmed, 1);
    let x = &t.tracks()[0].estimate;
    assert!(
        (x.mean[0] - 70.0).abs() < 1e-2 && (x.mean[3] - 10.0).abs() < 1e-2,
        "{}",
        x.mean
    );
}
