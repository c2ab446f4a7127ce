#!/usr/bin/env python3
"""Live server under load: `vigil serve SCENARIO --speed X` with N WebSocket clients.

Starts the server paused, connects the clients (operator role), starts the clock, and for
`--wall-s` seconds of wall time records every message each client receives. Prints, as JSON:
the server's CPU share (user + system time from /proc/<pid>/stat over the wall time, in % of
one core), the records per second each client received, and the delay from event time to
delivery: the wall time a message arrived minus the wall time the simulation clock passed the
message's `sim_time_s` (the clock runs at X simulated seconds per wall second from the moment
the unpause request returned), median, 99th percentile and maximum.

    cargo build --release -p vigil-cli
    python3 bench/live_clients.py scenarios/raid-100.toml --speed 10 --clients 2 --wall-s 90
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
import urllib.request

import websockets

OP = "bench-operator-token-0123456789"
CTL = "bench-controller-token-0123456789"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid`, s."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


async def client(url: str, t0: list, speed: float, until: float, out: list) -> None:
    """Reads every message until wall time `until`; appends (arrival, sim_time_s, type)."""
    async with websockets.connect(url, max_size=None) as ws:
        while time.time() < until:
            try:
                text = await asyncio.wait_for(ws.recv(), timeout=max(0.01, until - time.time()))
            except asyncio.TimeoutError:
                break
            now = time.time()
            m = json.loads(text)
            if m.get("type") not in ("snapshot", "lagged", "reset") and t0:
                out.append((now, m["sim_time_s"], m["type"]))
            elif m.get("type") == "lagged":
                out.append((now, None, "lagged"))
            if m.get("type") == "end":
                break


def post(base: str, path: str, body: dict) -> None:
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {CTL}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(req).read()


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario")
    p.add_argument("--speed", type=float, default=10.0)
    p.add_argument("--clients", type=int, default=2)
    p.add_argument("--wall-s", type=float, default=90.0)
    p.add_argument("--vigil", default="target/release/vigil")
    a = p.parse_args()
    work = tempfile.mkdtemp()
    env = dict(os.environ, VIGIL_OPERATOR_TOKEN=OP, VIGIL_CONTROLLER_TOKEN=CTL)
    server = subprocess.Popen(
        [a.vigil, "serve", a.scenario, "--speed", str(a.speed), "--start-paused",
         "--bind", "127.0.0.1:0", "--log", os.path.join(work, "bench.sqlite")],
        env=env, stdout=subprocess.PIPE, text=True,
    )
    try:
        line = server.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        ws_url = base.replace("http", "ws") + f"/ws?token={OP}"
        outs = [[] for _ in range(a.clients)]
        t0: list = []
        until = time.time() + a.wall_s + 5
        tasks = [asyncio.create_task(client(ws_url, t0, a.speed, until, o)) for o in outs]
        await asyncio.sleep(2.0)  # connected, snapshots read
        cpu0 = cpu_seconds(server.pid)
        await asyncio.to_thread(post, base, "/api/clock", {"paused": False})
        start = time.time()
        t0.append(start)
        await asyncio.gather(*tasks)
        wall = min(time.time(), until) - start
        cpu = cpu_seconds(server.pid) - cpu0
    finally:
        server.terminate()
        server.wait()
    delays = sorted(
        arrival - (start + sim / a.speed)
        for o in outs for (arrival, sim, kind) in o if sim is not None
    )
    q = statistics.quantiles(delays, n=100) if len(delays) > 100 else [float("nan")] * 99
    print(json.dumps({
        "scenario": a.scenario,
        "speed": a.speed,
        "clients": a.clients,
        "wall_s": round(wall, 1),
        "server_cpu_percent_of_one_core": round(100 * cpu / wall, 1),
        "records_per_client": [len(o) for o in outs],
        "records_per_s_per_client": [round(len(o) / wall) for o in outs],
        "lagged_messages": sum(1 for o in outs for x in o if x[2] == "lagged"),
        "delay_ms": {
            "median": round(1e3 * statistics.median(delays), 1),
            "p99": round(1e3 * q[98], 1),
            "max": round(1e3 * delays[-1], 1),
        },
    }, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
