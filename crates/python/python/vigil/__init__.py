"""Vigil, a ballistic-missile early-warning modeller, in Python.

Scenarios are checked as ``vigil check`` checks them, runs give ``vigil run``'s
``report.json`` and its tables as pandas DataFrames, Monte Carlo gives ``runs.csv`` of
``vigil montecarlo``, and :func:`impacts` predicts the impacts of many free-flying objects
at once, in parallel, as ``vigil propagate`` does one by one; :func:`trajectory` flies a
missile class from A to B as ``vigil trajectory``; :func:`track` runs the generic tracker of
``vigil track --input`` on a table of Cartesian measurements, and :func:`ospa`, :func:`gospa`
and :func:`rmse` score any tracker with Vigil's metrics (:mod:`vigil.stonesoup`, imported on
its own, bridges to Stone Soup). The Rust core computes with
the GIL released; SI units inside, units in column names (``t_s``, ``lat_deg``, ``range_m``).

Illustrative only: built-in missile classes and scenarios are generic textbook numbers.
"""

from ._vigil import (
    Problem,
    Report,
    Scenario,
    ScenarioError,
    VigilError,
    __version__,
    gospa,
    impacts,
    ospa,
    rmse,
    trajectory,
)
from ._track import track

__all__ = [
    "Problem",
    "Report",
    "Scenario",
    "ScenarioError",
    "VigilError",
    "__version__",
    "gospa",
    "impacts",
    "ospa",
    "rmse",
    "track",
    "trajectory",
]
