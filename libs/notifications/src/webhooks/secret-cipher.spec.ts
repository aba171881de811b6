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

describe('webhook secret cipher during a key rotation', () => {
  const oldKey = Buffer.alloc(32, 1).toString('base64');
  const newKey = Buffer.alloc(32, 2).toString('base64');

  it('reads values of earlier keys, writes with the current one, and tells which need rotating', () => {
    const before = new SecretCipher(oldKey).encrypt('s3cret-value-0001');
    const during = new SecretCipher(newKey, [oldKey]);
    expect(during.decrypt(before)).toBe('s3cret-value-0001');
    expect(during.needsRotation(before)).toBe(true);
    const rotated = during.encrypt(during.decrypt(before));
    expect(during.needsRotation(rotated)).toBe(false);
    expect(new SecretCipher(newKey).decrypt(rotated)).toBe('s3cret-value-0001');
    expect(() => new SecretCipher(newKey).decrypt(before)).toThrow(/no key/);
  });
});
