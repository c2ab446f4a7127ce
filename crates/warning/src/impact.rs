//! Impact-point prediction with uncertainty: the track's Gaussian ECEF state is represented by
//! unscented sigma points (2N + 1, Julier & Uhlmann), each flown to the ground with the flight
//! model; their impact points, expressed in the local east/north plane of the mean impact, give
//! the impact distribution (mean, 2×2 covariance, 95 % ellipse) and the impact time's mean and
//! spread. Propagating every point through the nonlinear flight — instead of a linearised
//! covariance — keeps the ellipse right near impact.

use nalgebra::{Matrix2, Vector2};
use vigil_earth::atmosphere::AtmosphereModel;
use vigil_earth::math::Vec3;
use vigil_earth::{EarthShape, Ecef, Geodetic, Position, Velocity};
use vigil_flight::propagate::{Stop, fly};
use vigil_flight::{Accuracy, Ballistic, Event, ForceModel, free_flight};
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
        let d = (g.to_ecef()
            - Geodetic {
                h_m: 0.0,
                ..self.point
            }
            .to_ecef())
        .vector();
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

/// A ballistic coefficient known to within a relative standard deviation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta {
    /// Ballistic coefficient, kg/m².
    pub kg_m2: f64,
    /// Relative standard deviation (of ln β), 0 for exactly known.
    pub spread: f64,
}

/// Predicts the impact of an object with Earth-fixed state estimate `g` ([r, v], m, m/s) at
/// `t_s`, flying under `model` with ballistic coefficient `beta` (None: vacuum), giving up
/// after `max_flight_s`. A β with a spread is a seventh, independent dimension of the sigma
/// points (ln β, standard deviation `spread`), so its uncertainty widens the ellipse.
///
/// Through the air a flight costs tens of integration steps where one in vacuum takes a few;
/// so only the mean and the points of another β (3 flights with a β spread, 1 without) fly
/// through the air. The others fly in vacuum and land shifted by the mean's drag shift (see
/// [`DragShift`]): each keeps its own geometry, which is where the state's uncertainty acts,
/// and loses only the difference between its drag shift and the mean's (within 3 % of each
/// variance in the tests).
pub fn predict_impact(
    g: &Gaussian<6>,
    t_s: f64,
    model: &ForceModel,
    beta: Option<Beta>,
    max_flight_s: f64,
) -> Result<ImpactPrediction, ImpactError> {
    let flight = Flight {
        t_s,
        model,
        max_flight_s,
        drag_shift: true,
    };
    flight.predict(g, beta)
}

/// The common settings of the flights of one prediction.
struct Flight<'a> {
    t_s: f64,
    model: &'a ForceModel,
    max_flight_s: f64,
    /// Whether points of the mean's β take its drag shift (else all fly through the air).
    drag_shift: bool,
}

