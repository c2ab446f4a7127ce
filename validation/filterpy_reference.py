#!/usr/bin/env python3
"""Independent filterpy reference for Vigil's Kalman filter steps.

What
----
Runs fixed, fully written-out predict/update sequences through filterpy's
filters and writes every intermediate estimate to ``validation/ref/filters.json``:

    kf_cv       KalmanFilter, constant velocity (6 states), Position measurement
    kf_ca       KalmanFilter, constant acceleration (9 states), Position
    kf_cvg      KalmanFilter, constant velocity + known gravity (control input
                B u, u = g), Position
    ekf_radar   ExtendedKalmanFilter, constant velocity in ECEF, radar range /
                azimuth / elevation
    ukf_cv      UnscentedKalmanFilter (MerweScaledSigmaPoints alpha=1, beta=2,
                kappa=0) on exactly the kf_cv inputs (linear: must equal kf_cv)
    ukf_radar   UnscentedKalmanFilter on exactly the ekf_radar inputs

Each step records: dt, the measurement z, the predicted estimate (mean, cov),
the innovation (residual y, covariance S) and the updated estimate.  The Rust
test ``crates/tracking/tests/ref_filterpy.rs`` runs Vigil's Ekf / Ukf on the
same x0, P0, dt and z (chained from x0, P0, as a tracker would) and requires
every mean, covariance, residual and S to match to 1e-9 relative (Frobenius
norm of the difference over the norm of the reference).

Why it is independent
---------------------
Only the *formulas* are shared with Vigil; the code is filterpy's (predict,
Joseph update, unscented transform, sigma points) and this script's own
models, written from the formulas below:

    CV   F = [[I, dt I], [0, I]],  Q = q [[dt^3/3 I, dt^2/2 I], [dt^2/2 I, dt I]]
         (continuous white-noise acceleration, q in m^2/s^3)
    CA   F = [[I, dt I, dt^2/2 I], [0, I, dt I], [0, 0, I]],
         Q = q [[dt^5/20, dt^4/8, dt^3/6], [dt^4/8, dt^3/3, dt^2/2],
                [dt^3/6, dt^2/2, dt]] (x) I   (white-noise jerk, q in m^2/s^5)
    CVG  CV plus x += B g with B = [[dt^2/2 I], [dt I]]
    State layout [x, y, z, vx, vy, vz(, ax, ay, az)], m, s.
    Position  h(x) = x[0:3],  R = diag(sigma^2)
    Radar     site s (ECEF, m) -> geodetic lat, lon by pymap3d.ecef2geodetic
              (WGS-84); E = ECEF->ENU rotation with rows
                 e = (-sin lon, cos lon, 0)
                 n = (-sin lat cos lon, -sin lat sin lon, cos lat)
                 u = ( cos lat cos lon,  cos lat sin lon, sin lat)
              d = E (r - s);  rho = |d|;  az = atan2(d_e, d_n) mod 2 pi;
              el = atan2(d_u, hypot(d_e, d_n));  R = diag(sr^2, sa^2, sa^2)
              Jacobian: drho/dd = d/rho; daz/dd = (d_n, -d_e, 0)/h^2;
              del/dd = (-d_e d_u, -d_n d_u, h^2)/(rho^2 h), h = hypot(d_e, d_n);
              times E for the position columns, zero for velocity.
              Residuals wrap the azimuth difference to (-pi, pi]
              (the geometry keeps az far from the 0/2 pi wrap anyway).
              The Jacobian is checked here against central differences.

Update forms
------------
filterpy 2.0.0's ``KalmanFilter.update`` and ``ExtendedKalmanFilter.update``
both use the Joseph form P = (I-KH)P(I-KH)' + KRK' (verified by reading the
installed source), like Vigil.  The script also evaluates the short form
P = (I-KH)P and records the largest difference (a conditioning sanity check).

``UnscentedKalmanFilter.update`` uses P = P - K S K' with K = Pxz S^-1.
Vigil's Ukf linearises statistically (H = Pxz' P^-1) and then applies the
Joseph update with the innovation's ``noise``.  Algebraically

    Joseph(H, R_n) = P - K S K' - K (S - H P H' - R_n) K'

so it equals filterpy's update iff R_n = S - H P H' (the measurement noise
plus the linearisation error Pzz - Pxz' P^-1 Pxz, which is zero only for a
linear h).  With R_n = R (nominal noise) Vigil's UKF covariance would be
smaller than the standard UKF's by K (Pzz - Pxz' P^-1 Pxz) K' -- the script
computes that size for ukf_radar and records it in ``source``.

Usage (from the repository root)
    python3 validation/filterpy_reference.py           # (re)write the JSON
    python3 validation/filterpy_reference.py --check   # recompute, compare to
                                                       # the committed JSON
``--check`` exits 1 if any recomputed number differs from the committed one by
more than 1e-10 relative to its vector/matrix norm.  (numpy's OpenBLAS picks
CPU-specific kernels at run time (DYNAMIC_ARCH), which sum in different orders:
on one 2-core CI machine the recomputation differed from the committed file by
2.0e-11 with the same pinned versions.  The Rust test's own tolerance is 1e-9,
so the check still guards the reference 10x tighter than it is used.)
"""

