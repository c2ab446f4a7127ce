#!/usr/bin/env python3
"""Stock Stone Soup GNN Kalman tracker on a `vigil track --input` measurement CSV.

The standard components of Stone Soup's multi-target tutorials, nothing custom:

* CombinedLinearGaussianTransitionModel of 3 x ConstantVelocity(q)  (state x,vx,y,vy,z,vz)
* LinearGaussian measurement model, sigma from the `# noise_std_m=` header (50 m)
* KalmanPredictor / KalmanUpdater
* DistanceHypothesiser, Mahalanobis measure, missed distance sqrt(chi2_3(0.9999)) ~= 4.63
* GNNWith2DAssignment (or, with --kdtree, the stock DetectionKDTreeGNN2D: the same GNN
  after a kd-tree pre-gate of --kdtree-radius metres; lossless when the radius exceeds
  every gate, see below)
* MultiMeasurementInitiator(min_points=3) holding single-point tracks built by
  SimpleMeasurementInitiator from a zero-mean velocity prior of sigma = max_speed / 4.63
  per axis, so the first Mahalanobis gate of a held track is a speed gate of max_speed
  (8 km/s, Vigil's two-point default); held tracks die after --delete-steps missed scans
* UpdateTimeStepsDeleter(--delete-steps, default 3) for confirmed tracks
* MultiTargetTracker

Output (`--out`), as `vigil track --input` writes it: for every track the tracker has output
(confirmed), `track_id,time_s,x,y,z,vx,vy,vz,status,sigma_pos_m` at every state of the track
from its first detection to its last update -- status `tentative` before the scan at which the
tracker first output it, then `updated` (a state with a measurement) or `coasted` (Stone Soup's
prediction on a missed scan); sigma_pos_m = sqrt(trace of the position covariance), m.
With `--updates-out FILE`, also the rows `vigil track --input --updates-only` writes: the
eight columns, one row per *update* from the scan of confirmation on (the `updated` rows).
Prints one JSON line; "seconds" covers the tracking loop only (not CSV I/O).

    python3 bench/stonesoup_tracker.py meas-100.csv --q 1000 --out ss-100.csv
"""

import argparse
import datetime
import json
import math
import sys
import time
from collections import defaultdict

import numpy as np
import scipy.stats
import stonesoup
from stonesoup.dataassociator.neighbour import GNNWith2DAssignment
from stonesoup.dataassociator.tree import DetectionKDTreeGNN2D
from stonesoup.deleter.time import UpdateTimeStepsDeleter
from stonesoup.hypothesiser.distance import DistanceHypothesiser
from stonesoup.initiator.simple import MultiMeasurementInitiator
from stonesoup.measures import Mahalanobis
from stonesoup.models.measurement.linear import LinearGaussian
from stonesoup.models.transition.linear import (
    CombinedLinearGaussianTransitionModel,
    ConstantVelocity,
)
from stonesoup.predictor.kalman import KalmanPredictor
from stonesoup.tracker.simple import MultiTargetTracker
from stonesoup.types.detection import Detection
from stonesoup.types.state import GaussianState
from stonesoup.types.prediction import Prediction
from stonesoup.types.update import Update
from stonesoup.updater.kalman import KalmanUpdater

EPOCH = datetime.datetime(2000, 1, 1)


def read_measurements(path):
    """Header values and a time-sorted list of (t_s, [x, y, z])."""
    header = {}
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                k, _, v = line[1:].partition("=")
                header[k.strip()] = v.strip()
                continue
            if line.startswith("time_s"):
                continue
            c = line.split(",")
            rows.append((float(c[0]), [float(c[2]), float(c[3]), float(c[4])]))
    return header, rows


