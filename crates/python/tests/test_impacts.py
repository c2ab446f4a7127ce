"""vigil.impacts: row by row equal to `vigil propagate`; refusals name the argument."""

import json
import math
import threading
import time

import numpy as np
import pandas as pd
import pytest

import vigil

R_E = 6378137.0


def rust_round(x: float, decimals: int) -> float:
    """`vigil`'s rounding of JSON numbers: (x·10^d).round()/10^d, halves away from zero."""
    k = 10.0**decimals
    y = x * k
    r = math.floor(abs(y) + 0.5)
    if abs(y) + 0.5 - r == 1.0:  # floor(…+0.5) went one too far
        r -= 1
    return math.copysign(r, y) / k


def states(n: int, seed: int = 1):
    """`n` suborbital states 100–300 km up over the globe, moving 2–6 km/s in random directions."""
    rng = np.random.default_rng(seed)
    lat = np.radians(rng.uniform(-80, 80, n))
    lon = np.radians(rng.uniform(-180, 180, n))
    up = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
    r0 = up * (R_E + rng.uniform(100e3, 300e3, n))[:, None]
    d = rng.normal(size=(n, 3))
    d /= np.linalg.norm(d, axis=1)[:, None]
    v0 = d * rng.uniform(2000, 6000, n)[:, None]
    return r0, v0


def propagate(cli, r, v, *flags):
    p = cli("propagate", "--json", "--r0=" + ",".join(repr(float(x)) for x in r), "--v0=" + ",".join(repr(float(x)) for x in v), *flags)
    return json.loads(p.stdout)


@pytest.mark.parametrize(
    "kwargs, flags",
    [
        ({}, []),
        ({"earth": "sphere"}, ["--earth", "sphere"]),
        ({"earth": "sphere", "j2": True, "rotation": True}, ["--earth", "sphere", "--j2", "on", "--rotation", "on"]),
        ({"j2": False, "rotation": False}, ["--j2", "off", "--rotation", "off"]),
        ({"drag": "ussa1976", "beta_kg_m2": 5000.0}, ["--drag", "ussa1976", "--beta", "5000"]),
        ({"drag": "exponential", "beta_kg_m2": 800.0}, ["--drag", "exponential", "--beta", "800"]),
    ],
)
def test_impacts_equal_vigil_propagate_row_by_row(cli, kwargs, flags):
    r0, v0 = states(6)
    df = vigil.impacts(r0, v0, **kwargs)
    assert list(df.columns) == ["impact_t_s", "lat_deg", "lon_deg", "status"]
    assert len(df) == 6
    for i in range(6):
        doc = propagate(cli, r0[i], v0[i], *flags)
        row = df.iloc[i]
        assert row["status"] == "ok"
        assert rust_round(row["impact_t_s"], 4) == doc["impact"]["t_s"] == doc["flight_time_s"]
        assert rust_round(row["lat_deg"], 7) == doc["impact"]["lat_deg"]
        assert rust_round(row["lon_deg"], 7) == doc["impact"]["lon_deg"]


def test_rows_that_do_not_come_down(cli):
    orbit = np.array([[R_E + 400e3, 0.0, 0.0]])
    v_orbit = np.array([[0.0, 0.0, 7670.0]])
    below = np.array([[R_E - 1000.0, 0.0, 0.0]])
    r0 = np.vstack([orbit, below, states(1)[0]])
    v0 = np.vstack([v_orbit, v_orbit, states(1)[1]])
    df = vigil.impacts(r0, v0, t_max_s=3000.0)
    assert df["status"].tolist() == ["no-impact", "below-surface", "ok"]
    assert df.loc[:1, ["impact_t_s", "lat_deg", "lon_deg"]].isna().all().all()
    assert list(df["status"].cat.categories) == ["ok", "no-impact", "below-surface", "failed"]
    p = cli("propagate", "--r0", f"{R_E + 400e3},0,0", "--v0", "0,0,7670", "--t-max-s", "3000", check=False)
    assert p.returncode == 1 and "does not come down" in p.stderr
    p = cli("propagate", "--r0", f"{R_E - 1000.0},0,0", "--v0", "0,0,7670", check=False)
    assert p.returncode == 2 and "below the surface" in p.stderr


