import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { AuthService, DEMO_PASSWORD, type TokenPair } from '../../libs/orgs/src/index.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { eventually } from '../support/worker.js';

/**
 * Fuzzing every write operation of the OpenAPI document (POST/PUT/PATCH/DELETE, read from the
 * served document so a new route is fuzzed without touching this file) with malformed bodies,
 * path parameters, queries and headers. Asserts: no answer is a 5xx, every refusal is
 * problem+json, a refused request stores nothing (row counts of the main tables before/after),
 * and the API is healthy afterwards.
 *
 * Seeded: the seed is printed; `FUZZ_SEED=<n>` replays the same requests. `FUZZ_COUNT` sets the
 * number of requests (default 2,500 in the suite, about a minute here; `npm run fuzz` runs ≥ 10,000 and writes the
 * figures to FUZZ_REPORT). docs/security.md ("Malformed input") keeps the figures of a long run.
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? randomInt(1, 2 ** 31 - 1));
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const SLOW_ROUTES = /\/auth\/(login|password|refresh)$|\/admin\/users(\/\{id\}\/password)?$/;

/** mulberry32: a small seeded PRNG, so a seed replays the run exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number): boolean => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
};
type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: { name: string; in: string; schema?: Schema }[];
};

/** Strings the edge must refuse or survive. */
const EVIL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  'Đảng\ud83d',
  '😀',
  'Đảng\u202e',
  '\u200b',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '%ED%A0%80',
  '2025-02-30',
  '2025-13-01',
  '0000-00-00',
  '-271821-04-19',
  '+275760-09-13T00:00:00.000Z',
  '2025-01-01T25:61:61Z',
  '1e309',
  'NaN',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'a@b',
  'mailto:x@\ud800.vn',
  'http://[::1',
  'javascript:alert(1)',
  '\\',
  '"',
  '{}',
  '__proto__',
];
const EVIL_NUMBERS = [-1, 0, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, 1e-300, 1.2345678901234567e19, 99999];

function evilString(r: Rng): string {
  if (r.chance(0.1)) return 'x'.repeat(r.int(1001, 70_000));
  if (r.chance(0.15)) return String.fromCharCode(...Array.from({ length: r.int(1, 12) }, () => r.int(0, 0xffff)));
  return r.pick(EVIL_STRINGS);
}

/** A key that a transformer or a merge would follow to a prototype. */
function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

function evilValue(r: Rng, depth = 0): unknown {
  switch (r.int(0, 9)) {
    case 0:
      return evilString(r);
    case 1:
      return r.pick(EVIL_NUMBERS);
    case 2:
      return r.pick([null, true, false]);
    case 3:
      return depth > 2 ? [] : Array.from({ length: r.int(0, 3) }, () => evilValue(r, depth + 1));
    case 4:
      return depth > 2 ? {} : { [evilString(r) || 'k']: evilValue(r, depth + 1) };
    case 5:
      return withKey({}, r.pick(['constructor', '__proto__', 'prototype']), r.pick([1, {}, { polluted: true }, null, 'x']));
    case 6:
      return nested(r.int(2, 40));
    case 7:
      return Array.from({ length: r.int(51, 300) }, () => 1);
    default:
      return evilString(r);
  }
}

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

interface Ids {
  caseId: string;
  orgId: string;
  personId: string;
  userId: string;
  [k: string]: string;
}

function resolve(doc: { components?: { schemas?: Record<string, Schema> } }, s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; cur.$ref && i < 10; i++) cur = doc.components?.schemas?.[cur.$ref.split('/').pop()!] ?? {};
  return cur;
}

