//! `vigil.track`: the generic tracker of `vigil track --input` on measurement columns that
//! `vigil._track` takes from a NumPy array or a DataFrame, with the GIL released; the rows
//! are those of the CSV the command writes.

use crate::guarded;
use crate::tables::{Cell, Table};
use numpy::{PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::HashMap;
use vigil_earth::math::Vec3;
use vigil_report::formats::tracks::{LIFE_COLUMNS, LifeRow, STATE_COLUMNS, StateRow};
use vigil_tracking::generic::{
    AssociatorKind, FilterKind, InitiatorKind, MAX_SCAN_POINTS, Model, OptionName, Options, Output,
    track,
};
use vigil_tracking::observation::Point;

/// `value` of argument `name` among `choices` (their names and values).
fn choice<T: Copy>(name: &str, value: &str, choices: &[(&str, T)]) -> PyResult<T> {
    choices
        .iter()
        .find(|(n, _)| *n == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("{n:?}")).collect();
            PyValueError::new_err(format!(
                "{name} must be one of {}, got {value:?}",
                names.join(", ")
            ))
        })
}

/// The tracker options of the arguments, checked by the rules `vigil track` applies to its
/// flags ([`Options::check`]) and those of this function's own arguments.
#[allow(clippy::too_many_arguments)]
fn options(
    model: &str,
    filter: &str,
    associator: &str,
    init: &str,
    gate: f64,
    m: u32,
    n: u32,
    max_coast_s: f64,
    q: f64,
    max_speed_mps: f64,
    gravity_mps2: f64,
    clutter_volume_m3: f64,
) -> PyResult<Options> {
    for (ok, why) in [
        (
            gravity_mps2.is_finite(),
            format!("gravity_mps2 must be a finite number, got {gravity_mps2}"),
        ),
        (
            clutter_volume_m3 > 0.0 && clutter_volume_m3.is_finite(),
            format!("clutter_volume_m3 must be a positive finite volume, got {clutter_volume_m3}"),
        ),
    ] {
        if !ok {
            return Err(PyValueError::new_err(why));
        }
    }
    let o = Options {
        model: choice(
            "model",
            model,
            &[("cv", Model::Cv), ("ca", Model::Ca), ("cvg", Model::Cvg)],
        )?,
        filter: choice(
            "filter",
            filter,
            &[("ekf", FilterKind::Ekf), ("ukf", FilterKind::Ukf)],
        )?,
        associator: choice(
            "associator",
            associator,
            &[("gnn", AssociatorKind::Gnn), ("jpda", AssociatorKind::Jpda)],
        )?,
        initiator: choice(
            "init",
            init,
            &[
                ("one-point", InitiatorKind::OnePoint),
                ("two-point", InitiatorKind::TwoPoint),
            ],
        )?,
        gate_probability: gate,
        confirm_m: m,
        confirm_n: n,
        max_coast_s,
        q,
        max_speed_mps,
        gravity: Vec3::new(0.0, 0.0, -gravity_mps2),
        clutter_density: 1.0 / clutter_volume_m3,
        max_scan_points: MAX_SCAN_POINTS,
    };
    o.check().map_err(|(option, why)| {
        let name = match option {
            OptionName::Gate => "gate",
            OptionName::Q => "q",
            OptionName::MaxCoast => "max_coast_s",
            OptionName::Confirm => "m and n",
            OptionName::MaxSpeed => "max_speed_mps",
        };
        PyValueError::new_err(format!("{name} {why}"))
    })?;
    Ok(o)
}

