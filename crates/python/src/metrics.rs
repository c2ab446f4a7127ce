//! Vigil's tracking metrics (`vigil_tracking::metrics`) on NumPy point sets: OSPA, GOSPA and
//! RMSE, to score any tracker's output (e.g. Stone Soup's, through `vigil.stonesoup`).

use crate::impacts::rows_of;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use vigil_earth::math::Vec3;
use vigil_tracking::metrics::ospa as metric;
use vigil_tracking::metrics::quality::{StateError, rmse as rmse_of};

/// Cut-off `c` (> 0, finite) and order `p` (≥ 1, finite), refused otherwise.
fn check(c: f64, p: f64) -> PyResult<()> {
    if !(c > 0.0 && c.is_finite()) {
        return Err(PyValueError::new_err(format!(
            "c_m must be a positive finite cut-off distance, got {c}"
        )));
    }
    if !(p >= 1.0 && p.is_finite()) {
        return Err(PyValueError::new_err(format!(
            "p must be a finite order ≥ 1, got {p}"
        )));
    }
    Ok(())
}

/// OSPA between truth positions `truths` and estimated positions `estimates` (N×3 and M×3
/// float64, m, any Cartesian axes shared by both), cut-off `c_m`, order `p`: a dict of
/// `distance`, `localisation` and `cardinality` (m; distanceᵖ = localisationᵖ +
/// cardinalityᵖ).
#[pyfunction]
#[pyo3(signature = (truths, estimates, *, c_m = 10_000.0, p = 2.0))]
pub fn ospa<'py>(
    py: Python<'py>,
    truths: &Bound<'py, PyAny>,
    estimates: &Bound<'py, PyAny>,
    c_m: f64,
    p: f64,
) -> PyResult<Bound<'py, PyDict>> {
    check(c_m, p)?;
    let x = rows_of("truths", truths)?;
    let y = rows_of("estimates", estimates)?;
    let o = py.detach(|| metric::ospa(&x, &y, c_m, p));
    let d = PyDict::new(py);
    d.set_item("distance", o.distance)?;
    d.set_item("localisation", o.localisation)?;
    d.set_item("cardinality", o.cardinality)?;
    Ok(d)
}

/// GOSPA (α = 2) between truth positions `truths` and estimated positions `estimates` (N×3
/// and M×3 float64, m), cut-off `c_m`, order `p`: a dict of `distance` (m), its parts in the
/// p-th power as Stone Soup's `GOSPAMetric` gives them (`localisation`, `missed`, `false`)
/// and `assignment`, the (truth row, estimate row) pairs closer than `c_m`.
#[pyfunction]
#[pyo3(signature = (truths, estimates, *, c_m = 10_000.0, p = 2.0))]
pub fn gospa<'py>(
    py: Python<'py>,
    truths: &Bound<'py, PyAny>,
    estimates: &Bound<'py, PyAny>,
    c_m: f64,
    p: f64,
) -> PyResult<Bound<'py, PyDict>> {
    check(c_m, p)?;
    let x = rows_of("truths", truths)?;
    let y = rows_of("estimates", estimates)?;
    let g = py.detach(|| metric::gospa(&x, &y, c_m, p));
    let d = PyDict::new(py);
    d.set_item("distance", g.distance)?;
    d.set_item("localisation", g.localisation)?;
    d.set_item("missed", g.missed)?;
    d.set_item("false", g.false_)?;
    d.set_item("assignment", g.assignment)?;
    Ok(d)
}

/// Root-mean-square errors of paired estimates: `position_error_m` (N×3, estimate − truth,
/// m) and `velocity_error_mps` (N×3, m/s). A dict of `position_m` (√ mean |Δr|²),
/// `velocity_mps` and `samples`, or None when there is no pair.
#[pyfunction]
pub fn rmse<'py>(
    py: Python<'py>,
    position_error_m: &Bound<'py, PyAny>,
    velocity_error_mps: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let r = rows_of("position_error_m", position_error_m)?;
    let v = rows_of("velocity_error_mps", velocity_error_mps)?;
    if r.len() != v.len() {
        return Err(PyValueError::new_err(format!(
            "position_error_m and velocity_error_mps must have the same number of rows, got {} and {}",
            r.len(),
            v.len()
        )));
    }
    let errors: Vec<StateError> = r
        .iter()
        .zip(&v)
        .map(|(r, v)| StateError {
            t_s: 0.0,
            track_id: 0,
            truth_id: 0,
            position_m: Vec3::from(*r),
            velocity_mps: Vec3::from(*v),
        })
        .collect();
    let Some(e) = rmse_of(&errors) else {
        return Ok(None);
    };
    let d = PyDict::new(py);
    d.set_item("position_m", e.position_m)?;
    d.set_item("velocity_mps", e.velocity_mps)?;
    d.set_item("samples", e.samples)?;
    Ok(Some(d))
}
