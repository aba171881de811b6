// `node test/bench/profile.mjs [--scale small] [--cases 12] [--cpu-prof]`: what one transition costs.
//
// 1. Timing instrumentation: the real API module from dist/ runs in this process (production
//    settings, the bench database); methods on the transition path are wrapped (no application code
//    changes) and every SQL round trip is timed. Transitions are sent one at a time (no queueing),
//    walking fresh cases through the S-1 events, so the figures are per transition.
// 2. With --cpu-prof: the API runs as a child with node --cpu-prof under 8 clients, and the samples
//    are summed by package/library (self time).
// Writes docs/performance/profile.json.
/* global setTimeout */
import * as fs from 'node:fs';
import { register } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BENCH_PASSWORD, BENCH_USER, dbName, dbUrl, log, parseArgs, require, round } from './lib/common.mjs';
import { existingData, generate } from './data.mjs';
import { Api, closedLoop } from './lib/http.mjs';
import { benchEnv, freePort, startApi } from './lib/procs.mjs';
import { s1Events } from './lib/templates.mjs';

const args = parseArgs();
const scale = typeof args.scale === 'string' ? args.scale : 'small';
const nCases = Number(args.cases ?? 12);

// dist/ is ES modules (docs/adr/0006-one-module-format.md): an exported function cannot be replaced
// from outside (a module namespace is read-only, importers bind to the module itself), so the free
// functions timed below are wrapped through import-in-the-middle's loader hook, registered for those
// files only, before any of dist/ loads. Classes are wrapped on their prototypes, as before.
const FREE_FUNCTIONS = [
  ['dist/apps/api/src/cases/event-dto.js', 'validateEventBody', 'validateEventBody (edge validation)'],
  ['dist/libs/reports/src/compliance/checks.js', 'runChecks', 'runChecks (compliance catalogue, CPU)'],
  ['dist/libs/reports/src/compliance/case-record.js', 'loadCaseRecords', 'loadCaseRecords (compliance reads)'],
].map(([file, fn, name]) => [path.resolve(file), fn, name]);
register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: FREE_FUNCTIONS.map(([file]) => pathToFileURL(file).href) } });
const dist = (file) => import(pathToFileURL(path.resolve(file)).href);

const phases = new Map();
let collecting = false;
const add = (name, ms) => {
  if (!collecting) return;
  const p = phases.get(name) ?? { count: 0, ms: 0 };
  p.count++;
  p.ms += ms;
  phases.set(name, p);
};
function wrap(obj, method, name) {
  const orig = obj[method];
  if (typeof orig !== 'function') throw new Error(`cannot wrap ${name}`);
  obj[method] = function wrapped(...a) {
    const s = performance.now();
    let r;
    try {
      r = orig.apply(this, a);
    } catch (err) {
      add(name, performance.now() - s);
      throw err;
    }
    if (r && typeof r.then === 'function') return r.finally(() => add(name, performance.now() - s));
    add(name, performance.now() - s);
    return r;
  };
}

const statements = [];
let traceOne = false;
function instrumentPg() {
  const pg = require('pg');
  const orig = pg.Client.prototype.query;
  pg.Client.prototype.query = function query(config, values, callback) {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const s = performance.now();
    const done = () => {
      const ms = performance.now() - s;
      add('sql round trips (wall, summed)', ms);
      if (traceOne) statements.push({ ms: round(ms, 2), sql: text.replace(/\s+/g, ' ').trim().slice(0, 110) });
    };
    if (typeof callback === 'function') return orig.call(this, config, values, (...r) => (done(), callback(...r)));
    if (typeof values === 'function') return orig.call(this, config, (...r) => (done(), values(...r)));
    const r = orig.call(this, config, values, callback);
    if (r && typeof r.then === 'function') return r.finally(done);
    return r;
  };
  const { stringify, parse } = JSON;
  JSON.stringify = function s(...a) {
    const t = performance.now();
    const r = stringify.apply(JSON, a);
    add('JSON.stringify (all)', performance.now() - t);
    return r;
  };
  JSON.parse = function p(...a) {
    const t = performance.now();
    const r = parse.apply(JSON, a);
    add('JSON.parse (all)', performance.now() - t);
    return r;
  };
}

