//! The tolerance helpers of this crate's reference tests (`tests/ref_*.rs`).

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