import argparse
import json
import math
import sys
from pathlib import Path

import filterpy
import numpy as np
import pymap3d
from filterpy.kalman import (ExtendedKalmanFilter, KalmanFilter,
                             MerweScaledSigmaPoints, UnscentedKalmanFilter)

OUT = Path(__file__).resolve().parent / "ref" / "filters.json"
CHECK_RTOL = 1e-10


# ---------------------------------------------------------------- models


def cv_f(dt):
    f = np.eye(6)
    f[0:3, 3:6] = dt * np.eye(3)
    return f


def cv_q(q, dt):
    i3 = np.eye(3)
    return q * np.block([[dt**3 / 3 * i3, dt**2 / 2 * i3],
                         [dt**2 / 2 * i3, dt * i3]])


def ca_f(dt):
    i3 = np.eye(3)
    z3 = np.zeros((3, 3))
    return np.block([[i3, dt * i3, dt**2 / 2 * i3],
                     [z3, i3, dt * i3],
                     [z3, z3, i3]])


def ca_q(q, dt):
    blk = np.array([[dt**5 / 20, dt**4 / 8, dt**3 / 6],
                    [dt**4 / 8, dt**3 / 3, dt**2 / 2],
                    [dt**3 / 6, dt**2 / 2, dt]])
    return q * np.kron(blk, np.eye(3))


def cvg_b(dt):
    return np.vstack([dt**2 / 2 * np.eye(3), dt * np.eye(3)])


def position_h(n):
    h = np.zeros((3, n))
    h[0:3, 0:3] = np.eye(3)
    return h


def wrap_pi(a):
    w = math.fmod(a, 2 * math.pi)
    if w <= -math.pi:
        w += 2 * math.pi
    elif w > math.pi:
        w -= 2 * math.pi
    return w


