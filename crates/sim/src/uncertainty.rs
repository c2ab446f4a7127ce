//! Uncertain inputs of a Monte Carlo run: launch times, launch and aim points within discs,
//! missile-class parameters within bounds, sensor outages — drawn per run from a stream of the scenario seed that no sensor uses, so
//! a run's inputs can be recomputed alone.

use crate::scenario::Scenario;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vigil_earth::{EarthShape, Geodetic};

/// Whether any input varies between runs.
pub fn varies(s: &Scenario) -> bool {
    s.launches.iter().any(|l| {
        l.time_jitter_s > 0.0
            || l.from_radius_m > 0.0
            || l.to_radius_m > 0.0
            || l.class_spread.any()
    }) || s.sensors.iter().any(|m| m.outage_probability > 0.0)
}

/// The scenario of run `run`: every uncertain input drawn (uniform time in ± jitter, uniform
/// point in each disc, each spread class parameter uniform within its bounds, each sensor out
/// with its outage probability). Launches without class spreads draw nothing for them, so
/// adding the option did not change the draws of existing scenarios.
pub fn realise(s: &Scenario, run: u32) -> Scenario {
    // Seed mixed with a constant so these draws never share a stream with the sensors'.
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed ^ 0x9e37_79b9_7f4a_7c15);
    rng.set_stream(u64::from(run));
    let mut out = s.clone();
    for l in &mut out.launches {
        let (u, a, b, c, d): (f64, f64, f64, f64, f64) = (
            rng.random(),
            rng.random(),
            rng.random(),
            rng.random(),
            rng.random(),
        );
        l.time_s = (l.time_s + l.time_jitter_s * (2.0 * u - 1.0)).max(0.0);
        l.from = in_disc(&l.from, l.from_radius_m, a, b);
        l.to = in_disc(&l.to, l.to_radius_m, c, d);
        let spread = l.class_spread;
        if spread.any() {
            let mut factor = |bound: f64| 1.0 + bound * (2.0 * rng.random::<f64>() - 1.0);
            l.class.rv.beta_kg_m2 *= factor(spread.rv_beta);
            l.class.rv.rcs_m2 *= factor(spread.rv_rcs);
            l.class.plume_w_sr *= factor(spread.plume);
        }
    }
    for m in &mut out.sensors {
        let u: f64 = rng.random();
        m.active = u >= m.outage_probability;
    }
    out
}

/// A point uniformly distributed in the disc of radius `r_m` around `g` (from two uniforms).
fn in_disc(g: &Geodetic, r_m: f64, u: f64, v: f64) -> Geodetic {
    if !(r_m > 0.0) {
        return *g;
    }
    let mut p = EarthShape::Wgs84.destination(g, std::f64::consts::TAU * v, r_m * u.sqrt());
    p.h_m = 0.0;
    p
}
