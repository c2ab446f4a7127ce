//! Filter consistency: normalised estimation error squared (NEES), normalised innovation
//! squared (NIS), and their two-sided χ² acceptance bands (Bar-Shalom, Li & Kirubarajan 2001,
//! §5.4). A consistent filter's NEES of an `N`-dimensional state is χ²-distributed with `N`
//! degrees of freedom, so the average of `K` independent NEES values lies, with probability
//! `p`, in `[χ²_{KN}((1−p)/2), χ²_{KN}((1+p)/2)] / K`. Above the band the filter is
//! over-confident (covariance too small), below it under-confident.

use crate::gaussian::Gaussian;
use nalgebra::{SMatrix, SVector};

/// NEES of an estimate against the true state: (x̂ − x)ᵀ P⁻¹ (x̂ − x), dimensionless. `None`
/// if the covariance is not positive-definite or the result is not finite.
pub fn nees<const N: usize>(estimate: &Gaussian<N>, truth: &SVector<f64, N>) -> Option<f64> {
    estimate.mahalanobis2(truth).filter(|v| v.is_finite())
}

/// NIS of an innovation: yᵀ S⁻¹ y, dimensionless. `None` if `S` is not positive-definite or
/// the result is not finite.
pub fn nis<const M: usize>(residual: &SVector<f64, M>, cov: &SMatrix<f64, M, M>) -> Option<f64> {
    let chol = cov.cholesky()?;
    Some(residual.dot(&chol.solve(residual))).filter(|v| v.is_finite())
}

/// Two-sided band `[lower, upper]` that the average of `samples` independent χ²(`dof`)
/// values falls in with probability `confidence`:
/// `[χ²_{K·dof}((1−p)/2), χ²_{K·dof}((1+p)/2)] / K`. `None` unless `dof > 0`, `samples > 0`
/// and `0 < confidence < 1`.
pub fn chi2_band(dof: f64, samples: usize, confidence: f64) -> Option<(f64, f64)> {
    if !(dof > 0.0) || samples == 0 || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let k = samples as f64;
    let total = k * dof;
    let lower = chi2_quantile(total, 0.5 * (1.0 - confidence)) / k;
    let upper = chi2_quantile(total, 0.5 * (1.0 + confidence)) / k;
    (lower.is_finite() && upper.is_finite()).then_some((lower, upper))
}

/// An average NEES or NIS and its χ² acceptance band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConsistencyReport {
    /// The average statistic, dimensionless (the state or measurement dimension if consistent).
    pub mean: f64,
    /// Lower edge of the band; below it the filter is under-confident.
    pub lower: f64,
    /// Upper edge of the band; above it the filter is over-confident.
    pub upper: f64,
    /// Whether `lower ≤ mean ≤ upper`.
    pub inside: bool,
}

impl ConsistencyReport {
    /// The report for an average `mean` of `samples` χ²(`dof`) values at `confidence` (e.g.
    /// 0.95). `None` if the band is undefined (see [`chi2_band`]) or `mean` is not finite.
    pub fn from_mean(mean: f64, dof: f64, samples: usize, confidence: f64) -> Option<Self> {
        if !mean.is_finite() {
            return None;
        }
        let (lower, upper) = chi2_band(dof, samples, confidence)?;
        Some(Self {
            mean,
            lower,
            upper,
            inside: lower <= mean && mean <= upper,
        })
    }

    /// The report for independent χ²(`dof`) values, e.g. the NEES of `K` Monte Carlo runs at
    /// one time (`K = values.len()`). `None` if empty or on a non-finite value.
    pub fn from_values(values: &[f64], dof: f64, confidence: f64) -> Option<Self> {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        Self::from_mean(mean, dof, values.len(), confidence)
    }

    /// The report for Monte Carlo runs of a time series: `runs[k][t]` is the statistic of run
    /// `k` at step `t` (steps may differ in number between runs). The mean is over all values;
    /// the band is that of `K = runs.len()` samples, which is conservative: values within a
    /// run are correlated in time, but each is χ²(`dof`), so a run's time average has a
    /// variance of at most 2·dof, that of a single value. `None` if there is no value, a run is
    /// empty, or a value is not finite.
    pub fn from_runs<R: AsRef<[f64]>>(runs: &[R], dof: f64, confidence: f64) -> Option<Self> {
        if runs.iter().any(|r| r.as_ref().is_empty()) {
            return None;
        }
        let count: usize = runs.iter().map(|r| r.as_ref().len()).sum();
        let sum: f64 = runs.iter().flat_map(|r| r.as_ref().iter()).sum();
        if count == 0 {
            return None;
        }
        Self::from_mean(sum / count as f64, dof, runs.len(), confidence)
    }
}

/// Run-averaged NEES of independent Monte Carlo estimates of an `N`-dimensional state at one
/// time, `(estimate, truth)` per run, with its band at `confidence`. `None` if empty or if any
/// NEES is undefined.
pub fn average_nees<const N: usize>(
    runs: &[(Gaussian<N>, SVector<f64, N>)],
    confidence: f64,
) -> Option<ConsistencyReport> {
    let values: Option<Vec<f64>> = runs.iter().map(|(g, x)| nees(g, x)).collect();
    ConsistencyReport::from_values(&values?, N as f64, confidence)
}