class Radar:
    """Range/azimuth/elevation from a site, written from the formulas."""

    def __init__(self, site_ecef, sigma_range_m, sigma_angle_rad):
        self.site = np.asarray(site_ecef, float)
        lat, lon, _ = pymap3d.ecef2geodetic(*self.site, deg=False)
        sl, cl = math.sin(lat), math.cos(lat)
        so, co = math.sin(lon), math.cos(lon)
        self.E = np.array([[-so, co, 0.0],
                           [-sl * co, -sl * so, cl],
                           [cl * co, cl * so, sl]])
        self.R = np.diag([sigma_range_m**2, sigma_angle_rad**2,
                          sigma_angle_rad**2])

    def enu(self, x):
        return self.E @ (np.asarray(x[0:3]) - self.site)

    def h(self, x):
        e, n, u = self.enu(x)
        rho = math.sqrt(e * e + n * n + u * u)
        az = math.atan2(e, n) % (2 * math.pi)
        el = math.atan2(u, math.hypot(e, n))
        return np.array([rho, az, el])

    def jacobian(self, x):
        e, n, u = self.enu(x)
        h2 = e * e + n * n
        hz = math.sqrt(h2)
        rho2 = h2 + u * u
        rho = math.sqrt(rho2)
        g = np.array([[e / rho, n / rho, u / rho],
                      [n / h2, -e / h2, 0.0],
                      [-e * u / (rho2 * hz), -n * u / (rho2 * hz), hz / rho2]])
        jac = np.zeros((3, 6))
        jac[:, 0:3] = g @ self.E
        return jac

    @staticmethod
    def residual(z, zp):
        return np.array([z[0] - zp[0], wrap_pi(z[1] - zp[1]), z[2] - zp[2]])

    def check_jacobian(self, x):
        """Central differences, 1e-6 relative per row (a self-test)."""
        jac = self.jacobian(x)
        for k in range(3):
            step = 1.0
            xp = np.array(x, float)
            xm = np.array(x, float)
            xp[k] += step
            xm[k] -= step
            fd = self.residual(self.h(xp), self.h(xm)) / (2 * step)
            for i in range(3):
                scale = max(np.abs(jac[i]).max(), 1e-12)
                assert abs(fd[i] - jac[i, k]) < 1e-6 * scale, (i, k)


# ---------------------------------------------------------------- inputs


def spd(rng, sig):
    """A covariance with the given standard deviations and random correlations."""
    n = len(sig)
    a = rng.normal(size=(n, n))
    c = a @ a.T + n * np.eye(n)
    d = np.sqrt(np.diag(c))
    corr = c / np.outer(d, d)
    return corr * np.outer(sig, sig)


def linear_inputs(rng, f_of, b_of, u, sigma, dts, truth0):
    """Measurements of a noise-free truth run (exact values are irrelevant:
    they are inputs, written out in full)."""
    zs = []
    xt = np.array(truth0, float)
    for dt in dts:
        xt = f_of(dt) @ xt
        if b_of is not None:
            xt = xt + b_of(dt) @ u
        zs.append(xt[0:3] + rng.normal(size=3) * sigma)
    return zs


