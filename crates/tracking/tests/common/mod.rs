//! What the tracking crate's reference tests share.

/// Relative error of `got` against the reference `want`: |got − want| / |want| (a zero
/// reference must be met exactly).
pub fn rel_err(got: f64, want: f64) -> f64 {
    (got - want).abs() / want.abs().max(f64::MIN_POSITIVE)
}
