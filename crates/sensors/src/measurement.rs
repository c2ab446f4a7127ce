//! Detections and the measurements they carry.

use nalgebra::{Matrix2, Matrix4};
use vigil_earth::math::Vec3;
use vigil_earth::{Ecef, Position};

/// Which sensor, of which network, produced a detection (indices into the scenario).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SensorTag {
    /// Sensor index.
    pub sensor: u32,
    /// Network index.
    pub network: u32,
}

/// The truth behind a detection — for scoring only: trackers must not read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Truth {
    /// A real object: launch index and object index within the launch.
    Object {
        /// Launch index.
        launch: u32,
        /// Object index within the launch.
        object: u32,
    },
    /// A false alarm.
    FalseAlarm,
    /// Data with no missile behind them, staged on purpose (an exercise's false infrared event
    /// or fabricated track): phantom number `phantom`, its object `object`. Scored as a false
    /// alarm; the number lets an after-action report say which inject raised what.
    Phantom {
        /// Phantom index, in the order the phantoms were added.
        phantom: u32,
        /// Object index within the phantom's flight.
        object: u32,
    },
}

impl Truth {
    /// The launch and object behind it (None for false alarms and phantoms).
    pub fn object(self) -> Option<(u32, u32)> {
        match self {
            Truth::Object { launch, object } => Some((launch, object)),
            Truth::FalseAlarm | Truth::Phantom { .. } => None,
        }
    }

    /// The launch behind it (None for false alarms and phantoms).
    pub fn launch(self) -> Option<u32> {
        self.object().map(|(l, _)| l)
    }
}

/// What was measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measurement {
    /// A radar plot: range, azimuth, elevation (geometric, refraction-corrected) and optionally
    /// range rate, from a site, with independent Gaussian errors of the given standard deviations.
    Radar {
        /// Radar site, Earth-fixed, m.
        site: Position<Ecef>,
        /// Slant range, m.
        range_m: f64,
        /// Azimuth, rad clockwise from north, in [0, 2π).
        azimuth_rad: f64,
        /// Elevation above the site's tangent plane, rad.
        elevation_rad: f64,
        /// Range rate, m/s (positive receding), if measured.
        range_rate_mps: Option<f64>,
        /// Standard deviation of range, m.
        sigma_range_m: f64,
        /// Standard deviation of each angle, rad.
        sigma_angle_rad: f64,
        /// Standard deviation of range rate, m/s.
        sigma_range_rate_mps: Option<f64>,
    },
    /// An infrared line of sight from an observer: the direction's Earth-fixed longitude-like
    /// angle α = atan2(u_y, u_x) and latitude-like angle δ = asin(u_z).
    LineOfSight {
        /// Observer (satellite) position at the time, Earth-fixed, m.
        observer: Position<Ecef>,
        /// α, rad in (−π, π].
        alpha_rad: f64,
        /// δ, rad in [−π/2, π/2].
        delta_rad: f64,
        /// Standard deviation of the line of sight's angular error, rad (isotropic).
        sigma_rad: f64,
    },
}

impl Measurement {
    /// Measurement covariance, in the measurement's own components: (range, az, el[, range
    /// rate]) for radar — the unused corner zero and a unit placeholder variance when range rate
    /// is not measured — and (α, δ) for a line of sight, in the top-left 2×2 block.
    pub fn covariance(&self) -> Matrix4<f64> {
        match *self {
            Measurement::Radar {
                sigma_range_m,
                sigma_angle_rad,
                sigma_range_rate_mps,
                ..
            } => {
                let a2 = sigma_angle_rad * sigma_angle_rad;
                Matrix4::from_diagonal(&nalgebra::Vector4::new(
                    sigma_range_m * sigma_range_m,
                    a2,
                    a2,
                    sigma_range_rate_mps.map_or(1.0, |s| s * s),
                ))
            }
            Measurement::LineOfSight {
                delta_rad,
                sigma_rad,
                ..
            } => {
                let m = line_of_sight_covariance(delta_rad, sigma_rad);
                let mut c = Matrix4::identity();
                c.fixed_view_mut::<2, 2>(0, 0).copy_from(&m);
                c
            }
        }
    }

    /// The measured point or direction as seen from the sensor: for radar the Earth-fixed
    /// position of the plot, for a line of sight the unit direction (Earth-fixed axes).
    pub fn ecef_vector(&self) -> Vec3 {
        match *self {
            Measurement::Radar {
                site,
                range_m,
                azimuth_rad,
                elevation_rad,
                ..
            } => {
                let g = vigil_earth::Geodetic::from_ecef(&site);
                let [e, n, u] = g.enu_axes();
                let (sa, ca) = azimuth_rad.sin_cos();
                let (se, ce) = elevation_rad.sin_cos();
                site.vector() + (e * (sa * ce) + n * (ca * ce) + u * se) * range_m
            }
            Measurement::LineOfSight {
                alpha_rad,
                delta_rad,
                ..
            } => {
                let (sa, ca) = alpha_rad.sin_cos();
                let (sd, cd) = delta_rad.sin_cos();
                Vec3::new(cd * ca, cd * sa, sd)
            }
        }
    }
}

/// Covariance of (α, δ) for an isotropic angular error σ: σ²/cos²δ on α, σ² on δ.
pub fn line_of_sight_covariance(delta_rad: f64, sigma_rad: f64) -> Matrix2<f64> {
    let cd = delta_rad.cos().abs().max(1e-6);
    Matrix2::new(
        sigma_rad * sigma_rad / (cd * cd),
        0.0,
        0.0,
        sigma_rad * sigma_rad,
    )
}

/// One detection: when, by whom, what was measured, how strong, and (for scoring) what it was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// Time, s after the scenario epoch.
    pub t_s: f64,
    /// The sensor and its network.
    pub tag: SensorTag,
    /// The measurement with its errors.
    pub measurement: Measurement,
    /// Signal-to-noise ratio, dB.
    pub snr_db: f64,
    /// Radar cross-section the plot measures (from its SNR and range), m²; None for lines of
    /// sight.
    pub rcs_m2: Option<f64>,
    /// What caused it (scoring only).
    pub truth: Truth,
}

/// Orders detections by time, then sensor, then measurement values: a total order that makes
/// merged outputs independent of how the work was split.
pub fn sort_detections(d: &mut [Detection]) {
    d.sort_by(|a, b| {
        a.t_s
            .total_cmp(&b.t_s)
            .then(a.tag.cmp(&b.tag))
            .then_with(|| {
                let (va, vb) = (a.measurement.ecef_vector(), b.measurement.ecef_vector());
                va.x.total_cmp(&vb.x)
                    .then(va.y.total_cmp(&vb.y))
                    .then(va.z.total_cmp(&vb.z))
            })
            .then(a.truth.cmp(&b.truth))
    });
}
