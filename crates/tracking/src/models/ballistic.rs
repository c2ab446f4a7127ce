//! Ballistic motion in the rotating Earth-fixed frame for an ECEF state [r, v] (m, m/s): the
//! same force model as `vigil-flight` (point mass + J2, Coriolis, centrifugal; drag optional
//! with a fixed β), integrated by RK4 substeps, with the transition matrix from the linearised
//! dynamics A = ∂f/∂x (point-mass gravity gradient, rotation terms) by a 4th-order series per
//! substep, and white-noise acceleration process noise.

use super::MotionModel;
use super::linear::cv_noise;
use nalgebra::{SMatrix, SVector};
use vigil_earth::constants::MU;
use vigil_earth::math::{Mat3, Mat6, Vec3, Vec6};
use vigil_flight::ForceModel;

/// Ballistic flight with white-noise acceleration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ballistic {
    /// Forces (drag only if `drag_per_mass` > 0).
    pub force: ForceModel,
    /// 1/β, m²/kg (0: vacuum).
    pub drag_per_mass: f64,
    /// Acceleration noise spectral density, m²/s³.
    pub q: f64,
    /// Longest RK4 substep, s.
    pub max_substep_s: f64,
}

impl Ballistic {
    /// Vacuum ballistic motion on the default Earth (J2, rotation) with noise density `q`.
    pub fn vacuum(q: f64) -> Self {
        Self {
            force: ForceModel::default(),
            drag_per_mass: 0.0,
            q,
            max_substep_s: 5.0,
        }
    }

    fn derivative(&self, x: &Vec6) -> Vec6 {
        let r = Vec3::new(x[0], x[1], x[2]);
        let v = Vec3::new(x[3], x[4], x[5]);
        let a = self.force.acceleration(&r, &v, self.drag_per_mass);
        Vec6::new(v.x, v.y, v.z, a.x, a.y, a.z)
    }

    /// A = ∂f/∂x at x: [[0, I], [G, C]] with the point-mass gravity gradient and centrifugal
    /// term in G and Coriolis in C (J2 and drag are left out of the Jacobian: ~1e-3 of G).
    fn jacobian(&self, x: &Vec6) -> Mat6 {
        let r = Vec3::new(x[0], x[1], x[2]);
        let rn = r.norm().max(1.0);
        let u = r / rn;
        let mut g = (u * u.transpose() * 3.0 - Mat3::identity()) * (MU / (rn * rn * rn));
        let w = self.force.omega();
        let wx = w.cross_matrix();
        g -= wx * wx;
        let c = wx * -2.0;
        let mut a = Mat6::zeros();
        a.fixed_view_mut::<3, 3>(0, 3).copy_from(&Mat3::identity());
        a.fixed_view_mut::<3, 3>(3, 0).copy_from(&g);
        a.fixed_view_mut::<3, 3>(3, 3).copy_from(&c);
        a
    }
}

/// Powered flight: the ballistic forces plus a thrust acceleration of nominal magnitude along
/// the Earth-relative velocity (a gravity-turn booster), with larger white-noise acceleration
/// for the unknown thrust profile. The boost mode of an IMM.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boost {
    /// The ballistic part (its `q` is the boost-phase noise density, m²/s³).
    pub ballistic: Ballistic,
    /// Nominal thrust acceleration along the velocity, m/s².
    pub thrust_mps2: f64,
}

impl Boost {
    fn derivative(&self, x: &Vec6) -> Vec6 {
        let mut d = self.ballistic.derivative(x);
        let v = Vec3::new(x[3], x[4], x[5]);
        if let Some(u) = v.try_normalize(1e-6) {
            for i in 0..3 {
                d[3 + i] += self.thrust_mps2 * u[i];
            }
        }
        d
    }

    fn jacobian(&self, x: &Vec6) -> Mat6 {
        let mut a = self.ballistic.jacobian(x);
        let v = Vec3::new(x[3], x[4], x[5]);
        let speed = v.norm();
        if speed > 1e-6 {
            let u = v / speed;
            let dv = (Mat3::identity() - u * u.transpose()) * (self.thrust_mps2 / speed);
            let block = a.fixed_view::<3, 3>(3, 3) + dv;
            a.fixed_view_mut::<3, 3>(3, 3).copy_from(&block);
        }
        a
    }
}

