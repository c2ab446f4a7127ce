// The server's API and WebSocket: the token, JSON calls, and a link that reconnects by
// itself with `since` so that nothing published while it was down is missed.

const KEY = 'vigil.token';

/** The token: from `#token=` in the URL (then kept in sessionStorage and removed from the
 * address bar), else from sessionStorage; null if none. */
export function initialToken() {
  const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (m) {
    const t = decodeURIComponent(m[1]);
    sessionStorage.setItem(KEY, t);
    history.replaceState(null, '', location.pathname + location.search);
    return t;
  }
  return sessionStorage.getItem(KEY);
}

export function saveToken(t) { sessionStorage.setItem(KEY, t); }
export function forgetToken() { sessionStorage.removeItem(KEY); }

/** JSON calls with the bearer token. Every call resolves to {ok, status, body}; a network
 * failure gives status 0. */
export class Api {
  constructor(token) { this.token = token; }
  async call(method, path, body) {
    const init = { method, headers: { Authorization: `Bearer ${this.token}` } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      const r = await fetch(path, init);
      let data = null;
      try { data = await r.json(); } catch { data = null; }
      return { ok: r.ok, status: r.status, body: data };
    } catch (e) {
      return { ok: false, status: 0, body: { error: `no answer from the server (${e.message})` } };
    }
  }
  get(path) { return this.call('GET', path); }
  post(path, body) { return this.call('POST', path, body); }
}

/** The WebSocket link. `onMessage(msg)` gets every JSON message; `onStatus(up, text)` is told
 * when the link goes up or down; `since()` gives the last sequence number applied. */
export class Link {
  constructor(token, since, onMessage, onStatus) {
    Object.assign(this, { token, since, onMessage, onStatus });
    this.delay = 250;
    this.ws = null;
    this.closed = false;
    this.timer = null;
    /** The `since` of the current connection (0: none). */
    this.sentSince = 0;
  }
  connect() {
    if (this.closed) return;
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const s = this.since();
    this.sentSince = s;
    const q = `token=${encodeURIComponent(this.token)}` + (s > 0 ? `&since=${s}` : '');
    const ws = new WebSocket(`${proto}://${location.host}/ws?${q}`);
    this.ws = ws;
    ws.onopen = () => { this.delay = 250; this.onStatus(true, 'LINK UP'); };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      let m;
      try { m = JSON.parse(e.data); } catch { return; }
      this.onMessage(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.closed) return;
      const secs = (this.delay / 1000).toFixed(1);
      this.onStatus(false, `LINK DOWN — retrying in ${secs} s`);
      this.timer = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 2000);
    };
  }
  /** Drops the connection and connects again at once (with the `since` of now). */
  restart() {
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    this.connect();
  }
  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
  }
}
