//! `vigil.impacts`: batch impact prediction of free-flying objects from Earth-fixed states,
//! in parallel with the GIL released — row by row what `vigil propagate` computes.

use crate::{frames, guarded};
use numpy::{PyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;
use vigil_earth::atmosphere::AtmosphereModel;
use vigil_earth::gravity::Gravity;
use vigil_earth::{EarthShape, Ecef, Position, Velocity};
use vigil_flight::{Accuracy, Ballistic, FlightError, ForceModel, free_flight};

/// Status of a row, by code: the categories of the `status` column.
const STATUS: [&str; 4] = ["ok", "no-impact", "below-surface", "failed"];

/// States flown between two checks for Ctrl-C.
const ROWS_PER_CHUNK: usize = 16_384;

/// What one state came to: impact time (s), latitude and longitude (degrees), status code.
type Outcome = (f64, f64, f64, u8);

/// Describes a Python object for an error message: an array's dtype and shape, else its type.
fn describe(x: &Bound<'_, PyAny>) -> String {
    match (x.getattr("dtype"), x.getattr("shape")) {
        (Ok(d), Ok(s)) => format!("an array of dtype {d} and shape {s}"),
        _ => x
            .get_type()
            .name()
            .map_or_else(|_| "an object".into(), |n| format!("a {n}")),
    }
}

/// The rows of N×3 float64 array `x` (argument `name`), refusing other dtypes, shapes and
/// non-finite numbers with a message naming the argument.
pub(crate) fn rows_of(name: &str, x: &Bound<'_, PyAny>) -> PyResult<Vec<[f64; 3]>> {
    let a: PyReadonlyArray2<'_, f64> = x.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a NumPy array of float64 with shape (N, 3), got {}",
            describe(x)
        ))
    })?;
    if a.shape()[1] != 3 {
        return Err(PyValueError::new_err(format!(
            "{name} must have shape (N, 3), got {:?}",
            a.shape()
        )));
    }
    let view = a.as_array();
    let mut out = Vec::with_capacity(view.nrows());
    for (i, r) in view.rows().into_iter().enumerate() {
        let row = [r[0], r[1], r[2]];
        if let Some(bad) = row.iter().find(|v| !v.is_finite()) {
            return Err(PyValueError::new_err(format!(
                "{name}[{i}] holds {bad}: every number must be finite"
            )));
        }
        out.push(row);
    }
    Ok(out)
}

/// The force model of the arguments, as `vigil propagate`'s flags give it.
pub(crate) fn force_model(
    earth: &str,
    j2: Option<bool>,
    rotation: Option<bool>,
    drag: &str,
) -> PyResult<ForceModel> {
    let shape = match earth {
        "wgs84" => EarthShape::Wgs84,
        "sphere" => EarthShape::Sphere,
        _ => {
            return Err(PyValueError::new_err(format!(
                "earth must be \"wgs84\" or \"sphere\", got {earth:?}"
            )));
        }
    };
    let sphere = shape == EarthShape::Sphere;
    let atmosphere = match drag {
        "none" => AtmosphereModel::None,
        "exponential" => AtmosphereModel::Exponential,
        "ussa1976" => AtmosphereModel::Ussa1976,
        _ => {
            return Err(PyValueError::new_err(format!(
                "drag must be \"none\", \"exponential\" or \"ussa1976\", got {drag:?}"
            )));
        }
    };
    Ok(ForceModel {
        shape,
        gravity: Gravity {
            j2: j2.unwrap_or(!sphere),
        },
        rotation: rotation.unwrap_or(!sphere),
        atmosphere,
    })
}

/// β as `vigil propagate` takes it: required with drag, refused without, positive.
fn check_beta(atmosphere: AtmosphereModel, beta: Option<f64>) -> PyResult<Option<f64>> {
    match (atmosphere, beta) {
        (_, Some(b)) if !(b > 0.0 && b.is_finite()) => Err(PyValueError::new_err(format!(
            "beta_kg_m2 must be a positive number of kg/m², got {b}"
        ))),
        (AtmosphereModel::None, Some(_)) => Err(PyValueError::new_err(
            "beta_kg_m2 applies only with drag=\"exponential\" or \"ussa1976\": without drag the ballistic coefficient changes nothing",
        )),
        (AtmosphereModel::None, b) => Ok(b),
        (_, None) => Err(PyValueError::new_err(
            "drag needs beta_kg_m2 (ballistic coefficient, kg/m²)",
        )),
        (_, b) => Ok(b),
    }
}

