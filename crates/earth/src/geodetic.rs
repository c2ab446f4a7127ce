//! WGS-84 geodetic coordinates and their conversion to and from Earth-fixed Cartesian
//! coordinates; the spherical Earth used for textbook comparisons.

use crate::constants::{SPHERE_RADIUS, WGS84_A, WGS84_B, WGS84_E2};
use crate::frames::{Ecef, Position};
use crate::math::Vec3;

/// Geodetic coordinates on the WGS-84 ellipsoid: latitude and longitude in radians, height
/// above the ellipsoid in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geodetic {
    /// Geodetic latitude, rad, in [−π/2, π/2].
    pub lat_rad: f64,
    /// Longitude, rad, in (−π, π].
    pub lon_rad: f64,
    /// Height above the ellipsoid, m.
    pub h_m: f64,
}

/// Why a geodetic coordinate was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeodeticError {
    /// Latitude outside ±90° or not a number.
    #[error("latitude {0}° is outside −90…90°")]
    Latitude(f64),
    /// Longitude not finite.
    #[error("longitude {0}° is not a finite number")]
    Longitude(f64),
    /// Height not finite.
    #[error("height {0} m is not a finite number")]
    Height(f64),
}

impl Geodetic {
    /// Geodetic point from degrees and metres, validated (longitude is wrapped to (−180°, 180°]).
    pub fn from_degrees(lat_deg: f64, lon_deg: f64, h_m: f64) -> Result<Self, GeodeticError> {
        if !(-90.0..=90.0).contains(&lat_deg) {
            return Err(GeodeticError::Latitude(lat_deg));
        }
        if !lon_deg.is_finite() {
            return Err(GeodeticError::Longitude(lon_deg));
        }
        if !h_m.is_finite() {
            return Err(GeodeticError::Height(h_m));
        }
        Ok(Self {
            lat_rad: lat_deg.to_radians(),
            lon_rad: wrap_pi(lon_deg.to_radians()),
            h_m,
        })
    }

    /// Latitude in degrees.
    pub fn lat_deg(&self) -> f64 {
        self.lat_rad.to_degrees()
    }

    /// Longitude in degrees.
    pub fn lon_deg(&self) -> f64 {
        self.lon_rad.to_degrees()
    }

    /// Earth-fixed position of this point.
    pub fn to_ecef(&self) -> Position<Ecef> {
        let (sl, cl) = self.lat_rad.sin_cos();
        let (so, co) = self.lon_rad.sin_cos();
        let n = WGS84_A / (1.0 - WGS84_E2 * sl * sl).sqrt();
        Position::new(
            (n + self.h_m) * cl * co,
            (n + self.h_m) * cl * so,
            (n * (1.0 - WGS84_E2) + self.h_m) * sl,
        )
    }

    /// Geodetic coordinates of an Earth-fixed position (Bowring's method iterated to
    /// convergence: below 1 mm from the Earth's centre region to beyond GEO altitude).
    pub fn from_ecef(r: &Position<Ecef>) -> Self {
        let v = r.vector();
        let (sin_lat, cos_lat, h_m) = lat_sin_cos_height(norm2(v.x, v.y), v.z);
        Self {
            lat_rad: sin_lat.atan2(cos_lat),
            lon_rad: v.y.atan2(v.x),
            h_m,
        }
    }

    /// Unit vectors east, north and up of this point, in the Earth-fixed frame.
    pub fn enu_axes(&self) -> [Vec3; 3] {
        let (sl, cl) = self.lat_rad.sin_cos();
        let (so, co) = self.lon_rad.sin_cos();
        [
            Vec3::new(-so, co, 0.0),
            Vec3::new(-sl * co, -sl * so, cl),
            Vec3::new(cl * co, cl * so, sl),
        ]
    }
}

/// Wraps an angle to (−π, π].
pub fn wrap_pi(a: f64) -> f64 {
    let w = a.rem_euclid(std::f64::consts::TAU);
    if w > std::f64::consts::PI {
        w - std::f64::consts::TAU
    } else {
        w
    }
}

