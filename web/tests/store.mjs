// Unit tests of the console's picture rules (web/js/store.js), no browser:
//   node --test tests/store.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { store, alertQueue, level } from '../js/store.js';

const alert = (index, kind, t_s, acknowledged_by = null) => ({
  id: `integrated:${index}`, index, kind, t_s, acknowledged_by, architecture: 'integrated', sensors: [],
});

test('the queue puts waiting warnings above waiting events of a later time, acknowledged last', () => {
  store.alerts = new Map([
    alert(0, 'launch-detected', 100),
    alert(1, 'impact-predicted', 200),
    alert(2, 'track-confirmed', 300),
    alert(3, 'launch-assessed', 250),
    alert(4, 'impact-predicted', 150, 'operator'),
    alert(5, 'cancelled', 400),
    alert(6, 'updated', 260),
    alert(7, 'launch-detected', 500, 'operator'),
  ].map((a) => [a.id, a]));
  const order = alertQueue().map((a) => a.index);
  // Waiting: warnings (6 at 260 s, 1 at 200 s), the assessment, the cancellation, then
  // events newest first; acknowledged: newest first.
  assert.deepEqual(order, [6, 1, 3, 5, 2, 0, 7, 4]);
  assert.equal(level(store.alerts.get('integrated:6')), 'warning');
});

test('within a level and a time the later alert comes first', () => {
  store.alerts = new Map([alert(0, 'impact-predicted', 100), alert(1, 'impact-predicted', 100)]
    .map((a) => [a.id, a]));
  assert.deepEqual(alertQueue().map((a) => a.index), [1, 0]);
});

test('waiting warnings come soonest impact first, whenever they were raised', () => {
  const warning = (index, t_s, impact_t_s) => ({
    ...alert(index, 'impact-predicted', t_s), impact: { t_s: impact_t_s, lat_deg: 45, lon_deg: 100 },
  });
  store.alerts = new Map([
    warning(0, 100, 1900), warning(1, 300, 1500), warning(2, 200, 1700),
    alert(3, 'updated', 400), warning(4, 500, 1000),
  ].map((a) => [a.id, a]));
  store.alerts.get('integrated:4').acknowledged_by = 'operator';
  // 1 lands first (1500 s), then 2, then 0; 3 has no impact so comes after them; 4 is done.
  assert.deepEqual(alertQueue().map((a) => a.index), [1, 2, 0, 3, 4]);
});
