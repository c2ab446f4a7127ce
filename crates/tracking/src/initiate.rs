//! Track initiation from observations no track claimed: one-point (position from the
//! converted measurement, velocity from a prior) or two-point (velocity from two points of
//! successive scans). States are laid out [position(3), velocity(3), rest].

use crate::gaussian::Gaussian;
use nalgebra::{SMatrix, SVector};
use vigil_earth::math::{Mat3, Vec3};
use vigil_flight::ForceModel;

/// An unclaimed point: time, source, Cartesian position and its covariance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seed {
    /// Time, s.
    pub t_s: f64,
    /// Sensor.
    pub source: u32,
    /// Position, m.
    pub z: Vec3,
    /// Its covariance, m².
    pub cov: Mat3,
}

/// A new tentative track: when, from which sensor, and its first estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Birth<const N: usize> {
    /// Time of the estimate, s.
    pub t_s: f64,
    /// The sensor whose scans confirm or drop it.
    pub source: u32,
    /// The first estimate.
    pub estimate: Gaussian<N>,
    /// The estimate at the earliest point it rests on, with that point's time (s), when it is
    /// earlier than `t_s` (two-point: the first point); `None` otherwise.
    pub first: Option<(f64, Gaussian<N>)>,
}

/// Starts tentative tracks from seeds.
pub trait Initiator<const N: usize> {
    /// New tracks from this scan's unclaimed seeds (the initiator may remember seeds).
    fn initiate(&mut self, seeds: &[Seed]) -> Vec<Birth<N>>;
}

/// Builds an estimate with position block `pp`, velocity block `vv` and cross block `pv`;
/// components beyond six get variance `rest_var`.
fn estimate<const N: usize>(
    r: Vec3,
    v: Vec3,
    pp: Mat3,
    vv: Mat3,
    pv: Mat3,
    rest_var: f64,
) -> Gaussian<N> {
    let mut mean = SVector::<f64, N>::zeros();
    let mut cov = SMatrix::<f64, N, N>::identity() * rest_var;
    for i in 0..3.min(N) {
        mean[i] = r[i];
    }
    if N >= 6 {
        for i in 0..3 {
            mean[i + 3] = v[i];
        }
        cov.fixed_view_mut::<3, 3>(0, 0).copy_from(&pp);
        cov.fixed_view_mut::<3, 3>(3, 3).copy_from(&vv);
        cov.fixed_view_mut::<3, 3>(0, 3).copy_from(&pv);
        cov.fixed_view_mut::<3, 3>(3, 0).copy_from(&pv.transpose());
    }
    Gaussian::new(mean, cov)
}

/// One-point initiation: position and its covariance from the measurement, zero velocity
/// with a wide prior (and a prior on further components, e.g. acceleration).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnePoint {
    /// Velocity prior standard deviation, m/s (per axis).
    pub velocity_sigma_mps: f64,
    /// Prior standard deviation of components beyond velocity (e.g. m/s²).
    pub rest_sigma: f64,
}

impl<const N: usize> Initiator<N> for OnePoint {
    fn initiate(&mut self, seeds: &[Seed]) -> Vec<Birth<N>> {
        let vv = Mat3::identity() * self.velocity_sigma_mps.powi(2);
        seeds
            .iter()
            .map(|s| Birth {
                t_s: s.t_s,
                source: s.source,
                estimate: estimate(
                    s.z,
                    Vec3::zeros(),
                    s.cov,
                    vv,
                    Mat3::zeros(),
                    self.rest_sigma.powi(2),
                ),
                first: None,
            })
            .collect()
    }
}

/// Two-point initiation: a seed pairs with a remembered seed of the same sensor from an
/// earlier scan when the implied speed is plausible; velocity = Δr/Δt with covariance
/// (R₁ + R₂)/Δt², position at the later point (Bar-Shalom, Willett & Tian 2011, §3.2); the
/// same two points give the state at the first point ([`Birth::first`]). Unpaired seeds are
/// remembered for `max_age_s`.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoPoint {
    /// Largest plausible speed, m/s.
    pub max_speed_mps: f64,
    /// How long an unpaired seed is remembered, s.
    pub max_age_s: f64,
    /// Prior standard deviation of components beyond velocity.
    pub rest_sigma: f64,
    /// Known acceleration: the velocity at the later point is Δr/Δt + a·Δt/2 rather than the
    /// interval's mean velocity.
    pub acceleration: KnownAcceleration,
    memory: Vec<Seed>,
}

