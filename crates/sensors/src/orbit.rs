//! Satellite orbits: Keplerian elements with J2 secular rates, propagated in ECI.
//!
//! An [`Orbit`] holds *mean* classical elements at the scenario epoch (t = 0) and moves the
//! node Ω, the argument of perigee ω and the mean anomaly M linearly in time at the
//! first-order secular J2 rates (Vallado, *Fundamentals of Astrodynamics and Applications*,
//! 4th ed., 2013, eq. 9-41; the same as Brouwer 1959 to first order in J2). Short-period J2
//! terms (tens of metres to ~10 km in LEO), drag, luni-solar and higher harmonics are not
//! modelled: this is the model of an early-warning constellation's geometry, not of orbit
//! determination.
//!
//! The frame is Vigil's [`Eci`] (x axis at Earth rotation angle 0, z the rotation axis); the
//! Earth-fixed position goes through [`EarthRotation`]. Units are SI: metres, seconds,
//! radians.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use vigil_earth::constants::{J2, J2_RADIUS, MU, OMEGA, WGS84_A};
use vigil_earth::math::Vec3;
use vigil_earth::rotation::EarthRotation;
use vigil_earth::{Ecef, Eci, Position, Velocity};

/// The Earth's sidereal rotation period of Vigil's Earth model, 2π/ω ≈ 86,164.0989 s.
pub const SIDEREAL_DAY_S: f64 = TAU / OMEGA;

/// The critical inclination atan 2 ≈ 63.4349°, rad, where sin² i = 4/5 and the J2 apsidal
/// rotation dω/dt vanishes (used by Molniya and Tundra orbits).
pub const CRITICAL_INCLINATION_RAD: f64 = 1.107_148_717_794_090_4;

/// Eccentricity of [`Orbit::molniya`]: with a ≈ 26,554 km it gives perigee ≈ 605 km and
/// apogee ≈ 39,745 km altitude (typical Molniya orbit 600 × 39,700 km; e = 0.72 would give
/// only ≈ 1,060 × 39,310 km).
pub const MOLNIYA_ECCENTRICITY: f64 = 0.737;

/// Eccentricity of [`Orbit::tundra`] (perigee ≈ 24,400 km, apogee ≈ 47,200 km altitude).
pub const TUNDRA_ECCENTRICITY: f64 = 0.27;

/// Classical (mean) orbital elements at the scenario epoch (t = 0), in Vigil's ECI frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Elements {
    /// Semi-major axis, m.
    pub a_m: f64,
    /// Eccentricity, in [0, 1).
    pub e: f64,
    /// Inclination to the equator, rad, in [0, π].
    pub i_rad: f64,
    /// Right ascension of the ascending node Ω, rad from the ECI x axis.
    pub raan_rad: f64,
    /// Argument of perigee ω, rad from the ascending node.
    pub argp_rad: f64,
    /// Mean anomaly M, rad from perigee.
    pub mean_anomaly_rad: f64,
}

/// Why elements (or a state vector) were refused.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum OrbitError {
    /// An element is NaN or infinite.
    #[error("orbital element {field} is not finite ({value})")]
    NonFinite {
        /// Which element.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// The semi-major axis is not positive.
    #[error("semi-major axis must be positive, got {a_m} m")]
    SemiMajorAxis {
        /// The semi-major axis given, m.
        a_m: f64,
    },
    /// The eccentricity is outside [0, 1) (only closed orbits are modelled).
    #[error("eccentricity must be in [0, 1), got {e}")]
    Eccentricity {
        /// The eccentricity given.
        e: f64,
    },
    /// The inclination is outside [0, π].
    #[error("inclination must be in [0, π] rad, got {i_rad} rad")]
    Inclination {
        /// The inclination given, rad.
        i_rad: f64,
    },
    /// The perigee radius a(1 − e) is below the Earth's equatorial radius.
    #[error("perigee radius {perigee_m} m is below the Earth's surface ({WGS84_A} m)")]
    PerigeeBelowSurface {
        /// The perigee radius, m.
        perigee_m: f64,
    },
    /// A state vector has zero or non-finite position, or zero angular momentum.
    #[error("state vector is degenerate (zero radius or rectilinear motion)")]
    DegenerateState,
}