def test_views_and_fortran_order_give_the_same_rows():
    r0, v0 = states(10)
    a = vigil.impacts(r0, v0)
    b = vigil.impacts(np.asfortranarray(r0), np.asfortranarray(v0))
    big_r = np.zeros((20, 3))
    big_r[::2] = r0
    big_v = np.zeros((20, 3))
    big_v[::2] = v0
    c = vigil.impacts(big_r[::2], big_v[::2])
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)


def test_no_states_give_an_empty_frame():
    df = vigil.impacts(np.empty((0, 3)), np.empty((0, 3)))
    assert len(df) == 0 and df["impact_t_s"].dtype == np.float64


def test_order_and_threads_do_not_change_rows():
    r0, v0 = states(200, seed=3)
    a = vigil.impacts(r0, v0)
    k = np.arange(200)[::-1]
    b = vigil.impacts(r0[k], v0[k])
    pd.testing.assert_frame_equal(a.iloc[k].reset_index(drop=True), b)


def test_the_gil_is_released():
    r0, v0 = states(3000)
    ticks = 0
    done = threading.Event()

    def work():
        vigil.impacts(r0, v0)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert ticks > 5


R0, V0 = states(3)


@pytest.mark.parametrize(
    "r0, v0, kwargs, error, message",
    [
        (R0.astype(np.float32), V0, {}, TypeError, r"r0 must be a NumPy array of float64 .* dtype float32"),
        (R0, V0.astype(int), {}, TypeError, r"v0 must be a NumPy array of float64 .* dtype int64"),
        (R0.tolist(), V0, {}, TypeError, r"r0 must be a NumPy array of float64 with shape \(N, 3\), got a list"),
        (R0[:, :2], V0, {}, ValueError, r"r0 must have shape \(N, 3\), got \[3, 2\]"),
        (R0.ravel(), V0, {}, TypeError, r"r0 must be .* shape \(9,\)"),
        (R0, V0[:2], {}, ValueError, "r0 and v0 must have the same number of rows, got 3 and 2"),
        (np.where(np.arange(9).reshape(3, 3) == 4, np.nan, R0), V0, {}, ValueError, r"r0\[1\] holds NaN"),
        (R0, np.where(np.arange(9).reshape(3, 3) == 8, np.inf, V0), {}, ValueError, r"v0\[2\] holds inf"),
        (R0, V0, {"drag": "ussa1976"}, ValueError, "drag needs beta_kg_m2"),
        (R0, V0, {"beta_kg_m2": 100.0}, ValueError, "beta_kg_m2 applies only with drag"),
        (R0, V0, {"drag": "exponential", "beta_kg_m2": -1.0}, ValueError, "beta_kg_m2 must be a positive"),
        (R0, V0, {"earth": "flat"}, ValueError, "earth must be"),
        (R0, V0, {"drag": "thick"}, ValueError, "drag must be"),
        (R0, V0, {"t_max_s": float("nan")}, ValueError, "t_max_s must be a positive"),
    ],
)
def test_refusals_name_the_argument(r0, v0, kwargs, error, message):
    with pytest.raises(error, match=message):
        vigil.impacts(r0, v0, **kwargs)


def test_a_panic_becomes_vigil_error():
    with pytest.raises(vigil.VigilError, match="internal error in Vigil.*a test panic"):
        vigil._vigil._panic_for_tests()


def test_batches_larger_than_a_chunk_keep_their_rows():
    r0, v0 = states(20_000, seed=5)
    whole = vigil.impacts(r0, v0)
    parts = pd.concat([vigil.impacts(r0[:7], v0[:7]), vigil.impacts(r0[7:], v0[7:])], ignore_index=True)
    pd.testing.assert_frame_equal(whole, parts)
