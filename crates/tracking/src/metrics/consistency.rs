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

    /// scipy.stats.chi2.ppf(p, k), scipy 1.17.1: (k, p, x).
    #[rustfmt::skip]
    const SCIPY_PPF: &[(f64, f64, f64)] = &[
        (0.5, 1e-12, 1.3499395786223522e-48),
        (0.5, 1e-06, 1.3499395786223394e-24),
        (0.5, 0.001, 1.3499395786230753e-12),
        (0.5, 0.025, 5.273202591259991e-07),
        (0.5, 0.05, 8.437150840525987e-06),
        (0.5, 0.3, 0.010982604948550948),
        (0.5, 0.5, 0.0873476047057468),
        (0.5, 0.9, 1.5007857444736732),
        (0.5, 0.95, 2.4202322748895257),
        (0.5, 0.975, 3.433235299960771),
        (0.5, 0.999, 8.752888515773373),
        (0.5, 0.999999, 21.375635152821964),
        (1.0, 1e-12, 1.5707963267948931e-24),
        (1.0, 1e-06, 1.5707963267957187e-12),
        (1.0, 0.001, 1.5707971492624921e-06),
        (1.0, 0.025, 0.0009820691171752555),
        (1.0, 0.05, 0.003932140000019522),
        (1.0, 0.3, 0.14847186183254538),
        (1.0, 0.5, 0.454936423119572),
        (1.0, 0.9, 2.705543454095404),
        (1.0, 0.95, 3.841458820694124),
        (1.0, 0.975, 5.023886187314888),
        (1.0, 0.999, 10.827566170662733),
        (1.0, 0.999999, 23.92812697687947),
        (2.0, 1e-12, 2.000000000001e-12),
        (2.0, 1e-06, 2.0000010000006676e-06),
        (2.0, 0.001, 0.002001000667167068),
        (2.0, 0.025, 0.05063561596857975),
        (2.0, 0.05, 0.10258658877510106),
        (2.0, 0.3, 0.7133498878774648),
        (2.0, 0.5, 1.386294361119891),
        (2.0, 0.9, 4.605170185988092),
        (2.0, 0.95, 5.991464547107979),
        (2.0, 0.975, 7.377758908227871),
        (2.0, 0.999, 13.815510557964274),
        (2.0, 0.999999, 27.631021115871036),
        (3.0, 1e-12, 2.417987942718036e-08),
        (3.0, 1e-06, 0.00024181048720124264),
        (3.0, 0.001, 0.024297585815692732),
        (3.0, 0.025, 0.21579528262389785),
        (3.0, 0.05, 0.35184631774927144),
        (3.0, 0.3, 1.4236522430352798),
        (3.0, 0.5, 2.3659738843753377),
        (3.0, 0.9, 6.251388631170325),
        (3.0, 0.95, 7.814727903251179),
        (3.0, 0.975, 9.348403604496148),
        (3.0, 0.999, 16.26623619623813),
        (3.0, 0.999999, 30.66484970615427),
        (4.0, 1e-12, 2.828428458080386e-06),
        (4.0, 1e-06, 0.0028297613229586872),
        (4.0, 0.001, 0.09080403553897909),
        (4.0, 0.025, 0.4844185570879299),
        (4.0, 0.05, 0.7107230213973239),
        (4.0, 0.3, 2.1946984214069833),
        (4.0, 0.5, 3.3566939800333224),
        (4.0, 0.9, 7.779440339734858),
        (4.0, 0.95, 9.487729036781154),
        (4.0, 0.975, 11.143286781877796),
        (4.0, 0.999, 18.46682695290317),
        (4.0, 0.999999, 33.37684158165888),
        (5.0, 1e-12, 5.124643496830541e-05),
        (5.0, 1e-06, 0.012896160206497087),
        (5.0, 0.001, 0.2102126026292192),
        (5.0, 0.025, 0.8312116134866625),
        (5.0, 0.05, 1.1454762260617692),
        (5.0, 0.3, 2.9999081327599066),
        (5.0, 0.5, 4.351460191095526),
        (5.0, 0.9, 9.236356899781123),
        (5.0, 0.95, 11.070497693516351),
        (5.0, 0.975, 12.832501994030027),
        (5.0, 0.999, 20.515005652432873),
        (5.0, 0.999999, 35.88818687961042),
        (6.0, 1e-12, 0.0003634406292527484),
        (6.0, 1e-06, 0.036508565926558594),
        (6.0, 0.001, 0.3810667551368064),
        (6.0, 0.025, 1.2373442457912027),
        (6.0, 0.05, 1.6353828943279067),
        (6.0, 0.3, 3.8275515882541242),
        (6.0, 0.5, 5.348120627447118),
        (6.0, 0.9, 10.644640675668422),
        (6.0, 0.95, 12.591587243743977),
        (6.0, 0.975, 14.44937533544792),
        (6.0, 0.999, 22.457744484825323),
        (6.0, 0.999999, 38.25833637714585),
        (9.0, 1e-12, 0.01039302087646923),
        (9.0, 1e-06, 0.22838484007344917),
        (9.0, 0.001, 1.151949546223564),
        (9.0, 0.025, 2.7003894999803584),
        (9.0, 0.05, 3.325112843066815),
        (9.0, 0.3, 6.393305964475309),
        (9.0, 0.5, 8.342832692252955),
        (9.0, 0.9, 14.683656573259837),
        (9.0, 0.95, 16.918977604620448),
        (9.0, 0.975, 19.02276779864163),
        (9.0, 0.999, 27.877164871256568),
        (9.0, 0.999999, 44.81093787062026),
        (10.0, 1e-12, 0.0207786897050036),
        (10.0, 1e-06, 0.3381260032429545),
        (10.0, 0.001, 1.4787434638356647),
        (10.0, 0.025, 3.2469727802368413),
        (10.0, 0.05, 3.9402991361190605),
        (10.0, 0.3, 7.267218165927605),
        (10.0, 0.5, 9.34181776559197),
        (10.0, 0.9, 15.987179172105265),
        (10.0, 0.95, 18.307038053275146),
        (10.0, 0.975, 20.483177350807388),
        (10.0, 0.999, 29.58829844507442),
        (10.0, 0.999999, 46.86304684671568),
        (30.0, 1e-12, 2.1792731865592656),
        (30.0, 1e-06, 6.200293738343595),
        (30.0, 0.001, 11.587951045645056),
        (30.0, 0.025, 16.79077226556663),
        (30.0, 0.05, 18.49266098195347),
        (30.0, 0.3, 25.50775855388029),
        (30.0, 0.5, 29.336031516661585),
        (30.0, 0.9, 40.2560237387118),
        (30.0, 0.95, 43.77297182574219),
        (30.0, 0.975, 46.97924224367115),
        (30.0, 0.999, 59.70306430442994),
        (30.0, 0.999999, 82.044143136957),
        (100.0, 1e-12, 30.084167586161836),
        (100.0, 1e-06, 46.50133071589314),
        (100.0, 0.001, 61.91793920693662),
        (100.0, 0.025, 74.22192747492373),
        (100.0, 0.05, 77.92946516501726),
        (100.0, 0.3, 92.1289443388967),
        (100.0, 0.5, 99.33412923598846),
        (100.0, 0.9, 118.49800381106212),
        (100.0, 0.95, 124.34211340400407),
        (100.0, 0.975, 129.5611971858366),
        (100.0, 0.999, 149.44925277903886),
        (100.0, 0.999999, 182.12677711942618),
        (180.0, 1e-12, 76.87913020205959),
        (180.0, 1e-06, 103.72396526697074),
        (180.0, 0.001, 127.01106656261783),
        (180.0, 0.025, 144.74125626221195),
        (180.0, 0.05, 149.96877277826087),
        (180.0, 0.3, 169.5879085376451),
        (180.0, 0.5, 179.33377407316542),
        (180.0, 0.9, 204.703674547807),
        (180.0, 0.95, 212.3039127469521),
        (180.0, 0.975, 219.04431678751286),
        (180.0, 0.999, 244.37046748942743),
        (180.0, 0.999999, 284.9775850235158),
        (600.0, 1e-12, 387.6169559819059),
        (600.0, 1e-06, 449.4812325025338),
        (600.0, 0.001, 498.6228735469894),
        (600.0, 0.025, 534.0185504659327),
        (600.0, 0.05, 544.1800743865692),
        (600.0, 0.3, 581.3623248464359),
        (600.0, 0.5, 599.3334651808785),
        (600.0, 0.9, 644.8004456990703),
        (600.0, 0.95, 658.0935731377248),
        (600.0, 0.975, 669.7691522164112),
        (600.0, 0.999, 712.7711628852962),
        (600.0, 0.999999, 779.2846051095577),
        (1200.0, 1e-12, 886.994504060461),
        (1200.0, 1e-06, 981.3522301649664),
        (1200.0, 0.001, 1054.2906083332637),
        (1200.0, 0.025, 1105.889881156058),
        (1200.0, 0.05, 1120.5719037232377),
        (1200.0, 0.3, 1173.8344465582563),
        (1200.0, 0.5, 1199.3333992170244),
        (1200.0, 0.9, 1263.1956105999518),
        (1200.0, 0.95, 1281.701949148215),
        (1200.0, 0.975, 1297.8982763368099),
        (1200.0, 0.999, 1357.1061013861997),
        (1200.0, 0.999999, 1447.4273839029613),
        (6000.0, 1e-12, 5261.424028334395),
        (6000.0, 1e-06, 5493.608568858949),
        (6000.0, 0.001, 5667.173440956863),
        (6000.0, 0.025, 5787.197241969327),
        (6000.0, 0.05, 5820.959486022468),
        (6000.0, 0.3, 5942.075054424262),
        (6000.0, 0.5, 5999.33334650366),
        (6000.0, 0.9, 6140.808222605952),
        (6000.0, 0.95, 6181.314530925222),
        (6000.0, 0.975, 6216.5912789813665),
        (6000.0, 0.999, 6344.225405905832),
        (6000.0, 0.999999, 6535.182066160561),
        (36000.0, 1e-12, 34144.647750345066),
        (36000.0, 1e-06, 34738.88818266525),
        (36000.0, 0.001, 35176.5000429907),
        (36000.0, 0.025, 35475.98333739528),
        (36000.0, 0.05, 35559.77940780005),
        (36000.0, 0.3, 35858.8067028896),
        (36000.0, 0.5, 35999.333335528165),
        (36000.0, 0.9, 36344.30177603615),
        (36000.0, 0.95, 36442.49464330767),
        (36000.0, 0.975, 36527.80525923212),
        (36000.0, 0.999, 36834.89924894337),
        (36000.0, 0.999999, 37289.90474834877),
    ];

    #[test]
    fn chi2_quantile_matches_scipy() {
        let mut worst = 0.0_f64;
        for &(k, p, want) in SCIPY_PPF {
            let got = chi2_quantile(k, p);
            let rel = ((got - want) / want).abs();
            worst = worst.max(rel);
            assert!(
                rel < 1e-10,
                "chi2_quantile({k}, {p}) = {got}, scipy {want}, rel {rel:e}"
            );
        }
        eprintln!(
            "chi2_quantile vs scipy: worst relative deviation {worst:e} over {} cases",
            SCIPY_PPF.len()
        );
    }

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
