//! `vigil.trajectory`: the flight of a missile class from A to B, every object sampled, as
//! `vigil trajectory --csv` writes it.

use crate::impacts::force_model;
use crate::tables::{Cell, Table};
use crate::{VigilError, guarded};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use vigil_earth::Geodetic;
use vigil_flight::launch::Booster;
use vigil_flight::targeting::{Constraint, Profile, aim};
use vigil_flight::vehicle::{builtin_classes, choose_class};
use vigil_report::formats::flight::{SAMPLES_HEADER, sample_rows};

/// A point `(lat_deg, lon_deg)` of argument `name`.
fn point(name: &str, p: (f64, f64)) -> PyResult<Geodetic> {
    Geodetic::from_degrees(p.0, p.1, 0.0).map_err(|e| PyValueError::new_err(format!("{name}: {e}")))
}

/// `x` if positive and finite (argument `name`).
fn positive(name: &str, x: f64) -> PyResult<f64> {
    if x > 0.0 && x.is_finite() {
        Ok(x)
    } else {
        Err(PyValueError::new_err(format!(
            "{name} must be a positive number, got {x}"
        )))
    }
}

/// The trajectory of built-in missile class `missile` from `from_latlon` to `to_latlon`
/// (degrees), launched at t = 0 on `profile` (`min-energy`, `lofted`, `depressed`; at most one
/// of `apogee_km`, `gamma_deg`, `tof_s` constrains it), flown under the force model of
/// `earth`, `j2`, `rotation`, `drag` (as `vigil trajectory`). Returns every object's path
/// (`rv`, `booster`, spent stages) sampled every `step_s` s: the columns of
/// `vigil trajectory --csv` (ECEF m and m/s, latitude and longitude in degrees, height in m).
#[pyfunction]
#[pyo3(signature = (from_latlon, to_latlon, missile = "icbm-generic", profile = "min-energy", *, apogee_km = None, gamma_deg = None, tof_s = None, earth = "wgs84", j2 = None, rotation = None, drag = "none", step_s = 10.0))]
#[allow(clippy::too_many_arguments)]
pub fn trajectory(
    py: Python<'_>,
    from_latlon: (f64, f64),
    to_latlon: (f64, f64),
    missile: &str,
    profile: &str,
    apogee_km: Option<f64>,
    gamma_deg: Option<f64>,
    tof_s: Option<f64>,
    earth: &str,
    j2: Option<bool>,
    rotation: Option<bool>,
    drag: &str,
    step_s: f64,
) -> PyResult<Py<PyAny>> {
    let from = point("from_latlon", from_latlon)?;
    let to = point("to_latlon", to_latlon)?;
    let model = force_model(earth, j2, rotation, drag)?;
    let profile = match profile {
        "min-energy" => Profile::MinEnergy,
        "lofted" => Profile::Lofted,
        "depressed" => Profile::Depressed,
        _ => {
            return Err(PyValueError::new_err(format!(
                "profile must be \"min-energy\", \"lofted\" or \"depressed\", got {profile:?}"
            )));
        }
    };
    let constraint = match (apogee_km, gamma_deg, tof_s) {
        (None, None, None) => Constraint::None,
        (Some(h), None, None) => Constraint::ApogeeM(positive("apogee_km", h)? * 1e3),
        (None, Some(g), None) if g > 0.0 && g < 90.0 => Constraint::BurnoutGammaRad(g.to_radians()),
        (None, Some(g), None) => {
            return Err(PyValueError::new_err(format!(
                "gamma_deg must be between 0 and 90, got {g}"
            )));
        }
        (None, None, Some(t)) => Constraint::TimeOfFlightS(positive("tof_s", t)?),
        _ => {
            return Err(PyValueError::new_err(
                "give at most one of apogee_km, gamma_deg and tof_s",
            ));
        }
    };
    let step_s = positive("step_s", step_s)?;
    let class = choose_class(builtin_classes(), missile)
        .map_err(|e| PyValueError::new_err(format!("missile: {e}")))?;
    let booster = Booster::Class(class);
    let solution = py
        .detach(|| guarded(|| aim(&model, &booster, &from, &to, 0.0, profile, constraint)))?
        .map_err(|e| VigilError::new_err(e.to_string()))?;
    let f = &solution.flight;
    let mut t = Table::new(&SAMPLES_HEADER);
    for r in sample_rows(f, step_s) {
        t.push(vec![
            Cell::S(Some(r.object)),
            Cell::F(Some(r.t_s)),
            Cell::F(Some(r.x_m)),
            Cell::F(Some(r.y_m)),
            Cell::F(Some(r.z_m)),
            Cell::F(Some(r.vx_mps)),
            Cell::F(Some(r.vy_mps)),
            Cell::F(Some(r.vz_mps)),
            Cell::F(Some(r.lat_deg)),
            Cell::F(Some(r.lon_deg)),
            Cell::F(Some(r.h_m)),
        ]);
    }
    t.into_frame(py)
}