/// A validated orbit: mean elements at t = 0 plus their secular J2 rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orbit {
    el: Elements,
    /// Keplerian mean motion sqrt(μ/a³), rad/s.
    n: f64,
    /// dΩ/dt, rad/s.
    raan_rate: f64,
    /// dω/dt, rad/s.
    argp_rate: f64,
    /// dM/dt (including n), rad/s.
    mean_anomaly_rate: f64,
}

impl Orbit {
    /// An orbit from mean elements at the epoch, with J2 secular drift of Ω, ω and M.
    ///
    /// The elements are *mean* elements: osculating elements of a real state (e.g. from
    /// [`elements_from_state`]) differ from them by the short-period J2 terms, ~10 km in a
    /// for LEO.
    pub fn new(el: Elements) -> Result<Self, OrbitError> {
        validate(&el)?;
        Ok(Self::from_valid(el, true))
    }

    /// An unperturbed (two-body, point-mass) orbit from elements at the epoch: no J2 drift.
    pub fn two_body(el: Elements) -> Result<Self, OrbitError> {
        validate(&el)?;
        Ok(Self::from_valid(el, false))
    }

    fn from_valid(el: Elements, j2: bool) -> Self {
        let n = (MU / (el.a_m * el.a_m * el.a_m)).sqrt();
        let (d_raan, d_argp, d_m) = if j2 {
            j2_factors(el.a_m, el.e, el.i_rad)
        } else {
            (0.0, 0.0, 0.0)
        };
        Self {
            el,
            n,
            raan_rate: n * d_raan,
            argp_rate: n * d_argp,
            mean_anomaly_rate: n * (1.0 + d_m),
        }
    }

    /// Geostationary orbit (e = 0, i = 0) whose sub-satellite point is at longitude `lon_rad`
    /// (east, rad) at t = 0 for `rotation`, and stays there.
    ///
    /// The radius is the synchronous one *with* the J2 correction of the mean motion: a is
    /// chosen so that dΩ/dt + dω/dt + dM/dt = ω⊕, which gives a ≈ 42,166.3 km instead of the
    /// Keplerian (μ/ω⊕²)^(1/3) = 42,164.17 km (without it the satellite would drift east by
    /// ≈ 0.027°/day under this module's J2 propagation). A non-finite longitude gives
    /// non-finite states.
    pub fn geostationary(lon_rad: f64, rotation: &EarthRotation) -> Self {
        let a = repeat_semi_major_axis(1.0, 0.0, 0.0);
        let el = Elements {
            a_m: a,
            e: 0.0,
            i_rad: 0.0,
            raan_rad: 0.0,
            argp_rad: 0.0,
            mean_anomaly_rad: (lon_rad + rotation.angle_rad(0.0)).rem_euclid(TAU),
        };
        Self::from_valid(el, true)
    }

    /// Molniya orbit: two revolutions per (nodal) day, i = 63.4349° (critical), ω = 270°
    /// (apogee over the northern hemisphere at 63.4° N), e = [`MOLNIYA_ECCENTRICITY`].
    ///
    /// The apogee is at east longitude `apogee_lon_rad` at time `t_apogee_s` (s after the
    /// epoch) for `rotation`; see [`Orbit::tundra`] for how Ω and M are chosen and for the
    /// J2-corrected semi-major axis (≈ 26,554 km; its Keplerian period is ≈ 20 s shorter than
    /// half a sidereal day, the nodal period is exactly half a nodal day).
    /// Non-finite inputs give non-finite states.
    pub fn molniya(apogee_lon_rad: f64, t_apogee_s: f64, rotation: &EarthRotation) -> Self {
        Self::critical_repeat(
            2.0,
            MOLNIYA_ECCENTRICITY,
            apogee_lon_rad,
            t_apogee_s,
            rotation,
        )
    }

