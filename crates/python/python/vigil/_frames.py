"""Typed columns from the compiled module → pandas DataFrames (and Monte Carlo progress)."""

from __future__ import annotations

import sys
from typing import Any, Sequence, Tuple

import numpy as np
import pandas as pd

# Column names ending so hold numbers (used to type the columns of an empty table).
_NUMBER_SUFFIXES = ("_s", "_m", "_km", "_deg", "_mps", "_mrad", "_urad", "_db", "_m2", "_m2_est", "probability")
# Other number columns without a unit: generic track states, alert scores.
_NUMBER_NAMES = ("x", "y", "z", "vx", "vy", "vz", "purity", "miss_sigma", "time_miss_sigma", "p_stage")


def _column(name: str, kind: str, data: Any) -> Any:
    if kind in ("f64", "bool"):
        return data
    if kind == "int":
        return pd.array(data, dtype="Int64")
    if kind == "str":
        return pd.array(data, dtype="string")
    # An empty table: type the column by its name.
    if name.endswith(_NUMBER_SUFFIXES):
        return np.empty(0, dtype=np.float64)
    if name in ("run", "track", "track_id"):
        return pd.array([], dtype="Int64")
    if name in _NUMBER_NAMES:
        return np.empty(0, dtype=np.float64)
    if name == "false_alert":
        return np.empty(0, dtype=bool)
    return pd.array([], dtype="string")


def frame(columns: Sequence[Tuple[str, str, Any]]) -> pd.DataFrame:
    """A DataFrame of ``(name, kind, data)`` columns, in order."""
    return pd.DataFrame({name: _column(name, kind, data) for name, kind, data in columns})


def impacts_frame(
    t: np.ndarray, lat: np.ndarray, lon: np.ndarray, code: np.ndarray, status: Sequence[str]
) -> pd.DataFrame:
    """The result of :func:`vigil.impacts`: status codes become a categorical column."""
    return pd.DataFrame(
        {
            "impact_t_s": t,
            "lat_deg": lat,
            "lon_deg": lon,
            "status": pd.Categorical.from_codes(code.astype(np.int8), categories=list(status)),
        }
    )


def print_progress(done: int, total: int) -> None:
    """Monte Carlo progress on standard error."""
    end = "\n" if done >= total else ""
    print(f"\rvigil montecarlo: {done}/{total} runs", end=end, file=sys.stderr, flush=True)
