//! Early-warning sensors: ground phased-array radars and space-based infrared satellites, what
//! they detect of the truth (with noise, false alarms and resolution limits) and the
//! measurement functions trackers need.
//!
//! Sensors read truth ([`Target`]); everything downstream sees only [`Detection`]s. A detection
//! carries a truth tag for scoring, which trackers must not read.

pub mod detection;
pub mod horizon;
pub mod infrared;
pub mod measurement;
pub mod orbit;
pub mod radar;

pub use infrared::InfraredSatellite;
pub use measurement::{Detection, Measurement, SensorTag, Truth};
pub use radar::Radar;

use vigil_flight::Ephemeris;

/// The random generator every sensor draws from: ChaCha8, seeded per run and sensor so that
/// results do not depend on threads or order (see [`sensor_rng`]).
pub type SensorRng = rand_chacha::ChaCha8Rng;

/// The generator of one sensor in one run: seeded from the scenario seed, with a stream that
/// numbers the (run, sensor) pair — counter-based, so any subset can be recomputed alone.
pub fn sensor_rng(seed: u64, run: u32, sensor: u32) -> SensorRng {
    use rand::SeedableRng;
    let mut rng = SensorRng::seed_from_u64(seed);
    rng.set_stream((u64::from(run) << 32) | u64::from(sensor));
    rng
}

/// What a sensor may know of one true object: its path and signatures.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Index of the launch the object belongs to.
    pub launch: u32,
    /// Index of the object within its launch (0 = reentry vehicle).
    pub object: u32,
    /// The object's path (Earth-fixed).
    pub ephemeris: &'a Ephemeris,
    /// Radar cross-section, m².
    pub rcs_m2: f64,
    /// The object thrusts from the start of its ephemeris until this time, s (None: never).
    pub thrust_end_s: Option<f64>,
    /// Radiant intensity of its plume while thrusting, W/sr.
    pub plume_w_sr: f64,
}

/// A sensor: something that looks at the truth at its own times and reports detections.
pub trait Sensor {
    /// Every detection of `targets` between `t0_s` and `t1_s` (scenario seconds), in time order,
    /// tagged with `tag`, drawing randomness from `rng`.
    fn observe(
        &self,
        tag: SensorTag,
        targets: &[Target<'_>],
        t0_s: f64,
        t1_s: f64,
        rng: &mut SensorRng,
    ) -> Vec<Detection>;

    /// Number of looks between `t0_s` and `t1_s` (face looks for a radar).
    fn looks(&self, t0_s: f64, t1_s: f64) -> usize;
}

/// Times k·revisit + phase that fall in [t0, t1], s. Each look's time is computed the same way
/// whatever the span asked for, and kept by exact comparison with its ends, so consecutive
/// spans [a, b] and [next_up(b), c] together give exactly the looks of [a, c].
pub fn look_times(revisit_s: f64, phase_s: f64, t0_s: f64, t1_s: f64) -> impl Iterator<Item = f64> {
    let valid = revisit_s > 0.0 && revisit_s.is_finite() && t1_s >= t0_s;
    // One index of margin on each side against rounding in the divisions.
    let (first, last) = if valid {
        (
            ((t0_s - phase_s) / revisit_s).floor() as i64,
            ((t1_s - phase_s) / revisit_s).ceil() as i64,
        )
    } else {
        (0, -1)
    };
    (first..=last)
        .map(move |k| phase_s + k as f64 * revisit_s)
        .filter(move |t| *t >= t0_s && *t <= t1_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_times_cover_the_span() {
        let t: Vec<f64> = look_times(10.0, 3.0, 0.0, 35.0).collect();
        assert_eq!(t, vec![3.0, 13.0, 23.0, 33.0]);
        assert_eq!(look_times(0.0, 0.0, 0.0, 10.0).count(), 0);
        assert_eq!(look_times(f64::NAN, 0.0, 0.0, 10.0).count(), 0);
    }

    /// Splitting a span at any point, the second part starting just after the first ends,
    /// gives every look once — also at a look time and at the smallest positive time.
    #[test]
    fn split_spans_give_every_look_once() {
        for (revisit, phase) in [(10.0, 0.0), (0.3, 0.1), (7.0, 3.5), (1e-3, 0.0)] {
            let whole: Vec<f64> = look_times(revisit, phase, 0.0, 100.0).collect();
            for cut in [0.0, 5e-324, 0.1, 0.3, 3.5, 10.0, 30.0, 70.0, 99.9] {
                let mut parts: Vec<f64> = look_times(revisit, phase, 0.0, cut).collect();
                parts.extend(look_times(revisit, phase, f64::next_up(cut), 100.0));
                assert_eq!(parts, whole, "revisit {revisit}, phase {phase}, cut {cut}");
            }
        }
    }

    #[test]
    fn rng_streams_differ_and_repeat() {
        use rand::RngExt;
        let a: u64 = sensor_rng(42, 0, 1).random();
        let b: u64 = sensor_rng(42, 0, 2).random();
        let c: u64 = sensor_rng(42, 0, 1).random();
        assert_ne!(a, b);
        assert_eq!(a, c);
    }
}
