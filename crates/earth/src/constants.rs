//! Physical constants of the Earth model (SI units).
//!
//! Sources: WGS-84 (NIMA TR8350.2, 3rd ed., Amd. 1, 2000, Table 3.1) for a, 1/f, ω and GM;
//! J2 = −√5 C̄20 of EGM96 (Lemoine et al. 1998), de-normalised; see docs/physics.md §1.1.

/// WGS-84 semi-major axis, m.
pub const WGS84_A: f64 = 6_378_137.0;
/// WGS-84 inverse flattening.
pub const WGS84_INV_F: f64 = 298.257_223_563;
/// WGS-84 flattening.
pub const WGS84_F: f64 = 1.0 / WGS84_INV_F;
/// WGS-84 semi-minor axis, m.
pub const WGS84_B: f64 = WGS84_A * (1.0 - WGS84_F);
/// WGS-84 first eccentricity squared.
pub const WGS84_E2: f64 = WGS84_F * (2.0 - WGS84_F);
/// Earth's gravitational parameter GM, m³/s².
pub const MU: f64 = 3.986_004_418e14;
/// Second zonal harmonic J2 (dimensionless).
pub const J2: f64 = 1.082_626_68e-3;
/// Reference radius for J2, m.
pub const J2_RADIUS: f64 = WGS84_A;
/// Earth rotation rate ω, rad/s.
pub const OMEGA: f64 = 7.292_115e-5;
/// Radius of the spherical Earth used for textbook comparisons, m.
pub const SPHERE_RADIUS: f64 = 6_371_000.0;
