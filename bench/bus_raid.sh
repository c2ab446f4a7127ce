#!/usr/bin/env bash
# Partner networks over the bus vs in one process, on raid-100 at --speed 0 (release build):
#   1. `vigil run`                                   (every architecture, one process)
#   2. `vigil fusion --architecture integrated`      (nodes + centre in one process, in-process bus)
#   3. two `vigil node` + `vigil fusion` over NATS JetStream (separate processes)
# Prints wall times, the ratio of 3 to 2, messages/s and bytes/s on the bus, and checks that the
# three report.json entries for `integrated` are identical.
#
#   bash bench/bus_raid.sh [NATS_URL]        # default nats://127.0.0.1:4222 (a running server)
set -euo pipefail
cd "$(dirname "$0")/.."
url="${1:-nats://127.0.0.1:4222}"
scenario=scenarios/raid-100.toml
cargo build --release --quiet -p vigil-cli
vigil="${CARGO_TARGET_DIR:-target}/release/vigil"
out="$(mktemp -d)"
now() { date +%s.%N; }

t0=$(now)
"$vigil" run "$scenario" --out "$out/run" >/dev/null
t1=$(now)
"$vigil" fusion "$scenario" --architecture integrated --out "$out/memory" >"$out/memory.log"
t2=$(now)
exercise="bench$$"
"$vigil" node "$scenario" --network north --bus "$url" --exercise "$exercise" >"$out/north.log" &
"$vigil" node "$scenario" --network east --bus "$url" --exercise "$exercise" >"$out/east.log" &
"$vigil" fusion "$scenario" --architecture integrated --bus "$url" --exercise "$exercise" \
    --out "$out/nats" >"$out/nats.log"
wait
t3=$(now)

python3 - "$out" "$t0" "$t1" "$t2" "$t3" <<'EOF'
import json, re, sys
out, t0, t1, t2, t3 = sys.argv[1], *map(float, sys.argv[2:])
def entry(d):
    r = json.load(open(f"{out}/{d}/report.json"))
    return next(a for a in r["architectures"] if a["id"] == "integrated")
same = entry("run") == entry("memory") == entry("nats")
log = open(f"{out}/nats.log").read()
m = re.search(r"(\d+) messages \((\d+) bytes\)", log)
msgs, nbytes = int(m.group(1)), int(m.group(2))
run, memory, nats = t1 - t0, t2 - t1, t3 - t2
print(f"vigil run (all architectures, one process):  {run:6.2f} s")
print(f"vigil fusion, in-process bus:                 {memory:6.2f} s")
print(f"2 nodes + fusion over NATS JetStream:         {nats:6.2f} s  (x{nats / memory:.2f} of in-process)")
print(f"bus: {msgs} messages, {nbytes / 1e6:.1f} MB read by the centre: {msgs / nats:.0f} msg/s, {nbytes / nats / 1e6:.1f} MB/s")
print(f"integrated report.json entries identical: {same}")
print(log.strip().splitlines()[-1])
sys.exit(0 if same else 1)
EOF
rm -rf "$out"
