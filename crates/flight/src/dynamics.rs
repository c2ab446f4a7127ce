//! Equations of motion in the rotating Earth-fixed frame.
//!
//! a = g(r) − 2 ω×v − ω×(ω×r) + a_drag + a_thrust, with r and v Earth-fixed (v relative to
//! the rotating Earth, which is also the velocity relative to the co-rotating air), gravity
//! point mass + J2, drag a = −ρ(h)|v|v/(2β) at the geodetic height h.

use crate::integrator::OdeSystem;
use nalgebra::SVector;
use vigil_earth::EarthShape;
use vigil_earth::atmosphere::AtmosphereModel;
use vigil_earth::constants::OMEGA;
use vigil_earth::gravity::Gravity;
use vigil_earth::math::{Vec3, Vec6};
use vigil_earth::rotation::omega_vector;

/// The physics a flight is computed with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForceModel {
    /// Shape of the Earth for heights and the surface.
    pub shape: EarthShape,
    /// Gravity terms.
    pub gravity: Gravity,
    /// Whether the frame rotates with the Earth (Coriolis and centrifugal terms).
    pub rotation: bool,
    /// Air density model for drag.
    pub atmosphere: AtmosphereModel,
}

impl Default for ForceModel {
    /// WGS-84, J2 on, rotation on, no drag.
    fn default() -> Self {
        Self {
            shape: EarthShape::Wgs84,
            gravity: Gravity { j2: true },
            rotation: true,
            atmosphere: AtmosphereModel::None,
        }
    }
}

impl ForceModel {
    /// The textbook model: non-rotating sphere of 6,371 km, point-mass gravity, vacuum.
    pub fn sphere() -> Self {
        Self {
            shape: EarthShape::Sphere,
            gravity: Gravity { j2: false },
            rotation: false,
            atmosphere: AtmosphereModel::None,
        }
    }

    /// The Earth's angular velocity in this model (zero when rotation is off), rad/s.
    pub fn omega(&self) -> Vec3 {
        if self.rotation {
            omega_vector()
        } else {
            Vec3::zeros()
        }
    }

    /// Air density at an Earth-fixed position, kg/m³, at its radial height
    /// ([`EarthShape::radial_height_m`]: within 0.56 m of the geodetic height in the air).
    #[inline]
    pub fn density(&self, r: &Vec3) -> f64 {
        match self.atmosphere {
            AtmosphereModel::None => 0.0,
            m => m.density(self.shape.radial_height_m(r)),
        }
    }

    /// Acceleration of an unpowered body in the rotating frame (m/s²) at position `r` (m)
    /// with Earth-relative velocity `v` (m/s); `drag_per_mass` is C_D·A/m = 1/β (m²/kg).
    #[inline]
    pub fn acceleration(&self, r: &Vec3, v: &Vec3, drag_per_mass: f64) -> Vec3 {
        let mut a = self.gravity.acceleration(r);
        if self.rotation {
            // −2 ω×v − ω×(ω×r) with ω = (0, 0, ω) (`omega_vector`), written out: the cross
            // products would multiply by the zero components.
            let (w, w2) = (OMEGA, OMEGA * OMEGA);
            a.x += 2.0 * w * v.y + w2 * r.x;
            a.y += -2.0 * w * v.x + w2 * r.y;
        }
        if drag_per_mass > 0.0 {
            let rho = self.density(r);
            if rho > 0.0 {
                a -= v * (0.5 * rho * v.norm() * drag_per_mass);
            }
        }
        a
    }

    /// Jacobi integral of the rotating frame, ½|v|² + U(r) − ½|ω×r|² (m²/s²): constant in
    /// free flight without drag.
    pub fn jacobi(&self, r: &Vec3, v: &Vec3) -> f64 {
        let wr = self.omega().cross(r);
        0.5 * v.norm_squared() + self.gravity.potential(r) - 0.5 * wr.norm_squared()
    }
}

/// Unpowered flight of a body with ballistic coefficient β = m/(C_D·A); state (r, v).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ballistic {
    /// The physics.
    pub model: ForceModel,
    /// 1/β in m²/kg (0 for no drag).
    pub drag_per_mass: f64,
}

impl Ballistic {
    /// A body with ballistic coefficient `beta_kg_m2` (None or non-positive: no drag).
    pub fn new(model: ForceModel, beta_kg_m2: Option<f64>) -> Self {
        let drag_per_mass = match beta_kg_m2 {
            Some(b) if b > 0.0 && model.atmosphere != AtmosphereModel::None => 1.0 / b,
            _ => 0.0,
        };
        Self {
            model,
            drag_per_mass,
        }
    }
}

impl OdeSystem<6> for Ballistic {
    #[inline]
    fn derivative(&self, _t: f64, y: &Vec6) -> Vec6 {
        let r = y.fixed_rows::<3>(0).into_owned();
        let v = y.fixed_rows::<3>(3).into_owned();
        let a = self.model.acceleration(&r, &v, self.drag_per_mass);
        Vec6::new(v.x, v.y, v.z, a.x, a.y, a.z)
    }
}

/// Position part of a state vector whose first six components are (r, v).
pub fn position<const N: usize>(y: &SVector<f64, N>) -> Vec3 {
    Vec3::new(y[0], y[1], y[2])
}

/// Velocity part of a state vector whose first six components are (r, v).
pub fn velocity<const N: usize>(y: &SVector<f64, N>) -> Vec3 {
    Vec3::new(y[3], y[4], y[5])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The written-out Coriolis and centrifugal terms equal −2 ω×v − ω×(ω×r) (1e-15 relative).
    #[test]
    fn rotation_terms_match_cross_products() {
        let model = ForceModel::default();
        let still = ForceModel {
            rotation: false,
            ..model
        };
        let w = omega_vector();
        for (r, v) in [
            (
                Vec3::new(3.1e6, -4.2e6, 4.4e6),
                Vec3::new(-2.0e3, 5.5e3, 1.2e3),
            ),
            (
                Vec3::new(-6.4e6, 1.0e5, -2.0e5),
                Vec3::new(100.0, -7.0e3, -3.0e3),
            ),
        ] {
            let expected =
                still.acceleration(&r, &v, 0.0) - (2.0 * w.cross(&v) + w.cross(&w.cross(&r)));
            let a = model.acceleration(&r, &v, 0.0);
            assert!(
                (a - expected).norm() <= 1e-15 * expected.norm(),
                "{a} vs {expected}"
            );
        }
    }
}
