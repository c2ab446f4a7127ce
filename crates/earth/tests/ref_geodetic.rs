//! Geodetic coordinates against the WGS-84 definition.
#![allow(clippy::unwrap_used)]

#[path = "../../../testing/tolerance.rs"]
mod common;

use common::check;
use vigil_earth::Geodetic;
use vigil_earth::constants::WGS84_B;
use vigil_earth::math::Vec3;

/// Reference: points whose ECEF coordinates follow from the WGS-84 definition alone
/// (equator: x = a + h; pole: z = b); tolerance 1 mm.
#[test]
fn ref_known_points() {
    let cases = [
        (0.0, 0.0, 0.0, 6_378_137.0, 0.0, 0.0),
        (90.0, 0.0, 0.0, 0.0, 0.0, WGS84_B),
        (0.0, 90.0, 1000.0, 0.0, 6_379_137.0, 0.0),
    ];
    let pairs = cases.map(|(lat, lon, h, x, y, z)| {
        let r = Geodetic::from_degrees(lat, lon, h)
            .unwrap()
            .to_ecef()
            .vector();
        ((r - Vec3::new(x, y, z)).norm(), 0.0)
    });
    check("WGS-84 defining points (m)", pairs, 1e-3);
}
