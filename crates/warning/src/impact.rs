//! Impact-point prediction with uncertainty: the track's Gaussian ECEF state is represented by
//! unscented sigma points (2N + 1, Julier & Uhlmann), each flown to the ground with the flight
//! model; their impact points, expressed in the local east/north plane of the mean impact, give
//! the impact distribution (mean, 2×2 covariance, 95 % ellipse) and the impact time's mean and
//! spread. Propagating every point through the nonlinear flight — instead of a linearised
//! covariance — keeps the ellipse right near impact.

use nalgebra::{Matrix2, Vector2};
use vigil_earth::math::Vec3;
use vigil_earth::{EarthShape, Ecef, Geodetic, Position, Velocity};
use vigil_flight::{Accuracy, Ballistic, ForceModel, free_flight};
use vigil_tracking::Gaussian;

/// χ²₂ quantile at 0.95: the 95 % ellipse is {d : dᵀ C⁻¹ d ≤ 5.991}.
pub const CHI2_2DOF_95: f64 = 5.991_464_547_107_979;

/// The predicted impact of a tracked object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImpactPrediction {
    /// Mean impact point (surface).
    pub point: Geodetic,
    /// Covariance of the impact point in the local (east, north) plane at `point`, m².
    pub cov_en_m2: Matrix2<f64>,
    /// Mean impact time, s.
    pub t_s: f64,
    /// Standard deviation of the impact time, s.
    pub t_sigma_s: f64,
}

/// A 95 % ellipse: semi-axes and orientation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ellipse {
    /// Semi-major axis, m.
    pub semi_major_m: f64,
    /// Semi-minor axis, m.
    pub semi_minor_m: f64,
    /// Azimuth of the major axis, rad clockwise from north.
    pub major_azimuth_rad: f64,
}

impl ImpactPrediction {
    /// The 95 % ellipse of the impact point.
    pub fn ellipse_95(&self) -> Ellipse {
        let e = self.cov_en_m2.symmetric_eigen();
        let (i, j) = if e.eigenvalues[0] >= e.eigenvalues[1] {
            (0, 1)
        } else {
            (1, 0)
        };
        let v = e.eigenvectors.column(i);
        Ellipse {
            semi_major_m: (CHI2_2DOF_95 * e.eigenvalues[i].max(0.0)).sqrt(),
            semi_minor_m: (CHI2_2DOF_95 * e.eigenvalues[j].max(0.0)).sqrt(),
            // Column is (east, north): azimuth = atan2(east, north).
            major_azimuth_rad: v[0].atan2(v[1]).rem_euclid(std::f64::consts::PI),
        }
    }

    /// Local (east, north) offset of a surface point from the mean impact, m.
    pub fn offset_en(&self, g: &Geodetic) -> Vector2<f64> {
        let [e, n, _] = self.point.enu_axes();
        let d = g.to_ecef()
            - Geodetic {
                h_m: 0.0,
                ..self.point
            }
            .to_ecef();
        Vector2::new(e.dot(&d), n.dot(&d))
    }

    /// Squared Mahalanobis distance of a surface point from the impact distribution.
    pub fn mahalanobis2(&self, g: &Geodetic) -> Option<f64> {
        let d = self.offset_en(g);
        self.cov_en_m2.cholesky().map(|c| d.dot(&c.solve(&d)))
    }

    /// Whether a surface point lies inside the 95 % ellipse.
    pub fn contains_95(&self, g: &Geodetic) -> bool {
        self.mahalanobis2(g).is_some_and(|m| m <= CHI2_2DOF_95)
    }
}

/// Why no impact could be predicted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImpactError {
    /// The covariance is not positive-definite.
    #[error("the state covariance is not positive-definite")]
    Covariance,
    /// A sigma point did not come down (orbit, escape) or could not be flown.
    #[error("a sigma point does not come down within {0:.0} s")]
    NoImpact(f64),
}

/// Predicts the impact of an object with Earth-fixed state estimate `g` ([r, v], m, m/s) at
/// `t_s`, flying under `model` with ballistic coefficient `beta_kg_m2` (None: vacuum), giving
/// up after `max_flight_s`.
pub fn predict_impact(
    g: &Gaussian<6>,
    t_s: f64,
    model: &ForceModel,
    beta_kg_m2: Option<f64>,
    max_flight_s: f64,
) -> Result<ImpactPrediction, ImpactError> {
    const N: usize = 6;
    let (alpha, beta, kappa) = (1.0f64, 2.0f64, 0.0f64);
    let lambda = alpha * alpha * (N as f64 + kappa) - N as f64;
    let l = (g.cov * (N as f64 + lambda))
        .cholesky()
        .ok_or(ImpactError::Covariance)?
        .l();
    let mut points = vec![g.mean];
    for i in 0..N {
        points.push(g.mean + l.column(i));
        points.push(g.mean - l.column(i));
    }
    let wm0 = lambda / (N as f64 + lambda);
    let wc0 = wm0 + 1.0 - alpha * alpha + beta;
    let wi = 0.5 / (N as f64 + lambda);
    let body = Ballistic::new(*model, beta_kg_m2);
    let mut impacts = Vec::with_capacity(points.len());
    for x in &points {
        let r = Position::<Ecef>::new(x[0], x[1], x[2]);
        let v = Velocity::<Ecef>::new(x[3], x[4], x[5]);
        // A sigma point below ground is already down: it impacts now, where it is.
        let h = model.shape.height_m(&r.vector());
        if h <= 0.0 {
            impacts.push((t_s, model.shape.geodetic(&r)));
            continue;
        }
        let f = free_flight(&body, t_s, &r, &v, &Accuracy::FAST, t_s + max_flight_s)
            .map_err(|_| ImpactError::NoImpact(max_flight_s))?;
        let hit = f.impact.ok_or(ImpactError::NoImpact(max_flight_s))?;
        impacts.push((hit.state.t_s, hit.geodetic));
    }
    // Mean impact: weighted mean of the ECEF surface points, projected back to the surface.
    let ecef: Vec<Vec3> = impacts
        .iter()
        .map(|(_, g)| Geodetic { h_m: 0.0, ..*g }.to_ecef().vector())
        .collect();
    let w = |k: usize| if k == 0 { wm0 } else { wi };
    let mean_ecef = ecef
        .iter()
        .enumerate()
        .fold(Vec3::zeros(), |a, (k, p)| a + p * w(k));
    let mut point = EarthShape::Wgs84.geodetic(&Position::from_vector(mean_ecef));
    point.h_m = 0.0;
    let t_mean: f64 = impacts.iter().enumerate().map(|(k, (t, _))| t * w(k)).sum();
    let probe = ImpactPrediction {
        point,
        cov_en_m2: Matrix2::zeros(),
        t_s: t_mean,
        t_sigma_s: 0.0,
    };
    let wc = |k: usize| if k == 0 { wc0 } else { wi };
    let mut cov = Matrix2::zeros();
    let mut t_var = 0.0;
    for (k, (t, gk)) in impacts.iter().enumerate() {
        let d = probe.offset_en(gk);
        cov += d * d.transpose() * wc(k);
        t_var += wc(k) * (t - t_mean) * (t - t_mean);
    }
    // A floor of 1 m² keeps the ellipse invertible for exact states.
    cov = (cov + cov.transpose()) * 0.5 + Matrix2::identity();
    Ok(ImpactPrediction {
        point,
        cov_en_m2: cov,
        t_s: t_mean,
        t_sigma_s: t_var.max(0.0).sqrt(),
    })
}
