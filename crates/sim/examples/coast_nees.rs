//! Consistency of the trackers' coasting estimates in the default scenario: for every track
//! update on a reentry vehicle's plot in the integrated architecture (6 runs), the normalised
//! estimation error squared (NEES) of the heavy coast mode against the vehicle's true state,
//! averaged per launch and track age (expected: 6 for the state, 3 for position or velocity),
//! and, for tracks 400–800 s old, the squared normalised velocity and position errors along
//! the vertical, the horizontal direction of flight and across it (expected: 1 each).
//!
//! `cargo run --release -p vigil-sim --example coast_nees`; tracker settings for the integrated
//! architecture in `TRACKER`, e.g. `TRACKER='tracker = { ballistic_q_m2_s3 = 0.01 }'`.

use nalgebra::{Matrix3, SVector, Vector3};
use std::collections::BTreeMap;
use vigil_sensors::Truth;
use vigil_sim::DEFAULT_SCENARIO;
use vigil_sim::scenario::Scenario;

/// Sums of NEES (state, position, velocity) and a count.
#[derive(Default)]
struct Sums {
    state: f64,
    position: f64,
    velocity: f64,
    n: usize,
}

/// eᵀ P⁻¹ e, None for a singular P.
fn nees(e: &Vector3<f64>, p: &Matrix3<f64>) -> Option<f64> {
    p.try_inverse().map(|i| (e.transpose() * i * e)[0])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let extra = std::env::var("TRACKER").unwrap_or_default();
    let text = DEFAULT_SCENARIO.replace(
        "fusion = \"central\"",
        &format!("fusion = \"central\"\n{extra}"),
    );
    let s = Scenario::from_toml(&text).map_err(|p| format!("{p:?}"))?;
    let arch = s
        .architectures
        .iter()
        .position(|a| a.id == "integrated")
        .ok_or("no integrated architecture")?;
    let mut bins: BTreeMap<(u32, i64), Sums> = BTreeMap::new();
    let mut axes: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    for k in 0..6 {
        let r = vigil_sim::run::run(&s, k)?;
        let mut born = BTreeMap::new();
        for row in &r.architectures[arch].tracking.rows {
            let b = *born.entry(row.track_id).or_insert(row.t_s);
            let Truth::Object { launch, object: 0 } = row.truth else {
                continue;
            };
            let Some(x) = r.flown[launch as usize].flight.objects[0]
                .ephemeris
                .state_at(row.t_s)
            else {
                continue;
            };
            if !row.ballistic {
                continue;
            }
            let g = &row.coast[0].estimate;
            let (p, v) = (x.position.vector(), x.velocity.vector());
            let truth = SVector::<f64, 6>::new(p.x, p.y, p.z, v.x, v.y, v.z);
            let e = g.mean - truth;
            let (ep, ev) = (
                e.fixed_rows::<3>(0).into_owned(),
                e.fixed_rows::<3>(3).into_owned(),
            );
            let (pp, pv) = (
                g.cov.fixed_view::<3, 3>(0, 0).into_owned(),
                g.cov.fixed_view::<3, 3>(3, 3).into_owned(),
            );
            let (Some(full), Some(np), Some(nv)) = (
                g.cov.try_inverse().map(|i| (e.transpose() * i * e)[0]),
                nees(&ep, &pp),
                nees(&ev, &pv),
            ) else {
                continue;
            };
            let age = ((row.t_s - b) / 200.0).floor() as i64 * 200;
            let c = bins.entry((launch, age)).or_default();
            c.state += full;
            c.position += np;
            c.velocity += nv;
            c.n += 1;
            if (400..800).contains(&age) {
                let up = p.normalize();
                let along = (v - up * up.dot(&v)).normalize();
                for (name, u) in [("up", up), ("along", along), ("across", up.cross(&along))] {
                    let z = |e: &Vector3<f64>, c: &Matrix3<f64>| {
                        e.dot(&u).powi(2) / (u.transpose() * c * u)[0]
                    };
                    let a = axes.entry(name).or_default();
                    a.0 += z(&ev, &pv);
                    a.1 += z(&ep, &pp);
                    a.2 += 1;
                }
            }
        }
    }
    for (name, (v, p, n)) in &axes {
        let n = *n as f64;
        println!(
            "{name:>6}, tracks 400-800 s old: velocity {:.2}, position {:.2}",
            v / n,
            p / n
        );
    }
    for ((launch, age), c) in bins.iter().filter(|(_, c)| c.n >= 20) {
        let n = c.n as f64;
        println!(
            "launch {launch} age {age:>5} s: {:>5} updates, NEES state {:.2} position {:.2} velocity {:.2}",
            c.n,
            c.state / n,
            c.position / n,
            c.velocity / n
        );
    }
    Ok(())
}
