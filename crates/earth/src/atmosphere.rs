//! U.S. Standard Atmosphere 1976 (0–1000 km) and an exponential model. Heights are geometric, in metres.
//!
//! Reference: *U.S. Standard Atmosphere, 1976*, NOAA-S/T 76-1562 (also NASA TM-X-74335),
//! cited below as "the standard"; equation numbers are the standard's.
//!
//! * Below 86 km the model is closed form (section 1.2): seven layers linear in
//!   molecular-scale temperature `T_M` versus geopotential height `H` (eqs. 18, 23, 33a/b),
//!   density from `ρ = P·M0/(R*·T_M)` (eq. 42), and kinetic temperature `T = T_M·(M/M0)`
//!   with the standard's Table 8 ratio between 80 and 86 km. The density-only fast path
//!   interpolates `ln ρ` of that closed form every 0.25 km' (knots at the layer bases) by
//!   cubic Hermite, within 2.1e-10 relative: a look-up and one `exp`, no `powf`.
//! * From 86 to 1000 km the standard defines temperature by four segments (eqs. 25–32) and
//!   the number densities of N2, O, O2, Ar, He and H by the diffusion equations of its
//!   section 1.2.6 (eqs. 36–40, coefficients of Tables 6, 7 and 9).
//!   Those equations are integrated once, lazily, with RK4 on a 0.05 km grid; `ln ρ` and
//!   `ln P` are then tabulated every 0.5 km with their exact slopes and evaluated by
//!   cubic Hermite interpolation (a table look-up and one `exp` per call); the
//!   interpolation error is below 1e-5 relative (measured 7e-6 in ρ, 8e-7 in P, by the
//!   test `interpolation_error_against_exact_integration`).
//!
//! Out-of-range rule (never a panic, never a NaN):
//! * `h < −5 km`: the state at −5 km (the first layer is extrapolated from 0 down to −5 km);
//! * `h > 1000 km`: temperature as at 1000 km; pressure and density decay exponentially
//!   with their logarithmic slopes at 1000 km (scale heights ≈ 277 km and 237 km);
//! * non-finite `h` (NaN, ±∞): density 0, temperature and pressure as at 1000 km.

use std::sync::OnceLock;

/// Temperature, pressure and mass density of the atmosphere at one height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtmosphereState {
    /// Kinetic temperature, K.
    pub temperature_k: f64,
    /// Pressure, Pa.
    pub pressure_pa: f64,
    /// Mass density, kg/m³.
    pub density_kg_m3: f64,
}

/// Which density model a drag computation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AtmosphereModel {
    /// No atmosphere (density 0).
    #[default]
    None,
    /// [`exponential_density`].
    Exponential,
    /// [`ussa1976_density`].
    Ussa1976,
}

impl AtmosphereModel {
    /// Mass density in kg/m³ at geometric height `h_m` (0 for `None`).
    pub fn density(self, h_m: f64) -> f64 {
        match self {
            AtmosphereModel::None => 0.0,
            AtmosphereModel::Exponential => exponential_density(h_m),
            AtmosphereModel::Ussa1976 => ussa1976_density(h_m),
        }
    }
}

/// Full USSA-1976 state at geometric height `h_m`.
///
/// Outside −5…1000 km and for non-finite `h_m`, see the rule in the module documentation.
pub fn ussa1976(h_m: f64) -> AtmosphereState {
    if !h_m.is_finite() {
        let top = upper_state(Z_TOP_KM);
        return AtmosphereState {
            density_kg_m3: 0.0,
            ..top
        };
    }
    if h_m < Z_LOWER_TOP_M {
        let z = h_m.max(Z_MIN_M);
        let (t_m, p) = lower_tm_p(z);
        AtmosphereState {
            temperature_k: t_m * molecular_weight_ratio(z),
            pressure_pa: p,
            density_kg_m3: p * RHO_PER_P_TM / t_m,
        }
    } else {
        upper_state(h_m * 1e-3)
    }
}

/// USSA-1976 density only (fast path), kg/m³.
///
/// Equal to `ussa1976(h_m).density_kg_m3` for finite `h_m` from 86 km up and within 2.1e-10
/// relative of it below (a table of the closed form, see [`lower_table`]), 0 for non-finite
/// `h_m`. No allocation; the first call in each region builds its table (a few
/// milliseconds above 86 km).
pub fn ussa1976_density(h_m: f64) -> f64 {
    if !h_m.is_finite() {
        0.0
    } else if h_m < Z_LOWER_TOP_M {
        lower_table()
            .eval(geopotential_m(h_m.max(Z_MIN_M)) * 1e-3)
            .exp()
    } else if h_m <= Z_TOP_KM * 1e3 {
        let tab = table();
        tab.ln_rho.eval(h_m * 1e-3).exp()
    } else {
        let tab = table();
        (tab.ln_rho_top.0 + tab.ln_rho_top.1 * (h_m * 1e-3 - Z_TOP_KM)).exp()
    }
}

/// Exponential density 1.225·exp(−h/7200 m), kg/m³.
///
/// Same out-of-range rule as the standard atmosphere: heights below −5 km are clamped to
/// −5 km, and a non-finite height gives 0.
pub fn exponential_density(h_m: f64) -> f64 {
    if h_m.is_finite() {
        1.225 * (-h_m.max(Z_MIN_M) / 7200.0).exp()
    } else {
        0.0
    }
}

