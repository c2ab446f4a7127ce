//! Gating: χ² thresholds for Mahalanobis gates (also usable for NEES/NIS consistency bands)
//! and the Euclidean radius that encloses a gate, for the spatial pre-gate.
//!
//! The χ² distribution is computed here, without a statistics crate: the regularised
//! incomplete gamma function by its series and continued fraction (Numerical Recipes §6.2),
//! ln Γ exactly by recurrence up to 10 and by Stirling's series beyond, and the quantile by
//! Newton's method on the cdf from a Wilson–Hilferty start, safeguarded by bisection.
//! Agreement with scipy's `chi2.ppf` is ~1e-14 relative (see the tests).

use nalgebra::Matrix3;

/// The χ² quantile: the threshold `x` with P(χ²_dof ≤ x) = `probability`, e.g. the gate for
/// a measurement of dimension `dof` that keeps the true detection with that probability
/// (`chi2_gate(3, 0.99)` ≈ 11.345).
///
/// Degenerate inputs: `probability` ≤ 0 gives 0, ≥ 1 gives +∞, NaN gives NaN; `dof` = 0 gives 0.
pub fn chi2_gate(dof: usize, probability: f64) -> f64 {
    if dof == 0 || probability.is_nan() {
        return if probability.is_nan() { f64::NAN } else { 0.0 };
    }
    chi2_quantile(dof as f64, probability.clamp(0.0, 1.0))
}

/// The χ² cumulative distribution P(χ²_dof ≤ x) for real `dof` > 0. `x` ≤ 0 gives 0; NaN
/// arguments or `dof` ≤ 0 give NaN.
pub fn chi2_cdf(dof: f64, x: f64) -> f64 {
    if x.is_nan() || !(dof > 0.0) || !dof.is_finite() {
        return f64::NAN;
    }
    gamma_pq(0.5 * dof, 0.5 * x).0
}

/// The Euclidean radius, in the units of `cov`, of the ellipsoid {y : yᵀ cov⁻¹ y ≤ gate_chi2}:
/// √(gate_chi2 · λ_max(cov)). For the spatial pre-gate, `cov` is the position block of the
/// innovation covariance (P_pos + R_pos). NaN if `cov` or the gate is not finite; a negative
/// λ_max (an indefinite matrix) counts as 0.
pub fn gate_radius(gate_chi2: f64, cov: &Matrix3<f64>) -> f64 {
    let lambda = max_eigenvalue_sym3(cov);
    if !gate_chi2.is_finite() || !lambda.is_finite() {
        return f64::NAN;
    }
    (gate_chi2.max(0.0) * lambda.max(0.0)).sqrt()
}

/// The largest eigenvalue of a symmetric 3×3 matrix (closed form, Smith 1961; only the upper
/// triangle is read). NaN if an entry is not finite.
pub fn max_eigenvalue_sym3(a: &Matrix3<f64>) -> f64 {
    let (a11, a22, a33) = (a[(0, 0)], a[(1, 1)], a[(2, 2)]);
    let (a12, a13, a23) = (a[(0, 1)], a[(0, 2)], a[(1, 2)]);
    let q = (a11 + a22 + a33) / 3.0;
    let p1 = a12 * a12 + a13 * a13 + a23 * a23;
    let (b11, b22, b33) = (a11 - q, a22 - q, a33 - q);
    let p2 = b11 * b11 + b22 * b22 + b33 * b33 + 2.0 * p1;
    if !p2.is_finite() || !q.is_finite() {
        return f64::NAN;
    }
    if p2 == 0.0 {
        return q;
    }
    let p = (p2 / 6.0).sqrt();
    // det(B) / 2 with B = (A − qI)/p.
    let det = b11 * (b22 * b33 - a23 * a23) - a12 * (a12 * b33 - a23 * a13)
        + a13 * (a12 * a23 - b22 * a13);
    let r = (det / (2.0 * p * p * p)).clamp(-1.0, 1.0);
    q + 2.0 * p * (r.acos() / 3.0).cos()
}

