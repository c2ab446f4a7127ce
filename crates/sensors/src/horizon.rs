//! Radar horizon and elevation geometry over a spherical Earth with an effective-radius refraction model.
//!
//! Straight rays over a sphere of effective radius `r_e = k R` stand in for refracted rays over
//! the true Earth (docs/physics.md §3.5). Units: metres, radians. Heights are above the effective
//! sphere; the ground (great-circle) angle `theta` is measured at the Earth's centre.
//!
//! These are pure geometry: apart from [`min_visible_height`] and [`horizon_range`] they do not
//! check whether the Earth blocks a ray; apply horizon and elevation masks separately.
//!
//! Degenerate inputs never panic or yield NaN. Functions returning `Option` give `None` when
//! no valid answer exists (non-finite or non-positive `r_e`, a radius `r_e + h ≤ 0`, angles out
//! of range, unreachable heights). The plain-`f64` functions return conservative sentinels
//! ("target not visible"): [`apparent_elevation`] `−π/2`, [`slant_range`] `+∞`,
//! [`horizon_range`] `0`.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

/// Mean Earth radius (m) for the effective-Earth model: the IUGG mean radius R₁, as used by
/// MATLAB `effearthradius` (`physconst('EarthRadius')`).
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;

/// Effective-Earth refraction model: rays are straight over a sphere of radius `k R`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Refraction {
    /// Effective Earth radius factor (dimensionless): 1 = geometric, 4/3 = standard atmosphere.
    pub k: f64,
}

impl Default for Refraction {
    /// The standard 4/3-Earth atmosphere.
    fn default() -> Self {
        Self::STANDARD
    }
}

impl Refraction {
    /// Standard atmosphere, `k = 4/3`.
    pub const STANDARD: Refraction = Refraction { k: 4.0 / 3.0 };
    /// No refraction (geometric line of sight), `k = 1`.
    pub const NONE: Refraction = Refraction { k: 1.0 };

    /// From a refractivity gradient `dN/dh` (per metre, e.g. −39e-9):
    /// `k = 1/(1 + R dN/dh)` with `R =` [`EARTH_RADIUS_M`] (MATLAB `effearthradius`).
    ///
    /// At or beyond the ducting gradient (`1 + R dN/dh ≤ 0`, about −157e-9 /m) the model has no
    /// finite radius and `k = +∞` is returned (the geometry functions then report no answer);
    /// NaN gives [`Refraction::NONE`].
    pub fn from_gradient(dn_dh_per_m: f64) -> Self {
        if dn_dh_per_m.is_nan() {
            return Self::NONE;
        }
        let denominator = 1.0 + EARTH_RADIUS_M * dn_dh_per_m;
        let k = if denominator > 0.0 {
            1.0 / denominator
        } else {
            f64::INFINITY
        };
        Self { k }
    }

    /// Effective Earth radius `k · earth_radius_m` (m).
    pub fn effective_radius_m(&self, earth_radius_m: f64) -> f64 {
        self.k * earth_radius_m
    }
}

/// Radii `(r_e + h_s, r_e + h_t)` if the effective radius and both heights are usable.
fn radii(r_e: f64, h_s: f64, h_t: f64) -> Option<(f64, f64)> {
    let valid = r_e.is_finite() && r_e > 0.0 && h_s.is_finite() && h_t.is_finite();
    let (r_o, r_t) = (r_e + h_s, r_e + h_t);
    (valid && r_o > 0.0 && r_t > 0.0).then_some((r_o, r_t))
}

/// Folds a ground angle into `[0, π]` (the angle between the two radius vectors).
fn fold_ground_angle(theta: f64) -> Option<f64> {
    if !theta.is_finite() {
        return None;
    }
    let t = theta.abs() % TAU;
    Some(if t > PI { TAU - t } else { t })
}

/// Apparent elevation (rad) of a target at height `h_t` (m) seen from a site at height `h_s`
/// (m) separated by ground (great-circle) angle `theta` (rad), over an effective Earth of
/// radius `r_e` (m): `E = atan2(r_t cos θ − r_o, r_t sin θ)`, `r_o = r_e + h_s`,
/// `r_t = r_e + h_t`.
///
/// `theta` is folded into `[0, π]` (sign and whole turns ignored); `theta = 0` gives `±π/2`
/// (or 0 if the heights are equal). Invalid inputs (see the module notes) give `−π/2`.
pub fn apparent_elevation(r_e: f64, h_s: f64, h_t: f64, theta: f64) -> f64 {
    let (Some((_, r_t)), Some(theta)) = (radii(r_e, h_s, h_t), fold_ground_angle(theta)) else {
        return -FRAC_PI_2;
    };
    let half_sin = (0.5 * theta).sin();
    // r_t cos θ − r_o, written without cancellation for small θ.
    let up = (h_t - h_s) - 2.0 * r_t * half_sin * half_sin;
    up.atan2(r_t * theta.sin())
}

