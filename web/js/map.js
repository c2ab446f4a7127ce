// The map: three canvases. The base layer (sea, graticule, coastlines and borders, radar
// cover, infrared fields of regard, defended areas) is drawn again only when the view or the
// geometry changes; the trail layer when the view changes, else at most TRAIL_HZ times a
// second while trails grow (the dense layer: 1,000 trails of 64 points); the live layer
// (track markers, impact ellipses, launch areas, labels, truth, picked points) every
// animation frame. Each trail point is projected once per view. Projections come from d3-geo (vendored,
// global `d3`); the world from world-atlas (global `topojson` reads it).

import { store, simNow, level, trailsVersion } from './store.js';

/** Architecture colours and marker shapes (Okabe–Ito; the shape tells them apart too). */
export const ARCH_STYLE = [
  { color: '#56B4E9', shape: 'circle' },
  { color: '#E69F00', shape: 'square' },
  { color: '#CC79A7', shape: 'triangle' },
  { color: '#009E73', shape: 'diamond' },
  { color: '#F0E442', shape: 'circle' },
];
/** Network colours for sensor cover. */
const NET_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#F0E442'];
const KM_PER_DEG = 6371 * Math.PI / 180;
/** Highest redraw rate of the trail layer while only trails change, per second. */
const TRAIL_HZ = 5;

export class MapView {
  constructor(base, trails, live, world) {
    this.base = base;
    this.trails = trails;
    this.live = live;
    this.bctx = base.getContext('2d');
    this.tctx = trails.getContext('2d');
    this.trailsDrawn = { view: -1, at: 0, version: -1 };
    this.ctx = live.getContext('2d', { alpha: true });
    this.land = topojson.feature(world, world.objects.land);
    this.borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
    this.graticule = d3.geoGraticule10();
    this.kind = 'azimuthal';
    this.center = [60, 50];
    this.zoom = 1;
    this.offset = [0, 0];
    this.geometry = null;
    this.archIndex = new Map();
    this.hidden = new Set();
    this.showTruth = true;
    this.picks = [];
    this.viewVersion = 0;
    this.baseDirty = true;
    this.onPick = null;
    this.resize();
    this.bindInput();
  }

  /** Sets the scenario geometry (from /api/geometry) and centres on the defended areas. */
  setGeometry(g, recentre) {
    this.geometry = g;
    g.architectures.forEach((a, i) => this.archIndex.set(a.id, i));
    if (recentre && g.defended_areas.length) {
      const pts = g.defended_areas.map((a) => a.center ?? d3.geoCentroid({ type: 'Polygon', coordinates: [a.polygon] }));
      this.center = d3.geoCentroid({ type: 'MultiPoint', coordinates: pts });
      this.updateProjection();
    }
    this.baseDirty = true;
  }

