"""Timing of vigil.impacts: N states at once, and the cost of one call for a single state.

    python crates/python/bench/impacts.py [N]      # default N = 100000
"""

import os
import sys
import time

import numpy as np

import vigil

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from test_impacts import states  # noqa: E402


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    r0, v0 = states(n)
    t_batch = best(lambda: vigil.impacts(r0, v0), 3)
    df = vigil.impacts(r0, v0)
    r1, v1 = r0[:1].copy(), v0[:1].copy()
    t_one = best(lambda: vigil.impacts(r1, v1), 200)
    k = 2000
    t_loop = best(lambda: [vigil.impacts(r0[i : i + 1], v0[i : i + 1]) for i in range(k)], 1) / k
    print(f"threads (rayon): {os.environ.get('RAYON_NUM_THREADS', os.cpu_count())}")
    print(f"{n} states in one call: {t_batch:.3f} s = {t_batch / n * 1e6:.1f} µs/state ({(df.status == 'ok').mean():.1%} ok)")
    print(f"one state per call: {t_one * 1e6:.0f} µs/call (best of 200); loop of {k} single calls: {t_loop * 1e6:.0f} µs/state")


if __name__ == "__main__":
    main()
