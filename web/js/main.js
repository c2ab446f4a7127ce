// The console: sign-in, the link to the server, the map, the alert queue, the timeline and
// (controllers) the exercise panel. Keyboard: A acknowledges the top unacknowledged alert,
// J/K move in the queue, Enter acknowledges the selected alert, P switches the projection,
// Space pauses (controllers), N jumps to the next alert (replays), arrows/+/-/0 on the map.

import { Api, Link, initialToken, saveToken, forgetToken } from './net.js';
import { store, simNow, applySnapshot, applyRecord, dropStale, level, alertQueue } from './store.js';
import { MapView, ARCH_STYLE } from './map.js';
import { buildPanel } from './panel.js';

const $ = (id) => document.getElementById(id);
let api = null, link = null, map = null, panel = null, geometry = null;
let snapSeq = 0, resetNext = false, selected = null, scrollToSelected = false;

function toast(text, bad) {
  const t = $('toast');
  t.textContent = text;
  t.classList.toggle('bad', !!bad);
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 3500);
}

const hms = (s) => {
  const a = Math.abs(Math.round(s));
  const h = Math.floor(a / 3600), m = Math.floor((a % 3600) / 60), x = a % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(x).padStart(2, '0')}`;
};
const ms = (s) => {
  const a = Math.max(0, Math.round(s));
  return `${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
};

// ---- sign-in -----------------------------------------------------------------------------

function showLogin(message) {
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message ?? '';
  $('token').focus();
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  const t = $('token').value.trim();
  start(t);
});
$('logout').addEventListener('click', () => { forgetToken(); location.reload(); });

async function start(token) {
  if (!token) return showLogin();
  const probe = new Api(token);
  const who = await probe.get('/api/whoami');
  if (!who.ok) {
    forgetToken();
    return showLogin(who.status === 401 ? 'The server does not know this token.' : `The server did not answer (${who.body?.error ?? who.status}).`);
  }
  saveToken(token);
  api = probe;
  store.role = who.body.role;
  store.readOnly = !!who.body.read_only;
  $('login').hidden = true;
  $('app').hidden = false;
  $('logout').hidden = false;
  const role = $('role');
  role.hidden = false;
  role.textContent = (store.role === 'controller' ? 'CONTROLLER' : 'OPERATOR') + (store.readOnly ? ' · REPLAY' : '');
  role.className = `badge ${store.role === 'controller' ? 'ctl' : 'op'}`;

  const [world, geo] = await Promise.all([
    fetch('vendor/world-atlas/countries-50m.json').then((r) => r.json()),
    api.get(`/api/geometry?height_km=${$('height').value}`),
  ]);
  if (!geo.ok) { toast(`No map geometry: ${geo.body?.error ?? geo.status}`, true); return; }
  geometry = geo.body;
  map = new MapView($('basemap'), $('trails'), $('map'), world);
  map.setGeometry(geometry, true);
  buildMapTools();
  if (store.role === 'controller' && !store.readOnly) {
    $('panel').hidden = false;
    panel = buildPanel($('panel'), api, map, geometry, toast);
  }
  if (store.readOnly && store.role === 'controller') setupScrubber();
  new ResizeObserver(() => { map.resize(); }).observe($('mapwrap'));

  link = new Link(token, () => store.seq, onMessage, onLink);
  link.connect();
  requestAnimationFrame(frame);
  setInterval(slowTick, 250);
  setInterval(refreshGeometry, 10000);
}

// ---- the link ----------------------------------------------------------------------------

function onLink(up, text) {
  // Freeze the clock where the server last put it while the link is down.
  if (!up && store.linkUp) { store.simTime = simNow(); store.simAt = performance.now(); }
  store.linkUp = up;
  const l = $('link');
  l.textContent = text;
  l.className = `badge ${up ? 'up' : 'down'}`;
  const b = $('linkbanner');
  b.hidden = up;
  b.textContent = up ? '' : `Link to the server is down: the picture is frozen and may be out of date. ${text.replace('LINK DOWN — ', '')}…`;
}

