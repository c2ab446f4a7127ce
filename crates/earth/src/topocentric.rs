//! A site on the Earth and what it sees: local east-north-up coordinates and azimuth,
//! elevation and slant range of a target.

use crate::frames::{Displacement, Ecef, Enu, Position};
use crate::geodetic::Geodetic;
use crate::math::{Mat3, Vec3};

/// A fixed site on the WGS-84 ellipsoid, with its Earth-fixed position and ENU axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site {
    /// Geodetic coordinates of the site.
    pub geodetic: Geodetic,
    /// Earth-fixed position of the site, m.
    pub ecef: Position<Ecef>,
    /// Rows are the east, north and up unit vectors in the Earth-fixed frame.
    enu_from_ecef: Mat3,
}

/// Azimuth (clockwise from north), elevation (above the ellipsoid's tangent plane) and slant
/// range of a target seen from a site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aer {
    /// Azimuth, rad, in [0, 2π), clockwise from geodetic north.
    pub azimuth_rad: f64,
    /// Geometric elevation, rad, above the local tangent plane of the ellipsoid.
    pub elevation_rad: f64,
    /// Slant range, m.
    pub range_m: f64,
}

impl Site {
    /// A site at a geodetic point.
    pub fn new(geodetic: Geodetic) -> Self {
        let [e, n, u] = geodetic.enu_axes();
        Self {
            geodetic,
            ecef: geodetic.to_ecef(),
            enu_from_ecef: Mat3::from_rows(&[e.transpose(), n.transpose(), u.transpose()]),
        }
    }

    /// Local east-north-up position of an Earth-fixed target, m.
    pub fn enu_from_ecef(&self, target: &Position<Ecef>) -> Position<Enu> {
        Position::from_vector(self.enu_from_ecef * (*target - self.ecef).vector())
    }

    /// Earth-fixed position of a local east-north-up point, m.
    pub fn ecef_from_enu(&self, p: &Position<Enu>) -> Position<Ecef> {
        self.ecef + Displacement::from_vector(self.enu_from_ecef.transpose() * p.vector())
    }

    /// Earth-fixed direction of a local east-north-up vector (rotation only).
    pub fn ecef_vector_from_enu(&self, v: &Vec3) -> Vec3 {
        self.enu_from_ecef.transpose() * v
    }

    /// Azimuth, elevation and slant range of an Earth-fixed target.
    pub fn aer(&self, target: &Position<Ecef>) -> Aer {
        let enu = self.enu_from_ecef(target).vector();
        let range_m = enu.norm();
        let horizontal = enu.x.hypot(enu.y);
        Aer {
            azimuth_rad: enu.x.atan2(enu.y).rem_euclid(std::f64::consts::TAU),
            elevation_rad: enu.z.atan2(horizontal),
            range_m,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Definition check: a target along the site's normal is at elevation 90° (1e-9 rad), one
    /// due east on the tangent plane at azimuth 90° and elevation 0° (1e-12 rad).
    #[test]
    fn straight_up_and_due_east() {
        let site = Site::new(Geodetic::from_degrees(45.0, 10.0, 100.0).unwrap());
        let [e, _, u] = site.geodetic.enu_axes();
        let up = site.aer(&(site.ecef + Displacement::from_vector(u * 1000.0)));
        assert!((up.elevation_rad - std::f64::consts::FRAC_PI_2).abs() < 1e-9);
        assert!((up.range_m - 1000.0).abs() < 1e-6);
        let east = site.aer(&(site.ecef + Displacement::from_vector(e * 5000.0)));
        assert!((east.azimuth_rad - std::f64::consts::FRAC_PI_2).abs() < 1e-12);
        assert!(east.elevation_rad.abs() < 1e-12);
    }

    #[test]
    fn enu_round_trip() {
        let site = Site::new(Geodetic::from_degrees(-33.0, 151.0, 20.0).unwrap());
        let t = Position::<Ecef>::new(-4.6e6, 2.6e6, -3.5e6);
        let back = site.ecef_from_enu(&site.enu_from_ecef(&t));
        assert!((back - t).norm() < 1e-6);
    }
}
