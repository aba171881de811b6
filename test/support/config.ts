import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfig } from '../../libs/platform/src/index.js';
import { REDIS_BASE_URL, workerId } from './env.js';

/** Each Jest worker uses its own Redis database and queue prefix (stack.md, Bull traps). */
export function testRedisUrl(): string {
  return `${REDIS_BASE_URL}/${workerId() % 16}`;
}

export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: `test-${workerId()}-${randomBytes(3).toString('hex')}`,
    AUTH_TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123',
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    IDENTITY_HMAC_KEY: 'test-hmac-key-test-hmac-key-test-hmac-key',
    LOG_LEVEL: 'silent',
    CLOCK_CONTROL: 'true',
    // No second factor in the tests unless one asks for it (test/e2e/oidc.e2e-spec.ts).
    MFA_REQUIRED_ROLES: '',
    ...overrides,
  });
}
