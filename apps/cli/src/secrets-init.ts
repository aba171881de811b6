import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `secrets:init [dir]`, for `docker compose up` on a fresh machine (the `secrets` service runs
 * `npm run secrets:init -- /run/ket-nap-secrets`): create the demo stack's secrets once, in a
 * volume, so none is ever committed. Writes `<dir>/db_password` (read by the postgres image through
 * POSTGRES_PASSWORD_FILE), `<dir>/minio.env` (the MinIO root credentials of the `s3` profile, read by
 * the minio image through MINIO_CONFIG_ENV_FILE) and `<dir>/.env` (read by api and worker through
 * ENV_FILE, with the same credentials as S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY).
 * Existing files are kept, so restarts keep their keys; an older `.env` without the S3
 * credentials gets them appended. Needs no database and no configuration (it makes them).
 */
export function secretsInit(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  fs.mkdirSync(dir, { recursive: true });
  const pwFile = path.join(dir, 'db_password');
  const envFile = path.join(dir, '.env');
  if (!fs.existsSync(pwFile)) fs.writeFileSync(pwFile, randomBytes(18).toString('hex'), { mode: 0o644 });
  const minioFile = path.join(dir, 'minio.env');
  if (!fs.existsSync(minioFile))
    fs.writeFileSync(minioFile, `MINIO_ROOT_USER=ketnap-${randomBytes(6).toString('hex')}\nMINIO_ROOT_PASSWORD=${randomBytes(24).toString('hex')}\n`, {
      mode: 0o640,
    });
  const minio = Object.fromEntries(
    fs
      .readFileSync(minioFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
  const s3Lines = [`S3_ACCESS_KEY_ID=${minio.MINIO_ROOT_USER}`, `S3_SECRET_ACCESS_KEY=${minio.MINIO_ROOT_PASSWORD}`];
  if (fs.existsSync(envFile)) {
    if (!/^S3_SECRET_ACCESS_KEY=/m.test(fs.readFileSync(envFile, 'utf8'))) fs.appendFileSync(envFile, `${s3Lines.join('\n')}\n`);
    return `Giữ nguyên bí mật trong / secrets kept in ${dir}`;
  }
  const pw = fs.readFileSync(pwFile, 'utf8').trim();
  const db = env.SECRETS_DB_HOST ?? 'postgres';
  const redis = env.SECRETS_REDIS_HOST ?? 'redis';
  const lines = [
    `DATABASE_URL=postgres://ketnap:${pw}@${db}:5432/ketnap`,
    `REDIS_URL=redis://${redis}:6379/0`,
    `AUTH_TOKEN_SECRET=${randomBytes(32).toString('base64')}`,
    `DATA_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
    `IDENTITY_HMAC_KEY=${randomBytes(32).toString('base64')}`,
    ...s3Lines,
  ];
  fs.writeFileSync(envFile, `${lines.join('\n')}\n`, { mode: 0o640 });
  return `Đã tạo bí mật trong / secrets created in ${dir}`;
}
