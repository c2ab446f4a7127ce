"""vigil.impacts against a SciPy `solve_ivp` loop on the same equations, same tolerances.

    python crates/python/bench/scipy_compare.py [N_SCIPY] [N_VIGIL]   # defaults 200, 100000

States: the 200 ICBM burnout states of `bench/icbm_states.json` (flights of 20–35 min),
repeated to N_VIGIL rows for vigil.impacts; SciPy flies the first N_SCIPY of them.

Equations (Earth-fixed frame, as Vigil's free flight without drag): point-mass gravity plus
J2, Coriolis and centrifugal terms; the flight ends where it crosses the WGS-84 ellipsoid
going down. SciPy's DOP853 runs with Vigil's default tolerances (rtol 1e-10, atol 1e-4 m and
1e-7 m/s, steps of at most 30 s). Needs scipy.
"""

import math
import os
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

import vigil

import json
import pathlib

ICBM_STATES = pathlib.Path(__file__).resolve().parents[3] / "bench" / "icbm_states.json"

A = 6_378_137.0
F = 1.0 / 298.257_223_563
B = A * (1.0 - F)
E2 = F * (2.0 - F)
MU = 3.986_004_418e14
J2 = 1.082_626_68e-3
OMEGA = 7.292_115e-5


def rhs(_t, y):
    x, yy, z, vx, vy, vz = y
    r2 = x * x + yy * yy + z * z
    r = math.sqrt(r2)
    inv_r3 = 1.0 / (r2 * r)
    k = -1.5 * J2 * MU * A * A * inv_r3 / r2
    zz = 5.0 * z * z / r2
    ax = -MU * x * inv_r3 + k * x * (1.0 - zz) + 2.0 * OMEGA * vy + OMEGA * OMEGA * x
    ay = -MU * yy * inv_r3 + k * yy * (1.0 - zz) - 2.0 * OMEGA * vx + OMEGA * OMEGA * yy
    az = -MU * z * inv_r3 + k * z * (3.0 - zz)
    return [vx, vy, vz, ax, ay, az]


def surface(_t, y):
    return (y[0] ** 2 + y[1] ** 2) / (A * A) + y[2] ** 2 / (B * B) - 1.0


surface.terminal = True
surface.direction = -1


def geodetic(x, y, z):
    """Latitude and longitude (degrees) of an ECEF point (Bowring, iterated)."""
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1.0 - E2))
    for _ in range(5):
        n = A / math.sqrt(1.0 - E2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1.0 - E2 * n / (n + h)))
    return math.degrees(lat), math.degrees(math.atan2(y, x))


def scipy_impact(r, v):
    atol = [1e-4] * 3 + [1e-7] * 3
    sol = solve_ivp(rhs, (0.0, 21_600.0), [*r, *v], method="DOP853", rtol=1e-10, atol=atol, max_step=30.0, events=surface)
    (t,) = sol.t_events[0]
    lat, lon = geodetic(*sol.y_events[0][0][:3])
    return t, lat, lon


def main():
    n_scipy = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    n_vigil = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rows = [json.loads(line) for line in ICBM_STATES.read_text().splitlines() if line.strip()]
    base_r = np.array([r["r0_m"] for r in rows])
    base_v = np.array([r["v0_mps"] for r in rows])
    k = np.arange(n_vigil) % len(rows)
    r0, v0 = base_r[k], base_v[k]
    n_scipy = min(n_scipy, len(rows))
    t = time.perf_counter()
    df = vigil.impacts(r0, v0)
    t_vigil = time.perf_counter() - t
    t = time.perf_counter()
    ref = [scipy_impact(r0[i], v0[i]) for i in range(n_scipy)]
    t_scipy = time.perf_counter() - t
    ref = np.array(ref)
    mine = df[["impact_t_s", "lat_deg", "lon_deg"]].to_numpy()[:n_scipy]
    dlat = np.radians(mine[:, 1] - ref[:, 1])
    dlon = np.radians((mine[:, 2] - ref[:, 2] + 180.0) % 360.0 - 180.0) * np.cos(np.radians(ref[:, 1]))
    d_m = A * np.hypot(dlat, dlon)
    per_vigil = t_vigil / n_vigil
    per_scipy = t_scipy / n_scipy
    print(f"flight times {mine[:, 0].min() / 60:.0f}–{mine[:, 0].max() / 60:.0f} min")
    print(f"vigil.impacts: {n_vigil} states in {t_vigil:.2f} s = {per_vigil * 1e6:.1f} µs/state ({os.cpu_count()} cores)")
    print(f"scipy solve_ivp loop: {n_scipy} states in {t_scipy:.2f} s = {per_scipy * 1e3:.2f} ms/state "
          f"(→ {per_scipy * n_vigil:.0f} s for {n_vigil})")
    print(f"ratio: {per_scipy / per_vigil:.0f}× faster per state")
    print(f"agreement over {n_scipy} states: impact point max {d_m.max() * 1e3:.2f} mm, mean {d_m.mean() * 1e3:.2f} mm; "
          f"impact time max {np.abs(mine[:, 0] - ref[:, 0]).max() * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