// ---------------------------------------------------------------------------------------
// Constants of the standard (Tables 2–4, 8, 9; section 1.2).
// ---------------------------------------------------------------------------------------

/// Effective Earth radius r0, m (Table 2).
const R0_M: f64 = 6_356_766.0;
/// Effective Earth radius r0, km.
const R0_KM: f64 = 6_356.766;
/// Sea-level gravity g0, m/s² (Table 2).
const G0: f64 = 9.80665;
/// Sea-level mean molecular weight M0, kg/kmol (Table 3).
const M0: f64 = 28.9644;
/// Universal gas constant R*, J/(kmol·K) (Table 2).
const R_STAR: f64 = 8_314.32;
/// Boltzmann constant k, J/K (Table 2).
const BOLTZMANN: f64 = 1.380_622e-23;
/// Avogadro constant N_A, 1/kmol (Table 2).
const AVOGADRO: f64 = 6.022_169e26;
/// g0·M0/R*, K/m: the hydrostatic constant of eqs. 33a/b.
const GMR: f64 = G0 * M0 / R_STAR;
/// M0/R*: ρ = P·M0/(R*·T_M) (eq. 42).
const RHO_PER_P_TM: f64 = M0 / R_STAR;

/// Lowest height handled; below it the state is clamped, m.
const Z_MIN_M: f64 = -5_000.0;
/// Top of the closed-form region (geometric), m.
const Z_LOWER_TOP_M: f64 = 86_000.0;

/// Layer bases: geopotential height H_b (m'), lapse rate L_M,b (K/m'), T_M,b (K) and
/// P_b (Pa) (Table 4). P_b is the f64 chain of eqs. 33a/b from 101325 Pa (the standard
/// prints 22632.06, 5474.889, 868.0187, 110.9063, 66.93887, 3.956420 Pa); a test re-derives it.
const LAYERS: [(f64, f64, f64, f64); 7] = [
    (0.0, -0.0065, 288.15, 101_325.0),
    (11_000.0, 0.0, 216.65, 22_632.063_973_462_91),
    (20_000.0, 0.001, 216.65, 5_474.888_669_677_774),
    (32_000.0, 0.0028, 228.65, 868.018_684_755_227_8),
    (47_000.0, 0.0, 270.65, 110.906_305_554_965_9),
    (51_000.0, -0.0028, 270.65, 66.938_873_118_687_27),
    (71_000.0, -0.002, 214.65, 3.956_420_428_040_725),
];

/// Molecular-scale temperature T_M (K) and pressure (Pa) at geometric height `z_m` ≤ 86 km.
#[inline]
fn lower_tm_p(z_m: f64) -> (f64, f64) {
    let h = geopotential_m(z_m);
    let mut i = 0;
    while i + 1 < LAYERS.len() && h >= LAYERS[i + 1].0 {
        i += 1;
    }
    layer_tm_p(i, h)
}

/// Geopotential height (m') of geometric height `z_m` (eq. 18).
#[inline]
fn geopotential_m(z_m: f64) -> f64 {
    R0_M * z_m / (R0_M + z_m)
}

/// T_M (K) and pressure (Pa) at geopotential height `h` (m') by the formulas of layer `i`.
fn layer_tm_p(i: usize, h: f64) -> (f64, f64) {
    let (hb, lapse, tb, pb) = LAYERS[i];
    let dh = h - hb;
    if lapse == 0.0 {
        (tb, pb * (-GMR * dh / tb).exp()) // eq. 33b
    } else {
        let t_m = tb + lapse * dh; // eq. 23
        (t_m, pb * (tb / t_m).powf(GMR / lapse)) // eq. 33a
    }
}

/// M/M0 from 80 to 86 km in 0.5 km steps (Table 8); 1 below 80 km.
const MW_RATIO: [f64; 13] = [
    1.0, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909, 0.999870, 0.999829, 0.999786, 0.999741,
    0.999694, 0.999641, 0.999579,
];

/// Kinetic / molecular-scale temperature ratio M/M0 at geometric height `z_m` (linear in
/// Table 8, as the standard prescribes).
fn molecular_weight_ratio(z_m: f64) -> f64 {
    let x = (z_m - 80_000.0) / 500.0;
    if x <= 0.0 {
        return 1.0;
    }
    let i = (x as usize).min(MW_RATIO.len() - 2);
    let f = x - i as f64;
    MW_RATIO[i] + f * (MW_RATIO[i + 1] - MW_RATIO[i])
}

// ---------------------------------------------------------------------------------------
// 86–1000 km: temperature (eqs. 25–32).
// ---------------------------------------------------------------------------------------

/// Bottom of the diffusion region (Z7), km.
const Z7_KM: f64 = 86.0;
/// Top of the model, km.
const Z_TOP_KM: f64 = 1000.0;
/// Kinetic temperature at 86 km (T7), K (section 1.2.5).
const T7: f64 = 186.8673;
/// Kinetic temperature at 110 km (T9), K.
const T9: f64 = 240.0;
/// Kinetic temperature at 120 km (T10), K.
const T10: f64 = 360.0;
/// Exospheric temperature T∞, K.
const T_INF: f64 = 1000.0;
/// Elliptical segment 91–110 km: T_c (K), A (K), a (km).
const TC: f64 = 263.1905;
const ELL_A_K: f64 = -76.3232;
const ELL_A_KM: f64 = -19.9429;
/// Lapse rate 110–120 km (K/km) and λ (1/km) of the exponential segment.
const LK9: f64 = 12.0;
const LAMBDA: f64 = 0.01875;

