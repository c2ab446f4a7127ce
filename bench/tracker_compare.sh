#!/usr/bin/env bash
# Vigil's generic tracker against a stock Stone Soup GNN Kalman tracker on the same
# cartesian_load scenarios, scored by one function (bench/score_tracks.py).
#
#   bench/tracker_compare.sh [OUT_DIR]          (default /tmp/vigil-tracker-compare)
#
# Environment (defaults in brackets):
#   SIZES     object counts to generate and run Vigil on            ["100 1000 10000"]
#   Q         CV process noise, m^2/s^3, the same for both tools    [1000]
#   SS_MAX    largest N Stone Soup runs at all (kd-tree GNN)        [1000]
#   SS_PLAIN_MAX  largest N for Stone Soup's plain GNNWith2DAssignment, which tests every
#             track against every detection (17 s at N=100, ~30 min at N=1000)   [100]
#   MATCHED   1: also run Stone Soup with Vigil's confirmation and deletion counts
#             (min_points 4, 4 missed scans)                        [1]
#   SWEEP     1: first sweep q in {100, 1000, 5000} on N=100 for both tools     [0]
#   REPEAT    timed repeats of each Vigil run (best is kept)        [3]
#
# Vigil's time is the wall time of the whole `vigil track` process (CSV parse, tracking,
# CSV write: conservative); Stone Soup's is its tracking loop only.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${1:-/tmp/vigil-tracker-compare}
SIZES=${SIZES:-"100 1000 10000"}
Q=${Q:-1000}
SS_MAX=${SS_MAX:-1000}
SS_PLAIN_MAX=${SS_PLAIN_MAX:-100}
MATCHED=${MATCHED:-1}
SWEEP=${SWEEP:-0}
REPEAT=${REPEAT:-3}
mkdir -p "$DIR"
RUNS="$DIR/runs.jsonl"
: >"$RUNS"

cargo build --release -q -p vigil-cli
cargo build --release -q -p vigil-tracking --example cartesian_load
# shellcheck disable=SC2086
target/release/examples/cartesian_load $SIZES --csv "$DIR" >"$DIR/cartesian_load.jsonl"

now() { date +%s.%N; }

# vigil_run N MODEL Q LABEL
vigil_run() {
    local n=$1 model=$2 q=$3 label=$4 best="" t0 t1 s
    local out="$DIR/tracks-vigil-$model-q$q-$n.csv"
    for _ in $(seq "$REPEAT"); do
        t0=$(now)
        target/release/vigil track --input "$DIR/meas-$n.csv" --model "$model" --filter ekf \
            --associator gnn --init two-point --q "$q" --out "$out" >/dev/null
        t1=$(now)
        s=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
    done
    printf '{"n":%s,"tool":"vigil","label":"%s","q":%s,"seconds":"%s","file":"%s"}\n' \
        "$n" "$label" "$q" "$best" "$out" >>"$RUNS"
    echo "vigil $label N=$n: ${best}s" >&2
}

# ss_run N Q LABEL [extra args...]
ss_run() {
    local n=$1 q=$2 label=$3 tag
    shift 3
    tag=$(echo "$label" | tr -c 'a-zA-Z0-9\n' '-')
    local out="$DIR/tracks-ss-$tag-q$q-$n.csv"
    local line
    line=$(python3 bench/stonesoup_tracker.py "$DIR/meas-$n.csv" --q "$q" --objects "$n" \
        --out "$out" "$@")
    echo "$line" >&2
    python3 - "$n" "$label" "$out" "$line" >>"$RUNS" <<'EOF'
import json, sys
n, label, out, line = sys.argv[1:]
r = json.loads(line)
print(json.dumps({"n": int(n), "tool": "stonesoup", "label": label, "q": r["q"],
                  "seconds": r["seconds"], "file": out}))
EOF
}

if [ "$SWEEP" = 1 ]; then
    for q in 100 1000 5000; do
        ss_run 100 "$q" "sweep: Stone Soup q=$q" --kdtree
        vigil_run 100 cv "$q" "sweep: Vigil cv q=$q"
    done
fi

for n in $SIZES; do
    vigil_run "$n" cv "$Q" "Vigil cv (same q)"
    vigil_run "$n" cvg 1 "Vigil cvg (known gravity, q=1)"
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

python3 bench/score_tracks.py --table "$DIR"