function onMessage(m) {
  switch (m.type) {
    case 'snapshot':
      if (m.seq < link.sentSince) {
        // A server that knows less than we asked for is another exercise (or a replay
        // started again): it would hold back everything up to our old `since`. Start afresh.
        snapSeq = applySnapshot(m, true);
        link.restart();
        break;
      }
      snapSeq = applySnapshot(m, resetNext);
      resetNext = false;
      if (map) map.baseDirty = true;
      break;
    case 'reset': resetNext = true; break;
    case 'lagged': break;
    case 'error': toast(`Server: ${m.error}`, true); break;
    default: applyRecord(m, m.seq > snapSeq);
  }
}

// ---- map tools ---------------------------------------------------------------------------

function buildMapTools() {
  const proj = $('proj');
  const toggle = () => {
    map.setKind(map.kind === 'azimuthal' ? 'equirectangular' : 'azimuthal');
    proj.textContent = map.kind === 'azimuthal' ? 'Equirectangular' : 'Azimuthal';
  };
  proj.addEventListener('click', toggle);
  document.addEventListener('keydown', (e) => { if (!typing(e) && (e.key === 'p' || e.key === 'P')) toggle(); });
  $('height').addEventListener('change', refreshGeometry);
  const archs = $('archs');
  archs.replaceChildren(...geometry.architectures.map((a, i) => {
    const st = ARCH_STYLE[i % ARCH_STYLE.length];
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.addEventListener('change', () => {
      if (box.checked) map.hidden.delete(a.id); else map.hidden.add(a.id);
      map.trailsDrawn.view = -1;
    });
    const l = document.createElement('label');
    l.style.color = st.color;
    l.append(box, ` ${shapeGlyph(st.shape)} ${a.id}`);
    return l;
  }));
  if (store.role === 'controller') {
    $('truthbox').hidden = false;
    $('truth').addEventListener('change', (e) => { map.showTruth = e.target.checked; });
  } else {
    map.showTruth = false;
  }
  const lg = $('legend');
  const item = (t, c) => { const s = document.createElement('span'); s.textContent = t; if (c) s.style.color = c; return s; };
  lg.replaceChildren(
    ...geometry.architectures.map((a, i) => item(`${shapeGlyph(ARCH_STYLE[i % ARCH_STYLE.length].shape)} ${a.id}`, ARCH_STYLE[i % ARCH_STYLE.length].color)),
    item('filled = confirmed, hollow = tentative'),
    item('✕ in ellipse = predicted impact (95 %)'),
    item('◇ = predicted launch area'),
    item('▲ radar · ✚ IR satellite · yellow = defended area'),
  );
}

const shapeGlyph = (s) => ({ circle: '●', square: '■', triangle: '▲', diamond: '◆' })[s] ?? '●';

async function refreshGeometry() {
  if (!api || !map || !store.linkUp) return;
  const r = await api.get(`/api/geometry?height_km=${$('height').value}&t_s=${simNow().toFixed(0)}`);
  if (r.ok) { geometry = r.body; map.setGeometry(geometry, false); }
  // Sensors go down and up with outage injects: the snapshot says which are up now.
  const s = await api.get('/api/state');
  if (s.ok) {
    store.sensors = new Map(s.body.sensors.map((x) => [x.id, x]));
    map.baseDirty = true;
    // The MSEL's statuses and scores so far (controllers) come with the snapshot only.
    if (s.body.msel) { store.msel = s.body.msel; store.injectsVersion++; }
    showBus(s.body.bus);
  }
}

/** A distributed exercise (`vigil serve --bus`): how far the centre's picture is complete, and
 * which partners are missing from it. */
function showBus(bus) {
  const b = $('bus');
  b.hidden = !bus;
  if (!bus) return;
  const upTo = bus.picture_s == null ? 'no picture yet' : `picture to ${bus.picture_s.toFixed(0)} s`;
  const nodes = bus.partners.map((p) => `${p.network} ${p.to_s == null ? '—' : p.to_s.toFixed(0)} s`).join(', ');
  b.textContent = bus.degraded.length ? `DEGRADED: no data from ${bus.degraded.join(', ')}` : `${bus.architecture}: ${upTo}`;
  b.className = `badge ${bus.degraded.length ? 'warn' : ''}`;
  b.title = `integration centre of ${bus.architecture}; nodes: ${nodes}; released to ${bus.released_s.toFixed(0)} s`;
}

// ---- alert queue -------------------------------------------------------------------------

let shownAlerts = -1;
const rows = new Map();

