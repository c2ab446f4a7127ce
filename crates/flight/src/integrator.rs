//! Adaptive explicit Runge–Kutta integration: Dormand & Prince's 8(5,3) pair "DOP853"
//! (Hairer, Nørsett & Wanner, *Solving ODEs I*, 2nd ed., §II.10).
//!
//! Why hand-rolled: the ODE crates available pin an older `nalgebra` or bring stiff solvers;
//! Vigil needs one small, allocation-free stepper on fixed-size vectors. Why DOP853: free flight
//! is smooth and non-stiff; at the ≤ 10 m impact accuracy of `Accuracy::FAST` an 8th-order pair
//! needs about as many evaluations as a 5th-order one, at the tight tolerances of
//! `Accuracy::DEFAULT` and the reference tests about 1.7× fewer (see `BENCHMARKS.md`).
//!
//! The stepper reports each accepted step to an observer, which builds dense output (quintic
//! Hermite in [`crate::ephemeris`]) and locates events; it stops when the observer says so.

// The published DOP853 coefficients are kept digit for digit as printed.
#![allow(clippy::excessive_precision)]

use nalgebra::SVector;

/// A first-order system y' = f(t, y) of dimension `N`.
pub trait OdeSystem<const N: usize> {
    /// The derivative f(t, y).
    fn derivative(&self, t: f64, y: &SVector<f64, N>) -> SVector<f64, N>;
}

/// Error tolerances: a step is accepted when the RMS over components of
/// err_i / (atol_i + rtol·|y_i|) is at most 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance<const N: usize> {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance per component (in that component's unit).
    pub atol: SVector<f64, N>,
}

/// One accepted step: state and derivative at both ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step<const N: usize> {
    /// Start time, s.
    pub t0: f64,
    /// State at the start.
    pub y0: SVector<f64, N>,
    /// Derivative at the start.
    pub f0: SVector<f64, N>,
    /// End time, s.
    pub t1: f64,
    /// State at the end.
    pub y1: SVector<f64, N>,
    /// Derivative at the end.
    pub f1: SVector<f64, N>,
}

/// What the observer of the steps wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Take another step.
    Continue,
    /// Stop integrating.
    Stop,
}

/// Why an integration ended early.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IntegrationError {
    /// The state or its derivative stopped being finite.
    #[error("the state stopped being finite at t = {t_s:.3} s")]
    NonFinite {
        /// Time of the failure, s.
        t_s: f64,
    },
    /// The step size fell below what floating point can resolve.
    #[error("step size underflow at t = {t_s:.3} s")]
    StepUnderflow {
        /// Time of the failure, s.
        t_s: f64,
    },
    /// Too many steps.
    #[error("more than {max_steps} steps")]
    TooManySteps {
        /// The step limit that was hit.
        max_steps: usize,
    },
}

/// Integration counters (for benchmarks and diagnostics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Accepted steps.
    pub accepted: usize,
    /// Rejected steps.
    pub rejected: usize,
    /// Evaluations of f.
    pub evaluations: usize,
}

const SAFETY: f64 = 0.9;
const MIN_FACTOR: f64 = 0.2;
const MAX_FACTOR: f64 = 10.0;
/// Largest step growth before the first rejected step.
const RAMP_MAX_FACTOR: f64 = 100.0;
const MAX_STEPS: usize = 100_000;