/// Kinetic temperature (K) and dT/dZ (K/km) at geometric height `z` km in 86–1000 km.
fn upper_temperature(z: f64) -> (f64, f64) {
    if z < 91.0 {
        (T7, 0.0) // isothermal
    } else if z < 110.0 {
        let x = (z - 91.0) / ELL_A_KM; // elliptical
        let s = (1.0 - x * x).sqrt();
        (TC + ELL_A_K * s, -ELL_A_K * x / (ELL_A_KM * s))
    } else if z < 120.0 {
        (T9 + LK9 * (z - 110.0), LK9) // linear
    } else {
        let r = (R0_KM + 120.0) / (R0_KM + z); // exponential in ξ = (Z − 120)·r
        let e = (T_INF - T10) * (-LAMBDA * (z - 120.0) * r).exp();
        (T_INF - e, LAMBDA * e * r * r)
    }
}

// ---------------------------------------------------------------------------------------
// 86–1000 km: species number densities (section 1.2.6, eqs. 36–40, Tables 6, 7, 9).
// ---------------------------------------------------------------------------------------

/// Species order: N2, O, O2, Ar, He, H.
const N_SPECIES: usize = 6;
/// Molecular weights, kg/kmol (Table 3 and section 1.2.6).
const MOL_WT: [f64; N_SPECIES] = [28.0134, 15.9994, 31.9988, 39.948, 4.0026, 1.00797];
/// Number densities at 86 km, 1/m³ (Table 9); H is not defined below 150 km.
const N_86: [f64; 5] = [1.129794e20, 8.6e16, 3.030898e19, 1.3514e18, 7.5817e14];
/// Thermal-diffusion factor α (Table 6), indexed like [`MOL_WT`].
const ALPHA: [f64; N_SPECIES] = [0.0, 0.0, 0.0, 0.0, -0.4, -0.25];
/// Molecular-diffusion coefficients D = a/n·(T/273.15)^b: a (1/(m·s)) and b (Table 6).
const DIFF_A: [f64; N_SPECIES] = [0.0, 6.986e20, 4.863e20, 4.487e20, 1.7e21, 3.305e21];
const DIFF_B: [f64; N_SPECIES] = [0.0, 0.75, 0.75, 0.87, 0.691, 0.5];
/// Vertical-flux terms of eq. 37 (Table 7), for O, O2, Ar, He:
/// Q (km⁻³), U (km), W (km⁻³); the second O term q, u, w applies below 97 km only.
const FLUX_QUW: [(f64, f64, f64); 4] = [
    (-5.809644e-4, 56.90311, 2.70624e-5),
    (1.366212e-4, 86.0, 8.333333e-5),
    (9.434079e-5, 86.0, 8.333333e-5),
    (-2.457369e-4, 86.0, 6.666667e-4),
];
const O_Q2: f64 = -3.416248e-3;
const O_U2: f64 = 97.0;
const O_W2: f64 = 5.008765e-4;
/// Eddy-diffusion coefficient below 95 km, m²/s.
const K7: f64 = 120.0;
/// Hydrogen: n(H) at 500 km (1/m³) and its upward flux φ (1/(m²·s)) (section 1.2.6).
const N_H_500: f64 = 8.0e10;
const PHI_H: f64 = 7.2e11;
/// H exists from 150 km; its flux term applies 150–500 km (eq. 39).
const Z_H_KM: f64 = 150.0;
const Z_H_REF_KM: f64 = 500.0;

/// Eddy-diffusion coefficient K (m²/s) at `z` km: 120 below 95 km, decaying to 0 at 115 km.
fn eddy_k(z: f64) -> f64 {
    if z < 95.0 {
        K7
    } else if z < 115.0 {
        let d = z - 95.0;
        K7 * (1.0 - 400.0 / (400.0 - d * d)).exp()
    } else {
        0.0
    }
}

/// Gravity g0·(r0/(r0 + Z))² (m/s²) at `z` km.
fn gravity(z: f64) -> f64 {
    let r = R0_KM / (R0_KM + z);
    G0 * r * r
}

