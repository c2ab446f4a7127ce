// Frame-rate benchmark of the console's map: 1,000 tracks with 64-point trails (100 of
// them with impact ellipses), a new point on every track each second, drawn in Debian's
// headless Chromium at 1366×768 against a real (paused) `vigil serve`. The synthetic tracks
// go through the page's own store (the same module the console renders from), so the whole
// drawing path is measured. Prints frames per second over 5 s (requestAnimationFrame and
// performance.now()); exits non-zero below 30 frames/s unless FPS_MIN says otherwise.
//
//   node tests/fps.mjs            (from web/; VIGIL_BIN as for the e2e tests)

import { join } from 'node:path';
import { OP, browser, freePort, kill9, scratch, vigil } from './lib.mjs';

const TRACKS = Number(process.env.FPS_TRACKS ?? 1000);
const SECONDS = Number(process.env.FPS_SECONDS ?? 5);
const MIN = Number(process.env.FPS_MIN ?? 30);

const port = await freePort();
const server = await vigil(['serve', '--bind', `127.0.0.1:${port}`, '--start-paused', '--log', join(scratch('fps'), 'fps.sqlite')]);
const chrome = await browser();
let code = 0;
try {
  const page = await (await chrome.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}#token=${OP}`);
  await page.locator('#link.up').waitFor();
  await page.waitForTimeout(500);
  const r = await page.evaluate(async ({ n, seconds }) => {
    const { store, applyTrack, ellipseRing } = await import('/js/store.js');
    const archs = ['north', 'east', 'integrated'];
    const tracks = [];
    // Tracks spread over the defended region, flying in random directions at ~5 km/s.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      const t = { arch: archs[i % 3], id: i, lat: 20 + 50 * rnd(), lon: 30 + 100 * rnd(), dlat: (rnd() - 0.5) * 0.09, dlon: (rnd() - 0.5) * 0.09 };
      tracks.push(t);
    }
    const update = (t, ts) => {
      t.lat += t.dlat; t.lon += t.dlon;
      return applyTrack({
        architecture: t.arch, track: t.id, status: t.id % 4 ? 'confirmed' : 'tentative', phase: 'ballistic',
        lat_deg: t.lat, lon_deg: t.lon, alt_m: 500e3, t_s: ts, object: 'unknown', sensor: 'x',
      });
    };
    store.tracks.clear();
    for (let k = 0; k < 64; k++) for (const t of tracks) update(t, -63 + k);
    for (const t of tracks.slice(0, 100)) {
      const tr = store.tracks.get(`${t.arch}/${t.id}`);
      tr.impact = { lat_deg: t.lat + 10, lon_deg: t.lon, t_s: 600, t_sigma_s: 5, semi_major_km: 120, semi_minor_km: 40, major_azimuth_deg: 30 };
      tr.ellipse = ellipseRing(tr.impact);
    }
    store.tracksVersion++;
    // Warm up 1 s, then count frames for `seconds`, giving every track a new point each second.
    const frames = [];
    let next = 0, ts = 1;
    await new Promise((done) => {
      const t0 = performance.now();
      const tick = (now) => {
        const el = now - t0;
        if (el > 1000) frames.push(now);
        // Spread the 1,000 updates per second over the frames.
        const due = Math.floor((el / 1000) * n);
        while (next < due) { update(tracks[next % n], ts + Math.floor(next / n)); next++; }
        if (el < 1000 + seconds * 1000) requestAnimationFrame(tick); else done();
      };
      requestAnimationFrame(tick);
    });
    const dt = frames.slice(1).map((x, i) => x - frames[i]).sort((a, b) => a - b);
    // What was drawn: pixels painted on the trail and live layers (a blank map would be fast).
    const painted = (id) => {
      const c = document.getElementById(id);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let k = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]) k++;
      return k;
    };
    return {
      tracks: store.tracks.size,
      points: [...store.tracks.values()].reduce((s, t) => s + t.trail.length, 0),
      fps: (frames.length - 1) / ((frames[frames.length - 1] - frames[0]) / 1000),
      p95_ms: dt[Math.floor(0.95 * (dt.length - 1))],
      max_ms: dt[dt.length - 1],
      trail_px: painted('trails'),
      live_px: painted('map'),
    };
  }, { n: TRACKS, seconds: SECONDS });
  await page.screenshot({ path: join(scratch('fps-shot'), 'fps.png') });
  console.log(`${r.tracks} tracks, ${r.points} trail points: ${r.fps.toFixed(1)} frames/s (p95 frame ${r.p95_ms.toFixed(1)} ms, worst ${r.max_ms.toFixed(1)} ms) over ${SECONDS} s`);
  console.log(`painted pixels: trails ${r.trail_px}, markers ${r.live_px}`);
  if (errors.length) { console.error(`page errors: ${errors.join('; ')}`); code = 1; }
  if (r.trail_px < 5000 || r.live_px < 5000) { console.error('the tracks were not drawn'); code = 1; }
  if (r.fps < MIN) { console.error(`below ${MIN} frames/s`); code = 1; }
} finally {
  await chrome.close();
  await kill9(server);
}
process.exit(code);
