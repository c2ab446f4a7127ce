#!/usr/bin/env python3
"""Speed baseline: impact predictions per second per core with scipy.

What
----
Propagates a fixed set of N ICBM-like burnout states (default 200) to impact
with ``scipy.integrate.solve_ivp`` (DOP853) on exactly Vigil's equations for
the "wgs84" Earth with J2 on, rotation on and no drag (see
validation/propagate_reference.py for the equations and constants), and
prints one JSON line:

    {"tool": "scipy", "method": "DOP853", "rtol": ..., "atol": ..., "n": ...,
     "seconds": ..., "predictions_per_s": ..., "max_impact_err_m": ...}

Accuracy is held fixed, speed is measured: every impact must be within 10 m
(3-D distance of the impact points) of a tight reference computed with
rtol=1e-12, atol=1e-6 (m, m/s), max_step=20 s.  The script tries rtol in
1e-4 ... 1e-11 (half-decade steps) with atol = 1e3 * rtol (in m for
positions and m/s for velocities, i.e. an absolute floor well below the
relative term |y| * rtol), and times the loosest rtol that meets the 10 m
bar, for which every tighter rtol of the grid meets it as well.

States (deterministic, numpy.random.default_rng(seed=1), drawn in this
order as length-N vectors): geodetic lat U(-70, 70) deg, lon U(-180, 180) deg,
alt U(190, 210) km, speed U(6.5, 7.2) km/s relative to the Earth, flight-path
angle U(20, 25) deg above the local horizontal, azimuth U(0, 360) deg
clockwise from north.  r0/v0 are built with pymap3d (geodetic2ecef,
enu2uvw), outside of any timed code.

Fast RHS: plain Python floats (no pymap3d, no numpy ufuncs on 3-vectors).
The impact event uses Bowring's one-step geodetic latitude and the height
formula h = p cos(phi) + z sin(phi) - a sqrt(1 - e^2 sin^2(phi)); near h = 0
this is exact to far below a millimetre (the script checks the impact heights
with pymap3d.ecef2geodetic and reports the largest).

``--states-out FILE`` writes the states and the tight-reference impacts as
JSON lines (one object per state: i, r0_m, v0_mps, impact_t_s, impact_r_m) so
the Rust benchmark can run the very same states and compute its own maximum
error against the same reference.  bench/icbm_states.json is that file.

Single core: thread-pool variables are set to 1 before numpy is imported,
and nothing runs in parallel.  Timing is the best of --repeat runs over all
N states (solve_ivp call overhead included, state generation excluded).

Usage (from the repository root)
    python3 bench/scipy_impact_rate.py --states-out bench/icbm_states.json
    python3 bench/scipy_impact_rate.py --rtol 1e-9      # skip the search
"""

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
           "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pymap3d  # noqa: E402
import scipy  # noqa: E402
from scipy.integrate import solve_ivp  # noqa: E402

# Constants: identical to validation/propagate_reference.py and to Vigil.
MU = 3.986004418e14
OMEGA_E = 7.292115e-5
J2 = 1.08262668e-3
RE_J2 = 6378137.0
WGS84_A = 6378137.0
WGS84_INV_F = 298.257223563
WGS84_F = 1.0 / WGS84_INV_F
WGS84_B = WGS84_A * (1.0 - WGS84_F)
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)               # first eccentricity^2
WGS84_EP2 = WGS84_E2 / (1.0 - WGS84_E2)            # second eccentricity^2
WGS84 = pymap3d.Ellipsoid(semimajor_axis=WGS84_A, semiminor_axis=WGS84_B,
                          name="WGS-84", model="wgs84")

K_J2 = 1.5 * J2 * RE_J2 * RE_J2                    # k = K_J2 * mu / r^5
W2 = OMEGA_E * OMEGA_E
TWO_W = 2.0 * OMEGA_E

T_MAX = 3.0 * 3600.0
REF_RTOL, REF_ATOL, REF_MAX_STEP = 1e-12, 1e-6, 20.0
MAX_ERR_M = 10.0
RTOL_GRID = [1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7, 3e-8, 1e-8, 3e-9, 1e-9, 3e-10, 1e-10, 3e-11, 1e-11]
ATOL_PER_RTOL = 1e3                                # atol = 1e3 * rtol (m, m/s)
SEED = 1


def make_states(n, seed=SEED):
    """Deterministic ICBM-like burnout states: list of (r0, v0) ECEF lists."""
    rng = np.random.default_rng(seed)
    lat = rng.uniform(-70.0, 70.0, n)
    lon = rng.uniform(-180.0, 180.0, n)
    alt = rng.uniform(190e3, 210e3, n)
    speed = rng.uniform(6500.0, 7200.0, n)
    gamma = np.radians(rng.uniform(20.0, 25.0, n))
    az = np.radians(rng.uniform(0.0, 360.0, n))
    states = []
    for i in range(n):
        r0 = pymap3d.geodetic2ecef(lat[i], lon[i], alt[i], ell=WGS84, deg=True)
        e = speed[i] * math.cos(gamma[i]) * math.sin(az[i])
        nn = speed[i] * math.cos(gamma[i]) * math.cos(az[i])
        u = speed[i] * math.sin(gamma[i])
        v0 = pymap3d.enu2uvw(e, nn, u, lat[i], lon[i], deg=True)
        states.append(([float(x) for x in r0], [float(x) for x in v0]))
    return states


