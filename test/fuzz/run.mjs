// `npm run fuzz`: the fuzz test of the suite (test/e2e/fuzz.e2e-spec.ts) with a longer run,
// FUZZ_COUNT requests (default 10,000), reproducible with FUZZ_SEED. Writes its figures to
// tmp/fuzz-report.json and prints them; docs/security.md ("Malformed input") keeps a run's figures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const report = join(process.cwd(), 'tmp', 'fuzz-report.json');
mkdirSync(join(process.cwd(), 'tmp'), { recursive: true });
rmSync(report, { force: true });
const env = { ...process.env, NODE_ENV: 'test', FUZZ_COUNT: process.env.FUZZ_COUNT ?? '10000', FUZZ_REPORT: report };
const args = [
  '--experimental-vm-modules',
  '--disable-warning=ExperimentalWarning',
  'node_modules/jest/bin/jest.js',
  '--ci',
  '--maxWorkers=1',
  'test/e2e/fuzz.e2e-spec.ts',
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', env });
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(
    `\nfuzz: ${r.requests} requests over ${r.operations} write operations in ${(r.durationMs / 1000).toFixed(1)} s, seed ${r.seed}; ` +
      `5xx: ${r.fiveHundreds}; statuses ${JSON.stringify(r.statuses)}; failures ${r.failures} (report: ${report})`,
  );
}
process.exit(run.status ?? 1);
