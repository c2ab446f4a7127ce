"""Vigil ↔ Stone Soup: a scenario run's radar detections as Stone Soup ``Detection`` objects
with their measurement models, and Stone Soup tracks scored with Vigil's metrics — to race a
Stone Soup tracker on Vigil's sensor output.

Imported on its own (``from vigil import stonesoup``); needs Stone Soup (tested with 1.9.1).

Frames. Vigil's radar measures azimuth clockwise from north and elevation above the WGS-84
tangent plane at the radar, positions Earth-fixed (ECEF). Stone Soup's trackers work in one
Cartesian frame: here a :class:`Frame`, the local east-north-up (ENU) axes of the tangent
plane at an origin (a radar's site by default), metres, fixed to the Earth; states are
``[x, vx, y, vy, z, vz]`` (east, north, up). Each detection's
``CartesianToElevationBearingRange`` model carries the radar's site in that frame
(``translation_offset``) and the rotation from the frame's axes to the radar's own ENU axes
(``rotation_offset``, zero at the origin's radar), so its measurement vector is
``[elevation, bearing, range]`` with bearing counter-clockwise from the radar's east,
bearing = π/2 − azimuth, and noise σ_angle on both angles, σ_range on range. Range rate is
not used. Infrared lines of sight are left out (a Stone Soup model of Vigil's
right-ascension/declination lines of sight from a moving satellite is not provided).
Times are ``frame.epoch`` + ``t_s`` seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np
import pandas as pd

try:
    import stonesoup  # noqa: F401
    from scipy.spatial.transform import Rotation
    from stonesoup.functions import build_rotation_matrix
    from stonesoup.models.measurement.nonlinear import CartesianToElevationBearingRange
    from stonesoup.types.angle import Bearing, Elevation
    from stonesoup.types.array import StateVector
    from stonesoup.types.detection import Detection
except ImportError as e:  # pragma: no cover - exercised without Stone Soup
    raise ImportError(
        "vigil.stonesoup needs Stone Soup: pip install stonesoup (tested with stonesoup==1.9.1)"
    ) from e

from . import _vigil
from ._vigil import Report

#: Default time origin of the datetimes given to Stone Soup (only differences matter).
EPOCH = _dt.datetime(2000, 1, 1)

#: Indices of the position in a Stone Soup state ``[x, vx, y, vy, z, vz]``.
POSITION = (0, 2, 4)
#: Indices of the velocity in that state.
VELOCITY = (1, 3, 5)


@dataclasses.dataclass(frozen=True)
class Frame:
    """A local east-north-up frame (m, fixed to the Earth) at a WGS-84 origin, and the time
    origin of the datetimes given to Stone Soup."""

    origin_ecef_m: Tuple[float, float, float]
    """Origin, Earth-fixed (ECEF) m."""
    epoch: _dt.datetime = EPOCH
    """Datetime of t = 0 s."""

    @staticmethod
    def at_sensor(report: Report, sensor: Optional[str] = None, epoch: _dt.datetime = EPOCH) -> "Frame":
        """The frame at the site of radar ``sensor`` (the first radar with a detection when
        None), from the sensor positions of ``report.detections``."""
        d = report.detections
        d = d[d["kind"] == "radar"] if sensor is None else d[d["sensor"] == sensor]
        if d.empty:
            which = "any radar" if sensor is None else f"sensor {sensor!r}"
            raise ValueError(f"the report has no detection of {which} to place the frame at")
        row = d.iloc[0]
        return Frame((float(row["sensor_x_m"]), float(row["sensor_y_m"]), float(row["sensor_z_m"])), epoch)

    @property
    def axes(self) -> np.ndarray:
        """Rows east, north, up: the rotation from Earth-fixed to local axes (3×3)."""
        return np.array(_vigil._site(list(self.origin_ecef_m))[3])

    @property
    def latlon_deg(self) -> Tuple[float, float]:
        """Geodetic latitude and longitude of the origin, degrees."""
        lat, lon, _, _ = _vigil._site(list(self.origin_ecef_m))
        return lat, lon

    def position(self, ecef_m: np.ndarray) -> np.ndarray:
        """Earth-fixed positions (…×3, m) in this frame."""
        return (np.asarray(ecef_m, dtype=float) - np.asarray(self.origin_ecef_m)) @ self.axes.T

    def velocity(self, ecef_mps: np.ndarray) -> np.ndarray:
        """Earth-fixed velocities (…×3, m/s) in this frame."""
        return np.asarray(ecef_mps, dtype=float) @ self.axes.T

    def to_ecef(self, local_m: np.ndarray) -> np.ndarray:
        """Positions of this frame (…×3, m) back to Earth-fixed."""
        return np.asarray(local_m, dtype=float) @ self.axes + np.asarray(self.origin_ecef_m)

    def time(self, t_s: float) -> _dt.datetime:
        """The datetime of Vigil time ``t_s``."""
        return self.epoch + _dt.timedelta(seconds=float(t_s))

    def seconds(self, time: _dt.datetime) -> float:
        """Vigil time (s) of a datetime."""
        return (time - self.epoch).total_seconds()


def measurement_model(frame: Frame, site_ecef_m: Sequence[float], sigma_range_m: float, sigma_angle_rad: float):
    """The ``CartesianToElevationBearingRange`` model of a radar at ``site_ecef_m`` for states
    ``[x, vx, y, vy, z, vz]`` in ``frame`` (see the module's note on frames)."""
    site = np.asarray(site_ecef_m, dtype=float)
    wanted = np.array(_vigil._site(list(site))[3]) @ frame.axes.T
    a, b, c = Rotation.from_matrix(wanted).as_euler("XYZ")
    # Stone Soup builds rotx(−θx) · roty(θy) · rotz(−θz).
    offset = StateVector([-a, b, -c])
    if not np.allclose(build_rotation_matrix(offset), wanted, atol=1e-12):
        raise RuntimeError("vigil.stonesoup: Stone Soup's rotation convention is not the one expected")
    return CartesianToElevationBearingRange(
        ndim_state=6,
        mapping=POSITION,
        noise_covar=np.diag([sigma_angle_rad**2, sigma_angle_rad**2, sigma_range_m**2]),
        translation_offset=StateVector(frame.position(site)),
        rotation_offset=offset,
    )


def detections(
    report: Report, frame: Frame, sensors: Optional[Iterable[str]] = None
) -> List[Tuple[_dt.datetime, Set[Detection]]]:
    """The radar detections of ``report`` (of ``sensors`` only, when given) as Stone Soup
    detections, one ``(datetime, set)`` per detection time in time order — what a Stone Soup
    tracker iterates over. Each has state vector ``[elevation, bearing, range]`` (rad, rad,
    m), its radar's :func:`measurement_model` and metadata ``sensor``, ``truth`` (Vigil's
    label: ``<launch>/<object>``, ``false-alarm``…) and ``t_s``. Infrared lines of sight are
    left out."""
    d = report.detections
    d = d[d["kind"] == "radar"]
    if sensors is not None:
        d = d[d["sensor"].isin(list(sensors))]
    models: Dict[tuple, object] = {}
    scans: Dict[float, Set[Detection]] = {}
    for row in d.itertuples(index=False):
        site = (row.sensor_x_m, row.sensor_y_m, row.sensor_z_m)
        sigma_angle = row.sigma_angle_mrad * 1e-3
        key = (row.sensor, site, row.sigma_range_m, sigma_angle)
        if key not in models:
            models[key] = measurement_model(frame, site, row.sigma_range_m, sigma_angle)
        az, el = np.radians(row.azimuth_deg), np.radians(row.elevation_deg)
        det = Detection(
            StateVector([Elevation(el), Bearing(np.pi / 2 - az), row.range_m]),
            timestamp=frame.time(row.t_s),
            measurement_model=models[key],
            metadata={"sensor": row.sensor, "truth": row.truth, "t_s": float(row.t_s)},
        )
        scans.setdefault(float(row.t_s), set()).add(det)
    return [(frame.time(t), scans[t]) for t in sorted(scans)]


@dataclasses.dataclass(frozen=True)
class Score:
    """Stone Soup tracks scored with Vigil's metrics (:func:`vigil.ospa`, :func:`vigil.gospa`,
    :func:`vigil.rmse`) against a run's truth."""

    per_time: pd.DataFrame
    """One row per time a track has a state: ``t_s``, ``truths``, ``estimates``, ``ospa_m``,
    ``gospa_m``, ``assigned`` (GOSPA pairs) and ``mean_error_m`` (their mean distance)."""
    mean_ospa_m: float
    """Mean OSPA over ``per_time``, m."""
    mean_gospa_m: float
    """Mean GOSPA over ``per_time``, m."""
    position_rmse_m: Optional[float]
    """RMS position error over every GOSPA-assigned (truth, track) pair, m."""
    velocity_rmse_mps: Optional[float]
    """RMS velocity error over those pairs, m/s."""
    samples: int
    """Number of assigned pairs."""


def score(
    tracks: Iterable,
    report: Report,
    frame: Frame,
    *,
    c_m: float = 10_000.0,
    p: float = 2.0,
    window_s: float = 60.0,
) -> Score:
    """Scores Stone Soup tracks (states ``[x, vx, y, vy, z, vz]`` in ``frame``) as Vigil
    scores its own: at every time a track has a state, the tracks' positions against the
    true positions of the objects in flight that a radar detected within ``window_s`` of
    that time (as Vigil's mean GOSPA), with OSPA and GOSPA (cut-off ``c_m``, order ``p``);
    the RMSE over GOSPA's assigned pairs (position and velocity)."""
    states: Dict[float, List[np.ndarray]] = {}
    for track in tracks:
        for st in track.states:
            sv = np.asarray(st.state_vector, dtype=float).ravel()
            states.setdefault(frame.seconds(st.timestamp), []).append(sv)
    times = sorted(states)
    dets = report.detections
    dets = dets[(dets["kind"] == "radar") & dets["truth"].str.contains("/", regex=False)]
    dets = dets[~dets["truth"].str.startswith("phantom/")]
    truth = report.truth(times) if times else None
    rows, dr, dv = [], [], []
    for t in times:
        seen = set(dets.loc[(dets["t_s"] - t).abs() <= window_s, "truth"])
        tt = truth[(truth["t_s"] == t) & truth["truth"].isin(seen)]
        x = frame.position(tt[["x_m", "y_m", "z_m"]].to_numpy()).reshape(-1, 3)
        xv = frame.velocity(tt[["vx_mps", "vy_mps", "vz_mps"]].to_numpy()).reshape(-1, 3)
        est = np.array(states[t]).reshape(-1, 6)
        y = np.ascontiguousarray(est[:, list(POSITION)])
        yv = est[:, list(VELOCITY)]
        o = _vigil.ospa(x, y, c_m=c_m, p=p)
        g = _vigil.gospa(x, y, c_m=c_m, p=p)
        errors = [np.linalg.norm(y[j] - x[i]) for i, j in g["assignment"]]
        for i, j in g["assignment"]:
            dr.append(y[j] - x[i])
            dv.append(yv[j] - xv[i])
        rows.append(
            {
                "t_s": t,
                "truths": len(x),
                "estimates": len(y),
                "ospa_m": o["distance"],
                "gospa_m": g["distance"],
                "assigned": len(errors),
                "mean_error_m": float(np.mean(errors)) if errors else np.nan,
            }
        )
    per_time = pd.DataFrame(
        rows, columns=["t_s", "truths", "estimates", "ospa_m", "gospa_m", "assigned", "mean_error_m"]
    )
    r = _vigil.rmse(np.array(dr).reshape(-1, 3), np.array(dv).reshape(-1, 3))
    return Score(
        per_time=per_time,
        mean_ospa_m=float(per_time["ospa_m"].mean()) if rows else float("nan"),
        mean_gospa_m=float(per_time["gospa_m"].mean()) if rows else float("nan"),
        position_rmse_m=r["position_m"] if r else None,
        velocity_rmse_mps=r["velocity_mps"] if r else None,
        samples=r["samples"] if r else 0,
    )


__all__ = ["EPOCH", "Frame", "Score", "detections", "measurement_model", "score"]