/// Integrates from (t0, y0) towards `t_end` (which may lie before `t0`), passing every accepted
/// step to `observe` until it returns [`Flow::Stop`] or `t_end` is reached. `h_max` caps the step
/// size (s; use it where the dynamics change abruptly, or `f64::INFINITY`).
pub fn integrate<const N: usize, S: OdeSystem<N>>(
    system: &S,
    t0: f64,
    y0: SVector<f64, N>,
    t_end: f64,
    tol: &Tolerance<N>,
    h_max: f64,
    mut observe: impl FnMut(&Step<N>) -> Flow,
) -> Result<Stats, IntegrationError> {
    let mut stats = Stats::default();
    let dir = if t_end >= t0 { 1.0 } else { -1.0 };
    let mut t = t0;
    let mut y = y0;
    let mut f = system.derivative(t, &y);
    stats.evaluations += 1;
    if !all_finite(&y) || !all_finite(&f) {
        return Err(IntegrationError::NonFinite { t_s: t });
    }
    let mut h = initial_step(system, t, &y, &f, tol, dir, &mut stats).min(h_max);
    let mut rejected_last = false;
    let mut ramping = true;
    while (t_end - t) * dir > 0.0 {
        if stats.accepted + stats.rejected >= MAX_STEPS {
            return Err(IntegrationError::TooManySteps {
                max_steps: MAX_STEPS,
            });
        }
        let remaining = (t_end - t).abs();
        let mut h_try = h.min(remaining);
        if h_try < 1e-12 * t.abs().max(1.0) {
            return Err(IntegrationError::StepUnderflow { t_s: t });
        }
        // Do not leave a sliver of a step at the end.
        if remaining - h_try < 1e-9 * remaining {
            h_try = remaining;
        }
        let (y_new, f_new, err) = dop853_step(system, t, &y, &f, dir * h_try, tol);
        stats.evaluations += 12;
        if !err.is_finite() || !all_finite(&y_new) || !all_finite(&f_new) {
            // Treat a non-finite trial as a failed step: try a smaller one.
            if h_try <= 1e-6 {
                return Err(IntegrationError::NonFinite { t_s: t });
            }
            h = h_try * MIN_FACTOR;
            stats.rejected += 1;
            rejected_last = true;
            continue;
        }
        if err <= 1.0 {
            let t_new = if h_try == remaining {
                t_end
            } else {
                t + dir * h_try
            };
            let step = Step {
                t0: t,
                y0: y,
                f0: f,
                t1: t_new,
                y1: y_new,
                f1: f_new,
            };
            stats.accepted += 1;
            (t, y, f) = (t_new, y_new, f_new);
            // While no step has been rejected yet, the step may grow faster than usual: the
            // starting-step heuristic is cautious (a fraction of a second for a flight of
            // many minutes), and the error estimate of a step far below tolerance predicts
            // the next step well.
            let max_factor = if ramping { RAMP_MAX_FACTOR } else { MAX_FACTOR };
            let mut factor = if err == 0.0 {
                max_factor
            } else {
                (SAFETY * err.powf(-1.0 / 8.0)).clamp(MIN_FACTOR, max_factor)
            };
            if rejected_last {
                factor = factor.min(1.0);
            }
            h = (h_try * factor).min(h_max);
            rejected_last = false;
            if observe(&step) == Flow::Stop {
                break;
            }
        } else {
            h = h_try * (SAFETY * err.powf(-1.0 / 8.0)).max(MIN_FACTOR);
            ramping = false;
            stats.rejected += 1;
            rejected_last = true;
        }
    }
    Ok(stats)
}

fn all_finite<const N: usize>(v: &SVector<f64, N>) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// Weighted RMS norm of `e` with the tolerance scale of `y0` and `y1`.
fn error_norm<const N: usize>(
    e: &SVector<f64, N>,
    y0: &SVector<f64, N>,
    y1: &SVector<f64, N>,
    tol: &Tolerance<N>,
) -> f64 {
    let mut s = 0.0;
    for i in 0..N {
        let scale = tol.atol[i] + tol.rtol * y0[i].abs().max(y1[i].abs());
        let q = e[i] / scale;
        s += q * q;
    }
    s
}

/// Hairer's starting step heuristic (Solving ODEs I, §II.4), one extra evaluation.
fn initial_step<const N: usize, S: OdeSystem<N>>(
    system: &S,
    t: f64,
    y: &SVector<f64, N>,
    f: &SVector<f64, N>,
    tol: &Tolerance<N>,
    dir: f64,
    stats: &mut Stats,
) -> f64 {
    let n = N as f64;
    let d0 = (error_norm(y, y, y, tol) / n).sqrt();
    let d1 = (error_norm(f, y, y, tol) / n).sqrt();
    let h0 = if d0 < 1e-5 || d1 < 1e-5 {
        1e-6
    } else {
        0.01 * d0 / d1
    };
    let y1 = y + f * (dir * h0);
    let f1 = system.derivative(t + dir * h0, &y1);
    stats.evaluations += 1;
    let d2 = (error_norm(&(f1 - f), y, y, tol) / n).sqrt() / h0;
    let h1 = if d1 <= 1e-15 && d2 <= 1e-15 {
        (h0 * 1e-3).max(1e-6)
    } else {
        (0.01 / d1.max(d2)).powf(1.0 / 8.0)
    };
    let h = (100.0 * h0).min(h1);
    if h.is_finite() && h > 0.0 { h } else { 1e-3 }
}

