#!/usr/bin/env python3
"""Cursor-on-Target gateway against a TAK server nobody on this project wrote.

All on loopback:

    vigil serve --cot tcp://127.0.0.1:P  ──CoT/TCP──▶  taky (TAK server, port P, no TLS)
                                                        │ relays every event it receives
                                                        ▼
                                                  pytak client (RXWorker) ── checks

1. starts taky 0.10 (PyPI) with its CoT server on a free loopback port, plain TCP;
2. connects a pytak 7.6.1 (PyPI) client to it, which only receives;
3. starts `vigil serve SCENARIO --cot tcp://127.0.0.1:P` (default: the single-radar
   teaching scenario at 40 simulated seconds per wall second);
4. once the client has seen track events, stops taky (the gateway's peer goes away) and
   starts a new taky on the same port, reconnects the client, and goes on receiving;
5. checks what the client received: every event parses, has version 2.0, a Vigil uid, a CoT
   type from the gateway's set, how="m-f", time <= stale (stale > time for everything but
   a withdrawn impact ellipse), lat/lon in range, ce and le positive; track uids are stable
   (the same track uid updated many times, before and after the restart, in time order);
   at least one confirmed track (a-?-A-W-M) and at least one alert event (impact ellipse
   u-d-c-e with its 95 % axes, or launch-area marker b-m-p-s-m).

Run from the repository root after `cargo build -p vigil-cli`:

    pip install -r validation/requirements.txt
    python3 validation/cot_taky.py                   # ~1 min; VIGIL_BIN or --vigil for the binary
    python3 validation/cot_taky.py --speed 0 --no-restart   # a few seconds, no restart

Exits 0 when every check passes, 1 otherwise (each failure printed).
"""

