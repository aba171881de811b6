import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

function parseKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes');
  return key;
}

/**
 * AES-256-GCM for webhook secrets at rest, with DATA_ENCRYPTION_KEY. Format: v1:<base64(iv|tag|ciphertext)>.
 * The format names no key: during a key rotation earlier keys are given as `previousKeys` and tried
 * in turn (the GCM tag tells the right key from a wrong one), and `needsRotation` tells whether a
 * value is not yet under the current key.
 */
export class SecretCipher {
  private readonly key: Buffer;
  private readonly previous: Buffer[];

  constructor(base64Key: string, previousKeys: readonly string[] = []) {
    this.key = parseKey(base64Key);
    this.previous = previousKeys.map(parseKey).filter((k) => !k.equals(this.key));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from('webhook-secret'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const plain = SecretCipher.tryDecrypt(stored, this.key);
    if (plain !== null) return plain;
    for (const key of this.previous) {
      const p = SecretCipher.tryDecrypt(stored, key);
      if (p !== null) return p;
    }
    throw new Error('webhook secret: no key decrypts it');
  }

  /** True when the value is not encrypted with the current key (re-encrypt it). */
  needsRotation(stored: string): boolean {
    return SecretCipher.tryDecrypt(stored, this.key) === null;
  }

  private static tryDecrypt(stored: string, key: Buffer): string | null {
    if (!stored.startsWith('v1:')) throw new Error('unknown secret format');
    const raw = Buffer.from(stored.slice(3), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from('webhook-secret'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
