import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { CITIZEN_ID_PURPOSE, IdentityCipher, type CreatePersonInput, type OrganisationView } from '../../libs/orgs/src/index.js';
import { startOrgsFixture, type OrgsFixture } from '../support/orgs.js';
import { S1_CANDIDATE } from '../support/scenarios.js';

describe('people: identity through encryption, name search', () => {
  let f: OrgsFixture;
  let cell: OrganisationView;
  const base = (over: Partial<CreatePersonInput>): CreatePersonInput => ({
    organisationId: cell.id,
    ...S1_CANDIDATE,
    ...over,
  });

  beforeAll(async () => {
    f = await startOrgsFixture();
    const t = await f.orgs.create({ code: 'T', name: 'Tỉnh ủy', kind: 'provincialCommittee', validFrom: '2020-01-01' });
    cell = await f.orgs.create({ code: 'CC', name: 'Chi bộ cơ sở', kind: 'baseCell', parentId: t.id, validFrom: '2020-01-01' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('stores the citizen ID only encrypted, with a key id prefix, and masks it in views', async () => {
    const p = await f.people.create(base({ citizenId: '001204012345' }));
    expect(p.citizenIdMasked).toBe('*********345');
    expect(JSON.stringify(p)).not.toContain('001204012345');
    const [row] = await f.ds.query(`SELECT citizen_id_encrypted AS enc, citizen_id_hmac AS hmac FROM people WHERE id = $1`, [p.id]);
    expect(row.enc).toMatch(new RegExp(`^${f.cipher.currentKeyId}:`));
    expect(row.enc).not.toContain('001204012345');
    expect(row.hmac).toBe(f.cipher.hmac('001204012345', CITIZEN_ID_PURPOSE));
    expect(await f.people.revealCitizenId(p.id)).toBe('001204012345');
    expect((await f.people.findByCitizenId('001 204 012 345'))?.id).toBe(p.id);
  });

  it('refuses the same citizen ID twice (409) although every encryption differs', async () => {
    const e1 = f.cipher.encrypt('079099000111', CITIZEN_ID_PURPOSE);
    const e2 = f.cipher.encrypt('079099000111', CITIZEN_ID_PURPOSE);
    expect(e1).not.toBe(e2);
    expect(f.cipher.decrypt(e1, CITIZEN_ID_PURPOSE)).toBe('079099000111');
    expect(f.cipher.decrypt(e2, CITIZEN_ID_PURPOSE)).toBe('079099000111');

    const first = await f.people.create(base({ fullName: 'Trần Văn Minh', citizenId: '079099000111' }));
    await expect(f.people.create(base({ fullName: 'Người khác', citizenId: '079099000111' }))).rejects.toMatchObject({
      code: 'ORGS.CONFLICT',
    });
    const other = await f.people.create(base({ fullName: 'Lê Văn Hai', citizenId: '079099000222' }));
    const rows: { enc: string; hmac: string }[] = await f.ds.query(
      `SELECT citizen_id_encrypted AS enc, citizen_id_hmac AS hmac FROM people WHERE id = ANY($1::uuid[])`,
      [[first.id, other.id]],
    );
    expect(rows[0]!.hmac).not.toBe(rows[1]!.hmac);
  });

  it('refuses a tampered ciphertext or a different purpose (authenticated encryption)', () => {
    const enc = f.cipher.encrypt('001204012345', CITIZEN_ID_PURPOSE);
    expect(() => f.cipher.decrypt(enc, 'another.column')).toThrow();
    const raw = Buffer.from(enc.split(':')[1]!, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => f.cipher.decrypt(`${f.cipher.currentKeyId}:${raw.toString('base64')}`, CITIZEN_ID_PURPOSE)).toThrow();
  });

  it('reads values written with an earlier key after a rotation', () => {
    const oldKey = randomBytes(32).toString('base64');
    const hmacKey = 'h'.repeat(40);
    const before = new IdentityCipher(oldKey, hmacKey);
    const stored = before.encrypt('001204099999', CITIZEN_ID_PURPOSE);
    const after = new IdentityCipher(randomBytes(32).toString('base64'), hmacKey, [oldKey]);
    expect(after.needsRotation(stored)).toBe(true);
    expect(after.decrypt(stored, CITIZEN_ID_PURPOSE)).toBe('001204099999');
    expect(after.hmac('001204099999', CITIZEN_ID_PURPOSE)).toBe(before.hmac('001204099999', CITIZEN_ID_PURPOSE));
  });

  it('refuses a malformed citizen ID', async () => {
    await expect(f.people.create(base({ citizenId: '12345' }))).rejects.toMatchObject({ code: 'ORGS.INVALID_INPUT' });
  });

  it('finds people by name ignoring diacritics and case', async () => {
    await f.people.create(base({ fullName: 'Đặng Thùy Dương', citizenId: null }));
    expect((await f.people.searchByName('nguyen thi lan', null)).map((p) => p.fullName)).toEqual(['Nguyễn Thị Lan']);
    expect((await f.people.searchByName('DANG THUY', null)).map((p) => p.fullName)).toEqual(['Đặng Thùy Dương']);
    expect((await f.people.searchByName('van', null)).map((p) => p.fullName).sort()).toEqual(['Lê Văn Hai', 'Trần Văn Minh']);
    expect(await f.people.searchByName('100%', null)).toEqual([]);
    expect(await f.people.searchByName('lan', [])).toEqual([]);
  });

  it('has a trigram index on the search column', async () => {
    const [idx] = await f.ds.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'people_name_search_trgm_idx'`);
    expect(idx.indexdef).toMatch(/gin \(name_search gin_trgm_ops\)/);
  });
});
