import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';

/**
 * Tests that run a real process (kill -9 a worker) need the compiled server. Build it when it is
 * missing or older than the sources it runs (`npm test` on a fresh clone works without a build).
 */
export function ensureServerBuilt(entry = 'dist/apps/worker/src/main.js'): string {
  const file = path.join(process.cwd(), entry);
  const stamp = existsSync(file) ? statSync(file).mtimeMs : 0;
  const newest = newestSource(['apps', 'libs']);
  if (stamp < newest) {
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('server build failed');
  }
  return file;
}

function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }) as Dirent[]) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'web') walk(p);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(path.join(process.cwd(), d));
  return newest;
}

