#!/usr/bin/env python3
"""Independent Stone Soup reference for Vigil's OSPA and GOSPA metrics.

What
----
Draws 48 fixed pairs of small 3-D point sets (truths, tracks; 0 to 6 points each,
never both empty) with cut-offs c in [1, 5] and orders p in {1, 2, 3}, and
writes to ``validation/ref/ospa.json``, per case:

    stonesoup_ospa      Stone Soup's OSPAMetric.compute_OSPA_distance
    ospa_optimal        OSPA from scipy's linear_sum_assignment on min(d, c)^p
                        (the definition's minimum; see the note below)
    stonesoup_ospa_is_optimal   1 if the two agree to 1e-12 relative, else 0
    gospa_*             Stone Soup's GOSPAMetric.compute_gospa_metric (alpha = 2):
                        distance, localisation, missed, false (the last three in
                        the p-th power, distance = (loc + missed + false)^(1/p))
    stonesoup_gospa_split_is_exact   0 where Stone Soup's split is unreliable:
                        it recognises a pair at the cut-off by comparing
                        np.power(c, p) with c ** p, which can differ by an ulp
                        (e.g. c = 1.496, p = 3); it then files cut-off pairs
                        under localisation instead of missed + false.  The
                        Rust test checks the distance of every case and the
                        split only where this flag is 1.

Stone Soup 1.9.1's OSPA solves the assignment on the distances d rather than on
d^p, so for p != 1 it can miss the minimum of the definition (Schuhmacher, Vo &
Vo 2008) and return a larger value; such cases are flagged, and the Rust test
checks them against ``ospa_optimal`` only (and that Vigil's value is smaller).

Format
------
To keep the Rust test free of a JSON library, each case is one flat array of
numbers, laid out as described by the file's ``layout`` field:

    [c, p, m, n, x_1..x_3m (truths, xyz), y_1..y_3n (tracks, xyz),
     ospa_optimal, stonesoup_ospa, stonesoup_ospa_is_optimal,
     gospa_distance, gospa_localisation, gospa_missed, gospa_false,
     stonesoup_gospa_split_is_exact]

Consumed by ``crates/tracking/src/metrics/ospa.rs`` (test ``ref_stonesoup_ospa``),
1e-9 relative.

Usage:  python3 validation/ospa_reference.py [--check]
(~2 s; --check recomputes and exits 1 if any value differs from the committed
file by more than 1e-12 relative.)
"""

import datetime
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from stonesoup.metricgenerator.ospametric import GOSPAMetric, OSPAMetric
from stonesoup.types.state import State

OUT = Path(__file__).resolve().parent / "ref" / "ospa.json"
T0 = datetime.datetime(2026, 1, 1)
LAYOUT = ("[c, p, m, n, truths xyz (3m), tracks xyz (3n), ospa_optimal, stonesoup_ospa, "
          "stonesoup_ospa_is_optimal (0/1), gospa_distance, gospa_localisation, "
          "gospa_missed, gospa_false, stonesoup_gospa_split_is_exact (0/1)]")


def states(points):
    return [State(np.array(p, dtype=float).reshape(3, 1), timestamp=T0) for p in points]


def ospa_optimal(x, y, c, p):
    m, n = len(x), len(y)
    big = max(m, n)
    if big == 0:
        return 0.0
    if min(m, n) == 0:
        return c
    d = np.linalg.norm(np.asarray(x)[:, None, :] - np.asarray(y)[None, :, :], axis=2)
    cost = np.minimum(d, c) ** p
    r, k = linear_sum_assignment(cost)
    return float(((cost[r, k].sum() + c ** p * (big - min(m, n))) / big) ** (1.0 / p))


def cases():
    rng = np.random.default_rng(20260101)
    out = []
    for i in range(48):
        m = int(rng.integers(0, 7))
        n = int(rng.integers(0, 7))
        if m == 0 and n == 0:
            n = 1
        c = float(np.round(rng.uniform(1.0, 5.0), 3))
        p = float([1, 2, 3][i % 3])
        # Points in a 6-unit cube, rounded so the JSON is short and exact.
        x = np.round(rng.uniform(0.0, 6.0, size=(m, 3)), 4).tolist()
        y = np.round(rng.uniform(0.0, 6.0, size=(n, 3)), 4).tolist()
        ss_ospa = float(OSPAMetric(c=c, p=p).compute_OSPA_distance(states(y), states(x)).value)
        opt = ospa_optimal(x, y, c, p)
        same = abs(ss_ospa - opt) <= 1e-12 * max(abs(opt), 1e-300)
        g, _ = GOSPAMetric(c=c, p=p).compute_gospa_metric(states(y), states(x))
        gv = g.value
        row = [c, p, m, n] + [v for pt in x for v in pt] + [v for pt in y for v in pt]
        row += [opt, ss_ospa, 1 if same else 0]
        row += [float(gv["distance"]), float(gv["localisation"]), float(gv["missed"]), float(gv["false"])]
        # Stone Soup tells cut-off pairs from assigned ones by comparing np.power(min(d, c), p)
        # with c ** p; where these differ by an ulp its split misfiles cut-off pairs as
        # localisation (the distance is unaffected).
        row += [1 if float(np.power(np.array([c]), p)[0]) == c ** p else 0]
        out.append(row)
    return out


def main():
    import scipy
    import stonesoup
    doc = {
        "source": f"stonesoup {stonesoup.__version__}, scipy {scipy.__version__}, numpy {np.__version__}",
        "layout": LAYOUT,
        "cases": cases(),
    }
    if "--check" in sys.argv[1:]:
        ref = json.loads(OUT.read_text())
        bad = 0
        for a, b in zip(ref["cases"], doc["cases"]):
            for u, v in zip(a, b):
                if abs(u - v) > 1e-12 * max(abs(u), 1.0):
                    bad += 1
        if bad or len(ref["cases"]) != len(doc["cases"]):
            print(f"ospa.json differs: {bad} values")
            return 1
        print("ospa.json matches")
        return 0
    text = json.dumps(doc, indent=None, separators=(",", ":"))
    # One case per line.
    text = text.replace('"cases":[[', '"cases":[\n[').replace("],[", "],\n[")
    OUT.write_text(text + "\n")
    flagged = sum(1 for r in doc["cases"] if r[-6] == 0)
    split = sum(1 for r in doc["cases"] if r[-1] == 0)
    print(f"wrote {OUT} ({len(doc['cases'])} cases, {flagged} with a suboptimal Stone Soup OSPA, "
          f"{split} with an unreliable Stone Soup GOSPA split)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
