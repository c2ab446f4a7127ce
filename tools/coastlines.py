#!/usr/bin/env python3
"""Extract Natural Earth land rings from world-atlas TopoJSON into Vigil's compact text format.

Usage:
    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python3 tools/coastlines.py /tmp/package 110m crates/plot/data/land-110m.txt
    python3 tools/coastlines.py /tmp/package 50m  crates/plot/data/land-50m.txt

Output format (read by vigil-plot's `coastlines` module):
    lines starting with '#' are header/comment lines (source, version, licence);
    every other line is one closed land ring: whitespace-separated integer pairs
    "lon lat" in hundredths of a degree (0.01 deg), first point not repeated at the end.
Only the Python standard library is used; the output is deterministic.
"""

import json
import sys
from pathlib import Path


def decode_arcs(topo):
    """Decode quantised, delta-encoded TopoJSON arcs into lists of (lon, lat) in degrees."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        points = []
        if transform:
            sx, sy = transform["scale"]
            tx, ty = transform["translate"]
            x = y = 0
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def ring_points(arcs, ring_arc_indices):
    """Join the arcs of one ring (negative index ~i = arc i reversed), dropping shared joints."""
    out = []
    for index in ring_arc_indices:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        out.extend(arc if not out else arc[1:])
    return out


def quantise_ring(points):
    """Round to 0.01 deg integers, drop repeated points and the closing duplicate."""
    q = []
    for lon, lat in points:
        p = (round(lon * 100), round(lat * 100))
        if not q or q[-1] != p:
            q.append(p)
    while len(q) > 1 and q[0] == q[-1]:
        q.pop()
    return q


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    package_dir, scale, out_path = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    meta = json.loads((package_dir / "package.json").read_text())
    topo = json.loads((package_dir / f"land-{scale}.json").read_text())
    arcs = decode_arcs(topo)
    rings = []
    for geometry in topo["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                q = quantise_ring(ring_points(arcs, ring))
                if len(q) >= 3:
                    rings.append(q)
    npoints = sum(len(r) for r in rings)
    header = [
        f"# Natural Earth 1:{scale} land polygons (naturalearthdata.com, data version 4.1.0),",
        f"# via npm package {meta['name']}@{meta['version']} file land-{scale}.json (TopoJSON).",
        "# Licence: public domain (Natural Earth). Extracted by tools/coastlines.py.",
        "# Format: one closed ring per line, 'lon lat' integer pairs in 0.01 deg, ring not repeated.",
        f"# rings={len(rings)} points={npoints}",
    ]
    lines = header + [" ".join(f"{x} {y}" for x, y in r) for r in rings]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text("\n".join(lines) + "\n")
    print(f"{out_path}: {len(rings)} rings, {npoints} points, {out_path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
