//! Frame-typed positions, displacements and velocities.
//!
//! Each carries its frame as a phantom type parameter (after sguaba's coordinates and vectors):
//! the difference of two positions of one frame is a [`Displacement`] in that frame, only a
//! displacement adds back to a position, and quantities of different frames do not mix:
//!
//! ```
//! use vigil_earth::{Displacement, Ecef, Position};
//! let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
//! let b = Position::<Ecef>::new(0.5, 2.0, 1.0);
//! let d: Displacement<Ecef> = a - b;
//! assert_eq!(b + d, a);
//! assert_eq!(d.vector(), vigil_earth::math::Vec3::new(0.5, 0.0, 2.0));
//! ```
//!
//! `Position<Ecef> − Position<Eci>` or `Position + Position` do not compile
//! (`tests/compile_fail/`, run by trybuild). Moving between frames is always an explicit call
//! ([`crate::rotation::EarthRotation`], [`crate::topocentric::Site`]).
//!
//! What the types do not cover: the ECI↔ECEF relation depends on time, and an ENU frame
//! depends on its site; those are carried by [`crate::rotation`] (an epoch) and
//! [`crate::topocentric::Site`] at run time, not by the type.

use crate::math::Vec3;
use std::marker::PhantomData;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

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

/// A displacement (the difference of two positions) in frame `F`, metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Displacement<F> {
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

impl<F> Displacement<F> {
    /// Displacement from components in metres.
    pub fn new(x_m: f64, y_m: f64, z_m: f64) -> Self {
        Self::from_vector(Vec3::new(x_m, y_m, z_m))
    }
    /// Displacement from a vector in metres.
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
    /// Length, m.
    pub fn norm(&self) -> f64 {
        self.m.norm()
    }
    /// Squared length, m².
    pub fn norm_squared(&self) -> f64 {
        self.m.norm_squared()
    }
}

/// The displacement from `rhs` to `self`, in their common frame.
impl<F> Sub for Position<F> {
    type Output = Displacement<F>;
    fn sub(self, rhs: Self) -> Displacement<F> {
        Displacement::from_vector(self.m - rhs.m)
    }
}

/// A position moved by a displacement of the same frame.
impl<F> Add<Displacement<F>> for Position<F> {
    type Output = Self;
    fn add(self, d: Displacement<F>) -> Self {
        Self::from_vector(self.m + d.m)
    }
}

/// A position moved back by a displacement of the same frame.
impl<F> Sub<Displacement<F>> for Position<F> {
    type Output = Self;
    fn sub(self, d: Displacement<F>) -> Self {
        Self::from_vector(self.m - d.m)
    }
}

/// Vector-space operations within one frame, for displacements and for velocities.
macro_rules! vector_ops {
    ($t:ident, $field:ident) => {
        impl<F> Add for $t<F> {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                Self::from_vector(self.$field + rhs.$field)
            }
        }
        impl<F> Sub for $t<F> {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                Self::from_vector(self.$field - rhs.$field)
            }
        }
        impl<F> AddAssign for $t<F> {
            fn add_assign(&mut self, rhs: Self) {
                self.$field += rhs.$field;
            }
        }
        impl<F> SubAssign for $t<F> {
            fn sub_assign(&mut self, rhs: Self) {
                self.$field -= rhs.$field;
            }
        }
        impl<F> Neg for $t<F> {
            type Output = Self;
            fn neg(self) -> Self {
                Self::from_vector(-self.$field)
            }
        }
        impl<F> Mul<f64> for $t<F> {
            type Output = Self;
            fn mul(self, k: f64) -> Self {
                Self::from_vector(self.$field * k)
            }
        }
        impl<F> Div<f64> for $t<F> {
            type Output = Self;
            fn div(self, k: f64) -> Self {
                Self::from_vector(self.$field / k)
            }
        }
    };
}
vector_ops!(Displacement, m);
vector_ops!(Velocity, mps);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difference_of_positions_is_displacement() {
        let a = Position::<Ecef>::new(1.0, 2.0, 3.0);
        let b = Position::<Ecef>::new(0.5, 2.0, 1.0);
        let d: Displacement<Ecef> = a - b;
        assert_eq!(d.vector(), Vec3::new(0.5, 0.0, 2.0));
        assert_eq!(b + d, a);
        assert_eq!(a - d, b);
        assert_eq!(d.norm(), 4.25f64.sqrt());
        assert_eq!((d + d - d * 2.0) / 4.0, -Displacement::new(0.0, 0.0, 0.0));
    }

    #[test]
    fn velocity_arithmetic_keeps_the_frame() {
        let v = Velocity::<Eci>::new(1.0, -2.0, 0.5);
        let mut w = v * 3.0 - v;
        w -= v / 2.0;
        w += -v;
        assert_eq!(w, Velocity::new(0.5, -1.0, 0.25));
    }
}
