import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'a-secret-of-sixteen+';
  const body = '{"kind":"reminder"}';

  it('is the hex HMAC-SHA256 of "timestamp.body"', () => {
    expect(signWebhook(secret, '1764205000', body)).toBe(createHmac('sha256', secret).update(`1764205000.${body}`).digest('hex'));
  });

  it('verifies a fresh signature and refuses a changed body, a wrong secret or an old timestamp', () => {
    const now = 1_764_205_000_000;
    const ts = String(now / 1000);
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, ts, body, sig, now)).toBe(true);
    expect(verifyWebhook(secret, ts, body + ' ', sig, now)).toBe(false);
    expect(verifyWebhook('another-secret-xx', ts, body, sig, now)).toBe(false);
    expect(verifyWebhook(secret, ts, body, sig, now + 301_000)).toBe(false);
    expect(verifyWebhook(secret, ts, body, 'zz', now)).toBe(false);
  });
});
