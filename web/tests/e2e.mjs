// End-to-end tests of the console in Debian's Chromium against a real `vigil serve` on
// loopback (default scenario, speed 20): run with `node --test tests/e2e.mjs` from web/.
// The binary comes from $VIGIL_BIN (else target/release|debug/vigil); nothing is built here.
// Screenshots of every step go to tests/artifacts/<test>/; the exercise screenshot of the
// README goes to docs/console.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CTL, OP, ROOT, artifacts, browser, freePort, kill9, scratch, vigil, watch,
} from './lib.mjs';

const SPEED = '20';
let chrome, server, port, base, log;
let opPage, ctlPage, opProblems;
let injected = null; // { id: launch id, alert: alert id }

const shot = (page, test, step) => page.screenshot({ path: join(artifacts(test), `${step}.png`) });

async function signInByHash(ctx, token) {
  const page = await ctx.newPage();
  const problems = watch(page, base);
  await page.goto(`${base}#token=${token}`);
  await page.locator('#app').waitFor({ state: 'visible' });
  await page.locator('#link.up').waitFor();
  return { page, problems };
}

async function api(path, token, body) {
  const r = await fetch(base.replace(/\/$/, '') + path, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json() };
}

describe('vigil console', { timeout: 170000 }, () => {
  before(async () => {
    const dir = scratch('e2e');
    log = join(dir, 'exercise.sqlite');
    port = await freePort();
    server = await vigil(['serve', '--bind', `127.0.0.1:${port}`, '--speed', SPEED, '--log', log]);
    base = server.url;
    chrome = await browser();
  });

  after(async () => {
    if (chrome) await chrome.close();
    if (server) await kill9(server);
  });

  test('the page loads with no console error or failed request, and the operator sees tracks', async () => {
    const ctx = await chrome.newContext({ viewport: { width: 1366, height: 768 } });
    const { page, problems } = await signInByHash(ctx, OP);
    opPage = page;
    opProblems = problems;
    await shot(page, 'load', '1-signed-in');
    // The default scenario's first launch lifts off at 60 s; its tracks follow.
    await page.waitForFunction(() => parseInt(document.querySelector('#trackcount').textContent, 10) > 0, null, { timeout: 60000 });
    await shot(page, 'load', '2-tracks');
    // The projection switches with P (and back).
    await page.keyboard.press('p');
    assert.equal(await page.locator('#proj').textContent(), 'Azimuthal');
    await page.waitForTimeout(300);
    await shot(page, 'load', '3-equirectangular');
    await page.keyboard.press('p');
    assert.equal(await page.locator('#proj').textContent(), 'Equirectangular');
    assert.equal(await page.locator('#role').textContent(), 'OPERATOR');
    assert.deepEqual(problems, []);
  });

  test('the operator has no controller panel and controller calls fail with 403', async () => {
    assert.equal(await opPage.locator('#panel').isHidden(), true);
    assert.equal(await opPage.locator('#truthbox').isHidden(), true);
    const statuses = await opPage.evaluate(async (token) => {
      const post = (p, b) => fetch(p, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(b) }).then((r) => r.status);
      return [
        await post('/api/injects', { kind: 'sensor_outage', sensor: 'north-r1', start: 'now' }),
        await post('/api/clock', { paused: true }),
      ];
    }, OP);
    assert.deepEqual(statuses, [403, 403]);
    await shot(opPage, 'operator-role', '1-no-panel');
    opProblems.length = 0; // the two refusals above were meant
  });

  test('the controller signs in, injects a launch picked on the map, and an alert with a countdown appears', async () => {
    const ctx = await chrome.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    const problems = watch(page, base);
    await page.goto(base);
    await page.locator('#login').waitFor({ state: 'visible' });
    await page.fill('#token', CTL);
    await page.click('#login button[type=submit]');
    await page.locator('#link.up').waitFor();
    ctlPage = page;
    assert.match(await page.locator('#role').textContent(), /CONTROLLER/);
    await page.locator('#panel').waitFor({ state: 'visible' });
    await shot(page, 'inject', '1-panel');
    // The map opens centred between the defended areas; area-east lies ~50 px right of and
    // ~17 px below the centre at this size: aim there, launch ~25° south of the centre.
    const box = await page.locator('#map').boundingBox();
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    await page.click('#pick-from');
    await page.mouse.click(cx, cy + 95);
    await page.mouse.click(cx + 47, cy + 17); // the aim point is asked for next
    assert.notEqual(await page.inputValue('#from-lat'), '');
    assert.notEqual(await page.inputValue('#to-lat'), '');
    await page.selectOption('#inj-missile', 'irbm-generic');
    await page.selectOption('#inj-profile', 'min-energy');
    await shot(page, 'inject', '2-points-picked');
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/injects')),
      page.click('#inj-launch'),
    ]);
    assert.equal(resp.status(), 200);
    const rec = await resp.json();
    const id = rec.inject.id;
    assert.ok(id, 'the launch got an id');
    // An alert about it (the controller sees its truth) with a running countdown to impact.
    const alert = page.locator('li.alert', { hasText: `truth: ${id}` }).filter({ has: page.locator('.countdown', { hasText: /T−\d\d:\d\d/ }) }).first();
    await alert.waitFor({ timeout: 90000 });
    const alertId = await alert.getAttribute('data-id');
    injected = { id, alert: alertId };
    const c1 = await alert.locator('.countdown').textContent();
    await page.waitForTimeout(1500);
    const c2 = await page.locator(`li.alert[data-id="${alertId}"] .countdown`).textContent();
    assert.notEqual(c1, c2, 'the countdown runs');
    assert.equal(await page.locator(`li.alert[data-id="${alertId}"]`).getAttribute('class').then((c) => c.includes('unacked')), true);
    // The card names the object judged, with its stage probability; a waiting warning
    // heads the queue, above events of later times.
    assert.match(await alert.locator('.object').textContent(), /^ · (reentry vehicle|stage|unknown) \(stage \d+ %\)$/);
    assert.match(await page.locator('#alertlist li.unacked').first().getAttribute('class'), /lvl-warning/);
    await shot(page, 'inject', '3-alert-with-countdown');
    await page.screenshot({ path: join(ROOT, 'docs', 'console.png') });
    // The other injects of the panel: each is applied and listed.
    for (const [button, kind] of [['#inj-outage', 'sensor_outage'], ['#inj-link', 'link_outage'], ['#inj-ir', 'infrared_false_event'], ['#inj-spurious', 'spurious_track']]) {
      const [r] = await Promise.all([page.waitForResponse((x) => x.url().endsWith('/api/injects')), page.click(button)]);
      assert.equal(r.status(), 200, kind);
      assert.equal((await r.json()).inject.kind, kind);
    }
    await page.waitForFunction(() => document.querySelectorAll('#injlist li').length >= 5, null, { timeout: 10000 });
    await shot(page, 'inject', '4-other-injects');
    assert.deepEqual(problems, []);
  });

  test('the operator acknowledges the alert with one click and the server records who', async () => {
    assert.ok(injected, 'an injected alert');
    const li = opPage.locator(`li.alert[data-id="${injected.alert}"]`);
    await li.waitFor();
    await shot(opPage, 'ack', '1-before');
    await li.locator('button.ack').click();
    await opPage.locator(`li.alert.acked[data-id="${injected.alert}"]`).waitFor();
    await shot(opPage, 'ack', '2-after');
    const st = await api('/api/state', CTL);
    const a = st.body.alerts.find((x) => x.id === injected.alert);
    assert.equal(a.acknowledged_by, 'operator');
    assert.equal(typeof a.acknowledged_at_s, 'number');
    // The controller's page learns it through the server.
    await ctlPage.locator(`li.alert.acked[data-id="${injected.alert}"]`).waitFor();
    // One keypress: A acknowledges the alert at the top of the queue. The clock is paused
    // meanwhile, so that no newer alert takes the top between reading it and the keypress.
    assert.equal((await api('/api/clock', CTL, { paused: true })).status, 200);
    await opPage.waitForTimeout(500);
    const top = await opPage.locator('#alertlist li.unacked').first().getAttribute('data-id');
    await opPage.locator('#map').focus();
    await opPage.keyboard.press('a');
    await opPage.locator(`li.alert.acked[data-id="${top}"]`).waitFor();
    assert.equal((await api('/api/clock', CTL, { paused: false })).status, 200);
    const st2 = await api('/api/state', CTL);
    assert.equal(st2.body.alerts.find((x) => x.id === top).acknowledged_by, 'operator');
    await shot(opPage, 'ack', '3-keyboard');
    assert.deepEqual(opProblems, []);
  });

  test('after kill -9 and a restart with --resume, the page reconnects and catches up', async () => {
    const before = await api('/api/state', OP);
    await kill9(server);
    await opPage.locator('#link.down').waitFor();
    await shot(opPage, 'reconnect', '1-link-down');
    const frozen = await opPage.locator('#simtime').textContent();
    server = await vigil(['serve', '--resume', log, '--bind', `127.0.0.1:${port}`, '--speed', SPEED]);
    await opPage.locator('#link.up').waitFor({ timeout: 30000 });
    // Caught up: the clock goes on past where it stopped, the acknowledgement is still there,
    // and the page holds every alert the server has.
    await opPage.waitForFunction((t) => document.querySelector('#simtime').textContent > t, frozen, { timeout: 20000 });
    await opPage.locator(`li.alert.acked[data-id="${injected.alert}"]`).waitFor();
    const now = await api('/api/state', OP);
    assert.ok(now.body.seq >= before.body.seq);
    await opPage.waitForFunction((n) => document.querySelectorAll('#alertlist li').length >= Math.min(n, 150), now.body.alerts.length, { timeout: 20000 });
    await shot(opPage, 'reconnect', '2-caught-up');
  });

  test("replay's scrubber seeks to an alert", async () => {
    await kill9(server);
    server = await vigil(['replay', log, '--bind', `127.0.0.1:${port}`, '--speed', SPEED, '--start-paused']);
    const ctx = await chrome.newContext({ viewport: { width: 1366, height: 768 } });
    const { page, problems } = await signInByHash(ctx, CTL);
    assert.match(await page.locator('#role').textContent(), /REPLAY/);
    await page.locator('#scrub').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#panel').isHidden(), true);
    await shot(page, 'replay', '1-start');
    // Next alert: the first alert of the log appears in the queue.
    await page.click('#nextalert');
    await page.waitForFunction(() => document.querySelectorAll('#alertlist li').length > 0, null, { timeout: 20000 });
    const t1 = await page.inputValue('#scrubber');
    assert.ok(Number(t1) > 0);
    await shot(page, 'replay', '2-next-alert');
    // Seek with the scrubber to just after the injected launch's alert.
    const times = await api('/api/alert-times', CTL);
    const target = times.body.find((a) => a.id === injected.alert);
    assert.ok(target, 'the injected alert is in the log');
    await page.$eval('#scrubber', (el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }, Math.ceil(target.t_s + 1));
    await page.locator(`li.alert[data-id="${injected.alert}"]`).waitFor({ timeout: 20000 });
    await shot(page, 'replay', '3-seeked-to-alert');
    assert.deepEqual(problems, []);
  });

  test('the controller follows the MSEL: its events come on time', async () => {
    await kill9(server);
    const msel = join(ROOT, 'scenarios', 'default.msel.toml');
    server = await vigil(['serve', '--bind', `127.0.0.1:${port}`, '--speed', SPEED, '--start-paused',
      '--msel', msel, '--log', join(scratch('msel'), 'exercise.sqlite')]);
    const ctx = await chrome.newContext({ viewport: { width: 1366, height: 768 } });
    const { page, problems } = await signInByHash(ctx, CTL);
    const items = page.locator('#msellist li');
    await page.waitForFunction(() => document.querySelectorAll('#msellist li').length === 4);
    assert.match(await items.nth(0).textContent(), /false-ir-pacific \[pending\]/);
    // 40 s on: the first event (at 30 s) is injected.
    assert.equal((await api('/api/clock', CTL, { step_s: 40 })).status, 200);
    await page.waitForFunction(() => /\[fired\]/.test(document.querySelector('#msellist li').textContent), null, { timeout: 20000 });
    assert.match(await items.nth(1).textContent(), /radar-down \[pending\]/);
    await shot(page, 'msel', '1-first-event-fired');
    assert.deepEqual(problems, []);
  });
});
