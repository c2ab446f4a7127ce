#!/usr/bin/env python3
"""Independent reference trajectories for Vigil's ballistic propagator.

What
----
Propagates a fixed, named set of ballistic states (ICBM-like, RV-like with
drag, SLBM-like, and two Kepler-only "sphere" cases) with scipy's
``solve_ivp`` (DOP853, rtol=1e-12, atol=1e-6 in m and m/s, max_step 20 s)
and writes the impact point and apogee of each to
``validation/ref/propagate.json``.  The Rust tests load that file,
propagate the very same ``r0_m``/``v0_mps`` with Vigil and require the
impact within 50 m and 0.1 s of the reference.

Why
---
The reference shares *only the equations* with Vigil, not the code: a
different integrator (scipy's DOP853 vs. Vigil's own), a different geodetic
conversion (pymap3d's ``ecef2geodetic``, You 2000), the Coriolis and
centrifugal terms written as literal vector cross products, and a different
event finder (scipy's Brent root of the height on the dense output).  Any
agreement to tens of metres therefore checks Vigil's implementation, not a
copy of it.  The reference itself is converged far below the test
tolerance: the script reruns every case at rtol=1e-13/atol=1e-7 and records
the largest difference in the ``source`` string.  The two sphere cases
are also checked against the two-body closed form (Kepler's equation and
Lagrange f/g functions) to 1 mm / 1 us, which tests the reference machinery
itself (initial-state construction, events, apogee search).

Equations (Earth-fixed rotating frame, ECEF; v is relative to the Earth)
-----------------------------------------------------------------------
    a = g(r) - 2 w x v - w x (w x r) + a_drag,   w = (0, 0, 7.292115e-5) rad/s
    g = -mu r/|r|^3  (+ J2:  k = 1.5 J2 mu Re^2/|r|^5, s = 5 z^2/|r|^2,
                      a_x = -k x (1 - s), a_y = -k y (1 - s), a_z = -k z (3 - s))
    a_drag = -rho(h) |v| v / (2 beta),   rho(h) = 1.225 exp(-h / 7200 m)

Earth models
    wgs84   h = geodetic height above the WGS-84 ellipsoid (pymap3d);
            impact lat/lon are geodetic.
    sphere  R = 6371000 m, h = |r| - R; J2, drag and rotation off;
            impact lat/lon are geocentric (spherical) angles.

Events
    impact  first downward zero of h (terminal event, direction -1).
    apogee  wgs84: the maximum of the geodetic height, located on a grid of
            the dense output and refined with scipy.optimize.minimize_scalar
            (bounded, xatol=1e-6 s); checked by requiring dh/dt = v . n_hat
            (n_hat = ellipsoid normal) to be ~0 there.
            sphere: the event dot(r, v) = 0 (direction -1), cross-checked
            against the same maximisation of |r| - R.

Initial states are built from (lat, lon, alt, speed, flight-path angle
gamma above the local horizontal, azimuth clockwise from north):
pymap3d.geodetic2ecef for the position (spherical coordinates for the
sphere) and pymap3d.enu2uvw for the velocity.  The resulting r0/v0 are
written verbatim; the Rust tests use them directly.

Usage (from the repository root)
    python3 validation/propagate_reference.py           # (re)write the JSON
    python3 validation/propagate_reference.py --check   # recompute, compare to
                                                        # the committed JSON
                                                        # (1e-3 m), exit 1 on
                                                        # mismatch
The output is deterministic: rerunning on the same machine and library
versions reproduces the file byte for byte.
"""

import argparse
import json
import math
import os
import platform
import sys

import numpy as np
import pymap3d
import scipy
from scipy.integrate import solve_ivp
from scipy.optimize import minimize_scalar

# --------------------------------------------------------------------------
# Constants (must match Vigil's)
# --------------------------------------------------------------------------
MU = 3.986004418e14            # m^3/s^2
OMEGA_E = 7.292115e-5          # rad/s, about +z
J2 = 1.08262668e-3
RE_J2 = 6378137.0              # m, reference radius of the J2 term
WGS84_A = 6378137.0            # m
WGS84_INV_F = 298.257223563
SPHERE_R = 6371000.0           # m
RHO0 = 1.225                   # kg/m^3, exponential atmosphere at h = 0
H_SCALE = 7200.0               # m, exponential atmosphere scale height