/// d(ln n_i)/dZ (1/km) of N2, O, O2, Ar, He at `z` km for densities `n` (1/m³).
///
/// `zb` picks the branch of the piecewise coefficients (the mid-point of the integration
/// step), so steps that end on a break point (97, 100, 150 km) use the correct side.
fn species_rates(z: f64, zb: f64, n: &[f64; 5]) -> [f64; 5] {
    let (t, dt) = upper_temperature(z);
    let g = gravity(z);
    let g_rt = g / (R_STAR * t) * 1e3; // g/(R*·T), per km per kg/kmol
    let dlnt = dt / t;
    // Mean molecular weight M of the N2 equation and of eq. 36: M0 up to 100 km, M(N2)
    // above (this choice reproduces Table VIII; see ref_table8_species_number_densities).
    let m_mean = if zb <= 100.0 { M0 } else { MOL_WT[0] };
    let k = eddy_k(z);
    let mut out = [0.0; 5];
    // N2 is in diffusive equilibrium with mean molecular weight M: n ∝ (T7/T)·exp(−∫M·g/(R*·T)).
    out[0] = -dlnt - m_mean * g_rt;
    for i in 1..5 {
        // Diffusion is through N2 for O and O2, through N2 + O + O2 for Ar and He.
        let n_bg = if i <= 2 { n[0] } else { n[0] + n[1] + n[2] };
        let d = DIFF_A[i] / n_bg * (t / 273.15).powf(DIFF_B[i]);
        let thermal = ALPHA[i] * R_STAR * (dt * 1e-3) / g;
        let f = if k > 0.0 {
            g_rt * d / (d + k) * (MOL_WT[i] + m_mean * k / d + thermal) // eq. 36
        } else {
            g_rt * (MOL_WT[i] + thermal)
        };
        let mut flux = 0.0; // v_i/(D_i + K), eq. 37, negligible (and dropped) above 150 km
        if zb <= Z_H_KM {
            let (q, u, w) = FLUX_QUW[i - 1];
            let x = z - u;
            flux = q * x * x * (-w * x * x * x).exp();
            if i == 1 && zb < O_U2 {
                let y = O_U2 - z;
                flux += O_Q2 * y * y * (-O_W2 * y * y * y).exp();
            }
        }
        // n_i = n_i(86)·(T7/T)·exp(−∫(f + v_i/(D_i + K)) dZ)
        out[i] = -dlnt - f - flux;
    }
    out
}

/// d n(H)/dZ (1/(m³·km)) at `z` km (eq. 39 in differential form):
/// dn/dZ = −n·[(1+α)·T'/T + M_H·g/(R*·T)] − φ/D_H, φ applied 150–500 km only.
fn hydrogen_rate(z: f64, zb: f64, n_h: f64, n_others: f64) -> f64 {
    let (t, dt) = upper_temperature(z);
    let g_rt = gravity(z) / (R_STAR * t) * 1e3;
    let mut rate = -n_h * ((1.0 + ALPHA[5]) * dt / t + MOL_WT[5] * g_rt);
    if zb <= Z_H_REF_KM {
        let d = DIFF_A[5] / n_others * (t / 273.15).powf(DIFF_B[5]);
        rate -= PHI_H / d * 1e3;
    }
    rate
}

/// The upper model integrated on a uniform grid: number densities at `86 + i·step` km.
struct UpperSolution {
    step: f64,
    /// N2, O, O2, Ar, He at each grid point, 1/m³.
    n: Vec<[f64; 5]>,
    /// H every second grid point from 150 km up (index `(i − i150)/2`), 1/m³.
    n_h: Vec<f64>,
    i150: usize,
}

impl UpperSolution {
    /// Integrates the species equations with RK4 (`step` km must divide 1 km).
    fn solve(step: f64) -> Self {
        let count = ((Z_TOP_KM - Z7_KM) / step).round() as usize;
        let mut n = Vec::with_capacity(count + 1);
        let mut y = N_86.map(f64::ln);
        n.push(N_86);
        for i in 0..count {
            let z = Z7_KM + i as f64 * step;
            let zb = z + 0.5 * step;
            let rates = |y: &[f64; 5], z: f64| species_rates(z, zb, &y.map(f64::exp));
            let k1 = rates(&y, z);
            let k2 = rates(&add(&y, &k1, 0.5 * step), z + 0.5 * step);
            let k3 = rates(&add(&y, &k2, 0.5 * step), z + 0.5 * step);
            let k4 = rates(&add(&y, &k3, step), z + step);
            for j in 0..5 {
                y[j] += step / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
            }
            n.push(y.map(f64::exp));
        }
        // Hydrogen (eq. 39 as an ODE): RK4 with step 2·step outward from n(H) at 500 km, so
        // that every RK4 mid-point is a grid point of the other species. H is thus known
        // every second grid point from 150 km (index `(i − i150)/2`).
        let i150 = ((Z_H_KM - Z7_KM) / step).round() as usize;
        let i500 = ((Z_H_REF_KM - Z7_KM) / step).round() as usize;
        let others = |i: usize| n[i].iter().sum::<f64>();
        let len = (count - i150) / 2 + 1;
        let k500 = (i500 - i150) / 2;
        let mut n_h = vec![0.0; len];
        n_h[k500] = N_H_500;
        let h_step = |k: usize, down: bool, v: f64| {
            let i = i150 + 2 * k;
            let (im, inx, dz) = if down {
                (i - 1, i - 2, -2.0 * step)
            } else {
                (i + 1, i + 2, 2.0 * step)
            };
            let z = Z7_KM + i as f64 * step;
            let zb = z + 0.5 * dz;
            let f = |z: f64, v: f64, j: usize| hydrogen_rate(z, zb, v, others(j));
            let k1 = f(z, v, i);
            let k2 = f(z + 0.5 * dz, v + 0.5 * dz * k1, im);
            let k3 = f(z + 0.5 * dz, v + 0.5 * dz * k2, im);
            let k4 = f(z + dz, v + dz * k3, inx);
            v + dz / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        };
        for k in (1..=k500).rev() {
            n_h[k - 1] = h_step(k, true, n_h[k]);
        }
        for k in k500..len - 1 {
            n_h[k + 1] = h_step(k, false, n_h[k]);
        }
        UpperSolution { step, n, n_h, i150 }
    }

