import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * For `docker compose up` on a fresh machine: create the demo stack's secrets once, in a volume,
 * so none is ever committed. Writes `<dir>/db_password` (read by the postgres image through
 * POSTGRES_PASSWORD_FILE) and `<dir>/.env` (read by api and worker through ENV_FILE).
 * Existing files are kept, so restarts keep their keys.
 */
function main(): void {
  const dir = process.argv[2] ?? '/run/ket-nap-secrets';
  fs.mkdirSync(dir, { recursive: true });
  const pwFile = path.join(dir, 'db_password');
  const envFile = path.join(dir, '.env');
  if (!fs.existsSync(pwFile)) fs.writeFileSync(pwFile, randomBytes(18).toString('hex'), { mode: 0o644 });
  if (!fs.existsSync(envFile)) {
    const pw = fs.readFileSync(pwFile, 'utf8').trim();
    const db = process.env.SECRETS_DB_HOST ?? 'postgres';
    const redis = process.env.SECRETS_REDIS_HOST ?? 'redis';
    const lines = [
      `DATABASE_URL=postgres://ketnap:${pw}@${db}:5432/ketnap`,
      `REDIS_URL=redis://${redis}:6379/0`,
      `AUTH_TOKEN_SECRET=${randomBytes(32).toString('base64')}`,
      `DATA_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
      `IDENTITY_HMAC_KEY=${randomBytes(32).toString('base64')}`,
    ];
    fs.writeFileSync(envFile, `${lines.join('\n')}\n`, { mode: 0o640 });
    process.stdout.write(`secrets created in ${dir}\n`);
  } else {
    process.stdout.write(`secrets kept in ${dir}\n`);
  }
}

main();
