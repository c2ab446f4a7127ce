#!/usr/bin/env bash
# Wall time of `vigil trajectory` (targeting + final flight of every object) for each built-in
# class and profile, release build, one process at a time. Prints one line per case.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p vigil-cli
bin=target/release/vigil
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
for args in "icbm-generic 62,40 45,-100" "slbm-generic 40,-40 52,20" "irbm-generic 35,75 45,50"; do
  set -- $args
  for profile in min-energy lofted depressed; do
    start=$(date +%s.%N)
    out=$("${pin[@]}" "$bin" trajectory --missile "$1" --from "$2" --to "$3" --profile "$profile" --drag ussa1976 --json)
    end=$(date +%s.%N)
    shots=$(grep -o '"shots": [0-9]*' <<<"$out" | grep -o '[0-9]*$')
    miss=$(grep -o '"miss_m": [0-9.]*' <<<"$out" | grep -o '[0-9.]*$')
    printf '%-13s %-10s %7.1f ms  %4s launches flown  miss %s m\n' "$1" "$profile" "$(echo "($end - $start) * 1000" | bc -l)" "$shots" "$miss"
  done
done
