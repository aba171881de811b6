import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CITIZEN_ID_PURPOSE, IdentityCipher, OrganisationService, PersonService } from '../../libs/orgs/src/index.js';
import { WebhookEndpointsService } from '../../libs/notifications/src/index.js';
import { SecretCipher } from '../../libs/notifications/src/webhooks/secret-cipher.js';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import { rotateDataEncryptionKey } from '../../apps/cli/src/keys-rotate.js';
import { keysRotateCommand } from '../../apps/cli/src/commands.js';
import { testConfig } from '../support/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** keys:rotate on a real database: every encrypted value stays readable, the HMAC look-up keeps working. */
describe('column-encryption key rotation', () => {
  const KEY_A = Buffer.alloc(32, 11).toString('base64');
  const KEY_B = Buffer.alloc(32, 22).toString('base64');
  const KEY_C = Buffer.alloc(32, 33).toString('base64');
  let db: TestDatabase;
  let ds: DataSource;
  const hmacKey = testConfig('postgres://x/test').IDENTITY_HMAC_KEY;
  const ids = Array.from({ length: 7 }, (_, i) => `0012030050${String(i).padStart(2, '0')}`);
  const secrets: Record<string, string> = {};

  const peopleWith = (key: string, old: string[] = []) => {
    const orgs = new OrganisationService(ds);
    return new PersonService(ds, new IdentityCipher(key, hmacKey, old), orgs);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'key-rotation-test', poolSize: 4 }));
    await ds.initialize();
    const org = await new OrganisationService(ds).create({ code: 'KR-TU', name: 'Tỉnh ủy thử', kind: 'provincialCommittee', validFrom: '2020-01-01' });
    const people = peopleWith(KEY_A);
    for (const [i, citizenId] of ids.entries()) {
      await people.create({ organisationId: org.id, fullName: `Người ${i}`, birthDate: '1990-01-01', sex: 'male', ethnicity: 'Kinh', occupation: 'worker', educationLevel: 'upperSecondary', citizenId });
    }
    // Two uploaded documents of the dossier (libs/paperwork), encrypted with KEY_A.
    const docCipher = new IdentityCipher(KEY_A, hmacKey);
    for (const key of ['c/d/1', 'c/d/2']) await ds.query(`INSERT INTO document_blobs (key, ciphertext) VALUES ($1, $2)`, [key, docCipher.encryptBytes(Buffer.from(`%PDF-${key}`), `document:${key}`)]);
    const hooks = new WebhookEndpointsService(ds, testConfig(db.url, { DATA_ENCRYPTION_KEY: KEY_A }));
    for (const n of [1, 2, 3]) {
      const created = await hooks.create('all', { organisationId: org.id, url: `https://example.test/hook-${n}`, secret: `webhook-secret-number-${n}` });
      secrets[created.id] = created.secret;
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const storedPeople = async () => (await ds.query(`SELECT id, citizen_id_encrypted AS enc FROM people ORDER BY id`)) as { id: string; enc: string }[];
  const storedHooks = async () => (await ds.query(`SELECT id, secret_encrypted AS enc FROM webhook_endpoints`)) as { id: string; enc: string }[];

  it('resumes after an interruption and leaves every value readable with the new key', async () => {
    // The first run dies after its first batch (2 people): those are rotated, the rest are not.
    let batches = 0;
    await expect(
      rotateDataEncryptionKey(ds, {
        toKey: KEY_B,
        fromKeys: [KEY_A],
        hmacKey,
        batchSize: 2,
        onProgress: () => {
          if (++batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const bId = IdentityCipher.keyIdOf(KEY_B);
    expect((await storedPeople()).filter((p) => p.enc.startsWith(`${bId}:`))).toHaveLength(2);

    // While half-rotated, a reader holding both keys reads everything.
    const during = peopleWith(KEY_B, [KEY_A]);
    for (const p of await storedPeople()) expect(ids).toContain(await during.revealCitizenId(p.id));

    const result = await rotateDataEncryptionKey(ds, { toKey: KEY_B, fromKeys: [KEY_A], hmacKey, batchSize: 2 });
    expect(result).toMatchObject({ targetKeyId: bId, people: 5, webhookSecrets: 3, documents: 2, alreadyRotated: 2, notCovered: [] });
    for (const row of (await ds.query(`SELECT key, ciphertext FROM document_blobs`)) as { key: string; ciphertext: Buffer }[]) {
      expect(new IdentityCipher(KEY_B, hmacKey).decryptBytes(row.ciphertext, `document:${row.key}`).toString()).toBe(`%PDF-${row.key}`);
    }
    expect((await storedPeople()).every((p) => p.enc.startsWith(`${bId}:`))).toBe(true);

    // Only the new key is needed now; the HMAC look-up is unchanged.
    const after = peopleWith(KEY_B);
    for (const citizenId of ids) {
      const found = await after.findByCitizenId(citizenId);
      expect(found).not.toBeNull();
      expect(await after.revealCitizenId(found!.id)).toBe(citizenId);
    }
    for (const h of await storedHooks()) expect(new SecretCipher(KEY_B).decrypt(h.enc)).toBe(secrets[h.id]);
    const sample = (await storedPeople())[0]!.enc;
    expect(() => new IdentityCipher(KEY_A, hmacKey).decrypt(sample, CITIZEN_ID_PURPOSE)).toThrow();
    const [run] = await ds.query(`SELECT status, target_key_id FROM key_rotations WHERE id = $1`, [result.rotationId]);
    expect(run).toEqual({ status: 'done', target_key_id: bId });
  });

  it('runs from the CLI with NEW_DATA_ENCRYPTION_KEY, and a second run changes nothing', async () => {
    const config = testConfig(db.url, { DATA_ENCRYPTION_KEY: KEY_B, NEW_DATA_ENCRYPTION_KEY: KEY_C, DATA_ENCRYPTION_KEYS_OLD: KEY_A });
    const first = await keysRotateCommand(config, { batchSize: 3 });
    expect(first).toMatchObject({ people: 7, webhookSecrets: 3, alreadyRotated: 0 });
    const before = await storedPeople();
    const again = await keysRotateCommand(config, { batchSize: 3 });
    expect(first).toMatchObject({ documents: 2 });
    expect(again).toMatchObject({ people: 0, webhookSecrets: 0, documents: 0, alreadyRotated: 10 });
    expect(await storedPeople()).toEqual(before);
    const after = peopleWith(KEY_C);
    expect(await after.revealCitizenId((await after.findByCitizenId(ids[3]!))!.id)).toBe(ids[3]);
    for (const h of await storedHooks()) expect(new SecretCipher(KEY_C).decrypt(h.enc)).toBe(secrets[h.id]);
  });

  it('refuses to run without a key to rotate from', async () => {
    await expect(keysRotateCommand(testConfig(db.url, { DATA_ENCRYPTION_KEY: KEY_C }), {})).rejects.toThrow(/NEW_DATA_ENCRYPTION_KEY/);
  });
});
