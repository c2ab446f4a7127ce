#!/usr/bin/env bash
# Vigil's generic tracker against a stock Stone Soup GNN Kalman tracker on the same
# cartesian_load scenarios (N ballistic-like objects, 60 scans 10 s apart, Pd 0.9, 5 false
# alarms per scan, 50 m noise per axis), scored by one function (bench/score_tracks.py):
# OSPA (c = 1 km, p = 2), coverage of the truth states, RMSE, tracks, false tracks,
# measurements/s.
#
#   bench/tracker_compare.sh [OUT_DIR]          (default /tmp/vigil-tracker-compare)
#
# Each tracker's output is scored twice: its whole life (every scan of a confirmed track from
# its first detection to its last update: tentative states, updates, coasted predictions --
# `vigil track`'s default output) and its updates only (the states with a measurement from
# confirmation on -- `vigil track --updates-only`). Stone Soup writes both from one run.
#
# Environment (defaults in brackets):
#   SIZES     object counts to generate and run Vigil on            ["100 1000"]
#   Q         CV process noise, m^2/s^3, the same for both tools    [1000]
#   SS_MAX    largest N Stone Soup runs at all (kd-tree GNN)        [1000]
#   SS_PLAIN_MAX  largest N for Stone Soup's plain GNNWith2DAssignment, which tests every
#             track against every detection (17 s at N=100, ~30 min at N=1000)   [100]
#   MATCHED   1: also run Stone Soup with Vigil's confirmation and deletion counts
#             (min_points 4, 4 missed scans)                        [1]
#   SWEEP     1: first sweep q in {100, 1000, 5000} on N=100 for both tools     [0]
#   REPEAT    timed repeats of each Vigil run (best is kept; the repeats' files must be
#             byte-identical, or the script stops)                  [3]
#   PYTHON    a Python with Stone Soup 1.9.1, NumPy and SciPy; when unset, python3 if it
#             imports stonesoup, else a venv made at /tmp/vigil-stonesoup-venv
#             (pip install stonesoup==1.9.1)
#   VIGIL     a `vigil` binary to use instead of building one (cargo build --release -p
#             vigil-cli); LOAD: the same for the cartesian_load example
#
# Vigil's time is the wall time of the whole `vigil track` process (CSV parse, tracking,
# CSV write: conservative); Stone Soup's is its tracking loop only.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${1:-/tmp/vigil-tracker-compare}
SIZES=${SIZES:-"100 1000"}
Q=${Q:-1000}
SS_MAX=${SS_MAX:-1000}
SS_PLAIN_MAX=${SS_PLAIN_MAX:-100}
MATCHED=${MATCHED:-1}
SWEEP=${SWEEP:-0}
REPEAT=${REPEAT:-3}
mkdir -p "$DIR"
RUNS="$DIR/runs.jsonl"
: >"$RUNS"

if [ -z "${PYTHON:-}" ]; then
    if python3 -c 'import stonesoup' 2>/dev/null; then
        PYTHON=python3
    else
        venv=/tmp/vigil-stonesoup-venv
        if ! "$venv/bin/python" -c 'import stonesoup' 2>/dev/null; then
            python3 -m venv "$venv"
            "$venv/bin/pip" install -q stonesoup==1.9.1 numpy scipy
        fi
        PYTHON=$venv/bin/python
    fi
fi
if [ -z "${VIGIL:-}" ]; then
    cargo build --release -q -p vigil-cli
    VIGIL=target/release/vigil
fi
if [ -z "${LOAD:-}" ]; then
    cargo build --release -q -p vigil-tracking --example cartesian_load
    LOAD=target/release/examples/cartesian_load
fi
# shellcheck disable=SC2086
"$LOAD" $SIZES --csv "$DIR" >"$DIR/cartesian_load.jsonl"

now() { date +%s.%N; }

# vigil_run N MODEL Q LABEL [--updates-only]
vigil_run() {
    local n=$1 model=$2 q=$3 label=$4 best="" t0 t1 s output=life
    shift 4
    if [ "${1:-}" = --updates-only ]; then output=updates-only; fi
    local out="$DIR/tracks-vigil-$model-q$q-$output-$n.csv"
    for k in $(seq "$REPEAT"); do
        local file=$out
        if [ "$k" -gt 1 ]; then file=$out.repeat; fi
        t0=$(now)
        "$VIGIL" track --input "$DIR/meas-$n.csv" --model "$model" --filter ekf \
            --associator gnn --init two-point --q "$q" --out "$file" "$@" >/dev/null
        t1=$(now)
        if [ "$k" -gt 1 ] && ! cmp -s "$out" "$file"; then
            echo "vigil $label N=$n: repeat $k differs from the first run" >&2
            exit 1
        fi
        s=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
    done
    rm -f "$out.repeat"
    printf '{"n":%s,"tool":"vigil","label":"%s","output":"%s","q":%s,"seconds":"%s","file":"%s"}\n' \
        "$n" "$label" "$output" "$q" "$best" "$out" >>"$RUNS"
    echo "vigil $label ($output) N=$n: ${best}s" >&2
}

# ss_run N Q LABEL [extra args...]: one run, both outputs
ss_run() {
    local n=$1 q=$2 label=$3 tag
    shift 3
    tag=$(echo "$label" | tr -c 'a-zA-Z0-9\n' '-')
    local out="$DIR/tracks-ss-$tag-q$q-life-$n.csv"
    local upd="$DIR/tracks-ss-$tag-q$q-updates-only-$n.csv"
    local line
    line=$("$PYTHON" bench/stonesoup_tracker.py "$DIR/meas-$n.csv" --q "$q" --objects "$n" \
        --out "$out" --updates-out "$upd" "$@")
    echo "$line" >&2
    "$PYTHON" - "$n" "$label" "$out" "$upd" "$line" >>"$RUNS" <<'EOF'
import json, sys
n, label, out, upd, line = sys.argv[1:]
r = json.loads(line)
for output, f in (("life", out), ("updates-only", upd)):
    print(json.dumps({"n": int(n), "tool": "stonesoup", "label": label, "output": output,
                      "q": r["q"], "seconds": r["seconds"], "file": f}))
EOF
}

if [ "$SWEEP" = 1 ]; then
    for q in 100 1000 5000; do
        ss_run 100 "$q" "sweep: Stone Soup q=$q" --kdtree
        vigil_run 100 cv "$q" "sweep: Vigil cv q=$q"
    done
fi

for n in $SIZES; do
    for output in "" --updates-only; do
        # shellcheck disable=SC2086
        vigil_run "$n" cv "$Q" "Vigil cv (same q)" $output
        # shellcheck disable=SC2086
        vigil_run "$n" cvg 1 "Vigil cvg (known gravity, q=1)" $output
    done
    if [ "$n" -le "$SS_PLAIN_MAX" ]; then
        ss_run "$n" "$Q" "Stone Soup GNNWith2DAssignment"
    fi
    if [ "$n" -le "$SS_MAX" ]; then
        ss_run "$n" "$Q" "Stone Soup DetectionKDTreeGNN2D" --kdtree
        if [ "$MATCHED" = 1 ]; then
            ss_run "$n" "$Q" "Stone Soup kd-tree, Vigil-matched 4 pts / 4 misses" \
                --kdtree --min-points 4 --delete-steps 4
        fi
    fi
done

"$PYTHON" bench/score_tracks.py --table "$DIR"
