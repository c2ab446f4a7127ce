//! Ballistic motion in the rotating Earth-fixed frame for an ECEF state [r, v] (m, m/s): the
//! same force model as `vigil-flight` (point mass + J2, Coriolis, centrifugal; drag optional
//! with a fixed β), integrated by RK4 substeps, with the transition matrix from the linearised
//! dynamics A = ∂f/∂x (point-mass gravity gradient, rotation terms, drag) by a 4th-order series
//! per substep, and white-noise acceleration process noise (raised, in the air, by the drag the
//! mode's fixed β cannot know exactly).

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
    /// Relative standard deviation of the drag acceleration about the mode's (a β bank's
    /// bin width): added to the process noise in the air, 0 for none.
    pub drag_spread: f64,
}

/// Longest RK4 substep where drag acts (below [`DRAG_CEILING_M`]), s: density grows e-fold
/// every ~7 km, which a reentering object crosses in a few seconds.
const DRAG_SUBSTEP_S: f64 = 1.0;

/// Height above which the air is ignored for the substep and the process noise, m (density
/// there is below 1e-8 kg/m³: drag under 1e-4 m/s² for β ≥ 100 kg/m² at 7 km/s).
const DRAG_CEILING_M: f64 = 150_000.0;

impl Ballistic {
    /// Vacuum ballistic motion on the default Earth (J2, rotation) with noise density `q`.
    pub fn vacuum(q: f64) -> Self {
        Self {
            force: ForceModel::default(),
            drag_per_mass: 0.0,
            q,
            max_substep_s: 5.0,
            drag_spread: 0.0,
        }
    }

    /// Ballistic motion through the air of `atmosphere` for ballistic coefficient
    /// `beta_kg_m2`, whose drag is known to within a relative standard deviation `spread`.
    pub fn with_drag(
        q: f64,
        atmosphere: vigil_earth::atmosphere::AtmosphereModel,
        beta_kg_m2: f64,
        spread: f64,
    ) -> Self {
        let vacuum = Self::vacuum(q);
        Self {
            force: ForceModel {
                atmosphere,
                ..vacuum.force
            },
            drag_per_mass: if beta_kg_m2 > 0.0 {
                1.0 / beta_kg_m2
            } else {
                0.0
            },
            drag_spread: spread.max(0.0),
            ..vacuum
        }
    }

    /// Whether drag acts at `x` (a drag mode below [`DRAG_CEILING_M`]).
    fn in_air(&self, x: &Vec6) -> bool {
        self.drag_per_mass > 0.0
            && self.force.shape.height_m(&Vec3::new(x[0], x[1], x[2])) < DRAG_CEILING_M
    }

    /// Magnitude of the drag deceleration at `x`, m/s².
    fn drag_mps2(&self, x: &Vec6) -> f64 {
        let r = Vec3::new(x[0], x[1], x[2]);
        let speed2 = x[3] * x[3] + x[4] * x[4] + x[5] * x[5];
        0.5 * self.force.density(&r) * speed2 * self.drag_per_mass
    }

    /// Longest substep at `x`, s.
    fn substep_s(&self, x: &Vec6) -> f64 {
        if self.in_air(x) {
            self.max_substep_s.min(DRAG_SUBSTEP_S)
        } else {
            self.max_substep_s
        }
    }

    fn derivative(&self, x: &Vec6) -> Vec6 {
        let r = Vec3::new(x[0], x[1], x[2]);
        let v = Vec3::new(x[3], x[4], x[5]);
        let a = self.force.acceleration(&r, &v, self.drag_per_mass);
        Vec6::new(v.x, v.y, v.z, a.x, a.y, a.z)
    }

    /// A = ∂f/∂x at x: [[0, I], [G, C]] with the point-mass gravity gradient, centrifugal
    /// term and drag's height gradient in G, Coriolis and drag's velocity gradient in C (J2
    /// is left out: ~1e-3 of G). Drag a = −k ρ(h) |v| v, k = 1/(2β): ∂a/∂v = −k ρ (|v| I +
    /// v vᵀ/|v|), ∂a/∂r = −k |v| v (dρ/dh) ûᵀ (û the geodetic up: the gradient of the height).
    fn jacobian(&self, x: &Vec6) -> Mat6 {
        let r = Vec3::new(x[0], x[1], x[2]);
        let rn = r.norm().max(1.0);
        let u = r / rn;
        let mut g = (u * u.transpose() * 3.0 - Mat3::identity()) * (MU / (rn * rn * rn));
        let w = self.force.omega();
        let wx = w.cross_matrix();
        g -= wx * wx;
        let mut c = wx * -2.0;
        if self.in_air(x) {
            let v = Vec3::new(x[3], x[4], x[5]);
            let speed = v.norm();
            let k = 0.5 * self.drag_per_mass;
            let (h, up) = self.force.shape.height_and_up(&r);
            let rho = self.force.atmosphere.density(h);
            if speed > 1e-6 && rho > 0.0 {
                // dρ/dh by a central difference (the density models are smooth in h).
                let step = 10.0;
                let drho = (self.force.atmosphere.density(h + step)
                    - self.force.atmosphere.density(h - step))
                    / (2.0 * step);
                c -= (Mat3::identity() * speed + v * v.transpose() / speed) * (k * rho);
                g -= v * up.transpose() * (k * speed * drho);
            }
        }
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

/// RK4 substeps of `f` with the transition matrix from the series of its Jacobian `jac` (taken
/// at each substep's midpoint).
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
        let k1 = f(&y);
        let mid = y + k1 * (0.5 * h);
        // The Jacobian at the substep's midpoint: second order in h where A varies fast (drag).
        let a = jac(&mid) * h;
        let a2 = a * a;
        phi =
            (Mat6::identity() + a + a2 * 0.5 + a2 * a * (1.0 / 6.0) + a2 * a2 * (1.0 / 24.0)) * phi;
        let k2 = f(&mid);
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
            self.ballistic.substep_s(x),
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
            self.substep_s(x),
            |y| self.derivative(y),
            |y| self.jacobian(y),
        )
    }

    /// White-noise acceleration of density q, plus, in the air, the drag the mode's β does not
    /// know: an acceleration error of σ = `drag_spread`·|a_drag| held over the step adds σ² dt
    /// to the density (|a_drag| the larger at the step's start and at its straight-line end).
    fn process_noise(&self, x: &SVector<f64, 6>, _t: f64, dt: f64) -> SMatrix<f64, 6, 6> {
        let mut q = self.q;
        if self.drag_spread > 0.0 && self.in_air(x) {
            let mut end = *x;
            for i in 0..3 {
                end[i] += x[3 + i] * dt;
            }
            let sigma = self.drag_spread * self.drag_mps2(x).max(self.drag_mps2(&end));
            q += sigma * sigma * dt.abs();
        }
        cv_noise(q, dt.abs())
    }
}

