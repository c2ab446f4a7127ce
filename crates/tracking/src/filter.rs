//! Kalman filters for nonlinear models: extended (EKF) and unscented (UKF). Both update in
//! Joseph form and symmetrise, so a covariance stays symmetric positive-definite; an update
//! that would not is refused rather than applied.

use crate::gaussian::Gaussian;
use crate::models::{MeasurementModel, MotionModel};
use nalgebra::{SMatrix, SVector};

/// The innovation of a measurement against a predicted estimate: what gating, association
/// and the update need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Innovation<const N: usize, const M: usize> {
    /// Measured minus predicted measurement.
    pub residual: SVector<f64, M>,
    /// Innovation covariance S.
    pub cov: SMatrix<f64, M, M>,
    /// Measurement Jacobian (statistically linearised for the UKF): P Hᵀ = cross-covariance.
    pub h: SMatrix<f64, M, N>,
    /// Measurement-noise covariance: R for the EKF; for the UKF the effective noise S − H P Hᵀ
    /// (R plus the statistical linearisation error), so that S = H P Hᵀ + noise always holds.
    pub noise: SMatrix<f64, M, M>,
    /// Normalised innovation squared yᵀ S⁻¹ y.
    pub nis: f64,
    /// ln det S (for likelihoods).
    pub ln_det: f64,
}

impl<const N: usize, const M: usize> Innovation<N, M> {
    /// Gaussian likelihood of the measurement, N(y; 0, S).
    pub fn likelihood(&self) -> f64 {
        (-0.5 * (self.nis + self.ln_det + M as f64 * (2.0 * std::f64::consts::PI).ln())).exp()
    }
}

/// Why a filter step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// The innovation covariance is not positive-definite (or not finite).
    #[error("the innovation covariance is singular")]
    SingularInnovation,
    /// The updated estimate lost positive-definiteness or finiteness.
    #[error("the update produced an invalid covariance")]
    InvalidCovariance,
}

/// A recursive Bayesian filter on `N`-dimensional Gaussian estimates.
pub trait Filter<const N: usize> {
    /// The estimate `dt_s` seconds after time `t_s`.
    fn predict<Mm: MotionModel<N>>(
        &self,
        g: &Gaussian<N>,
        model: &Mm,
        t_s: f64,
        dt_s: f64,
    ) -> Gaussian<N>;

    /// The innovation of measurement `z` against `g`.
    fn innovation<const M: usize, H: MeasurementModel<N, M>>(
        &self,
        g: &Gaussian<N>,
        model: &H,
        z: &SVector<f64, M>,
    ) -> Result<Innovation<N, M>, FilterError>;

    /// The estimate updated with an innovation (Joseph form).
    fn apply<const M: usize>(
        &self,
        g: &Gaussian<N>,
        innovation: &Innovation<N, M>,
    ) -> Result<Gaussian<N>, FilterError> {
        joseph_update(g, innovation)
    }

    /// The estimate updated with measurement `z`, and the innovation used.
    fn update<const M: usize, H: MeasurementModel<N, M>>(
        &self,
        g: &Gaussian<N>,
        model: &H,
        z: &SVector<f64, M>,
    ) -> Result<(Gaussian<N>, Innovation<N, M>), FilterError> {
        let innovation = self.innovation(g, model, z)?;
        Ok((self.apply(g, &innovation)?, innovation))
    }
}

/// x⁺ = x + K y, P⁺ = (I − K H) P (I − K H)ᵀ + K R Kᵀ with K = P Hᵀ S⁻¹.
fn joseph_update<const N: usize, const M: usize>(
    g: &Gaussian<N>,
    inn: &Innovation<N, M>,
) -> Result<Gaussian<N>, FilterError> {
    let chol = inn.cov.cholesky().ok_or(FilterError::SingularInnovation)?;
    // K = P Hᵀ S⁻¹  ⇔  S Kᵀ = H P.
    let kt = chol.solve(&(inn.h * g.cov));
    let k = kt.transpose();
    let i_kh = SMatrix::<f64, N, N>::identity() - k * inn.h;
    let cov = i_kh * g.cov * i_kh.transpose() + k * inn.noise * k.transpose();
    let out = Gaussian::new(g.mean + k * inn.residual, cov);
    if out.is_valid() {
        Ok(out)
    } else {
        Err(FilterError::InvalidCovariance)
    }
}

/// Innovation from a predicted measurement, its covariance and the linearisation.
fn innovation_from<const N: usize, const M: usize>(
    residual: SVector<f64, M>,
    cov: SMatrix<f64, M, M>,
    h: SMatrix<f64, M, N>,
    noise: SMatrix<f64, M, M>,
) -> Result<Innovation<N, M>, FilterError> {
    let cov = (cov + cov.transpose()) * 0.5;
    let chol = cov.cholesky().ok_or(FilterError::SingularInnovation)?;
    let nis = residual.dot(&chol.solve(&residual));
    let ln_det = 2.0 * chol.l().diagonal().iter().map(|d| d.ln()).sum::<f64>();
    if !nis.is_finite() || !ln_det.is_finite() {
        return Err(FilterError::SingularInnovation);
    }
    Ok(Innovation {
        residual,
        cov,
        h,
        noise,
        nis,
        ln_det,
    })
}

/// The extended Kalman filter: models linearised by their Jacobians at the estimate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ekf;

