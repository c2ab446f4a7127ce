//! Vigil in Python: the compiled module `vigil._vigil` behind the `vigil` package.
//!
//! Scenarios (checked as `vigil check` does), runs (`report.json` and the run's tables),
//! Monte Carlo, batch impact prediction, the generic tracker and tracking metrics, with the
//! GIL released while Rust computes. Tables cross into Python as typed columns (NumPy arrays,
//! lists of strings) that `vigil._frames` turns into pandas DataFrames. No panic crosses into
//! Python: it becomes `vigil.VigilError`.

mod impacts;
mod metrics;
mod scenario;
mod site;
mod tables;
mod track;
mod trajectory;

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

create_exception!(
    vigil,
    ScenarioError,
    PyValueError,
    "A scenario that does not pass the checks of `vigil check`; `.problems` lists them all."
);
create_exception!(
    vigil,
    VigilError,
    PyRuntimeError,
    "A computation of Vigil failed (or an internal error, which is a bug)."
);

/// Runs `f`, turning a panic into [`VigilError`] so that none crosses into Python.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        VigilError::new_err(format!(
            "internal error in Vigil (please report it): {what}"
        ))
    })
}

/// Calls `vigil._frames.<function>(*args)`: the thin Python layer that builds DataFrames.
pub(crate) fn frames<'py>(
    py: Python<'py>,
    function: &str,
    args: impl pyo3::call::PyCallArgs<'py>,
) -> PyResult<Py<PyAny>> {
    Ok(py
        .import("vigil._frames")?
        .getattr(function)?
        .call1(args)?
        .unbind())
}

/// The compiled module.
#[pymodule]
fn _vigil(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ScenarioError", py.get_type::<ScenarioError>())?;
    m.add("VigilError", py.get_type::<VigilError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_class::<scenario::PyProblem>()?;
    m.add_class::<tables::PyReport>()?;
    m.add_function(wrap_pyfunction!(impacts::impacts, m)?)?;
    m.add_function(wrap_pyfunction!(trajectory::trajectory, m)?)?;
    m.add_function(wrap_pyfunction!(track::_track, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::ospa, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::gospa, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::rmse, m)?)?;
    m.add_function(wrap_pyfunction!(site::_site, m)?)?;
    m.add_function(wrap_pyfunction!(impacts::_panic_for_tests, m)?)?;
    Ok(())
}