def make_cases():
    rng = np.random.default_rng(20240604)
    cases = {}

    # (a) CV, Position.
    dts = [1.0, 0.5, 2.5, 0.1, 4.0, 1.0, 0.25, 3.0, 7.5, 1.5]
    sigma = np.array([30.0, 40.0, 50.0])
    x0 = np.array([1000.0, -2000.0, 500.0, 30.0, -10.0, 5.0])
    p0 = spd(rng, [200.0, 250.0, 150.0, 20.0, 15.0, 10.0])
    truth0 = x0 + np.array([150.0, -100.0, 80.0, 8.0, -5.0, 3.0])
    zs = linear_inputs(rng, cv_f, None, None, sigma, dts, truth0)
    cases["cv"] = dict(q=0.5, sigma=sigma, x0=x0, p0=p0, dts=dts, zs=zs)

    # (b) CA, Position.
    dts = [1.0, 0.5, 2.0, 0.2, 3.0, 1.0, 0.75, 2.5]
    sigma = np.array([20.0, 20.0, 35.0])
    x0 = np.array([-500.0, 800.0, 3000.0, 120.0, 60.0, 40.0, 2.0, -1.0, 0.5])
    p0 = spd(rng, [100.0, 100.0, 120.0, 15.0, 15.0, 20.0, 2.0, 2.0, 3.0])
    truth0 = x0 + np.array([60.0, -40.0, 90.0, 5.0, 7.0, -6.0, 1.0, 0.5,
                            -1.5])
    zs = linear_inputs(rng, ca_f, None, None, sigma, dts, truth0)
    cases["ca"] = dict(q=0.05, sigma=sigma, x0=x0, p0=p0, dts=dts, zs=zs)

    # (b') CV with known gravity, Position.
    g = np.array([0.0, 0.0, -9.80665])
    dts = [1.0, 2.0, 0.5, 3.0, 1.0, 4.0, 0.3, 2.0]
    sigma = np.array([50.0, 50.0, 50.0])
    x0 = np.array([0.0, 0.0, 10000.0, 1400.0, 300.0, 1400.0])
    p0 = spd(rng, [300.0, 300.0, 300.0, 40.0, 40.0, 40.0])
    truth0 = x0 + np.array([-120.0, 200.0, 90.0, 20.0, -15.0, 10.0])
    zs = linear_inputs(rng, cv_f, cvg_b, g, sigma, dts, truth0)
    cases["cvg"] = dict(q=0.2, gravity=g, sigma=sigma, x0=x0, p0=p0,
                        dts=dts, zs=zs)

    # (c, d) Radar: site near 52.3 N, 4.8 E (ECEF rounded to 1 mm; the ECEF
    # values are authoritative), target ~750 km to the north-east at ~250 km
    # altitude, azimuth ~45 deg: far from the 0 / 2 pi wrap.
    site = np.round(np.array(pymap3d.geodetic2ecef(52.3, 4.8, 30.0)), 3)
    radar = Radar(site, 50.0, 1.0e-3)
    enu0 = np.array([520e3, 540e3, 250e3])
    venu = np.array([2500.0, 1800.0, -400.0])
    r0 = site + radar.E.T @ enu0
    v0 = radar.E.T @ venu
    truth0 = np.concatenate([r0, v0])
    x0 = truth0 + np.array([900.0, -700.0, 500.0, -40.0, 30.0, 25.0])
    p0 = spd(rng, [1500.0, 1500.0, 1500.0, 80.0, 80.0, 80.0])
    dts = [5.0, 2.0, 10.0, 1.0, 5.0, 3.0, 7.0, 0.5]
    q = 1.0
    zs = []
    xt = truth0.copy()
    for dt in dts:
        xt = cv_f(dt) @ xt
        zs.append(radar.h(xt) + rng.normal(size=3) * np.array(
            [50.0, 1.0e-3, 1.0e-3]))
        radar.check_jacobian(xt)
    cases["radar"] = dict(q=q, site=site, sigma_range_m=50.0,
                          sigma_angle_rad=1.0e-3, x0=x0, p0=p0, dts=dts,
                          zs=zs)
    return cases


# ---------------------------------------------------------------- runs


def est(x, p):
    return {"mean": [float(v) for v in np.ravel(x)],
            "cov": [[float(v) for v in row] for row in np.asarray(p)]}


def run_kf(c, n, f_of, q_of, b_of=None, u=None):
    kf = KalmanFilter(dim_x=n, dim_z=3)
    kf.x = np.array(c["x0"], float).reshape(n, 1)
    kf.P = np.array(c["p0"], float)
    h = position_h(n)
    r = np.diag(np.asarray(c["sigma"]) ** 2)
    steps = []
    short_dev = 0.0
    for dt, z in zip(c["dts"], c["zs"]):
        if b_of is None:
            kf.predict(F=f_of(dt), Q=q_of(dt))
        else:
            kf.predict(u=np.asarray(u).reshape(3, 1), B=b_of(dt), F=f_of(dt),
                       Q=q_of(dt))
        pred = est(kf.x, kf.P)
        p_prior = kf.P.copy()
        kf.update(np.asarray(z).reshape(3, 1), R=r, H=h)
        short = (np.eye(n) - kf.K @ h) @ p_prior
        short_dev = max(short_dev, np.linalg.norm(short - kf.P)
                        / np.linalg.norm(kf.P))
        steps.append({"dt_s": dt, "z": [float(v) for v in z],
                      "predicted": pred,
                      "innovation": {"residual": [float(v) for v in
                                                  np.ravel(kf.y)],
                                     "cov": est(np.zeros(3), kf.S)["cov"]},
                      "updated": est(kf.x, kf.P)})
    return steps, short_dev


