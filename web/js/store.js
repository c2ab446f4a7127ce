// The picture the console shows, built from the server's snapshot and records (the same
// rules as crates/live/src/picture.rs): tracks with their trails and impact predictions,
// alerts with their acknowledgements, sensors, the clock; for controllers, truth launches
// and injects. Positions are degrees; times are simulation seconds after the epoch.

let trailsChanged = 0;
/** A number that changes whenever a trail or the set of tracks changes. */
export function trailsVersion() { return trailsChanged + store.tracksVersion; }

/** Points kept per trail. */
export const TRAIL_MAX = 64;
/** A track not updated for this long (simulation s) leaves the map (as in the snapshot). */
export const TRACK_STALE_S = 60;
const EARTH_RADIUS_KM = 6371;

export const store = {
  role: null,
  readOnly: false,
  scenario: '',
  epoch: '',
  duration: 3600,
  seq: 0,
  simTime: 0,
  simAt: 0,
  speed: 0,
  paused: false,
  ended: false,
  /** id → {id, network, kind, up} */
  sensors: new Map(),
  /** "arch/track" → track (see `track()`) */
  tracks: new Map(),
  /** id → alert state (the record with acknowledged_by, acknowledged_at_s) */
  alerts: new Map(),
  /** truth launches (controllers) */
  launches: [],
  /** injects applied (controllers) */
  injects: [],
  /** MSEL events refused when their time came (controllers) */
  mselRefused: [],
  /** the exercise's MSEL, {name, events: [{id, at_s, title, inject, expect, status}]}
   * (controllers; null without one) */
  msel: null,
  /** whether the link to the server is up (the clock is not extrapolated while it is down) */
  linkUp: false,
  /** bumped when the alert list, the track set or the injects change */
  alertsVersion: 0,
  tracksVersion: 0,
  injectsVersion: 0,
};

/** Simulation time now: the last time heard from the server, advanced by the clock. */
export function simNow() {
  const s = store;
  if (s.paused || s.ended || !s.linkUp || !(s.speed > 0)) return s.simTime;
  return Math.min(s.duration, s.simTime + ((performance.now() - s.simAt) / 1000) * s.speed);
}

function setTime(t) {
  store.simTime = t;
  store.simAt = performance.now();
}

/** A new track record. */
function track(key, u) {
  return {
    key, arch: u.architecture, id: u.track, status: u.status, phase: u.phase,
    lat: u.lat_deg, lon: u.lon_deg, alt: u.alt_m, t: u.t_s, object: u.object,
    sensor: u.sensor, truth: u.truth ?? null,
    impact: null, ellipse: null,
    /** [lon, lat, t] oldest first */
    trail: [],
    trailVersion: 0,
  };
}

/** Takes a track update (record or snapshot entry) into the picture. */
export function applyTrack(u) {
  const key = `${u.architecture}/${u.track}`;
  let tr = store.tracks.get(key);
  if (!tr) {
    tr = track(key, u);
    store.tracks.set(key, tr);
    store.tracksVersion++;
  }
  if (u.t_s >= tr.t) {
    Object.assign(tr, {
      status: u.status, phase: u.phase, lat: u.lat_deg, lon: u.lon_deg, alt: u.alt_m,
      t: u.t_s, object: u.object, sensor: u.sensor, truth: u.truth ?? tr.truth,
    });
  }
  // The trail stays in time order even when a catch-up brings older points.
  const p = [u.lon_deg, u.lat_deg, u.t_s];
  const tl = tr.trail;
  if (tl.length === 0 || tl[tl.length - 1][2] < u.t_s) tl.push(p);
  else if (!tl.some((q) => q[2] === u.t_s)) {
    let i = tl.length;
    while (i > 0 && tl[i - 1][2] > u.t_s) i--;
    tl.splice(i, 0, p);
  }
  if (tl.length > TRAIL_MAX) tl.splice(0, tl.length - TRAIL_MAX);
  tr.trailVersion++;
  trailsChanged++;
  if (u.impact) setImpact(tr, u.impact);
  return tr;
}

function setImpact(tr, imp) {
  if (tr.impact && tr.impact.t_s === imp.t_s && tr.impact.lat_deg === imp.lat_deg) return;
  tr.impact = imp;
  tr.ellipse = ellipseRing(imp);
}

/** The 95 % ellipse of an impact prediction as a ring of [lon, lat] (spherical Earth). */
export function ellipseRing(imp, n = 48) {
  const a = imp.semi_major_km, b = imp.semi_minor_km;
  const az = (imp.major_azimuth_deg * Math.PI) / 180;
  const lat1 = (imp.lat_deg * Math.PI) / 180, lon1 = (imp.lon_deg * Math.PI) / 180;
  const ring = [];
  for (let i = 0; i <= n; i++) {
    const th = (2 * Math.PI * i) / n;
    const dMaj = a * Math.cos(th), dMin = b * Math.sin(th);
    const north = dMaj * Math.cos(az) - dMin * Math.sin(az);
    const east = dMaj * Math.sin(az) + dMin * Math.cos(az);
    const d = Math.hypot(north, east) / EARTH_RADIUS_KM;
    const brg = Math.atan2(east, north);
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(brg));
    const lon2 = lon1 + Math.atan2(Math.sin(brg) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([(((lon2 * 180) / Math.PI + 540) % 360) - 180, (lat2 * 180) / Math.PI]);
  }
  return ring;
}

