"""Type stubs of the compiled module ``vigil._vigil`` (re-exported by ``vigil``)."""

from os import PathLike
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt
import pandas as pd

__version__: str

class ScenarioError(ValueError):
    """A scenario that does not pass the checks of ``vigil check``.

    ``str(error)`` is what ``vigil check`` prints; ``problems`` lists every problem.
    """

    problems: List[Problem]

class VigilError(RuntimeError):
    """A computation of Vigil failed (or an internal error, which is a bug)."""

class Problem:
    """One problem of a scenario file."""

    @property
    def file(self) -> str:
        """File name (the path, ``<built-in default>`` or the name given to ``from_toml``)."""
    @property
    def line(self) -> int:
        """Line, from 1."""
    @property
    def column(self) -> int:
        """Column in characters, from 1."""
    @property
    def rule(self) -> str:
        """Rule broken: ``syntax``, ``unknown-key``, ``missing``, ``type``, ``range``,
        ``finite``, ``reference``, ``duplicate``, ``order``, ``value``, ``id``, ``encoding``."""
    @property
    def message(self) -> str:
        """What is wrong, for people."""

class Scenario:
    """A scenario checked as ``vigil check`` checks it."""

    @staticmethod
    def default() -> Scenario:
        """The built-in default scenario (what ``vigil run`` runs with no file)."""
    @staticmethod
    def load(path: Union[str, PathLike[str]]) -> Scenario:
        """Reads and checks a scenario file (TOML).

        Raises ``OSError`` if it cannot be read, ``ScenarioError`` if it has problems.
        """
    @staticmethod
    def from_toml(text: str, name: str = "<string>") -> Scenario:
        """Checks and builds a scenario from TOML text; ``name`` is shown in problems."""
    @property
    def name(self) -> str:
        """Scenario name."""
    @property
    def seed(self) -> int:
        """Seed of all randomness."""
    @property
    def duration_s(self) -> float:
        """Simulated span, s."""
    @property
    def text(self) -> str:
        """The TOML text the scenario was read from."""
    @property
    def file(self) -> str:
        """Where it was read from."""
    @property
    def launches(self) -> List[str]:
        """Launch ids, in file order."""
    @property
    def architectures(self) -> List[str]:
        """Architecture ids, in file order."""
    @property
    def sensors(self) -> List[str]:
        """Sensor ids, in file order."""
    @property
    def defended_areas(self) -> List[str]:
        """Defended area ids, in file order."""
    def run(self, architectures: Optional[Sequence[str]] = None, run: int = 0) -> Report:
        """Runs the scenario end to end as ``vigil run`` (GIL released), for the named
        architectures (all when None) and Monte Carlo run index ``run``."""
    def montecarlo(
        self,
        runs: int,
        shard: Union[str, Tuple[int, int], None] = None,
        progress: Union[bool, Callable[[int, int], object], None] = None,
    ) -> pd.DataFrame:
        """Monte Carlo runs ``0 … runs−1`` (or the block of ``shard``, ``"K/N"`` or
        ``(K, N)``, as ``vigil montecarlo --shard``) in parallel, GIL released.

        Returns the rows of ``runs.csv``: ``run``, ``launch``, ``architecture``,
        ``first_detection_s``, ``first_track_s``, ``first_alert_s`` (s after launch),
        ``warning_time_s``, ``impact_error_km``, ``last_rv_miss_km``, ``last_rv_time_to_go_s``,
        the calibration and discrimination counts, ``false_alert``. ``progress``: True prints to
        standard error; a callable is called with (runs done, runs to do).
        """

class Report:
    """One run of a scenario: ``report.json`` and the tables of ``vigil run``."""

    def to_json(self) -> str:
        """``report.json`` of ``vigil run``, byte for byte."""
    def write(self, out: Union[str, PathLike[str]], projection: str = "auto") -> None:
        """Writes every file of ``vigil run`` into folder ``out``."""
    @property
    def architectures(self) -> List[str]:
        """Architecture ids of this run."""
    @property
    def launches(self) -> pd.DataFrame:
        """One row per architecture × launch with the figures of ``report.json``."""
    @property
    def alerts(self) -> pd.DataFrame:
        """Every alert: the columns of ``alerts.csv``."""
    @property
    def predictions(self) -> pd.DataFrame:
        """Every impact prediction, announced or not: the columns of ``predictions.csv``."""
    @property
    def tracks(self) -> pd.DataFrame:
        """Every track update: ``architecture`` and the columns of ``tracks-<arch>.csv``."""
    @property
    def detections(self) -> pd.DataFrame:
        """Every detection: the columns of ``detections.csv``."""
    def truth(self, t_s: Sequence[float]) -> pd.DataFrame:
        """The true state of every object in flight at each time of ``t_s`` (s): ``truth``
        (the label of the ``truth`` column of ``detections``, ``<launch>/<object>``), ``t_s``,
        ECEF ``x_m``, ``y_m``, ``z_m`` and ``vx_mps``, ``vy_mps``, ``vz_mps`` (Earth-fixed)."""