    /// ln ρ, d(ln ρ)/dZ, ln P, d(ln P)/dZ (per km) at grid index `i`; `zb` selects the side
    /// of the break points (H is counted only when `zb ≥ 150 km`).
    fn log_state(&self, i: usize, zb: f64) -> [f64; 4] {
        let z = Z7_KM + i as f64 * self.step;
        let ns = self.n[i];
        let rates = species_rates(z, zb, &ns);
        let (t, dt) = upper_temperature(z);
        let (mut num, mut dnum, mut mass, mut dmass) = (0.0, 0.0, 0.0, 0.0);
        for j in 0..5 {
            num += ns[j];
            dnum += ns[j] * rates[j];
            mass += ns[j] * MOL_WT[j];
            dmass += ns[j] * MOL_WT[j] * rates[j];
        }
        if zb >= Z_H_KM && i >= self.i150 {
            debug_assert!(
                (i - self.i150) % 2 == 0,
                "H is stored every second grid point"
            );
            let n_h = self.n_h[(i - self.i150) / 2];
            let dn_h = hydrogen_rate(z, zb, n_h, num);
            num += n_h;
            dnum += dn_h;
            mass += n_h * MOL_WT[5];
            dmass += dn_h * MOL_WT[5];
        }
        [
            (mass / AVOGADRO).ln(),
            dmass / mass,
            (num * BOLTZMANN * t).ln(),
            dnum / num + dt / t,
        ]
    }
}

fn add(y: &[f64; 5], k: &[f64; 5], h: f64) -> [f64; 5] {
    std::array::from_fn(|j| y[j] + h * k[j])
}

// ---------------------------------------------------------------------------------------
// Interpolation table.
// ---------------------------------------------------------------------------------------

/// Integration step of the upper model, km.
const SOLVE_STEP_KM: f64 = 0.05;
/// Spacing of the interpolation table, km (a multiple of [`SOLVE_STEP_KM`]).
const TABLE_STEP_KM: f64 = 0.5;

/// Piecewise cubic Hermite interpolant on a uniform grid `origin`, `origin` + Δ, … (km or
/// km'), clamped to its first and last intervals.
struct Cubic {
    /// The first knot.
    origin: f64,
    /// 1/Δ.
    per_step: f64,
    /// Per interval, coefficients c0..c3 in the local variable t ∈ [0, 1].
    coef: Vec<[f64; 4]>,
}

impl Cubic {
    #[inline]
    fn eval(&self, x: f64) -> f64 {
        let x = ((x - self.origin) * self.per_step).max(0.0);
        let j = (x as usize).min(self.coef.len() - 1);
        let t = x - j as f64;
        let c = &self.coef[j];
        c[0] + t * (c[1] + t * (c[2] + t * c[3]))
    }
}

/// The coefficients in t ∈ [0, 1] of the cubic with values `a`, `b` and slopes `da`, `db`
/// (per unit of x) at the ends of an interval of length `step`.
fn hermite(step: f64, (a, da): (f64, f64), (b, db): (f64, f64)) -> [f64; 4] {
    let (da, db) = (da * step, db * step);
    [
        a,
        da,
        3.0 * (b - a) - 2.0 * da - db,
        2.0 * (a - b) + da + db,
    ]
}

/// ln ρ and ln P from 86 to 1000 km, with their values and slopes (per km) at 1000 km
/// for the extrapolation above.
struct Table {
    ln_rho: Cubic,
    ln_p: Cubic,
    ln_rho_top: (f64, f64),
    ln_p_top: (f64, f64),
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| build_table(&UpperSolution::solve(SOLVE_STEP_KM)))
}

fn build_table(sol: &UpperSolution) -> Table {
    let stride = (TABLE_STEP_KM / sol.step).round() as usize;
    let intervals = (sol.n.len() - 1) / stride;
    let mut rho = Vec::with_capacity(intervals);
    let mut p = Vec::with_capacity(intervals);
    for j in 0..intervals {
        let zb = Z7_KM + (j as f64 + 0.5) * TABLE_STEP_KM;
        let a = sol.log_state(j * stride, zb);
        let b = sol.log_state((j + 1) * stride, zb);
        rho.push(hermite(TABLE_STEP_KM, (a[0], a[1]), (b[0], b[1])));
        p.push(hermite(TABLE_STEP_KM, (a[2], a[3]), (b[2], b[3])));
    }
    let top = sol.log_state(intervals * stride, Z_TOP_KM);
    let cubic = |coef| Cubic {
        origin: Z7_KM,
        per_step: 1.0 / TABLE_STEP_KM,
        coef,
    };
    Table {
        ln_rho: cubic(rho),
        ln_p: cubic(p),
        ln_rho_top: (top[0], top[1]),
        ln_p_top: (top[2], top[3]),
    }
}

/// Spacing of the lower density table, km' of geopotential height: the layer bases (whole
/// km') are knots, so each interval lies in one layer, where ln ρ is smooth.
const LOWER_STEP_KM: f64 = 0.25;
/// First knot of the lower table, km' (below the geopotential height of −5 km).
const LOWER_ORIGIN_KM: f64 = -5.25;
/// Last knot of the lower table, km' (above the geopotential height of 86 km, 84.852 km').
const LOWER_END_KM: f64 = 85.0;

