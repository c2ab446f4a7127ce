#!/usr/bin/env bash
# OpenAPI fuzzing of `vigil serve`: schemathesis generates requests from the served spec
# (/api/openapi.json) — valid and invalid bodies, paths and queries, with the controller's
# token — for a bounded time. Passes when no response is a 5xx and the server is still up
# and healthy afterwards.
#   bash validation/fuzz_api.sh            # VIGIL_BIN (default target/debug/vigil), MAX_TIME s (default 90)
set -euo pipefail
cd "$(dirname "$0")/.."
vigil="${VIGIL_BIN:-target/debug/vigil}"
max_time="${MAX_TIME:-90}"
command -v schemathesis >/dev/null || python3 -m pip install -q "schemathesis==4.32.5"
work="$(mktemp -d)"
export VIGIL_OPERATOR_TOKEN="fuzz-operator-token-0123456789"
export VIGIL_CONTROLLER_TOKEN="fuzz-controller-token-0123456789"
"$vigil" serve --speed 10 --bind 127.0.0.1:0 --log "$work/fuzz.sqlite" >"$work/serve.out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 100); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.out" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "vigil serve did not start:"; cat "$work/serve.out"; exit 1; }
echo "fuzzing $url for at most ${max_time} s"
# schemathesis keeps its state in ./.schemathesis: keep it out of the checkout.
(cd "$work" && schemathesis run "$url/api/openapi.json" \
    --header "Authorization: Bearer $VIGIL_CONTROLLER_TOKEN" \
    --checks not_a_server_error \
    --max-time "$max_time" \
    --workers 2 \
    --suppress-health-check all \
    --warnings off)
kill -0 "$pid" || { echo "vigil serve died during the fuzz run:"; cat "$work/serve.out"; exit 1; }
curl -fsS "$url/api/health" | grep -q '"ok"' || { echo "vigil serve unhealthy after the fuzz run"; exit 1; }
echo "fuzz run passed: no 5xx, server up and healthy"
