import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Column-level protection of identifiers (the citizen ID): AES-256-GCM with a random IV per value,
 * prefixed with the key id so keys can rotate (older keys stay in the key ring for reading), and a
 * keyed hash (HMAC-SHA256) beside it for uniqueness and exact look-up without decrypting.
 *
 * Stored form: `<keyId>:<base64(iv ‖ tag ‖ ciphertext)>`.
 */
export class IdentityCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(
    dataEncryptionKeyBase64: string,
    private readonly hmacKey: string,
    /** Earlier keys (base64), still accepted for decryption after a rotation. */
    previousKeysBase64: readonly string[] = [],
  ) {
    const current = IdentityCipher.parseKey(dataEncryptionKeyBase64);
    this.currentKeyId = IdentityCipher.keyId(current);
    this.keys.set(this.currentKeyId, current);
    for (const k of previousKeysBase64) {
      const key = IdentityCipher.parseKey(k);
      this.keys.set(IdentityCipher.keyId(key), key);
    }
    if (hmacKey.length < 32) throw new Error('IDENTITY_HMAC_KEY must be at least 32 characters');
  }

  private static parseKey(base64: string): Buffer {
    const key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes (base64)');
    return key;
  }

  /** A short, non-secret fingerprint of the key (its id in stored values). */
  static keyId(key: Buffer): string {
    return `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
  }

  encrypt(plain: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${this.currentKeyId}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
  }

  decrypt(stored: string, purpose: string): string {
    const sep = stored.indexOf(':');
    const key = sep > 0 ? this.keys.get(stored.slice(0, sep)) : undefined;
    if (!key) throw new Error('unknown encryption key id');
    const raw = Buffer.from(stored.slice(sep + 1), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The key id of a base64 key as stored values name it (no secret in it). */
  static keyIdOf(base64: string): string {
    return IdentityCipher.keyId(IdentityCipher.parseKey(base64));
  }

  /**
   * Files (the dossier's uploaded documents): the same AES-256-GCM with the data key, on bytes.
   * Stored form: `<keyId>:` (ASCII) ‖ iv ‖ tag ‖ ciphertext; `purpose` is bound as associated data.
   */
  encryptBytes(plain: Buffer, purpose: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from(`${this.currentKeyId}:`, 'ascii'), iv, cipher.getAuthTag(), ct]);
  }

  decryptBytes(stored: Buffer, purpose: string): Buffer {
    const sep = stored.indexOf(0x3a);
    const key = sep > 0 && sep < 32 ? this.keys.get(stored.subarray(0, sep).toString('ascii')) : undefined;
    if (!key) throw new Error('unknown encryption key id');
    const raw = stored.subarray(sep + 1);
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }

  /** Key rotation: the value decrypted with whichever key wrote it, encrypted again with the current key. */
  reencrypt(stored: string, purpose: string): string {
    return this.encrypt(this.decrypt(stored, purpose), purpose);
  }

  /** True when the value was written with an older key (re-encrypt it on the next write). */
  needsRotation(stored: string): boolean {
    return !stored.startsWith(`${this.currentKeyId}:`);
  }

  /** Keyed hash, hex: equal inputs give equal hashes; useless without the key. */
  hmac(value: string, purpose: string): string {
    return createHmac('sha256', this.hmacKey).update(`${purpose}\u0000${value}`, 'utf8').digest('hex');
  }

  static equalHex(a: string, b: string): boolean {
    const x = Buffer.from(a, 'hex');
    const y = Buffer.from(b, 'hex');
    return x.length === y.length && timingSafeEqual(x, y);
  }
}

export const CITIZEN_ID_PURPOSE = 'people.citizen_id';

/** Citizen ID (CCCD, 12 digits; older CMND, 9 digits), spaces and dots removed. */
export function normalizeCitizenId(value: string): string | null {
  const digits = value.replace(/[\s.-]/g, '');
  return /^(\d{9}|\d{12})$/.test(digits) ? digits : null;
}

/** Never shown in full: every digit masked but the last three. */
export function maskCitizenId(value: string): string {
  return `${'*'.repeat(Math.max(0, value.length - 3))}${value.slice(-3)}`;
}
