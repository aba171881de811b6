import type { DataSource } from 'typeorm';
import { CITIZEN_ID_PURPOSE, IdentityCipher } from '#orgs';
import { WebhookEndpointsService } from '#notifications';

export interface KeyRotationInput {
  /** The key every value ends up encrypted with. */
  toKey: string;
  /** Keys values may currently be encrypted with (the current DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEYS_OLD). */
  fromKeys: readonly string[];
  hmacKey: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface KeyRotationResult {
  rotationId: string;
  targetKeyId: string;
  people: number;
  webhookSecrets: number;
  /** The dossier's uploaded documents (document_blobs, libs/paperwork) re-encrypted. */
  documents: number;
  /** Values that were already under the target key (a re-run after an interruption). */
  alreadyRotated: number;
  /** Encrypted columns with data but no cipher to rotate them with (reported, not touched). */
  notCovered: string[];
}

/**
 * Rotate the column-encryption key: re-encrypt people.citizen_id_encrypted (IdentityCipher, key id
 * prefixed) and webhook_endpoints.secret_encrypted from the old key(s) to the new one, in batches of
 * `batchSize` rows, each batch one transaction with its rows locked. Restartable: a value already
 * under the new key is skipped, so a run that stopped half-way is simply run again. The keyed hash
 * (citizen_id_hmac) does not change; each decrypted value is checked against it before writing.
 * Progress is kept in key_rotations.
 */
export async function rotateDataEncryptionKey(ds: DataSource, input: KeyRotationInput): Promise<KeyRotationResult> {
  const batchSize = input.batchSize ?? 500;
  const cipher = new IdentityCipher(input.toKey, input.hmacKey, input.fromKeys);
  const targetKeyId = cipher.currentKeyId;
  const prefix = `${targetKeyId}:`;
  const [{ total, done }] = await ds.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE starts_with(citizen_id_encrypted, $1))::int AS done FROM people WHERE citizen_id_encrypted IS NOT NULL`,
    [prefix],
  );
  const [{ webhooks }] = await ds.query(`SELECT count(*)::int AS webhooks FROM webhook_endpoints`);
  const grandTotal = (total as number) + (webhooks as number);
  const [run]: { id: string }[] = await ds.query(`INSERT INTO key_rotations (target_key_id) VALUES ($1) RETURNING id`, [targetKeyId]);
  const rotationId = run!.id;

  let people = 0;
  let progressed = done as number;
  input.onProgress?.(progressed, grandTotal);
  let cursor = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await ds.transaction(async (m) => {
      const rows: { id: string; enc: string; hmac: string }[] = await m.query(
        `SELECT id, citizen_id_encrypted AS enc, citizen_id_hmac AS hmac FROM people
          WHERE id > $1 AND citizen_id_encrypted IS NOT NULL AND NOT starts_with(citizen_id_encrypted, $2)
          ORDER BY id LIMIT $3 FOR UPDATE`,
        [cursor, prefix, batchSize],
      );
      for (const r of rows) {
        const plain = cipher.decrypt(r.enc, CITIZEN_ID_PURPOSE);
        if (!IdentityCipher.equalHex(cipher.hmac(plain, CITIZEN_ID_PURPOSE), r.hmac.trim()))
          throw new Error(`Giá trị giải mã không khớp mã băm (người ${r.id}) / decrypted value does not match its keyed hash (person ${r.id}); nothing of this batch was written`);
        await m.query(`UPDATE people SET citizen_id_encrypted = $2 WHERE id = $1`, [r.id, cipher.encrypt(plain, CITIZEN_ID_PURPOSE)]);
      }
      return { last: rows.at(-1)?.id ?? null, n: rows.length };
    });
    people += batch.n;
    progressed += batch.n;
    await ds.query(`UPDATE key_rotations SET counts = $2, updated_at = now() WHERE id = $1`, [rotationId, JSON.stringify({ people })]);
    input.onProgress?.(progressed, grandTotal);
    if (!batch.last) break;
    cursor = batch.last;
  }

  const webhookSecrets = await WebhookEndpointsService.rotateSecrets(ds, { toKey: input.toKey, fromKeys: input.fromKeys }, batchSize);
  progressed += webhooks as number;
  input.onProgress?.(Math.min(progressed, grandTotal), grandTotal);

  // The dossier's documents (libs/paperwork): each blob is bound to its key as `document:<key>`.
  const documents = await rotateDocumentBlobs(ds, cipher, prefix, batchSize);

  const notCovered: string[] = [];
  const [{ docs }] = await ds.query(`SELECT count(*)::int AS docs FROM documents WHERE file_encrypted IS NOT NULL`);
  if ((docs as number) > 0) notCovered.push(`documents.file_encrypted (${docs as number})`);

  const result: KeyRotationResult = {
    rotationId,
    targetKeyId,
    people,
    webhookSecrets,
    documents,
    alreadyRotated: (done as number) + ((webhooks as number) - webhookSecrets),
    notCovered,
  };
  await ds.query(`UPDATE key_rotations SET status = 'done', counts = $2, finished_at = now(), updated_at = now() WHERE id = $1`, [rotationId, JSON.stringify(result)]);
  return result;
}

/** Re-encrypts every document blob not yet under the target key, in batches, each one transaction. */
async function rotateDocumentBlobs(ds: DataSource, cipher: IdentityCipher, prefix: string, batchSize: number): Promise<number> {
  const head = Buffer.from(prefix, 'ascii');
  let rotated = 0;
  let cursor = '';
  for (;;) {
    const batch = await ds.transaction(async (m) => {
      const rows: { key: string; ciphertext: Buffer }[] = await m.query(
        `SELECT key, ciphertext FROM document_blobs
          WHERE key > $1 AND substring(ciphertext from 1 for $2) <> $3::bytea
          ORDER BY key LIMIT $4 FOR UPDATE`,
        [cursor, head.length, head, batchSize],
      );
      for (const r of rows) {
        const plain = cipher.decryptBytes(r.ciphertext, `document:${r.key}`);
        await m.query(`UPDATE document_blobs SET ciphertext = $2 WHERE key = $1`, [r.key, cipher.encryptBytes(plain, `document:${r.key}`)]);
      }
      return { last: rows.at(-1)?.key ?? null, n: rows.length };
    });
    rotated += batch.n;
    if (!batch.last) return rotated;
    cursor = batch.last;
  }
}
