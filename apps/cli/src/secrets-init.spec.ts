import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { secretsInit } from './secrets-init.js';

describe('secrets:init (the compose stack secrets service)', () => {
  it('creates the database password, the MinIO credentials and an ENV_FILE once, then keeps them', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kn-secrets-')), 'run');
    try {
      expect(secretsInit(dir, { SECRETS_DB_HOST: 'db.local', SECRETS_REDIS_HOST: 'cache.local' })).toMatch(/secrets created in/);
      const pw = readFileSync(path.join(dir, 'db_password'), 'utf8');
      expect(pw).toMatch(/^[0-9a-f]{36}$/);
      const env = readFileSync(path.join(dir, '.env'), 'utf8');
      expect(env).toContain(`DATABASE_URL=postgres://ketnap:${pw}@db.local:5432/ketnap\n`);
      expect(env).toContain('REDIS_URL=redis://cache.local:6379/0\n');
      for (const key of ['AUTH_TOKEN_SECRET', 'DATA_ENCRYPTION_KEY', 'IDENTITY_HMAC_KEY']) expect(env).toMatch(new RegExp(`^${key}=[A-Za-z0-9+/]{43}=$`, 'm'));
      const minio = readFileSync(path.join(dir, 'minio.env'), 'utf8');
      const user = /^MINIO_ROOT_USER=(.+)$/m.exec(minio)![1]!;
      expect(env).toContain(`S3_ACCESS_KEY_ID=${user}\n`);
      expect(statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o640);
      // A restart keeps every key.
      expect(secretsInit(dir, {})).toMatch(/secrets kept in/);
      expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe(env);
      expect(readFileSync(path.join(dir, 'db_password'), 'utf8')).toBe(pw);
      // An older ENV_FILE without the S3 credentials gets them appended, once.
      writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=x\n');
      secretsInit(dir, {});
      secretsInit(dir, {});
      expect(readFileSync(path.join(dir, '.env'), 'utf8').match(/^S3_SECRET_ACCESS_KEY=/gm)).toHaveLength(1);
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
