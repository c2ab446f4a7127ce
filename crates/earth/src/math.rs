//! Concrete vector and matrix aliases used across Vigil (f64 throughout).

use nalgebra::{SMatrix, SVector};

/// A 3-vector of f64 (frame-free; wrap it in a frame type before it crosses a module boundary).
pub type Vec3 = SVector<f64, 3>;
/// A 3×3 matrix of f64.
pub type Mat3 = SMatrix<f64, 3, 3>;
/// A 6-vector of f64 (position and velocity).
pub type Vec6 = SVector<f64, 6>;
/// A 6×6 matrix of f64.
pub type Mat6 = SMatrix<f64, 6, 6>;
/// A 7-vector of f64 (position, velocity and mass).
pub type Vec7 = SVector<f64, 7>;