function phenomenology(a) {
  const nets = new Set(), kinds = new Set();
  for (const s of a.sensors) {
    const x = store.sensors.get(s);
    if (x) { nets.add(x.network); kinds.add(x.kind === 'infrared' ? 'IR' : 'radar'); }
  }
  return { nets: [...nets], kinds: [...kinds] };
}

function renderAlerts() {
  const list = $('alertlist');
  const q = alertQueue().slice(0, 150);
  const unacked = q.filter((a) => !a.acknowledged_by).length;
  $('unacked').textContent = `${unacked} unacknowledged`;
  $('unacked').className = `badge ${unacked ? 'warn' : ''}`;
  rows.clear();
  list.replaceChildren(...q.map((a) => {
    const li = document.createElement('li');
    const lv = level(a);
    li.className = `alert lvl-${lv} ${a.acknowledged_by ? 'acked' : 'unacked'}${a.id === selected ? ' sel' : ''}`;
    li.dataset.id = a.id;
    const { nets, kinds } = phenomenology(a);
    const top = document.createElement('div');
    top.className = 'row';
    const lvl = document.createElement('span');
    lvl.className = 'level';
    lvl.textContent = lv.toUpperCase();
    const area = document.createElement('span');
    area.className = 'area';
    area.textContent = a.area ?? (a.kind === 'launch-detected' ? 'launch detected' : placeOf(a));
    const cd = document.createElement('span');
    cd.className = 'countdown';
    top.append(lvl, area, cd);
    const meta = document.createElement('div');
    meta.className = 'meta';
    const p = a.probability > 0 ? ` · P=${(a.probability * 100).toFixed(0)} %` : '';
    meta.textContent = `${a.kind} · ${a.architecture}${a.track != null ? ' track ' + a.track : ''} · T+${hms(a.t_s)}${p}`;
    if (a.p_stage != null) {
      const obj = document.createElement('span');
      obj.className = `object obj-${a.object}`;
      obj.textContent = ` · ${(a.object ?? 'unknown').replace('-', ' ')} (stage ${(a.p_stage * 100).toFixed(0)} %)`;
      meta.append(obj);
    }
    const src = document.createElement('div');
    src.className = 'meta';
    src.textContent = `${kinds.join(' + ') || '—'} · networks ${nets.join(', ') || '—'} · sensors ${a.sensors.join(', ') || '—'}`;
    const bottom = document.createElement('div');
    bottom.className = 'row';
    if (a.acknowledged_by) {
      const d = document.createElement('span');
      d.className = 'ackd';
      d.textContent = `✓ acknowledged by ${a.acknowledged_by}${a.acknowledged_at_s != null ? ' at T+' + hms(a.acknowledged_at_s) : ''}`;
      bottom.append(d);
    } else if (!store.readOnly) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'ack';
      b.textContent = 'Acknowledge';
      b.addEventListener('click', (e) => { e.stopPropagation(); ack(a.id); });
      bottom.append(b);
    }
    if (store.role === 'controller' && a.truth) {
      const t = document.createElement('span');
      t.className = 'meta';
      t.textContent = `truth: ${a.truth}`;
      bottom.append(t);
    }
    li.append(top, meta, src, bottom);
    li.addEventListener('click', () => { selected = a.id; shownAlerts = -1; });
    rows.set(a.id, { a, cd });
    return li;
  }));
  if (scrollToSelected) list.querySelector('.sel')?.scrollIntoView({ block: 'nearest' });
  scrollToSelected = false;
  updateCountdowns();
}

/** Where an alert naming no area predicts the impact ("impact 12.3°N 45.6°E"), if anywhere. */
function placeOf(a) {
  if (!a.impact) return 'no area named';
  const deg = (v, pos, neg) => `${Math.abs(v).toFixed(1)}°${v >= 0 ? pos : neg}`;
  return `impact ${deg(a.impact.lat_deg, 'N', 'S')} ${deg(a.impact.lon_deg, 'E', 'W')}`;
}

function updateCountdowns() {
  const now = simNow();
  for (const { a, cd } of rows.values()) {
    if (!a.impact || a.kind === 'cancelled') { cd.textContent = ''; continue; }
    const left = a.impact.t_s - now;
    cd.textContent = left > 0 ? `T−${ms(left)}` : 'IMPACT TIME PASSED';
    cd.classList.toggle('past', left <= 0);
  }
}