def run_ekf(c):
    radar = Radar(c["site"], c["sigma_range_m"], c["sigma_angle_rad"])
    ekf = ExtendedKalmanFilter(dim_x=6, dim_z=3)
    ekf.x = np.array(c["x0"], float)
    ekf.P = np.array(c["p0"], float)
    steps = []
    short_dev = 0.0
    for dt, z in zip(c["dts"], c["zs"]):
        ekf.F = cv_f(dt)
        ekf.Q = cv_q(c["q"], dt)
        ekf.predict()
        pred = est(ekf.x, ekf.P)
        p_prior = ekf.P.copy()
        ekf.update(np.asarray(z, float), radar.jacobian, radar.h, R=radar.R,
                   residual=Radar.residual)
        hj = radar.jacobian(np.array(pred["mean"]))
        short = (np.eye(6) - ekf.K @ hj) @ p_prior
        short_dev = max(short_dev, np.linalg.norm(short - ekf.P)
                        / np.linalg.norm(ekf.P))
        steps.append({"dt_s": dt, "z": [float(v) for v in z],
                      "predicted": pred,
                      "innovation": {"residual": [float(v) for v in ekf.y],
                                     "cov": est(np.zeros(3), ekf.S)["cov"]},
                      "updated": est(ekf.x, ekf.P)})
    return steps, short_dev


def make_ukf(n, hx, residual_z=None):
    points = MerweScaledSigmaPoints(n, alpha=1.0, beta=2.0, kappa=0.0)
    return UnscentedKalmanFilter(dim_x=n, dim_z=3, dt=1.0, hx=hx,
                                 fx=lambda x, dt: cv_f(dt) @ x, points=points,
                                 residual_z=residual_z)


def run_ukf(c, radar=None):
    if radar is None:
        hx = lambda x: np.asarray(x[0:3], float)  # noqa: E731
        r = np.diag(np.asarray(c["sigma"]) ** 2)
        ukf = make_ukf(6, hx)
    else:
        r = radar.R
        ukf = make_ukf(6, radar.h, residual_z=Radar.residual)
    ukf.x = np.array(c["x0"], float)
    ukf.P = np.array(c["p0"], float)
    steps = []
    joseph_nominal_dev = 0.0
    joseph_effective_dev = 0.0
    for dt, z in zip(c["dts"], c["zs"]):
        ukf.Q = cv_q(c["q"], dt)
        ukf.predict(dt=dt)
        pred = est(ukf.x, ukf.P)
        p_prior = ukf.P.copy()
        ukf.update(np.asarray(z, float), R=r)
        # Vigil-style statistical linearisation + Joseph with the nominal R:
        # how far from the standard UKF update would that be?
        pxz = ukf.K @ ukf.S
        hs = np.linalg.solve(p_prior, pxz).T
        ikh = np.eye(6) - ukf.K @ hs
        joseph_nominal = ikh @ p_prior @ ikh.T + ukf.K @ r @ ukf.K.T
        joseph_nominal_dev = max(joseph_nominal_dev,
                                 np.linalg.norm(joseph_nominal - ukf.P)
                                 / np.linalg.norm(ukf.P))
        # ... and with the effective noise S - H P H' instead (equal to it).
        r_eff = ukf.S - hs @ p_prior @ hs.T
        joseph_eff = ikh @ p_prior @ ikh.T + ukf.K @ r_eff @ ukf.K.T
        joseph_effective_dev = max(joseph_effective_dev,
                                   np.linalg.norm(joseph_eff - ukf.P)
                                   / np.linalg.norm(ukf.P))
        steps.append({"dt_s": dt, "z": [float(v) for v in z],
                      "predicted": pred,
                      "innovation": {"residual": [float(v) for v in ukf.y],
                                     "cov": est(np.zeros(3), ukf.S)["cov"]},
                      "updated": est(ukf.x, ukf.P)})
    return steps, (joseph_nominal_dev, joseph_effective_dev)


