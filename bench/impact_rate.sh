#!/usr/bin/env bash
# Impact predictions per second per core, Vigil vs scipy solve_ivp DOP853, side by side in
# one run on the same 200 states (bench/icbm_states.json), each at <= 10 m impact accuracy
# against the same tight reference.  See BENCHMARKS.md.
#
# Usage (from anywhere):  bash bench/impact_rate.sh
# Both measurements run pinned to one core (taskset -c ${BENCH_CPU:-0}) when taskset exists.
set -euo pipefail
cd "$(dirname "$0")/.."

pin=()
if command -v taskset >/dev/null 2>&1; then
    pin=(taskset -c "${BENCH_CPU:-0}")
fi

cargo build --release --quiet -p vigil-flight --example impact_rate
bin="$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/examples/impact_rate"

echo "== vigil (Accuracy::FAST) ==" >&2
vigil="$("${pin[@]}" "$bin" 2.0)"
echo "$vigil"
echo "== scipy solve_ivp DOP853 (loosest rtol meeting 10 m) ==" >&2
scipy="$("${pin[@]}" python3 bench/scipy_impact_rate.py)"
echo "$scipy"

python3 - "$vigil" "$scipy" <<'PY'
import json, sys
v, s = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
    "ratio_vigil_over_scipy": round(v["predictions_per_s"] / s["predictions_per_s"], 1),
    "vigil_predictions_per_s": v["predictions_per_s"],
    "scipy_predictions_per_s": s["predictions_per_s"],
    "vigil_max_impact_err_m": v["max_impact_err_m"],
    "scipy_max_impact_err_m": s["max_impact_err_m"],
}))
PY