impl Flight<'_> {
    /// [`predict_impact`] of `g`.
    fn predict(
        &self,
        g: &Gaussian<6>,
        beta: Option<Beta>,
    ) -> Result<ImpactPrediction, ImpactError> {
        match beta {
            Some(b) if b.spread > 0.0 && b.kg_m2 > 0.0 => {
                let mut mean = nalgebra::SVector::<f64, 7>::zeros();
                mean.fixed_rows_mut::<6>(0).copy_from(&g.mean);
                mean[6] = b.kg_m2.ln();
                let mut cov = nalgebra::SMatrix::<f64, 7, 7>::zeros();
                cov.fixed_view_mut::<6, 6>(0, 0).copy_from(&g.cov);
                cov[(6, 6)] = b.spread * b.spread;
                let sigma = SigmaPoints::of(&Gaussian::new(mean, cov))?;
                let points: Vec<_> = sigma
                    .points
                    .iter()
                    .map(|x| (x.fixed_rows::<6>(0).into_owned(), Some(x[6].exp())))
                    .collect();
                Ok(sigma.surface_distribution(&self.land(&points)?))
            }
            _ => {
                let sigma = SigmaPoints::of(g)?;
                let beta_kg_m2 = beta.map(|b| b.kg_m2);
                let points: Vec<_> = sigma.points.iter().map(|x| (*x, beta_kg_m2)).collect();
                Ok(sigma.surface_distribution(&self.land(&points)?))
            }
        }
    }

    /// The landings (time, surface point) of sigma points (Earth-fixed state, β or None for
    /// vacuum), the first being the mean; those of the mean's β by its drag shift when it
    /// flies through the air.
    fn land(
        &self,
        points: &[(SVector6, Option<f64>)],
    ) -> Result<Vec<(f64, Geodetic)>, ImpactError> {
        let every_one = || points.iter().map(|(x, b)| self.land_one(x, *b)).collect();
        let Some((mean, mean_beta)) = points.first().filter(|(_, b)| {
            self.drag_shift && b.is_some() && self.model.atmosphere != AtmosphereModel::None
        }) else {
            return every_one();
        };
        let (Some(vacuum), Some(air)) = (self.fly(mean, None)?, self.fly(mean, *mean_beta)?) else {
            return every_one();
        };
        let Some(shift) = DragShift::of(&vacuum, &air) else {
            return every_one();
        };
        let mut out = Vec::with_capacity(points.len());
        out.push((air.state.t_s, air.geodetic));
        for (x, b) in &points[1..] {
            let shifted = if b == mean_beta {
                self.fly(x, None)?
                    .and_then(|v| shift.apply(&v, self.model.shape))
            } else {
                None
            };
            out.push(match shifted {
                Some(l) => l,
                None => self.land_one(x, *b)?,
            });
        }
        Ok(out)
    }

    /// Where and when one sigma point lands; one below ground is already down, where it is.
    fn land_one(&self, x: &SVector6, beta: Option<f64>) -> Result<(f64, Geodetic), ImpactError> {
        Ok(match self.fly(x, beta)? {
            Some(hit) => (hit.state.t_s, hit.geodetic),
            None => (
                self.t_s,
                self.model.shape.geodetic(&Position::new(x[0], x[1], x[2])),
            ),
        })
    }

    /// The impact of a sigma point's flight (None: it starts below ground).
    fn fly(&self, x: &SVector6, beta_kg_m2: Option<f64>) -> Result<Option<Event>, ImpactError> {
        let r = Position::<Ecef>::new(x[0], x[1], x[2]);
        if self.model.shape.height_m(&r.vector()) <= 0.0 {
            return Ok(None);
        }
        let v = Velocity::<Ecef>::new(x[3], x[4], x[5]);
        let body = Ballistic::new(*self.model, beta_kg_m2);
        let accuracy = if body.drag_per_mass > 0.0 {
            Accuracy::REENTRY
        } else {
            Accuracy::FAST
        };
        let no_impact = || ImpactError::NoImpact(self.max_flight_s);
        let f = free_flight(
            &body,
            self.t_s,
            &r,
            &v,
            &accuracy,
            self.t_s + self.max_flight_s,
        )
        .map_err(|_| no_impact())?;
        let mut hit = f.impact.ok_or_else(no_impact)?;
        hit.geodetic.h_m = 0.0;
        Ok(Some(hit))
    }
}

/// What the air does to the mean's flight: its impact through the air as an offset from its
/// impact in vacuum, in the vacuum impact's (up, downrange, crossrange) axes — up along the
/// position, downrange along the horizontal velocity — and the time it adds. A point landing
/// near the mean in vacuum lands in the air by the same offset in its own axes.
struct DragShift {
    offset: Vec3,
    dt_s: f64,
}

impl DragShift {
    fn axes(e: &Event) -> Option<[Vec3; 3]> {
        let up = e.state.position.vector().try_normalize(0.0)?;
        let v = e.state.velocity.vector();
        let downrange = (v - up * up.dot(&v)).try_normalize(1e-6)?;
        Some([up, downrange, up.cross(&downrange)])
    }

    fn of(vacuum: &Event, air: &Event) -> Option<Self> {
        let axes = Self::axes(vacuum)?;
        let d = air.state.position.vector() - vacuum.state.position.vector();
        Some(Self {
            offset: Vec3::new(axes[0].dot(&d), axes[1].dot(&d), axes[2].dot(&d)),
            dt_s: air.state.t_s - vacuum.state.t_s,
        })
    }

    /// Where and when a point landing at `vacuum` in vacuum lands through the air.
    fn apply(&self, vacuum: &Event, shape: EarthShape) -> Option<(f64, Geodetic)> {
        let [up, downrange, cross] = Self::axes(vacuum)?;
        let p = vacuum.state.position.vector()
            + up * self.offset.x
            + downrange * self.offset.y
            + cross * self.offset.z;
        let mut g = shape.geodetic(&Position::from_vector(p));
        g.h_m = 0.0;
        Some((vacuum.state.t_s + self.dt_s, g))
    }
}