async function instrumented(url) {
  instrumentPg();
  require('reflect-metadata');
  const { NestFactory } = require('@nestjs/core');
  const { Logger } = require('@nestjs/common');
  Logger.overrideLogger(['error']);
  const { Hook } = require('import-in-the-middle');
  for (const [file, fn, name] of FREE_FUNCTIONS) Hook([file], (exported) => wrap(exported, fn, name));
  const { loadConfig } = await dist('dist/libs/platform/src/index.js');
  const { AppModule } = await dist('dist/apps/api/src/app.module.js');
  const { configureApp } = await dist('dist/apps/api/src/setup.js');
  for (const [file, fn, name] of FREE_FUNCTIONS) if ((await dist(file))[fn]?.name !== 'wrapped') throw new Error(`cannot wrap ${name}`);
  const W = async (file, cls, methods) => {
    const C = (await dist(file))[cls];
    for (const m of methods) wrap(C.prototype, m, `${cls}.${m}`);
  };
  await W('./dist/libs/cases/src/commands/case-commands.service.js', 'CaseCommands', ['apply', 'today']);
  await W('./dist/libs/cases/src/procedure/machine-procedure.js', 'MachineProcedure', ['apply', 'checklist', 'facts']);
  await W('./dist/libs/cases/src/queries/case-queries.service.js', 'CaseQueries', ['view']);
  await W('./dist/libs/cases/src/persistence/case.repository.js', 'CaseRepository', [
    'find',
    'orgSettings',
    'timerSettings',
    'dueDates',
    'updateSnapshot',
    'appendEvent',
    'refreshNextDue',
  ]);
  await W('./dist/libs/reports/src/compliance/compliance.service.js', 'ComplianceService', ['checkCase']);
  await W('./dist/libs/audit/src/audit.service.js', 'AuditService', ['record']);
  await W('./dist/libs/orgs/src/auth/auth.service.js', 'AuthService', ['authenticate']);
  await W('./dist/libs/orgs/src/access/access.service.js', 'AccessService', ['canAct', 'canSee']);
  await W('./dist/libs/cases/src/deadlines/deadline-planner.js', 'DeadlinePlanner', ['apply']);

  const config = loadConfig(benchEnv(url, { PORT: String(await freePort()) }));
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.listen(config.PORT, '127.0.0.1');
  const http = new Api(config.PORT);
  http.token = await http.login(BENCH_USER, BENCH_PASSWORD);
  const { prepare } = await import('./lib/prepare.mjs');
  const pool = await prepare(url, { tag: `prof-${Date.now().toString(36)}`, count: nCases + 2, step: 0 });
  const walk = async (p, timeAll) => {
    let version = 1;
    const times = [];
    for (const event of s1Events({ id: p.competent_id, kind: 'upperStandingCommittee' })) {
      const s = performance.now();
      const r = await http.request('POST', `/api/v1/cases/${p.id}/events`, { body: event, headers: { 'if-match': `"${version}"` } });
      if (r.status !== 200) throw new Error(`${event.type}: ${r.status} ${r.text.slice(0, 300)}`);
      version = r.body.version;
      if (timeAll) times.push({ type: event.type, ms: performance.now() - s });
    }
    return times;
  };
  await walk(pool[0], false);
  await walk(pool[1], false);
  await new Promise((r) => setTimeout(r, 300));
  collecting = true;
  const s = performance.now();
  const perEvent = {};
  let n = 0;
  for (const p of pool.slice(2)) {
    for (const t of await walk(p, true)) {
      perEvent[t.type] = perEvent[t.type] ?? [];
      perEvent[t.type].push(t.ms);
      n++;
    }
  }
  await new Promise((r) => setTimeout(r, 300)); // background audit rows
  collecting = false;
  const wallPerTransition = (performance.now() - s) / n;
  // One traced transition: the statements, in order.
  const p = (await prepare(url, { tag: `trace-${Date.now().toString(36)}`, count: 1, step: 11 }))[0];
  traceOne = true;
  const ev = s1Events({ id: p.competent_id, kind: 'upperStandingCommittee' })[12];
  const traced = await http.request('POST', `/api/v1/cases/${p.id}/events`, { body: ev, headers: { 'if-match': '"12"' } });
  await new Promise((r) => setTimeout(r, 300));
  traceOne = false;
  http.close();
  await app.close();
  const table = [...phases.entries()]
    .map(([name, v]) => ({ name, perTransitionMs: round(v.ms / n, 2), callsPerTransition: round(v.count / n, 2) }))
    .sort((a, b) => b.perTransitionMs - a.perTransitionMs);
  return {
    transitions: n,
    wallPerTransitionMs: round(wallPerTransition, 2),
    perEventMs: Object.fromEntries(Object.entries(perEvent).map(([k, v]) => [k, round(v.reduce((a, b) => a + b, 0) / v.length, 1)])),
    phases: table,
    trace: { event: ev.type, status: traced.status, responseBytes: traced.text.length, statements: statements.length, list: statements },
  };
}