    /// Tundra orbit: one revolution per (nodal) day, i = 63.4349° (critical), ω = 270°,
    /// e = [`TUNDRA_ECCENTRICITY`]; apogee at east longitude `apogee_lon_rad` at `t_apogee_s`.
    ///
    /// How the elements are chosen (also for [`Orbit::molniya`]):
    /// * a makes the ground track repeat exactly with J2: k nodal periods equal one nodal day,
    ///   dM/dt + dω/dt = k (ω⊕ − dΩ/dt), with k revolutions per day.
    /// * At apogee the argument of latitude is u = ω + 180° = 90°, so the apogee's right
    ///   ascension is Ω + 90°. Its longitude is that minus the Earth rotation angle θ, so
    ///   Ω(t_a) = λ + θ(t_a) − 90°, and Ω at the epoch is Ω(t_a) − (dΩ/dt) t_a.
    /// * M(t_a) = 180°, so M at the epoch is 180° − (dM/dt) t_a; likewise ω at the epoch
    ///   is 270° − (dω/dt) t_a (dω/dt is 0 at the critical inclination).
    ///
    /// Non-finite inputs give non-finite states.
    pub fn tundra(apogee_lon_rad: f64, t_apogee_s: f64, rotation: &EarthRotation) -> Self {
        Self::critical_repeat(
            1.0,
            TUNDRA_ECCENTRICITY,
            apogee_lon_rad,
            t_apogee_s,
            rotation,
        )
    }

    fn critical_repeat(
        revs_per_day: f64,
        e: f64,
        apogee_lon_rad: f64,
        t_apogee_s: f64,
        rotation: &EarthRotation,
    ) -> Self {
        let i = CRITICAL_INCLINATION_RAD;
        let a = repeat_semi_major_axis(revs_per_day, e, i);
        let base = Self::from_valid(
            Elements {
                a_m: a,
                e,
                i_rad: i,
                raan_rad: 0.0,
                argp_rad: 0.0,
                mean_anomaly_rad: 0.0,
            },
            true,
        );
        let raan_at_apogee = apogee_lon_rad + rotation.angle_rad(t_apogee_s) - FRAC_PI_2;
        let el = Elements {
            raan_rad: (raan_at_apogee - base.raan_rate * t_apogee_s).rem_euclid(TAU),
            argp_rad: (1.5 * PI - base.argp_rate * t_apogee_s).rem_euclid(TAU),
            mean_anomaly_rad: (PI - base.mean_anomaly_rate * t_apogee_s).rem_euclid(TAU),
            ..base.el
        };
        Self { el, ..base }
    }

    /// The mean elements at the epoch (t = 0).
    pub fn elements(&self) -> Elements {
        self.el
    }

    /// The mean elements at `t_s` seconds after the epoch (Ω, ω, M advanced at their secular
    /// rates; angles wrapped to [0, 2π)).
    pub fn elements_at(&self, t_s: f64) -> Elements {
        Elements {
            raan_rad: (self.el.raan_rad + self.raan_rate * t_s).rem_euclid(TAU),
            argp_rad: (self.el.argp_rad + self.argp_rate * t_s).rem_euclid(TAU),
            mean_anomaly_rad: (self.el.mean_anomaly_rad + self.mean_anomaly_rate * t_s)
                .rem_euclid(TAU),
            ..self.el
        }
    }

    /// Keplerian mean motion n = sqrt(μ/a³), rad/s.
    pub fn mean_motion_rad_s(&self) -> f64 {
        self.n
    }

    /// Secular J2 rates (rad/s): (dΩ/dt, dω/dt, dM/dt − n), Vallado (2013) eq. 9-41 with
    /// p = a(1 − e²):
    /// dΩ/dt = −(3/2) n J2 (R/p)² cos i, dω/dt = (3/4) n J2 (R/p)² (4 − 5 sin² i),
    /// dM/dt − n = (3/4) n J2 (R/p)² √(1 − e²) (2 − 3 sin² i). All zero for a two-body orbit.
    pub fn secular_rates(&self) -> (f64, f64, f64) {
        (
            self.raan_rate,
            self.argp_rate,
            self.mean_anomaly_rate - self.n,
        )
    }

