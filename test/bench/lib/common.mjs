// Shared helpers of the benchmark scripts (not part of `npm test`).
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

export const require = createRequire(path.join(process.cwd(), 'package.json'));
export const pg = require('pg');
// Dates stay 'YYYY-MM-DD' strings, as the application reads them.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';
export const QUEUE_PREFIX = process.env.BENCH_QUEUE_PREFIX ?? 'knbench';
export const BENCH_USER = 'bench-admin';
export const BENCH_PASSWORD = 'bench-password-2026';
/** Bump when the generated data changes shape: `npm run bench` regenerates an older database. */
export const DATA_VERSION = 5;

export const SCALES = {
  province: { uppers: 100, bases: 1000, cells: 6000, members: 150_000, open: 10_000, closed: 50_000 },
  small: { uppers: 5, bases: 50, cells: 300, members: 7_500, open: 500, closed: 2_500 },
};

/** BENCH_DB_PREFIX: another name than kn_bench, so two work trees can run the benchmark at once without regenerating each other's data. */
export const dbName = (scale) => `${process.env.BENCH_DB_PREFIX ?? 'kn_bench'}_${scale}`;
export const dbUrl = (name) => `${PG_BASE}/${name}`;

export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=');
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

export async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url, application_name: 'kn-bench' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
export const log = (...a) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${a.join(' ')}\n`);