async function cpuProfile(url) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kn-cpuprof-'));
  const api = await startApi(url, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const http = new Api(api.port);
  const token = await http.login(BENCH_USER, BENCH_PASSWORD);
  const { prepare } = await import('./lib/prepare.mjs');
  const pool = await prepare(url, { tag: `cpu-${Date.now().toString(36)}`, count: 200, step: 0 });
  let next = 0;
  const state = [];
  const res = await closedLoop({
    clients: 8,
    seconds: Number(args.seconds ?? 8),
    op: async (i) => {
      if (!state[i] || state[i].i >= 17) {
        const p = pool[next++];
        if (!p) return null;
        state[i] = { p, v: 1, i: 0, events: s1Events({ id: p.competent_id, kind: 'upperStandingCommittee' }) };
      }
      const s = state[i];
      const r = await http.request('POST', `/api/v1/cases/${s.p.id}/events`, {
        body: s.events[s.i],
        headers: { 'if-match': `"${s.v}"` },
        token,
      });
      if (r.status !== 200) throw new Error(String(r.status));
      s.v = r.body.version;
      s.i++;
      return true;
    },
  });
  http.close();
  await api.stop();
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(prof.nodes.map((nd) => [nd.id, nd]));
  const dt = new Map();
  for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const groups = new Map();
  const fns = new Map();
  let total = 0;
  for (const [id, us] of dt) {
    const nd = byId.get(id);
    const u = nd.callFrame.url || '';
    const fn = nd.callFrame.functionName || '(anonymous)';
    let g;
    if (!u) g = fn.startsWith('(') ? fn : `native ${fn}`;
    else if (u.includes('/node_modules/')) g = `npm ${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)[1]}`;
    else if (u.includes('/dist/')) g = `app ${/\/dist\/((?:apps|libs)\/[^/]+)/.exec(u)?.[1] ?? 'dist'}`;
    else if (u.startsWith('node:')) g = `node ${u.slice(5).split('/')[0]}`;
    else g = 'other';
    groups.set(g, (groups.get(g) ?? 0) + us);
    const key = `${fn} ${u.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${nd.callFrame.lineNumber}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    total += us;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const top = (m, k) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => ({ name, percent: round((100 * us) / total, 1) }));
  return {
    clients: 8,
    transitionsPerSecond: round(res.perSecond),
    p99Ms: round(res.p99),
    byGroup: top(groups, 25),
    topFunctions: top(fns, 30),
  };
}

async function main() {
  if (!(await existingData(scale))) await generate({ scale });
  const url = dbUrl(dbName(scale));
  const out = { scale, date: new Date().toISOString() };
  if (args['cpu-prof']) out.cpu = await cpuProfile(url);
  out.instrumented = await instrumented(url);
  const file = path.join(process.cwd(), 'docs', 'performance', 'profile.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`profile written to ${file}`);
  process.stdout.write(
    `${JSON.stringify({ ...out, instrumented: { ...out.instrumented, trace: { ...out.instrumented.trace, list: undefined } } }, null, 2)}\n`,
  );
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