def max_rel_dev(steps_a, steps_b):
    dev = 0.0
    for a, b in zip(steps_a, steps_b):
        for key in ("predicted", "updated"):
            for part in ("mean", "cov"):
                x = np.array(a[key][part])
                y = np.array(b[key][part])
                dev = max(dev, np.linalg.norm(x - y) / np.linalg.norm(y))
    return dev


def build():
    c = make_cases()
    notes = {}
    out = []

    def position(cs):
        return {"model": "position", "sigma_m": [float(v) for v in cs["sigma"]]}

    def common(cs):
        return {"x0": [float(v) for v in cs["x0"]],
                "P0": [[float(v) for v in row] for row in cs["p0"]]}

    cv = c["cv"]
    steps_cv, d = run_kf(cv, 6, cv_f, lambda dt: cv_q(cv["q"], dt))
    notes["kf_cv"] = d
    out.append({"name": "kf_cv", "filter": "kf",
                "motion": {"model": "cv", "q": cv["q"]},
                "measurement": position(cv), **common(cv), "steps": steps_cv})

    ca = c["ca"]
    steps, d = run_kf(ca, 9, ca_f, lambda dt: ca_q(ca["q"], dt))
    notes["kf_ca"] = d
    out.append({"name": "kf_ca", "filter": "kf",
                "motion": {"model": "ca", "q": ca["q"]},
                "measurement": position(ca), **common(ca), "steps": steps})

    cvg = c["cvg"]
    steps, d = run_kf(cvg, 6, cv_f, lambda dt: cv_q(cvg["q"], dt), cvg_b,
                      cvg["gravity"])
    notes["kf_cvg"] = d
    out.append({"name": "kf_cvg", "filter": "kf",
                "motion": {"model": "cvg", "q": cvg["q"],
                           "gravity": [float(v) for v in cvg["gravity"]]},
                "measurement": position(cvg), **common(cvg), "steps": steps})

    rd = c["radar"]
    radar_meas = {"model": "radar_rae",
                  "site_ecef_m": [float(v) for v in rd["site"]],
                  "sigma_range_m": rd["sigma_range_m"],
                  "sigma_angle_rad": rd["sigma_angle_rad"]}
    steps_ekf, d = run_ekf(rd)
    notes["ekf_radar"] = d
    out.append({"name": "ekf_radar", "filter": "ekf",
                "motion": {"model": "cv", "q": rd["q"]},
                "measurement": radar_meas, **common(rd), "steps": steps_ekf})

    ukf_params = {"alpha": 1.0, "beta": 2.0, "kappa": 0.0}
    steps, d = run_ukf(cv)
    notes["ukf_cv_vs_kf"] = max_rel_dev(steps, steps_cv)
    notes["ukf_cv_joseph_nominal"], notes["ukf_cv_joseph_effective"] = d
    assert notes["ukf_cv_vs_kf"] < 1e-9, notes
    out.append({"name": "ukf_cv", "filter": "ukf", "ukf": ukf_params,
                "motion": {"model": "cv", "q": cv["q"]},
                "measurement": position(cv), **common(cv), "steps": steps})

    radar = Radar(rd["site"], rd["sigma_range_m"], rd["sigma_angle_rad"])
    steps, d = run_ukf(rd, radar)
    notes["ukf_radar_joseph_nominal"], notes["ukf_radar_joseph_effective"] = d
    notes["ukf_radar_vs_ekf"] = max_rel_dev(steps, steps_ekf)
    out.append({"name": "ukf_radar", "filter": "ukf", "ukf": ukf_params,
                "motion": {"model": "cv", "q": rd["q"]},
                "measurement": radar_meas, **common(rd), "steps": steps})

    lat, lon, alt = pymap3d.ecef2geodetic(*rd["site"], deg=True)
    source = (
        "validation/filterpy_reference.py (filterpy %s, numpy %s, pymap3d %s, "
        "Python %s). filterpy KalmanFilter / ExtendedKalmanFilter (Joseph "
        "update) / UnscentedKalmanFilter (MerweScaledSigmaPoints alpha=1 "
        "beta=2 kappa=0, update P - K S K'). Models written from the "
        "formulas: CV F=[[I,dt I],[0,I]], Q=q[[dt^3/3,dt^2/2],[dt^2/2,dt]](x)I; "
        "CA Q=q[[dt^5/20,dt^4/8,dt^3/6],[dt^4/8,dt^3/3,dt^2/2],"
        "[dt^3/6,dt^2/2,dt]](x)I; CVG = CV + B g, B=[[dt^2/2 I],[dt I]]; "
        "Position h=x[0:3]; radar d=E(r-site) with E the ECEF->ENU rotation "
        "of the site's geodetic lat/lon (pymap3d.ecef2geodetic: %.9f, %.9f "
        "deg), rho=|d|, az=atan2(d_e,d_n) mod 2pi, el=atan2(d_u,hypot(d_e,"
        "d_n)), azimuth residual wrapped to (-pi,pi]. Steps are chained from "
        "x0,P0. Max relative deviations: short form (I-KH)P vs Joseph: "
        "kf_cv %.1e, kf_ca %.1e, kf_cvg %.1e, ekf_radar %.1e; ukf_cv vs "
        "kf_cv %.1e; Joseph update with statistical linearisation and the "
        "nominal R instead of S-HPH' vs filterpy's UKF update: ukf_cv %.1e, "
        "ukf_radar %.1e; the same with R_n = S-HPH': ukf_cv %.1e, "
        "ukf_radar %.1e."
        % (filterpy.__version__, np.__version__, pymap3d.__version__,
           sys.version.split()[0], lat, lon, notes["kf_cv"], notes["kf_ca"],
           notes["kf_cvg"], notes["ekf_radar"], notes["ukf_cv_vs_kf"],
           notes["ukf_cv_joseph_nominal"], notes["ukf_radar_joseph_nominal"],
           notes["ukf_cv_joseph_effective"],
           notes["ukf_radar_joseph_effective"]))
    return {"source": source, "cases": out}, notes


