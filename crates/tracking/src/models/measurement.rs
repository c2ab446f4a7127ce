//! Measurement models of Vigil's sensors for an Earth-fixed state [r, v] (m, m/s, ECEF):
//! radar range/azimuth/elevation (with or without range rate) and infrared lines of sight.

use super::MeasurementModel;
use nalgebra::{SMatrix, SVector, Vector3};
use vigil_earth::geodetic::wrap_pi;
use vigil_earth::math::{Mat3, Vec3, Vec6};
use vigil_earth::{Ecef, Geodetic, Position};

/// A radar at a site: ENU frame and noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarFrame {
    site: Vec3,
    enu_from_ecef: Mat3,
}

impl RadarFrame {
    /// The frame of a radar at an Earth-fixed site.
    pub fn new(site: &Position<Ecef>) -> Self {
        let [e, n, u] = Geodetic::from_ecef(site).enu_axes();
        Self {
            site: site.vector(),
            enu_from_ecef: Mat3::from_rows(&[e.transpose(), n.transpose(), u.transpose()]),
        }
    }

    /// The rotation taking ENU components to ECEF components.
    pub fn ecef_from_enu(&self) -> Mat3 {
        self.enu_from_ecef.transpose()
    }

    /// ENU offset of the target and ENU velocity.
    fn enu(&self, x: &SVector<f64, 6>) -> (Vec3, Vec3) {
        let r = Vec3::new(x[0], x[1], x[2]);
        let v = Vec3::new(x[3], x[4], x[5]);
        (self.enu_from_ecef * (r - self.site), self.enu_from_ecef * v)
    }

    /// Range, azimuth, elevation and their gradients with respect to the ENU offset.
    fn rae(&self, d: &Vec3) -> ([f64; 3], [Vec3; 3]) {
        let rho = d.norm().max(1e-9);
        let h2 = (d.x * d.x + d.y * d.y).max(1e-18);
        let h = h2.sqrt();
        let value = [
            rho,
            d.x.atan2(d.y).rem_euclid(std::f64::consts::TAU),
            d.z.atan2(h),
        ];
        let grad = [
            d / rho,
            Vec3::new(d.y / h2, -d.x / h2, 0.0),
            Vec3::new(
                -d.x * d.z / (rho * rho * h),
                -d.y * d.z / (rho * rho * h),
                h / (rho * rho),
            ),
        ];
        (value, grad)
    }
}

/// Radar range, azimuth, elevation: z = (ρ \[m\], az \[rad\], el \[rad\]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarRae {
    /// The radar's frame.
    pub frame: RadarFrame,
    /// Range standard deviation, m.
    pub sigma_range_m: f64,
    /// Angle standard deviation, rad.
    pub sigma_angle_rad: f64,
}

/// Radar range, azimuth, elevation and range rate: z = (ρ, az, el, ρ̇ [m/s]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarRaeRate {
    /// The position part.
    pub rae: RadarRae,
    /// Range-rate standard deviation, m/s.
    pub sigma_range_rate_mps: f64,
}

impl MeasurementModel<6, 3> for RadarRae {
    fn predict(&self, x: &Vec6) -> SVector<f64, 3> {
        let (d, _) = self.frame.enu(x);
        SVector::<f64, 3>::from(self.frame.rae(&d).0)
    }
    fn jacobian(&self, x: &Vec6) -> SMatrix<f64, 3, 6> {
        let (d, _) = self.frame.enu(x);
        let (_, g) = self.frame.rae(&d);
        let mut h = SMatrix::<f64, 3, 6>::zeros();
        for (i, gi) in g.iter().enumerate() {
            let row = gi.transpose() * self.frame.enu_from_ecef;
            h.fixed_view_mut::<1, 3>(i, 0).copy_from(&row);
        }
        h
    }
    fn noise(&self) -> SMatrix<f64, 3, 3> {
        let a2 = self.sigma_angle_rad * self.sigma_angle_rad;
        SMatrix::<f64, 3, 3>::from_diagonal(&Vector3::new(
            self.sigma_range_m * self.sigma_range_m,
            a2,
            a2,
        ))
    }
    fn residual(&self, z: &SVector<f64, 3>, p: &SVector<f64, 3>) -> SVector<f64, 3> {
        SVector::<f64, 3>::new(z[0] - p[0], wrap_pi(z[1] - p[1]), z[2] - p[2])
    }
}