def scans(rows, measurement_model):
    """(datetime, set of Detection) per scan time, as a Stone Soup detector yields."""
    by_t = defaultdict(list)
    for t, z in rows:
        by_t[t].append(z)
    out = []
    for t in sorted(by_t):
        stamp = EPOCH + datetime.timedelta(seconds=t)
        out.append((stamp, {
            Detection(np.array(z).reshape(3, 1), timestamp=stamp,
                      measurement_model=measurement_model)
            for z in by_t[t]}))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="meas-N.csv (time_s,sensor_id,x_m,y_m,z_m)")
    ap.add_argument("--q", type=float, default=1000.0,
                    help="ConstantVelocity noise_diff_coeff, m^2/s^3 (default 1000)")
    ap.add_argument("--gate", type=float, default=0.9999, help="chi2_3 gate probability")
    ap.add_argument("--min-points", type=int, default=3)
    ap.add_argument("--delete-steps", type=int, default=3,
                    help="UpdateTimeStepsDeleter time_steps_since_update (default 3)")
    ap.add_argument("--max-speed", type=float, default=8000.0,
                    help="velocity prior sigma = max_speed / sqrt(chi2 gate), m/s")
    ap.add_argument("--kdtree", action="store_true",
                    help="use the stock DetectionKDTreeGNN2D (kd-tree pre-gate) instead of "
                         "GNNWith2DAssignment, in the tracker and the initiator")
    ap.add_argument("--kdtree-radius", type=float, default=300e3,
                    help="kd-tree pre-gate radius, m (default 300 km)")
    ap.add_argument("--objects", type=int, default=None, help="N, for the JSON line")
    ap.add_argument("--out", required=True, help="tracks CSV to write (every state of a life)")
    ap.add_argument("--updates-out", default=None,
                    help="also write the updates-only CSV (eight columns) here")
    a = ap.parse_args()

    header, rows = read_measurements(a.input)
    sigma = float(header.get("noise_std_m", 50.0))
    gate = math.sqrt(scipy.stats.chi2.ppf(a.gate, 3))

    transition = CombinedLinearGaussianTransitionModel([ConstantVelocity(a.q)] * 3)
    measurement = LinearGaussian(ndim_state=6, mapping=(0, 2, 4),
                                 noise_covar=np.diag([sigma ** 2] * 3))
    predictor = KalmanPredictor(transition)
    updater = KalmanUpdater(measurement)
    hypothesiser = DistanceHypothesiser(predictor, updater, measure=Mahalanobis(),
                                        missed_distance=gate)

    def associator():
        if a.kdtree:
            return DetectionKDTreeGNN2D(hypothesiser, predictor, updater,
                                        max_distance=a.kdtree_radius)
        return GNNWith2DAssignment(hypothesiser)

    v_sigma = a.max_speed / gate
    prior = GaussianState(np.zeros((6, 1)),
                          np.diag([0.0, v_sigma ** 2, 0.0, v_sigma ** 2, 0.0, v_sigma ** 2]))
    initiator = MultiMeasurementInitiator(
        prior_state=prior,
        measurement_model=measurement,
        deleter=UpdateTimeStepsDeleter(a.delete_steps),
        data_associator=associator(),
        updater=updater,
        min_points=a.min_points,
    )
    detections = scans(rows, measurement)
    tracker = MultiTargetTracker(
        initiator=initiator,
        deleter=UpdateTimeStepsDeleter(a.delete_steps),
        detector=detections,
        data_associator=associator(),
        updater=updater,
    )

    confirmed_at = {}  # track -> (id, first time the tracker output it)
    start = time.perf_counter()
    for stamp, tracks in tracker:
        for track in tracks:
            if track not in confirmed_at:
                confirmed_at[track] = (len(confirmed_at), stamp)
    seconds = time.perf_counter() - start

    states = 0
    with open(a.out, "w") as f:
        f.write("track_id,time_s,x,y,z,vx,vy,vz,status,sigma_pos_m\n")
        for track, (tid, since) in confirmed_at.items():
            kept = [s for s in track.states
                    if isinstance(s, Prediction) or (isinstance(s, Update) and s.hypothesis)]
            last = max((k for k, s in enumerate(kept) if isinstance(s, Update)), default=-1)
            for s in kept[:last + 1]:
                x = s.state_vector.ravel()
                t = (s.timestamp - EPOCH).total_seconds()
                if s.timestamp < since:
                    status = "tentative"
                elif isinstance(s, Update):
                    status = "updated"
                else:
                    status = "coasted"
                sigma = math.sqrt(max(0.0, s.covar[0, 0] + s.covar[2, 2] + s.covar[4, 4]))
                f.write(f"{tid},{t},{x[0]},{x[2]},{x[4]},{x[1]},{x[3]},{x[5]},{status},{sigma}\n")
                states += 1
    if a.updates_out:
        with open(a.updates_out, "w") as f:
            f.write("track_id,time_s,x,y,z,vx,vy,vz\n")
            for track, (tid, since) in confirmed_at.items():
                for s in track.states:
                    if s.timestamp < since or not isinstance(s, Update) or not s.hypothesis:
                        continue
                    x = s.state_vector.ravel()
                    t = (s.timestamp - EPOCH).total_seconds()
                    f.write(f"{tid},{t},{x[0]},{x[2]},{x[4]},{x[1]},{x[3]},{x[5]}\n")
    print(json.dumps({
        "tool": "stonesoup", "version": stonesoup.__version__,
        "associator": "DetectionKDTreeGNN2D" if a.kdtree else "GNNWith2DAssignment",
        "objects": a.objects, "q": a.q, "measurements": len(rows), "seconds": seconds,
        "measurements_per_s": len(rows) / seconds,
        "confirmed_tracks": len(confirmed_at), "states": states,
    }))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