impl TwoPoint {
    /// A two-point initiator.
    pub fn new(max_speed_mps: f64, max_age_s: f64, rest_sigma: f64) -> Self {
        Self {
            max_speed_mps,
            max_age_s,
            rest_sigma,
            acceleration: KnownAcceleration::Constant(Vec3::zeros()),
            memory: Vec::new(),
        }
    }

    /// The same with a known acceleration, m/s².
    pub fn with_acceleration(self, acceleration: Vec3) -> Self {
        Self {
            acceleration: KnownAcceleration::Constant(acceleration),
            ..self
        }
    }

    /// The same for objects in free flight under `force` (vacuum): the acceleration of each
    /// pair is the force model's at its mean position and velocity (gravity, J2 and, in a
    /// rotating frame, Coriolis and centrifugal — 40 m/s over a 10 s pair, which a straight
    /// line would miss).
    pub fn with_force(self, force: ForceModel) -> Self {
        Self {
            acceleration: KnownAcceleration::Ballistic(force),
            ..self
        }
    }
}

/// The acceleration two-point initiation knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KnownAcceleration {
    /// The same everywhere, m/s² (e.g. gravity in a local frame).
    Constant(Vec3),
    /// Free flight under a force model, in its frame (vacuum).
    Ballistic(ForceModel),
}

impl KnownAcceleration {
    /// The acceleration at position `r` (m) and velocity `v` (m/s), m/s².
    fn at(&self, r: &Vec3, v: &Vec3) -> Vec3 {
        match self {
            KnownAcceleration::Constant(a) => *a,
            KnownAcceleration::Ballistic(force) => force.acceleration(r, v, 0.0),
        }
    }
}

impl<const N: usize> Initiator<N> for TwoPoint {
    fn initiate(&mut self, seeds: &[Seed]) -> Vec<Birth<N>> {
        let Some(now) = seeds.iter().map(|s| s.t_s).reduce(f64::max) else {
            return Vec::new();
        };
        self.memory.retain(|m| now - m.t_s <= self.max_age_s);
        let mut used = vec![false; self.memory.len()];
        let mut births = Vec::new();
        let mut keep = Vec::new();
        for s in seeds {
            // The nearest remembered seed of the same sensor within the speed bound.
            let best = self
                .memory
                .iter()
                .enumerate()
                .filter(|(k, m)| !used[*k] && m.source == s.source && s.t_s > m.t_s)
                .map(|(k, m)| (k, (s.z - m.z).norm() / (s.t_s - m.t_s)))
                .filter(|(_, speed)| *speed <= self.max_speed_mps)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((k, _)) => {
                    used[k] = true;
                    let m = self.memory[k];
                    let dt = s.t_s - m.t_s;
                    let mean_v = (s.z - m.z) / dt;
                    let a = self.acceleration.at(&((s.z + m.z) * 0.5), &mean_v);
                    let v = mean_v + a * (0.5 * dt);
                    let vv = (s.cov + m.cov) / (dt * dt);
                    let pv = s.cov / dt;
                    let rest = self.rest_sigma.powi(2);
                    // At the first point: velocity Δr/Δt − a·Δt/2, cov(r₁, v) = −R₁/Δt.
                    let v1 = v - a * dt;
                    births.push(Birth {
                        t_s: s.t_s,
                        source: s.source,
                        estimate: estimate(s.z, v, s.cov, vv, pv, rest),
                        first: Some((m.t_s, estimate(m.z, v1, m.cov, vv, -m.cov / dt, rest))),
                    });
                }
                None => keep.push(*s),
            }
        }
        let mut k = 0;
        self.memory.retain(|_| {
            let u = used[k];
            k += 1;
            !u
        });
        self.memory.extend(keep);
        births
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(t: f64, x: f64) -> Seed {
        Seed {
            t_s: t,
            source: 0,
            z: Vec3::new(x, 0.0, 0.0),
            cov: Mat3::identity() * 100.0,
        }
    }