WGS84 = pymap3d.Ellipsoid(
    semimajor_axis=WGS84_A,
    semiminor_axis=WGS84_A * (1.0 - 1.0 / WGS84_INV_F),
    name="WGS-84",
    model="wgs84",
)

# Integrator settings: the reference and the convergence check.
RTOL, ATOL = 1e-12, 1e-6
CHECK_RTOL, CHECK_ATOL = 1e-13, 1e-7
T_MAX = 4.0 * 3600.0           # s; every case impacts well before this
# DOP853 takes ~130 s steps in vacuum at rtol=1e-12; the step end points are
# accurate to ~1e-5 m but its 7th-order dense output (used to locate the
# events) is not, which cost ~1 cm at impact.  Capping the step keeps the
# interpolant as accurate as the steps (~1e-5 m at impact) for little cost.
MAX_STEP = 20.0                # s

# --check tolerances (recomputed vs committed)
CHECK_POS_M = 1e-3
CHECK_T_S = 1e-4

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "ref", "propagate.json")

# --------------------------------------------------------------------------
# Cases.  (name, earth, lat_deg, lon_deg, alt_m, speed_mps, gamma_deg,
#          azimuth_deg, j2, rotation, drag, beta_kg_m2)
# Azimuth is clockwise from north: 0 N, 90 E, 180 S, 225 SW, 270 W, 315 NW.
# --------------------------------------------------------------------------
CASES = [
    # ICBM-like: burnout at 200/400 km, no drag, rotation on, J2 on/off.
    ("icbm_lat0_lonm120_E_200km_j2", "wgs84", 0.0, -120.0, 200e3, 7000.0, 22.0, 90.0, True, True, "none", None),
    ("icbm_lat0_lonm120_E_200km_noj2", "wgs84", 0.0, -120.0, 200e3, 7000.0, 22.0, 90.0, False, True, "none", None),
    ("icbm_lat45_lon0_N_400km_j2", "wgs84", 45.0, 0.0, 400e3, 6800.0, 20.0, 0.0, True, True, "none", None),
    ("icbm_lat45_lon0_N_400km_noj2", "wgs84", 45.0, 0.0, 400e3, 6800.0, 20.0, 0.0, False, True, "none", None),
    ("icbm_lat70_lon60_W_200km_j2", "wgs84", 70.0, 60.0, 200e3, 7200.0, 25.0, 270.0, True, True, "none", None),
    ("icbm_latm30_lon150_SW_400km_j2", "wgs84", -30.0, 150.0, 400e3, 7100.0, 23.0, 225.0, True, True, "none", None),
    ("icbm_latm30_lon150_SW_400km_noj2", "wgs84", -30.0, 150.0, 400e3, 7100.0, 23.0, 225.0, False, True, "none", None),
    # Same physics with the Earth's rotation switched off (isolates the
    # Coriolis/centrifugal terms).
    ("icbm_lat45_lon60_E_200km_j2_norot", "wgs84", 45.0, 60.0, 200e3, 6900.0, 21.0, 90.0, True, False, "none", None),
    # RV-like (beta = 5000 kg/m^2), starting at 300 km; drag acts on reentry.
    ("rv_lat45_lonm120_E_300km_drag_b5000", "wgs84", 45.0, -120.0, 300e3, 6900.0, 22.0, 90.0, True, True, "exponential", 5000.0),
    ("rv_lat70_lon0_SW_300km_drag_b5000", "wgs84", 70.0, 0.0, 300e3, 7000.0, 24.0, 225.0, True, True, "exponential", 5000.0),
    ("rv_latm30_lon60_N_300km_drag_b5000", "wgs84", -30.0, 60.0, 300e3, 7200.0, 20.0, 0.0, True, True, "exponential", 5000.0),
    # SLBM-like: 100-150 km, 4.5-6.0 km/s, gamma 15-40 deg.
    ("slbm_lat0_lon0_NE_100km_nodrag", "wgs84", 0.0, 0.0, 100e3, 4500.0, 15.0, 45.0, True, True, "none", None),
    ("slbm_lat20_lon120_NW_150km_nodrag", "wgs84", 20.0, 120.0, 150e3, 5800.0, 25.0, 315.0, True, True, "none", None),
    ("slbm_lat45_lonm60_W_120km_drag_b2000", "wgs84", 45.0, -60.0, 120e3, 5200.0, 30.0, 270.0, True, True, "exponential", 2000.0),
    ("slbm_latm30_lon150_S_150km_drag_b2000", "wgs84", -30.0, 150.0, 150e3, 6000.0, 40.0, 180.0, True, True, "exponential", 2000.0),
    # Tumbling spent stage: very low ballistic coefficient.
    ("slbm_stage_lat60_lonm30_E_130km_drag_b150", "wgs84", 60.0, -30.0, 130e3, 5000.0, 35.0, 90.0, True, True, "exponential", 150.0),
    # Kepler-only, non-rotating sphere: cross-checkable against closed forms.
    ("sphere_lat0_lon0_E_300km_kepler", "sphere", 0.0, 0.0, 300e3, 7000.0, 20.0, 90.0, False, False, "none", None),
    ("sphere_lat45_lon100_NW_150km_kepler", "sphere", 45.0, 100.0, 150e3, 5500.0, 35.0, 315.0, False, False, "none", None),
]
CASE_FIELDS = ("name", "earth", "lat_deg", "lon_deg", "alt_m", "speed_mps", "gamma_deg",
               "azimuth_deg", "j2", "rotation", "drag", "beta_kg_m2")


# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------
def initial_state(c):
    """ECEF r0 [m], v0 [m/s] (Earth-relative) from a case's launch description."""
    lat, lon, alt = c["lat_deg"], c["lon_deg"], c["alt_m"]
    if c["earth"] == "wgs84":
        r0 = pymap3d.geodetic2ecef(lat, lon, alt, ell=WGS84, deg=True)
    else:  # sphere: spherical (geocentric) coordinates, radius R + alt
        rr = SPHERE_R + alt
        la, lo = math.radians(lat), math.radians(lon)
        r0 = (rr * math.cos(la) * math.cos(lo), rr * math.cos(la) * math.sin(lo), rr * math.sin(la))
    g, az = math.radians(c["gamma_deg"]), math.radians(c["azimuth_deg"])
    e = c["speed_mps"] * math.cos(g) * math.sin(az)
    n = c["speed_mps"] * math.cos(g) * math.cos(az)
    u = c["speed_mps"] * math.sin(g)
    # ENU -> ECEF rotation at (lat, lon); for the sphere "up" is radial.
    v0 = pymap3d.enu2uvw(e, n, u, lat, lon, deg=True)
    return [float(x) for x in r0], [float(x) for x in v0]


class Model:
    """Right-hand side, height and events for one case's physics switches."""

    def __init__(self, earth, j2, rotation, drag, beta):
        self.earth = earth
        self.j2 = j2
        self.omega = np.array([0.0, 0.0, OMEGA_E if rotation else 0.0])
        self.drag = drag
        self.beta = beta

    def height(self, r):
        """Height of ECEF position r above the model's surface [m]."""
        if self.earth == "wgs84":
            return float(pymap3d.ecef2geodetic(r[0], r[1], r[2], ell=WGS84, deg=True)[2])
        return float(math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) - SPHERE_R)

    def heights(self, rs):
        """Vectorised height for an array of positions, shape (3, n)."""
        if self.earth == "wgs84":
            return np.asarray(pymap3d.ecef2geodetic(rs[0], rs[1], rs[2], ell=WGS84, deg=True)[2])
        return np.sqrt(np.sum(rs * rs, axis=0)) - SPHERE_R

    def rhs(self, t, y):
        r, v = y[:3], y[3:]
        rn = math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2])
        a = -MU * r / rn**3
        if self.j2:
            k = 1.5 * J2 * MU * RE_J2**2 / rn**5
            s = 5.0 * r[2] ** 2 / rn**2
            a = a + np.array([-k * r[0] * (1.0 - s), -k * r[1] * (1.0 - s), -k * r[2] * (3.0 - s)])
        # Coriolis and centrifugal terms, written as literal cross products.
        w = self.omega
        a = a - 2.0 * np.cross(w, v) - np.cross(w, np.cross(w, r))
        if self.drag == "exponential":
            rho = RHO0 * math.exp(-self.height(r) / H_SCALE)
            vn = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
            a = a - rho * vn * v / (2.0 * self.beta)
        return np.concatenate((v, a))