    /// Anomalistic period (perigee to perigee) 2π / (dM/dt), s, including the J2 correction
    /// of the mean motion.
    pub fn period_s(&self) -> f64 {
        TAU / self.mean_anomaly_rate
    }

    /// Keplerian period 2π sqrt(a³/μ), s.
    pub fn keplerian_period_s(&self) -> f64 {
        TAU / self.n
    }

    /// Nodal (draconitic) period 2π / (dω/dt + dM/dt), s: ascending node to ascending node.
    pub fn nodal_period_s(&self) -> f64 {
        TAU / (self.argp_rate + self.mean_anomaly_rate)
    }

    /// Position (m) and velocity (m/s) in ECI at `t_s` seconds after the epoch.
    ///
    /// The position is the point of the ellipse of the mean elements at `t_s`. The velocity
    /// is the time derivative of that position, i.e. the Keplerian velocity scaled by
    /// (dM/dt)/n plus the rotation of the ellipse by dΩ/dt about z and dω/dt about the orbit
    /// normal; its speed therefore differs from vis-viva by O(J2 (R/p)²) (≈ 0.1 %, i.e.
    /// several m/s, in LEO; ≈ 0.2 m/s at GEO) and is exactly Keplerian for
    /// [`Orbit::two_body`].
    pub fn state_eci(&self, t_s: f64) -> (Position<Eci>, Velocity<Eci>) {
        let el = self.elements_at(t_s);
        let (p, q, w) = perifocal_axes(el.raan_rad, el.i_rad, el.argp_rad);
        let e = el.e;
        let a = el.a_m;
        let b = a * (1.0 - e * e).sqrt();
        let (s, c) = eccentric_anomaly(el.mean_anomaly_rad, e).sin_cos();
        // Position in the perifocal frame and its derivative with respect to time for M
        // advancing at dM/dt: dE/dt = (dM/dt) / (1 − e cos E).
        let x = a * (c - e);
        let y = b * s;
        let e_dot = self.mean_anomaly_rate / (1.0 - e * c);
        let r = p * x + q * y;
        let v = p * (-a * s * e_dot)
            + q * (b * c * e_dot)
            + Vec3::z().cross(&r) * self.raan_rate
            + w.cross(&r) * self.argp_rate;
        (Position::from_vector(r), Velocity::from_vector(v))
    }

    /// Position in ECEF at `t_s` seconds after the epoch, via `rotation`.
    pub fn position_ecef(&self, t_s: f64, rotation: &EarthRotation) -> Position<Ecef> {
        let (r, _) = self.state_eci(t_s);
        rotation.ecef_position(t_s, &r)
    }
}

fn validate(el: &Elements) -> Result<(), OrbitError> {
    let fields = [
        ("a_m", el.a_m),
        ("e", el.e),
        ("i_rad", el.i_rad),
        ("raan_rad", el.raan_rad),
        ("argp_rad", el.argp_rad),
        ("mean_anomaly_rad", el.mean_anomaly_rad),
    ];
    for (field, value) in fields {
        if !value.is_finite() {
            return Err(OrbitError::NonFinite { field, value });
        }
    }
    if !(el.a_m > 0.0) {
        return Err(OrbitError::SemiMajorAxis { a_m: el.a_m });
    }
    if !(0.0..1.0).contains(&el.e) {
        return Err(OrbitError::Eccentricity { e: el.e });
    }
    if !(0.0..=PI).contains(&el.i_rad) {
        return Err(OrbitError::Inclination { i_rad: el.i_rad });
    }
    let perigee_m = el.a_m * (1.0 - el.e);
    if perigee_m < WGS84_A {
        return Err(OrbitError::PerigeeBelowSurface { perigee_m });
    }
    Ok(())
}