/// Where and when one state comes down.
fn one(body: &Ballistic, r: [f64; 3], v: [f64; 3], t_max_s: f64) -> Outcome {
    let r = Position::<Ecef>::new(r[0], r[1], r[2]);
    let v = Velocity::<Ecef>::new(v[0], v[1], v[2]);
    match free_flight(body, 0.0, &r, &v, &Accuracy::DEFAULT, t_max_s) {
        Ok(flight) => match flight.impact {
            Some(i) => (i.state.t_s, i.geodetic.lat_deg(), i.geodetic.lon_deg(), 0),
            None => (f64::NAN, f64::NAN, f64::NAN, 1),
        },
        Err(FlightError::BelowSurface(_)) => (f64::NAN, f64::NAN, f64::NAN, 2),
        Err(_) => (f64::NAN, f64::NAN, f64::NAN, 3),
    }
}

/// Impact prediction for N free-flying objects: `r0` (N×3, m) and `v0` (N×3, m/s, relative
/// to the rotating Earth) are Earth-fixed (ECEF) states at t = 0. Each row is flown as
/// `vigil propagate` flies it; rows run in parallel with the GIL released. Returns a
/// DataFrame: `impact_t_s`, `lat_deg`, `lon_deg` and `status` (`ok`, `no-impact` within
/// `t_max_s`, `below-surface` at the start, `failed`; NaN figures unless `ok`).
#[pyfunction]
#[pyo3(signature = (r0, v0, *, earth = "wgs84", j2 = None, rotation = None, drag = "none", beta_kg_m2 = None, t_max_s = 21_600.0))]
#[allow(clippy::too_many_arguments)]
pub fn impacts(
    py: Python<'_>,
    r0: &Bound<'_, PyAny>,
    v0: &Bound<'_, PyAny>,
    earth: &str,
    j2: Option<bool>,
    rotation: Option<bool>,
    drag: &str,
    beta_kg_m2: Option<f64>,
    t_max_s: f64,
) -> PyResult<Py<PyAny>> {
    let model = force_model(earth, j2, rotation, drag)?;
    let beta = check_beta(model.atmosphere, beta_kg_m2)?;
    if !(t_max_s > 0.0 && t_max_s.is_finite()) {
        return Err(PyValueError::new_err(format!(
            "t_max_s must be a positive number of seconds, got {t_max_s}"
        )));
    }
    let r = rows_of("r0", r0)?;
    let v = rows_of("v0", v0)?;
    if r.len() != v.len() {
        return Err(PyValueError::new_err(format!(
            "r0 and v0 must have the same number of rows, got {} and {}",
            r.len(),
            v.len()
        )));
    }
    let body = Ballistic::new(model, beta);
    // In chunks, so that Ctrl-C stops a long batch between two of them.
    let mut out: Vec<Outcome> = Vec::with_capacity(r.len());
    for (r, v) in r.chunks(ROWS_PER_CHUNK).zip(v.chunks(ROWS_PER_CHUNK)) {
        let part: Vec<Outcome> = py.detach(|| {
            guarded(|| {
                r.par_iter()
                    .zip(v)
                    .map(|(r, v)| one(&body, *r, *v, t_max_s))
                    .collect()
            })
        })?;
        out.extend(part);
        py.check_signals()?;
    }
    let t = PyArray1::from_iter(py, out.iter().map(|o| o.0));
    let lat = PyArray1::from_iter(py, out.iter().map(|o| o.1));
    let lon = PyArray1::from_iter(py, out.iter().map(|o| o.2));
    let code = PyArray1::from_iter(py, out.iter().map(|o| o.3));
    frames(py, "impacts_frame", (t, lat, lon, code, STATUS.to_vec()))
}

/// Panics (tests check that a panic becomes `vigil.VigilError`, not a crash).
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    py.detach(|| guarded(|| panic!("a test panic")))
}
