//! The tolerance helper of this crate's reference tests (`tests/ref_*.rs`).

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