def compare(a, b, path="$"):
    """Largest relative deviation between two JSON trees of numbers, taken
    per innermost list (vector or matrix row group) relative to its norm."""
    if isinstance(a, dict):
        assert set(a) == set(b), path
        return max([compare(a[k], b[k], path + "." + k) for k in a
                    if k != "source"] + [0.0])
    if isinstance(a, list) and a and isinstance(a[0], (list, float, int)) \
            and not isinstance(a[0], dict):
        x = np.array(a, float)
        y = np.array(b, float)
        assert x.shape == y.shape, path
        return float(np.linalg.norm(x - y) / max(np.linalg.norm(y), 1e-300))
    if isinstance(a, list):
        assert len(a) == len(b), path
        return max([compare(x, y, path + "[]") for x, y in zip(a, b)] + [0.0])
    if isinstance(a, float):
        return abs(a - b) / max(abs(b), 1e-300)
    assert a == b, path
    return 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="recompute and compare to the committed JSON")
    args = ap.parse_args()
    data, notes = build()
    for k, v in notes.items():
        print("%-28s %.2e" % (k, v))
    if args.check:
        committed = json.loads(OUT.read_text())
        dev = compare(data, committed)
        print("max relative deviation from %s: %.2e" % (OUT, dev))
        if dev > CHECK_RTOL:
            print("FAIL: above %.0e" % CHECK_RTOL)
            sys.exit(1)
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