/// Sine and cosine of the geodetic latitude and the height above the ellipsoid (m) of a
/// point at distance `p` (m) from the polar axis and `z` (m) above the equatorial plane.
///
/// Bowring's iteration on the parametric latitude, written with normalised (sin, cos) pairs
/// so it needs no trigonometric calls and has no singularity at the poles. Each pass gains
/// several orders of magnitude; two passes are within 1e-7 m (position and height, against
/// a converged solution) from 3,000 km below the surface to 40,000 km above it, all
/// latitudes — the level of f64 rounding; a third pass changes nothing measurable.
fn lat_sin_cos_height(p: f64, z: f64) -> (f64, f64, f64) {
    // Start from the parametric latitude of the point's direction.
    let (sl, cl) = bowring_pass(p, z, normalise(z * WGS84_A, p * WGS84_B));
    // Second pass; the parametric latitude after the last pass is not needed.
    let (sl, cl) = bowring_pass(p, z, normalise(WGS84_B * sl, WGS84_A * cl));
    (sl, cl, height_at_latitude(p, z, sl, cl))
}

/// Height above the ellipsoid (m) of a point at distance `p` (m) from the polar axis and
/// `z` (m) above the equatorial plane, from one Bowring pass.
///
/// The height is stationary in the latitude it is computed at (its derivative along the
/// normal is zero), so one pass, whose latitude is off by up to 1e-9 rad at 1,000 km, gives
/// the height to within 3e-8 m of the converged one from 3,000 km below the surface to
/// 40,000 km above it (test `one_pass_height_is_converged`): the cost of a height is about
/// half that of a latitude, and the drag's air density asks for a height at every
/// evaluation of the equations of motion.
fn height(p: f64, z: f64) -> f64 {
    let (sl, cl) = bowring_pass(p, z, normalise(z * WGS84_A, p * WGS84_B));
    height_at_latitude(p, z, sl, cl)
}

/// Bowring's step: the (sin, cos) of the geodetic latitude from those of a parametric
/// latitude (sb, cb).
#[inline]
fn bowring_pass(p: f64, z: f64, (sb, cb): (f64, f64)) -> (f64, f64) {
    let ep2 = WGS84_E2 / (1.0 - WGS84_E2);
    normalise(
        z + ep2 * WGS84_B * sb * sb * sb,
        p - WGS84_E2 * WGS84_A * cb * cb * cb,
    )
}

/// Height (m) of the point (p, z) along the normal of geodetic latitude (sl, cl).
#[inline]
fn height_at_latitude(p: f64, z: f64, sl: f64, cl: f64) -> f64 {
    p * cl + z * sl - WGS84_A * (1.0 - WGS84_E2 * sl * sl).sqrt()
}

/// √(x² + y²): the plain formula where it neither overflows nor underflows (every position
/// Vigil handles), `f64::hypot` (several times slower, a library call) otherwise.
#[inline]
fn norm2(x: f64, y: f64) -> f64 {
    let s = x * x + y * y;
    if s.is_normal() { s.sqrt() } else { x.hypot(y) }
}

/// (y, x) scaled to unit length as (sin, cos); (0, 1) for the zero vector.
#[inline]
fn normalise(y: f64, x: f64) -> (f64, f64) {
    let s = y * y + x * x;
    if s.is_normal() {
        let inv = s.sqrt().recip();
        (y * inv, x * inv)
    } else {
        let n = y.hypot(x);
        if n > 0.0 { (y / n, x / n) } else { (0.0, 1.0) }
    }
}

/// The shape of the Earth a computation uses for heights and the surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EarthShape {
    /// WGS-84 ellipsoid; heights are geodetic.
    #[default]
    Wgs84,
    /// Sphere of radius 6,371 km; heights are radial (textbook comparisons).
    Sphere,
}

impl EarthShape {
    /// Height of an Earth-fixed position above this surface, m.
    #[inline]
    pub fn height_m(self, r: &Vec3) -> f64 {
        match self {
            EarthShape::Wgs84 => height(norm2(r.x, r.y), r.z),
            EarthShape::Sphere => r.norm() - SPHERE_RADIUS,
        }
    }

