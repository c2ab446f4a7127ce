//! Geodesics against published values.
#![allow(clippy::unwrap_used)]

#[path = "../../../testing/tolerance.rs"]
mod common;

use common::check;
use vigil_earth::{EarthShape, Geodetic};

/// Reference: a quarter meridian of WGS-84 is 10,001,965.729 m (Karney 2013, and the
/// meridian arc series); tolerance 1 mm (azimuth 1e-12 rad).
#[test]
fn ref_quarter_meridian() {
    let a = Geodetic::from_degrees(0.0, 0.0, 0.0).unwrap();
    let b = Geodetic::from_degrees(90.0, 0.0, 0.0).unwrap();
    let p = EarthShape::Wgs84.path(&a, &b);
    check(
        "quarter meridian (m)",
        [(p.distance_m, 10_001_965.729)],
        1e-3,
    );
    check(
        "meridian azimuth (rad)",
        [(p.azimuth_start_rad, 0.0)],
        1e-12,
    );
}