/// One mode of a ballistic-missile IMM: powered flight, or coasting (in vacuum or through the
/// air with one ballistic coefficient of a bank).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Flight {
    /// Powered flight.
    Boost(Boost),
    /// Unpowered flight.
    Coast(Ballistic),
}

impl MotionModel<6> for Flight {
    fn transition(
        &self,
        x: &SVector<f64, 6>,
        t: f64,
        dt: f64,
    ) -> (SVector<f64, 6>, SMatrix<f64, 6, 6>) {
        match self {
            Flight::Boost(m) => m.transition(x, t, dt),
            Flight::Coast(m) => m.transition(x, t, dt),
        }
    }

    fn process_noise(&self, x: &SVector<f64, 6>, t: f64, dt: f64) -> SMatrix<f64, 6, 6> {
        match self {
            Flight::Boost(m) => m.process_noise(x, t, dt),
            Flight::Coast(m) => m.process_noise(x, t, dt),
        }
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

    /// Through the air: the mean follows `vigil-flight`'s DOP853 flight with the same β and
    /// atmosphere (USSA 1976) to 5 m over 20 s of a light stage at 60 km descending at 3 km/s
    /// (drag ≈ 10 m/s²), and the transition matrix, drag terms included, matches central
    /// differences of the flow to 1e-3 relative per column.
    #[test]
    fn drag_mean_and_transition_match_the_flight_model() {
        use vigil_earth::atmosphere::AtmosphereModel;
        let m = Ballistic::with_drag(1.0, AtmosphereModel::Ussa1976, 200.0, 0.3);
        let start = vigil_earth::Geodetic::from_degrees(50.0, 40.0, 60_000.0).unwrap();
        let [e, _, up] = start.enu_axes();
        let r0 = start.to_ecef().vector();
        let v0 = e * 2_600.0 - up * 1_500.0;
        let x = Vec6::new(r0.x, r0.y, r0.z, v0.x, v0.y, v0.z);
        assert!(m.drag_mps2(&x) > 5.0, "drag {}", m.drag_mps2(&x));
        let (y, phi) = m.transition(&x, 0.0, 20.0);
        let body = vigil_flight::Ballistic::new(m.force, Some(200.0));
        let r = Position::<Ecef>::new(x[0], x[1], x[2]);
        let v = Velocity::<Ecef>::new(x[3], x[4], x[5]);
        let flight = free_flight(&body, 0.0, &r, &v, &Accuracy::DEFAULT, 1e4).unwrap();
        let s = flight.ephemeris.state_at(20.0).unwrap();
        let miss = (Vec3::new(y[0], y[1], y[2]) - s.position.vector()).norm();
        assert!(miss < 5.0, "{miss} m");
        for k in 0..6 {
            let step = if k < 3 { 10.0 } else { 0.1 };
            let mut xp = x;
            let mut xm = x;
            xp[k] += step;
            xm[k] -= step;
            let fd =
                (m.transition(&xp, 0.0, 20.0).0 - m.transition(&xm, 0.0, 20.0).0) / (2.0 * step);
            let col = phi.column(k);
            assert!(
                (fd - col).norm() < 1e-3 * col.norm(),
                "column {k}: {fd} vs {col}"
            );
        }
        // The vacuum model's transition differs from the flow here by far more: drag matters.
        let vacuum = Ballistic::vacuum(1.0).transition(&x, 0.0, 20.0).0;
        assert!((Vec3::new(vacuum[0], vacuum[1], vacuum[2]) - s.position.vector()).norm() > 500.0);
        // Process noise grows with the drag the bank's bin cannot know.
        let q_air = m.process_noise(&x, 0.0, 10.0)[(3, 3)];
        let q_vac = Ballistic::vacuum(1.0).process_noise(&x, 0.0, 10.0)[(3, 3)];
        assert!(q_air > 10.0 * q_vac, "{q_air} vs {q_vac}");
    }
}
