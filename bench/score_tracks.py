#!/usr/bin/env python3
"""Score track CSVs (`track_id,time_s,x,y,z,vx,vy,vz`, further columns ignored) against a
cartesian_load truth CSV.

One scoring for every tool. Truth position of object i at t: r0 + v t + (0, 0, -g t^2 / 2)
(g from the measurement file's `# gravity_mps2=` header, default 9.80665); every object is
truth at every scan of the measurement file. Each track state is matched to the nearest true
object position at its time; within --radius (1 km) it is a true state, else a false state.
Figures:

  ospa_m        OSPA (Schuhmacher, Vo & Vo 2008), cut-off c = 1 km, order p = 2, between the
                truth and the track states at each scan of the measurement file, averaged
                over the scans; the optimal assignment on min(d, c)^p (not Stone Soup's
                assignment on d, see validation/ospa_reference.py), solved exactly per
                connected group of pairs closer than c
  coverage      share of the truth states (objects x scans) that OSPA's assignment pairs with
                a track state closer than c
  rmse_m        position RMSE over true states (3-D, m)
  tracks        distinct confirmed track ids
  covered       distinct objects that are the match of at least one true state
  false_tracks  tracks whose states are more than half false
  false_states  states with no object within the radius
  median_first_s  median over covered objects of the time of its first true state
                  (scans are at 0, 10, 20 ... s; a measure of confirmation delay)

    python3 bench/score_tracks.py truth-100.csv meas-100.csv tracks.csv [more.csv ...]

prints one JSON line per tracks file;

    python3 bench/score_tracks.py --table DIR

scores every run listed in DIR/runs.jsonl (written by bench/tracker_compare.sh), prints a
Markdown table and writes DIR/scored.jsonl.
"""

import json
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

OSPA_C_M = 1000.0
OSPA_P = 2


def load_truth(path):
    a = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return a[:, 1:4], a[:, 4:7]


