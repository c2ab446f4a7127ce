"""Writes tour.ipynb (unexecuted) from the cells below; `run_notebook.py` executes it.

Kept as a script so the notebook's source is reviewable as Python.
"""

import pathlib

import nbformat

CELLS = [
    ("md", """# Vigil from Python: a tour

Warning times per architecture, a Monte Carlo histogram and a batch of 10,000 impact
predictions — the default scenario, illustrative numbers only."""),
    ("code", """import os, pathlib
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import vigil

FIGURES = pathlib.Path(os.environ.get("VIGIL_FIGURES", "figures"))  # CI writes elsewhere
FIGURES.mkdir(exist_ok=True)
scenario = vigil.Scenario.default()
scenario"""),
    ("md", """## One run: minutes of warning per launch and architecture
`Scenario.run()` is `vigil run`; `report.launches` holds the figures of `report.json`."""),
    ("code", """report = scenario.run()
warning = (report.launches.pivot(index="launch", columns="architecture", values="warning_time_s") / 60)[report.architectures]
ax = warning.plot.bar(figsize=(8, 4), rot=0)
ax.set_ylabel("warning, minutes")
ax.set_title("Warning time per launch and architecture (default scenario)")
plt.tight_layout()
plt.savefig(FIGURES / "warning-times.png", dpi=100)
warning.round(1)"""),
    ("md", """## Monte Carlo: how much does the warning time vary?
Each run index draws its own sensor noise (and uncertain inputs); runs go in parallel with
the GIL released."""),
    ("code", """runs = scenario.montecarlo(24)
launch = "slbm-south-ocean"
fig, ax = plt.subplots(figsize=(8, 4))
for arch in scenario.architectures:
    w = runs[(runs.launch == launch) & (runs.architecture == arch)].warning_time_s.fillna(0) / 60
    ax.hist(w, bins=np.arange(0, 25, 0.25), histtype="step", linewidth=2, label=arch)
ax.set_xlabel("warning, minutes")
ax.set_ylabel("runs")
ax.set_title(f"{launch}: warning time over {runs.run.nunique()} runs")
ax.legend()
plt.tight_layout()
plt.savefig(FIGURES / "montecarlo-warning.png", dpi=100)
runs.groupby(["launch", "architecture"]).warning_time_s.describe().round(1)"""),
    ("md", """## 10,000 impact predictions in one call
One ICBM burnout state (from `bench/icbm_states.json`) with 200 m and 5 m/s (1 σ) errors per
axis: where could it come down? `vigil.impacts` flies each of 10,000 draws as
`vigil propagate` does, in parallel."""),
    ("code", """import json
first = json.loads(pathlib.Path("../../../bench/icbm_states.json").read_text().splitlines()[0])
rng = np.random.default_rng(1)
n = 10_000
r0 = np.array(first["r0_m"]) + rng.normal(0.0, 200.0, (n, 3))
v0 = np.array(first["v0_mps"]) + rng.normal(0.0, 5.0, (n, 3))
hits = vigil.impacts(r0, v0)
nominal = vigil.impacts(np.array([first["r0_m"]]), np.array([first["v0_mps"]])).iloc[0]
ok = hits[hits.status == "ok"]
fig, ax = plt.subplots(figsize=(7, 5))
sc = ax.scatter(ok.lon_deg, ok.lat_deg, c=ok.impact_t_s / 60, s=2, cmap="viridis")
ax.plot(nominal.lon_deg, nominal.lat_deg, "r+", markersize=14, label="without errors")
ax.set_aspect(1 / np.cos(np.radians(nominal.lat_deg)))
ax.set_xlabel("longitude, °"); ax.set_ylabel("latitude, °")
ax.set_title(f"{len(ok):,} impacts of one perturbed burnout state")
ax.legend(loc="upper right")
fig.colorbar(sc, label="flight time, minutes", shrink=0.8)
plt.tight_layout()
plt.savefig(FIGURES / "impacts-map.png", dpi=100)
hits.describe().round(3)"""),
    ("md", """## The generic tracker on Cartesian measurements
`vigil.track` is `vigil track --input` (same rows, to the last bit): three ballistic objects
seen every 5 s with 50 m noise, 90 % detection and clutter, tracked with the default
constant-velocity-with-gravity EKF and GNN, scored with Vigil's OSPA (`vigil.ospa`)."""),
    ("code", """import pandas as pd
rng = np.random.default_rng(2)
t = np.arange(0.0, 200.0, 5.0)
r0 = rng.uniform(-50e3, 50e3, (3, 3)) + [0, 0, 150e3]
v0 = rng.uniform(-2e3, 2e3, (3, 3))
truth = r0 + v0 * t[:, None, None] - np.array([0, 0, 0.5 * 9.80665]) * t[:, None, None] ** 2
rows = [(tk, "s1", *(p + rng.normal(0, 50, 3))) for tk, ps in zip(t, truth) for p in ps if rng.random() < 0.9]
rows += [(tk, "s1", *rng.uniform(-300e3, 300e3, 3)) for tk in t for _ in range(rng.poisson(2))]
meas = pd.DataFrame(rows, columns=["time_s", "sensor_id", "x_m", "y_m", "z_m"]).sort_values("time_s", kind="stable")
tracks = vigil.track(meas)
confirmed = tracks[tracks.status != "tentative"]
ospa_m = [vigil.ospa(ps, confirmed[confirmed.time_s == tk][["x", "y", "z"]].to_numpy(), c_m=1e3)["distance"] for tk, ps in zip(t, truth)]
print(f"{len(meas)} measurements → {tracks.track_id.nunique()} tracks; OSPA (c = 1 km) over the last 100 s: {np.mean(ospa_m[-20:]):.0f} m")
tracks.groupby("track_id").agg(first_s=("time_s", "min"), last_s=("time_s", "max"), states=("status", "size"), median_sigma_pos_m=("sigma_pos_m", "median")).round(1)"""),
]


def main():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
        for kind, src in CELLS
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, pathlib.Path(__file__).with_name("tour.ipynb"))


if __name__ == "__main__":
    main()