/// The state and derivative one DOP853 step of signed size `h` from (t, y) whose derivative is
/// `f`, without error control (for refining an event inside an accepted step).
pub fn single_step<const N: usize, S: OdeSystem<N>>(
    system: &S,
    t: f64,
    y: &SVector<f64, N>,
    f: &SVector<f64, N>,
    h: f64,
    tol: &Tolerance<N>,
) -> (SVector<f64, N>, SVector<f64, N>) {
    let (y1, f1, _) = dop853_step(system, t, y, f, h, tol);
    (y1, f1)
}

/// One DOP853 step of signed size `h`: the 8th-order solution, its derivative (the FSAL stage)
/// and the scaled error estimate (Hairer's combination of the 5th- and 3rd-order estimators).
fn dop853_step<const N: usize, S: OdeSystem<N>>(
    system: &S,
    t: f64,
    y: &SVector<f64, N>,
    f0: &SVector<f64, N>,
    h: f64,
    tol: &Tolerance<N>,
) -> (SVector<f64, N>, SVector<f64, N>, f64) {
    // The stages written out (zero entries of the tableau skipped): the straight-line code
    // lets the compiler keep everything in registers and is markedly faster than loops over
    // the tableau (see BENCHMARKS.md).
    let k1 = *f0;
    let stage = |s: usize, incr: SVector<f64, N>| system.derivative(t + C[s] * h, &(y + incr * h));
    let k2 = stage(1, k1 * A[1][0]);
    let k3 = stage(2, k1 * A[2][0] + k2 * A[2][1]);
    let k4 = stage(3, k1 * A[3][0] + k3 * A[3][2]);
    let k5 = stage(4, k1 * A[4][0] + k3 * A[4][2] + k4 * A[4][3]);
    let k6 = stage(5, k1 * A[5][0] + k4 * A[5][3] + k5 * A[5][4]);
    let k7 = stage(6, k1 * A[6][0] + k4 * A[6][3] + k5 * A[6][4] + k6 * A[6][5]);
    let k8 = stage(
        7,
        k1 * A[7][0] + k4 * A[7][3] + k5 * A[7][4] + k6 * A[7][5] + k7 * A[7][6],
    );
    let k9 = stage(
        8,
        k1 * A[8][0] + k4 * A[8][3] + k5 * A[8][4] + k6 * A[8][5] + k7 * A[8][6] + k8 * A[8][7],
    );
    let k10 = stage(
        9,
        k1 * A[9][0]
            + k4 * A[9][3]
            + k5 * A[9][4]
            + k6 * A[9][5]
            + k7 * A[9][6]
            + k8 * A[9][7]
            + k9 * A[9][8],
    );
    let k11 = stage(
        10,
        k1 * A[10][0]
            + k4 * A[10][3]
            + k5 * A[10][4]
            + k6 * A[10][5]
            + k7 * A[10][6]
            + k8 * A[10][7]
            + k9 * A[10][8]
            + k10 * A[10][9],
    );
    let k12 = stage(
        11,
        k1 * A[11][0]
            + k4 * A[11][3]
            + k5 * A[11][4]
            + k6 * A[11][5]
            + k7 * A[11][6]
            + k8 * A[11][7]
            + k9 * A[11][8]
            + k10 * A[11][9]
            + k11 * A[11][10],
    );
    let incr = k1 * B[0]
        + k6 * B[5]
        + k7 * B[6]
        + k8 * B[7]
        + k9 * B[8]
        + k10 * B[9]
        + k11 * B[10]
        + k12 * B[11];
    let y_new = y + incr * h;
    let k13 = system.derivative(t + h, &y_new);
    let e5 = k1 * E5[0]
        + k6 * E5[5]
        + k7 * E5[6]
        + k8 * E5[7]
        + k9 * E5[8]
        + k10 * E5[9]
        + k11 * E5[10]
        + k12 * E5[11];
    let e3 = k1 * E3[0]
        + k6 * E3[5]
        + k7 * E3[6]
        + k8 * E3[7]
        + k9 * E3[8]
        + k10 * E3[9]
        + k11 * E3[10]
        + k12 * E3[11];
    let err5 = error_norm(&e5, y, &y_new, tol);
    let err3 = error_norm(&e3, y, &y_new, tol);
    let err = if err5 == 0.0 && err3 == 0.0 {
        0.0
    } else {
        h.abs() * err5 / (N as f64 * (err5 + 0.01 * err3)).sqrt()
    };
    (y_new, k13, err)
}