/// Slant (straight-line) range (m) between a site at height `h_s` and a target at height
/// `h_t` separated by ground angle `theta` (rad), over an effective Earth of radius `r_e`:
/// `r² = (h_t − h_s)² + 4 r_o r_t sin²(θ/2)` (the law of cosines without cancellation).
///
/// `theta` is folded into `[0, π]`. Invalid inputs give `+∞`.
pub fn slant_range(r_e: f64, h_s: f64, h_t: f64, theta: f64) -> f64 {
    let (Some((r_o, r_t)), Some(theta)) = (radii(r_e, h_s, h_t), fold_ground_angle(theta)) else {
        return f64::INFINITY;
    };
    let dh = h_t - h_s;
    let half_sin = (0.5 * theta).sin();
    (dh * dh + 4.0 * r_o * r_t * half_sin * half_sin).sqrt()
}

/// Ground angle (rad) at which a target at height `h_t` (m) is seen at elevation `elevation`
/// (rad) from a site at height `h_s` (m), over an effective Earth of radius `r_e` (m).
///
/// Closed form `θ = acos(r_o cos E / r_t) − E` (`r_o = r_e + h_s`, `r_t = r_e + h_t`), the
/// first crossing of height `h_t` along the ray: for `E < 0` and a target below the site this
/// is the descending crossing `θ = −acos(r_o cos E / r_t) − E`. `None` if the ray never
/// reaches `h_t` (e.g. `h_t < h_s` with `E ≥ 0`), if `|E| > π/2`, or for invalid inputs.
/// Earth blocking is not checked. `E = π/2` gives 0.
pub fn ground_angle_at_elevation(r_e: f64, h_s: f64, h_t: f64, elevation: f64) -> Option<f64> {
    let (r_o, r_t) = radii(r_e, h_s, h_t)?;
    if !(elevation.abs() <= FRAC_PI_2) {
        return None;
    }
    let c = r_o * elevation.cos() / r_t;
    if !(c <= 1.0) {
        return None;
    }
    let crossing = c.max(-1.0).acos();
    let theta = if r_t >= r_o {
        crossing - elevation
    } else if elevation < 0.0 {
        -crossing - elevation
    } else {
        return None;
    };
    Some(theta.max(0.0))
}

/// Minimum visible height (m) at ground angle `theta` (rad) from a site at height `h_s` (m)
/// with elevation mask `elevation` (rad), over an effective Earth of radius `r_e` (m):
/// `H = (r_e + h_s) cos E / cos(E + θ) − r_e` (docs/physics.md §3.5), the height of the mask ray.
///
/// `None` when `E + θ ≥ π/2` (the ray never reaches that ground angle), for `θ` outside
/// `[0, π]`, `|E| > π/2`, invalid inputs, or when a downward mask ray (`E < 0`) hits the Earth
/// before ground angle `θ`.
pub fn min_visible_height(r_e: f64, h_s: f64, elevation: f64, theta: f64) -> Option<f64> {
    let (r_o, _) = radii(r_e, h_s, 0.0)?;
    let angles_ok = elevation.abs() <= FRAC_PI_2 && (0.0..=PI).contains(&theta);
    if !angles_ok || !(elevation + theta < FRAC_PI_2) {
        return None;
    }
    if elevation < 0.0 {
        let perigee = r_o * elevation.cos();
        // Ground angle where the descending ray first reaches the surface, if it does.
        if perigee < r_e && theta > -elevation - (perigee / r_e).acos() {
            return None;
        }
    }
    let h = r_o * elevation.cos() / (elevation + theta).cos() - r_e;
    h.is_finite().then_some(h)
}

/// Radar horizon range (m), antenna height `h1`, target height `h2` (m), effective radius
/// `r_e` (m): `d = sqrt(2 r_e h1 + h1²) + sqrt(2 r_e h2 + h2²)` (tangent-line distances;
/// with `r_e = k R` this is the 4/3-Earth form of docs/physics.md §3.5).
///
/// Negative or NaN heights count as 0; an invalid `r_e` gives 0.
pub fn horizon_range(r_e: f64, h1: f64, h2: f64) -> f64 {
    if !(r_e.is_finite() && r_e > 0.0) {
        return 0.0;
    }
    let tangent = |h: f64| {
        let h = if h > 0.0 { h } else { 0.0 };
        (h * (2.0 * r_e + h)).sqrt()
    };
    let d = tangent(h1) + tangent(h2);
    if d.is_nan() { 0.0 } else { d }
}

