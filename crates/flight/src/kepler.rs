//! Closed-form ballistic flight over a non-rotating spherical Earth in vacuum (Bate, Mueller &
//! White 1971, ch. 6).
//!
//! A free-flight arc starts at burnout (radius r, inertial speed v, flight-path angle γ above
//! the local horizontal) and is a Keplerian ellipse about the Earth's centre. The symmetric
//! relations (range angle Ψ, time of flight) run from burnout back to the **same radius**;
//! [`free_flight_to_radius`] ends at a different radius on the descending branch.
//!
//! Units are SI (metres, m/s, seconds, radians) and μ is passed explicitly, so the same functions
//! work in canonical units (μ = 1, DU = 1) for textbook checks. Every relation validates its
//! inputs and returns a [`KeplerError`] instead of NaN or a panic.

use std::f64::consts::{FRAC_PI_2, PI, TAU};
use std::fmt;

/// Earth's gravitational parameter GM (WGS-84), m³/s².
pub use vigil_earth::constants::MU as MU_EARTH;
/// Radius of the spherical Earth used for textbook comparisons, m.
pub use vigil_earth::constants::SPHERE_RADIUS as R_SPHERE;

/// Slack allowed when a cosine or sine computed from rounded inputs lands just outside [−1, 1].
const UNIT_SLACK: f64 = 1e-12;

/// Why a closed-form relation has no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeplerError {
    /// An input is NaN or infinite.
    NonFinite,
    /// A finite input lies outside the relation's domain (r, v, μ ≤ 0; γ ∉ (0, π/2); Ψ out of
    /// range).
    OutOfDomain,
    /// Burnout parameter Q ≥ 2: the arc is parabolic or hyperbolic and escapes.
    Escape,
    /// The arc never descends through the requested radius (it is above apogee or below perigee).
    NoReturn,
    /// The requested range angle cannot be reached with the given burnout parameter.
    Unreachable,
    /// A result overflows f64 (inputs of extreme magnitude).
    Overflow,
}

impl fmt::Display for KeplerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NonFinite => "input is NaN or infinite",
            Self::OutOfDomain => "input outside the domain of the ballistic relation",
            Self::Escape => "burnout parameter Q >= 2: the arc escapes",
            Self::NoReturn => "the arc never descends through the requested radius",
            Self::Unreachable => "range angle not reachable with this burnout parameter",
            Self::Overflow => "result overflows f64",
        })
    }
}

impl std::error::Error for KeplerError {}

/// Burnout state of a free-flight arc: radius r (m), inertial speed v (m/s), flight-path angle γ
/// above the local horizontal (rad).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Burnout {
    /// Distance from the Earth's centre, m.
    pub r_m: f64,
    /// Inertial speed, m/s.
    pub v_mps: f64,
    /// Flight-path angle above the local horizontal, rad; free flight needs γ ∈ (0, π/2).
    pub gamma_rad: f64,
}

/// Conic of a free-flight arc and its figures, from burnout back to the burnout radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreeFlight {
    /// Burnout parameter Q = r v² / μ (1 circular, 2 escape).
    pub q: f64,
    /// Semi-major axis, m.
    pub a_m: f64,
    /// Eccentricity.
    pub e: f64,
    /// Semi-latus rectum, m.
    pub p_m: f64,
    /// Apogee radius (from the Earth's centre), m.
    pub apogee_radius_m: f64,
    /// True anomaly of burnout ν_bo ∈ (0, π), rad; re-entry at the same radius is at 2π − ν_bo.
    pub burnout_true_anomaly_rad: f64,
    /// Range angle Ψ from burnout to the same radius, rad (ground range = R Ψ).
    pub range_angle_rad: f64,
    /// Time of flight from burnout to the same radius, s.
    pub time_of_flight_s: f64,
}

/// Range angle and time of flight from burnout to a given radius on the descending branch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArcToRadius {
    /// Range angle from burnout to the end radius, rad.
    pub range_angle_rad: f64,
    /// Time of flight from burnout to the end radius, s.
    pub time_of_flight_s: f64,
}

/// Flight-path angles that reach a given range angle with a given burnout parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlightPathAngles {
    /// Depressed (low) root, rad; `None` when it is not in (0, π/2) (always so for Q ≥ 1).
    pub low_rad: Option<f64>,
    /// Lofted (high) root, rad.
    pub high_rad: f64,
}