/// The `p`-quantile of the χ² distribution with `dof` degrees of freedom (`dof` real, > 0):
/// the `x` with P(χ² ≤ x) = p, to about 1e-12 relative. 0 for `p = 0`, +∞ for `p = 1`, NaN for
/// invalid arguments (`dof` ≤ 0 or not finite, `p` outside [0, 1]).
pub fn chi2_quantile(dof: f64, prob: f64) -> f64 {
    if !(dof > 0.0) || !dof.is_finite() || !(0.0..=1.0).contains(&prob) {
        return f64::NAN;
    }
    if prob == 0.0 {
        return 0.0;
    }
    if prob >= 1.0 {
        return f64::INFINITY;
    }
    let a = 0.5 * dof;
    // Solve in the tail that is smaller, so that p close to 1 keeps its precision.
    let upper = prob > 0.5;
    let target = if upper { 1.0 - prob } else { prob };
    // f(y) = P(a, y) − p (or Q(a, y) − (1 − p)), y = x/2; increasing (decreasing) in y.
    let f = |y: f64| {
        let (p, q) = gamma_pq(a, y);
        if upper { target - q } else { p - target }
    };
    let ln_norm = ln_gamma(a);
    let pdf = |y: f64| (-(y) + (a - 1.0) * y.ln() - ln_norm).exp();

    // Wilson–Hilferty start: χ²_k ≈ k (1 − 2/(9k) + z √(2/(9k)))³.
    let z = normal_quantile(prob);
    let h = 2.0 / (9.0 * dof);
    let wh = dof * (1.0 - h + z * h.sqrt()).powi(3);
    let mut y = if wh.is_finite() && wh > 0.0 {
        0.5 * wh
    } else {
        0.5 * dof.max(1e-3)
    };

    // Bracket the root: f(lo) ≤ 0 ≤ f(hi).
    let (mut lo, mut hi) = (0.0_f64, y);
    let mut guard = 0;
    while f(hi) < 0.0 && guard < 2000 {
        lo = hi;
        hi *= 2.0;
        guard += 1;
    }
    if !(lo..=hi).contains(&y) {
        y = 0.5 * (lo + hi);
    }
    for _ in 0..200 {
        let fy = f(y);
        if fy == 0.0 {
            return 2.0 * y;
        }
        if fy < 0.0 {
            lo = y;
        } else {
            hi = y;
        }
        let d = pdf(y);
        let mut next = y - fy / d;
        if !next.is_finite() || next <= lo || next >= hi {
            next = 0.5 * (lo + hi);
        }
        if (next - y).abs() <= 1e-15 * y.abs() || hi - lo <= 1e-15 * hi {
            return 2.0 * next;
        }
        y = next;
    }
    2.0 * y
}

/// Regularised incomplete gamma functions (P(a, x), Q(a, x) = 1 − P), a > 0.
fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    if x == f64::INFINITY {
        return (1.0, 0.0);
    }
    let ln_pre = ln_gamma_prefactor(a, x);
    if x < a + 1.0 {
        // Series: P = e^{−x} x^a / Γ(a) Σ xⁿ / (a (a+1) … (a+n)).
        let mut ap = a;
        let mut del = 1.0 / a;
        let mut sum = del;
        for _ in 0..100_000 {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        let p = (sum.ln() + ln_pre).exp().min(1.0);
        (p, 1.0 - p)
    } else {
        // Continued fraction for Q (modified Lentz).
        const TINY: f64 = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..100_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        let q = (h.ln() + ln_pre).exp().min(1.0);
        (1.0 - q, q)
    }
}

/// ln(e^{−x} xᵃ / Γ(a)). For a ≥ 10 without the cancellation of its large terms: with
/// Stirling, = a·(ln(1 + t) − t) + ½ ln(a / 2π) − S(a), t = (x − a)/a.
fn ln_gamma_prefactor(a: f64, x: f64) -> f64 {
    if a < 10.0 {
        return -x + a * x.ln() - ln_gamma(a);
    }
    let t = (x - a) / a;
    a * (t.ln_1p() - t) + 0.5 * (a / (2.0 * std::f64::consts::PI)).ln() - stirling_series(a)
}

/// S(z) = ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π) = Σ B₂ₖ / (2k (2k − 1) z^{2k−1}), k = 1..7;
/// the next term is < 3e-17 for z ≥ 10.
fn stirling_series(z: f64) -> f64 {
    const B: [f64; 7] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
    ];
    let w = 1.0 / (z * z);
    B.iter().rev().fold(0.0, |acc, b| acc * w + b) / z
}