def latlon_deg(earth, r):
    """Impact latitude/longitude: geodetic for wgs84, geocentric for sphere."""
    if earth == "wgs84":
        lat, lon, _ = pymap3d.ecef2geodetic(r[0], r[1], r[2], ell=WGS84, deg=True)
        return float(lat), float(lon)
    return (math.degrees(math.atan2(r[2], math.hypot(r[0], r[1]))),
            math.degrees(math.atan2(r[1], r[0])))


def geodetic_normal(r):
    """Unit outward ellipsoid normal at the geodetic lat/lon of r."""
    lat, lon, _ = pymap3d.ecef2geodetic(r[0], r[1], r[2], ell=WGS84, deg=False)
    return np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])


# --------------------------------------------------------------------------
# Propagation
# --------------------------------------------------------------------------
def max_height(model, sol, t_end):
    """Time and value of the maximum height on the dense output, to ~1e-6 s."""
    ts = np.linspace(0.0, t_end, 4001)
    hs = model.heights(sol.sol(ts)[:3])
    i = int(np.argmax(hs))
    if i == 0 or i == len(ts) - 1:
        raise RuntimeError("height maximum at the interval boundary")
    res = minimize_scalar(lambda t: -model.height(sol.sol(t)[:3]),
                          bounds=(ts[i - 1], ts[i + 1]), method="bounded",
                          options={"xatol": 1e-6})
    return float(res.x), float(-res.fun)


def propagate(c, r0, v0, rtol, atol):
    model = Model(c["earth"], c["j2"], c["rotation"], c["drag"], c["beta_kg_m2"])

    def ev_impact(t, y):
        return model.height(y[:3])
    ev_impact.terminal = True
    ev_impact.direction = -1

    def ev_radial(t, y):  # d|r|/dt = 0  <=>  r . v = 0 (sphere apogee)
        return float(np.dot(y[:3], y[3:]))
    ev_radial.terminal = False
    ev_radial.direction = -1

    events = [ev_impact] + ([ev_radial] if c["earth"] == "sphere" else [])
    sol = solve_ivp(model.rhs, (0.0, T_MAX), np.array(r0 + v0), method="DOP853",
                    rtol=rtol, atol=atol, max_step=MAX_STEP, events=events,
                    dense_output=True)
    if sol.status != 1 or len(sol.t_events[0]) != 1:
        raise RuntimeError(f"{c['name']}: no impact before T_MAX ({sol.message})")
    t_imp = float(sol.t_events[0][0])
    r_imp = [float(x) for x in sol.y_events[0][0][:3]]
    lat, lon = latlon_deg(c["earth"], r_imp)

    # Apogee: maximum of the model height.
    t_apo, h_apo = max_height(model, sol, t_imp)
    if c["earth"] == "sphere":
        # Use the exact r.v = 0 event; it must agree with the maximisation.
        if len(sol.t_events[1]) != 1:
            raise RuntimeError(f"{c['name']}: expected one r.v=0 event")
        t_ev = float(sol.t_events[1][0])
        h_ev = model.height(sol.y_events[1][0][:3])
        assert abs(t_ev - t_apo) < 1e-3 and abs(h_ev - h_apo) < 1e-6, (t_ev, t_apo, h_ev, h_apo)
        t_apo, h_apo = t_ev, float(h_ev)
    else:
        # dh/dt = v . n_hat must vanish at the maximum of geodetic height.
        y = sol.sol(t_apo)
        dhdt = float(np.dot(y[3:], geodetic_normal(y[:3])))
        assert abs(dhdt) < 1e-2, (c["name"], dhdt)
    return {
        "impact": {"t_s": t_imp, "lat_deg": lat, "lon_deg": lon, "r_m": r_imp},
        "apogee": {"t_s": t_apo, "h_m": h_apo},
    }