/// Average NIS of independent `M`-dimensional innovations `(residual, S)` with its band at
/// `confidence`. `None` if empty or if any NIS is undefined.
pub fn average_nis<const M: usize>(
    innovations: &[(SVector<f64, M>, SMatrix<f64, M, M>)],
    confidence: f64,
) -> Option<ConsistencyReport> {
    let values: Option<Vec<f64>> = innovations.iter().map(|(y, s)| nis(y, s)).collect();
    ConsistencyReport::from_values(&values?, M as f64, confidence)
}

pub use crate::associate::{chi2_cdf, chi2_quantile};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi2_quantile_inverts_the_cdf() {
        for &k in &[0.5, 1.0, 3.0, 6.0, 9.0, 180.0, 1200.0] {
            for &p in &[1e-9, 0.01, 0.3, 0.5, 0.9, 0.999] {
                let x = chi2_quantile(k, p);
                assert!(
                    (chi2_cdf(k, x) - p).abs() < 1e-12 * p.max(1e-3),
                    "k {k} p {p}"
                );
            }
        }
    }

    #[test]
    fn chi2_quantile_edge_cases() {
        assert_eq!(chi2_quantile(3.0, 0.0), 0.0);
        assert_eq!(chi2_quantile(3.0, 1.0), f64::INFINITY);
        for (k, p) in [
            (0.0, 0.5),
            (-1.0, 0.5),
            (f64::NAN, 0.5),
            (f64::INFINITY, 0.5),
            (3.0, -0.1),
            (3.0, 1.1),
            (3.0, f64::NAN),
        ] {
            assert!(chi2_quantile(k, p).is_nan(), "{k} {p}");
        }
        // Two degrees of freedom: closed form −2 ln(1 − p).
        for p in [1e-6_f64, 0.05, 0.5, 0.95, 0.999_999] {
            let want = -2.0 * (-p).ln_1p();
            assert!((chi2_quantile(2.0, p) - want).abs() < 1e-12 * want);
        }
    }

    #[test]
    fn band_of_one_sample_and_of_many() {
        // scipy.stats.chi2.ppf: one 3-dof sample at 95 %, and the average of 50 runs of a
        // 4-dim state (χ²₂₀₀ / 50).
        let (lo, hi) = chi2_band(3.0, 1, 0.95).unwrap();
        assert!(
            (lo / 0.215_795_282_623_897_85 - 1.0).abs() < 1e-10
                && (hi / 9.348_403_604_496_148 - 1.0).abs() < 1e-10
        );
        let (lo, hi) = chi2_band(4.0, 50, 0.95).unwrap();
        assert!(
            (lo / 3.254_559_650_036_925_6 - 1.0).abs() < 1e-10
                && (hi / 4.821_157_910_126_218 - 1.0).abs() < 1e-10,
            "{lo} {hi}"
        );
        assert!(chi2_band(0.0, 5, 0.95).is_none());
        assert!(chi2_band(3.0, 0, 0.95).is_none());
        assert!(chi2_band(3.0, 5, 1.0).is_none());
    }

    #[test]
    fn nees_and_reports() {
        let g = Gaussian::new(
            SVector::<f64, 2>::new(1.0, 2.0),
            SMatrix::<f64, 2, 2>::new(4.0, 0.0, 0.0, 9.0),
        );
        let v = nees(&g, &SVector::<f64, 2>::new(3.0, 5.0)).unwrap();
        assert!((v - 2.0).abs() < 1e-15);
        let singular = Gaussian {
            mean: SVector::<f64, 2>::zeros(),
            cov: SMatrix::<f64, 2, 2>::zeros(),
        };
        assert!(nees(&singular, &SVector::<f64, 2>::zeros()).is_none());
        assert!(
            average_nees(
                &[
                    (g, SVector::<f64, 2>::new(3.0, 5.0)),
                    (singular, SVector::<f64, 2>::zeros())
                ],
                0.95
            )
            .is_none()
        );
        let r = average_nees(&[(g, SVector::<f64, 2>::new(3.0, 5.0)); 10], 0.95).unwrap();
        assert!(r.inside && (r.mean - 2.0).abs() < 1e-15 && r.lower < 2.0 && r.upper > 2.0);
        assert!(
            nis(
                &SVector::<f64, 1>::new(3.0),
                &SMatrix::<f64, 1, 1>::new(9.0)
            )
            .is_some_and(|v| (v - 1.0).abs() < 1e-15)
        );
        assert!(average_nis::<1>(&[], 0.95).is_none());
        assert!(ConsistencyReport::from_values(&[], 3.0, 0.95).is_none());
        assert!(ConsistencyReport::from_values(&[1.0, f64::NAN], 3.0, 0.95).is_none());
        let runs = [vec![2.0, 4.0], vec![3.0]];
        let r = ConsistencyReport::from_runs(&runs, 3.0, 0.95).unwrap();
        assert_eq!(r.mean, 3.0);
        assert_eq!((r.lower, r.upper), chi2_band(3.0, 2, 0.95).unwrap());
        assert!(ConsistencyReport::from_runs(&[vec![1.0], vec![]], 3.0, 0.95).is_none());
        let over = ConsistencyReport::from_mean(30.0, 3.0, 10, 0.95).unwrap();
        assert!(!over.inside && over.mean > over.upper);
    }
}