/// The moment-matched mixture of weighted impact predictions (weights need not be
/// normalised): mean and covariance of the impact point in the local (east, north) plane of the
/// heaviest part (each part's covariance taken as if in that plane: parts lie within a few
/// hundred km), mean time and spread. None without positive weight.
pub fn mixture(parts: &[(f64, ImpactPrediction)]) -> Option<ImpactPrediction> {
    let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
    let (_, reference) = parts
        .iter()
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|_| total > 0.0 && total.is_finite())?;
    let weighted = || parts.iter().map(|(w, p)| (w.max(0.0) / total, p));
    let offsets: Vec<(f64, Vector2<f64>, &ImpactPrediction)> = weighted()
        .map(|(w, p)| (w, reference.offset_en(&p.point), p))
        .collect();
    let mean = offsets
        .iter()
        .fold(Vector2::zeros(), |a, (w, d, _)| a + d * *w);
    let t_s: f64 = offsets.iter().map(|(w, _, p)| w * p.t_s).sum();
    let (mut cov, mut t_var) = (Matrix2::zeros(), 0.0);
    for (w, d, p) in &offsets {
        let dd = d - mean;
        cov += (p.cov_en_m2 + dd * dd.transpose()) * *w;
        t_var += w * (p.t_sigma_s * p.t_sigma_s + (p.t_s - t_s) * (p.t_s - t_s));
    }
    let [e, n, _] = reference.point.enu_axes();
    let at = Geodetic {
        h_m: 0.0,
        ..reference.point
    }
    .to_ecef()
    .vector()
        + e * mean.x
        + n * mean.y;
    let mut point = EarthShape::Wgs84.geodetic(&Position::from_vector(at));
    point.h_m = 0.0;
    Some(ImpactPrediction {
        point,
        cov_en_m2: (cov + cov.transpose()) * 0.5,
        t_s,
        t_sigma_s: t_var.max(0.0).sqrt(),
    })
}

/// The 2N + 1 scaled unscented sigma points of an N-state (α = 1, β = 2, κ = 0) and weights.
struct SigmaPoints<const N: usize> {
    points: Vec<nalgebra::SVector<f64, N>>,
    mean_weights: Vec<f64>,
    cov_weights: Vec<f64>,
}

impl<const N: usize> SigmaPoints<N> {
    fn of(g: &Gaussian<N>) -> Result<Self, ImpactError> {
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
        let wi = 0.5 / (N as f64 + lambda);
        let mut mean_weights = vec![wi; points.len()];
        let mut cov_weights = mean_weights.clone();
        mean_weights[0] = wm0;
        cov_weights[0] = wm0 + 1.0 - alpha * alpha + beta;
        Ok(Self {
            points,
            mean_weights,
            cov_weights,
        })
    }

    /// The distribution of the sigma points' surface points (time, place): mean point (the
    /// weighted mean in ECEF, put back on the surface), 2×2 covariance in its local plane (plus
    /// 1 m² so an exact state still has an invertible ellipse), mean time and its spread.
    fn surface_distribution(&self, at: &[(f64, Geodetic)]) -> ImpactPrediction {
        let mean_ecef = at
            .iter()
            .zip(&self.mean_weights)
            .fold(Vec3::zeros(), |a, ((_, g), w)| {
                a + Geodetic { h_m: 0.0, ..*g }.to_ecef().vector() * *w
            });
        let mut point = EarthShape::Wgs84.geodetic(&Position::from_vector(mean_ecef));
        point.h_m = 0.0;
        let t_mean: f64 = at
            .iter()
            .zip(&self.mean_weights)
            .map(|((t, _), w)| t * w)
            .sum();
        let probe = ImpactPrediction {
            point,
            cov_en_m2: Matrix2::zeros(),
            t_s: t_mean,
            t_sigma_s: 0.0,
        };
        let mut cov = Matrix2::identity();
        let mut t_var = 0.0;
        for ((t, g), w) in at.iter().zip(&self.cov_weights) {
            let d = probe.offset_en(g);
            cov += d * d.transpose() * *w;
            t_var += w * (t - t_mean) * (t - t_mean);
        }
        ImpactPrediction {
            point,
            cov_en_m2: (cov + cov.transpose()) * 0.5,
            t_s: t_mean,
            t_sigma_s: t_var.max(0.0).sqrt(),
        }
    }
}