    #[test]
    fn two_point_pairs_plausible_seeds() {
        let mut init = TwoPoint::new(8_000.0, 30.0, 10.0);
        let first: Vec<Birth<6>> = init.initiate(&[seed(0.0, 0.0)]);
        assert!(first.is_empty());
        let second: Vec<Birth<6>> = init.initiate(&[seed(10.0, 50_000.0), seed(10.0, 500_000.0)]);
        assert_eq!(second.len(), 1);
        let g = second[0].estimate;
        assert!((g.mean[3] - 5_000.0).abs() < 1e-9);
        assert!((g.cov[(3, 3)] - 2.0).abs() < 1e-12 && g.is_valid());
    }

    /// The state at the first point of a pair is the later point's state flown back by the
    /// known acceleration: position z₁, velocity Δr/Δt − a·Δt/2, position covariance R₁.
    #[test]
    fn two_point_gives_the_state_at_the_first_point() {
        let a = Vec3::new(0.0, 0.0, -10.0);
        let mut init = TwoPoint::new(8_000.0, 30.0, 10.0).with_acceleration(a);
        let none: Vec<Birth<6>> = init.initiate(&[seed(0.0, 0.0)]);
        assert!(none.is_empty());
        let b: Vec<Birth<6>> = init.initiate(&[seed(10.0, 50_000.0)]);
        let (t1, g1) = b[0].first.expect("the first point");
        let g2 = b[0].estimate;
        assert_eq!(t1, 0.0);
        assert_eq!(g1.mean[0], 0.0);
        assert!((g1.mean[3] - 5_000.0).abs() < 1e-9);
        assert!((g1.mean[5] - 50.0).abs() < 1e-9 && (g2.mean[5] + 50.0).abs() < 1e-9);
        assert_eq!(g1.cov[(0, 0)], 100.0);
        assert_eq!(g1.cov[(0, 3)], -10.0);
        assert_eq!(g1.cov[(3, 3)], g2.cov[(3, 3)]);
        assert!(g1.is_valid());
        let one: Vec<Birth<6>> = OnePoint {
            velocity_sigma_mps: 1.0,
            rest_sigma: 1.0,
        }
        .initiate(&[seed(0.0, 0.0)]);
        assert_eq!(one[0].first, None);
    }

    /// A pair 10 s apart on a free flight 500 km up: with the force model the velocity at the
    /// later point is the flight's within 0.5 m/s (the acceleration varies over the pair);
    /// the straight line misses it by gravity's 9 m/s² × 5 s (≈ 40 m/s).
    #[test]
    fn two_point_with_the_force_model_follows_gravity() {
        use crate::models::MotionModel;
        use crate::models::ballistic::Ballistic;
        let flight = Ballistic::vacuum(0.0);
        let x1 = SVector::<f64, 6>::new(6_878e3, 0.0, 0.0, 0.0, 5_000.0, 3_000.0);
        let (x2, _) = flight.transition(&x1, 0.0, 10.0);
        let at = |t, x: &SVector<f64, 6>| Seed {
            t_s: t,
            source: 0,
            z: Vec3::new(x[0], x[1], x[2]),
            cov: Mat3::identity(),
        };
        let true_v = Vec3::new(x2[3], x2[4], x2[5]);
        let velocity_error = |mut init: TwoPoint| {
            let _: Vec<Birth<6>> = init.initiate(&[at(0.0, &x1)]);
            let b: Vec<Birth<6>> = init.initiate(&[at(10.0, &x2)]);
            let m = b[0].estimate.mean;
            (Vec3::new(m[3], m[4], m[5]) - true_v).norm()
        };
        let plain = TwoPoint::new(8_000.0, 30.0, 1.0);
        let known = plain.clone().with_force(flight.force);
        let (with, without) = (velocity_error(known), velocity_error(plain));
        assert!(with < 0.5 && without > 30.0, "{with} {without}");
    }

    #[test]
    fn one_point_has_wide_velocity() {
        let mut init = OnePoint {
            velocity_sigma_mps: 3_000.0,
            rest_sigma: 10.0,
        };
        let b: Vec<Birth<9>> = init.initiate(&[seed(1.0, 7.0)]);
        assert_eq!(b[0].estimate.mean[0], 7.0);
        assert_eq!(b[0].estimate.cov[(4, 4)], 9.0e6);
        assert_eq!(b[0].estimate.cov[(8, 8)], 100.0);
        assert!(b[0].estimate.is_valid());
    }
}
