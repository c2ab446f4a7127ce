//! Motion and measurement models: what the filters predict with.

pub mod ballistic;
pub mod linear;
pub mod measurement;

use nalgebra::{SMatrix, SVector};

/// How a state of dimension `N` evolves over a time step.
pub trait MotionModel<const N: usize> {
    /// The state after `dt_s` seconds from `x` at time `t_s`, and the Jacobian ∂x'/∂x there.
    fn transition(
        &self,
        x: &SVector<f64, N>,
        t_s: f64,
        dt_s: f64,
    ) -> (SVector<f64, N>, SMatrix<f64, N, N>);
    /// Process-noise covariance accumulated over the step.
    fn process_noise(&self, x: &SVector<f64, N>, t_s: f64, dt_s: f64) -> SMatrix<f64, N, N>;
}

/// What a sensor measures of a state of dimension `N`, as an `M`-vector.
pub trait MeasurementModel<const N: usize, const M: usize> {
    /// The noise-free measurement of `x`.
    fn predict(&self, x: &SVector<f64, N>) -> SVector<f64, M>;
    /// Its Jacobian ∂h/∂x at `x`.
    fn jacobian(&self, x: &SVector<f64, N>) -> SMatrix<f64, M, N>;
    /// Measurement-noise covariance.
    fn noise(&self) -> SMatrix<f64, M, M>;
    /// Measured minus predicted, with angles wrapped where the model has them.
    fn residual(&self, z: &SVector<f64, M>, predicted: &SVector<f64, M>) -> SVector<f64, M> {
        z - predicted
    }
}