/// RK4 substeps of `f` with the transition matrix from the series of its Jacobian `jac`.
fn propagate(
    x: &Vec6,
    dt: f64,
    max_substep_s: f64,
    f: impl Fn(&Vec6) -> Vec6,
    jac: impl Fn(&Vec6) -> Mat6,
) -> (Vec6, Mat6) {
    let n = ((dt.abs() / max_substep_s).ceil() as usize).clamp(1, 10_000);
    let h = dt / n as f64;
    let mut y = *x;
    let mut phi = Mat6::identity();
    for _ in 0..n {
        let a = jac(&y) * h;
        let a2 = a * a;
        phi =
            (Mat6::identity() + a + a2 * 0.5 + a2 * a * (1.0 / 6.0) + a2 * a2 * (1.0 / 24.0)) * phi;
        let k1 = f(&y);
        let k2 = f(&(y + k1 * (0.5 * h)));
        let k3 = f(&(y + k2 * (0.5 * h)));
        let k4 = f(&(y + k3 * h));
        y += (k1 + k2 * 2.0 + k3 * 2.0 + k4) * (h / 6.0);
    }
    (y, phi)
}

impl MotionModel<6> for Boost {
    fn transition(
        &self,
        x: &SVector<f64, 6>,
        _t: f64,
        dt: f64,
    ) -> (SVector<f64, 6>, SMatrix<f64, 6, 6>) {
        propagate(
            x,
            dt,
            self.ballistic.max_substep_s,
            |y| self.derivative(y),
            |y| self.jacobian(y),
        )
    }

    fn process_noise(&self, _x: &SVector<f64, 6>, _t: f64, dt: f64) -> SMatrix<f64, 6, 6> {
        cv_noise(self.ballistic.q, dt.abs())
    }
}

impl MotionModel<6> for Ballistic {
    fn transition(
        &self,
        x: &SVector<f64, 6>,
        _t: f64,
        dt: f64,
    ) -> (SVector<f64, 6>, SMatrix<f64, 6, 6>) {
        propagate(
            x,
            dt,
            self.max_substep_s,
            |y| self.derivative(y),
            |y| self.jacobian(y),
        )
    }

    fn process_noise(&self, _x: &SVector<f64, 6>, _t: f64, dt: f64) -> SMatrix<f64, 6, 6> {
        cv_noise(self.q, dt.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_earth::{Ecef, Position, Velocity};
    use vigil_flight::{Accuracy, free_flight};

    /// The mean follows `vigil-flight`'s DOP853 flight (J2, rotation) to 1 m over 60 s, and
    /// the transition matrix matches central differences of the flow to 1e-4 relative.
    #[test]
    fn mean_and_transition_match_the_flight_model() {
        let m = Ballistic::vacuum(1.0);
        let x = Vec6::new(4.5e6, 1.1e6, 5.0e6, -2000.0, 3000.0, 1500.0);
        let (y, phi) = m.transition(&x, 0.0, 60.0);
        let body = vigil_flight::Ballistic::new(ForceModel::default(), None);
        let r = Position::<Ecef>::new(x[0], x[1], x[2]);
        let v = Velocity::<Ecef>::new(x[3], x[4], x[5]);
        let flight = free_flight(&body, 0.0, &r, &v, &Accuracy::DEFAULT, 1e4).unwrap();
        let s = flight.ephemeris.state_at(60.0).unwrap();
        assert!((Vec3::new(y[0], y[1], y[2]) - s.position.vector()).norm() < 1.0);
        for k in 0..6 {
            let step = if k < 3 { 10.0 } else { 0.01 };
            let mut xp = x;
            let mut xm = x;
            xp[k] += step;
            xm[k] -= step;
            let fd =
                (m.transition(&xp, 0.0, 60.0).0 - m.transition(&xm, 0.0, 60.0).0) / (2.0 * step);
            let col = phi.column(k);
            assert!(
                (fd - col).norm() < 1e-3 * col.norm(),
                "column {k}: {fd} vs {col}"
            );
        }
    }
}