/// Slant range (m) to a target at height `h_t` seen at elevation `elevation` (rad) from a site
/// at height `h_s` (m), effective radius `r_e` (m): the smallest positive root of
/// `(r_e + h_t)² = (r_e + h_s)² + r² + 2 r (r_e + h_s) sin E` (MATLAB `height2range`, whose
/// arguments are ordered `(h_t, h_s, E in degrees, r_e)`).
///
/// `None` when no positive root exists or for invalid inputs. Earth blocking is not checked.
pub fn height_to_range(r_e: f64, h_s: f64, h_t: f64, elevation: f64) -> Option<f64> {
    let (r_o, r_t) = radii(r_e, h_s, h_t)?;
    if !(elevation.abs() <= FRAC_PI_2) {
        return None;
    }
    let p = r_o * elevation.sin();
    // r_t² − r_o² without cancellation.
    let q = (h_t - h_s) * (r_t + r_o);
    let disc = p * p + q;
    if !(disc >= 0.0) {
        return None;
    }
    let root = disc.sqrt();
    let r = if q >= 0.0 {
        // One non-negative root, −p + root, in a cancellation-free form.
        if p >= 0.0 {
            let den = p + root;
            if den > 0.0 { q / den } else { 0.0 }
        } else {
            root - p
        }
    } else if p < 0.0 {
        // Target below the site on a descending ray: nearer root −p − root.
        -q / (root - p)
    } else {
        return None;
    };
    r.is_finite().then_some(r)
}

/// Ground range (m, arc length `r_e θ` on the effective sphere) to a target at height `h_t`
/// seen at elevation `elevation` (rad) from a site at height `h_s` (m) (MATLAB
/// `height2grndrange`). Uses the [`height_to_range`] crossing and
/// `θ = atan2(r cos E, r_o + r sin E)`. `None` as for [`height_to_range`].
pub fn height_to_ground_range(r_e: f64, h_s: f64, h_t: f64, elevation: f64) -> Option<f64> {
    let r = height_to_range(r_e, h_s, h_t, elevation)?;
    let r_o = r_e + h_s;
    let theta = (r * elevation.cos()).atan2(r_o + r * elevation.sin());
    let s = r_e * theta;
    s.is_finite().then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_inputs() {
        let r_e = Refraction::STANDARD.effective_radius_m(EARTH_RADIUS_M);
        // θ = 0: straight up/down; θ = π: antipode (below the horizon).
        assert!((apparent_elevation(r_e, 0.0, 1e3, 0.0) - FRAC_PI_2).abs() < 1e-15);
        assert_eq!(apparent_elevation(r_e, 5.0, 5.0, 0.0), 0.0);
        assert!(apparent_elevation(r_e, 0.0, 1e3, PI) < -1.5);
        assert!((slant_range(r_e, 10.0, 1e3, 0.0) - 990.0).abs() <= 1e-6);
        assert!((slant_range(r_e, 0.0, 0.0, PI) - 2.0 * r_e).abs() <= 1e-6);
        // E = 90°: θ = 0 and range = height difference.
        assert_eq!(
            ground_angle_at_elevation(r_e, 0.0, 1e3, FRAC_PI_2),
            Some(0.0)
        );
        let up = height_to_range(r_e, 0.0, 1e3, FRAC_PI_2).unwrap();
        assert!((up - 1e3).abs() < 1e-6);
        assert_eq!(min_visible_height(r_e, 0.0, FRAC_PI_2, 0.1), None);
        // Target below the site on a rising ray: unreachable.
        assert_eq!(ground_angle_at_elevation(r_e, 1e3, 0.0, 0.01), None);
        assert_eq!(height_to_range(r_e, 1e3, 0.0, 0.01), None);
        // Negative heights: allowed while the radius stays positive; horizon clamps to 0.
        assert!(ground_angle_at_elevation(r_e, -100.0, 1e3, 0.0).is_some());
        assert_eq!(horizon_range(r_e, -5.0, -5.0), 0.0);
        assert_eq!(ground_angle_at_elevation(r_e, -2.0 * r_e, 1e3, 0.0), None);
        // Ducting gradient → k = ∞ → no answers; NaN gradient → no refraction.
        let duct = Refraction::from_gradient(-200e-9).effective_radius_m(EARTH_RADIUS_M);
        assert_eq!(duct, f64::INFINITY);
        assert_eq!(height_to_range(duct, 0.0, 1e3, 0.1), None);
        assert_eq!(Refraction::from_gradient(f64::NAN), Refraction::NONE);
        // Downward mask ray that hits the Earth.
        assert_eq!(
            min_visible_height(r_e, 100.0, -10f64.to_radians(), 0.01),
            None
        );

        let specials = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -1e7,
            -1.0,
            0.0,
            1.0,
            1e7,
        ];
        let angles = [f64::NAN, f64::INFINITY, -1.0, 0.0, FRAC_PI_2, PI, 4.0, 1e9];
        for &re in &[r_e, 0.0, -1.0, f64::NAN, f64::INFINITY] {
            for &h1 in &specials {
                for &h2 in &specials {
                    assert!(!horizon_range(re, h1, h2).is_nan());
                    for &a in &angles {
                        assert!(!apparent_elevation(re, h1, h2, a).is_nan());
                        assert!(!slant_range(re, h1, h2, a).is_nan());
                        for v in [
                            ground_angle_at_elevation(re, h1, h2, a),
                            min_visible_height(re, h1, a, h2),
                            min_visible_height(re, h1, h2, a),
                            height_to_range(re, h1, h2, a),
                            height_to_ground_range(re, h1, h2, a),
                        ] {
                            assert!(v.is_none_or(|x| !x.is_nan()), "{re} {h1} {h2} {a}");
                        }
                    }
                }
            }
        }
    }
}