def gravity_of(meas_path):
    with open(meas_path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            k, _, v = line[1:].partition("=")
            if k.strip() == "gravity_mps2":
                return float(v)
    return 9.80665


def scan_times(meas_path):
    """The distinct times of the measurement file's rows (its scans), sorted."""
    with open(meas_path) as f:
        times = {float(line.split(",", 1)[0]) for line in f
                 if line[:1].isdigit() or line[:1] in "-."}
    return np.array(sorted(times))


def ospa_scan(truth, est, c=OSPA_C_M, p=OSPA_P):
    """OSPA between two point sets (rows), and how many pairs closer than c its optimal
    assignment makes. With n = max(|X|, |Y|), the optimal cost is c^p n minus the largest
    sum of (c^p - d^p) over matchings of pairs closer than c, which splits into the
    connected groups of such pairs."""
    n = max(len(truth), len(est))
    if n == 0:
        return 0.0, 0
    saving, pairs = 0.0, 0
    if len(truth) and len(est):
        near = cKDTree(truth).sparse_distance_matrix(cKDTree(est), c, output_type="coo_matrix")
        keep = near.data < c
        i, j, d = near.row[keep], near.col[keep], near.data[keep]
        if len(d):
            m = len(truth)
            graph = coo_matrix((np.ones(len(d)), (i, m + j)), shape=(m + len(est),) * 2)
            _, label = connected_components(graph, directed=False)
            group = label[i]
            order = np.argsort(group, kind="stable")
            i, j, d, group = i[order], j[order], d[order], group[order]
            bounds = np.flatnonzero(np.diff(group)) + 1
            for gi, gj, gd in zip(np.split(i, bounds), np.split(j, bounds),
                                  np.split(d, bounds)):
                ui, ri = np.unique(gi, return_inverse=True)
                uj, rj = np.unique(gj, return_inverse=True)
                w = np.zeros((len(ui), len(uj)))
                w[ri, rj] = c ** p - gd ** p
                a, b = linear_sum_assignment(w, maximize=True)
                chosen = w[a, b] > 0
                saving += w[a, b][chosen].sum()
                pairs += int(chosen.sum())
    cost = c ** p * n - saving
    return (max(cost, 0.0) / n) ** (1.0 / p), pairs


def median_first(ts, obj):
    """Median over objects of the earliest time at which each appears."""
    if len(ts) == 0:
        return None
    first = np.full(obj.max() + 1, np.inf)
    np.minimum.at(first, obj, ts)
    return float(np.median(first[np.isfinite(first)]))


def score(truth_path, meas_path, tracks_path, radius=1000.0):
    r0, v = load_truth(truth_path)
    g = gravity_of(meas_path)
    scans = scan_times(meas_path)

    def truth_at(t):
        truth = r0 + v * t
        truth[:, 2] -= 0.5 * g * t * t
        return truth

    rows = np.loadtxt(tracks_path, delimiter=",", skiprows=1, ndmin=2, usecols=range(8))
    if rows.size == 0:
        return {"file": tracks_path, "rmse_m": None, "tracks": 0, "covered": 0,
                "false_tracks": 0, "states": 0, "false_states": 0, "objects": len(r0),
                "ospa_m": OSPA_C_M, "coverage": 0.0, "median_first_s": None}
    ids, ts, pos = rows[:, 0].astype(np.int64), rows[:, 1], rows[:, 2:5]
    dist = np.empty(len(rows))
    obj = np.empty(len(rows), dtype=np.int64)
    for t in np.unique(ts):
        sel = ts == t
        d, i = cKDTree(truth_at(t)).query(pos[sel])
        dist[sel], obj[sel] = d, i
    ospa, paired = [], 0
    for t in scans:
        o, k = ospa_scan(truth_at(t), pos[ts == t])
        ospa.append(o)
        paired += k
    ok = dist <= radius
    per_track = defaultdict(lambda: [0, 0])  # id -> [true states, all states]
    for tid, good in zip(ids, ok):
        per_track[tid][0] += int(good)
        per_track[tid][1] += 1
    return {
        "file": tracks_path,
        "objects": len(r0),
        "scans": len(scans),
        "ospa_m": float(np.mean(ospa)),
        "coverage": paired / (len(r0) * len(scans)),
        "rmse_m": float(np.sqrt(np.mean(dist[ok] ** 2))) if ok.any() else None,
        "tracks": len(per_track),
        "covered": int(len(np.unique(obj[ok]))),
        "false_tracks": sum(1 for good, n in per_track.values() if good * 2 < n),
        "states": int(len(rows)),
        "false_states": int((~ok).sum()),
        "median_first_s": median_first(ts[ok], obj[ok]),
    }


def table(d):
    rows = [json.loads(line) for line in open(f"{d}/runs.jsonl")]
    meas = {}
    for r in rows:
        n = r["n"]
        r["seconds"] = float(r["seconds"])
        if n not in meas:
            meas[n] = sum(1 for line in open(f"{d}/meas-{n}.csv") if line[:1].isdigit())
        r.update(score(f"{d}/truth-{n}.csv", f"{d}/meas-{n}.csv", r["file"]))
        r["mps"] = meas[n] / r["seconds"]
    # Reference for the speed ratio: the fastest stock (not Vigil-matched) Stone Soup run at N.
    ref = {}
    for r in rows:
        if r["tool"] == "stonesoup" and not r["label"].startswith("sweep") \
                and "matched" not in r["label"]:
            ref[r["n"]] = max(ref.get(r["n"], 0), r["mps"])
    print("| N | tracker | output | q (m²/s³) | OSPA (m) | coverage | RMSE (m) | tracks "
          "| false | states | median first (s) | s | measurements/s | Vigil ÷ Stone Soup |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | ---: |")
    for r in rows:
        ratio = (f"{r['mps'] / ref[r['n']]:,.0f}×"
                 if r["tool"] == "vigil" and r["n"] in ref and not r["label"].startswith("sweep")
                 else "")
        rmse = f"{r['rmse_m']:.1f}" if r["rmse_m"] is not None else "–"
        first = f"{r['median_first_s']:.0f}" if r["median_first_s"] is not None else "–"
        print(f"| {r['n']:,} | {r['label']} | {r.get('output', 'updates-only')} | {r['q']:g} "
              f"| {r['ospa_m']:.1f} | {100 * r['coverage']:.1f} % | {rmse} | {r['tracks']:,} "
              f"| {r['false_tracks']} | {r['states']:,} | {first} | {r['seconds']:.3g} "
              f"| {r['mps']:,.0f} | {ratio} |")
    print("\nMeasurements: " + ", ".join(f"N = {n:,}: {m:,}" for n, m in sorted(meas.items())))
    with open(f"{d}/scored.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        table(sys.argv[2])
        sys.exit()
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    for p in sys.argv[3:]:
        print(json.dumps(score(sys.argv[1], sys.argv[2], p)))