/** A value that fits the schema, so that mutations reach deeper than the first type check. */
function plausible(doc: Parameters<typeof resolve>[0], schema: Schema | undefined, r: Rng, ids: Ids, name = '', depth = 0): unknown {
  const s = resolve(doc, schema);
  if (depth > 6) return null;
  const variants = s.oneOf ?? s.anyOf;
  if (variants?.length) return plausible(doc, r.pick(variants), r, ids, name, depth + 1);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x) => plausible(doc, x, r, ids, name, depth + 1) as object));
  if (s.enum?.length) return r.pick(s.enum);
  const type = s.type ?? (s.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {}))
        if (s.required?.includes(k) || r.chance(0.5)) out[k] = plausible(doc, p, r, ids, k, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: r.int(0, 2) }, () => plausible(doc, s.items, r, ids, name, depth + 1));
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? 0;
      const hi = Math.min(s.maximum ?? lo + 20, lo + 1000);
      return r.int(lo, hi);
    }
    case 'boolean':
      return r.chance(0.5);
    default: {
      if (s.format === 'date') return r.pick(['2025-01-06', '2025-03-10', '2025-10-06', '2026-02-16']);
      if (s.format === 'date-time') return r.pick(['2025-01-05T03:00:00Z', '2025-06-01T00:00:00.000Z']);
      if (s.format === 'uuid' || /Id$/.test(name)) return idFor(name, r, ids);
      if (s.format === 'email' || /email/i.test(name)) return 'fuzz@example.vn';
      if (s.format === 'uri' || /url/i.test(name)) return 'https://example.vn/hook';
      const min = s.minLength ?? 1;
      const max = Math.max(min, Math.min(s.maxLength ?? 24, 24));
      return 'fz'.padEnd(r.int(min, max), 'z').slice(0, max);
    }
  }
}

function idFor(name: string, r: Rng, ids: Ids): string {
  if (r.chance(0.15)) return '7a1f2c3d-0000-4000-8000-00000000f022';
  if (/organisation|committee|parent|body|cell/i.test(name)) return ids.orgId;
  if (/person|member/i.test(name)) return ids.personId;
  if (/case/i.test(name)) return ids.caseId;
  if (/user/i.test(name)) return ids.userId;
  return r.pick([ids.orgId, ids.personId, ids.caseId]);
}

/** Every path (as key lists) of a JSON value, the places a mutation can go. */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) pathsOf((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let cur = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path.at(-1)!] = value;
  return root;
}

interface FuzzRequest {
  method: string;
  route: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  kind: string;
}

function pathParam(route: string, name: string, r: Rng, ids: Ids): string {
  const roll = r.next();
  if (roll < 0.7) {
    if (name === 'year') return String(r.pick([2025, 2026, 1900, 3000, -1]));
    if (name === 'key') return r.pick([ids.deadlineKey ?? 'x', 'PROC-DEADLINES', 'nope']);
    if (route.startsWith('/api/v1/cases')) return ids.caseId;
    if (route.includes('/organisations')) return ids.orgId;
    if (route.includes('/people')) return ids.personId;
    if (route.includes('/users/grants')) return ids.grantId ?? ids.userId;
    if (route.includes('/users')) return ids.userId;
    if (route.includes('/memberships')) return ids.membershipId ?? ids.personId;
    if (route.includes('/violations')) return ids.violationId ?? ids.caseId;
    return ids.caseId;
  }
  if (roll < 0.85) return '7a1f2c3d-0000-4000-8000-00000000f022';
  return r.pick([
    '%00',
    '%ED%A0%80',
    '%E0%A4%A',
    '%',
    'x',
    '-1',
    '1e5',
    'a'.repeat(300),
    '%F0%9F%98%80',
    'null',
    '..%2F..%2F',
    '%20',
    '0x10',
  ]);
}

