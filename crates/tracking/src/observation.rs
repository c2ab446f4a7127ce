//! What the tracker consumes: observations that know their time, source, measurement model
//! and (when they have one) a Cartesian point for pre-gating and initiation.

use crate::filter::{Filter, FilterError, Innovation};
use crate::gaussian::Gaussian;
use crate::models::MeasurementModel;
use crate::models::linear::Position;
use crate::models::measurement::{LineOfSight, RadarFrame, RadarRae, RadarRaeRate};
use nalgebra::SVector;
use vigil_earth::math::{Mat3, Vec3};
use vigil_sensors::{Detection, Measurement};

/// What gating and association need of an innovation, whatever its dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Normalised innovation squared.
    pub nis: f64,
    /// ln det S.
    pub ln_det: f64,
    /// Degrees of freedom (measurement dimension).
    pub dof: usize,
}

impl Fit {
    fn of<const N: usize, const M: usize>(i: &Innovation<N, M>) -> Self {
        Self {
            nis: i.nis,
            ln_det: i.ln_det,
            dof: M,
        }
    }

    /// Gaussian likelihood N(y; 0, S).
    pub fn likelihood(&self) -> f64 {
        (-0.5 * (self.nis + self.ln_det + self.dof as f64 * (2.0 * std::f64::consts::PI).ln()))
            .exp()
    }
}

/// A measurement the tracker can gate, associate and update with, for an `N`-state.
pub trait Observation<const N: usize> {
    /// Time, s.
    fn t_s(&self) -> f64;
    /// The sensor (observations of one source at one time form a scan).
    fn source(&self) -> u32;
    /// A Cartesian point (tracking frame, m) and its covariance, if the measurement gives one.
    fn point(&self) -> Option<(Vec3, Mat3)>;
    /// How well the observation fits estimate `g`.
    fn fit<F: Filter<N>>(&self, filter: &F, g: &Gaussian<N>) -> Result<Fit, FilterError>;
    /// `g` updated with the observation.
    fn update<F: Filter<N>>(&self, filter: &F, g: &Gaussian<N>)
    -> Result<Gaussian<N>, FilterError>;
    /// The radar cross-section the observation measures, m², if any (amplitude-aided
    /// association, [`crate::amplitude`]).
    fn rcs_m2(&self) -> Option<f64> {
        None
    }
}

/// A Cartesian position (any frame) with per-axis noise: the generic measurement. Noise below
/// 1 mm is taken as 1 mm (a perfect sensor still needs an invertible innovation covariance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Time, s.
    pub t_s: f64,
    /// Sensor.
    pub source: u32,
    /// Position, m.
    pub z: Vec3,
    /// Noise standard deviation per axis, m.
    pub sigma_m: Vec3,
}

/// Smallest noise standard deviation a [`Point`] is given, m.
pub const MIN_SIGMA_M: f64 = 1e-3;

impl Point {
    fn model(&self) -> Position {
        Position {
            sigma_m: self
                .sigma_m
                .map(|s| if s >= MIN_SIGMA_M { s } else { MIN_SIGMA_M }),
        }
    }
}

impl<const N: usize> Observation<N> for Point {
    fn t_s(&self) -> f64 {
        self.t_s
    }
    fn source(&self) -> u32 {
        self.source
    }
    fn point(&self) -> Option<(Vec3, Mat3)> {
        Some((
            self.z,
            <Position as MeasurementModel<N, 3>>::noise(&self.model()),
        ))
    }
    fn fit<F: Filter<N>>(&self, filter: &F, g: &Gaussian<N>) -> Result<Fit, FilterError> {
        filter
            .innovation(g, &self.model(), &self.z)
            .map(|i| Fit::of(&i))
    }
    fn update<F: Filter<N>>(
        &self,
        filter: &F,
        g: &Gaussian<N>,
    ) -> Result<Gaussian<N>, FilterError> {
        filter.update(g, &self.model(), &self.z).map(|(g, _)| g)
    }
}

/// A sensor detection as an observation of an Earth-fixed state [r, v]: radar plots (with or
/// without range rate) and infrared lines of sight. The truth tag is not read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SensorObservation {
    /// Time, s.
    pub t_s: f64,
    /// Sensor index.
    pub source: u32,
    /// Radar cross-section the plot measures, m².
    pub rcs_m2: Option<f64>,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Radar {
        model: RadarRae,
        z: SVector<f64, 3>,
        point: Vec3,
    },
    RadarRate {
        model: RadarRaeRate,
        z: SVector<f64, 4>,
        point: Vec3,
    },
    Los {
        model: LineOfSight,
        z: SVector<f64, 2>,
    },
}

