// `node test/bench/checklist.mjs [--scale small]` (after `npm run build` and `npm run bench:data`): the
// CPU of the procedure library's checklist (every POST answer and case page computes one), per call,
// over the 20 most recently updated open cases of the bench database, 50 rounds.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { dbName, dbUrl, parseArgs, withClient } from './lib/common.mjs';

const args = parseArgs();
const scale = typeof args.scale === 'string' ? args.scale : 'small';
const proc = await import(pathToFileURL(path.resolve('dist/libs/procedure/src/index.js')).href);
const rows = await withClient(dbUrl(dbName(scale)), async (c) => (await c.query(`SELECT snapshot FROM cases WHERE status = 'open' ORDER BY updated_at DESC LIMIT 20`)).rows);
const env = { asOf: new Date().toISOString().slice(0, 10), settings: proc.validateOrgSettings({}), dueDates: {} };
const snapshots = rows.map((r) => proc.migrateSnapshot(r.snapshot, 1));
for (const s of snapshots) proc.checklist(s, env); // warm-up
const t0 = performance.now();
let n = 0;
for (let k = 0; k < 50; k++)
  for (const s of snapshots) {
    proc.checklist(s, env);
    n++;
  }
console.log(JSON.stringify({ what: 'checklist (libs/procedure) per call', calls: n, msPerCall: Math.round(((performance.now() - t0) / n) * 1000) / 1000 }));
