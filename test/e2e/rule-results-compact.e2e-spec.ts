import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, s1Events } from '../support/scenarios.js';

/**
 * Issue 20, item 4: `case_events.rule_results` holds the failures in full and the passed rules by
 * id; readers see the full results as before. The same case is read with its rows in the new
 * shape and then with the same rows rewritten in the old one (the plain array of full results,
 * as every row written before the change holds): the API answers are the same.
 */
describe('rule results stored compact, read as before', () => {
  let t: TestApp;
  let admin: Client;
  let ds: DataSource;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedDemo(t.app);
    ds = t.app.get(DataSource);
    await topUpRoll(ds, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-01-05T03:00:00Z' }).expect(200);
    const person = await admin
      .post('/api/v1/admin/people', {
        organisationId: seeded.organisations['DEMO-CB-SINHVIEN'],
        fullName: 'Lê Thị Gọn',
        birthDate: '2004-05-12',
        sex: 'female',
        ethnicity: 'Kinh',
        occupation: 'student',
        educationLevel: 'upperSecondary',
      })
      .expect(201);
    const created = await admin
      .post('/api/v1/cases', { personId: person.body.id, organisationId: seeded.organisations['DEMO-CB-SINHVIEN'], candidate: { youthUnionMember: true } })
      .expect(201);
    caseId = created.body.id;
    await recordAll(admin, caseId, created.body.version, s1Events(created.body.facts.org.competentBody));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores the new shape: passed rules by id (with the facts they saw), far smaller than the full results', async () => {
    const rows: { seq: number; rule_results: { compact?: number; results: unknown[] } | unknown[] }[] = await ds.query(
      `SELECT seq, rule_results FROM case_events WHERE case_id = $1 AND seq > 1 ORDER BY seq`,
      [caseId],
    );
    expect(rows.length).toBe(16);
    for (const r of rows) expect((r.rule_results as { compact?: number }).compact).toBe(1);
    const refs = rows.flatMap((r) => (r.rule_results as { results: unknown[] }).results).filter((x) => typeof x === 'string' || !('citation' in (x as object)));
    expect(refs.length).toBeGreaterThan(20);
    const events = (await admin.get(`/api/v1/cases/${caseId}/events`).expect(200)).body as { seq: number; ruleResults: { id: string; citation: unknown[]; vi: string }[] }[];
    const full = events.filter((e) => e.seq > 1).reduce((n, e) => n + JSON.stringify(e.ruleResults).length, 0);
    const stored = rows.reduce((n, r) => n + JSON.stringify(r.rule_results).length, 0);
    expect(stored).toBeLessThan(full / 3);
    // Readers get every rule back with its texts and citation.
    for (const e of events.filter((x) => x.seq > 1)) {
      expect(e.ruleResults.length).toBeGreaterThan(0);
      for (const r of e.ruleResults) {
        expect(typeof r.vi).toBe('string');
        expect(r.citation.length).toBeGreaterThan(0);
      }
    }
  });

  it('answers GET /cases/{id}/events and GET /cases/{id} the same from the old shape', async () => {
    const before = (await admin.get(`/api/v1/cases/${caseId}/events`).expect(200)).body as { seq: number; ruleResults: unknown[] }[];
    const viewBefore = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body as Record<string, unknown>;
    // Rewrite every row as a row from before the change: the plain array of full results.
    for (const e of before) await ds.query(`UPDATE case_events SET rule_results = $3::jsonb WHERE case_id = $1 AND seq = $2`, [caseId, e.seq, JSON.stringify(e.ruleResults)]);
    const oldShape: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND jsonb_typeof(rule_results) = 'array'`, [caseId]);
    expect(oldShape[0]!.n).toBe(before.length);
    const after = (await admin.get(`/api/v1/cases/${caseId}/events`).expect(200)).body;
    expect(after).toEqual(before);
    const viewAfter = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body as Record<string, unknown>;
    expect({ ...viewAfter, checklist: undefined }).toEqual({ ...viewBefore, checklist: undefined });
    expect(viewAfter.checklist).toEqual(viewBefore.checklist);
  });
});
