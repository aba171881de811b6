// `node test/bench/redis-encoding.mjs [--jobs 20000]`: bytes per delayed deadline.wake job in a private
// redis-server (127.0.0.1, a free port, no persistence) with Redis 7's default hash encoding
// thresholds and with hash-max-listpack-value raised so that Bull's job hashes stay listpacks.
// The same QueueGateway (dist/) and job shape as DeadlineRunner.rearmAll. Prints JSON.
/* global setTimeout */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, require } from './lib/common.mjs';
import { freePort } from './lib/procs.mjs';

const args = parseArgs();
const jobs = Number(args.jobs ?? 20000);
const Redis = require('ioredis');
const { QueueGateway } = require('./dist/libs/scheduling/src/queue.gateway.js');

async function measure(extra) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kn-redis-'));
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
    { stdio: 'ignore' },
  );
  try {
    const redis = new Redis(`redis://127.0.0.1:${port}/0`, { lazyConnect: true, maxRetriesPerRequest: 50, retryStrategy: () => 100 });
    for (let i = 0; i < 50; i++) {
      try {
        await redis.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const q = new QueueGateway({ redisUrl: `redis://127.0.0.1:${port}/0`, prefix: 'knbench' });
    await q.ping();
    const before = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
    const now = Date.now();
    for (let i = 0; i < jobs; i += 5000) {
      await q.addBulk(
        'deadline.wake',
        Array.from({ length: Math.min(5000, jobs - i) }, (_, k) => {
          const id = randomUUID();
          const at = new Date(now + 86400000 * (1 + ((i + k) % 300))).toISOString();
          return { data: { deadlineId: id, fence: 1 }, options: { jobId: `dl:${id}:1:${at}`, delayMs: Date.parse(at) - now } };
        }),
      );
    }
    const after = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
    const [key] = await redis.keys('knbench:ket-nap:dl:*');
    const encoding = await redis.object('ENCODING', key);
    await q.close();
    redis.disconnect();
    return { bytesPerJob: Math.round((after - before) / jobs), jobHashEncoding: encoding };
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const out = { jobs, default: await measure([]), listpack: await measure(['--hash-max-listpack-value', '1024']) };
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