/// The tracker's points, as `vigil track` reads them from a file: rows sorted by time and
/// finite, sources numbering the sensor ids in order of first appearance, each sensor's noise
/// from `sensor_noise_std_m` or else `noise_std_m`.
fn points(
    time_s: &[f64],
    sensor_id: &[String],
    xyz: &numpy::ndarray::ArrayView2<'_, f64>,
    noise_std_m: f64,
    sensor_noise_std_m: &HashMap<String, f64>,
) -> PyResult<Vec<Point>> {
    let bad_noise = |what: &str, x: f64| {
        PyValueError::new_err(format!("{what} must be a finite number ≥ 0 (m), got {x}"))
    };
    if !(noise_std_m >= 0.0 && noise_std_m.is_finite()) {
        return Err(bad_noise("noise_std_m", noise_std_m));
    }
    if let Some((id, x)) = sensor_noise_std_m
        .iter()
        .find(|(_, x)| !(**x >= 0.0 && x.is_finite()))
    {
        return Err(bad_noise(&format!("sensor_noise_std_m[{id:?}]"), *x));
    }
    let mut sensors: Vec<&str> = Vec::new();
    let mut out: Vec<Point> = Vec::with_capacity(time_s.len());
    for (i, ((t, id), r)) in time_s.iter().zip(sensor_id).zip(xyz.rows()).enumerate() {
        for (column, v) in [("time_s", *t), ("x_m", r[0]), ("y_m", r[1]), ("z_m", r[2])] {
            if !v.is_finite() {
                return Err(PyValueError::new_err(format!(
                    "measurements row {i}: {column} is {v}; every number must be finite"
                )));
            }
        }
        if let Some(last) = out.last().filter(|p| *t < p.t_s) {
            return Err(PyValueError::new_err(format!(
                "measurements must be sorted by time_s: row {i} has {t} after {}",
                last.t_s
            )));
        }
        let source = match sensors.iter().position(|s| s == id) {
            Some(k) => k,
            None => {
                sensors.push(id);
                sensors.len() - 1
            }
        };
        let sigma = sensor_noise_std_m.get(id).copied().unwrap_or(noise_std_m);
        out.push(Point {
            t_s: *t,
            source: source as u32,
            z: Vec3::new(r[0], r[1], r[2]),
            sigma_m: Vec3::repeat(sigma),
        });
    }
    Ok(out)
}

/// The generic tracker on measurement columns (`vigil._track` checks their kinds and shapes):
/// the DataFrame of `vigil track --input`'s CSV for the same options.
#[pyfunction]
#[pyo3(signature = (time_s, sensor_id, xyz, *, model, filter, associator, init, gate, m, n, max_coast_s, q, max_speed_mps, noise_std_m, sensor_noise_std_m, gravity_mps2, clutter_volume_m3, updates_only))]
#[allow(clippy::too_many_arguments)]
pub fn _track(
    py: Python<'_>,
    time_s: PyReadonlyArray1<'_, f64>,
    sensor_id: Vec<String>,
    xyz: PyReadonlyArray2<'_, f64>,
    model: &str,
    filter: &str,
    associator: &str,
    init: &str,
    gate: f64,
    m: u32,
    n: u32,
    max_coast_s: f64,
    q: f64,
    max_speed_mps: f64,
    noise_std_m: f64,
    sensor_noise_std_m: HashMap<String, f64>,
    gravity_mps2: f64,
    clutter_volume_m3: f64,
    updates_only: bool,
) -> PyResult<Py<PyAny>> {
    let o = options(
        model,
        filter,
        associator,
        init,
        gate,
        m,
        n,
        max_coast_s,
        q,
        max_speed_mps,
        gravity_mps2,
        clutter_volume_m3,
    )?;
    let rows = time_s.len();
    if sensor_id.len() != rows || xyz.shape() != [rows, 3] {
        return Err(PyValueError::new_err(format!(
            "measurements: columns of different lengths ({rows} times, {} sensor ids, {:?} positions)",
            sensor_id.len(),
            xyz.shape()
        )));
    }
    let time = time_s.as_slice()?;
    let pts = points(
        time,
        &sensor_id,
        &xyz.as_array(),
        noise_std_m,
        &sensor_noise_std_m,
    )?;
    let output = if updates_only {
        Output::UpdatesOnly
    } else {
        Output::Life
    };
    let states = py
        .detach(|| guarded(|| track(&o, &pts, output)))?
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let mut names = STATE_COLUMNS.to_vec();
    if output == Output::Life {
        names.extend(LIFE_COLUMNS);
    }
    let mut t = Table::new(&names);
    for st in &states {
        t.push(match output {
            Output::Life => {
                let r = LifeRow::from(st);
                vec![
                    Cell::I(Some(r.track_id)),
                    Cell::F(Some(r.time_s)),
                    Cell::F(Some(r.x)),
                    Cell::F(Some(r.y)),
                    Cell::F(Some(r.z)),
                    Cell::F(Some(r.vx)),
                    Cell::F(Some(r.vy)),
                    Cell::F(Some(r.vz)),
                    Cell::S(Some(r.status.to_string())),
                    Cell::F(Some(r.sigma_pos_m)),
                ]
            }
            Output::UpdatesOnly => {
                let r = StateRow::from(st);
                vec![
                    Cell::I(Some(r.track_id)),
                    Cell::F(Some(r.time_s)),
                    Cell::F(Some(r.x)),
                    Cell::F(Some(r.y)),
                    Cell::F(Some(r.z)),
                    Cell::F(Some(r.vx)),
                    Cell::F(Some(r.vy)),
                    Cell::F(Some(r.vz)),
                ]
            }
        });
    }
    t.into_frame(py)
}
