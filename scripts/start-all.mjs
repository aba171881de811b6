// `npm run start:all`: with PostgreSQL and Redis on localhost, migrate, then run api and worker
// together. Ctrl-C (or SIGTERM) stops both cleanly.
import { spawn, spawnSync } from 'node:child_process';

const node = process.execPath;
const migrate = spawnSync(node, ['dist/apps/cli/src/main.js', 'migrate'], { stdio: 'inherit' });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const children = ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js'].map((entry) =>
  spawn(node, [entry], { stdio: 'inherit' }),
);
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
let alive = children.length;
for (const c of children) {
  c.on('exit', (code) => {
    alive -= 1;
    if (!stopping && code !== 0) stop('SIGTERM');
    if (alive === 0) process.exit(stopping ? 0 : code ?? 1);
  });
}