def kepler_check(name, r0, v0, res):
    """Self-check of a sphere case against the two-body closed form.

    Apogee radius a(1+e), apogee and impact times from Kepler's equation, and
    the impact position from the Lagrange f and g functions.  Raises if the
    numerical reference disagrees by more than 1 mm / 1 us.
    """
    r0, v0 = np.array(r0), np.array(v0)
    rn, vn = np.linalg.norm(r0), np.linalg.norm(v0)
    a = 1.0 / (2.0 / rn - vn * vn / MU)
    e_vec = np.cross(v0, np.cross(r0, v0)) / MU - r0 / rn
    e = np.linalg.norm(e_vec)
    n = math.sqrt(MU / a**3)
    # Eccentric anomalies: start is ascending (r.v > 0), impact descending.
    E0 = math.acos((1.0 - rn / a) / e)
    E1 = 2.0 * math.pi - math.acos((1.0 - SPHERE_R / a) / e)
    M0, M1 = E0 - e * math.sin(E0), E1 - e * math.sin(E1)
    t_imp, t_apo = (M1 - M0) / n, (math.pi - M0) / n
    dE = E1 - E0
    f = 1.0 - a / rn * (1.0 - math.cos(dE))
    g = t_imp - (dE - math.sin(dE)) / n
    r_imp = f * r0 + g * v0
    errs = (abs(a * (1.0 + e) - SPHERE_R - res["apogee"]["h_m"]),
            abs(t_apo - res["apogee"]["t_s"]),
            abs(t_imp - res["impact"]["t_s"]),
            dist(r_imp, res["impact"]["r_m"]))
    if not (errs[0] < 1e-3 and errs[1] < 1e-3 and errs[2] < 1e-6 and errs[3] < 1e-3):
        raise RuntimeError(f"{name}: closed-form Kepler mismatch {errs}")
    return errs


def compute_all(rtol, atol, log=True):
    out = []
    for row in CASES:
        c = dict(zip(CASE_FIELDS, row))
        r0, v0 = initial_state(c)
        res = propagate(c, r0, v0, rtol, atol)
        if c["earth"] == "sphere":
            errs = kepler_check(c["name"], r0, v0, res)
            if log:
                print(f"  {c['name']}: vs closed-form Kepler: apogee h {errs[0]:.1e} m, "
                      f"apogee t {errs[1]:.1e} s, impact t {errs[2]:.1e} s, "
                      f"impact r {errs[3]:.1e} m", file=sys.stderr)
        if log:
            print(f"  {c['name']:44s} impact t={res['impact']['t_s']:9.3f} s "
                  f"lat={res['impact']['lat_deg']:9.4f} lon={res['impact']['lon_deg']:10.4f} "
                  f"apogee h={res['apogee']['h_m'] / 1e3:8.2f} km", file=sys.stderr)
        out.append({
            "name": c["name"],
            "r0_m": r0,
            "v0_mps": v0,
            "earth": c["earth"],
            "j2": c["j2"],
            "rotation": c["rotation"],
            "drag": c["drag"],
            "beta_kg_m2": c["beta_kg_m2"],
            "impact": res["impact"],
            "apogee": res["apogee"],
            # Human-readable description of how r0/v0 were built (informative
            # only: r0_m/v0_mps are authoritative).
            "launch": {k: c[k] for k in ("lat_deg", "lon_deg", "alt_m", "speed_mps",
                                         "gamma_deg", "azimuth_deg")},
        })
    return out


def dist(a, b):
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b)))


def compare(ref, new):
    """Largest differences between two case lists (matched by position)."""
    d = {"impact_r_m": 0.0, "impact_t_s": 0.0, "apogee_h_m": 0.0, "apogee_t_s": 0.0,
         "r0_m": 0.0, "v0_mps": 0.0}
    for a, b in zip(ref, new):
        d["impact_r_m"] = max(d["impact_r_m"], dist(a["impact"]["r_m"], b["impact"]["r_m"]))
        d["impact_t_s"] = max(d["impact_t_s"], abs(a["impact"]["t_s"] - b["impact"]["t_s"]))
        d["apogee_h_m"] = max(d["apogee_h_m"], abs(a["apogee"]["h_m"] - b["apogee"]["h_m"]))
        d["apogee_t_s"] = max(d["apogee_t_s"], abs(a["apogee"]["t_s"] - b["apogee"]["t_s"]))
        d["r0_m"] = max(d["r0_m"], dist(a["r0_m"], b["r0_m"]))
        d["v0_mps"] = max(d["v0_mps"], dist(a["v0_mps"], b["v0_mps"]))
    return d