  archStyle(id) {
    const i = this.archIndex.get(id) ?? 0;
    return ARCH_STYLE[i % ARCH_STYLE.length];
  }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    const r = this.live.getBoundingClientRect();
    this.w = Math.max(1, r.width);
    this.h = Math.max(1, r.height);
    for (const c of [this.base, this.trails, this.live]) {
      c.width = Math.round(this.w * dpr);
      c.height = Math.round(this.h * dpr);
    }
    this.dpr = dpr;
    this.updateProjection();
  }

  setKind(kind) {
    this.kind = kind;
    this.zoom = 1;
    this.offset = [0, 0];
    this.updateProjection();
  }

  updateProjection() {
    const { w, h } = this;
    let p;
    if (this.kind === 'azimuthal') {
      // 95° of great circle from the centre to the nearer edge: the pole and the far
      // launch areas are on the screen.
      p = d3.geoAzimuthalEquidistant().rotate([-this.center[0], -this.center[1]]).clipAngle(175)
        .scale((Math.min(w, h) / 2 / (95 * Math.PI / 180)) * this.zoom);
    } else {
      p = d3.geoEquirectangular().rotate([-this.center[0], 0])
        .scale((w / (2 * Math.PI)) * this.zoom);
    }
    p.translate([w / 2 + this.offset[0], h / 2 + this.offset[1]]);
    this.projection = p;
    this.viewVersion++;
    this.baseDirty = true;
  }

  /** Map coordinates [lon, lat] of a point on the canvas (CSS px), or null. */
  invert(x, y) {
    const ll = this.projection.invert([x, y]);
    return ll && Number.isFinite(ll[0]) && Number.isFinite(ll[1]) ? ll : null;
  }

  zoomAt(factor, x, y) {
    const z = Math.min(40, Math.max(0.5, this.zoom * factor));
    const f = z / this.zoom;
    const cx = this.w / 2 + this.offset[0], cy = this.h / 2 + this.offset[1];
    this.offset = [x - (x - cx) * f - this.w / 2, y - (y - cy) * f - this.h / 2];
    this.zoom = z;
    this.updateProjection();
  }

  pan(dx, dy) {
    this.offset = [this.offset[0] + dx, this.offset[1] + dy];
    this.updateProjection();
  }

  reset() {
    this.zoom = 1;
    this.offset = [0, 0];
    this.updateProjection();
  }

  bindInput() {
    const c = this.live;
    let drag = null;
    c.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: 0 };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      drag.moved += Math.abs(dx) + Math.abs(dy);
      drag.x = e.clientX; drag.y = e.clientY;
      if (drag.moved > 3) this.pan(dx, dy);
    });
    c.addEventListener('pointerup', (e) => {
      const d = drag;
      drag = null;
      if (d && d.moved <= 3 && this.onPick) {
        const r = c.getBoundingClientRect();
        const ll = this.invert(e.clientX - r.left, e.clientY - r.top);
        if (ll) this.onPick(ll);
      }
    });
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      this.zoomAt(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    c.addEventListener('keydown', (e) => {
      const step = 60;
      const k = e.key;
      if (k === 'ArrowLeft') this.pan(step, 0);
      else if (k === 'ArrowRight') this.pan(-step, 0);
      else if (k === 'ArrowUp') this.pan(0, step);
      else if (k === 'ArrowDown') this.pan(0, -step);
      else if (k === '+' || k === '=') this.zoomAt(1.25, this.w / 2, this.h / 2);
      else if (k === '-') this.zoomAt(0.8, this.w / 2, this.h / 2);
      else if (k === '0') this.reset();
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
  }

  /** Draws what changed: the base layer if needed, the live layer always. */
  render() {
    if (this.baseDirty) {
      this.drawBase();
      this.baseDirty = false;
    }
    const td = this.trailsDrawn;
    const now = performance.now();
    if (td.view !== this.viewVersion || (td.version !== trailsVersion() && now - td.at >= 1000 / TRAIL_HZ)) {
      this.drawTrails();
      Object.assign(td, { view: this.viewVersion, at: now, version: trailsVersion() });
    }
    this.drawLive();
  }

  drawBase() {
    const ctx = this.bctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    const path = d3.geoPath(this.projection, ctx);
    ctx.beginPath(); path({ type: 'Sphere' }); ctx.fillStyle = '#0f1e2e'; ctx.fill();
    ctx.beginPath(); path(this.graticule); ctx.strokeStyle = 'rgba(160,180,200,0.13)'; ctx.lineWidth = 0.6; ctx.stroke();
    ctx.beginPath(); path(this.land); ctx.fillStyle = '#2b3440'; ctx.fill();
    ctx.strokeStyle = '#8a9bb0'; ctx.lineWidth = 0.8; ctx.stroke();
    ctx.beginPath(); path(this.borders); ctx.strokeStyle = 'rgba(150,165,185,0.55)'; ctx.lineWidth = 0.5; ctx.stroke();
    const g = this.geometry;
    if (!g) return;
    const netColor = (n) => NET_COLORS[Math.max(0, g.networks.indexOf(n)) % NET_COLORS.length];
    // Radar cover: each face's footprint at the chosen height, as a planar ring.
    for (const r of g.radars) {
      const col = netColor(r.network);
      const up = store.sensors.get(r.id)?.up !== false;
      for (const ring of r.footprints) {
        if (ring.length < 3) continue;
        ctx.beginPath();
        this.ring(ctx, ring);
        ctx.fillStyle = up ? hexA(col, 0.13) : 'rgba(120,120,120,0.08)';
        ctx.fill();
        ctx.setLineDash(up ? [] : [4, 4]);
        ctx.strokeStyle = up ? hexA(col, 0.75) : 'rgba(180,180,180,0.6)';
        ctx.lineWidth = 1.2;
        ctx.stroke();
        ctx.setLineDash([]);
      }
      const p = this.projection([r.lon_deg, r.lat_deg]);
      if (p) {
        ctx.fillStyle = up ? col : '#888';
        ctx.strokeStyle = '#000';
        ctx.beginPath();
        ctx.moveTo(p[0], p[1] - 6); ctx.lineTo(p[0] + 5, p[1] + 4); ctx.lineTo(p[0] - 5, p[1] + 4); ctx.closePath();
        ctx.fill(); ctx.stroke();
        label(ctx, r.id + (up ? '' : ' (DOWN)'), p[0] + 7, p[1] + 4, '#cfd8e3');
      }
    }
    // Infrared satellites: sub-point and field of regard.
    for (const s of g.satellites) {
      const col = netColor(s.network);
      const up = store.sensors.get(s.id)?.up !== false;
      const circle = d3.geoCircle().center([s.lon_deg, s.lat_deg]).radius(s.regard_radius_km / KM_PER_DEG)();
      ctx.beginPath(); path(circle);
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = up ? hexA(col, 0.6) : 'rgba(160,160,160,0.5)';
      ctx.lineWidth = 1;
      ctx.stroke();
      ctx.setLineDash([]);
      const p = this.projection([s.lon_deg, s.lat_deg]);
      if (p) {
        ctx.fillStyle = up ? col : '#888';
        ctx.fillRect(p[0] - 5, p[1] - 2, 10, 4);
        ctx.fillRect(p[0] - 1.5, p[1] - 5, 3, 10);
        label(ctx, s.id + (up ? ' (IR)' : ' (IR, DOWN)'), p[0] + 7, p[1] - 4, '#cfd8e3');
      }
    }
    // Defended areas.
    for (const a of g.defended_areas) {
      ctx.beginPath();
      if (a.center) path(d3.geoCircle().center(a.center).radius(a.radius_km / KM_PER_DEG)());
      else this.ring(ctx, a.polygon.concat([a.polygon[0]]));
      ctx.fillStyle = 'rgba(240,228,66,0.18)';
      ctx.fill();
      ctx.strokeStyle = '#F0E442';
      ctx.lineWidth = 2;
      ctx.stroke();
      const c = a.center ?? a.polygon[0];
      const p = this.projection(c);
      if (p) label(ctx, a.id, p[0] + 10, p[1] - 8, '#F0E442', true);
    }
  }

  /** Adds a ring of [lon, lat] to the current path, point by point (planar; each point
   * caches its projection as trail points do). */
  ring(ctx, ring) {
    let first = true;
    for (const p of ring) {
      const q = this.xy(p);
      const x = q[3], y = q[4];
      if (x !== x) continue;
      if (first) { ctx.moveTo(x, y); first = false; } else ctx.lineTo(x, y);
    }
  }

  /** Screen position [x, y] of a trail point, projected again only when the view changed
   * (the point caches it: [lon, lat, t, x, y, view]); x is NaN when off the projection. */
  xy(p) {
    if (p[5] !== this.viewVersion) {
      const q = this.projection(p);
      p[3] = q ? q[0] : NaN;
      p[4] = q ? q[1] : NaN;
      p[5] = this.viewVersion;
    }
    return p;
  }

  /** The trail layer: one path per architecture (1 px lines: the rasteriser's fast hairline
   * path). */
  drawTrails() {
    const ctx = this.tctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    ctx.lineWidth = 1;
    for (const [arch, v] of this.byArch()) {
      ctx.beginPath();
      for (const tr of v) {
        let pen = false;
        for (const p of tr.trail) {
          const q = this.xy(p);
          const x = q[3], y = q[4];
          if (x !== x) { pen = false; continue; }
          if (pen) ctx.lineTo(x, y); else { ctx.moveTo(x, y); pen = true; }
        }
      }
      ctx.strokeStyle = hexA(this.archStyle(arch).color, 0.55);
      ctx.stroke();
    }
  }

  /** Tracks shown, by architecture. */
  byArch() {
    const byArch = new Map();
    for (const tr of store.tracks.values()) {
      if (this.hidden.has(tr.arch)) continue;
      let v = byArch.get(tr.arch);
      if (!v) byArch.set(tr.arch, (v = []));
      v.push(tr);
    }
    return byArch;
  }

  /** The live layer. */
  drawLive() {
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    const now = simNow();
    const byArch = this.byArch();
    // Impact ellipses and predicted points.
    let labelled = 0;
    const labels = [];
    for (const [arch, v] of byArch) {
      const col = this.archStyle(arch).color;
      ctx.beginPath();
      for (const tr of v) {
        if (!tr.ellipse) continue;
        this.ring(ctx, tr.ellipse);
        const p = this.projection([tr.impact.lon_deg, tr.impact.lat_deg]);
        if (p) {
          ctx.moveTo(p[0] - 4, p[1] - 4); ctx.lineTo(p[0] + 4, p[1] + 4);
          ctx.moveTo(p[0] + 4, p[1] - 4); ctx.lineTo(p[0] - 4, p[1] + 4);
        }
      }
      ctx.strokeStyle = col;
      ctx.lineWidth = 1.6;
      ctx.stroke();
    }
    // Track markers: shape per architecture, filled when confirmed, hollow when tentative.
    for (const [arch, v] of byArch) {
      const st = this.archStyle(arch);
      const solid = new Path2D(), hollow = new Path2D();
      for (const tr of v) {
        const last = tr.trail[tr.trail.length - 1];
        if (!last) continue;
        const q = this.xy(last);
        const x = q[3], y = q[4];
        if (x !== x) continue;
        shape(tr.status === 'confirmed' ? solid : hollow, st.shape, x, y, tr.phase === 'boost' ? 5 : 4);
        if (tr.impact && labelled < 40) {
          labelled++;
          const truth = this.showTruth && tr.truth ? ` [${tr.truth}]` : '';
          labels.push([`${arch}:${tr.id} ${tr.phase}${truth}`, x + 7, y - 6]);
        }
      }
      ctx.fillStyle = st.color;
      ctx.fill(solid);
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 1;
      ctx.stroke(solid);
      ctx.strokeStyle = st.color;
      ctx.lineWidth = 1.5;
      ctx.stroke(hollow);
    }
    // Labels: moved down a line when they would cover another one, dropped after three tries.
    const placed = [];
    ctx.font = '12px system-ui, "DejaVu Sans", sans-serif';
    for (const [t, x, y0] of labels) {
      const w = ctx.measureText(t).width;
      let y = y0;
      let tries = 0;
      while (tries < 3 && placed.some((b) => x < b[0] + b[2] && b[0] < x + w && Math.abs(b[1] - y) < 13)) { y += 13; tries++; }
      if (tries === 3) continue;
      placed.push([x, y, w]);
      // A dark box under plain text: much cheaper per frame than a stroked halo.
      ctx.fillStyle = 'rgba(0,0,0,0.7)';
      ctx.fillRect(x - 2, y - 10, w + 4, 13);
      ctx.fillStyle = '#fff';
      ctx.fillText(t, x, y);
    }
    // Predicted launch areas of recent alerts: hollow diamonds with the alert's level.
    ctx.lineWidth = 2;
    for (const a of store.alerts.values()) {
      if (!a.launch_area || a.t_s < now - 900 || this.hidden.has(a.architecture)) continue;
      const p = this.projection([a.launch_area.lon_deg, a.launch_area.lat_deg]);
      if (!p) continue;
      ctx.beginPath();
      shape(ctx, 'diamond', p[0], p[1], 8);
      ctx.strokeStyle = level(a) === 'warning' ? '#D55E00' : this.archStyle(a.architecture).color;
      ctx.stroke();
    }
    // Truth (controllers): each launch's great circle from launch to aim point, dashed.
    if (this.showTruth && store.role === 'controller') {
      const path = d3.geoPath(this.projection, ctx);
      ctx.setLineDash([3, 5]);
      ctx.strokeStyle = 'rgba(255,255,255,0.7)';
      ctx.lineWidth = 1.2;
      for (const l of store.launches) {
        const from = [l.from.lon_deg, l.from.lat_deg], to = [l.to.lon_deg, l.to.lat_deg];
        ctx.beginPath(); path({ type: 'LineString', coordinates: [from, to] }); ctx.stroke();
        const p = this.projection(from);
        if (p) label(ctx, `TRUTH ${l.launch}`, p[0] + 6, p[1] + 12, 'rgba(255,255,255,0.85)');
      }
      ctx.setLineDash([]);
    }
    // Points picked for an inject.
    for (const pk of this.picks) {
      const p = this.projection(pk.ll);
      if (!p) continue;
      ctx.beginPath(); ctx.arc(p[0], p[1], 7, 0, 2 * Math.PI);
      ctx.strokeStyle = '#F0E442'; ctx.lineWidth = 2.5; ctx.stroke();
      label(ctx, pk.name, p[0] + 9, p[1] + 4, '#F0E442', true);
    }
  }
}

function shape(ctx, kind, x, y, r) {
  switch (kind) {
    case 'square': ctx.rect(x - r, y - r, 2 * r, 2 * r); break;
    case 'triangle': ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y + r * 0.8); ctx.lineTo(x - r * 1.1, y + r * 0.8); ctx.closePath(); break;
    case 'diamond': ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); break;
    default: ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

function label(ctx, text, x, y, color, bold) {
  ctx.font = `${bold ? '700 ' : ''}12px system-ui, "DejaVu Sans", sans-serif`;
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(0,0,0,0.85)';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

function hexA(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}
