// node test/bench/audit-chainer.mjs <migrated db url> [entries=20000] [batch=500] (after `npm run build`):
// records the entries (one INSERT each, 8 at a time, the chainer held off), then times AuditChainer.drain and verifies.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(`${process.cwd()}/`);
const { DataSource } = require('typeorm');
const { dataSourceOptions } = require('./dist/libs/platform/src/index.js');
const { AuditService, AuditChainer, AuditVerifier } = require('./dist/libs/audit/src/index.js');

const url = process.argv[2];
const N = Number(process.argv[3] ?? 20000);
const batch = Number(process.argv[4] ?? 500);
const ds = new DataSource(dataSourceOptions({ url, poolSize: 10 }));
await ds.initialize();
const quiet = new AuditChainer(ds);
quiet.kick = () => {};
const audit = new AuditService(ds, quiet);
const holder = ds.createQueryRunner();
await holder.connect();
await holder.query(`SELECT pg_advisory_lock(hashtext('audit:chainer'))`);
const cases = Array.from({ length: 200 }, () => randomUUID());
let t = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < N) {
      const i = next++;
      await audit.record({
        action: 'case.event',
        outcome: 'ok',
        caseId: cases[i % cases.length],
        requestId: `m-${i}`,
        statusCode: 200,
        details: { method: 'POST', route: '/api/v1/cases/:id/events' },
      });
    }
  }),
);
const recordMs = performance.now() - t;
await holder.query(`SELECT pg_advisory_unlock(hashtext('audit:chainer'))`);
await holder.release();
await sleep(50);
const [{ n: pendingAtDrain }] = await ds.query(`SELECT count(*)::int AS n FROM audit_outbox`);
t = performance.now();
const chained = await new AuditChainer(ds).drain({ batch });
const drainMs = performance.now() - t;
const v = await new AuditVerifier(ds).verify();
console.log(
  JSON.stringify({
    entries: N,
    recordPerSecond: Math.round(N / (recordMs / 1000)),
    pendingAtDrain,
    chained,
    batch,
    chainPerSecond: Math.round(chained / (drainMs / 1000)),
    verifyOk: v.ok,
    rowsChecked: v.rowsChecked,
  }),
);
await ds.destroy();