impl SensorObservation {
    /// The observation a detection makes (its truth tag is dropped here).
    pub fn from_detection(d: &Detection) -> Self {
        let kind = match d.measurement {
            Measurement::Radar {
                site,
                range_m,
                azimuth_rad,
                elevation_rad,
                range_rate_mps,
                sigma_range_m,
                sigma_angle_rad,
                sigma_range_rate_mps,
            } => {
                let rae = RadarRae {
                    frame: RadarFrame::new(&site),
                    sigma_range_m,
                    sigma_angle_rad,
                };
                let point = d.measurement.ecef_vector();
                match (range_rate_mps, sigma_range_rate_mps) {
                    (Some(rr), Some(s)) => Kind::RadarRate {
                        model: RadarRaeRate {
                            rae,
                            sigma_range_rate_mps: s,
                        },
                        z: SVector::<f64, 4>::new(range_m, azimuth_rad, elevation_rad, rr),
                        point,
                    },
                    _ => Kind::Radar {
                        model: rae,
                        z: SVector::<f64, 3>::new(range_m, azimuth_rad, elevation_rad),
                        point,
                    },
                }
            }
            Measurement::LineOfSight {
                observer,
                alpha_rad,
                delta_rad,
                sigma_rad,
            } => Kind::Los {
                model: LineOfSight {
                    observer: observer.vector(),
                    sigma_rad,
                    delta_rad,
                },
                z: SVector::<f64, 2>::new(alpha_rad, delta_rad),
            },
        };
        Self {
            t_s: d.t_s,
            source: d.tag.sensor,
            rcs_m2: d.rcs_m2,
            kind,
        }
    }

    /// Converted-measurement covariance of a radar plot in ECEF (first-order: J R Jᵀ with J the
    /// Jacobian of the spherical-to-Cartesian conversion).
    fn radar_point_cov(model: &RadarRae, z: &SVector<f64, 3>) -> Mat3 {
        let (r, az, el) = (z[0], z[1], z[2]);
        let (sa, ca) = az.sin_cos();
        let (se, ce) = el.sin_cos();
        // ENU = r (sin az cos el, cos az cos el, sin el).
        let j = Mat3::new(
            sa * ce,
            r * ca * ce,
            -r * sa * se,
            ca * ce,
            -r * sa * ce,
            -r * ca * se,
            se,
            0.0,
            r * ce,
        );
        let noise = model.noise();
        let rot = model.frame.ecef_from_enu();
        rot * j * noise * j.transpose() * rot.transpose()
    }
}

impl Observation<6> for SensorObservation {
    fn t_s(&self) -> f64 {
        self.t_s
    }
    fn source(&self) -> u32 {
        self.source
    }
    fn point(&self) -> Option<(Vec3, Mat3)> {
        match &self.kind {
            Kind::Radar { model, z, point } => Some((*point, Self::radar_point_cov(model, z))),
            Kind::RadarRate { model, z, point } => Some((
                *point,
                Self::radar_point_cov(&model.rae, &z.fixed_rows::<3>(0).into_owned()),
            )),
            Kind::Los { .. } => None,
        }
    }
    fn fit<F: Filter<6>>(&self, filter: &F, g: &Gaussian<6>) -> Result<Fit, FilterError> {
        match &self.kind {
            Kind::Radar { model, z, .. } => filter.innovation(g, model, z).map(|i| Fit::of(&i)),
            Kind::RadarRate { model, z, .. } => filter.innovation(g, model, z).map(|i| Fit::of(&i)),
            Kind::Los { model, z } => filter.innovation(g, model, z).map(|i| Fit::of(&i)),
        }
    }
    fn update<F: Filter<6>>(
        &self,
        filter: &F,
        g: &Gaussian<6>,
    ) -> Result<Gaussian<6>, FilterError> {
        match &self.kind {
            Kind::Radar { model, z, .. } => filter.update(g, model, z).map(|x| x.0),
            Kind::RadarRate { model, z, .. } => filter.update(g, model, z).map(|x| x.0),
            Kind::Los { model, z } => filter.update(g, model, z).map(|x| x.0),
        }
    }
    fn rcs_m2(&self) -> Option<f64> {
        self.rcs_m2
    }
}