/// ln ρ below 86 km against geopotential height in km' (cubic Hermite on the closed form
/// of eqs. 23, 33a/b and 42 with its exact slope); within 2.1e-10 relative of the closed form
/// (test `lower_table_matches_the_closed_form`) and no `powf` per call.
fn lower_table() -> &'static Cubic {
    static TABLE: OnceLock<Cubic> = OnceLock::new();
    TABLE.get_or_init(|| {
        let n = ((LOWER_END_KM - LOWER_ORIGIN_KM) / LOWER_STEP_KM).round() as usize;
        // ln ρ and d ln ρ/dH (per km') at knot k by the formulas of `layer`.
        let knot = |k: usize, layer: usize| {
            let h_m = (LOWER_ORIGIN_KM + k as f64 * LOWER_STEP_KM) * 1e3;
            let (t_m, p) = layer_tm_p(layer, h_m);
            // d ln ρ/dH = d ln P/dH − d ln T_M/dH = −(g0·M0/R* + L)/T_M.
            (
                (p * RHO_PER_P_TM / t_m).ln(),
                -(GMR + LAYERS[layer].1) / t_m * 1e3,
            )
        };
        let coef = (0..n)
            .map(|k| {
                // The layer of the whole interval: that of its midpoint.
                let mid_m = (LOWER_ORIGIN_KM + (k as f64 + 0.5) * LOWER_STEP_KM) * 1e3;
                let layer = LAYERS.iter().rposition(|l| l.0 <= mid_m).unwrap_or(0);
                hermite(LOWER_STEP_KM, knot(k, layer), knot(k + 1, layer))
            })
            .collect();
        Cubic {
            origin: LOWER_ORIGIN_KM,
            per_step: 1.0 / LOWER_STEP_KM,
            coef,
        }
    })
}

