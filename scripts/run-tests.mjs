// The README's test command: the whole Jest suite (ESM mode), then one plain summary line
// `N passed, M failed` that CI readers recognise. Extra arguments go to Jest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = join(process.cwd(), 'tmp', 'jest-results.json');
mkdirSync(join(process.cwd(), 'tmp'), { recursive: true });
rmSync(out, { force: true });
const args = [
  '--experimental-vm-modules',
  '--disable-warning=ExperimentalWarning',
  'node_modules/jest/bin/jest.js',
  '--ci',
  '--json',
  `--outputFile=${out}`,
  // Two workers on the 2-core machines CI runs on (test files are isolated: each has its own
  // database cloned from the migrated template, its own Redis database and queue prefix).
  ...(process.argv.some((a) => a.startsWith('--maxWorkers') || a === '-i' || a === '--runInBand') ? [] : [`--maxWorkers=${process.env.TEST_WORKERS ?? 2}`]),
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
if (!existsSync(out)) {
  console.log('0 passed, 1 failed');
  process.exit(run.status || 1);
}
const r = JSON.parse(readFileSync(out, 'utf8'));
const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
console.log(`\n${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status ?? (failed ? 1 : 0));
