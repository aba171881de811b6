// node test/bench/audit-chainer.mjs <migrated db url> [entries=20000] [batch=500] (after `npm run build`): record entries (one INSERT each, 8 at a time, chainer held off), then time AuditChainer.drain and verify.
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const { DataSource } = require('typeorm');
const { dataSourceOptions } = require('./dist/libs/platform/src/index.js');
const { AuditService, AuditChainer, AuditVerifier } = require('./dist/libs/audit/src/index.js');
const url = process.argv[2];
const N = Number(process.argv[3] ?? 20000);
const ds = new DataSource(dataSourceOptions({ url, poolSize: 10 }));
await ds.initialize();
let statements = 0;
const q = ds.driver.master; // pg pool
const origQuery = ds.query.bind(ds);
const chainer = new AuditChainer(ds);
const quiet = new AuditChainer(ds); quiet.kick = () => {};
const audit = new AuditService(ds, quiet);
// Hold the lock so the kicks do not chain while we record.
const holder = ds.createQueryRunner(); await holder.connect(); await holder.query(`SELECT pg_advisory_lock(hashtext('audit:chainer'))`);
const cases = Array.from({ length: 200 }, () => crypto.randomUUID());
let t = performance.now();
const conc = 8;
let next = 0;
await Promise.all(Array.from({ length: conc }, async () => { while (next < N) { const i = next++; await audit.record({ action: 'case.event', outcome: 'ok', caseId: cases[i % cases.length], requestId: `m-${i}`, statusCode: 200, details: { method: 'POST', route: '/api/v1/cases/:id/events' } }); } }));
const recordMs = performance.now() - t;
await holder.query(`SELECT pg_advisory_unlock(hashtext('audit:chainer'))`); await holder.release();
await new Promise((r) => setTimeout(r, 50));
t = performance.now();
const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM audit_outbox`);
const chained = await chainer.drain({ batch: Number(process.argv[4] ?? 500) });
const drainMs = performance.now() - t;
const v = await new AuditVerifier(ds).verify();
console.log(JSON.stringify({ entries: N, recordConcurrency: conc, recordPerSecond: Math.round(N / (recordMs / 1000)), pendingAtDrain: before, chained, batch: Number(process.argv[4] ?? 500), chainPerSecond: Math.round(chained / (drainMs / 1000)), drainMs: Math.round(drainMs), verifyOk: v.ok, rowsChecked: v.rowsChecked }));
await ds.destroy();