function makeRequest(
  doc: { paths: Record<string, Record<string, Operation>> } & Parameters<typeof resolve>[0],
  ops: [string, string][],
  r: Rng,
  ids: Ids,
  versions: Map<string, number>,
): FuzzRequest {
  const [method, route] = r.pick(ops);
  const op = doc.paths[route]![method]!;
  let url = route.replace(/\{(\w+)\}/g, (_m, name: string) => pathParam(route, name, r, ids));
  if (r.chance(0.15)) {
    const q = Array.from({ length: r.int(1, 3) }, () => {
      const key = r.pick(['kind', 'fileName', 'from', 'to', 'asOf', 'q', 'constructor', '__proto__', 'a[b]', 'limit']);
      const value = r.pick(['%00', '%ED%A0%80', 'members', '2025-02-30', 'x'.repeat(300), '-1', '1e400', '', '%F0%9F%98%80']);
      return `${key}=${value}`;
    });
    url += `?${q.join('&')}`;
  }
  const headers: Record<string, string> = {};
  if (route.endsWith('/events')) {
    headers['If-Match'] = r.chance(0.6)
      ? `"${versions.get(ids.caseId) ?? 1}"`
      : r.pick(['"abc"', '*', 'W/"1"', '"-1"', '"99999999999999999999"', '']);
    if (r.chance(0.2)) headers['Idempotency-Key'] = r.pick(['fuzz-key-0001', 'short', 'x'.repeat(200), 'cl\u00e9-0001', 'a b c d e f g']);
  }
  const schema = Object.values(op.requestBody?.content ?? {})[0]?.schema;
  const base = () => plausible(doc, schema, r, ids);
  let kind: string;
  let body: string | undefined;
  let type = 'application/json';
  // A body that passes the edge on these routes costs a bcrypt hash (~0.3 s): fewer of them, so
  // that the suite's run stays near a minute; they still get every kind of body.
  const roll = SLOW_ROUTES.test(route) && r.chance(0.75) ? 0.6 + r.next() * 0.4 : r.next();
  const multipart = op.requestBody?.content?.['multipart/form-data']?.schema;
  if (multipart && r.chance(0.6)) {
    const boundary = `fz${r.int(1000, 9999)}`;
    const props = resolve(doc, multipart).properties ?? {};
    const parts = Object.entries(props)
      .filter(() => r.chance(0.85))
      .map(([name, p]) => {
        if (p.format === 'binary') {
          const fileName = r.pick(['bien-ban.pdf', 'scan.png', 'x.exe', '', '..%2F..%2Fetc.pdf', 'a\u0000.pdf', 'Đảng viên.jpg']);
          const mime = r.pick(['application/pdf', 'image/png', 'image/jpeg', 'application/x-msdownload', 'text/html', '']);
          const content = r.pick([
            '%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF',
            '\u0089PNG\r\n\u001a\n',
            '',
            'MZ\u0000\u0000',
            'x'.repeat(r.int(1, 5000)),
          ]);
          return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n${content}\r\n`;
        }
        const value = r.chance(0.5)
          ? String(plausible(doc, p, r, ids, name))
          : r.chance(0.2)
            ? 'x'.repeat(r.pick([1999, 2001, 10_000]))
            : evilString(r);
        return `--${boundary}\r\nContent-Disposition: form-data; name="${r.chance(0.9) ? name : evilString(r)}"\r\n\r\n${value}\r\n`;
      });
    const extra = r.chance(0.2)
      ? Array.from({ length: r.int(1, 10) }, (_, k) => `--${boundary}\r\nContent-Disposition: form-data; name="extra${k}"\r\n\r\nv\r\n`)
      : [];
    const end = r.chance(0.9) ? `--${boundary}--\r\n` : '';
    headers['Content-Type'] = r.chance(0.95) ? `multipart/form-data; boundary=${boundary}` : 'multipart/form-data';
    return { method: method.toUpperCase(), route, url, headers, body: [...parts, ...extra].join('') + end, kind: 'multipart' };
  }
  if (roll < 0.34) {
    kind = 'mutated field';
    const v = base() ?? {};
    const paths = pathsOf(v);
    body = JSON.stringify(setAt(v, r.pick(paths.length > 1 ? paths.slice(1) : paths), evilValue(r)));
  } else if (roll < 0.44) {
    kind = 'plausible';
    body = JSON.stringify(base());
  } else if (roll < 0.52) {
    kind = 'extra key';
    const v = base();
    body = JSON.stringify(
      v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [r.pick(['extra', 'isAdmin', 'role', 'id', 'version'])]: evilValue(r) } : v,
    );
  } else if (roll < 0.6) {
    kind = 'prototype key';
    const v = base();
    const target = v && typeof v === 'object' ? v : {};
    const paths = pathsOf(target).filter((p) => {
      let cur: unknown = target;
      for (const k of p) cur = (cur as Record<string | number, unknown>)[k];
      return cur !== null && typeof cur === 'object' && !Array.isArray(cur);
    });
    const at = r.pick(paths.length ? paths : [[]]);
    let holder: unknown = target;
    for (const k of at) holder = (holder as Record<string | number, unknown>)[k];
    withKey(
      holder as Record<string, unknown>,
      r.pick(['constructor', '__proto__', 'prototype']),
      r.pick<unknown>([1, { polluted: true }, JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')]),
    );
    body = JSON.stringify(target);
  } else if (roll < 0.68) {
    kind = 'deep nesting';
    const depth = r.pick([33, 64, 500, 5000, 20000]);
    body = r.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : `{"a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
  } else if (roll < 0.76) {
    kind = 'wrong top-level type';
    body = JSON.stringify(r.pick([[], [base()], 'text', 42, null, true, -1e308]));
  } else if (roll < 0.82) {
    kind = 'broken JSON';
    const whole = JSON.stringify(base()) ?? '{}';
    body = r.pick([
      whole.slice(0, Math.max(1, Math.floor(whole.length / 2))),
      '{not json',
      '\ufeff{}',
      '{"a":1,}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '',
      'null',
      '{"a":1e999}',
      '{"a":"\\x"}',
    ]);
  } else if (roll < 0.86) {
    kind = 'huge field';
    const v = base() ?? {};
    const paths = pathsOf(v);
    body = JSON.stringify(setAt(v, r.pick(paths.length > 1 ? paths.slice(1) : paths), 'x'.repeat(r.pick([5000, 100_000, 300_000]))));
  } else if (roll < 0.92) {
    kind = 'other media type';
    type = r.pick([
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=zz',
      'text/csv',
      'application/x-ndjson',
      'application/json; charset=latin1',
      'application/xml',
    ]);
    body = r.pick([
      'a,b\n1,2\n',
      'a=1&b=%00',
      '--zz\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--zz--\r\n',
      '{"a":1}',
      'kind,name\nmembers,\u0000\n',
      '<a/>',
      'x'.repeat(1000),
    ]);
  } else {
    kind = 'random value';
    body = JSON.stringify(evilValue(r));
  }
  headers['Content-Type'] = type;
  return { method: method.toUpperCase(), route, url, headers, body, kind };
}

/**
 * Tables a request writes in its own transaction. Test-only triggers log every committed insert
 * or delete (and every update of a case) into fuzz_writes, so "a refused request stored nothing"
 * is one cheap query per request. The audit trail is checked separately: refusals are audited by
 * design, with outcome 'refused' and the status the client saw (matched by X-Request-Id).
 */
const TABLES = [
  'organisations',
  'organisation_settings',
  'organisation_competences',
  'organisation_successions',
  'hamlets',
  'people',
  'memberships',
  'users',
  'role_grants',
  'cases',
  'case_events',
  'deadlines',
  'votes',
  'decisions',
  'violations',
  'violation_history',
  'targets',
  'webhook_endpoints',
  'notification_preferences',
  'import_jobs',
  'idempotency_keys',
  'calendar_years',
  'documents',
];

describe('fuzz: every write route of the OpenAPI document', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Client;
  let base: string;
  let tables: string[];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
    db = t.app.get(DataSource);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const existing = new Set(
      (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)).map(
        (x: { tablename: string }) => x.tablename,
      ),
    );
    tables = TABLES.filter((x) => existing.has(x));
    await db.query(`CREATE TABLE fuzz_writes (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL)`);
    await db.query(
      `CREATE FUNCTION fuzz_log() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN INSERT INTO fuzz_writes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`,
    );
    for (const x of tables)
      await db.query(
        `CREATE TRIGGER fuzz_log AFTER INSERT OR DELETE ${x === 'cases' ? 'OR UPDATE ' : ''}ON ${x} FOR EACH ROW EXECUTE FUNCTION fuzz_log()`,
      );
  });
  afterAll(async () => {
    await t?.close();
  });

  const lastWrite = async (): Promise<number> => Number((await db.query(`SELECT coalesce(max(id), 0) AS n FROM fuzz_writes`))[0].n);
  const writesSince = async (id: number): Promise<string> =>
    (await db.query(`SELECT tbl, op, count(*)::int AS n FROM fuzz_writes WHERE id > $1 GROUP BY 1, 2 ORDER BY 1, 2`, [id]))
      .map((x: { tbl: string; op: string; n: number }) => `${x.op} ${x.tbl} ×${x.n}`)
      .join(', ');
  /**
   * After an accepted request, wait until anything it set off has landed. (An accepted import
   * only queues a job: no worker runs in this test, so its rows are never written here.)
   */
  const settle = async (): Promise<number> => {
    let last = await lastWrite();
    for (let quiet = 0, tries = 0; quiet < 3 && tries < 200; tries++) {
      await new Promise((ok) => setTimeout(ok, 15));
      const now = await lastWrite();
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
    return last;
  };

  it(
    `${COUNT} malformed requests: no 5xx, problem+json refusals, nothing stored when refused, healthy after`,
    async () => {
      console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${COUNT} requests`);
      const seeded = await seedDemo(t.app);
      admin = await login(t.app, 'admin');
      await admin.post('/api/v1/admin/clock', { to: '2025-01-05T03:00:00Z' }).expect(200);
      const c = await openDemoCase(t.app, admin, seeded);
      const userId = Object.entries(seeded.users).find(([name]) => name !== 'admin')![1];
      const ids: Ids = { caseId: c.caseId, orgId: c.cellId, personId: c.personId, userId };
      const [membership] = await db.query(`SELECT id FROM memberships LIMIT 1`);
      if (membership) ids.membershipId = membership.id;
      const [grant] = await db.query(`SELECT id FROM role_grants WHERE user_id = $1 LIMIT 1`, [userId]);
      if (grant) ids.grantId = grant.id;
      const versions = new Map<string, number>([[c.caseId, c.version]]);

      const doc = (await (await fetch(`${base}/api/docs-json`)).json()) as {
        paths: Record<string, Record<string, Operation>>;
        components?: { schemas?: Record<string, Schema> };
      };
      const ops: [string, string][] = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([route, item]) =>
        WRITE_METHODS.filter((m) => item[m]).map((m): [string, string] => [m, route]),
      );
      expect(ops.length).toBeGreaterThanOrEqual(30);

      const r = prng(SEED);
      const statuses = new Map<number, number>();
      const perRoute = new Map<string, Set<number>>();
      const failures: string[] = [];
      let token = admin.token;
      let before = await lastWrite();
      const seen: { requestId: string; status: number; where: string }[] = [];
      let relogins = 0;
      let httpMs = 0;
      let checkMs = 0;
      let genMs = 0;
      let settleMs = 0;
      const routeMs = new Map<string, number>();
      const started = Date.now();
      for (let i = 0; i < COUNT; i++) {
        const tg = Date.now();
        const q = makeRequest(doc, ops, r, ids, versions);
        genMs += Date.now() - tg;
        const anonymous = q.route === '/api/v1/auth/login' || (q.route.startsWith('/api/v1/auth/') && r.chance(0.5)) || r.chance(0.03);
        const requestId = `fuzz-${SEED}-${i}`;
        const headers: Record<string, string> = {
          ...q.headers,
          'X-Request-Id': requestId,
          ...(anonymous ? {} : { Authorization: `Bearer ${token}` }),
        };
        let status: number;
        let type = '';
        let text: string;
        const t0 = Date.now();
        try {
          const res = await fetch(`${base}${q.url}`, { method: q.method, headers, body: q.body });
          status = res.status;
          type = res.headers.get('content-type') ?? '';
          text = await res.text();
          if (status === 200 && q.route.endsWith('/events')) {
            const v = (JSON.parse(text) as { version?: number }).version;
            if (typeof v === 'number') versions.set(ids.caseId, v);
          }
        } catch (err) {
          status = -1;
          text = err instanceof Error ? err.message : String(err);
        }
        httpMs += Date.now() - t0;
        routeMs.set(`${q.method} ${q.route}`, (routeMs.get(`${q.method} ${q.route}`) ?? 0) + Date.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const key = `${q.method} ${q.route}`;
        perRoute.set(key, (perRoute.get(key) ?? new Set()).add(status));
        const where = `#${i} ${q.method} ${q.url.slice(0, 120)} [${q.kind}] body=${(q.body ?? '').slice(0, 160)}`;
        if (status >= 500 || status < 0) failures.push(`${status} ${where} -> ${text.slice(0, 200)}`);
        if (status >= 400 && !/problem\+json/.test(type)) failures.push(`${status} not problem+json (${type}) ${where}`);
        if (status >= 200 && status < 300) {
          const t1 = Date.now();
          before = await settle();
          settleMs += Date.now() - t1;
        } else {
          const t1 = Date.now();
          const after = await lastWrite();
          checkMs += Date.now() - t1;
          if (after !== before) {
            // The answer kept for an Idempotency-Key (a 422 replays as the same 422) is the one row a refusal may add.
            const rows = await writesSince(before);
            if (!(headers['Idempotency-Key'] && /^INSERT idempotency_keys ×1$/.test(rows)))
              failures.push(`${status} stored rows (${rows}): ${where}`);
          }
          before = after;
        }
        if (status > 0) seen.push({ requestId, status, where });
        // A fuzzed logout or a disabled token: log in again and go on.
        if (status === 401 && !anonymous) {
          // Through the service, not POST /auth/login: the fuzzed logins use up the address's login limit.
          token = ((await t.app.get(AuthService).login('admin', DEMO_PASSWORD)) as TokenPair).accessToken;
          relogins++;
          before = await settle();
        }
      }
      const ms = Date.now() - started;

      // The audit trail: a refused request is recorded as refused with the status the client saw, never as done.
      await settle();
      await new Promise((ok) => setTimeout(ok, 200));
      await t.app.get(AuditService).flush();
      const audited = new Map<string, { outcome: string; status_code: number }[]>();
      for (const row of await db.query(`SELECT request_id, outcome, status_code FROM audit_log WHERE request_id LIKE $1`, [
        `fuzz-${SEED}-%`,
      ])) {
        audited.set(row.request_id, [...(audited.get(row.request_id) ?? []), row]);
      }
      for (const s of seen.filter((x) => x.status >= 400)) {
        for (const row of audited.get(s.requestId) ?? []) {
          if (row.outcome === 'ok' || (row.outcome === 'refused' && row.status_code !== s.status))
            failures.push(`${s.status} audited as ${row.outcome} ${row.status_code}: ${s.where}`);
        }
      }

      // Still healthy, and still answering as before.
      expect((await fetch(`${base}/health`)).status).toBe(200);
      // Readiness gives each dependency 2 s: on a loaded machine the first probe after the burst may
      // time out, so it is asked again for a while (a crashed or wedged API never becomes ready).
      const ready = await eventually(async () => (await fetch(`${base}/health/ready`)).status === 200, 20_000, 500).catch(() => false);
      expect(ready).toBe(true);
      const fresh = ((await t.app.get(AuthService).login('admin', DEMO_PASSWORD)) as TokenPair).accessToken;
      const check = await fetch(`${base}/api/v1/cases/${c.caseId}`, { headers: { Authorization: `Bearer ${fresh}` } });
      expect(check.status).toBe(200);

      const figures = {
        seed: SEED,
        requests: COUNT,
        operations: ops.length,
        durationMs: ms,
        httpMs,
        checkMs,
        genMs,
        settleMs,
        auditedRequests: audited.size,
        fiveHundreds: [...statuses].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0),
        statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
        operationsReached: perRoute.size,
        relogins,
        slowest: [...routeMs]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([k, v]) => `${k} ${v} ms`),
        failures: failures.length,
      };
      console.log(`fuzz figures ${JSON.stringify(figures)}`);
      if (process.env.FUZZ_REPORT)
        writeFileSync(
          process.env.FUZZ_REPORT,
          `${JSON.stringify({ ...figures, perRoute: Object.fromEntries([...perRoute].map(([k, v]) => [k, [...v].sort()])), firstFailures: failures.slice(0, 50) }, null, 2)}\n`,
        );
      expect({ seed: SEED, failures: failures.slice(0, 25) }).toEqual({ seed: SEED, failures: [] });
      // Every write operation of the document was tried.
      expect(perRoute.size).toBe(ops.length);
    },
    // About 20 ms a request alone on this machine; the margin is for a machine shared with other runs.
    Math.max(300_000, COUNT * 100),
  );
});
