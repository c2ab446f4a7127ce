//! Shortest paths over the Earth's surface: distance and azimuths between two points, and the
//! point reached from a start along an azimuth. Ellipsoidal geodesics use Karney's algorithms
//! (`geographiclib-rs`, accurate to nanometres); the sphere uses great circles.

use crate::constants::{SPHERE_RADIUS, WGS84_A, WGS84_F};
use crate::geodetic::{EarthShape, Geodetic, wrap_pi};
use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};

/// Distance along the surface and azimuths at both ends of the shortest path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfacePath {
    /// Surface distance, m.
    pub distance_m: f64,
    /// Azimuth at the start, rad clockwise from north.
    pub azimuth_start_rad: f64,
    /// Azimuth at the end (direction of travel), rad clockwise from north.
    pub azimuth_end_rad: f64,
}

impl EarthShape {
    /// The shortest surface path from `a` to `b` (heights ignored).
    pub fn path(self, a: &Geodetic, b: &Geodetic) -> SurfacePath {
        match self {
            EarthShape::Wgs84 => {
                let g = Geodesic::new(WGS84_A, WGS84_F);
                let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) =
                    g.inverse(a.lat_deg(), a.lon_deg(), b.lat_deg(), b.lon_deg());
                SurfacePath {
                    distance_m: s12,
                    azimuth_start_rad: azi1.to_radians(),
                    azimuth_end_rad: azi2.to_radians(),
                }
            }
            EarthShape::Sphere => {
                let (p1, p2) = (a.lat_rad, b.lat_rad);
                let dl = b.lon_rad - a.lon_rad;
                let h = ((p2 - p1) / 2.0).sin().powi(2)
                    + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
                let angle = 2.0 * h.sqrt().min(1.0).asin();
                let az = |pa: f64, pb: f64, d: f64| {
                    (d.sin() * pb.cos()).atan2(pa.cos() * pb.sin() - pa.sin() * pb.cos() * d.cos())
                };
                SurfacePath {
                    distance_m: angle * SPHERE_RADIUS,
                    azimuth_start_rad: az(p1, p2, dl),
                    azimuth_end_rad: wrap_pi(az(p2, p1, -dl) + std::f64::consts::PI),
                }
            }
        }
    }

    /// The surface point reached from `a` after `distance_m` along `azimuth_rad` (height 0).
    pub fn destination(self, a: &Geodetic, azimuth_rad: f64, distance_m: f64) -> Geodetic {
        match self {
            EarthShape::Wgs84 => {
                let g = Geodesic::new(WGS84_A, WGS84_F);
                let (lat, lon): (f64, f64) = g.direct(
                    a.lat_deg(),
                    a.lon_deg(),
                    azimuth_rad.to_degrees(),
                    distance_m,
                );
                Geodetic {
                    lat_rad: lat.to_radians(),
                    lon_rad: wrap_pi(lon.to_radians()),
                    h_m: 0.0,
                }
            }
            EarthShape::Sphere => {
                let d = distance_m / SPHERE_RADIUS;
                let (p1, l1) = (a.lat_rad, a.lon_rad);
                let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * azimuth_rad.cos()).asin();
                let l2 = l1
                    + (azimuth_rad.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
                Geodetic {
                    lat_rad: p2,
                    lon_rad: wrap_pi(l2),
                    h_m: 0.0,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct and inverse problems agree on both shapes (1 mm, 1e-9 rad).
    #[test]
    fn direct_inverse_round_trip() {
        let a = Geodetic::from_degrees(55.0, 37.0, 0.0).unwrap();
        for shape in [EarthShape::Wgs84, EarthShape::Sphere] {
            for az_deg in [0.0, 45.0, 135.0, 260.0] {
                let b = shape.destination(&a, f64::to_radians(az_deg), 7.5e6);
                let p = shape.path(&a, &b);
                assert!((p.distance_m - 7.5e6).abs() < 1e-3, "{shape:?} {az_deg}");
                let d = wrap_pi(p.azimuth_start_rad - az_deg.to_radians());
                assert!(d.abs() < 1e-9, "{shape:?} {az_deg} {d}");
            }
        }
    }
}