/// Lambert minimum-energy transfer between two radii.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LambertMinEnergy {
    /// Semi-major axis of the minimum-energy ellipse, m.
    pub a_m: f64,
    /// Time of flight along it, s.
    pub tof_s: f64,
    /// Speed at the start radius r₁, m/s.
    pub v1_mps: f64,
    /// Flight-path angle above the local horizontal at r₁, rad, in [0, π/2) (0 only at Δν = π).
    pub gamma1_rad: f64,
}

/// Partial derivatives of the symmetric range angle Ψ(r, v, γ) (BMW §6.3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InfluenceCoefficients {
    /// ∂Ψ/∂r, rad/m.
    pub dpsi_dr: f64,
    /// ∂Ψ/∂v, rad/(m/s).
    pub dpsi_dv: f64,
    /// ∂Ψ/∂γ, rad/rad.
    pub dpsi_dgamma: f64,
}

impl InfluenceCoefficients {
    /// Linearised change of the range angle (rad) for burnout errors Δr (m), Δv (m/s), Δγ (rad);
    /// plain arithmetic, so non-finite errors give a non-finite result.
    pub fn range_angle_change(&self, dr_m: f64, dv_mps: f64, dgamma_rad: f64) -> f64 {
        self.dpsi_dr * dr_m + self.dpsi_dv * dv_mps + self.dpsi_dgamma * dgamma_rad
    }
}

/// Burnout parameter Q = r v² / μ (dimensionless); needs r, v, μ > 0.
///
/// [`KeplerError::Escape`] if Q overflows (it is then far above escape, Q = 2).
pub fn burnout_parameter(b: &Burnout, mu: f64) -> Result<f64, KeplerError> {
    require_positive(&[b.r_m, b.v_mps, mu])?;
    let q = b.r_m * b.v_mps * b.v_mps / mu;
    if q.is_finite() {
        Ok(q)
    } else {
        Err(KeplerError::Escape)
    }
}

/// Conic, apogee, range angle and time of flight of the arc from burnout back to the same radius
/// (BMW §6.2; docs/physics.md §2.4).
///
/// Needs γ ∈ (0, π/2) and Q < 2 ([`KeplerError::Escape`] otherwise).
pub fn free_flight(b: &Burnout, mu: f64) -> Result<FreeFlight, KeplerError> {
    let k = Conic::new(b, mu)?;
    let psi = TAU - 2.0 * k.nu_bo;
    let ff = FreeFlight {
        q: k.q,
        a_m: k.a,
        e: k.e,
        p_m: k.p,
        apogee_radius_m: k.a * (1.0 + k.e),
        burnout_true_anomaly_rad: k.nu_bo,
        range_angle_rad: psi,
        time_of_flight_s: symmetric_time_of_flight(k.a, k.e, psi, mu),
    };
    checked(ff, &[ff.a_m, ff.apogee_radius_m, ff.time_of_flight_s])
}

/// Range angle (rad) and time of flight (s) from burnout to `end_radius_m` (m) on the descending
/// branch, e.g. burnout at 200 km altitude and impact at the surface.
///
/// [`KeplerError::NoReturn`] if the end radius is above apogee or below perigee.
pub fn free_flight_to_radius(
    b: &Burnout,
    end_radius_m: f64,
    mu: f64,
) -> Result<ArcToRadius, KeplerError> {
    require_finite(&[end_radius_m])?;
    let k = Conic::new(b, mu)?;
    require_positive(&[end_radius_m])?;
    let cos_nu = clamp_unit((k.p / end_radius_m - 1.0) / k.e).ok_or(KeplerError::NoReturn)?;
    let nu_end = TAU - cos_nu.acos();
    Ok(ArcToRadius {
        range_angle_rad: nu_end - k.nu_bo,
        time_of_flight_s: time_between_true_anomalies(k.a, k.e, k.nu_bo, nu_end, mu)?,
    })
}

