//! Radar detection theory: probability of detection from SNR and false-alarm probability.
//!
//! Conventions: SNR is a linear power ratio (use [`db_to_linear`] / [`linear_to_db`]),
//! probabilities are plain `f64` in `[0, 1]`. The single-pulse forms assume a square-law
//! detector with threshold `T`, so that `Pfa = exp(−T)` (reference §4.2).
//!
//! Robustness contract: no function here panics, and none returns NaN.
//! * Probabilities returned are always in `[0, 1]`.
//! * A NaN SNR or probability argument gives Pd = 0 (no detection is claimed), and a required
//!   SNR of `+∞` (no finite SNR can be certified).
//! * `pfa` is clamped into `[f64::MIN_POSITIVE, 1]` (into `[f64::MIN_POSITIVE, 0.5]` for
//!   Shnidman, whose formula is symmetric in `Pfa ↔ 1 − Pfa`); negative SNR counts as 0;
//!   `n = 0` pulses counts as 1.

use std::f64::consts::PI;

/// Swerling target-fluctuation model (reference §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swerling {
    /// Non-fluctuating target (Swerling 0, also called 5).
    Zero,
    /// Rayleigh amplitude (χ², 2 d.o.f.), decorrelating scan to scan.
    One,
    /// Rayleigh amplitude (χ², 2 d.o.f.), decorrelating pulse to pulse.
    Two,
    /// One dominant scatterer (χ², 4 d.o.f.), decorrelating scan to scan.
    Three,
    /// One dominant scatterer (χ², 4 d.o.f.), decorrelating pulse to pulse.
    Four,
}

/// Lowest Pd considered by the [`pd_noncoherent`] inversion.
const PD_MIN: f64 = 1e-6;
/// Highest Pd considered by the [`pd_noncoherent`] inversion.
const PD_MAX: f64 = 1.0 - 1e-9;

/// Converts decibels to a linear power ratio, `10^(dB/10)`. NaN gives 0 (no signal).
pub fn db_to_linear(db: f64) -> f64 {
    if db.is_nan() {
        0.0
    } else {
        10f64.powf(db / 10.0)
    }
}

/// Converts a linear power ratio to decibels, `10 log₁₀ x`. Zero, negative or NaN give `−∞`.
pub fn linear_to_db(x: f64) -> f64 {
    if x > 0.0 {
        10.0 * x.log10()
    } else {
        f64::NEG_INFINITY
    }
}

/// Square-law threshold `T = −ln Pfa` for a (clamped) false-alarm probability.
fn threshold(pfa: f64) -> f64 {
    -pfa.clamp(f64::MIN_POSITIVE, 1.0).ln()
}

/// Exact single-pulse probability of detection (square-law detector, `Pfa = exp(−T)`).
///
/// * Swerling 0: `Pd = Q₁(sqrt(2 SNR), sqrt(2T))` ([`marcum_q1`]).
/// * Swerling 1/2: `Pd = Pfa^(1/(1 + SNR))`.
/// * Swerling 3/4: `Pd = (1 + 2 SNR T/(2 + SNR)²) exp(−2T/(2 + SNR))`.
///
/// `snr` is the mean single-pulse SNR (linear). For a single pulse, cases 1/2 and 3/4 coincide.
/// NaN arguments give 0; `snr = +∞` gives 1; see the module notes for clamping.
pub fn pd_single_pulse(snr: f64, pfa: f64, case: Swerling) -> f64 {
    if snr.is_nan() || pfa.is_nan() {
        return 0.0;
    }
    if snr == f64::INFINITY {
        return 1.0;
    }
    let snr = snr.max(0.0);
    let t = threshold(pfa);
    let pd = match case {
        Swerling::Zero => marcum_q1((2.0 * snr).sqrt(), (2.0 * t).sqrt()),
        Swerling::One | Swerling::Two => (-t / (1.0 + snr)).exp(),
        Swerling::Three | Swerling::Four => {
            let d = 2.0 + snr;
            // 2 SNR T / d² written to avoid overflow for huge finite SNR.
            (1.0 + 2.0 * t * (snr / d) / d) * (-2.0 * t / d).exp()
        }
    };
    clamp_probability(pd)
}

/// Clamps into `[0, 1]`, mapping NaN to 0.
fn clamp_probability(p: f64) -> f64 {
    if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) }
}

/// `|b − a|` beyond which `Q₁` is 0 or 1 to double precision: both tails are bounded by
/// `exp(−(b − a)²/2)`, which underflows for `|b − a| > 38.6`.
const MARCUM_CUTOFF: f64 = 40.0;
/// Largest `a·b` handled by the Bessel series (about `14 sqrt(ab)` terms); beyond, an
/// asymptotic expansion is used.
const MARCUM_SERIES_MAX_AB: f64 = 1e8;

