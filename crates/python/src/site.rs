//! What `vigil.stonesoup` needs of Vigil's Earth model to place sensors in a local frame.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use vigil_earth::{Ecef, Geodetic, Position};

/// The WGS-84 site at Earth-fixed position `ecef_m` (x, y, z, m): its geodetic latitude and
/// longitude (degrees), height (m) and the unit vectors east, north and up of its tangent
/// plane in Earth-fixed axes (rows of a 3×3 list) — the axes of Vigil's radar azimuth
/// (clockwise from north) and elevation (above that plane).
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn _site(ecef_m: [f64; 3]) -> PyResult<(f64, f64, f64, [[f64; 3]; 3])> {
    if !ecef_m.iter().all(|v| v.is_finite()) {
        return Err(PyValueError::new_err(format!(
            "ecef_m must hold finite numbers, got {ecef_m:?}"
        )));
    }
    let g = Geodetic::from_ecef(&Position::<Ecef>::new(ecef_m[0], ecef_m[1], ecef_m[2]));
    let [e, n, u] = g.enu_axes();
    Ok((
        g.lat_deg(),
        g.lon_deg(),
        g.h_m,
        [[e.x, e.y, e.z], [n.x, n.y, n.z], [u.x, u.y, u.z]],
    ))
}