/// ln Γ(a), a > 0: shifted by recurrence to a ≥ 10, then Stirling's series.
fn ln_gamma(a: f64) -> f64 {
    let mut z = a;
    let mut shift = 1.0;
    while z < 10.0 {
        shift *= z;
        z += 1.0;
    }
    (z - 0.5) * z.ln() - z + 0.5 * (2.0 * std::f64::consts::PI).ln() + stirling_series(z)
        - shift.ln()
}

/// Standard normal quantile (Acklam's rational approximation, ~1e-9 relative): only a start
/// for Newton's method.
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - P_LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        (a - b).abs() / b.abs().max(1e-300)
    }

    /// scipy.stats.chi2.ppf(p, k) (scipy 1.17.1).
    #[test]
    fn chi2_gate_matches_scipy() {
        let cases: [(usize, f64, f64); 81] = [
            (1, 1e-06, 1.5707963267957187e-12),
            (1, 0.025, 0.0009820691171752555),
            (1, 0.05, 0.003932140000019522),
            (1, 0.5, 0.454936423119572),
            (1, 0.95, 3.841458820694124),
            (1, 0.975, 5.023886187314888),
            (1, 0.99, 6.6348966010212145),
            (1, 0.9973, 8.999861956749672),
            (1, 0.999999, 23.92812697687947),
            (2, 1e-06, 2.0000010000006676e-06),
            (2, 0.025, 0.05063561596857975),
            (2, 0.05, 0.10258658877510106),
            (2, 0.5, 1.386294361119891),
            (2, 0.95, 5.991464547107979),
            (2, 0.975, 7.377758908227871),
            (2, 0.99, 9.21034037197618),
            (2, 0.9973, 11.82900701194368),
            (2, 0.999999, 27.631021115871036),
            (3, 1e-06, 0.00024181048720124264),
            (3, 0.025, 0.21579528262389785),
            (3, 0.05, 0.35184631774927144),
            (3, 0.5, 2.3659738843753377),
            (3, 0.95, 7.814727903251179),
            (3, 0.975, 9.348403604496148),
            (3, 0.99, 11.344866730144373),
            (3, 0.9973, 14.1562525005409),
            (3, 0.999999, 30.66484970615427),
            (4, 1e-06, 0.0028297613229586872),
            (4, 0.025, 0.4844185570879299),
            (4, 0.05, 0.7107230213973239),
            (4, 0.5, 3.3566939800333224),
            (4, 0.95, 9.487729036781154),
            (4, 0.975, 11.143286781877796),
            (4, 0.99, 13.276704135987622),
            (4, 0.9973, 16.251171152210564),
            (4, 0.999999, 33.37684158165888),
            (6, 1e-06, 0.036508565926558594),
            (6, 0.025, 1.2373442457912027),
            (6, 0.05, 1.6353828943279067),
            (6, 0.5, 5.348120627447118),
            (6, 0.95, 12.591587243743977),
            (6, 0.975, 14.44937533544792),
            (6, 0.99, 16.811893829770927),
            (6, 0.9973, 20.061901972375512),
            (6, 0.999999, 38.25833637714585),
            (9, 1e-06, 0.22838484007344917),
            (9, 0.025, 2.7003894999803584),
            (9, 0.05, 3.325112843066815),
            (9, 0.5, 8.342832692252955),
            (9, 0.95, 16.918977604620448),
            (9, 0.975, 19.02276779864163),
            (9, 0.99, 21.665994333461924),
            (9, 0.9973, 25.256663611356526),
            (9, 0.999999, 44.81093787062026),
            (50, 1e-06, 15.85506281564832),
            (50, 0.025, 32.357363695658655),
            (50, 0.05, 34.76425168350175),
            (50, 0.5, 49.33493673397683),
            (50, 0.95, 67.5048065495412),
            (50, 0.975, 71.42019518750642),
            (50, 0.99, 76.1538912490127),
            (50, 0.9973, 82.31861200209035),
            (50, 0.999999, 112.60809249886348),
            (600, 1e-06, 449.4812325025338),
            (600, 0.025, 534.0185504659327),
            (600, 0.05, 544.1800743865692),
            (600, 0.5, 599.3334651808785),
            (600, 0.95, 658.0935731377248),
            (600, 0.975, 669.7691522164112),
            (600, 0.99, 683.5155909560086),
            (600, 0.9973, 700.8749620251107),
            (600, 0.999999, 779.2846051095577),
            (6000, 1e-06, 5493.608568858949),
            (6000, 0.025, 5787.197241969327),
            (6000, 0.05, 5820.959486022468),
            (6000, 0.5, 5999.33334650366),
            (6000, 0.95, 6181.314530925222),
            (6000, 0.975, 6216.5912789813665),
            (6000, 0.99, 6257.776067624056),
            (6000, 0.9973, 6309.264798176543),
            (6000, 0.999999, 6535.182066160561),
        ];
        for (k, p, x) in cases {
            let got = chi2_gate(k, p);
            assert!(rel(got, x) < 1e-12, "k={k} p={p}: {got} vs {x}");
            let back = chi2_cdf(k as f64, x);
            assert!(
                (back - p).abs() < 1e-13 * p.max(1e-3),
                "cdf k={k}: {back} vs {p}"
            );
        }
    }

    /// Two degrees of freedom have the closed form x = −2 ln(1 − p).
    #[test]
    fn chi2_gate_two_dof_closed_form() {
        for &p in &[1e-9_f64, 0.01, 0.5, 0.9, 0.99, 0.999_999, 1.0 - 1e-12] {
            let x = -2.0 * (-p).ln_1p();
            assert!(rel(chi2_gate(2, p), x) < 1e-13, "p={p}");
        }
    }

    #[test]
    fn ln_gamma_known_values() {
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!(ln_gamma(2.0).abs() < 1e-14);
        assert!((ln_gamma(0.5) - 0.5 * std::f64::consts::PI.ln()).abs() < 1e-14);
        // ln(99!) and ln Γ(1000.5) (mpmath, 30 digits).
        assert!(rel(ln_gamma(100.0), 359.134_205_369_575_4) < 1e-15);
        assert!(rel(ln_gamma(1000.5), 5_908.674_175_848_677) < 1e-14);
    }

    #[test]
    fn chi2_gate_degenerate_inputs() {
        assert_eq!(chi2_gate(3, 0.0), 0.0);
        assert_eq!(chi2_gate(3, -1.0), 0.0);
        assert_eq!(chi2_gate(3, 1.0), f64::INFINITY);
        assert!(chi2_gate(3, f64::NAN).is_nan());
        assert_eq!(chi2_gate(0, 0.5), 0.0);
        assert_eq!(chi2_cdf(3.0, -1.0), 0.0);
        assert_eq!(chi2_cdf(3.0, f64::INFINITY), 1.0);
        assert!(chi2_cdf(3.0, f64::NAN).is_nan());
        // Monotone in p.
        let mut last = 0.0;
        for i in 1..1000 {
            let x = chi2_gate(6, i as f64 / 1000.0);
            assert!(x > last);
            last = x;
        }
    }

    #[test]
    fn gate_radius_of_a_rotated_ellipsoid() {
        // Eigenvalues 9, 4, 1 rotated about z by 30°.
        let (s, c) = 30f64.to_radians().sin_cos();
        let r = Matrix3::new(c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0);
        let m = r * Matrix3::from_diagonal(&nalgebra::Vector3::new(9.0, 1.0, 4.0)) * r.transpose();
        assert!(rel(max_eigenvalue_sym3(&m), 9.0) < 1e-14);
        assert!(rel(gate_radius(16.0, &m), 12.0) < 1e-14);
        assert_eq!(max_eigenvalue_sym3(&Matrix3::identity()), 1.0);
        assert!(gate_radius(9.0, &(Matrix3::identity() * f64::NAN)).is_nan());
        assert_eq!(gate_radius(9.0, &(-Matrix3::identity())), 0.0);
        // Against nalgebra's iterative eigen-solver on random symmetric matrices.
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        for _ in 0..200 {
            let a = Matrix3::from_fn(|_, _| next() * 100.0);
            let m = a * a.transpose();
            let reference = m.symmetric_eigen().eigenvalues.max();
            assert!((max_eigenvalue_sym3(&m) - reference).abs() < 1e-9 * reference.max(1.0));
        }
    }
}