/// Marcum Q function of order 1: `Q₁(a, b) = ∫_b^∞ x exp(−(x² + a²)/2) I₀(a x) dx`.
///
/// Method (absolute error about 1e-15 for `a·b ≤ 1e8`, which covers every radar case):
/// the Bessel series (Helstrom; Cantrell & Ojha, IEEE Trans. IT-33(4), 1987)
/// * `b > a`: `Q₁ = exp(−(a − b)²/2) Σ_{k≥0} (a/b)^k e^{−ab} I_k(ab)`,
/// * `b ≤ a`: `Q₁ = 1 − exp(−(a − b)²/2) Σ_{k≥1} (b/a)^k e^{−ab} I_k(ab)`,
///
/// where all terms are positive and the exponentially scaled `e^{−x} I_k(x)` come from Miller's
/// backward recurrence normalised by `I₀ + 2 Σ I_k = e^x` (Abramowitz & Stegun 9.6.26, 9.6.37;
/// Numerical Recipes §6.6), summed by Horner's rule without storing the sequence.
/// For `a·b > 1e8` (both arguments above ~1e4) the large-argument expansion
/// `Q₁ ≈ Φc(b − a) + φ(b − a)/(2a) − (b − a) φ(b − a)/(8a²)` (error `O(a⁻³)`) is used.
///
/// Edge cases: `a` enters only through `a²`, so its sign is ignored; `b ≤ 0` gives 1;
/// `b = +∞` gives 0, otherwise `a = ±∞` gives 1; NaN in either argument gives 0.
pub fn marcum_q1(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return 0.0;
    }
    let a = a.abs();
    if b <= 0.0 {
        return 1.0;
    }
    if b == f64::INFINITY {
        return 0.0;
    }
    if a == f64::INFINITY {
        return 1.0;
    }
    let d = b - a;
    if d > MARCUM_CUTOFF {
        return 0.0;
    }
    if d < -MARCUM_CUTOFF {
        return 1.0;
    }
    let x = a * b;
    let q = if x > MARCUM_SERIES_MAX_AB {
        marcum_q1_asymptotic(a, b)
    } else if b > a {
        (-0.5 * d * d).exp() * scaled_bessel_series(x, a / b, false)
    } else {
        1.0 - (-0.5 * d * d).exp() * scaled_bessel_series(x, b / a, true)
    };
    clamp_probability(q)
}

/// `Σ_{k≥k0} r^k e^{−x} I_k(x)` with `k0 = 1` if `skip_zero`, else 0; `0 ≤ r ≤ 1`, `x ≥ 0`.
fn scaled_bessel_series(x: f64, r: f64, skip_zero: bool) -> f64 {
    // Below 1e-20, e^{−x} I₀(x) = 1 and the k ≥ 1 terms (≤ x/2) vanish in double precision.
    if x < 1e-20 {
        return if skip_zero { 0.0 } else { 1.0 };
    }
    // e^{−x} I_k(x) ≈ exp(−k²/(2x)) falls below 1e-40 for k > 13.6 sqrt(x); the extra 30
    // orders let the backward recurrence settle for small x.
    let n_start = 30 + (14.0 * x.sqrt()).ceil() as usize;
    let two_over_x = 2.0 / x;
    let (mut i_next, mut i_k) = (0.0_f64, 1.0_f64); // unnormalised I_{k+1}, I_k
    let (mut horner, mut tail) = (0.0_f64, 0.0_f64); // Σ_{j≥k} r^{j−k} i_j, Σ_{j≥k} i_j
    for k in (1..=n_start).rev() {
        horner = horner * r + i_k;
        tail += i_k;
        let i_prev = i_next + (k as f64) * two_over_x * i_k;
        i_next = i_k;
        i_k = i_prev;
        if i_k > 1e250 {
            i_k *= 1e-250;
            i_next *= 1e-250;
            horner *= 1e-250;
            tail *= 1e-250;
        }
    }
    // Now i_k = i_0, horner = Σ_{j≥1} r^{j−1} i_j, tail = Σ_{j≥1} i_j.
    let norm = i_k + 2.0 * tail;
    let sum = if skip_zero {
        r * horner
    } else {
        i_k + r * horner
    };
    sum / norm
}

/// Large-argument expansion of `Q₁` (valid for `a, b ≫ 1` with `|b − a|` moderate).
fn marcum_q1_asymptotic(a: f64, b: f64) -> f64 {
    let t = b - a;
    let phi = (-0.5 * t * t).exp() / (2.0 * PI).sqrt();
    0.5 * erfc(t / std::f64::consts::SQRT_2) + phi / (2.0 * a) - t * phi / (8.0 * a * a)
}

