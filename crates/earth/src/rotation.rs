//! Earth rotation between the inertial frame (ECI) and the Earth-fixed frame (ECEF).
//!
//! The rotation is about the z axis by the Earth rotation angle (ERA, IERS Conventions 2010
//! eq. 5.15) of UT1. Vigil takes UT1 = UTC (|UT1 − UTC| < 0.9 s, i.e. < 420 m at the equator)
//! and ignores precession, nutation and polar motion: the ECI frame is the Celestial
//! Intermediate frame at the epoch, which is what warning timelines of under a day need.

use crate::constants::OMEGA;
use crate::frames::{Ecef, Eci, Position, Velocity};
use crate::math::{Mat3, Vec3};
use hifitime::Epoch;
use std::f64::consts::TAU;

/// Why a time stamp was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot read time stamp {text:?}: {reason} (expected e.g. 2026-01-01T00:00:00Z)")]
pub struct EpochError {
    /// What was given.
    pub text: String,
    /// What the time library said.
    pub reason: String,
}

/// Parses an ISO 8601 UTC time stamp such as `2026-01-01T00:00:00Z`.
pub fn parse_utc(text: &str) -> Result<Epoch, EpochError> {
    let trimmed = text.trim();
    let body = trimmed
        .strip_suffix('Z')
        .or_else(|| trimmed.strip_suffix("UTC"))
        .unwrap_or(trimmed)
        .trim_end();
    Epoch::from_gregorian_str(&format!("{body} UTC")).map_err(|e| EpochError {
        text: text.to_string(),
        reason: e.to_string(),
    })
}

/// Earth rotation angle of a UTC epoch (taken as UT1), rad in [0, 2π).
pub fn earth_rotation_angle(epoch: Epoch) -> f64 {
    // Days since J2000.0 (JD 2451545.0) in UT1 ≈ UTC.
    let du = epoch.to_jde_utc_days() - 2_451_545.0;
    // ERA = 2π (0.7790572732640 + 1.00273781191135448 Du); split to keep precision.
    let turns = 0.779_057_273_264 + 0.002_737_811_911_354_48 * du + du.fract();
    (turns.rem_euclid(1.0)) * TAU
}

/// The Earth's orientation over a scenario: ECI ↔ ECEF at `t_s` seconds after the epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EarthRotation {
    era0_rad: f64,
}

impl EarthRotation {
    /// The rotation of a scenario whose time origin is `epoch` (UTC).
    pub fn at_epoch(epoch: Epoch) -> Self {
        Self {
            era0_rad: earth_rotation_angle(epoch),
        }
    }

    /// A rotation whose angle is zero at t = 0 (ECI and ECEF coincide then).
    pub fn aligned() -> Self {
        Self { era0_rad: 0.0 }
    }

    /// Rotation angle at `t_s` seconds after the epoch, rad.
    pub fn angle_rad(&self, t_s: f64) -> f64 {
        self.era0_rad + OMEGA * t_s
    }

    /// The matrix taking ECI components to ECEF components at `t_s`.
    pub fn ecef_from_eci(&self, t_s: f64) -> Mat3 {
        let (s, c) = self.angle_rad(t_s).sin_cos();
        Mat3::new(c, s, 0.0, -s, c, 0.0, 0.0, 0.0, 1.0)
    }

    /// Earth-fixed position of an inertial position at `t_s`.
    pub fn ecef_position(&self, t_s: f64, r: &Position<Eci>) -> Position<Ecef> {
        Position::from_vector(self.ecef_from_eci(t_s) * r.vector())
    }

    /// Inertial position of an Earth-fixed position at `t_s`.
    pub fn eci_position(&self, t_s: f64, r: &Position<Ecef>) -> Position<Eci> {
        Position::from_vector(self.ecef_from_eci(t_s).transpose() * r.vector())
    }

    /// Velocity relative to the rotating Earth of an inertial state at `t_s`: v' = R v − ω × r'.
    pub fn ecef_velocity(&self, t_s: f64, r: &Position<Eci>, v: &Velocity<Eci>) -> Velocity<Ecef> {
        let m = self.ecef_from_eci(t_s);
        let r_ecef = m * r.vector();
        Velocity::from_vector(m * v.vector() - omega_vector().cross(&r_ecef))
    }

    /// Inertial velocity of an Earth-fixed state at `t_s`: v = Rᵀ (v' + ω × r').
    pub fn eci_velocity(&self, t_s: f64, r: &Position<Ecef>, v: &Velocity<Ecef>) -> Velocity<Eci> {
        let m = self.ecef_from_eci(t_s).transpose();
        Velocity::from_vector(m * (v.vector() + omega_vector().cross(&r.vector())))
    }
}

/// The Earth's angular velocity vector (0, 0, ω) in either frame, rad/s.
pub fn omega_vector() -> Vec3 {
    Vec3::new(0.0, 0.0, OMEGA)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One sidereal rotation later (86164.0989 s of UT1) ERA is back to its value; 1e-7 rad.
    #[test]
    fn era_period_is_sidereal_day() {
        let e = parse_utc("2026-01-01T00:00:00Z").unwrap();
        let later = e + hifitime::Duration::from_seconds(86_400.0 / 1.002_737_811_911_354_5);
        let d = (earth_rotation_angle(later) - earth_rotation_angle(e)).rem_euclid(TAU);
        assert!(d.min(TAU - d) < 1e-7, "{d}");
    }

    #[test]
    fn bad_timestamp_is_an_error() {
        assert!(parse_utc("yesterday").is_err());
        assert!(parse_utc("2026-13-01T00:00:00Z").is_err());
    }

    #[test]
    fn state_round_trip() {
        let rot = EarthRotation::at_epoch(parse_utc("2026-03-01T06:30:00Z").unwrap());
        let r = Position::<Ecef>::new(4.0e6, -3.0e6, 3.5e6);
        let v = Velocity::<Ecef>::new(1000.0, 2000.0, -500.0);
        let t = 1234.5;
        let ri = rot.eci_position(t, &r);
        let vi = rot.eci_velocity(t, &r, &v);
        assert!((rot.ecef_position(t, &ri) - r).norm() < 1e-6);
        assert!((rot.ecef_velocity(t, &ri, &vi).vector() - v.vector()).norm() < 1e-9);
    }
}
