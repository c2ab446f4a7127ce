#!/usr/bin/env python3
"""Score `track_id,time_s,x,y,z,vx,vy,vz` track CSVs against a cartesian_load truth CSV.

One scoring for every tool. Truth position of object i at t: r0 + v t + (0, 0, -g t^2 / 2)
(g from the measurement file's `# gravity_mps2=` header, default 9.80665). Each track state
is matched to the nearest true object position at its time; within --radius (1 km) it is a
true state, else a false state. Figures:

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
from scipy.spatial import cKDTree


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
    rows = np.loadtxt(tracks_path, delimiter=",", skiprows=1, ndmin=2)
    if rows.size == 0:
        return {"file": tracks_path, "rmse_m": None, "tracks": 0, "covered": 0,
                "false_tracks": 0, "states": 0, "false_states": 0, "objects": len(r0)}
    ids, ts, pos = rows[:, 0].astype(np.int64), rows[:, 1], rows[:, 2:5]
    dist = np.empty(len(rows))
    obj = np.empty(len(rows), dtype=np.int64)
    for t in np.unique(ts):
        sel = ts == t
        truth = r0 + v * t
        truth[:, 2] -= 0.5 * g * t * t
        d, i = cKDTree(truth).query(pos[sel])
        dist[sel], obj[sel] = d, i
    ok = dist <= radius
    per_track = defaultdict(lambda: [0, 0])  # id -> [true states, all states]
    for tid, good in zip(ids, ok):
        per_track[tid][0] += int(good)
        per_track[tid][1] += 1
    return {
        "file": tracks_path,
        "objects": len(r0),
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
    print("| N | tracker | q (m²/s³) | measurements | s | measurements/s | Vigil ÷ Stone Soup "
          "| RMSE (m) | tracks | covered | false | median first (s) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ratio = (f"{r['mps'] / ref[r['n']]:,.0f}×"
                 if r["tool"] == "vigil" and r["n"] in ref and not r["label"].startswith("sweep")
                 else "")
        rmse = f"{r['rmse_m']:.1f}" if r["rmse_m"] is not None else "–"
        first = f"{r['median_first_s']:.0f}" if r["median_first_s"] is not None else "–"
        print(f"| {r['n']:,} | {r['label']} | {r['q']:g} | {meas[r['n']]:,} "
              f"| {r['seconds']:.3g} | {r['mps']:,.0f} | {ratio} | {rmse} | {r['tracks']:,} "
              f"| {r['covered']:,} | {r['false_tracks']} | {first} |")
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