def source_string(conv):
    return (
        "validation/propagate_reference.py; "
        f"Python {platform.python_version()}, scipy {scipy.__version__}, numpy {np.__version__}, "
        f"pymap3d {pymap3d.__version__}; "
        f"scipy.integrate.solve_ivp method=DOP853 rtol={RTOL!r} atol={ATOL!r} (m, m/s) "
        f"max_step={MAX_STEP!r} s, dense output; "
        f"constants: mu={MU!r} m^3/s^2, omega={OMEGA_E!r} rad/s, J2={J2!r}, Re={RE_J2!r} m, "
        f"WGS-84 a={WGS84_A!r} m 1/f={WGS84_INV_F!r}, sphere R={SPHERE_R!r} m, "
        f"drag rho=1.225*exp(-h/7200 m) with h geodetic (pymap3d.ecef2geodetic), a=-rho|v|v/(2 beta); "
        "impact: terminal event h=0 descending (wgs84: geodetic height via pymap3d; sphere: |r|-R), "
        "impact lat/lon geodetic (wgs84) or geocentric (sphere); "
        "apogee: wgs84 = max geodetic height on dense output refined by minimize_scalar (xatol 1e-6 s), "
        "sphere = event r.v=0; "
        f"convergence vs rtol={CHECK_RTOL!r} atol={CHECK_ATOL!r}: "
        f"max impact position diff {conv['impact_r_m']:.3e} m, "
        f"max impact time diff {conv['impact_t_s']:.3e} s, "
        f"max apogee height diff {conv['apogee_h_m']:.3e} m"
    )


def dump(obj):
    return json.dumps(obj, indent=2, ensure_ascii=True) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="recompute and compare to the committed JSON; exit 1 on mismatch")
    ap.add_argument("--out", default=OUT_PATH, help="output JSON path")
    args = ap.parse_args()

    if args.check:
        with open(args.out) as f:
            committed = json.load(f)
        print(f"recomputing {len(CASES)} cases (rtol={RTOL}, atol={ATOL})", file=sys.stderr)
        new = compute_all(RTOL, ATOL)
        bad = []
        old_cases = committed["cases"]
        if [c["name"] for c in old_cases] != [c["name"] for c in new]:
            bad.append("case names/order differ")
        for a, b in zip(old_cases, new):
            for key in ("earth", "j2", "rotation", "drag", "beta_kg_m2"):
                if a[key] != b[key]:
                    bad.append(f"{a['name']}: {key} {a[key]!r} != {b[key]!r}")
        d = compare(old_cases, new)
        print("max differences vs committed: " + json.dumps(d), file=sys.stderr)
        for key, lim in (("impact_r_m", CHECK_POS_M), ("apogee_h_m", CHECK_POS_M),
                         ("r0_m", CHECK_POS_M), ("v0_mps", CHECK_POS_M),
                         ("impact_t_s", CHECK_T_S), ("apogee_t_s", 1e-3)):
            if not d[key] <= lim:
                bad.append(f"{key}: {d[key]:.3e} > {lim:.0e}")
        if bad:
            print("CHECK FAILED:\n  " + "\n  ".join(bad), file=sys.stderr)
            sys.exit(1)
        print("check OK", file=sys.stderr)
        return

    print(f"reference run: {len(CASES)} cases, rtol={RTOL}, atol={ATOL}", file=sys.stderr)
    ref = compute_all(RTOL, ATOL)
    print(f"convergence run: rtol={CHECK_RTOL}, atol={CHECK_ATOL}", file=sys.stderr)
    tight = compute_all(CHECK_RTOL, CHECK_ATOL, log=False)
    conv = compare(ref, tight)
    print(f"convergence: max impact position diff {conv['impact_r_m']:.3e} m, "
          f"max impact time diff {conv['impact_t_s']:.3e} s, "
          f"max apogee height diff {conv['apogee_h_m']:.3e} m, "
          f"max apogee time diff {conv['apogee_t_s']:.3e} s", file=sys.stderr)
    if conv["impact_r_m"] > 1e-2:
        print("WARNING: reference not converged to 1 cm", file=sys.stderr)
        sys.exit(1)

    doc = {"source": source_string(conv), "cases": ref}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(dump(doc))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