/// Secular J2 rates divided by the mean motion: (dΩ/dt, dω/dt, dM/dt − n) / n.
fn j2_factors(a: f64, e: f64, i: f64) -> (f64, f64, f64) {
    let one_m_e2 = 1.0 - e * e;
    let p = a * one_m_e2;
    let k = 0.75 * J2 * (J2_RADIUS / p).powi(2);
    let (s, c) = i.sin_cos();
    let s2 = s * s;
    (
        -2.0 * k * c,
        k * (4.0 - 5.0 * s2),
        k * one_m_e2.sqrt() * (2.0 - 3.0 * s2),
    )
}

/// Semi-major axis of a J2 repeat-ground-track orbit with `k` revolutions per nodal day:
/// dM/dt + dω/dt = k (ω⊕ − dΩ/dt). Fixed-point iteration (the J2 terms are ~1e-4).
fn repeat_semi_major_axis(k: f64, e: f64, i: f64) -> f64 {
    let target = k * OMEGA;
    let mut a = (MU / (target * target)).cbrt();
    for _ in 0..20 {
        let (d_raan, d_argp, d_m) = j2_factors(a, e, i);
        let n = target / (1.0 + d_m + d_argp + k * d_raan);
        a = (MU / (n * n)).cbrt();
    }
    a
}

/// The perifocal unit vectors P (to perigee), Q (90° ahead in the plane) and W (orbit
/// normal) in ECI for the rotation R3(−Ω) R1(−i) R3(−ω) (as in Vallado's COE2RV).
fn perifocal_axes(raan: f64, i: f64, argp: f64) -> (Vec3, Vec3, Vec3) {
    let (so, co) = raan.sin_cos();
    let (si, ci) = i.sin_cos();
    let (sw, cw) = argp.sin_cos();
    let p = Vec3::new(co * cw - so * sw * ci, so * cw + co * sw * ci, sw * si);
    let q = Vec3::new(-co * sw - so * cw * ci, -so * sw + co * cw * ci, cw * si);
    let w = Vec3::new(so * si, -co * si, ci);
    (p, q, w)
}

/// Solves Kepler's equation M = E − e sin E for the eccentric anomaly E, rad.
///
/// Newton's method safeguarded by bisection on the bracket [M, M + e] (after reducing M to
/// [0, π] by periodicity and symmetry), so it converges for every e in [0, 1), including
/// e → 1 near perigee. The returned E is in the same revolution as `mean_anomaly_rad`.
/// Returns NaN if `mean_anomaly_rad` is not finite or `e` is outside [0, 1).
pub fn eccentric_anomaly(mean_anomaly_rad: f64, e: f64) -> f64 {
    if !mean_anomaly_rad.is_finite() || !(0.0..1.0).contains(&e) {
        return f64::NAN;
    }
    let turns = (mean_anomaly_rad / TAU).round();
    let reduced = mean_anomaly_rad - turns * TAU; // in [−π, π]
    let (sign, m) = if reduced < 0.0 {
        (-1.0, -reduced)
    } else {
        (1.0, reduced)
    };
    // E − e sin E − M is increasing in E (derivative 1 − e cos E > 0), negative at E = M and
    // non-negative at E = min(M + e, π).
    let mut lo = m;
    let mut hi = (m + e).min(PI);
    let mut ecc = (m + 0.85 * e).min(hi);
    for _ in 0..100 {
        let (s, c) = ecc.sin_cos();
        let f = ecc - e * s - m;
        if f == 0.0 {
            break;
        }
        if f > 0.0 {
            hi = ecc;
        } else {
            lo = ecc;
        }
        let mut next = ecc - f / (1.0 - e * c);
        if !(next >= lo && next <= hi) {
            next = 0.5 * (lo + hi);
        }
        let step = (next - ecc).abs();
        ecc = next;
        if step <= 1e-15 * (1.0 + ecc.abs()) {
            break;
        }
    }
    sign * ecc + turns * TAU
}

