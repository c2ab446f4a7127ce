"""``vigil.track``: the measurement table → the columns the compiled tracker takes."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import numpy as np
import pandas as pd

from . import _vigil

COLUMNS = ("time_s", "sensor_id", "x_m", "y_m", "z_m")


def _numbers(name: str, values: Any) -> np.ndarray:
    """A float64 column, refusing anything but real numbers (naming the column)."""
    a = np.asarray(values)
    if a.dtype.kind not in "iuf":
        raise TypeError(f"measurements column {name!r} must hold numbers, got dtype {a.dtype}")
    return np.ascontiguousarray(a, dtype=np.float64)


def _sensor_ids(values: Any) -> list:
    """Sensor ids as text, as a CSV has them (whole numbers without a decimal point)."""
    a = np.asarray(values)
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            raise ValueError("measurements column 'sensor_id' must hold whole numbers or text when numeric")
        return [str(int(v)) for v in a]
    if a.dtype.kind in "iu":
        return [str(int(v)) for v in a]
    out = []
    for i, v in enumerate(a.tolist()):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            raise ValueError(f"measurements row {i}: sensor_id is missing")
        out.append(str(v))
    return out


def _columns(measurements: Any):
    """(time_s, sensor ids, N×3 positions) of a DataFrame, a structured array or an N×5 array."""
    if isinstance(measurements, np.ndarray) and measurements.dtype.names is not None:
        measurements = pd.DataFrame(measurements)
    if isinstance(measurements, pd.DataFrame):
        missing = [c for c in COLUMNS if c not in measurements.columns]
        if missing:
            raise ValueError(
                f"measurements must have the columns {', '.join(COLUMNS)}; missing {', '.join(missing)}"
            )
        t = _numbers("time_s", measurements["time_s"])
        xyz = np.column_stack([_numbers(c, measurements[c]) for c in ("x_m", "y_m", "z_m")])
        return t, _sensor_ids(measurements["sensor_id"]), np.ascontiguousarray(xyz.reshape(-1, 3))
    if isinstance(measurements, np.ndarray):
        if measurements.dtype.kind not in "iuf":
            raise TypeError(
                f"measurements must be a DataFrame or a NumPy array of numbers, got dtype {measurements.dtype}"
            )
        if measurements.ndim != 2 or measurements.shape[1] != 5:
            raise ValueError(
                "measurements as a NumPy array must have shape (N, 5): time_s, sensor_id, x_m, y_m, z_m; "
                f"got {measurements.shape}"
            )
        a = measurements.astype(np.float64)
        return np.ascontiguousarray(a[:, 0]), _sensor_ids(a[:, 1]), np.ascontiguousarray(a[:, 2:])
    raise TypeError(
        f"measurements must be a pandas DataFrame or a NumPy array, got {type(measurements).__name__}"
    )


def track(
    measurements: Any,
    model: str = "cvg",
    filter: str = "ekf",
    associator: str = "gnn",
    init: str = "two-point",
    *,
    gate: float = 0.9999,
    m: int = 3,
    n: int = 5,
    max_coast_s: float = 30.0,
    q: float = 1.0,
    max_speed_mps: float = 8000.0,
    noise_std_m: float = 50.0,
    sensor_noise_std_m: Optional[Mapping[Any, float]] = None,
    gravity_mps2: float = 9.80665,
    clutter_volume_m3: float = 1e12,
    updates_only: bool = False,
) -> pd.DataFrame:
    """Tracks Cartesian position measurements with Vigil's generic tracker (GIL released):
    what ``vigil track --input MEAS.csv`` does, row for row and to the last bit.

    ``measurements``: a DataFrame (or NumPy structured array) with the columns ``time_s``,
    ``sensor_id``, ``x_m``, ``y_m``, ``z_m`` of the command's input, sorted by time (a scan
    is a run of one sensor at one time), or an N×5 array of numbers in that order (sensor ids
    whole numbers). Positions are in any Cartesian axes (m); ``cvg`` takes gravity
    ``gravity_mps2`` along −z.

    ``model`` (``cv``, ``ca``, ``cvg``), ``filter`` (``ekf``, ``ukf``), ``associator``
    (``gnn``, ``jpda``), ``init`` (``two-point``, ``one-point``), ``gate``, ``m``, ``n``,
    ``max_coast_s``, ``q`` and ``max_speed_mps`` are the command's flags, with its defaults
    but for ``model`` (``cvg`` here, ``cv`` for the command). ``noise_std_m``,
    ``sensor_noise_std_m`` (sensor id → σ, m), ``gravity_mps2`` and ``clutter_volume_m3`` are
    the settings of the input file's ``#`` header lines.

    Returns the columns ``track_id``, ``time_s``, ``x``, ``y``, ``z``, ``vx``, ``vy``, ``vz``,
    ``status`` (``tentative``, ``updated``, ``coasted``) and ``sigma_pos_m``: every scan of
    each confirmed track's life; with ``updates_only``, the first eight columns at updates
    from confirmation on (``--updates-only``).

    A scan of more than 20,000 measurements raises ``ValueError`` (the command's scan budget;
    the tracker's work on a scan grows with the square of its size).
    """
    t, ids, xyz = _columns(measurements)
    noise = {str(k): float(v) for k, v in (sensor_noise_std_m or {}).items()}
    return _vigil._track(
        t,
        ids,
        xyz,
        model=model,
        filter=filter,
        associator=associator,
        init=init,
        gate=float(gate),
        m=int(m),
        n=int(n),
        max_coast_s=float(max_coast_s),
        q=float(q),
        max_speed_mps=float(max_speed_mps),
        noise_std_m=float(noise_std_m),
        sensor_noise_std_m=noise,
        gravity_mps2=float(gravity_mps2),
        clutter_volume_m3=float(clutter_volume_m3),
        updates_only=bool(updates_only),
    )