async function ack(id) {
  if (store.readOnly) return toast('A replay takes no acknowledgements', true);
  const r = await api.post(`/api/alerts/${encodeURIComponent(id)}/ack`);
  if (r.ok) {
    const a = store.alerts.get(id);
    if (a && !a.acknowledged_by) {
      a.acknowledged_by = r.body.acknowledged_by;
      a.acknowledged_at_s = r.body.acknowledged_at_s;
      store.alertsVersion++;
    }
    toast(`Alert ${id} acknowledged`);
  } else toast(`Acknowledgement refused: ${r.body?.error ?? r.status}`, true);
}

// ---- timeline ----------------------------------------------------------------------------

function setupScrubber() {
  $('scrub').hidden = false;
  const sc = $('scrubber');
  sc.max = String(store.duration);
  let dragging = false;
  sc.addEventListener('input', () => { dragging = true; });
  sc.addEventListener('change', async () => {
    dragging = false;
    await api.post('/api/clock', { seek_s: Number(sc.value) });
  });
  setupScrubber.dragging = () => dragging;
  $('play').addEventListener('click', () => api.post('/api/clock', { paused: !store.paused }));
  $('rspeed').addEventListener('change', (e) => api.post('/api/clock', { speed: Number(e.target.value) }));
  $('nextalert').addEventListener('click', nextAlert);
}

async function nextAlert() {
  const r = await api.get('/api/alert-times');
  if (!r.ok) return toast(`No alert list: ${r.body?.error ?? r.status}`, true);
  const now = simNow();
  const next = r.body.find((a) => a.t_s > now + 0.5);
  if (!next) return toast('No later alert');
  await api.post('/api/clock', { seek_s: Math.min(store.duration, next.t_s + 0.001) });
  toast(`Seeked to alert ${next.id} at T+${hms(next.t_s)}`);
}

function updateTimeline() {
  const now = simNow();
  $('simtime').textContent = `T+${hms(now)}`;
  const ep = Date.parse(store.epoch);
  $('utc').textContent = Number.isFinite(ep) ? new Date(ep + now * 1000).toISOString().slice(11, 19) + ' UTC' : '';
  $('scenario').textContent = store.scenario;
  $('speed').textContent = store.speed > 0 ? `×${store.speed}` : 'flat out';
  $('paused').hidden = !store.paused;
  $('ended').hidden = !store.ended;
  $('progressbar').style.width = `${Math.min(100, (100 * now) / (store.duration || 1)).toFixed(2)}%`;
  if (!$('scrub').hidden) {
    const sc = $('scrubber');
    sc.max = String(store.duration);
    if (!setupScrubber.dragging()) sc.value = String(Math.round(now));
    $('play').textContent = store.paused ? 'Play' : 'Pause';
  }
  $('trackcount').textContent = `${store.tracks.size} tracks`;
}

// ---- keyboard ----------------------------------------------------------------------------

const typing = (e) => /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName) && e.target.type !== 'checkbox';

document.addEventListener('keydown', (e) => {
  if (!api || typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
  const q = alertQueue();
  const idx = q.findIndex((a) => a.id === selected);
  switch (e.key) {
    case 'a': case 'A': {
      const top = q.find((a) => !a.acknowledged_by);
      if (top) ack(top.id);
      break;
    }
    case 'j': case 'J': if (q.length) selected = q[Math.min(q.length - 1, idx + 1)].id; shownAlerts = -1; scrollToSelected = true; break;
    case 'k': case 'K': if (q.length) selected = q[Math.max(0, idx - 1)].id; shownAlerts = -1; scrollToSelected = true; break;
    case 'Enter': if (selected && e.target.tagName !== 'BUTTON') ack(selected); else return; break;
    case ' ':
      if (store.role !== 'controller' || e.target.tagName === 'BUTTON') return;
      api.post('/api/clock', { paused: !store.paused });
      break;
    case 'n': case 'N': if (store.readOnly && store.role === 'controller') nextAlert(); break;
    default: return;
  }
  e.preventDefault();
});

// ---- loops -------------------------------------------------------------------------------

function frame() {
  requestAnimationFrame(frame);
  map.render();
}

function slowTick() {
  dropStale(simNow());
  if (shownAlerts !== store.alertsVersion) {
    shownAlerts = store.alertsVersion;
    renderAlerts();
  } else updateCountdowns();
  updateTimeline();
  if (panel) panel.update();
}

start(initialToken());
