//! The Earth rotation angle against the IERS Conventions.
#![allow(clippy::unwrap_used)]

#[path = "../../../testing/tolerance.rs"]
mod common;

use common::check;
use std::f64::consts::TAU;
use vigil_earth::rotation::{earth_rotation_angle, parse_utc};

/// Reference: IERS Conventions (2010) eq. 5.15 — at J2000.0 (2000-01-01T12:00:00 UT1)
/// ERA = 2π·0.7790572732640 rad; tolerance 1e-9 rad (UT1 = UTC here).
#[test]
fn ref_era_at_j2000() {
    let e = parse_utc("2000-01-01T12:00:00Z").unwrap();
    let expect = 0.779_057_273_264 * TAU;
    check(
        "ERA at J2000 (rad)",
        [(earth_rotation_angle(e), expect)],
        1e-9,
    );
}