/// Where a tracked object came from: its state flown backwards in time (DOP853, vacuum) to the
/// surface, for every sigma point; mean, 2×2 covariance and time, as for the impact. A
/// ballistic back-propagation ignores the powered flight, so for a missile it lands downrange
/// of the true launch point by the boost's ground distance (~100–400 km): an estimate of the
/// launch *area*, stated as such.
pub fn predict_origin(
    g: &Gaussian<6>,
    t_s: f64,
    model: &ForceModel,
    max_flight_s: f64,
) -> Result<ImpactPrediction, ImpactError> {
    let sigma = SigmaPoints::of(g)?;
    let body = Ballistic::new(*model, None);
    let stop = Stop {
        height_m: 0.0,
        t_max_s: t_s - max_flight_s,
    };
    let mut origins = Vec::with_capacity(sigma.points.len());
    for x in &sigma.points {
        // A point below ground is where it left it.
        if model.shape.height_m(&Vec3::new(x[0], x[1], x[2])) <= 0.0 {
            origins.push((t_s, model.shape.geodetic(&Position::new(x[0], x[1], x[2]))));
            continue;
        }
        let back = fly(&body, model.shape, t_s, *x, stop, &Accuracy::FAST)
            .ok()
            .and_then(|f| f.impact)
            .ok_or(ImpactError::NoImpact(max_flight_s))?;
        let mut at = back.geodetic;
        at.h_m = 0.0;
        origins.push((back.state.t_s, at));
    }
    Ok(sigma.surface_distribution(&origins))
}