    /// Height of an Earth-fixed position above this surface measured along its geocentric
    /// radius, m: |r| less the surface's radius in that direction, two square roots and no
    /// latitude. On WGS-84 it is within 0.56 m of [`EarthShape::height_m`] (along the
    /// normal) up to 100 km and within 6e-6 of the height above (test
    /// `radial_height_is_close_to_the_normal_one`): for the air density, which changes by
    /// 1e-4 over 0.56 m, and asks for a height at every evaluation of the equations of motion.
    #[inline]
    pub fn radial_height_m(self, r: &Vec3) -> f64 {
        match self {
            EarthShape::Wgs84 => {
                let n = r.norm();
                let p2 = r.x * r.x + r.y * r.y;
                let d = (WGS84_B * WGS84_B * p2 + WGS84_A * WGS84_A * r.z * r.z).sqrt();
                if d > 0.0 {
                    n - WGS84_A * WGS84_B * n / d
                } else {
                    -WGS84_B
                }
            }
            EarthShape::Sphere => r.norm() - SPHERE_RADIUS,
        }
    }

    /// Height above this surface (m) and the surface normal through the point (the unit
    /// vector along which height grows), of an Earth-fixed position.
    #[inline]
    pub fn height_and_up(self, r: &Vec3) -> (f64, Vec3) {
        match self {
            EarthShape::Wgs84 => {
                let p = norm2(r.x, r.y);
                let (sl, cl, h) = lat_sin_cos_height(p, r.z);
                let (so, co) = if p > 0.0 {
                    (r.y / p, r.x / p)
                } else {
                    (0.0, 1.0)
                };
                (h, Vec3::new(cl * co, cl * so, sl))
            }
            EarthShape::Sphere => {
                let n = r.norm();
                let up = if n > 0.0 { r / n } else { Vec3::z() };
                (n - SPHERE_RADIUS, up)
            }
        }
    }

    /// Latitude, longitude and height of an Earth-fixed position on this shape
    /// (geocentric latitude on the sphere).
    pub fn geodetic(self, r: &Position<Ecef>) -> Geodetic {
        match self {
            EarthShape::Wgs84 => Geodetic::from_ecef(r),
            EarthShape::Sphere => {
                let v = r.vector();
                Geodetic {
                    lat_rad: v.z.atan2(v.x.hypot(v.y)),
                    lon_rad: v.y.atan2(v.x),
                    h_m: v.norm() - SPHERE_RADIUS,
                }
            }
        }
    }

    /// Earth-fixed position of a point given on this shape (geocentric latitude on the sphere).
    pub fn to_ecef(self, g: &Geodetic) -> Position<Ecef> {
        match self {
            EarthShape::Wgs84 => g.to_ecef(),
            EarthShape::Sphere => {
                let (sl, cl) = g.lat_rad.sin_cos();
                let (so, co) = g.lon_rad.sin_cos();
                Position::from_vector((SPHERE_RADIUS + g.h_m) * Vec3::new(cl * co, cl * so, sl))
            }
        }
    }

