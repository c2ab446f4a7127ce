#!/usr/bin/env bash
# The cluster flow on one machine: N processes each compute a shard, then merge; checks the
# result equals one process doing all runs. Used by CI (`.ci/run`).
#
#   bash deploy/local-shards.sh [RUNS] [SHARDS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-8}
shards=${2:-3}
vigil=${VIGIL:-${CARGO_TARGET_DIR:-target}/debug/vigil}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
scenario=scenarios/teaching/single-radar.toml
for k in $(seq 1 "$shards"); do
  "$vigil" montecarlo "$scenario" --runs "$runs" --shard "$k/$shards" --out "$out/shard-$k" > /dev/null &
done
wait
"$vigil" merge "$out"/shard-* --scenario "$scenario" --out "$out/merged" > /dev/null
"$vigil" montecarlo "$scenario" --runs "$runs" --out "$out/single" > /dev/null
cmp "$out/single/runs.csv" "$out/merged/runs.csv"
cmp "$out/single/summary.csv" "$out/merged/summary.csv"
echo "local shards: $shards processes × $runs runs merged byte-identical to one process"
# The same for a launch-area sweep of the default scenario.
grid=(sweep --launch-area=-10,75,5,95 --grid-km 900 --target area-east)
for k in $(seq 1 "$shards"); do
  "$vigil" "${grid[@]}" --shard "$k/$shards" --out "$out/sweep-$k" > /dev/null &
done
wait
"$vigil" "${grid[@]}" --merge "$out"/sweep-* --out "$out/sweep-merged" > /dev/null
"$vigil" "${grid[@]}" --out "$out/sweep-single" > /dev/null
cmp "$out/sweep-single/points.csv" "$out/sweep-merged/points.csv"
cmp "$out/sweep-single/sweep.geojson" "$out/sweep-merged/sweep.geojson"
echo "local shards: $shards sweep processes merged byte-identical to one process"
