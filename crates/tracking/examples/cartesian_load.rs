//! Tracker load benchmark (whole program): Cartesian scenarios of N ballistic objects in a
//! local frame (z up, gravity 9.80665 m/s²), 10 s scans, Pd 0.9, 5 false alarms per scan,
//! 50 m noise per axis, 60 scans. Tracker: EKF, constant velocity with known gravity, GNN,
//! two-point initiation, 3-of-5 confirmation. Prints one JSON line per N and layout.
//!
//! Two layouts: `fixed` puts every N in the same 3,000 km × 3,000 km × 1,000 km box (denser
//! with N: more objects per gate); `constant-density` grows the box's side with √(N/1,000) so
//! the density stays that of 1,000 objects — the measure of the algorithm's own scaling.
//!
//! `cargo run --release -p vigil-tracking --example cartesian_load [N ...] [--csv DIR]`
//! (default N = 100 1000 10000); `--csv DIR` also writes each fixed-box input as `meas-N.csv`
//! (the `vigil track --input` format) and `truth-N.csv`, for side-by-side runs of other trackers.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use std::io::Write;
use std::time::Instant;
use vigil_earth::math::Vec3;
use vigil_tracking::Ekf;
use vigil_tracking::associate::Gnn;
use vigil_tracking::estimator::Single;
use vigil_tracking::initiate::TwoPoint;
use vigil_tracking::models::linear::ConstantVelocityGravity;
use vigil_tracking::observation::Point;
use vigil_tracking::tracker::{Config, Status, Tracker};

const G: f64 = 9.806_65;
const SIDE_M: f64 = 3.0e6;
const HEIGHT_M: f64 = 1.0e6;

struct Scenario {
    points: Vec<Point>,
    /// Object index of each point (None: false alarm).
    truth: Vec<Option<usize>>,
    /// Initial position and velocity of each object.
    objects: Vec<(Vec3, Vec3)>,
}

fn generate(n: usize, side_m: f64, seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let objects: Vec<(Vec3, Vec3)> = (0..n)
        .map(|_| {
            let r = Vec3::new(
                rng.random::<f64>() * side_m,
                rng.random::<f64>() * side_m,
                2.0e5 + rng.random::<f64>() * HEIGHT_M,
            );
            let heading = rng.random::<f64>() * std::f64::consts::TAU;
            let speed = 3_000.0 + 3_000.0 * rng.random::<f64>();
            let v = Vec3::new(
                speed * heading.cos(),
                speed * heading.sin(),
                2_000.0 * (rng.random::<f64>() - 0.5),
            );
            (r, v)
        })
        .collect();
    let mut points = Vec::new();
    let mut truth = Vec::new();
    for k in 0..60 {
        let t = 10.0 * k as f64;
        let mut scan: Vec<(Vec3, Option<usize>)> = Vec::new();
        for (i, (r, v)) in objects.iter().enumerate() {
            if rng.random::<f64>() < 0.9 {
                let p = position(r, v, t);
                let noise = Vec3::new(
                    rng.sample(StandardNormal),
                    rng.sample(StandardNormal),
                    rng.sample(StandardNormal),
                ) * 50.0;
                scan.push((p + noise, Some(i)));
            }
        }
        for _ in 0..5 {
            let p = Vec3::new(
                rng.random::<f64>() * side_m,
                rng.random::<f64>() * side_m,
                2.0e5 + rng.random::<f64>() * HEIGHT_M,
            );
            scan.push((p, None));
        }
        for (z, tag) in scan {
            points.push(Point {
                t_s: t,
                source: 0,
                z,
                sigma_m: Vec3::repeat(50.0),
            });
            truth.push(tag);
        }
    }
    Scenario {
        points,
        truth,
        objects,
    }
}

fn position(r: &Vec3, v: &Vec3, t: f64) -> Vec3 {
    r + v * t + Vec3::new(0.0, 0.0, -0.5 * G * t * t)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let csv_dir = args
        .iter()
        .position(|a| a == "--csv")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let mut sizes: Vec<usize> = args
        .iter()
        .take_while(|a| *a != "--csv")
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![100, 1_000, 10_000];
    }
    for (n, layout) in sizes
        .iter()
        .flat_map(|n| [(*n, "fixed"), (*n, "constant-density")])
    {
        let side_m = if layout == "fixed" {
            SIDE_M
        } else {
            SIDE_M * (n as f64 / 1_000.0).sqrt()
        };
        let s = generate(n, side_m, 7);
        if let (Some(dir), "fixed") = (&csv_dir, layout) {
            std::fs::create_dir_all(dir)?;
            let mut w =
                std::io::BufWriter::new(std::fs::File::create(format!("{dir}/meas-{n}.csv"))?);
            writeln!(
                w,
                "# noise_std_m=50\n# gravity_mps2={G}\n# clutter_volume_m3={}\ntime_s,sensor_id,x_m,y_m,z_m",
                SIDE_M * SIDE_M * HEIGHT_M
            )?;
            for p in &s.points {
                writeln!(w, "{},s0,{},{},{}", p.t_s, p.z.x, p.z.y, p.z.z)?;
            }
            let mut w =
                std::io::BufWriter::new(std::fs::File::create(format!("{dir}/truth-{n}.csv"))?);
            writeln!(w, "object,x0_m,y0_m,z0_m,vx_mps,vy_mps,vz_mps")?;
            for (i, (r, v)) in s.objects.iter().enumerate() {
                writeln!(w, "{i},{},{},{},{},{},{}", r.x, r.y, r.z, v.x, v.y, v.z)?;
            }
        }
        let config = Config {
            clutter_density: 5.0 / (side_m * side_m * HEIGHT_M),
            max_coast_s: 30.0,
            ..Config::default()
        };
        let motion = ConstantVelocityGravity {
            q: 1.0,
            gravity: Vec3::new(0.0, 0.0, -G),
        };
        let mut tracker = Tracker::new(
            Single::new(Ekf, motion),
            Gnn,
            TwoPoint::new(8_000.0, 30.0, 1.0).with_acceleration(Vec3::new(0.0, 0.0, -G)),
            config,
        );
        let mut sq = 0.0;
        let mut count = 0usize;
        let mut confirmed = std::collections::BTreeSet::new();
        let mut offset = 0;
        let start = Instant::now();
        tracker.run(&s.points, |t, report, scan| {
            for (id, j) in &report.updates {
                if let (Some(track), Some(obj)) = (t.track(*id), s.truth[offset + j]) {
                    if track.status == Status::Confirmed {
                        confirmed.insert(*id);
                        let m = track.estimate.mean;
                        let (r, v) = s.objects[obj];
                        sq += (Vec3::new(m[0], m[1], m[2]) - position(&r, &v, report.t_s))
                            .norm_squared();
                        count += 1;
                    }
                }
            }
            offset += scan.len();
        });
        let seconds = start.elapsed().as_secs_f64();
        let meas = s.points.len();
        println!(
            "{}",
            serde_json::json!({
                "objects": n, "layout": layout, "measurements": meas, "seconds": seconds,
                "measurements_per_s": meas as f64 / seconds, "ns_per_measurement": seconds * 1e9 / meas as f64,
                "confirmed_tracks": confirmed.len(), "position_rmse_m": (sq / count.max(1) as f64).sqrt(),
                "measurement_noise_rms_3d_m": 50.0 * 3f64.sqrt(),
            })
        );
    }
    Ok(())
}
