// The controller panel: injects (launch, sensor outage, infrared false event, spurious
// track, link outage) with points picked on the map or typed, clock control, and the list
// of injects applied. Shown for the controller token only; the server enforces the role.

import { store } from './store.js';

const MISSILES = ['icbm-generic', 'slbm-generic', 'irbm-generic'];
const PROFILES = ['min-energy', 'lofted', 'depressed'];

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}

const options = (sel, values) => { sel.replaceChildren(...values.map((v) => el('option', { value: v, text: v }))); return sel; };

/** Builds the panel in `root`. `api` posts, `map` picks points, `toast(text, bad)` reports. */
export function buildPanel(root, api, map, geometry, toast) {
  const pts = { from: null, to: null };
  const coord = (name) => {
    const lat = el('input', { type: 'number', min: -90, max: 90, step: 'any', id: `${name}-lat`, 'aria-label': `${name} latitude, degrees` });
    const lon = el('input', { type: 'number', min: -180, max: 180, step: 'any', id: `${name}-lon`, 'aria-label': `${name} longitude, degrees` });
    const sync = () => {
      const a = parseFloat(lat.value), o = parseFloat(lon.value);
      pts[name] = Number.isFinite(a) && Number.isFinite(o) ? [o, a] : null;
      showPicks();
    };
    lat.addEventListener('input', sync);
    lon.addEventListener('input', sync);
    const pick = el('button', {
      type: 'button', id: `pick-${name}`, text: name === 'from' ? 'Pick launch point' : 'Pick aim point',
      onclick: () => startPick(name),
    });
    return { lat, lon, pick, row: el('div', { class: 'pt' }, 'lat ', lat, ' lon ', lon, ' ', pick) };
  };
  const from = coord('from'), to = coord('to');
  const hint = document.getElementById('pickhint');

  function showPicks() {
    map.picks = [];
    if (pts.from) map.picks.push({ name: 'LAUNCH', ll: pts.from });
    if (pts.to) map.picks.push({ name: 'AIM', ll: pts.to });
  }
  function startPick(name) {
    hint.textContent = `Click the ${name === 'from' ? 'launch' : 'aim'} point on the map (Esc cancels)`;
    hint.hidden = false;
    map.live.classList.add('picking');
    map.onPick = (ll) => {
      pts[name] = ll;
      const c = name === 'from' ? from : to;
      c.lat.value = ll[1].toFixed(2);
      c.lon.value = ll[0].toFixed(2);
      stopPick();
      showPicks();
      if (name === 'from' && !pts.to) startPick('to');
    };
  }
  function stopPick() {
    map.onPick = null;
    hint.hidden = true;
    map.live.classList.remove('picking');
  }
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') stopPick(); });

  const latlon = (p) => ({ lat_deg: +p[1].toFixed(4), lon_deg: +p[0].toFixed(4) });
  const needPoints = () => {
    if (!pts.from || !pts.to) { toast('Pick a launch point and an aim point first', true); return null; }
    return { from: latlon(pts.from), to: latlon(pts.to) };
  };
  async function send(body, what) {
    const r = await api.post('/api/injects', body);
    if (r.ok) toast(`${what} injected`);
    else toast(`${what} refused: ${r.body?.error ?? r.status}`, true);
    return r;
  }
  const when = el('input', { type: 'text', value: 'now', id: 'inj-time', size: 6, 'aria-label': 'time: now or seconds after the epoch' });
  const time = () => (when.value.trim() === 'now' || when.value.trim() === '' ? 'now' : Number(when.value));

  const missile = options(el('select', { id: 'inj-missile' }), MISSILES);
  const profile = options(el('select', { id: 'inj-profile' }), PROFILES);
  const launchBtn = el('button', {
    type: 'button', id: 'inj-launch', text: 'Inject launch',
    onclick: () => { const p = needPoints(); if (p) send({ kind: 'launch', missile: missile.value, profile: profile.value, time: time(), ...p }, 'Launch'); },
  });
  const irBtn = el('button', {
    type: 'button', id: 'inj-ir', text: 'IR false event',
    onclick: () => { const p = needPoints(); if (p) send({ kind: 'infrared_false_event', time: time(), ...p }, 'Infrared false event'); },
  });
  const netSel = options(el('select', { id: 'inj-net' }), geometry.networks);
  const spurBtn = el('button', {
    type: 'button', id: 'inj-spurious', text: 'Spurious track',
    onclick: () => { const p = needPoints(); if (p) send({ kind: 'spurious_track', network: netSel.value, time: time(), ...p }, 'Spurious track'); },
  });

  const sensors = [...geometry.radars.map((r) => r.id), ...geometry.satellites.map((s) => s.id)];
  const sensorSel = options(el('select', { id: 'inj-sensor' }), sensors);
  const dur = (id) => el('input', { type: 'number', min: 1, step: 1, id, placeholder: 'to end', 'aria-label': 'duration, s' });
  const outDur = dur('inj-outage-dur');
  const duration = (i) => (i.value === '' ? {} : { duration_s: Number(i.value) });
  const outBtn = el('button', {
    type: 'button', id: 'inj-outage', text: 'Sensor outage',
    onclick: () => send({ kind: 'sensor_outage', sensor: sensorSel.value, start: time(), ...duration(outDur) }, 'Sensor outage'),
  });
  const archSel = options(el('select', { id: 'inj-arch' }), geometry.architectures.filter((a) => a.networks.length > 1).map((a) => a.id).concat(geometry.architectures.filter((a) => a.networks.length <= 1).map((a) => a.id)));
  const linkNet = el('select', { id: 'inj-linknet' });
  const syncLinkNets = () => options(linkNet, geometry.architectures.find((a) => a.id === archSel.value)?.networks ?? []);
  archSel.addEventListener('change', syncLinkNets);
  syncLinkNets();
  const linkDur = dur('inj-link-dur');
  const linkBtn = el('button', {
    type: 'button', id: 'inj-link', text: 'Link outage',
    onclick: () => send({ kind: 'link_outage', architecture: archSel.value, network: linkNet.value, start: time(), ...duration(linkDur) }, 'Link outage'),
  });

  // Clock.
  async function clock(body) {
    const r = await api.post('/api/clock', body);
    if (!r.ok) toast(`Clock refused: ${r.body?.error ?? r.status}`, true);
    return r;
  }
  const pauseBtn = el('button', { type: 'button', id: 'clk-pause', text: 'Pause', onclick: () => clock({ paused: !store.paused }) });
  const speedSel = options(el('select', { id: 'clk-speed', 'aria-label': 'speed, simulation s per wall s' }), ['1', '5', '10', '20', '60', '200']);
  speedSel.value = '20';
  speedSel.addEventListener('change', () => clock({ speed: Number(speedSel.value) }));
  const step = (s) => el('button', { type: 'button', text: `+${s} s`, onclick: () => clock({ step_s: s }) });

  const injList = el('ol', { id: 'injlist', class: 'small' });
  const mselLegend = el('legend', { text: 'MSEL' });
  const mselList = el('ol', { id: 'msellist', class: 'small' });

  root.replaceChildren(
    el('h2', { id: 'panel-h', text: 'Exercise control' }),
    el('fieldset', {}, el('legend', { text: 'Points (click on the map or type)' }), from.row, to.row,
      el('div', { class: 'pt' }, 'time ', when, ' (now or s after epoch)')),
    el('fieldset', {}, el('legend', { text: 'Launch' }),
      el('div', { class: 'grid' }, el('label', { for: 'inj-missile', text: 'class' }), missile, el('label', { for: 'inj-profile', text: 'profile' }), profile),
      el('div', { class: 'btns' }, launchBtn, irBtn)),
    el('fieldset', {}, el('legend', { text: 'Degrade' }),
      el('div', { class: 'grid' },
        el('label', { for: 'inj-net', text: 'network' }), el('span', {}, netSel, ' ', spurBtn),
        el('label', { for: 'inj-sensor', text: 'sensor' }), el('span', {}, sensorSel, ' ', outDur, ' ', outBtn),
        el('label', { for: 'inj-arch', text: 'link' }), el('span', {}, archSel, ' ', linkNet, ' ', linkDur, ' ', linkBtn))),
    el('fieldset', {}, el('legend', { text: 'Clock' }),
      el('div', { class: 'btns' }, pauseBtn, el('label', {}, 'speed ', speedSel), step(10), step(60))),
    el('fieldset', {}, mselLegend, mselList),
    el('fieldset', {}, el('legend', { text: 'Injects applied (scripted MSEL events are marked)' }), injList),
  );

  let shown = -1;
  return {
    /** Updates what depends on the picture (pause button, inject list). */
    update() {
      pauseBtn.textContent = store.paused ? 'Resume' : 'Pause';
      if (shown === store.injectsVersion) return;
      shown = store.injectsVersion;
      const m = store.msel;
      mselLegend.textContent = m ? `MSEL: ${m.name}` : 'MSEL: none (vigil serve --msel FILE)';
      mselList.replaceChildren(...(m?.events ?? []).map((e) => {
        // Each expectation with its status so far (met, missed, open), else as written.
        const scores = (m.scores ?? []).filter((x) => x.event === e.id);
        const expected = scores.length
          ? scores.map((x) => `${x.expected}${x.architecture ? ` [${x.architecture}]` : ''}: ${x.status}`)
          : e.expect;
        return el('li', {
          class: e.status === 'refused' ? 'error' : '',
          text: `T+${Math.round(e.at_s)} s ${e.id} [${e.status}]${e.title ? ` ${e.title}` : ''}`
            + (expected.length ? ` — expected: ${expected.join('; ')}` : ''),
        });
      }));
      const refused = store.mselRefused.slice(-10).reverse().map((r) => el('li', { class: 'error', text: `MSEL ${r.event} refused: ${r.message}` }));
      injList.replaceChildren(...refused, ...store.injects.slice(-30).reverse().map((r) => {
        const i = r.inject;
        const what = i.kind === 'launch' ? `launch ${i.id ?? ''} ${i.missile}` : i.kind === 'sensor_outage' ? `outage ${i.sensor}` : i.kind === 'link_outage' ? `link ${i.architecture}←${i.network}` : i.kind.replace(/_/g, ' ');
        const t = i.time ?? i.start;
        const src = r.msel ? `MSEL ${r.msel}` : r.by;
        return el('li', { text: `${what} at T+${typeof t === 'number' ? Math.round(t) : t} s (${src})` });
      }));
    },
    stopPick,
  };
}