/// Osculating two-body elements of an ECI state (position m, velocity m/s).
///
/// Conventions for the singular cases: for an equatorial orbit (sin i < 1e-12) Ω = 0 and ω is
/// measured from the x axis; for a circular orbit (e < 1e-12) ω = 0 and M is measured from
/// the node. Refuses unbound (e ≥ 1) and degenerate states; does not check the perigee
/// against the surface (pass the result to [`Orbit::new`] for that).
pub fn elements_from_state(r: &Position<Eci>, v: &Velocity<Eci>) -> Result<Elements, OrbitError> {
    let rv = r.vector();
    let vv = v.vector();
    let r_mag = rv.norm();
    let h = rv.cross(&vv);
    let h_mag = h.norm();
    if !(r.is_finite() && v.is_finite() && r_mag > 0.0 && h_mag > 0.0) {
        return Err(OrbitError::DegenerateState);
    }
    let energy = 0.5 * vv.norm_squared() - MU / r_mag;
    let e_vec = (rv * (vv.norm_squared() - MU / r_mag) - vv * rv.dot(&vv)) / MU;
    let e = e_vec.norm();
    if !(energy < 0.0) || !(e < 1.0) {
        return Err(OrbitError::Eccentricity { e });
    }
    let a = -MU / (2.0 * energy);
    let w_hat = h / h_mag;
    let i = w_hat.x.hypot(w_hat.y).atan2(w_hat.z);
    let raan = if i.sin() < 1e-12 {
        0.0
    } else {
        w_hat.x.atan2(-w_hat.y).rem_euclid(TAU)
    };
    // In-plane axes: the node direction and 90° ahead of it.
    let node = Vec3::new(raan.cos(), raan.sin(), 0.0);
    let ahead = w_hat.cross(&node);
    let u = rv.dot(&ahead).atan2(rv.dot(&node));
    let argp = if e < 1e-12 {
        0.0
    } else {
        e_vec.dot(&ahead).atan2(e_vec.dot(&node)).rem_euclid(TAU)
    };
    let nu = u - argp;
    let (s_nu, c_nu) = nu.sin_cos();
    let ecc_anom = ((1.0 - e * e).sqrt() * s_nu).atan2(e + c_nu);
    let mean_anomaly = (ecc_anom - e * ecc_anom.sin()).rem_euclid(TAU);
    Ok(Elements {
        a_m: a,
        e,
        i_rad: i,
        raan_rad: raan,
        argp_rad: argp,
        mean_anomaly_rad: mean_anomaly,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEG: f64 = PI / 180.0;

    fn leo(i_deg: f64) -> Elements {
        Elements {
            a_m: 7_078_000.0,
            e: 0.001,
            i_rad: i_deg * DEG,
            raan_rad: 0.3,
            argp_rad: 1.1,
            mean_anomaly_rad: 2.0,
        }
    }

    #[test]
    fn kepler_refuses_bad_input_without_panic() {
        assert!(eccentric_anomaly(1.0, 1.0).is_nan());
        assert!(eccentric_anomaly(1.0, -0.1).is_nan());
        assert!(eccentric_anomaly(f64::NAN, 0.5).is_nan());
        assert!(eccentric_anomaly(f64::INFINITY, 0.5).is_nan());
        let big = eccentric_anomaly(1.0e6, 0.99);
        assert!((big - 0.99 * big.sin() - 1.0e6).abs() < 1e-8);
    }

    /// Tundra: one revolution per nodal day, Keplerian period within 0.1 % of a sidereal
    /// day, perigee/apogee altitudes ≈ 24,400 / 47,200 km (±100 km) as documented.
    #[test]
    fn tundra_shape() {
        let orbit = Orbit::tundra(-100.0 * DEG, 0.0, &EarthRotation::aligned());
        let el = orbit.elements();
        let peri_alt = el.a_m * (1.0 - el.e) - WGS84_A;
        let apo_alt = el.a_m * (1.0 + el.e) - WGS84_A;
        eprintln!(
            "Tundra: a {:.3} km perigee alt {:.1} km apogee alt {:.1} km T_kep {:.2} s",
            el.a_m / 1e3,
            peri_alt / 1e3,
            apo_alt / 1e3,
            orbit.keplerian_period_s()
        );
        assert!((peri_alt - 24_400e3).abs() < 100e3);
        assert!((apo_alt - 47_200e3).abs() < 100e3);
        assert!((orbit.keplerian_period_s() / SIDEREAL_DAY_S - 1.0).abs() < 1e-3);
        let (raan_rate, _, _) = orbit.secular_rates();
        assert!((orbit.nodal_period_s() - TAU / (OMEGA - raan_rate)).abs() < 1e-6);
    }

    /// The J2 velocity is the time derivative of the position (central difference, 1e-6 m/s
    /// relative to the speed over a few seconds).
    #[test]
    fn velocity_is_derivative_of_position() {
        for orbit in [
            Orbit::new(leo(98.0)).unwrap(),
            Orbit::molniya(0.5, 0.0, &EarthRotation::aligned()),
            Orbit::geostationary(0.2, &EarthRotation::aligned()),
        ] {
            for t in [0.0, 1234.5, 40_000.0] {
                let h = 0.5;
                let (_, v) = orbit.state_eci(t);
                let d = (orbit.state_eci(t + h).0 - orbit.state_eci(t - h).0) / (2.0 * h);
                let err = (d.vector() - v.vector()).norm() / v.norm();
                assert!(err < 1e-6, "{err}");
            }
        }
        // GEO at rest in ECEF: |v_ecef| < 1e-6 m/s.
        let rot = EarthRotation::aligned();
        let geo = Orbit::geostationary(0.2, &rot);
        let (r, v) = geo.state_eci(5_000.0);
        assert!(rot.ecef_velocity(5_000.0, &r, &v).norm() < 1e-6);
    }

    #[test]
    fn invalid_elements_are_refused() {
        let good = leo(51.6);
        assert!(Orbit::new(good).is_ok());
        let bad = [
            (
                Elements {
                    a_m: f64::NAN,
                    ..good
                },
                "NonFinite",
            ),
            (
                Elements {
                    raan_rad: f64::INFINITY,
                    ..good
                },
                "NonFinite",
            ),
            (
                Elements {
                    a_m: -7.0e6,
                    ..good
                },
                "SemiMajorAxis",
            ),
            (Elements { e: 1.0, ..good }, "Eccentricity"),
            (Elements { e: -0.1, ..good }, "Eccentricity"),
            (
                Elements {
                    i_rad: -0.1,
                    ..good
                },
                "Inclination",
            ),
            (
                Elements {
                    a_m: 6_000_000.0,
                    e: 0.0,
                    ..good
                },
                "PerigeeBelowSurface",
            ),
            (Elements { e: 0.2, ..good }, "PerigeeBelowSurface"),
        ];
        for (el, kind) in bad {
            let err = Orbit::new(el).unwrap_err();
            assert!(format!("{err:?}").starts_with(kind), "{err:?}");
            assert!(Orbit::two_body(el).is_err());
            assert!(!err.to_string().is_empty());
        }
        let zero = Position::<Eci>::new(0.0, 0.0, 0.0);
        let v = Velocity::<Eci>::new(1.0, 0.0, 0.0);
        assert_eq!(
            elements_from_state(&zero, &v),
            Err(OrbitError::DegenerateState)
        );
        let r = Position::<Eci>::new(7.0e6, 0.0, 0.0);
        let escape = Velocity::<Eci>::new(0.0, 20_000.0, 0.0);
        assert!(matches!(
            elements_from_state(&r, &escape),
            Err(OrbitError::Eccentricity { .. })
        ));
    }

    /// Long propagation (10 years, e up to 0.95) stays finite and on the ellipse.
    #[test]
    fn long_propagation_is_finite() {
        let el = Elements {
            a_m: 200_000_000.0,
            e: 0.95,
            ..leo(63.0)
        };
        let orbit = Orbit::new(el).unwrap();
        for k in 0..1000 {
            let t = k as f64 * 3.156e5 + 0.37;
            let (r, v) = orbit.state_eci(t);
            assert!(r.is_finite() && v.is_finite());
            assert!(r.norm() >= el.a_m * (1.0 - el.e) * (1.0 - 1e-12));
            assert!(r.norm() <= el.a_m * (1.0 + el.e) * (1.0 + 1e-12));
        }
    }
}