/// State at `z` km ≥ 86 km (extrapolated above 1000 km, see the module documentation).
fn upper_state(z: f64) -> AtmosphereState {
    let tab = table();
    if z <= Z_TOP_KM {
        AtmosphereState {
            temperature_k: upper_temperature(z).0,
            pressure_pa: tab.ln_p.eval(z).exp(),
            density_kg_m3: tab.ln_rho.eval(z).exp(),
        }
    } else {
        let dz = z - Z_TOP_KM;
        AtmosphereState {
            temperature_k: upper_temperature(Z_TOP_KM).0,
            pressure_pa: (tab.ln_p_top.0 + tab.ln_p_top.1 * dz).exp(),
            density_kg_m3: (tab.ln_rho_top.0 + tab.ln_rho_top.1 * dz).exp(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(value: f64, reference: f64) -> f64 {
        (value / reference - 1.0).abs()
    }

    /// Stays beside the code: it reads the private layer table and `T_M` (the printed
    /// pressures are checked through the public API in `tests/ref_atmosphere.rs`).
    #[test]
    fn ref_table4_layer_constants() {
        // Standard, Table 4 (and eq. 33a/b): at the geopotential layer bases H_b = 11, 20,
        // 32, 47, 51, 71 km' (and 84.852 km' ≈ 86 km): T_M exactly, and ρ = P·M0/(R*·T_M)
        // to 1e-12.
        let rows = [
            (11_000.0, 216.65),
            (20_000.0, 216.65),
            (32_000.0, 228.65),
            (47_000.0, 270.65),
            (51_000.0, 270.65),
            (71_000.0, 214.65),
            (84_852.0, 186.946),
        ];
        for (h, t_m) in rows {
            let z = R0_M * h / (R0_M - h);
            let s = ussa1976(z);
            let (tm, _) = lower_tm_p(z);
            assert!((tm - t_m).abs() < 1e-9, "{h}: T_M {tm}");
            assert!(rel(s.density_kg_m3, s.pressure_pa * M0 / (R_STAR * tm)) < 1e-12);
            if z < 80_000.0 {
                assert_eq!(s.temperature_k, tm); // M/M0 = 1 below 80 km
            }
        }
        // The f64 chain hard-coded in LAYERS is eqs. 33a/b from 101325 Pa.
        let mut p = 101_325.0;
        for w in LAYERS.windows(2) {
            let ((hb, lapse, tb, _), (hn, _, tn, pn)) = (w[0], w[1]);
            p *= if lapse == 0.0 {
                (-GMR * (hn - hb) / tb).exp()
            } else {
                (tb / tn).powf(GMR / lapse)
            };
            assert!(rel(pn, p) < 1e-14, "{hn}");
        }
    }

    /// Stays beside the code: it reads the private `T_M` and `T7`.
    #[test]
    fn ref_table8_kinetic_temperature() {
        // Standard, section 1.2.4 and Table 8: T = T_M·M/M0, M/M0 = 0.999579 at 86 km
        // (T7 = 186.8673 K). Tolerance 1e-6 relative (T7 is printed to 7 figures).
        let (tm, _) = lower_tm_p(86_000.0 - 1e-6);
        assert!((tm - 186.946).abs() < 1e-3);
        assert!(rel(ussa1976(86_000.0 - 1e-6).temperature_k, T7) < 1e-6);
        assert!(
            rel(
                ussa1976(83_000.0).temperature_k,
                lower_tm_p(83_000.0).0 * 0.999870
            ) < 1e-15
        );
        assert_eq!(ussa1976(79_999.0).temperature_k, lower_tm_p(79_999.0).0);
    }

    /// Stays beside the code: it reads the private diffusion solution.
    #[test]
    fn ref_table8_species_number_densities() {
        // Standard, Table VIII (number densities, 1/m³, as printed; H from 150 km).
        // Tolerance 0.5 % (measured: ≤ 9e-4, except Ar 3.7e-3 above 110 km; Ar is < 1e-3
        // of the mass there).
        let sol = UpperSolution::solve(SOLVE_STEP_KM);
        let rows: [(f64, [f64; 6]); 7] = [
            (
                100.0,
                [9.210e18, 4.298e17, 2.151e18, 9.501e16, 1.133e14, 0.0],
            ),
            (
                120.0,
                [3.726e17, 9.275e16, 4.395e16, 1.366e15, 3.888e13, 0.0],
            ),
            (
                150.0,
                [3.124e16, 1.780e16, 2.750e15, 5.000e13, 2.106e13, 3.767e11],
            ),
            (
                200.0,
                [2.925e15, 4.050e15, 1.918e14, 1.938e12, 1.310e13, 1.630e11],
            ),
            (
                300.0,
                [9.593e13, 5.433e14, 3.942e12, 1.568e10, 7.566e12, 1.049e11],
            ),
            (
                500.0,
                [2.592e11, 1.836e13, 4.607e9, 3.445e6, 3.215e12, 8.000e10],
            ),
            (
                1000.0,
                [4.626e5, 9.562e9, 1.251e3, 2.188e-2, 4.850e11, 4.967e10],
            ),
        ];
        for (z, n) in rows {
            let i = ((z - Z7_KM) / sol.step).round() as usize;
            for (j, (&got, &want)) in sol.n[i].iter().zip(&n).enumerate() {
                assert!(rel(got, want) < 5e-3, "{z} km species {j}: {got}");
            }
            if z >= Z_H_KM {
                let n_h = sol.n_h[(i - sol.i150) / 2];
                assert!(rel(n_h, n[5]) < 5e-3, "{z} km H: {n_h}");
            }
        }
    }

    #[test]
    fn interpolation_error_against_exact_integration() {
        // The table (every 0.5 km) against the integrated model at every 0.1 km (4 of every
        // 5 points are off the table grid). Measured: ln ρ 7.2e-6 (near 110 km, where the
        // elliptical temperature bends hardest), ln P 8.2e-7.
        let sol = UpperSolution::solve(SOLVE_STEP_KM);
        let tab = build_table(&sol);
        let (mut e_rho, mut e_p, mut at) = (0.0f64, 0.0f64, 0.0);
        for i in (0..sol.n.len()).step_by(2) {
            let z = Z7_KM + i as f64 * sol.step;
            let j = (((z - Z7_KM) / TABLE_STEP_KM) as usize).min(tab.ln_rho.coef.len() - 1);
            let exact = sol.log_state(i, Z7_KM + (j as f64 + 0.5) * TABLE_STEP_KM);
            if (tab.ln_rho.eval(z) - exact[0]).abs() > e_rho {
                (e_rho, at) = ((tab.ln_rho.eval(z) - exact[0]).abs(), z);
            }
            e_p = e_p.max((tab.ln_p.eval(z) - exact[2]).abs());
        }
        println!("max interpolation error: ln ρ {e_rho:.1e} (at {at:.1} km), ln P {e_p:.1e}");
        assert!(e_rho < 1e-5 && e_p < 1e-5);
    }

    #[test]
    fn integration_step_converged() {
        // RK4 at 0.05 km against 0.025 km: relative change of ρ and P (measured 2.6e-9).
        let (a, b) = (
            UpperSolution::solve(SOLVE_STEP_KM),
            UpperSolution::solve(0.5 * SOLVE_STEP_KM),
        );
        let mut worst = 0.0f64;
        for i in (0..a.n.len()).step_by(20) {
            let z = Z7_KM + i as f64 * a.step;
            let (sa, sb) = (a.log_state(i, z + 0.01), b.log_state(2 * i, z + 0.01));
            worst = worst.max((sa[0] - sb[0]).abs()).max((sa[2] - sb[2]).abs());
        }
        println!("step-halving change: {worst:.1e}");
        assert!(worst < 1e-7);
    }

    #[test]
    fn density_monotonic_on_fine_grid() {
        // Every 10 m from −5 km to 1500 km: ρ and P strictly decrease. (The standard's own
        // 8e-6 step at 86 km and the 3e-7 H step at 150 km are far below one 10 m drop.)
        let mut prev = ussa1976(-5_000.0);
        let mut z = -5_000.0;
        while z < 1.5e6 {
            z += 10.0;
            let s = ussa1976(z);
            assert!(s.density_kg_m3 < prev.density_kg_m3, "ρ at {z} m");
            assert!(s.pressure_pa < prev.pressure_pa, "P at {z} m");
            prev = s;
        }
    }

    #[test]
    fn continuity_at_layer_boundaries() {
        let jump = |z: f64| {
            let (a, b) = (ussa1976(z - 1e-6), ussa1976(z + 1e-6));
            [
                rel(a.temperature_k, b.temperature_k),
                rel(a.pressure_pa, b.pressure_pa),
                rel(a.density_kg_m3, b.density_kg_m3),
            ]
        };
        // Closed-form layers (geopotential bases), the Table 8 range, and the upper
        // temperature segments: continuous to 1e-9.
        for h in [11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0] {
            let z = R0_M * h / (R0_M - h);
            assert!(jump(z).iter().all(|&e| e < 1e-9), "{h} m': {:?}", jump(z));
        }
        for z in [
            80_000.0, 91_000.0, 97_000.0, 100_000.0, 115_000.0, 120_000.0, 500_000.0, 1e6,
        ] {
            assert!(jump(z).iter().all(|&e| e < 1e-9), "{z} m: {:?}", jump(z));
        }
        // 110 km: the printed ellipse constants give 239.99973 K, not T9 = 240 K.
        assert!(
            jump(110_000.0).iter().all(|&e| e < 2e-6),
            "{:?}",
            jump(110_000.0)
        );
        // 86 km: the standard's own step between eqs. 33a/b and the species model (≈1e-5).
        assert!(
            jump(86_000.0).iter().all(|&e| e < 2e-5),
            "{:?}",
            jump(86_000.0)
        );
        // 150 km: hydrogen enters (≈3e-7 of the mass, 7e-6 of the number density).
        assert!(
            jump(150_000.0).iter().all(|&e| e < 1e-5),
            "{:?}",
            jump(150_000.0)
        );
    }

    #[test]
    fn out_of_range_never_nan() {
        let inputs = [
            -1e9,
            -5_000.0,
            -0.0,
            1e-300,
            85_999.999_999,
            86_000.0,
            999_999.999,
            1e6,
            1e6 + 1e-3,
            1e9,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for h in inputs {
            let s = ussa1976(h);
            for v in [s.temperature_k, s.pressure_pa, s.density_kg_m3] {
                assert!(v.is_finite() && v >= 0.0, "{h}: {s:?}");
            }
            for model in [
                AtmosphereModel::None,
                AtmosphereModel::Exponential,
                AtmosphereModel::Ussa1976,
            ] {
                let rho = model.density(h);
                assert!(rho.is_finite() && rho >= 0.0, "{model:?} {h}: {rho}");
            }
            if h.is_finite() && h >= Z_LOWER_TOP_M {
                assert_eq!(ussa1976_density(h), s.density_kg_m3, "{h}");
            } else if h.is_finite() {
                assert!(rel(ussa1976_density(h), s.density_kg_m3) < 1e-9, "{h}");
            }
        }
        // Documented rules.
        assert_eq!(ussa1976(-1e9), ussa1976(-5_000.0));
        assert_eq!(ussa1976_density(f64::NAN), 0.0);
        assert_eq!(ussa1976(f64::NAN).density_kg_m3, 0.0);
        assert_eq!(ussa1976(f64::NAN).pressure_pa, ussa1976(1e6).pressure_pa);
        assert_eq!(
            ussa1976(f64::NEG_INFINITY).temperature_k,
            ussa1976(1e6).temperature_k
        );
        assert_eq!(ussa1976_density(1e9), 0.0); // exp underflow of the 1000 km decay
        let above = ussa1976(1.1e6).density_kg_m3 / ussa1976(1e6).density_kg_m3;
        assert!(above > 0.5 && above < 0.7, "{above}"); // ≈ exp(−100 km / 237 km)
    }

    /// The lower table against the closed form it interpolates, every metre from −5 to
    /// 86 km (91,000 heights, layer bases included): the worst relative error is 2.1e-10.
    #[test]
    fn lower_table_matches_the_closed_form() {
        let mut worst: f64 = 0.0;
        for k in 0..91_000 {
            let h = Z_MIN_M + k as f64;
            let (t_m, p) = lower_tm_p(h);
            worst = worst.max(rel(ussa1976_density(h), p * RHO_PER_P_TM / t_m));
        }
        assert!(worst < 5e-10, "worst relative error {worst:e}");
    }

    #[test]
    fn exponential_model() {
        assert_eq!(exponential_density(0.0), 1.225);
        assert!(rel(exponential_density(7_200.0), 1.225 / std::f64::consts::E) < 1e-15);
        assert_eq!(exponential_density(-1e9), exponential_density(-5_000.0));
        assert_eq!(AtmosphereModel::default().density(0.0), 0.0);
        assert_eq!(
            AtmosphereModel::Exponential.density(1e4),
            exponential_density(1e4)
        );
        assert_eq!(
            AtmosphereModel::Ussa1976.density(1e5),
            ussa1976_density(1e5)
        );
    }

    /// Timing report, not a pass/fail test: `cargo test --release -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing_ussa1976_density() {
        let _ = ussa1976_density(1e5); // build the table first
        let rounds = 500;
        for (label, lo, hi) in [
            ("0–86 km", 0.0, 86e3),
            ("86–1000 km", 86e3, 1e6),
            ("0–1000 km", 0.0, 1e6),
        ] {
            // Quasi-random heights, generated before timing.
            let heights: Vec<f64> = (0..4096)
                .map(|k| lo + (hi - lo) * ((k as f64 * 0.618_033_988_7) % 1.0))
                .collect();
            let start = std::time::Instant::now();
            let mut acc = 0.0;
            for _ in 0..rounds {
                for &h in &heights {
                    acc += ussa1976_density(std::hint::black_box(h));
                }
            }
            let ns = start.elapsed().as_nanos() as f64 / (rounds * heights.len()) as f64;
            println!("ussa1976_density {label}: {ns:.1} ns/call (checksum {acc:.3e})");
        }
    }
}
