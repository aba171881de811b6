import { describe, expect, it } from '@jest/globals';
import { SecretCipher } from './secret-cipher.js';

describe('webhook secret cipher', () => {
  it('round-trips and never stores the plain secret', () => {
    const c = new SecretCipher(Buffer.alloc(32, 9).toString('base64'));
    const stored = c.encrypt('the-endpoint-secret');
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('the-endpoint-secret');
    expect(c.decrypt(stored)).toBe('the-endpoint-secret');
    expect(c.encrypt('x')).not.toBe(c.encrypt('x'));
    expect(() => new SecretCipher(Buffer.alloc(32, 8).toString('base64')).decrypt(stored)).toThrow();
  });
});
