//! Gravitational acceleration of the Earth: point mass plus the J2 zonal term.

use crate::constants::{J2, J2_RADIUS, MU};
use crate::math::Vec3;

/// Which gravity terms are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gravity {
    /// Include the J2 oblateness term.
    pub j2: bool,
}

impl Gravity {
    /// Gravitational acceleration (m/s²) at an Earth-fixed (or inertial — the field is
    /// axisymmetric about z) position `r` in metres.
    #[inline]
    pub fn acceleration(self, r: &Vec3) -> Vec3 {
        let r2 = r.norm_squared();
        // 1/r² and |r| are independent (the division and the square root overlap), then
        // 1/r = |r|/r²: this is the innermost function of every flight, and its speed is the
        // latency of this chain.
        let inv_r2 = r2.recip();
        let inv_r = r2.sqrt() * inv_r2;
        let inv_r3 = inv_r2 * inv_r;
        let central = -MU * inv_r3;
        if !self.j2 {
            return r * central;
        }
        // a = −μ r/|r|³ − (3/2) J2 μ Re² / |r|⁵ · (x(1 − 5z²/r²), y(1 − 5z²/r²), z(3 − 5z²/r²)).
        let k = (-1.5 * J2 * MU * J2_RADIUS * J2_RADIUS) * inv_r3 * inv_r2;
        let s = 5.0 * r.z * r.z * inv_r2;
        Vec3::new(
            r.x * (central + k * (1.0 - s)),
            r.y * (central + k * (1.0 - s)),
            r.z * (central + k * (3.0 - s)),
        )
    }

    /// Gravitational potential energy per unit mass (m²/s², negative), consistent with
    /// [`Gravity::acceleration`]: U = −μ/r · (1 − J2 (Re/r)² P2(z/r)).
    pub fn potential(self, r: &Vec3) -> f64 {
        let rn = r.norm();
        let mut u = -MU / rn;
        if self.j2 {
            let sz = r.z / rn;
            let p2 = 0.5 * (3.0 * sz * sz - 1.0);
            u += MU / rn * J2 * (J2_RADIUS / rn).powi(2) * p2;
        }
        u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The acceleration is minus the gradient of the potential (central differences, 1e-7 relative).
    #[test]
    fn acceleration_is_gradient_of_potential() {
        for j2 in [false, true] {
            let g = Gravity { j2 };
            let r = Vec3::new(3.1e6, -4.2e6, 4.4e6);
            let h = 1.0;
            let mut grad = Vec3::zeros();
            for i in 0..3 {
                let mut rp = r;
                let mut rm = r;
                rp[i] += h;
                rm[i] -= h;
                grad[i] = (g.potential(&rp) - g.potential(&rm)) / (2.0 * h);
            }
            let a = g.acceleration(&r);
            assert!((a + grad).norm() / a.norm() < 1e-7, "{a} vs {grad}");
        }
    }
}
