//! Gravity against closed forms.

#[path = "../../../testing/tolerance.rs"]
mod common;

use common::check;
use vigil_earth::constants::{J2, J2_RADIUS, MU};
use vigil_earth::gravity::Gravity;
use vigil_earth::math::Vec3;

/// Reference: surface gravity from point mass at the equator, μ/a² = 9.7983 m/s² (1e-12);
/// with J2 the equatorial attraction grows by (3/2) J2 (1 + …) to 9.8143 m/s² (1e-9 m/s²).
#[test]
fn ref_equatorial_surface_gravity() {
    let r = Vec3::new(J2_RADIUS, 0.0, 0.0);
    let g0 = Gravity { j2: false }.acceleration(&r).norm();
    let g2 = Gravity { j2: true }.acceleration(&r).norm();
    check("point mass μ/a²", [(g0, MU / J2_RADIUS.powi(2))], 1e-12);
    check("J2 at the equator", [(g2, g0 * (1.0 + 1.5 * J2))], 1e-9);
}