// DOP853 coefficients (Hairer & Wanner's published tableau, as in their Fortran DOP853).
const C: [f64; 12] = [
    0.0,
    0.526001519587677318785587544488e-1,
    0.789002279381515978178381316732e-1,
    0.118350341907227396726757197510,
    0.281649658092772603273242802490,
    0.333333333333333333333333333333,
    0.25,
    0.307692307692307692307692307692,
    0.651282051282051282051282051282,
    0.6,
    0.857142857142857142857142857142,
    1.0,
];

const A: [[f64; 12]; 12] = {
    let mut a = [[0.0; 12]; 12];
    a[1][0] = 5.26001519587677318785587544488e-2;
    a[2][0] = 1.97250569845378994544595329183e-2;
    a[2][1] = 5.91751709536136983633785987549e-2;
    a[3][0] = 2.95875854768068491816892993775e-2;
    a[3][2] = 8.87627564304205475450678981324e-2;
    a[4][0] = 2.41365134159266685502369798665e-1;
    a[4][2] = -8.84549479328286085344864962717e-1;
    a[4][3] = 9.24834003261792003115737966543e-1;
    a[5][0] = 3.7037037037037037037037037037e-2;
    a[5][3] = 1.70828608729473871279604482173e-1;
    a[5][4] = 1.25467687566822425016691814123e-1;
    a[6][0] = 3.7109375e-2;
    a[6][3] = 1.70252211019544039314978060272e-1;
    a[6][4] = 6.02165389804559606850219397283e-2;
    a[6][5] = -1.7578125e-2;
    a[7][0] = 3.70920001185047927108779319836e-2;
    a[7][3] = 1.70383925712239993810214054705e-1;
    a[7][4] = 1.07262030446373284651809199168e-1;
    a[7][5] = -1.53194377486244017527936158236e-2;
    a[7][6] = 8.27378916381402288758473766002e-3;
    a[8][0] = 6.24110958716075717114429577812e-1;
    a[8][3] = -3.36089262944694129406857109825;
    a[8][4] = -8.68219346841726006818189891453e-1;
    a[8][5] = 2.75920996994467083049415600797e1;
    a[8][6] = 2.01540675504778934086186788979e1;
    a[8][7] = -4.34898841810699588477366255144e1;
    a[9][0] = 4.77662536438264365890433908527e-1;
    a[9][3] = -2.48811461997166764192642586468;
    a[9][4] = -5.90290826836842996371446475743e-1;
    a[9][5] = 2.12300514481811942347288949897e1;
    a[9][6] = 1.52792336328824235832596922938e1;
    a[9][7] = -3.32882109689848629194453265587e1;
    a[9][8] = -2.03312017085086261358222928593e-2;
    a[10][0] = -9.3714243008598732571704021658e-1;
    a[10][3] = 5.18637242884406370830023853209;
    a[10][4] = 1.09143734899672957818500254654;
    a[10][5] = -8.14978701074692612513997267357;
    a[10][6] = -1.85200656599969598641566180701e1;
    a[10][7] = 2.27394870993505042818970056734e1;
    a[10][8] = 2.49360555267965238987089396762;
    a[10][9] = -3.0467644718982195003823669022;
    a[11][0] = 2.27331014751653820792359768449;
    a[11][3] = -1.05344954667372501984066689879e1;
    a[11][4] = -2.00087205822486249909675718444;
    a[11][5] = -1.79589318631187989172765950534e1;
    a[11][6] = 2.79488845294199600508499808837e1;
    a[11][7] = -2.85899827713502369474065508674;
    a[11][8] = -8.87285693353062954433549289258;
    a[11][9] = 1.23605671757943030647266201528e1;
    a[11][10] = 6.43392746015763530355970484046e-1;
    a
};

