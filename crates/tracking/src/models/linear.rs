//! Linear motion models for local Cartesian problems: constant velocity, constant acceleration
//! and constant velocity under a known gravity, with white-noise process models (Bar-Shalom,
//! Li & Kirubarajan 2001, §6.2–6.3). States are (position, velocity[, acceleration]) per axis,
//! laid out as [x, y, z, vx, vy, vz(, ax, ay, az)], metres and seconds.

use super::{MeasurementModel, MotionModel};
use nalgebra::{SMatrix, SVector, Vector3};

/// Constant velocity with continuous white-noise acceleration of spectral density `q`
/// (m²/s³) on each axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantVelocity {
    /// Acceleration noise spectral density, m²/s³.
    pub q: f64,
}

/// Constant velocity plus a known constant acceleration (gravity), same noise as
/// [`ConstantVelocity`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantVelocityGravity {
    /// Acceleration noise spectral density, m²/s³.
    pub q: f64,
    /// Known acceleration, m/s² (e.g. (0, 0, −9.80665) for z up).
    pub gravity: Vector3<f64>,
}

/// Constant acceleration with continuous white-noise jerk of spectral density `q` (m²/s⁵).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantAcceleration {
    /// Jerk noise spectral density, m²/s⁵.
    pub q: f64,
}

fn cv_transition(dt: f64) -> SMatrix<f64, 6, 6> {
    let mut f = SMatrix::<f64, 6, 6>::identity();
    for i in 0..3 {
        f[(i, i + 3)] = dt;
    }
    f
}

pub(crate) fn cv_noise(q: f64, dt: f64) -> SMatrix<f64, 6, 6> {
    let mut m = SMatrix::<f64, 6, 6>::zeros();
    let (d2, d3) = (dt * dt, dt * dt * dt);
    for i in 0..3 {
        m[(i, i)] = q * d3 / 3.0;
        m[(i, i + 3)] = q * d2 / 2.0;
        m[(i + 3, i)] = q * d2 / 2.0;
        m[(i + 3, i + 3)] = q * dt;
    }
    m
}

impl MotionModel<6> for ConstantVelocity {
    fn transition(
        &self,
        x: &SVector<f64, 6>,
        _t: f64,
        dt: f64,
    ) -> (SVector<f64, 6>, SMatrix<f64, 6, 6>) {
        let f = cv_transition(dt);
        (f * x, f)
    }
    fn process_noise(&self, _x: &SVector<f64, 6>, _t: f64, dt: f64) -> SMatrix<f64, 6, 6> {
        cv_noise(self.q, dt.abs())
    }
}

impl MotionModel<6> for ConstantVelocityGravity {
    fn transition(
        &self,
        x: &SVector<f64, 6>,
        _t: f64,
        dt: f64,
    ) -> (SVector<f64, 6>, SMatrix<f64, 6, 6>) {
        let f = cv_transition(dt);
        let mut mean = f * x;
        for i in 0..3 {
            mean[i] += 0.5 * self.gravity[i] * dt * dt;
            mean[i + 3] += self.gravity[i] * dt;
        }
        (mean, f)
    }
    fn process_noise(&self, _x: &SVector<f64, 6>, _t: f64, dt: f64) -> SMatrix<f64, 6, 6> {
        cv_noise(self.q, dt.abs())
    }
}

impl MotionModel<9> for ConstantAcceleration {
    fn transition(
        &self,
        x: &SVector<f64, 9>,
        _t: f64,
        dt: f64,
    ) -> (SVector<f64, 9>, SMatrix<f64, 9, 9>) {
        let mut f = SMatrix::<f64, 9, 9>::identity();
        for i in 0..3 {
            f[(i, i + 3)] = dt;
            f[(i, i + 6)] = 0.5 * dt * dt;
            f[(i + 3, i + 6)] = dt;
        }
        (f * x, f)
    }
    fn process_noise(&self, _x: &SVector<f64, 9>, _t: f64, dt: f64) -> SMatrix<f64, 9, 9> {
        let dt = dt.abs();
        let q = self.q;
        let (d2, d3, d4, d5) = (dt * dt, dt.powi(3), dt.powi(4), dt.powi(5));
        let block = [
            [d5 / 20.0, d4 / 8.0, d3 / 6.0],
            [d4 / 8.0, d3 / 3.0, d2 / 2.0],
            [d3 / 6.0, d2 / 2.0, dt],
        ];
        let mut m = SMatrix::<f64, 9, 9>::zeros();
        for axis in 0..3 {
            for (a, row) in block.iter().enumerate() {
                for (b, v) in row.iter().enumerate() {
                    m[(axis + 3 * a, axis + 3 * b)] = q * v;
                }
            }
        }
        m
    }
}

/// A position measurement of the first three state components with isotropic or per-axis
/// noise (m).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Noise standard deviation per axis, m.
    pub sigma_m: Vector3<f64>,
}

impl<const N: usize> MeasurementModel<N, 3> for Position {
    fn predict(&self, x: &SVector<f64, N>) -> SVector<f64, 3> {
        SVector::<f64, 3>::new(x[0], x[1], x[2])
    }
    fn jacobian(&self, _x: &SVector<f64, N>) -> SMatrix<f64, 3, N> {
        let mut h = SMatrix::<f64, 3, N>::zeros();
        for i in 0..3 {
            h[(i, i)] = 1.0;
        }
        h
    }
    fn noise(&self) -> SMatrix<f64, 3, 3> {
        SMatrix::<f64, 3, 3>::from_diagonal(&self.sigma_m.component_mul(&self.sigma_m))
    }
}