/// Time (s) to go from true anomaly `nu1_rad` to `nu2_rad` (rad) on an ellipse (a in m,
/// 0 ≤ e < 1) via Kepler's equation.
///
/// The eccentric anomaly is unwrapped with ν (ν > π ⇒ E > π, ν > 2π adds revolutions), so the
/// result is positive whenever ν₂ > ν₁.
pub fn time_between_true_anomalies(
    a_m: f64,
    e: f64,
    nu1_rad: f64,
    nu2_rad: f64,
    mu: f64,
) -> Result<f64, KeplerError> {
    require_finite(&[e, nu1_rad, nu2_rad])?;
    require_positive(&[a_m, mu])?;
    if !(0.0..1.0).contains(&e) {
        return Err(KeplerError::OutOfDomain);
    }
    let dt = (mean_anomaly(nu2_rad, e) - mean_anomaly(nu1_rad, e)) * inverse_mean_motion(a_m, mu);
    checked(dt, &[dt])
}

/// Minimum-energy burnout (MET) for range angle Ψ ∈ (0, π) from radius r (m) back to r:
/// Q = 2 sin(Ψ/2) / (1 + sin(Ψ/2)), γ* = (π − Ψ)/4.
pub fn min_energy(r_m: f64, psi_rad: f64, mu: f64) -> Result<Burnout, KeplerError> {
    require_finite(&[psi_rad])?;
    require_positive(&[r_m, mu])?;
    require_open(psi_rad, 0.0, PI)?;
    let s = (0.5 * psi_rad).sin();
    let q = 2.0 * s / (1.0 + s);
    let v_mps = (q * mu / r_m).sqrt();
    let b = Burnout {
        r_m,
        v_mps,
        gamma_rad: 0.25 * (PI - psi_rad),
    };
    checked(b, &[v_mps])
}

/// Largest range angle Ψ_max (rad) reachable with burnout parameter Q: sin(Ψ_max/2) = Q/(2 − Q)
/// for Q ≤ 1; for 1 < Q < 2 every angle below a full revolution is reachable and 2π is returned.
pub fn max_range_angle(q: f64) -> Result<f64, KeplerError> {
    require_positive(&[q])?;
    if q >= 2.0 {
        Err(KeplerError::Escape)
    } else if q > 1.0 {
        Ok(TAU)
    } else {
        Ok(2.0 * (q / (2.0 - q)).asin())
    }
}

/// Flight-path angles (rad) reaching range angle Ψ ∈ (0, 2π) with burnout parameter Q:
/// sin(2γ + Ψ/2) = ((2 − Q)/Q) sin(Ψ/2) (BMW §6.2; docs/physics.md §2.4 item 4).
///
/// [`KeplerError::Unreachable`] if Ψ exceeds the maximum range for Q.
pub fn gammas_for_range(q: f64, psi_rad: f64) -> Result<FlightPathAngles, KeplerError> {
    require_finite(&[psi_rad])?;
    require_positive(&[q])?;
    require_open(psi_rad, 0.0, TAU)?;
    if q >= 2.0 {
        return Err(KeplerError::Escape);
    }
    let half = 0.5 * psi_rad;
    let x = clamp_unit((2.0 / q - 1.0) * half.sin()).ok_or(KeplerError::Unreachable)?;
    let asin_x = x.asin();
    let in_range = |g: f64| (g > 0.0 && g < FRAC_PI_2).then_some(g);
    let high_rad = in_range(0.5 * (PI - asin_x - half)).ok_or(KeplerError::Unreachable)?;
    Ok(FlightPathAngles {
        low_rad: in_range(0.5 * (asin_x - half)),
        high_rad,
    })
}

/// Burnout speed (m/s) at radius r (m) reaching range angle Ψ ∈ (0, 2π) with flight-path angle
/// γ ∈ (0, π/2): Q = (1 − cos Ψ) / [cos γ (cos γ − cos(γ + Ψ))] = sin(Ψ/2) / [cos γ sin(γ + Ψ/2)].
pub fn speed_for_range(
    r_m: f64,
    psi_rad: f64,
    gamma_rad: f64,
    mu: f64,
) -> Result<f64, KeplerError> {
    require_finite(&[psi_rad, gamma_rad])?;
    require_positive(&[r_m, mu])?;
    require_open(psi_rad, 0.0, TAU)?;
    require_open(gamma_rad, 0.0, FRAC_PI_2)?;
    let half = 0.5 * psi_rad;
    let denominator = gamma_rad.cos() * (gamma_rad + half).sin();
    if denominator <= 0.0 {
        return Err(KeplerError::Unreachable);
    }
    let q = half.sin() / denominator;
    if q >= 2.0 {
        return Err(KeplerError::Escape);
    }
    let v = (q * mu / r_m).sqrt();
    checked(v, &[v])
}