const B: [f64; 12] = [
    5.42937341165687622380535766363e-2,
    0.0,
    0.0,
    0.0,
    0.0,
    4.45031289275240888144113950566,
    1.89151789931450038304281599044,
    -5.8012039600105847814672114227,
    3.1116436695781989440891606237e-1,
    -1.52160949662516078556178806805e-1,
    2.01365400804030348374776537501e-1,
    4.47106157277725905176885569043e-2,
];

/// 5th-order error estimator weights (13 stages, the last one the FSAL stage).
const E5: [f64; 13] = [
    0.1312004499419488073250102996e-1,
    0.0,
    0.0,
    0.0,
    0.0,
    -0.1225156446376204440720569753e1,
    -0.4957589496572501915214079952,
    0.1664377182454986536961530415e1,
    -0.3503288487499736816886487290,
    0.3341791187130174790297318841,
    0.8192320648511571246570742613e-1,
    -0.2235530786388629525884427845e-1,
    0.0,
];

/// 3rd-order error estimator weights: B minus the 3rd-order weights.
const E3: [f64; 13] = [
    B[0] - 0.244094488188976377952755905512,
    0.0,
    0.0,
    0.0,
    0.0,
    B[5],
    B[6],
    B[7],
    B[8] - 0.733846688281611857341361741547,
    B[9],
    B[10],
    B[11] - 0.220588235294117647058823529412e-1,
    0.0,
];

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Vector2;

    /// Harmonic oscillator y'' = −y.
    struct Oscillator;
    impl OdeSystem<2> for Oscillator {
        fn derivative(&self, _t: f64, y: &Vector2<f64>) -> Vector2<f64> {
            Vector2::new(y[1], -y[0])
        }
    }

    /// The tableau is consistent: Σb = 1, rows of A sum to c, and the 8th-order method
    /// integrates t⁷ exactly (order conditions for quadrature).
    #[test]
    fn tableau_is_consistent() {
        assert!((B.iter().sum::<f64>() - 1.0).abs() < 1e-14);
        for s in 0..12 {
            assert!((A[s].iter().sum::<f64>() - C[s]).abs() < 1e-13, "row {s}");
        }
        for p in 0..8 {
            let q: f64 = (0..12).map(|s| B[s] * C[s].powi(p)).sum();
            assert!((q - 1.0 / (p as f64 + 1.0)).abs() < 1e-13, "power {p}");
        }
    }

    /// The written-out stages of `dop853_step` skip exactly the tableau's zero entries.
    #[test]
    fn skipped_tableau_entries_are_zero() {
        assert_eq!((A[3][1], A[4][1]), (0.0, 0.0));
        for row in &A[5..] {
            assert_eq!((row[1], row[2]), (0.0, 0.0));
        }
        for w in [&B[..], &E5[..], &E3[..]] {
            assert!(w[1..5].iter().all(|&x| x == 0.0));
        }
        assert_eq!((E5[12], E3[12]), (0.0, 0.0));
    }

    /// Backward integration works and the observer can stop it.
    #[test]
    fn backward_and_stop() {
        let tol = Tolerance {
            rtol: 1e-10,
            atol: Vector2::repeat(1e-10),
        };
        let mut n = 0;
        integrate(
            &Oscillator,
            0.0,
            Vector2::new(1.0, 0.0),
            -10.0,
            &tol,
            0.5,
            |s| {
                assert!(s.t1 < s.t0 && s.t0 - s.t1 <= 0.5 + 1e-12);
                n += 1;
                if n == 3 { Flow::Stop } else { Flow::Continue }
            },
        )
        .unwrap();
        assert_eq!(n, 3);
    }
}