def impacts(
    r0: npt.NDArray[np.float64],
    v0: npt.NDArray[np.float64],
    *,
    earth: str = "wgs84",
    j2: Optional[bool] = None,
    rotation: Optional[bool] = None,
    drag: str = "none",
    beta_kg_m2: Optional[float] = None,
    t_max_s: float = 21600.0,
) -> pd.DataFrame:
    """Impact prediction for N free-flying objects, row by row as ``vigil propagate``.

    ``r0`` (N×3, m) and ``v0`` (N×3, m/s relative to the rotating Earth) are Earth-fixed
    (ECEF) float64 states at t = 0. Rows run in parallel with the GIL released. Returns
    ``impact_t_s``, ``lat_deg``, ``lon_deg`` and ``status`` (``ok``, ``no-impact`` within
    ``t_max_s``, ``below-surface``, ``failed``; NaN figures unless ``ok``). ``earth``:
    ``wgs84`` or ``sphere``; ``j2`` and ``rotation`` default on for wgs84, off for sphere;
    ``drag``: ``none``, ``exponential`` or ``ussa1976`` (then ``beta_kg_m2`` is required).
    """

def trajectory(
    from_latlon: Tuple[float, float],
    to_latlon: Tuple[float, float],
    missile: str = "icbm-generic",
    profile: str = "min-energy",
    *,
    apogee_km: Optional[float] = None,
    gamma_deg: Optional[float] = None,
    tof_s: Optional[float] = None,
    earth: str = "wgs84",
    j2: Optional[bool] = None,
    rotation: Optional[bool] = None,
    drag: str = "none",
    step_s: float = 10.0,
) -> pd.DataFrame:
    """The flight of built-in missile class ``missile`` from ``from_latlon`` to ``to_latlon``
    (degrees), launched at t = 0, as ``vigil trajectory``.

    ``profile``: ``min-energy``, ``lofted`` or ``depressed``; at most one of ``apogee_km``,
    ``gamma_deg`` (burnout flight-path angle) and ``tof_s`` constrains it. Returns every
    object's path (``rv``, ``booster``, spent stages) sampled every ``step_s`` s: the columns
    of ``vigil trajectory --csv`` (``object``, ``t_s``, ECEF ``x_m`` … ``vz_mps``,
    ``lat_deg``, ``lon_deg``, ``h_m``).
    """

def ospa(
    truths: npt.NDArray[np.float64],
    estimates: npt.NDArray[np.float64],
    *,
    c_m: float = 10000.0,
    p: float = 2.0,
) -> Dict[str, float]:
    """OSPA (Vigil's ``vigil_tracking::metrics::ospa``) between truth and estimated positions
    (N×3 and M×3 float64, m, shared Cartesian axes), cut-off ``c_m``, order ``p``:
    ``distance``, ``localisation`` and ``cardinality`` (m)."""

def gospa(
    truths: npt.NDArray[np.float64],
    estimates: npt.NDArray[np.float64],
    *,
    c_m: float = 10000.0,
    p: float = 2.0,
) -> Dict[str, Any]:
    """GOSPA (α = 2) between truth and estimated positions (N×3 and M×3 float64, m):
    ``distance`` (m), the parts in the p-th power as Stone Soup's ``GOSPAMetric``
    (``localisation``, ``missed``, ``false``) and ``assignment``, the (truth row, estimate
    row) pairs closer than ``c_m``."""

def rmse(
    position_error_m: npt.NDArray[np.float64], velocity_error_mps: npt.NDArray[np.float64]
) -> Optional[Dict[str, float]]:
    """RMS errors of paired estimates (N×3 estimate − truth, m and m/s): ``position_m``,
    ``velocity_mps`` and ``samples``; None without pairs."""

def _track(
    time_s: npt.NDArray[np.float64],
    sensor_id: List[str],
    xyz: npt.NDArray[np.float64],
    *,
    model: str,
    filter: str,
    associator: str,
    init: str,
    gate: float,
    m: int,
    n: int,
    max_coast_s: float,
    q: float,
    max_speed_mps: float,
    noise_std_m: float,
    sensor_noise_std_m: Dict[str, float],
    gravity_mps2: float,
    clutter_volume_m3: float,
    updates_only: bool,
) -> pd.DataFrame:
    """The generic tracker on measurement columns (``vigil.track`` is the public entry)."""

def _site(ecef_m: Sequence[float]) -> Tuple[float, float, float, List[List[float]]]:
    """Geodetic latitude, longitude (degrees), height (m) and the east, north, up unit
    vectors (rows, Earth-fixed axes) of the WGS-84 site at ``ecef_m``."""

def _panic_for_tests() -> None: ...