def rhs(t, s):
    """Point mass + J2 + Coriolis + centrifugal, rotating ECEF frame."""
    x, y, z, vx, vy, vz = s.tolist()
    r2 = x * x + y * y + z * z
    ir2 = 1.0 / r2
    mu_r3 = MU * ir2 / math.sqrt(r2)               # mu / r^3
    k = K_J2 * mu_r3 * ir2                         # 1.5 J2 mu Re^2 / r^5
    s5 = 5.0 * z * z * ir2
    cxy = mu_r3 + k * (1.0 - s5)
    return np.array((vx, vy, vz,
                     -cxy * x + W2 * x + TWO_W * vy,
                     -cxy * y + W2 * y - TWO_W * vx,
                     -(mu_r3 + k * (3.0 - s5)) * z))


def geodetic_height(x, y, z):
    """Geodetic height above WGS-84, Bowring (1976) one-step latitude."""
    p = math.hypot(x, y)
    th = math.atan2(z * WGS84_A, p * WGS84_B)
    st, ct = math.sin(th), math.cos(th)
    phi = math.atan2(z + WGS84_EP2 * WGS84_B * st * st * st,
                     p - WGS84_E2 * WGS84_A * ct * ct * ct)
    sp = math.sin(phi)
    return p * math.cos(phi) + z * sp - WGS84_A * math.sqrt(1.0 - WGS84_E2 * sp * sp)


def ev_impact(t, s):
    x, y, z = s[:3].tolist()
    return geodetic_height(x, y, z)


ev_impact.terminal = True
ev_impact.direction = -1


NFEV = [0]  # running count of RHS evaluations (diagnostic only)


def predict(r0, v0, rtol, atol, max_step=np.inf):
    """Impact time [s] and ECEF impact position [m] of one state."""
    sol = solve_ivp(rhs, (0.0, T_MAX), np.array(r0 + v0), method="DOP853",
                    rtol=rtol, atol=atol, max_step=max_step, events=ev_impact)
    if sol.status != 1:
        raise RuntimeError(f"no impact before T_MAX: {sol.message}")
    NFEV[0] += sol.nfev
    return float(sol.t_events[0][0]), [float(v) for v in sol.y_events[0][0][:3]]


def run_all(states, rtol, atol):
    """Predict every state; return (seconds, impacts)."""
    t0 = time.perf_counter()
    out = [predict(r0, v0, rtol, atol) for r0, v0 in states]
    return time.perf_counter() - t0, out


def max_err(impacts, ref):
    return max(math.dist(a[1], b[1]) for a, b in zip(impacts, ref))


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="number of states")
    ap.add_argument("--rtol", type=float, default=None,
                    help="skip the search and time this rtol (atol = 1e3 * rtol)")
    ap.add_argument("--repeat", type=int, default=3, help="timing repeats (best of)")
    ap.add_argument("--states-out", default=None,
                    help="write states + tight-reference impacts as JSON lines")
    args = ap.parse_args()

    states = make_states(args.n)

    log(f"tight reference: rtol={REF_RTOL} atol={REF_ATOL} max_step={REF_MAX_STEP} s, "
        f"n={args.n}")
    ref = [predict(r0, v0, REF_RTOL, REF_ATOL, REF_MAX_STEP) for r0, v0 in states]
    # The Bowring height must be ~0 at the impacts by pymap3d's conversion too.
    h_chk = max(abs(float(pymap3d.ecef2geodetic(*r, ell=WGS84)[2])) for _, r in ref)
    log(f"  max |pymap3d height| at reference impacts: {h_chk:.2e} m")
    log(f"  flight times {min(t for t, _ in ref):.0f}..{max(t for t, _ in ref):.0f} s")

    if args.states_out:
        with open(args.states_out, "w") as f:
            for i, ((r0, v0), (t_imp, r_imp)) in enumerate(zip(states, ref)):
                f.write(json.dumps({"i": i, "r0_m": r0, "v0_mps": v0,
                                    "impact_t_s": t_imp, "impact_r_m": r_imp}) + "\n")
        log(f"  wrote {args.states_out}")

    if args.rtol is not None:
        rtol = args.rtol
    else:
        # Search: evaluate the whole grid (loose -> tight), then take the
        # loosest rtol that, and every tighter grid value, meets the bar.
        log(f"search (atol = {ATOL_PER_RTOL:g} * rtol):")
        errs = []
        for rt in RTOL_GRID:
            sec, imp = run_all(states, rt, ATOL_PER_RTOL * rt)
            errs.append(max_err(imp, ref))
            log(f"  rtol={rt:.0e}  max impact err {errs[-1]:10.3f} m  "
                f"{args.n / sec:7.1f} predictions/s")
        ok = [all(e <= MAX_ERR_M for e in errs[i:]) for i in range(len(errs))]
        if not any(ok):
            raise SystemExit("no rtol in the grid meets the accuracy bar")
        rtol = RTOL_GRID[ok.index(True)]

    atol = ATOL_PER_RTOL * rtol
    best, impacts = None, None
    NFEV[0] = 0
    for _ in range(args.repeat):
        sec, impacts = run_all(states, rtol, atol)
        best = sec if best is None else min(best, sec)
    err = max_err(impacts, ref)
    log(f"timed: scipy {scipy.__version__}, numpy {np.__version__}, best of {args.repeat}; "
        f"{NFEV[0] / (args.repeat * args.n):.0f} RHS evaluations per prediction")
    print(json.dumps({"tool": "scipy", "method": "DOP853", "rtol": rtol, "atol": atol,
                      "n": args.n, "seconds": round(best, 4),
                      "predictions_per_s": round(args.n / best, 1),
                      "max_impact_err_m": round(err, 3)}))


if __name__ == "__main__":
    main()