impl MeasurementModel<6, 4> for RadarRaeRate {
    fn predict(&self, x: &Vec6) -> SVector<f64, 4> {
        let (d, v) = self.rae.frame.enu(x);
        let [r, az, el] = self.rae.frame.rae(&d).0;
        SVector::<f64, 4>::new(r, az, el, d.dot(&v) / r.max(1e-9))
    }
    fn jacobian(&self, x: &Vec6) -> SMatrix<f64, 4, 6> {
        let (d, v) = self.rae.frame.enu(x);
        let rho = d.norm().max(1e-9);
        let rate = d.dot(&v) / rho;
        let mut h = SMatrix::<f64, 4, 6>::zeros();
        h.fixed_view_mut::<3, 6>(0, 0)
            .copy_from(&self.rae.jacobian(x));
        let r = self.rae.frame.enu_from_ecef;
        let d_pos = ((v - d * (rate / rho)) / rho).transpose() * r;
        let d_vel = (d / rho).transpose() * r;
        h.fixed_view_mut::<1, 3>(3, 0).copy_from(&d_pos);
        h.fixed_view_mut::<1, 3>(3, 3).copy_from(&d_vel);
        h
    }
    fn noise(&self) -> SMatrix<f64, 4, 4> {
        let mut n = SMatrix::<f64, 4, 4>::zeros();
        n.fixed_view_mut::<3, 3>(0, 0).copy_from(&self.rae.noise());
        n[(3, 3)] = self.sigma_range_rate_mps * self.sigma_range_rate_mps;
        n
    }
    fn residual(&self, z: &SVector<f64, 4>, p: &SVector<f64, 4>) -> SVector<f64, 4> {
        SVector::<f64, 4>::new(z[0] - p[0], wrap_pi(z[1] - p[1]), z[2] - p[2], z[3] - p[3])
    }
}

/// An infrared line of sight from an observer: z = (α, δ) of the Earth-fixed direction,
/// α = atan2(u_y, u_x), δ = asin(u_z), isotropic angular noise σ. The state's first three
/// components are the Earth-fixed position, m (any state size: the tracks' 6, the boost
/// tracks' 9).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineOfSight {
    /// Observer position, Earth-fixed, m.
    pub observer: Vec3,
    /// Angular noise standard deviation, rad.
    pub sigma_rad: f64,
    /// δ of the measurement (for the α variance σ²/cos²δ).
    pub delta_rad: f64,
}

impl<const N: usize> MeasurementModel<N, 2> for LineOfSight {
    fn predict(&self, x: &SVector<f64, N>) -> SVector<f64, 2> {
        let d = Vec3::new(x[0], x[1], x[2]) - self.observer;
        let rxy = d.x.hypot(d.y);
        SVector::<f64, 2>::new(d.y.atan2(d.x), d.z.atan2(rxy))
    }
    fn jacobian(&self, x: &SVector<f64, N>) -> SMatrix<f64, 2, N> {
        let d = Vec3::new(x[0], x[1], x[2]) - self.observer;
        let rxy2 = (d.x * d.x + d.y * d.y).max(1e-18);
        let rxy = rxy2.sqrt();
        let rho2 = d.norm_squared().max(1e-18);
        let mut h = SMatrix::<f64, 2, N>::zeros();
        h[(0, 0)] = -d.y / rxy2;
        h[(0, 1)] = d.x / rxy2;
        h[(1, 0)] = -d.x * d.z / (rho2 * rxy);
        h[(1, 1)] = -d.y * d.z / (rho2 * rxy);
        h[(1, 2)] = rxy / rho2;
        h
    }
    fn noise(&self) -> SMatrix<f64, 2, 2> {
        vigil_sensors::measurement::line_of_sight_covariance(self.delta_rad, self.sigma_rad)
    }
    fn residual(&self, z: &SVector<f64, 2>, p: &SVector<f64, 2>) -> SVector<f64, 2> {
        SVector::<f64, 2>::new(wrap_pi(z[0] - p[0]), z[1] - p[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each analytic Jacobian matches central differences (1e-6 relative to the row's size).
    #[test]
    fn jacobians_match_finite_differences() {
        let site = Position::<Ecef>::new(3.9e6, 0.3e6, 5.0e6);
        let x = Vec6::new(4.5e6, 1.1e6, 5.4e6, -2000.0, 3000.0, 1500.0);
        let rae = RadarRae {
            frame: RadarFrame::new(&site),
            sigma_range_m: 100.0,
            sigma_angle_rad: 1e-3,
        };
        let rate = RadarRaeRate {
            rae,
            sigma_range_rate_mps: 5.0,
        };
        let los = LineOfSight {
            observer: Vec3::new(4.2e7, 0.0, 0.0),
            sigma_rad: 5e-5,
            delta_rad: 0.1,
        };
        fn check<const M: usize, H: MeasurementModel<6, M>>(h: &H, x: &Vec6) {
            let j = h.jacobian(x);
            for k in 0..6 {
                let step = if k < 3 { 1.0 } else { 1e-3 };
                let mut xp = *x;
                let mut xm = *x;
                xp[k] += step;
                xm[k] -= step;
                let fd = h.residual(&h.predict(&xp), &h.predict(&xm)) / (2.0 * step);
                for i in 0..M {
                    let scale = j.row(i).abs().max().max(1e-12);
                    assert!(
                        (fd[i] - j[(i, k)]).abs() < 1e-6 * scale,
                        "row {i} col {k}: {} vs {}",
                        fd[i],
                        j[(i, k)]
                    );
                }
            }
        }
        check(&rae, &x);
        check(&rate, &x);
        check(&los, &x);
    }
}