import argparse
import asyncio
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pytak

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRACK_TYPES = {"a-u-A", "a-u-A-W-M", "a-h-A-W-M"}
ALERT_TYPES = {"u-d-c-e", "b-m-p-s-m"}
COT_TYPE = re.compile(r"^[a-z](-[A-Za-z0-9]+)+$")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, what, timeout_s=20.0):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            sys.exit(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{what} does not listen on {port} after {timeout_s} s")


def start_taky(work, port, n):
    """taky's CoT server on 127.0.0.1:port, plain TCP, its files in work/taky-<n>."""
    root = os.path.join(work, f"taky-{n}")
    os.makedirs(root)
    conf = os.path.join(root, "taky.conf")
    with open(conf, "w", encoding="utf8") as f:
        f.write(
            "[taky]\nbind_ip=127.0.0.1\nroot_dir=.\n"
            f"[cot_server]\nport={port}\n"
            "[dp_server]\nupload_path=./dp-user\n[ssl]\nenabled=false\n"
        )
    log = open(os.path.join(root, "taky.log"), "w", encoding="utf8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "taky.cot", "-c", conf, "-l", "info"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_port(port, proc, "taky")
    return proc


class Client:
    """A pytak client of taky: an RXWorker filling a queue with the raw events."""

    def __init__(self, port):
        self.config = {"COT_URL": f"tcp://127.0.0.1:{port}"}
        self.queue = asyncio.Queue()
        self.task = None
        self.writer = None

    async def connect(self):
        reader, self.writer = await pytak.protocol_factory(self.config)
        worker = pytak.RXWorker(self.queue, self.config, reader)
        self.task = asyncio.ensure_future(worker.run())

    async def close(self):
        if self.task:
            self.task.cancel()
        if self.writer:
            self.writer.close()


def parse_time(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def check(events, restart_index, prefix, problems):
    """Checks the received events (raw bytes); restart_index: events before it came
    through the first taky."""
    tracks = {}  # uid -> [(index, time)]
    alerts = []
    for k, raw in enumerate(events):
        try:
            ev = ET.fromstring(raw)
        except ET.ParseError as e:
            problems.append(f"event {k} does not parse: {e}: {raw[:200]!r}")
            continue
        uid, kind = ev.get("uid", ""), ev.get("type", "")
        where = f"event {k} ({uid})"
        if ev.tag != "event" or ev.get("version") != "2.0":
            problems.append(f"{where}: not a CoT 2.0 event")
        if not uid.startswith(prefix):
            problems.append(f"{where}: uid does not start with {prefix}")
        if not COT_TYPE.match(kind) or kind not in TRACK_TYPES | ALERT_TYPES:
            problems.append(f"{where}: type {kind!r}")
        if ev.get("how") != "m-f":
            problems.append(f"{where}: how {ev.get('how')!r}")
        try:
            t, start, stale = (parse_time(ev.get(a)) for a in ("time", "start", "stale"))
        except (TypeError, ValueError) as e:
            problems.append(f"{where}: times: {e}")
            continue
        withdrawn = kind == "u-d-c-e" and "withdrawn" in (ev.findtext("detail/remarks") or "")
        if not (start == t and (stale > t or (withdrawn and stale == t))):
            problems.append(f"{where}: time {t} start {start} stale {stale}")
        p = ev.find("point")
        if p is None:
            problems.append(f"{where}: no point")
            continue
        lat, lon, hae, ce, le = (float(p.get(a)) for a in ("lat", "lon", "hae", "ce", "le"))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and math.isfinite(hae)):
            problems.append(f"{where}: point {lat} {lon} {hae}")
        if not (ce > 0 and le > 0):
            problems.append(f"{where}: ce {ce} le {le}")
        if kind in TRACK_TYPES:
            if not re.fullmatch(re.escape(prefix) + r"[\w-]+\.track\.\d+", uid):
                problems.append(f"{where}: track uid")
            if ev.find("detail/track") is None or not ev.findtext("detail/remarks"):
                problems.append(f"{where}: no track or remarks in detail")
            tracks.setdefault(uid, []).append((k, t, kind, lat, lon))
        else:
            alerts.append((k, uid, kind, lat, lon, ev))
            if kind == "u-d-c-e":
                e = ev.find("detail/shape/ellipse")
                if e is None or not float(e.get("major")) >= float(e.get("minor")) > 0:
                    problems.append(f"{where}: ellipse")
    n_track_events = sum(len(v) for v in tracks.values())
    if not tracks:
        problems.append("no track events")
    else:
        busiest = max(tracks.values(), key=len)
        if len(busiest) < 5:
            problems.append(f"no track uid updated 5 times (most: {len(busiest)})")
        for uid, seen in tracks.items():
            times = [t for _, t, _, _, _ in seen]
            if times != sorted(times):
                problems.append(f"{uid}: times go back")
    if not any(kind != "a-u-A" for v in tracks.values() for _, _, kind, _, _ in v):
        problems.append("no confirmed track (a-?-A-W-M)")
    if not alerts:
        problems.append("no alert event")
    if restart_index is not None:
        both = [
            uid
            for uid, seen in tracks.items()
            if any(k < restart_index for k, *_ in seen) and any(k >= restart_index for k, *_ in seen)
        ]
        after = sum(1 for v in tracks.values() for k, *_ in v if k >= restart_index)
        if after == 0:
            problems.append("no track event after taky restarted")
        elif not both:
            problems.append("no track uid seen both before and after the restart")
        print(
            f"restart: {restart_index} events before, {len(events) - restart_index} after; "
            f"track uids seen on both sides: {len(both)}"
        )
    print(
        f"received {len(events)} events: {n_track_events} track events of {len(tracks)} uids, "
        f"{len(alerts)} alert events"
    )
    for uid, seen in sorted(tracks.items()):
        kinds = sorted({kind for _, _, kind, _, _ in seen})
        print(f"  {uid}: {len(seen)} updates, types {', '.join(kinds)}")
    for k, uid, kind, lat, lon, ev in alerts:
        print(f"  {kind} {uid} at {lat:.3f} {lon:.3f}: {ev.findtext('detail/remarks')}")


async def run(a):
    vigil = a.vigil or os.environ.get("VIGIL_BIN") or os.path.join(ROOT, "target/debug/vigil")
    if not os.path.exists(vigil):
        sys.exit(f"no vigil binary at {vigil}: cargo build -p vigil-cli")
    work = tempfile.mkdtemp(prefix="vigil-cot-")
    port = free_port()
    procs = []
    try:
        taky = start_taky(work, port, 1)
        procs.append(taky)
        client = Client(port)
        await client.connect()
        env = dict(
            os.environ,
            VIGIL_OPERATOR_TOKEN="cot-operator-token-0123456789",
            VIGIL_CONTROLLER_TOKEN="cot-controller-token-0123456789",
        )
        out = open(os.path.join(work, "serve.out"), "w", encoding="utf8")
        serve = subprocess.Popen(
            [vigil, "serve", a.scenario, "--speed", str(a.speed), "--bind", "127.0.0.1:0",
             "--log", os.path.join(work, "exercise.sqlite"), "--cot", f"tcp://127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        procs.append(serve)
        events = []
        restart_index = None
        deadline = time.monotonic() + a.timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            try:
                raw = await asyncio.wait_for(client.queue.get(), timeout=0.5)
                events.append(raw)
                last = time.monotonic()
            except asyncio.TimeoutError:
                pass
            if serve.poll() is not None:
                sys.exit(f"vigil serve exited with {serve.returncode}: see {work}/serve.out")
            tracks = sum(1 for e in events if b'type="a-' in e)
            if a.restart and restart_index is None and tracks >= 5:
                # The gateway's peer goes away; a new taky comes up on the same port.
                taky.terminate()
                taky.wait(10)
                await client.close()
                restart_index = len(events)
                print(f"taky stopped after {restart_index} events; starting a new one")
                taky = start_taky(work, port, 2)
                procs.append(taky)
                client = Client(port)
                await client.connect()
                last = time.monotonic()
            alerts = sum(1 for e in events if b'type="u-d-c-e"' in e or b'type="b-m-p-s-m"' in e)
            done = alerts > 0 and (not a.restart or restart_index is not None)
            if done and time.monotonic() - last > a.quiet:
                break
        await client.close()
        with open(os.path.join(work, "serve.out"), encoding="utf8") as f:
            cot_lines = [l.rstrip() for l in f if l.startswith("cot:")]
        print("vigil serve said:\n  " + "\n  ".join(cot_lines))
        if a.save:
            with open(a.save, "wb") as f:
                f.write(b"\n".join(events) + b"\n")
        problems = []
        with open(a.scenario, "rb") as f:
            name = re.sub(r"[^A-Za-z0-9_-]", "-", tomllib.load(f)["scenario"]["name"])
        check(events, restart_index, f"vigil.{name}.", problems)
        if a.restart and not any("reconnecting" in l for l in cot_lines):
            problems.append("vigil did not log losing its peer")
        if problems:
            print("FAILED:\n  " + "\n  ".join(problems))
            return 1
        print("passed: taky relayed Vigil's CoT events to the pytak client")
        return 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if a.keep:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--vigil", help="the vigil binary (default $VIGIL_BIN or target/debug/vigil)")
    p.add_argument("--scenario", default=os.path.join(ROOT, "scenarios/teaching/single-radar.toml"))
    p.add_argument("--speed", type=float, default=40.0, help="simulated s per wall s (0: flat out)")
    p.add_argument("--no-restart", dest="restart", action="store_false",
                   help="do not restart taky in the middle")
    p.add_argument("--timeout", type=float, default=180.0, help="give up after this many s")
    p.add_argument("--quiet", type=float, default=3.0,
                   help="stop once nothing came for this many s (after the checks can pass)")
    p.add_argument("--save", help="write the received events to this file")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder (logs)")
    sys.exit(asyncio.run(run(p.parse_args())))


if __name__ == "__main__":
    main()
