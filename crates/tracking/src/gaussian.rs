//! Gaussian state estimates and the invariants numerical code must keep.

use nalgebra::{SMatrix, SVector};

/// A Gaussian estimate: mean and covariance of an `N`-dimensional state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaussian<const N: usize> {
    /// Mean.
    pub mean: SVector<f64, N>,
    /// Covariance (symmetric positive-definite).
    pub cov: SMatrix<f64, N, N>,
}

impl<const N: usize> Gaussian<N> {
    /// A Gaussian from mean and covariance (symmetrised).
    pub fn new(mean: SVector<f64, N>, cov: SMatrix<f64, N, N>) -> Self {
        let mut g = Self { mean, cov };
        g.symmetrize();
        g
    }

    /// Replaces the covariance by its symmetric part.
    pub fn symmetrize(&mut self) {
        self.cov = (self.cov + self.cov.transpose()) * 0.5;
    }

    /// Whether mean and covariance are finite and the covariance is positive-definite.
    pub fn is_valid(&self) -> bool {
        self.mean.iter().all(|x| x.is_finite())
            && self.cov.iter().all(|x| x.is_finite())
            && self.cov.cholesky().is_some()
    }

    /// Squared Mahalanobis distance of `x` from the mean (None if the covariance is singular).
    pub fn mahalanobis2(&self, x: &SVector<f64, N>) -> Option<f64> {
        let d = x - self.mean;
        self.cov.cholesky().map(|c| d.dot(&c.solve(&d)))
    }
}
