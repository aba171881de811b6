// A small closed-loop HTTP load generator over node:http keep-alive sockets, loopback only.
/* global setTimeout, clearTimeout, Buffer */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from './common.mjs';

export class Api {
  constructor(port, { sockets = 64 } = {}) {
    if (!Number.isInteger(port)) throw new Error('port');
    this.port = port;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
    this.token = null;
  }

  /** Point at a (re)started server with fresh sockets. */
  reset(port) {
    this.agent.destroy();
    this.port = port;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });
  }

  request(
    method,
    path,
    { body, raw, headers = {}, token = this.token, timeoutMs = Number(process.env.BENCH_HTTP_TIMEOUT_MS ?? 15_000) } = {},
  ) {
    const payload = raw !== undefined ? Buffer.from(raw) : body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            'user-agent': 'kn-bench',
            ...headers,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode, body: json, text, headers: res.headers });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${path.split('?')[0]}`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async login(username, password) {
    const r = await this.request('POST', '/api/v1/auth/login', { body: { username, password }, token: null });
    if (r.status !== 200 || !r.body?.accessToken) throw new Error(`login ${username}: ${r.status} ${r.text.slice(0, 300)}`);
    return r.body.accessToken;
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * Run `clients` concurrent loops for `seconds` (after `warmupSeconds` not counted) or until
 * `maxOps` operations; each loop awaits `op(clientIndex)` which returns true when it counts as a
 * success. Returns throughput and latency percentiles (ms) of the measured window.
 */
export async function closedLoop({ clients, seconds, warmupSeconds = 0, maxOps = Infinity, op }) {
  const lat = [];
  let ok = 0;
  let failed = 0;
  let measuring = warmupSeconds === 0;
  let stop = false;
  let started = performance.now();
  const firstErrors = [];
  let timeouts = 0;
  if (!measuring)
    setTimeout(() => {
      measuring = true;
      started = performance.now();
    }, warmupSeconds * 1000);
  const end = setTimeout(() => (stop = true), (warmupSeconds + seconds) * 1000);
  const loops = Array.from({ length: clients }, async (_, i) => {
    while (!stop && ok + failed < maxOps) {
      const t = performance.now();
      let good;
      try {
        good = await op(i);
      } catch (err) {
        if (String(err?.message).startsWith('timeout')) {
          timeouts++;
          if (timeouts >= clients) stop = true; // every client stuck: the server is wedged
        }
        if (firstErrors.length < 5) firstErrors.push(String(err?.message ?? err).slice(0, 300));
        good = false;
      }
      if (good === null) break; // the op has nothing left to do
      if (!measuring) continue;
      const ms = performance.now() - t;
      if (good) {
        ok++;
        lat.push(ms);
      } else failed++;
    }
  });
  await Promise.all(loops);
  clearTimeout(end);
  const elapsed = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  return {
    clients,
    seconds: elapsed,
    ok,
    failed,
    perSecond: ok / elapsed,
    p50: percentile(lat, 50),
    p90: percentile(lat, 90),
    p99: percentile(lat, 99),
    max: lat.at(-1) ?? null,
    errors: firstErrors,
    timeouts,
  };
}