    /// Unit vectors east, north and up at a point of this shape, Earth-fixed frame.
    pub fn enu_axes(self, g: &Geodetic) -> [Vec3; 3] {
        g.enu_axes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn out_of_range_latitude_is_refused() {
        assert!(Geodetic::from_degrees(90.1, 0.0, 0.0).is_err());
        assert!(Geodetic::from_degrees(f64::NAN, 0.0, 0.0).is_err());
        assert!(Geodetic::from_degrees(0.0, f64::INFINITY, 0.0).is_err());
        assert!(Geodetic::from_degrees(0.0, 0.0, f64::NAN).is_err());
    }

    #[test]
    fn longitude_wraps() {
        let g = Geodetic::from_degrees(0.0, 190.0, 0.0).unwrap();
        assert!((g.lon_deg() + 170.0).abs() < 1e-12);
        assert!((wrap_pi(std::f64::consts::PI) - std::f64::consts::PI).abs() < 1e-15);
    }

    #[test]
    fn centre_of_earth_does_not_produce_nan() {
        let g = Geodetic::from_ecef(&Position::new(0.0, 0.0, 0.0));
        assert!(g.lat_rad.is_finite() && g.lon_rad.is_finite() && g.h_m.is_finite());
    }

    proptest! {
        /// Round trip geodetic → ECEF → geodetic to 1 mm (position) from −500 m to 40,000 km,
        /// everywhere including the poles and across ±180°.
        #[test]
        fn round_trip_1mm(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, h in -500.0f64..4.0e7) {
            let g = Geodetic::from_degrees(lat, lon, h).unwrap();
            let r = g.to_ecef();
            let back = Geodetic::from_ecef(&r);
            prop_assert!((back.h_m - h).abs() < 1e-3, "h {} vs {}", back.h_m, h);
            // Horizontal error converted to metres on the ellipsoid.
            let r2 = back.to_ecef();
            prop_assert!((r2 - r).norm() < 1e-3);
        }

        /// The height gradient is the returned normal (central differences, 1e-6).
        #[test]
        fn up_is_height_gradient(lat in -89.0f64..89.0, lon in -180.0f64..180.0, h in 0.0f64..2.0e6) {
            let r = Geodetic::from_degrees(lat, lon, h).unwrap().to_ecef().vector();
            let (h0, up) = EarthShape::Wgs84.height_and_up(&r);
            prop_assert!((h0 - h).abs() < 1e-3);
            for i in 0..3 {
                let mut rp = r;
                let mut rm = r;
                rp[i] += 1.0;
                rm[i] -= 1.0;
                let g = (EarthShape::Wgs84.height_m(&rp) - EarthShape::Wgs84.height_m(&rm)) / 2.0;
                prop_assert!((g - up[i]).abs() < 1e-6);
            }
        }

        /// Two Bowring passes are converged: round trip to 1e-6 m from 3,000 km below the
        /// surface to 40,000 km above it.
        #[test]
        fn round_trip_converged(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, h in -3.0e6f64..4.0e7) {
            let g = Geodetic::from_degrees(lat, lon, h).unwrap();
            let r = g.to_ecef();
            let back = Geodetic::from_ecef(&r);
            prop_assert!((back.h_m - h).abs() < 1e-6, "h {} vs {}", back.h_m, h);
            prop_assert!((back.to_ecef() - r).norm() < 1e-6);
        }

        /// The radial height within 0.56 m of the height along the normal up to 100 km and
        /// within 6e-6 of it above (measured independently in Python over 0.25° of latitude:
        /// 0.555 m at 100 km, 4.87 m at 1,000 km, 8.58 m at 2,000 km).
        #[test]
        fn radial_height_is_close_to_the_normal_one(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, h in 0.0f64..4.0e6) {
            let r = Geodetic::from_degrees(lat, lon, h).unwrap().to_ecef().vector();
            let radial = EarthShape::Wgs84.radial_height_m(&r);
            prop_assert!((radial - h).abs() <= (0.56f64).max(6e-6 * h), "radial {} normal {}", radial, h);
        }

        /// One pass gives the height of two (`lat_sin_cos_height`, converged above) to 3e-8 m.
        #[test]
        fn one_pass_height_is_converged(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, h in -3.0e6f64..4.0e7) {
            let r = Geodetic::from_degrees(lat, lon, h).unwrap().to_ecef().vector();
            let two = lat_sin_cos_height(norm2(r.x, r.y), r.z).2;
            let one = EarthShape::Wgs84.height_m(&r);
            prop_assert!((one - two).abs() < 3e-8, "one pass {} two {}", one, two);
        }

        #[test]
        fn poles_round_trip(h in -500.0f64..2.0e6, lon in -180.0f64..=180.0, d in 0.0f64..1e-9) {
            let g = Geodetic::from_degrees(90.0 - d, lon, h).unwrap();
            let r = g.to_ecef();
            prop_assert!((Geodetic::from_ecef(&r).to_ecef() - r).norm() < 1e-3);
        }
    }
}
