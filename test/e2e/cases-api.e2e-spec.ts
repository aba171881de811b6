import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EVENT_SCHEMAS } from '../../libs/procedure/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';

/** The cases API's answers: 400, 404, 409, 422, 428, concurrency, idempotency, atomicity, fuzz. */
describe('cases API', () => {
  let t: TestApp;
  let admin: Client;
  let db: DataSource;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    db = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-01-05T03:00:00Z' }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const listed = { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH };
  const count = async (table: string, caseId: string): Promise<number> =>
    Number((await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE case_id = $1`, [caseId]))[0].n);

  it('S-11: 20 concurrent identical events with the same version: one 200, nineteen 409, one event logged', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => admin.post(`/api/v1/cases/${c.caseId}/events`, listed, { 'If-Match': `"${c.version}"` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const conflict = results.find((r) => r.status === 409)!;
    expect(conflict.headers['content-type']).toMatch(/problem\+json/);
    expect(conflict.body).toMatchObject({ code: 'CASE.VERSION_CONFLICT', currentVersion: c.version + 1 });
    expect(conflict.body.case).toMatchObject({ id: c.caseId, version: c.version + 1 });
    expect(await db.query(`SELECT type FROM case_events WHERE case_id = $1 AND type = 'sympathiser.listed'`, [c.caseId])).toHaveLength(1);
  });

  it('a shared Idempotency-Key applies once, every concurrent request answering the first answer; the same key with another body is 422; a later replay returns the first answer', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const key = 'idem-key-0001';
    const results = await Promise.all(
      Array.from({ length: 10 }, () => admin.post(`/api/v1/cases/${c.caseId}/events`, listed, { 'If-Match': `"${c.version}"`, 'Idempotency-Key': key })),
    );
    // One wins the version check; the others, with the same key, lose it and answer what the winner stored.
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
    for (const r of results) expect(r.body.version).toBe(c.version + 1);
    expect(await count('case_events', c.caseId)).toBe(2);
    // Replayed later, even with the old If-Match: the first answer, nothing applied again.
    const replay = await admin.post(`/api/v1/cases/${c.caseId}/events`, listed, { 'If-Match': `"${c.version}"`, 'Idempotency-Key': key });
    expect(replay.status).toBe(200);
    expect(replay.body.version).toBe(c.version + 1);
    expect(await count('case_events', c.caseId)).toBe(2);
    const other = await admin.post(
      `/api/v1/cases/${c.caseId}/events`,
      { ...listed, resolutionDate: '2025-01-07' },
      { 'If-Match': `"${c.version + 1}"`, 'Idempotency-Key': key },
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('CASE.IDEMPOTENCY_MISMATCH');
  });

  it('answers malformed input with 400 and field messages, and changes nothing', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const post = (body: object, headers: Record<string, string> = { 'If-Match': `"${c.version}"` }) =>
      admin.post(`/api/v1/cases/${c.caseId}/events`, body, headers);
    const unknownType = await post({ type: 'nope.nothing' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errors[0].field).toBe('type');
    const badDate = await post({ ...listed, resolutionDate: '2025-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'resolutionDate' })]);
    const extra = await post({ ...listed, hacked: true });
    expect(extra.status).toBe(400);
    expect(extra.body.errors.map((e: { field: string }) => e.field)).toContain('hacked');
    const nested = await post({ ...listed, helper: { ...MINH, memberStatus: 'emperor' } });
    expect(nested.status).toBe(400);
    expect(nested.body.errors.map((e: { field: string }) => e.field)).toContain('helper.memberStatus');
    const noIfMatch = await post(listed, {});
    expect(noIfMatch.status).toBe(428);
    const badIfMatch = await post(listed, { 'If-Match': 'soon' });
    expect(badIfMatch.status).toBe(400);
    const badCreate = await admin.post('/api/v1/cases', { personId: 'x', organisationId: c.cellId, surprise: 1 });
    expect(badCreate.status).toBe(400);
    expect(badCreate.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['personId', 'surprise']);
    expect(await count('case_events', c.caseId)).toBe(1);
    expect((await admin.get(`/api/v1/cases/${c.caseId}`)).body.version).toBe(c.version);
  });

  it('answers 409 for a second open case of the same person, 404 for unknown or malformed ids', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const again = await admin.post('/api/v1/cases', { personId: c.personId, organisationId: c.cellId });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CASE.OPEN_CASE_EXISTS', openCaseId: c.caseId });
    await admin.get('/api/v1/cases/00000000-0000-4000-8000-000000000000').expect(404);
    await admin.get('/api/v1/cases/not-a-uuid').expect(404);
  });

  it('answers 422 listing the blocking rules, with explanation and citation, when the rules refuse', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    // The cell cannot vote on someone who is not even on the sympathiser list.
    const res = await admin.post(
      `/api/v1/cases/${c.caseId}/events`,
      { type: 'cell.admissionVoted', vote: { motion: 'admit', meetingDate: '2025-01-06', eligible: 15, for: 15, against: 0 } },
      { 'If-Match': `"${c.version}"` },
    );
    expect(res.status).toBe(422);
    expect(res.body.rules.length).toBeGreaterThan(0);
    for (const r of res.body.rules) {
      expect(r).toEqual(expect.objectContaining({ id: expect.any(String), kind: expect.any(String), blocking: true, vi: expect.any(String), en: expect.any(String) }));
      expect(r.citation.length).toBeGreaterThan(0);
    }
    expect(await count('case_events', c.caseId)).toBe(1);
  });

  it('a replayed 422 under the same Idempotency-Key is the refusal as stored: its code, message, and every rule with reason and citation', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const voted = { type: 'cell.admissionVoted', vote: { motion: 'admit', meetingDate: '2025-01-06', eligible: 15, for: 15, against: 0 } };
    const headers = { 'If-Match': `"${c.version}"`, 'Idempotency-Key': 'idem-refused-0001' };
    const first = await admin.post(`/api/v1/cases/${c.caseId}/events`, voted, headers);
    expect(first.status).toBe(422);
    expect(first.body.rules.length).toBeGreaterThan(0);
    const replay = await admin.post(`/api/v1/cases/${c.caseId}/events`, voted, headers);
    expect(replay.status).toBe(422);
    expect(replay.headers['content-type']).toMatch(/problem\+json/);
    const { replayed, ...sameBody } = replay.body;
    expect(replayed).toBe(true);
    expect(sameBody).toEqual(first.body);
    for (const r of replay.body.rules) expect(r.citation.length).toBeGreaterThan(0);
    expect(await count('case_events', c.caseId)).toBe(1);
    // An event the machine does not take now keeps its own code on replay (not RULES_BLOCKED).
    const early = { type: 'cell.recognitionVoted', vote: { motion: 'recognise', meetingDate: '2025-01-06', eligible: 15, for: 15, against: 0 } };
    const notNow = { 'If-Match': `"${c.version}"`, 'Idempotency-Key': 'idem-refused-0002' };
    const once = await admin.post(`/api/v1/cases/${c.caseId}/events`, early, notNow);
    const again = await admin.post(`/api/v1/cases/${c.caseId}/events`, early, notNow);
    expect([once.status, again.status]).toEqual([422, 422]);
    expect(again.body.code).toBe(once.body.code);
    expect({ ...again.body, replayed: undefined }).toEqual({ ...once.body, replayed: undefined });
  });

  it('a cell committee user acts on its own cell, gets 403 for a decision and 404 outside its subtree', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const chiuy = await login(t.app, 'chiuy');
    await chiuy.get(`/api/v1/cases/${c.caseId}`).expect(200);
    const ok = await chiuy.post(`/api/v1/cases/${c.caseId}/events`, listed, { 'If-Match': `"${c.version}"` });
    expect(ok.status).toBe(200);
    const decision = await chiuy.post(
      `/api/v1/cases/${c.caseId}/events`,
      { type: 'decision.admissionSigned', decisionNo: '1', signedOn: '2025-01-07', vote: { motion: 'admit', meetingDate: '2025-01-07', eligible: 9, for: 7, against: 2 }, decidedBy: { id: 'x', kind: 'upperStandingCommittee' } },
      { 'If-Match': `"${ok.body.version}"` },
    );
    expect(decision.status).toBe(403);
    // A case of another cell (the office cell of the garment company) is invisible to this user.
    const other = await openDemoCaseIn(seeded.organisations['DEMO-CB-VANPHONG']!);
    const hidden = await chiuy.get(`/api/v1/cases/${other}`);
    expect(hidden.status).toBe(404);
    const act = await chiuy.post(`/api/v1/cases/${other}/events`, listed, { 'If-Match': '"1"' });
    expect(act.status).toBe(404);
    const list = await chiuy.get('/api/v1/cases?limit=200').expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(other);
  });

  async function openDemoCaseIn(organisationId: string): Promise<string> {
    const person = await admin
      .post('/api/v1/admin/people', { organisationId, fullName: 'Lê Văn Khác', birthDate: '2000-01-01', sex: 'male', ethnicity: 'Kinh', occupation: 'worker', educationLevel: 'upperSecondary' })
      .expect(201);
    const created = await admin.post('/api/v1/cases', { personId: person.body.id, organisationId }).expect(201);
    return created.body.id;
  }

  it('a failure between the statements of a transition leaves nothing half-written', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const before = await db.query(`SELECT version, state, snapshot FROM cases WHERE id = $1`, [c.caseId]);
    // Simulate a crash after the case row was updated and the event appended: the deadline insert fails.
    await db.query(`CREATE OR REPLACE FUNCTION kn_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await db.query(`CREATE TRIGGER kn_test_crash BEFORE INSERT ON case_events FOR EACH ROW WHEN (NEW.type = 'sympathiser.listed') EXECUTE FUNCTION kn_test_crash()`);
    try {
      const res = await admin.post(`/api/v1/cases/${c.caseId}/events`, listed, { 'If-Match': `"${c.version}"` });
      expect(res.status).toBe(500);
      expect(res.body.detail).toBeUndefined();
    } finally {
      await db.query(`DROP TRIGGER kn_test_crash ON case_events`);
    }
    const after = await db.query(`SELECT version, state, snapshot FROM cases WHERE id = $1`, [c.caseId]);
    expect(after).toEqual(before);
    expect(await count('case_events', c.caseId)).toBe(1);
    // And the same request then goes through.
    const retry = await admin.post(`/api/v1/cases/${c.caseId}/events`, listed, { 'If-Match': `"${c.version}"` });
    expect(retry.status).toBe(200);
  });

  it('a crash after the event, in the deadlines, leaves no event, no snapshot change and no outbox row', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    let v = c.version;
    for (const e of [
      listed,
      { type: 'awarenessCourse.certified', issuedOn: '2025-02-14' },
      { type: 'dossier.cleared', decisionDate: '2025-03-03' },
      { type: 'application.filed', date: '2025-03-10' },
      { type: 'background.declared', date: '2025-03-12' },
    ]) {
      const r = await admin.post(`/api/v1/cases/${c.caseId}/events`, e, { 'If-Match': `"${v}"` });
      expect(r.status).toBe(200);
      v = r.body.version;
    }
    const outboxBefore = Number((await db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n);
    const eventsBefore = await count('case_events', c.caseId);
    const deadlinesBefore = await db.query(`SELECT key, fence, status FROM deadlines WHERE case_id = $1 ORDER BY key`, [c.caseId]);
    expect(deadlinesBefore.some((d: { key: string }) => d.key.startsWith('backgroundCheck'))).toBe(false);
    await db.query(`CREATE OR REPLACE FUNCTION kn_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await db.query(`CREATE TRIGGER kn_test_crash BEFORE INSERT ON deadlines FOR EACH ROW EXECUTE FUNCTION kn_test_crash()`);
    try {
      const res = await admin.post(
        `/api/v1/cases/${c.caseId}/events`,
        { type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-14' },
        { 'If-Match': `"${v}"` },
      );
      expect(res.status).toBe(500);
    } finally {
      await db.query(`DROP TRIGGER kn_test_crash ON deadlines`);
    }
    expect(await count('case_events', c.caseId)).toBe(eventsBefore);
    expect(await db.query(`SELECT key, fence, status FROM deadlines WHERE case_id = $1 ORDER BY key`, [c.caseId])).toEqual(deadlinesBefore);
    expect(Number((await db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n)).toBe(outboxBefore);
    expect((await db.query(`SELECT version FROM cases WHERE id = $1`, [c.caseId]))[0].version).toBe(v);
  });

  /** Any JSON value as the body, sent as raw JSON text (numbers, strings and null included). */
  const raw = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(JSON.stringify(body) ?? 'null');

  it('fuzz: random and malformed payloads never cause a 5xx, and no rejected request changes anything', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    let version = c.version;
    const types = Object.keys(EVENT_SCHEMAS);
    const oddString = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('2025-02-30', '2025-13-01', '0000-00-00', '2025-1-1', '９９９９-01-01', '\u0000', 'Đảng\u202e', 'x'.repeat(20000)),
    );
    const value = fc.oneof(oddString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
    const eventLike = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...types), oddString),
        date: value,
        resolutionDate: value,
        vote: fc.oneof(value, fc.record({ motion: value, meetingDate: value, eligible: value, for: value, against: value })),
        helper: fc.oneof(value, fc.record({ memberId: value, name: value, memberStatus: value })),
        [`x${'y'.repeat(3)}`]: value,
      },
      { requiredKeys: ['type'] },
    );
    const payload = fc.oneof(eventLike, fc.jsonValue({ maxDepth: 3 }));
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const eventsBefore = await count('case_events', c.caseId);
        const res = await raw(`/api/v1/cases/${c.caseId}/events`, body, { 'If-Match': `"${version}"` });
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) {
          version = res.body.version;
        } else {
          expect(await count('case_events', c.caseId)).toBe(eventsBefore);
          expect((await db.query(`SELECT version FROM cases WHERE id = $1`, [c.caseId]))[0].version).toBe(version);
        }
      }),
      { numRuns: 1500 },
    );
    const people = Number((await db.query(`SELECT count(*)::int AS n FROM cases`))[0].n);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ personId: value, organisationId: value, candidate: value, variant: value })), async (body) => {
        const res = await raw('/api/v1/cases', body);
        expect(res.status).toBeLessThan(500);
        expect(res.status).not.toBe(201);
      }),
      { numRuns: 500 },
    );
    expect(Number((await db.query(`SELECT count(*)::int AS n FROM cases`))[0].n)).toBe(people);
  }, 240_000);
});