/// Lambert minimum-energy transfer between radii r₁, r₂ (m) separated by Δν ∈ (0, π] (rad):
/// a_m = s/2, t_m = sqrt(a_m³/μ) (π − β + sin β), sin(β/2) = sqrt((s − c)/s) (BMW §5.3), and
/// the departure state at r₁: v₁² = μ (2/r₁ − 1/a_m); with p_m = r₁ r₂ (1 − cos Δν)/c the
/// Lagrange coefficients give tan γ₁ = v_r/v_t = (c − r₁ + r₂ cos Δν)/(r₂ sin Δν), written as
/// 2 r₂ sin(Δν/2) cos(Δν/2) / (c + r₁ − r₂ + 2 r₂ sin²(Δν/2)) (free of 0/0 as Δν → π). With
/// r₁ = r₂ it is the minimum-energy burnout of [`min_energy`]: γ = (π − Δν)/4.
pub fn lambert_min_energy(
    r1_m: f64,
    r2_m: f64,
    dnu_rad: f64,
    mu: f64,
) -> Result<LambertMinEnergy, KeplerError> {
    require_finite(&[dnu_rad])?;
    require_positive(&[r1_m, r2_m, mu])?;
    if !(dnu_rad > 0.0 && dnu_rad <= PI) {
        return Err(KeplerError::OutOfDomain);
    }
    // Chord from c² = (r₁ − r₂)² + 4 r₁ r₂ sin²(Δν/2), free of cancellation at small Δν.
    let chord = (r1_m - r2_m).hypot(2.0 * (r1_m * r2_m).sqrt() * (0.5 * dnu_rad).sin());
    let s = 0.5 * (r1_m + r2_m + chord);
    let a_m = 0.5 * s;
    let beta = 2.0 * ((s - chord) / s).sqrt().asin();
    let tof_s = inverse_mean_motion(a_m, mu) * (PI - beta + beta.sin());
    // 2/r₁ ≥ 1/a_m because 2 a_m = s ≥ r₁ (triangle inequality r₂ + c ≥ r₁).
    let v1_mps = (mu * (2.0 / r1_m - 1.0 / a_m)).max(0.0).sqrt();
    let (sin_half, cos_half) = (0.5 * dnu_rad).sin_cos();
    let gamma1_rad = (2.0 * r2_m * sin_half * cos_half.max(0.0))
        .atan2(chord + r1_m - r2_m + 2.0 * r2_m * sin_half * sin_half);
    let l = LambertMinEnergy {
        a_m,
        tof_s,
        v1_mps,
        gamma1_rad,
    };
    checked(l, &[a_m, tof_s, v1_mps, gamma1_rad])
}

/// Influence coefficients of the symmetric range angle Ψ(r, v, γ) at a burnout state (BMW §6.3):
/// ∂Ψ/∂r = 4μ sin²(Ψ/2) / (v² r² sin 2γ), ∂Ψ/∂v = 8μ sin²(Ψ/2) / (v³ r sin 2γ),
/// ∂Ψ/∂γ = 2 sin(Ψ + 2γ) / sin 2γ − 2.
pub fn influence_coefficients(b: &Burnout, mu: f64) -> Result<InfluenceCoefficients, KeplerError> {
    let psi = free_flight(b, mu)?.range_angle_rad;
    let sin_2g = (2.0 * b.gamma_rad).sin();
    let common = mu * (0.5 * psi).sin().powi(2) / (b.v_mps * b.v_mps * b.r_m * sin_2g);
    let c = InfluenceCoefficients {
        dpsi_dr: 4.0 * common / b.r_m,
        dpsi_dv: 8.0 * common / b.v_mps,
        dpsi_dgamma: 2.0 * (psi + 2.0 * b.gamma_rad).sin() / sin_2g - 2.0,
    };
    checked(c, &[c.dpsi_dr, c.dpsi_dv, c.dpsi_dgamma])
}

/// Ellipse of a validated burnout state.
struct Conic {
    q: f64,
    a: f64,
    e: f64,
    p: f64,
    /// Burnout true anomaly, in (0, π) because γ > 0.
    nu_bo: f64,
}

