//! The Earth for Vigil: WGS-84 geodesy, frame-typed positions and velocities, the Earth
//! rotation between inertial and Earth-fixed frames, gravity (point mass + J2) and the
//! atmosphere (U.S. Standard Atmosphere 1976 and an exponential model).
//!
//! Everything inside is SI: metres, seconds, radians, kilograms.

pub mod atmosphere;
pub mod constants;
pub mod frames;
pub mod geodesic;
pub mod geodetic;
pub mod gravity;
pub mod math;
pub mod rotation;
pub mod topocentric;

pub use frames::{Displacement, Ecef, Eci, Enu, Position, Velocity};
pub use geodetic::{EarthShape, Geodetic};
pub use topocentric::{Aer, Site};
