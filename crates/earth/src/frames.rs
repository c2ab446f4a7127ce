//! Frame-typed positions and velocities.
//!
//! A position or velocity carries its frame as a phantom type parameter, so that
//! `Position<Ecef> + Velocity<Eci>`-style mistakes do not compile:
//!
//! ```compile_fail
//! use vigil_earth::{Ecef, Eci, Position};
//! let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
//! let b = Position::<Eci>::new(1.0, 2.0, 3.0);
//! let _ = a - b; // different frames: does not compile
//! ```
//!
//! What the types do not cover: the ECI↔ECEF relation depends on time, and an ENU frame
//! depends on its site; those are carried by [`crate::rotation`] (an epoch) and
//! [`crate::topocentric::Site`] at run time, not by the type.

use crate::math::Vec3;
use std::marker::PhantomData;
use std::ops::{Add, Sub};

/// Earth-centred, Earth-fixed frame (WGS-84 / ITRF-like), rotating with the Earth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ecef;
/// Earth-centred inertial frame whose x axis is the Earth-fixed x axis at the scenario epoch's
/// Earth rotation angle of zero (a pseudo-TIRS/CIRS frame: no precession, nutation, polar motion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eci;
/// Local east-north-up frame of a site (the site itself is carried at run time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enu;

/// A position in frame `F`, metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position<F> {
    m: Vec3,
    frame: PhantomData<F>,
}

/// A velocity in frame `F`, m/s (in a rotating frame: relative to that frame).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Velocity<F> {
    mps: Vec3,
    frame: PhantomData<F>,
}

impl<F> Position<F> {
    /// Position from components in metres.
    pub fn new(x_m: f64, y_m: f64, z_m: f64) -> Self {
        Self::from_vector(Vec3::new(x_m, y_m, z_m))
    }
    /// Position from a vector in metres.
    pub fn from_vector(m: Vec3) -> Self {
        Self {
            m,
            frame: PhantomData,
        }
    }
    /// The components in metres.
    pub fn vector(&self) -> Vec3 {
        self.m
    }
    /// Distance from the frame's origin, m.
    pub fn norm(&self) -> f64 {
        self.m.norm()
    }
    /// Whether every component is finite.
    pub fn is_finite(&self) -> bool {
        self.m.iter().all(|c| c.is_finite())
    }
    /// Components as an array (for files and the edge of the program), metres.
    pub fn to_array(&self) -> [f64; 3] {
        [self.m.x, self.m.y, self.m.z]
    }
}

impl<F> Velocity<F> {
    /// Velocity from components in m/s.
    pub fn new(x_mps: f64, y_mps: f64, z_mps: f64) -> Self {
        Self::from_vector(Vec3::new(x_mps, y_mps, z_mps))
    }
    /// Velocity from a vector in m/s.
    pub fn from_vector(mps: Vec3) -> Self {
        Self {
            mps,
            frame: PhantomData,
        }
    }
    /// The components in m/s.
    pub fn vector(&self) -> Vec3 {
        self.mps
    }
    /// Speed, m/s.
    pub fn norm(&self) -> f64 {
        self.mps.norm()
    }
    /// Whether every component is finite.
    pub fn is_finite(&self) -> bool {
        self.mps.iter().all(|c| c.is_finite())
    }
    /// Components as an array (for files and the edge of the program), m/s.
    pub fn to_array(&self) -> [f64; 3] {
        [self.mps.x, self.mps.y, self.mps.z]
    }
}

/// The displacement between two positions of one frame, as a plain vector in metres.
impl<F> Sub for Position<F> {
    type Output = Vec3;
    fn sub(self, rhs: Self) -> Vec3 {
        self.m - rhs.m
    }
}

/// A position moved by a displacement (metres) in the same frame.
impl<F> Add<Vec3> for Position<F> {
    type Output = Self;
    fn add(self, d: Vec3) -> Self {
        Self::from_vector(self.m + d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difference_of_positions_is_displacement() {
        let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
        let b = Position::<Ecef>::new(0.5, 2.0, 1.0);
        assert_eq!(a - b, Vec3::new(0.5, 0.0, 2.0));
        assert_eq!(b + (a - b), a);
    }
}
