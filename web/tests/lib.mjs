// Shared by the browser tests: the vigil binary, a server on a free loopback port, Debian's
// Chromium through playwright-core, and screenshots under tests/artifacts/<test>/.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(WEB, '..');
export const OP = 'operator-token-e2e-0123456789';
export const CTL = 'controller-token-e2e-0123456789';

/** The vigil binary: $VIGIL_BIN, else target/release/vigil or target/debug/vigil (the newer
 * if both exist). */
export function vigilBin() {
  if (process.env.VIGIL_BIN) return resolve(process.env.VIGIL_BIN);
  const found = ['release', 'debug'].map((p) => join(ROOT, 'target', p, 'vigil')).filter(existsSync);
  if (!found.length) throw new Error('no vigil binary: build it (cargo build -p vigil-cli) or set VIGIL_BIN');
  found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found[0];
}

export function scratch(name) {
  return mkdtempSync(join(tmpdir(), `vigil-web-${name}-`));
}

/** A free loopback port. */
export function freePort() {
  return new Promise((ok, bad) => {
    const s = createServer();
    s.once('error', bad);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** Starts `vigil <args>` with the test tokens; resolves once it prints its address. */
export function vigil(args) {
  const child = spawn(vigilBin(), args, {
    env: { ...process.env, VIGIL_OPERATOR_TOKEN: OP, VIGIL_CONTROLLER_TOKEN: CTL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((ok, bad) => {
    const timer = setTimeout(() => bad(new Error(`vigil ${args.join(' ')} did not start:\n${out}`)), 60000);
    const seen = (d) => {
      out += d;
      const m = /at (http:\/\/[^ ]+\/) /.exec(out);
      if (m) { clearTimeout(timer); ok({ child, url: m[1], output: () => out }); }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', (d) => { out += d; });
    child.once('exit', (code) => { clearTimeout(timer); bad(new Error(`vigil exited (${code}):\n${out}`)); });
  });
}

/** Stops a server: kill -9 (as a crash would) and waits for the process to end. */
export function kill9(server) {
  return new Promise((ok) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return ok();
    server.child.once('exit', () => ok());
    server.child.kill('SIGKILL');
  });
}

/** Debian's Chromium, headless. playwright-core gives every launch a fresh temporary profile
 * (it refuses `--user-data-dir` in `launch`). */
export function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Where a test's screenshots go. */
export function artifacts(test) {
  const d = join(WEB, 'tests', 'artifacts', test.replace(/[^a-z0-9-]+/gi, '-'));
  mkdirSync(d, { recursive: true });
  return d;
}

/** Every console error and failed request (network failure or HTTP ≥ 400) of a page. */
export function watch(page, base) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith(base.replace('http', 'ws')) && !u.startsWith('data:')) problems.push(`foreign request: ${u}`);
  });
  return problems;
}