type SVector6 = nalgebra::SVector<f64, 6>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Flying back an exact state of a free flight returns its starting point (it started
    /// 0.5 m up; 5 m for the integration of both ways) and time (0.01 s).
    #[test]
    fn origin_of_a_free_flight_is_its_start() {
        let model = ForceModel::default();
        let start = Geodetic::from_degrees(30.0, 40.0, 0.0).unwrap();
        let [e, n, u] = start.enu_axes();
        let v = (n * 0.6 + e * 0.3 + u * 0.75).normalize() * 6_000.0;
        let body = Ballistic::new(model, None);
        let r0 = start.to_ecef();
        let flight = free_flight(
            &body,
            0.0,
            &(r0 + vigil_earth::Displacement::from_vector(u * 0.5)),
            &Velocity::from_vector(v),
            &Accuracy::DEFAULT,
            1e4,
        )
        .unwrap();
        let mid = flight.ephemeris.state_at(500.0).unwrap();
        let (r, vv) = (mid.position.vector(), mid.velocity.vector());
        let g = Gaussian::new(
            nalgebra::SVector::<f64, 6>::new(r.x, r.y, r.z, vv.x, vv.y, vv.z),
            nalgebra::SMatrix::<f64, 6, 6>::identity(),
        );
        let o = predict_origin(&g, 500.0, &model, 2_000.0).unwrap();
        assert!(
            EarthShape::Wgs84.path(&o.point, &start).distance_m < 5.0,
            "{:?}",
            o.point
        );
        assert!(o.t_s.abs() < 0.01, "{}", o.t_s);
    }

    /// [`predict_impact`] with every sigma point flown through the air.
    fn every_point_flown(
        g: &Gaussian<6>,
        t_s: f64,
        model: &ForceModel,
        beta: Beta,
    ) -> ImpactPrediction {
        let flight = Flight {
            t_s,
            model,
            max_flight_s: 7_200.0,
            drag_shift: false,
        };
        flight.predict(g, Some(beta)).unwrap()
    }

    /// The mean's drag shift against flying every sigma point through the air, for the
    /// tracker's two β hypotheses (heavy 4,000 kg/m², light 300 kg/m², spread 0.35: the
    /// scenario defaults) and a state 400 or 120 km up on the way down with 1 km and 10 m/s (per
    /// axis) or 100 m and 1 m/s of uncertainty. Bars: the mean within 2 % of the ellipse's
    /// minor standard deviation plus 20 m, the time within 0.2 s, each axis's variance within
    /// 3 % (measured: 0.1 % heavy, 1.8 % light at 1 km; the points' drag shifts differ a
    /// little from the mean's, which the method drops).
    #[test]
    fn sigma_points_shifted_by_the_mean_s_drag_land_where_they_would_on_their_own() {
        let model = ForceModel {
            atmosphere: AtmosphereModel::Ussa1976,
            ..ForceModel::default()
        };
        let start = Geodetic::from_degrees(20.0, 40.0, 0.0).unwrap();
        let [e, n, u] = start.enu_axes();
        let v = (n * 0.7 + e * 0.2 + u * 0.68).normalize() * 6_500.0;
        let flight = free_flight(
            &Ballistic::new(ForceModel::default(), None),
            0.0,
            &(start.to_ecef() + vigil_earth::Displacement::from_vector(u * 0.5)),
            &Velocity::from_vector(v),
            &Accuracy::DEFAULT,
            1e4,
        )
        .unwrap();
        for (height_m, (sigma_m, sigma_mps)) in [400e3, 120e3]
            .into_iter()
            .flat_map(|h| [(h, (1_000.0, 10.0)), (h, (100.0, 1.0))])
        {
            let down = flight
                .ephemeris
                .nodes()
                .iter()
                .rev()
                .find(|s| model.shape.height_m(&s.position.vector()) > height_m)
                .unwrap();
            let state = flight.ephemeris.state_at(down.t_s).unwrap();
            let (r, vv) = (state.position.vector(), state.velocity.vector());
            let x = SVector6::new(r.x, r.y, r.z, vv.x, vv.y, vv.z);
            let mut cov = nalgebra::SMatrix::<f64, 6, 6>::zeros();
            for i in 0..3 {
                cov[(i, i)] = sigma_m * sigma_m;
                cov[(i + 3, i + 3)] = sigma_mps * sigma_mps;
            }
            let g = Gaussian::new(x, cov);
            for kg_m2 in [4_000.0, 300.0] {
                let beta = Beta {
                    kg_m2,
                    spread: 0.35,
                };
                let fast = predict_impact(&g, down.t_s, &model, Some(beta), 7_200.0).unwrap();
                let full = every_point_flown(&g, down.t_s, &model, beta);
                let minor = full.cov_en_m2.symmetric_eigen().eigenvalues.min().sqrt();
                let miss = full.offset_en(&fast.point).norm();
                assert!(
                    miss < 0.02 * minor + 20.0,
                    "{height_m} m, β {kg_m2}, σ {sigma_m} m: mean {miss:.1} m off (minor σ {minor:.0} m)"
                );
                assert!(
                    (fast.t_s - full.t_s).abs() < 0.2,
                    "{} {}",
                    fast.t_s,
                    full.t_s
                );
                for i in 0..2 {
                    let ratio = fast.cov_en_m2[(i, i)] / full.cov_en_m2[(i, i)];
                    assert!(
                        (ratio - 1.0).abs() < 0.03,
                        "{height_m} m, β {kg_m2}, σ {sigma_m} m: axis {i} variance ratio {ratio:.4}"
                    );
                }
            }
        }
    }

    /// Two equally weighted impacts 20 km apart east, each with 1 km² variance and times 100
    /// and 110 s (σ 2 s): the mixture sits midway, its east variance is 1e6 + 1e8 m² (the
    /// parts' plus the spread of their means, ±10 km), north 1e6, time 105 s with σ² = 4 + 25.
    #[test]
    fn mixture_of_two_impacts_by_hand() {
        let a = Geodetic::from_degrees(45.0, 10.0, 0.0).unwrap();
        let [e, _, _] = a.enu_axes();
        let mut b =
            EarthShape::Wgs84.geodetic(&Position::from_vector(a.to_ecef().vector() + e * 20_000.0));
        b.h_m = 0.0;
        let part = |point, t_s| ImpactPrediction {
            point,
            cov_en_m2: Matrix2::identity() * 1e6,
            t_s,
            t_sigma_s: 2.0,
        };
        let m = mixture(&[(0.5, part(a, 100.0)), (0.5, part(b, 110.0))]).unwrap();
        let mid = m.offset_en(&a);
        // North within 30 m: a tangent-plane offset put back on the ellipsoid drifts by about
        // d² tan φ / 2R (8 m for d = 10 km at 45°) each way.
        assert!(
            (mid.x + 10_000.0).abs() < 5.0 && mid.y.abs() < 30.0,
            "{mid}"
        );
        assert!(
            (m.cov_en_m2[(0, 0)] - 1.01e8).abs() < 1e5,
            "{}",
            m.cov_en_m2
        );
        assert!((m.cov_en_m2[(1, 1)] - 1e6).abs() < 1e4, "{}", m.cov_en_m2);
        assert!((m.t_s - 105.0).abs() < 1e-9 && (m.t_sigma_s - 29f64.sqrt()).abs() < 1e-9);
        assert!(mixture(&[(0.0, part(a, 1.0))]).is_none());
    }
}