impl Conic {
    /// Validates the burnout (finite, r, v, μ > 0, γ ∈ (0, π/2), Q < 2) and builds its ellipse
    /// from e cos ν = Q cos²γ − 1 and e sin ν = Q sin γ cos γ (p/r = Q cos²γ, tan γ = e sin ν /
    /// (1 + e cos ν)).
    fn new(b: &Burnout, mu: f64) -> Result<Self, KeplerError> {
        require_finite(&[b.gamma_rad])?;
        let q = burnout_parameter(b, mu)?;
        require_open(b.gamma_rad, 0.0, FRAC_PI_2)?;
        if q >= 2.0 {
            return Err(KeplerError::Escape);
        }
        let (sin_g, cos_g) = b.gamma_rad.sin_cos();
        let e_cos_nu = q * cos_g * cos_g - 1.0;
        let e_sin_nu = q * sin_g * cos_g;
        let e = e_cos_nu.hypot(e_sin_nu);
        // Q underflowing to 0 or γ within rounding of vertical leave a radial (e = 1) line.
        if !(q > 0.0 && e < 1.0) {
            return Err(KeplerError::OutOfDomain);
        }
        Ok(Self {
            q,
            a: b.r_m / (2.0 - q),
            e,
            p: b.r_m * q * cos_g * cos_g,
            nu_bo: e_sin_nu.atan2(e_cos_nu),
        })
    }
}

/// Symmetric time of flight (s) over range angle Ψ back to the burnout radius (BMW §6.2):
/// cos E_bo = (e − cos(Ψ/2)) / (1 − e cos(Ψ/2)), t = 2 sqrt(a³/μ) (π − E_bo + e sin E_bo).
fn symmetric_time_of_flight(a: f64, e: f64, psi: f64, mu: f64) -> f64 {
    let c = (0.5 * psi).cos();
    let cos_e_bo = ((e - c) / (1.0 - e * c)).clamp(-1.0, 1.0);
    // E_bo is the angle whose cosine this is, never the cosine itself (docs/physics.md §2.4).
    let e_bo = cos_e_bo.acos();
    2.0 * inverse_mean_motion(a, mu) * (PI - e_bo + e * e_bo.sin())
}

/// 1/n = sqrt(a³/μ) (s), written to avoid overflowing a³.
fn inverse_mean_motion(a: f64, mu: f64) -> f64 {
    a * (a / mu).sqrt()
}

/// Mean anomaly M = E − e sin E (rad), continuous and increasing in ν: E is taken from
/// tan(E/2) = sqrt((1 − e)/(1 + e)) tan(ν/2) on ν's own revolution.
fn mean_anomaly(nu: f64, e: f64) -> f64 {
    let turns = (nu / TAU).round();
    let half = 0.5 * (nu - turns * TAU);
    let ecc = 2.0 * ((1.0 - e).sqrt() * half.sin()).atan2((1.0 + e).sqrt() * half.cos());
    ecc - e * ecc.sin() + turns * TAU
}

/// `NonFinite` if any value is NaN or infinite.
fn require_finite(values: &[f64]) -> Result<(), KeplerError> {
    if values.iter().all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(KeplerError::NonFinite)
    }
}

/// `NonFinite` if any value is NaN or infinite, else `OutOfDomain` if any is not positive.
fn require_positive(values: &[f64]) -> Result<(), KeplerError> {
    require_finite(values)?;
    if values.iter().all(|&x| x > 0.0) {
        Ok(())
    } else {
        Err(KeplerError::OutOfDomain)
    }
}

/// `value` if all its `parts` are finite, else `Overflow`.
fn checked<T>(value: T, parts: &[f64]) -> Result<T, KeplerError> {
    if parts.iter().all(|x| x.is_finite()) {
        Ok(value)
    } else {
        Err(KeplerError::Overflow)
    }
}

/// `OutOfDomain` unless lo < x < hi.
fn require_open(x: f64, lo: f64, hi: f64) -> Result<(), KeplerError> {
    if x > lo && x < hi {
        Ok(())
    } else {
        Err(KeplerError::OutOfDomain)
    }
}

/// The value clamped to [−1, 1] if it lies within rounding slack of that interval.
fn clamp_unit(x: f64) -> Option<f64> {
    (x.abs() <= 1.0 + UNIT_SLACK).then(|| x.clamp(-1.0, 1.0))
}