function applyAlert(a, ack) {
  const prev = store.alerts.get(a.id);
  const st = {
    ...a,
    acknowledged_by: ack?.acknowledged_by ?? prev?.acknowledged_by ?? null,
    acknowledged_at_s: ack?.acknowledged_at_s ?? prev?.acknowledged_at_s ?? null,
  };
  store.alerts.set(a.id, st);
  if (a.track != null && a.impact) {
    const tr = store.tracks.get(`${a.architecture}/${a.track}`);
    if (tr) setImpact(tr, a.impact);
  }
  store.alertsVersion++;
}

/** Replaces the picture with a snapshot; trails already drawn are kept for tracks still in
 * it (unless `reset`: a replay's seek starts again). Returns the snapshot's seq. */
export function applySnapshot(s, reset) {
  Object.assign(store, {
    scenario: s.scenario, epoch: s.epoch, duration: s.duration_s,
    speed: s.speed, paused: s.paused, ended: s.ended, seq: s.seq,
  });
  setTime(s.sim_time_s);
  store.sensors = new Map(s.sensors.map((x) => [x.id, x]));
  const old = reset ? new Map() : store.tracks;
  store.tracks = new Map();
  for (const u of s.tracks) {
    const key = `${u.architecture}/${u.track}`;
    const prev = old.get(key);
    if (prev) store.tracks.set(key, prev);
    applyTrack(u);
  }
  store.alerts = new Map();
  for (const a of s.alerts) applyAlert(a, a);
  store.launches = s.launches ?? [];
  if (reset) store.mselRefused = [];
  store.injects = s.injects ?? [];
  store.msel = s.msel ?? null;
  store.alertsVersion++;
  store.tracksVersion++;
  store.injectsVersion++;
  return s.seq;
}

/** Marks MSEL event `id` as `status` (`fired` or `refused`). */
function markMsel(id, status) {
  const e = store.msel?.events.find((x) => x.id === id);
  if (e) e.status = status;
}

/** Takes one record message into the picture. `live`: it is newer than the snapshot (older
 * ones, sent to catch up, only fill trails and lists and do not move the clock). */
export function applyRecord(m, live) {
  if (m.seq > store.seq) store.seq = m.seq;
  switch (m.type) {
    case 'track': applyTrack(m); break;
    case 'alert': applyAlert(m, null); break;
    case 'ack': {
      const a = store.alerts.get(m.alert);
      if (a && !a.acknowledged_by) {
        a.acknowledged_by = m.by;
        a.acknowledged_at_s = m.sim_time_s;
        store.alertsVersion++;
      }
      break;
    }
    case 'launch':
      if (!store.launches.some((l) => l.launch === m.launch)) store.launches.push(m);
      break;
    case 'inject':
      store.injects.push(m);
      if (m.msel) markMsel(m.msel, 'fired');
      store.injectsVersion++;
      break;
    case 'msel_refused':
      store.mselRefused.push(m);
      markMsel(m.event, 'refused');
      store.injectsVersion++;
      break;
    case 'clock': if (live) { store.speed = m.speed; store.paused = m.paused; } break;
    case 'end': store.ended = true; break;
    default: break;
  }
  if (live && m.sim_time_s >= store.simTime - 1e-9) setTime(m.sim_time_s);
}

/** Drops tracks not updated for TRACK_STALE_S at simulation time `t`. */
export function dropStale(t) {
  let n = 0;
  for (const [k, tr] of store.tracks) {
    if (tr.t < t - TRACK_STALE_S) { store.tracks.delete(k); n++; }
  }
  if (n) store.tracksVersion++;
}

/** The level of an alert (the warning stage's ladder: event → assessment → warning). */
export function level(a) {
  switch (a.kind) {
    case 'launch-detected':
    case 'track-confirmed': return 'event';
    case 'launch-assessed': return 'assessment';
    case 'impact-predicted':
    case 'updated': return 'warning';
    case 'cancelled': return 'cancelled';
    default: return 'event';
  }
}

/** How high a level stands in the queue of alerts waiting for acknowledgement. */
const URGENCY = { warning: 3, assessment: 2, cancelled: 1, event: 0 };

/**
 * Alerts for the queue: those waiting for acknowledgement first, the most urgent level first
 * (warning, assessment, cancellation, event); waiting warnings by predicted impact time, the
 * soonest first (the threat with least time left leads), and everything else newest first;
 * then the acknowledged ones, newest first.
 */
export function alertQueue() {
  const v = [...store.alerts.values()];
  const waiting = (a) => !a.acknowledged_by;
  const rank = (a) => (waiting(a) ? URGENCY[level(a)] : -1);
  const impactAt = (a) =>
    (waiting(a) && level(a) === 'warning' && a.impact ? a.impact.t_s : Infinity);
  v.sort((x, y) => rank(y) - rank(x)
    || (impactAt(x) - impactAt(y) || 0)
    || y.t_s - x.t_s || y.index - x.index);
  return v;
}
