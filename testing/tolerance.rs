//! Tolerance helpers shared by the reference tests (`tests/ref_*.rs`) of every crate: each
//! includes this file as its `common` module (`#[path = "../../../testing/tolerance.rs"]`).

// Each test binary uses a subset.
#![allow(dead_code)]

/// Asserts `|got − want| ≤ tol` for every pair, prints the largest deviation and returns it.
pub fn check(label: &str, pairs: impl IntoIterator<Item = (f64, f64)>, tol: f64) -> f64 {
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

/// Relative deviation `|value / reference − 1|`.
pub fn rel(value: f64, reference: f64) -> f64 {
    (value / reference - 1.0).abs()
}

/// `value` agrees with a value printed in a table to within `units` units of its last printed
/// digit (a table that rounds is met by half a unit; one that truncates needs one unit).
pub fn within_print(value: f64, printed: &str, units: f64) -> bool {
    let lower = printed.to_ascii_lowercase();
    let (mantissa, exponent) = lower.split_once('e').unwrap_or((&lower, "0"));
    let decimals = mantissa.split_once('.').map_or(0, |(_, d)| d.len());
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let reference: f64 = printed.parse().unwrap_or(f64::NAN);
    let unit = 10f64.powi(exponent - decimals as i32);
    (value - reference).abs() <= units * unit * (1.0 + 1e-9)
}

/// Tolerance for a value printed with `decimals` decimals: half a unit of the last digit.
pub fn printed(decimals: i32) -> f64 {
    0.5 * 10f64.powi(-decimals) * (1.0 + 1e-9)
}

/// Asserts |got − want| ≤ tol, prints the deviation and returns it as a fraction of tol.
pub fn near(label: &str, got: f64, want: f64, tol: f64) -> f64 {
    let dev = (got - want).abs();
    println!(
        "{label}: got {got:.6} want {want} |dev| {dev:.2e} ({:.2} tol)",
        dev / tol
    );
    assert!(dev <= tol, "{label}: got {got}, want {want} ± {tol}");
    dev / tol
}

/// Asserts |got/want − 1| ≤ rel and returns the relative deviation.
pub fn near_rel(label: &str, got: f64, want: f64, rel: f64) -> f64 {
    let dev = (got / want - 1.0).abs();
    println!("{label}: got {got:e} want {want:e} rel dev {dev:.2e}");
    assert!(
        dev <= rel,
        "{label}: got {got}, want {want}, rel dev {dev:e} > {rel:e}"
    );
    dev
}

/// Relative error of `got` against the reference `want`: |got − want| / |want| (a zero
/// reference must be met exactly).
pub fn rel_err(got: f64, want: f64) -> f64 {
    (got - want).abs() / want.abs().max(f64::MIN_POSITIVE)
}