impl<const N: usize> Filter<N> for Ekf {
    fn predict<Mm: MotionModel<N>>(
        &self,
        g: &Gaussian<N>,
        model: &Mm,
        t_s: f64,
        dt_s: f64,
    ) -> Gaussian<N> {
        let (mean, f) = model.transition(&g.mean, t_s, dt_s);
        Gaussian::new(
            mean,
            f * g.cov * f.transpose() + model.process_noise(&g.mean, t_s, dt_s),
        )
    }

    fn innovation<const M: usize, H: MeasurementModel<N, M>>(
        &self,
        g: &Gaussian<N>,
        model: &H,
        z: &SVector<f64, M>,
    ) -> Result<Innovation<N, M>, FilterError> {
        let h = model.jacobian(&g.mean);
        let r = model.noise();
        let residual = model.residual(z, &model.predict(&g.mean));
        innovation_from(residual, h * g.cov * h.transpose() + r, h, r)
    }
}

/// Sigma points with their mean and covariance weights.
type SigmaPoints<const N: usize> = (Vec<SVector<f64, N>>, Vec<f64>, Vec<f64>);

/// The unscented Kalman filter (Julier & Uhlmann; scaled sigma points of Wan & van der Merwe):
/// 2N + 1 sigma points, parameters α, β, κ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ukf {
    /// Spread of the sigma points.
    pub alpha: f64,
    /// Prior knowledge of the distribution (2 for Gaussian).
    pub beta: f64,
    /// Secondary scaling.
    pub kappa: f64,
}

impl Default for Ukf {
    /// α = 1, β = 2, κ = 0: sigma points at ±√N σ, well conditioned for tracking states.
    fn default() -> Self {
        Self {
            alpha: 1.0,
            beta: 2.0,
            kappa: 0.0,
        }
    }
}

impl Ukf {
    /// Sigma points of `g` and their mean and covariance weights.
    fn sigma_points<const N: usize>(&self, g: &Gaussian<N>) -> Option<SigmaPoints<N>> {
        let n = N as f64;
        let lambda = self.alpha * self.alpha * (n + self.kappa) - n;
        let l = (g.cov * (n + lambda)).cholesky()?.l();
        let mut points = Vec::with_capacity(2 * N + 1);
        points.push(g.mean);
        for i in 0..N {
            points.push(g.mean + l.column(i));
        }
        for i in 0..N {
            points.push(g.mean - l.column(i));
        }
        let w = 0.5 / (n + lambda);
        let mut wm = vec![w; 2 * N + 1];
        let mut wc = wm.clone();
        wm[0] = lambda / (n + lambda);
        wc[0] = wm[0] + 1.0 - self.alpha * self.alpha + self.beta;
        Some((points, wm, wc))
    }
}

impl<const N: usize> Filter<N> for Ukf {
    fn predict<Mm: MotionModel<N>>(
        &self,
        g: &Gaussian<N>,
        model: &Mm,
        t_s: f64,
        dt_s: f64,
    ) -> Gaussian<N> {
        let q = model.process_noise(&g.mean, t_s, dt_s);
        let Some((points, wm, wc)) = self.sigma_points(g) else {
            // Not positive-definite: fall back to the linearised prediction.
            return Ekf.predict(g, model, t_s, dt_s);
        };
        let moved: Vec<SVector<f64, N>> = points
            .iter()
            .map(|p| model.transition(p, t_s, dt_s).0)
            .collect();
        let mean = moved
            .iter()
            .zip(&wm)
            .fold(SVector::<f64, N>::zeros(), |a, (p, w)| a + p * *w);
        let cov = moved.iter().zip(&wc).fold(q, |a, (p, w)| {
            let d = p - mean;
            a + d * d.transpose() * *w
        });
        Gaussian::new(mean, cov)
    }

    fn innovation<const M: usize, H: MeasurementModel<N, M>>(
        &self,
        g: &Gaussian<N>,
        model: &H,
        z: &SVector<f64, M>,
    ) -> Result<Innovation<N, M>, FilterError> {
        let (points, wm, wc) = self.sigma_points(g).ok_or(FilterError::InvalidCovariance)?;
        let z0 = model.predict(&points[0]);
        // Measurements of the sigma points as deviations from the centre one (wraps angles).
        let dz: Vec<SVector<f64, M>> = points
            .iter()
            .map(|p| model.residual(&model.predict(p), &z0))
            .collect();
        let mean_dz = dz
            .iter()
            .zip(&wm)
            .fold(SVector::<f64, M>::zeros(), |a, (d, w)| a + d * *w);
        let r = model.noise();
        let mut s = r;
        let mut pxz = SMatrix::<f64, N, M>::zeros();
        for ((p, d), w) in points.iter().zip(&dz).zip(&wc) {
            let e = d - mean_dz;
            s += e * e.transpose() * *w;
            pxz += (p - g.mean) * e.transpose() * *w;
        }
        let predicted = model.residual(&(z0 + mean_dz), &z0) + z0;
        let residual = model.residual(z, &predicted);
        // Statistical linearisation H = Pxzᵀ P⁻¹ with the effective noise S − H P Hᵀ (R plus the
        // linearisation error), so that S = H P Hᵀ + noise holds and the Joseph update equals the
        // standard UKF update P − K S Kᵀ (found against filterpy: validation/filterpy_reference.py).
        let chol = g.cov.cholesky().ok_or(FilterError::InvalidCovariance)?;
        let h = chol.solve(&pxz).transpose();
        let noise = s - h * g.cov * h.transpose();
        innovation_from(residual, s, h, (noise + noise.transpose()) * 0.5)
    }
}