/// Complementary error function, relative error ~1e-15 (A&S 7.1.6 series for |z| < 1,
/// the Laplace continued fraction A&S 7.1.14 evaluated by modified Lentz beyond).
fn erfc(z: f64) -> f64 {
    if z.is_nan() {
        return 0.0;
    }
    if z < 0.0 {
        return 2.0 - erfc(-z);
    }
    if z > 27.0 {
        return 0.0; // below the smallest subnormal
    }
    let pref = (-z * z).exp() / PI.sqrt();
    if z < 1.0 {
        // erf z = (2/√π) e^{−z²} Σ 2^n z^{2n+1} / (1·3···(2n+1)), all terms positive.
        let (mut term, mut sum) = (z, z);
        for n in 1..200 {
            term *= 2.0 * z * z / (2 * n + 1) as f64;
            sum += term;
            if term < 1e-17 * sum {
                break;
            }
        }
        return 1.0 - 2.0 * pref * sum;
    }
    // erfc z = (e^{−z²}/√π) · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))).
    let tiny = 1e-300;
    let mut f = z;
    let (mut c, mut d) = (z, 0.0_f64);
    for j in 1..2000 {
        let a_j = j as f64 / 2.0;
        d = z + a_j * d;
        d = if d.abs() < tiny { 1.0 / tiny } else { 1.0 / d };
        c = z + a_j / c;
        if c.abs() < tiny {
            c = tiny;
        }
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    pref / f
}

/// Albersheim's equation: required single-pulse SNR (dB) for probability of detection `pd`
/// and false-alarm probability `pfa` with `n` non-coherently integrated pulses of a
/// non-fluctuating target, linear detector (reference §4.2):
/// `SNR_dB = −5 log₁₀N + (6.2 + 4.54/sqrt(N + 0.44)) log₁₀(A + 0.12AB + 1.7B)`,
/// `A = ln(0.62/Pfa)`, `B = ln(Pd/(1 − Pd))`.
///
/// Stated error < 0.2 dB for 1e-7 ≤ Pfa ≤ 1e-3, 0.1 ≤ Pd ≤ 0.9, 1 ≤ N ≤ 8096.
/// Returns `+∞` for `pd ≥ 1` or NaN arguments, `−∞` for `pd ≤ 0` or when the logarithm's
/// argument is not positive (very low Pd, outside the formula's domain).
pub fn albersheim_snr_db(pd: f64, pfa: f64, n: u32) -> f64 {
    if pd.is_nan() || pfa.is_nan() || pd >= 1.0 {
        return f64::INFINITY;
    }
    if pd <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let n = f64::from(n.max(1));
    let a = (0.62 / pfa.clamp(f64::MIN_POSITIVE, 1.0)).ln();
    let b = (pd / (1.0 - pd)).ln();
    let arg = a + 0.12 * a * b + 1.7 * b;
    if !(arg > 0.0) {
        return f64::NEG_INFINITY;
    }
    -5.0 * n.log10() + (6.2 + 4.54 / (n + 0.44).sqrt()) * arg.log10()
}

/// Shnidman's equation: required single-pulse SNR (dB) for `pd`, `pfa`, `n` non-coherently
/// integrated pulses and Swerling `case`, square-law detector (reference §4.2; MATLAB
/// `shnidman`, mhostetter/sdr `sdr.shnidman`). Uses `α = 0` for `N ≤ 40` (MATLAB convention).
///
/// Stated accuracy 0.5–1 dB for 0.1 ≤ Pd ≤ 0.99, 1e-9 ≤ Pfa ≤ 1e-3, 1 ≤ N ≤ 100; outside that
/// the formula is extrapolated. `pfa` is clamped into `[f64::MIN_POSITIVE, 0.5]`.
/// Returns `+∞` for `pd ≥ 1` or NaN arguments and `−∞` when `pd ≤ Pfa` (Shnidman's `η ≤ 0`).
pub fn shnidman_snr_db(pd: f64, pfa: f64, n: u32, case: Swerling) -> f64 {
    if pd.is_nan() || pfa.is_nan() || pd >= 1.0 {
        return f64::INFINITY;
    }
    if pd <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let pfa = pfa.clamp(f64::MIN_POSITIVE, 0.5);
    let n = f64::from(n.max(1));
    let alpha = if n <= 40.0 { 0.0 } else { 0.25 };
    let root = |p: f64| (-0.8 * ln_four_p_q(p)).max(0.0).sqrt();
    let sign = if pd > 0.5 {
        1.0
    } else if pd < 0.5 {
        -1.0
    } else {
        0.0
    };
    let eta = root(pfa) + sign * root(pd);
    if !(eta > 0.0) {
        return f64::NEG_INFINITY;
    }
    let x_inf = eta * (eta + 2.0 * (n / 2.0 + alpha - 0.25).sqrt());
    shnidman_fluctuation_db(pd, pfa, n, case) + linear_to_db(x_inf / n)
}

/// `ln(4p(1 − p))` without the plateau `4p(1 − p) → 1` causes near `p = ½`: there it is
/// evaluated as `ln_1p(−(1 − 2p)²)`, where `1 − 2p` is exact.
fn ln_four_p_q(p: f64) -> f64 {
    if (0.25..=0.75).contains(&p) {
        let d = 1.0 - 2.0 * p;
        (-d * d).ln_1p()
    } else {
        (4.0 * p * (1.0 - p)).ln()
    }
}

/// Shnidman's fluctuation loss `C_dB` (0 for Swerling 0).
fn shnidman_fluctuation_db(pd: f64, pfa: f64, n: f64, case: Swerling) -> f64 {
    let k = match case {
        Swerling::Zero => return 0.0,
        Swerling::One => 1.0,
        Swerling::Two => n,
        Swerling::Three => 2.0,
        Swerling::Four => 2.0 * n,
    };
    let c1 = (((17.7006 * pd - 18.4496) * pd + 14.5339) * pd - 3.525) / k;
    if pd <= 0.872 {
        return c1;
    }
    let c2 = ((27.31 * pd - 25.14).exp()
        + (pd - 0.8) * (0.7 * (1e-5 / pfa).ln() + (2.0 * n - 20.0) / 80.0))
        / k;
    c1 + c2
}

/// Probability of detection for `n` non-coherently integrated pulses, each of mean SNR
/// `snr_per_pulse` (linear), false-alarm probability `pfa` and Swerling `case`.
///
/// `n ≤ 1` uses the exact [`pd_single_pulse`]. For `n ≥ 2` this is **approximate (0.5–1 dB in
/// SNR)**: Shnidman's required-SNR equation ([`shnidman_snr_db`]) is inverted by bisection in
/// Pd over `[1e-6, 1 − 1e-9]`, so the result lies in that interval. Shnidman is used for
/// Swerling 0 too (square-law, like the exact forms): its SNR tends to `−∞` as Pd → Pfa, so low
/// SNR gives Pd near Pfa, whereas Albersheim's logarithm breaks down at Pd well above Pfa.
/// NaN arguments give 0; `snr_per_pulse = +∞` gives 1.
pub fn pd_noncoherent(snr_per_pulse: f64, pfa: f64, n: u32, case: Swerling) -> f64 {
    if n <= 1 {
        return pd_single_pulse(snr_per_pulse, pfa, case);
    }
    if snr_per_pulse.is_nan() || pfa.is_nan() {
        return 0.0;
    }
    if snr_per_pulse == f64::INFINITY {
        return 1.0;
    }
    let target_db = linear_to_db(snr_per_pulse);
    let achievable = |pd: f64| shnidman_snr_db(pd, pfa, n, case) <= target_db;
    if achievable(PD_MAX) {
        return PD_MAX;
    }
    if !achievable(PD_MIN) {
        return PD_MIN;
    }
    let (mut lo, mut hi) = (PD_MIN, PD_MAX);
    while hi - lo > 1e-13 {
        let mid = 0.5 * (lo + hi);
        if achievable(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Cumulative probability of detection over independent looks, `1 − Π(1 − pd_i)`.
/// Each `pd_i` is clamped into `[0, 1]` (NaN counts as 0); no looks gives 0.
pub fn cumulative_pd(pds: impl IntoIterator<Item = f64>) -> f64 {
    let miss: f64 = pds
        .into_iter()
        .map(|p| 1.0 - clamp_probability(p))
        .product();
    clamp_probability(1.0 - miss)
}

#[cfg(test)]
// Reference values are copied digit for digit from their sources.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    const CASES: [Swerling; 5] = [
        Swerling::Zero,
        Swerling::One,
        Swerling::Two,
        Swerling::Three,
        Swerling::Four,
    ];

    /// Returns the largest |got − want| after asserting each is within `tol`.
    fn check(label: &str, pairs: impl IntoIterator<Item = (f64, f64)>, tol: f64) -> f64 {
        let mut worst = 0.0_f64;
        for (got, want) in pairs {
            let err = (got - want).abs();
            assert!(
                err <= tol,
                "{label}: got {got}, want {want}, err {err:e} > {tol:e}"
            );
            worst = worst.max(err);
        }
        println!("{label}: max deviation {worst:e}");
        worst
    }

    /// Single-pulse SNR (dB) giving `pd`, by bisection on the exact forms.
    fn required_snr_db_single(pd: f64, pfa: f64, case: Swerling) -> f64 {
        let (mut lo, mut hi) = (-20.0, 60.0);
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if pd_single_pulse(db_to_linear(mid), pfa, case) < pd {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    /// Composite Simpson rule on `[lo, hi]` with `n` (even) intervals.
    fn simpson(f: impl Fn(f64) -> f64, lo: f64, hi: f64, n: usize) -> f64 {
        let h = (hi - lo) / n as f64;
        let mut s = f(lo) + f(hi);
        for i in 1..n {
            s += f(lo + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0
    }

    // Source: reference §4.2 closed forms, checked independently by averaging the Swerling-0
    // Pd (Marcum Q) over the Swerling-1 (exponential) and Swerling-3 (χ², 4 d.o.f.) SNR
    // densities with Simpson's rule in a = sqrt(2 s). Tolerance 1e-9.
    #[test]
    fn ref_swerling_closed_forms_vs_averaged_marcum() {
        let mut pairs = Vec::new();
        for &pfa in &[1e-3, 1e-6, 1e-9] {
            let b = (2.0 * threshold(pfa)).sqrt();
            for &snr_db in &[-10.0, 0.0, 10.0, 15.0, 20.0, 30.0] {
                let m = db_to_linear(snr_db);
                let a_max = (2.0 * m * 60.0).sqrt();
                let n = 2 * ((a_max / 0.01).ceil() as usize / 2 + 1);
                // s = a²/2, ds = a da; SW1 density e^{−s/m}/m; SW3 density 4s/m² e^{−2s/m}.
                let sw1 = simpson(
                    |a| marcum_q1(a, b) * a * (-a * a / (2.0 * m)).exp() / m,
                    0.0,
                    a_max,
                    n,
                );
                let sw3 = simpson(
                    |a| {
                        let s = 0.5 * a * a;
                        marcum_q1(a, b) * a * 4.0 * s / (m * m) * (-2.0 * s / m).exp()
                    },
                    0.0,
                    a_max,
                    n,
                );
                pairs.push((pd_single_pulse(m, pfa, Swerling::One), sw1));
                pairs.push((pd_single_pulse(m, pfa, Swerling::Two), sw1));
                pairs.push((pfa.powf(1.0 / (1.0 + m)), sw1));
                pairs.push((pd_single_pulse(m, pfa, Swerling::Three), sw3));
                pairs.push((pd_single_pulse(m, pfa, Swerling::Four), sw3));
            }
        }
        check("Swerling 1/3 closed forms vs averaged Q1", pairs, 1e-9);
    }

    // Source: reference §4.2 (Pfa 1e-6, SNR 15 dB), printed to 5 decimals: tolerance 5e-6 for
    // SW1 0.65476 and SW3 0.77945. The printed SW0 0.99722 is truncated, not rounded (exact
    // 0.99722539…), so SW0 is held to 1e-5 here and to 1e-12 against SciPy 1.17.1:
    // `float(ncx2.sf(2*T, 2, 2*snr))` with T = -log(1e-6), snr = 10**1.5 → 0.9972253932307606.
    #[test]
    fn ref_single_pulse_values_4_2() {
        let snr = db_to_linear(15.0);
        check(
            "§4.2 single-pulse Pd at 15 dB, SW1/SW3 (printed)",
            [
                (pd_single_pulse(snr, 1e-6, Swerling::One), 0.65476),
                (pd_single_pulse(snr, 1e-6, Swerling::Three), 0.77945),
            ],
            5e-6,
        );
        let sw0 = pd_single_pulse(snr, 1e-6, Swerling::Zero);
        check(
            "§4.2 single-pulse Pd at 15 dB, SW0 (printed)",
            [(sw0, 0.99722)],
            1e-5,
        );
        check(
            "SW0 Pd at 15 dB vs SciPy",
            [(sw0, 0.9972253932307606)],
            1e-12,
        );
    }

    // Source: reference §4.2 (Pd 0.9, Pfa 1e-6), printed to 0.01 dB: tolerance 0.01 dB.
    #[test]
    fn ref_required_snr_single_pulse_4_2() {
        check(
            "§4.2 required single-pulse SNR",
            [
                (required_snr_db_single(0.9, 1e-6, Swerling::Zero), 13.18),
                (required_snr_db_single(0.9, 1e-6, Swerling::One), 21.14),
            ],
            0.01,
        );
    }

    // Source: reference §4.2 Albersheim vectors, printed to 4 decimals: tolerance 5e-5 dB.
    #[test]
    fn ref_albersheim_printed_4_2() {
        let vs_pd = [
            5.5770, 7.8299, 8.8005, 9.4103, 9.8564, 10.2118, 10.5111, 10.7736, 11.0112, 11.2320,
            11.4421, 11.6465, 11.8500, 12.0573, 12.2746, 12.5108, 12.7805, 13.1145, 13.6050,
        ];
        let pairs = vs_pd
            .iter()
            .enumerate()
            .map(|(i, &want)| (albersheim_snr_db(0.05 * (i + 1) as f64, 1e-6, 1), want));
        check("Albersheim vs Pd (printed)", pairs, 5e-5);
        let ns = [
            1, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 500, 1000,
        ];
        let vs_n = [
            11.2320, 5.6706, 3.5563, 2.3949, 1.6001, 0.9985, 0.5156, -0.2316, -0.8002, -1.2583,
            -1.6414, -1.9705, -2.2587, -2.5149, -4.1689, -6.2911, -7.8631,
        ];
        let pairs = ns
            .iter()
            .zip(vs_n)
            .map(|(&n, want)| (albersheim_snr_db(0.5, 1e-6, n), want));
        check("Albersheim vs N (printed)", pairs, 5e-5);
    }

    // Source: MATLAB `albersheim` full-precision vectors in mhostetter/sdr,
    // tests/detection/test_albersheim.py (test_across_p_d, test_across_p_fa,
    // test_across_n_nc). Tolerance 1e-6 dB.
    #[test]
    fn ref_albersheim_matlab_full_precision() {
        let vs_pd = [
            5.577010678961301,
            7.829920769472949,
            8.800540626254417,
            9.410329568464647,
            9.856412045680429,
            10.211758066019740,
            10.511060019786157,
            10.773550923327434,
            11.011152537700355,
            11.231984877880109,
            11.442112499093184,
            11.646548224380126,
            11.849953212372384,
            12.057285789014941,
            12.274647700594016,
            12.510781410840821,
            12.780466849937795,
            13.114544494322786,
            13.605048844272062,
        ];
        let pairs = vs_pd
            .iter()
            .enumerate()
            .map(|(i, &want)| (albersheim_snr_db(0.05 * (i + 1) as f64, 1e-6, 1), want));
        check("Albersheim vs Pd (MATLAB)", pairs, 1e-6);
        let vs_pfa = [
            15.297003299268226,
            14.993521787461759,
            14.667188248832815,
            14.314278887624823,
            13.930078319024233,
            13.508492912451231,
            13.041455112681206,
            12.517966524335804,
            11.922480132961311,
            11.231984877880109,
            10.410300484247330,
            9.395603267835611,
            8.068450388126450,
            6.146225293027499,
            2.607203414307889,
        ];
        let pairs = vs_pfa.iter().enumerate().map(|(i, &want)| {
            let pfa = 10f64.powi(i as i32 - 15);
            (albersheim_snr_db(0.5, pfa, 1), want)
        });
        check("Albersheim vs Pfa (MATLAB)", pairs, 1e-6);
        let ns = [
            1, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 500, 1000,
        ];
        let vs_n = [
            11.231984877880109,
            5.670572205727751,
            3.556291380845494,
            2.394909665228113,
            1.600092813526487,
            0.998450342864260,
            0.515644335269712,
            -0.231629668145274,
            -0.800194343455530,
            -1.258285958879696,
            -1.641440584682812,
            -1.970484329329963,
            -2.258654478208143,
            -2.514880224697833,
            -4.168911815913020,
            -6.291064789951179,
            -7.863055239050709,
        ];
        let pairs = ns
            .iter()
            .zip(vs_n)
            .map(|(&n, want)| (albersheim_snr_db(0.5, 1e-6, n), want));
        check("Albersheim vs N (MATLAB)", pairs, 1e-6);
    }

    // Source: reference §4.2 Shnidman SW0 vectors, printed to 4 decimals: tolerance 5e-5 dB;
    // SW1–SW4 at Pd 0.9, Pfa 1e-6, N = 1 / 10, printed to 2 decimals: tolerance 5e-3 dB.
    #[test]
    fn ref_shnidman_printed_4_2() {
        let vs_pd = [
            8.6382, 9.1765, 9.5846, 9.9218, 10.2149, 10.4786, 10.7221, 10.9515, 11.1716, 11.3862,
            11.5986, 11.8125, 12.0317, 12.2614, 12.5090, 12.7871, 13.1217, 13.5883,
        ];
        let pairs = vs_pd.iter().enumerate().map(|(i, &want)| {
            let pd = 0.1 + 0.05 * i as f64;
            (shnidman_snr_db(pd, 1e-6, 1, Swerling::Zero), want)
        });
        check("Shnidman SW0 vs Pd (printed)", pairs, 5e-5);
        let ns = [
            1, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 500, 1000,
        ];
        let vs_n = [
            11.1716, 5.8891, 3.7453, 2.5406, 1.7079, 1.0743, 0.5645, -0.2261, -0.8117, -1.2993,
            -1.7066, -2.0560, -2.3616, -2.6330, -4.3765, -6.5892, -8.2113,
        ];
        let pairs = ns
            .iter()
            .zip(vs_n)
            .map(|(&n, want)| (shnidman_snr_db(0.5, 1e-6, n, Swerling::Zero), want));
        check("Shnidman SW0 vs N (printed)", pairs, 5e-5);
        let fluct = [
            (Swerling::One, 21.35, 13.58),
            (Swerling::Two, 21.35, 6.16),
            (Swerling::Three, 17.23, 9.46),
            (Swerling::Four, 17.23, 5.75),
        ];
        let pairs = fluct.iter().flat_map(|&(case, n1, n10)| {
            [
                (shnidman_snr_db(0.9, 1e-6, 1, case), n1),
                (shnidman_snr_db(0.9, 1e-6, 10, case), n10),
            ]
        });
        check("Shnidman SW1-4 N=1/10 (printed)", pairs, 5e-3);
    }

    // Source: MATLAB `shnidman` full-precision vectors in mhostetter/sdr,
    // tests/detection/test_shnidman.py (test_across_p_d, test_across_p_fa,
    // test_across_n_nc). Tolerance 1e-6 dB.
    #[test]
    fn ref_shnidman_matlab_full_precision() {
        let vs_pd = [
            8.638219944424179,
            9.176472527195301,
            9.584618391346567,
            9.921817222132290,
            10.214925964858082,
            10.478648752587219,
            10.722106546144460,
            10.951539545173148,
            11.171613923710709,
            11.386150421902641,
            11.598604211020529,
            11.812462984419767,
            12.031689396435866,
            12.261376243923564,
            12.508971120024171,
            12.787083940503294,
            13.121692696758089,
            13.588328948705623,
        ];
        let pairs = vs_pd.iter().enumerate().map(|(i, &want)| {
            let pd = 0.1 + 0.05 * i as f64;
            (shnidman_snr_db(pd, 1e-6, 1, Swerling::Zero), want)
        });
        check("Shnidman SW0 vs Pd (MATLAB)", pairs, 1e-6);
        let vs_pfa = [
            15.006746068762709,
            14.719925630256057,
            14.411725015222657,
            14.078648305868455,
            13.716257825222556,
            13.318800181756899,
            12.878625161335435,
            12.385241849116994,
            11.823699690860849,
            11.171613923710709,
            10.393186598006821,
            9.425625773718195,
            8.142386493822812,
            6.222509416067624,
            2.358765182107788,
        ];
        let pairs = vs_pfa.iter().enumerate().map(|(i, &want)| {
            let pfa = 10f64.powi(i as i32 - 15);
            (shnidman_snr_db(0.5, pfa, 1, Swerling::Zero), want)
        });
        check("Shnidman SW0 vs Pfa (MATLAB)", pairs, 1e-6);
        let ns = [
            1, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 500, 1000,
        ];
        let vs_n = [
            11.171613923710709,
            5.889057826046667,
            3.745346308014405,
            2.540560034820032,
            1.707866317562093,
            1.074345861541872,
            0.564527897904441,
            -0.226123038305275,
            -0.811680151206701,
            -1.299262221370157,
            -1.706607568412664,
            -2.055994441685868,
            -2.361604728972054,
            -2.633013225970103,
            -4.376499978073298,
            -6.589223941137504,
            -8.211273144667473,
        ];
        let pairs = ns
            .iter()
            .zip(vs_n)
            .map(|(&n, want)| (shnidman_snr_db(0.5, 1e-6, n, Swerling::Zero), want));
        check("Shnidman SW0 vs N (MATLAB)", pairs, 1e-6);
    }

    // Source: definition of Q₁: Q₁(0, b) = exp(−b²/2) (bit-exact) and Q₁(a, 0) = 1.
    #[test]
    fn ref_marcum_q1_identities() {
        for i in 0..=400 {
            let b = 0.1 * i as f64;
            assert_eq!(marcum_q1(0.0, b), (-b * b / 2.0).exp(), "b = {b}");
            assert_eq!(marcum_q1(b, 0.0), 1.0, "a = {b}");
        }
        println!("Q1(0,b), Q1(a,0): exact");
    }

    // Source: SciPy 1.17.1, `float(scipy.stats.ncx2.sf(b**2, 2, a**2))` = Q₁(a, b).
    // Tolerance 1e-12 absolute (values ≲ 1e-7 also to 1e-6 relative).
    #[test]
    fn ref_marcum_q1_vs_scipy() {
        let table = [
            (1.0, 1.0, 0.7328798037968203),
            (1.0, 2.0, 0.26901206003591),
            (2.0, 1.0, 0.9181076963694061),
            (0.5, 3.0, 0.01784367338648221),
            (3.0, 0.5, 0.9983002327055392),
            (5.0, 5.0, 0.5400983867737185),
            (5.477225575051661, 5.256521769756932, 0.6234041577152464),
            (10.0, 12.0, 0.025329474297941492),
            (12.0, 10.0, 0.9796043623962599),
            (20.0, 25.0, 3.217572740438976e-07),
            (25.0, 20.0, 0.9999997447474854),
            (40.0, 40.0, 0.5049871682341425),
            (40.0, 38.0, 0.977933464822206),
            (38.0, 40.0, 0.023451488176027498),
            (30.0, 39.0, 1.288714002489658e-19),
            (0.001, 1.0, 0.6065308113452699),
            (1e-8, 0.5, 0.8824969025845953),
            (35.0, 40.0, 3.0718353540068035e-07),
            (1.0, 8.0, 3.711308977435567e-12),
            (2.5, 10.0, 6.455120956114824e-14),
        ];
        let pairs = table.iter().map(|&(a, b, want)| {
            let got = marcum_q1(a, b);
            if want < 1e-6 {
                assert!(
                    (got - want).abs() <= 1e-6 * want,
                    "Q1({a},{b}) = {got}, want {want}"
                );
            }
            (got, want)
        });
        check("Marcum Q1 vs SciPy", pairs, 1e-12);
    }

    // Source: mpmath 1.3.0 (30 digits), large arguments (asymptotic branch, a·b > 1e8):
    // `mp.quad(lambda x: x*mp.exp(-(x-a)**2/2 - a*x)*mp.besseli(0, a*x), [b, ..., mp.inf])`
    // with breakpoints at a + k, k = −45…45 (SciPy's ncx2.sf agrees to ~4e-12 here).
    // Tolerance 1e-11 absolute.
    #[test]
    fn ref_marcum_q1_large_arguments_vs_scipy() {
        let table = [
            (2e4, 19997.0, 0.99865021276873541),
            (2e4, 19999.0, 0.84135079541227556),
            (2e4, 20000.0, 0.50000997355701315),
            (2e4, 20000.5, 0.30854634030414923),
            (2e4, 20002.0, 0.022751481688599792),
            (2e4, 20005.0, 2.8668873754436497e-7),
            (1e5, 99997.0, 0.99865012412777816),
            (1e5, 99999.0, 0.84134595592519021),
            (1e5, 100000.0, 0.50000199471140203),
            (1e5, 100000.5, 0.30853929905042034),
            (1e5, 100002.0, 0.022750401901662016),
            (1e5, 100005.0, 2.8665900538385003e-7),
        ];
        let pairs = table.iter().map(|&(a, b, want)| (marcum_q1(a, b), want));
        check("Marcum Q1 large arguments vs mpmath", pairs, 1e-11);
    }

    // Source: series vs asymptotic branch continuity at the a·b = 1e8 switch. Tolerance 1e-11.
    #[test]
    fn ref_marcum_q1_branch_continuity() {
        let mut pairs = Vec::new();
        for &t in &[-3.0, -1.0, 0.0, 0.5, 2.0, 5.0] {
            let a: f64 = 1e4;
            let b = a + t;
            let d: f64 = b - a;
            let series = if b > a {
                (-0.5 * d * d).exp() * scaled_bessel_series(a * b, a / b, false)
            } else {
                1.0 - (-0.5 * d * d).exp() * scaled_bessel_series(a * b, b / a, true)
            };
            pairs.push((marcum_q1_asymptotic(a, b), series));
        }
        check("Marcum Q1 series vs asymptotic at ab ~ 1e8", pairs, 1e-11);
    }

    // Source: SciPy 1.17.1 `float(scipy.special.erfc(z))`. Tolerance 1e-14 relative.
    #[test]
    fn ref_erfc_values() {
        let table = [
            (0.0, 1.0),
            (0.5, 0.4795001221869535),
            (1.0, 0.15729920705028513),
            (1.5, 0.033894853524689274),
            (2.0, 0.004677734981047266),
            (3.0, 2.209049699858544e-05),
            (5.0, 1.5374597944280349e-12),
            (-1.0, 1.8427007929497148),
        ];
        let pairs = table.iter().map(|&(z, want)| (erfc(z) / want, 1.0));
        check("erfc relative", pairs, 1e-14);
    }

    // Source: reference §4.2 Shnidman equation inverted by bisection; round trip at
    // Pd 0.9 / 0.5, N = 10; N = 1 equals the exact form. Tolerance 1e-9.
    #[test]
    fn ref_pd_noncoherent_round_trip() {
        let mut pairs = Vec::new();
        for case in CASES {
            for &pd in &[0.5, 0.9, 0.3] {
                let snr = db_to_linear(shnidman_snr_db(pd, 1e-6, 10, case));
                pairs.push((pd_noncoherent(snr, 1e-6, 10, case), pd));
            }
            let snr = db_to_linear(12.0);
            pairs.push((
                pd_noncoherent(snr, 1e-6, 1, case),
                pd_single_pulse(snr, 1e-6, case),
            ));
        }
        check("pd_noncoherent round trip", pairs, 1e-9);
        // More pulses at the same per-pulse SNR never hurt; zero SNR gives about Pfa.
        for case in CASES {
            let snr = db_to_linear(5.0);
            let mut last = 0.0;
            for n in [2, 4, 10, 30, 100] {
                let pd = pd_noncoherent(snr, 1e-6, n, case);
                assert!(pd >= last, "{case:?} n={n}: {pd} < {last}");
                last = pd;
            }
            let pd0 = pd_noncoherent(0.0, 1e-3, 10, case);
            assert!((pd0 - 1e-3).abs() < 1e-6, "{case:?}: Pd(SNR=0) = {pd0}");
        }
    }

    // Source: reference §4.2, P_c = 1 − Π(1 − P_d,i). Tolerance 1e-15.
    #[test]
    fn ref_cumulative_pd() {
        check(
            "cumulative Pd",
            [
                (cumulative_pd([0.5, 0.5]), 0.75),
                (cumulative_pd([0.1, 0.2, 0.3]), 1.0 - 0.9 * 0.8 * 0.7),
                (cumulative_pd(std::iter::empty()), 0.0),
                (cumulative_pd([f64::NAN, 2.0]), 1.0),
                (cumulative_pd([-1.0, 0.25]), 0.25),
            ],
            1e-15,
        );
    }

    #[test]
    fn degenerate_inputs_never_nan() {
        let specials = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -1.0,
            0.0,
            1e-300,
            0.5,
            1.0,
            2.0,
            1e300,
            f64::MAX,
        ];
        for &x in &specials {
            assert!(!db_to_linear(x).is_nan());
            assert!(!linear_to_db(x).is_nan());
            for &y in &specials {
                let q = marcum_q1(x, y);
                assert!((0.0..=1.0).contains(&q), "Q1({x},{y}) = {q}");
                for n in [0, 1, 2, 50, u32::MAX] {
                    assert!(!albersheim_snr_db(x, y, n).is_nan(), "alb({x},{y},{n})");
                    for case in CASES {
                        assert!(!shnidman_snr_db(x, y, n, case).is_nan());
                        let p1 = pd_single_pulse(x, y, case);
                        assert!((0.0..=1.0).contains(&p1), "pd1({x},{y}) = {p1}");
                        let pn = pd_noncoherent(x, y, n, case);
                        assert!((0.0..=1.0).contains(&pn), "pdn({x},{y},{n}) = {pn}");
                    }
                }
            }
        }
    }
}
