import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';

/**
 * The HTTP edge against malformed input (issue 15, docs/security.md "Malformed input"): every
 * answer here is a 4xx problem+json naming the field, never a 500, and nothing is stored.
 */
describe('malformed input at the edge', () => {
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

  const server = () => t.app.getHttpServer();
  const rawJson = (path: string, text: string, token?: string) => {
    const req = request(server()).post(path).set('Content-Type', 'application/json');
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(text);
  };
  const problem = (res: request.Response, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    if (code) expect(res.body.code).toBe(code);
    return res.body as { errors?: { field: string; messages: string[] }[]; detail?: string };
  };
  const events = async (caseId: string): Promise<number> =>
    Number((await db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [caseId]))[0].n);

  it('refuses JSON nested 5,000 deep with 400 before parsing, even without authentication', async () => {
    const deep = `{"username":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`;
    const body = problem(await rawJson('/api/v1/auth/login', deep), 400, 'INPUT.TOO_DEEP');
    expect(body.detail).toMatch(/32/);
    problem(await rawJson('/api/v1/auth/login', '['.repeat(100_000) + ']'.repeat(100_000)), 400, 'INPUT.TOO_DEEP');
    // 32 levels pass the depth check (and fail as an unknown field), 33 do not.
    const nest = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    problem(await rawJson('/api/v1/auth/login', nest(32)), 400, 'VALIDATION');
    problem(await rawJson('/api/v1/auth/login', nest(33)), 400, 'INPUT.TOO_DEEP');
    // Brackets inside strings are text, not nesting.
    problem(await rawJson('/api/v1/auth/login', JSON.stringify({ username: 'nobody.here', password: '{['.repeat(30) })), 401);
  });

  it('answers an oversized body 413 and a broken one 400, both problem+json', async () => {
    const big = problem(
      await rawJson('/api/v1/auth/login', JSON.stringify({ username: 'x'.repeat(300_000), password: 'y' })),
      413,
      'INPUT.TOO_LARGE',
    );
    expect(big.detail).toMatch(/256 kB/);
    problem(await rawJson('/api/v1/auth/login', '{not json'), 400, 'INPUT.JSON');
  });

  it('refuses prototype keys anywhere in a body or a query, naming the field, and stores nothing', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const before = await events(c.caseId);
    const post = (text: string) =>
      request(server())
        .post(`/api/v1/cases/${c.caseId}/events`)
        .set('Authorization', `Bearer ${admin.token}`)
        .set('If-Match', `"${c.version}"`)
        .set('Content-Type', 'application/json')
        .send(text);
    const ctor = problem(await post('{"type":"application.filed","date":{"constructor":1}}'), 400, 'INPUT.FORBIDDEN_KEY');
    expect(ctor.errors).toEqual([{ field: 'date.constructor', messages: [expect.stringMatching(/constructor/)] }]);
    problem(
      await post(
        '{"type":"sympathiser.listed","resolutionDate":"2025-01-06","helper":{"__proto__":{"admin":true},"memberId":"m","name":"n","memberStatus":"full"}}',
      ),
      400,
      'INPUT.FORBIDDEN_KEY',
    );
    problem(await post('{"type":"application.filed","date":"2025-01-06","x":[{"prototype":{}}]}'), 400, 'INPUT.FORBIDDEN_KEY');
    expect(await events(c.caseId)).toBe(before);
    const q = problem(await admin.get('/api/v1/cases?constructor=1'), 400, 'INPUT.FORBIDDEN_KEY');
    expect(q.errors?.[0]?.field).toBe('query.constructor');
    problem(await admin.get('/api/v1/cases?__proto__=1'), 400, 'INPUT.FORBIDDEN_KEY');
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });

  it('refuses NUL and lone surrogates in body, query and path with 400, where they used to reach PostgreSQL or a URIError', async () => {
    const nul = problem(
      await request(server()).post('/api/v1/auth/login').send({ username: 'ad\u0000min', password: 'x' }),
      400,
      'INPUT.NUL',
    );
    expect(nul.errors?.[0]?.field).toBe('username');
    const c = await openDemoCase(t.app, admin, seeded);
    const before = await events(c.caseId);
    problem(
      await admin.post(
        `/api/v1/cases/${c.caseId}/events`,
        { type: 'sympathiser.removed', resolutionDate: '2025-01-06', reason: 'a\u0000b' },
        { 'If-Match': `"${c.version}"` },
      ),
      400,
      'INPUT.NUL',
    );
    expect(await events(c.caseId)).toBe(before);
    // A lone surrogate, as a JSON escape and as a raw code unit: the URIError of class-validator's email check is not reached.
    const lone = problem(await admin.put('/api/v1/notifications/preferences', { email: 'a\ud800@x.vn' }), 400, 'INPUT.LONE_SURROGATE');
    expect(lone.errors?.[0]?.field).toBe('email');
    problem(
      await request(server())
        .put('/api/v1/notifications/preferences')
        .set('Authorization', `Bearer ${admin.token}`)
        .set('Content-Type', 'application/json')
        .send('{"email":"x@\\udc00.vn"}'),
      400,
      'INPUT.LONE_SURROGATE',
    );
    // A valid pair is text like any other.
    expect((await admin.put('/api/v1/notifications/preferences', { email: 'a😀@x.vn' })).status).toBeLessThan(500);
    problem(await admin.get('/api/v1/cases?q=%00'), 400, 'INPUT.NUL');
    problem(await admin.get('/api/v1/cases/%00'), 400, 'INPUT.NUL');
    problem(await admin.get('/api/v1/cases/%ED%A0%80'), 400, 'INPUT.PATH');
    problem(await admin.get('/api/v1/admin/organisations/%E0%A4%A'), 400, 'INPUT.PATH');
  });

  it('checks what a route parses itself (multipart fields of an upload) the same way, and stores nothing', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const docs = async () => {
      await t.app.get(AuditService).flush();
      return Number(
        (
          await db.query(
            `SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1 AND outcome = 'ok' AND action = 'case.document.upload'`,
            [c.caseId],
          )
        )[0].n,
      );
    };
    const before = await docs();
    const res = await request(server())
      .post(`/api/v1/cases/${c.caseId}/documents`)
      .set('Authorization', `Bearer ${admin.token}`)
      .field('formCode', '6-KN\u0000Đ')
      .field('step', 'cell.admissionVoted')
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: 'bien-ban.pdf', contentType: 'application/pdf' });
    expect(problem(res, 400, 'INPUT.NUL').errors?.[0]?.field).toBe('formCode');
    expect(await docs()).toBe(before);
  });

  it('refuses a CSV import holding a NUL with 400 and queues nothing', async () => {
    const jobs = Number((await db.query(`SELECT count(*)::int AS n FROM import_jobs`))[0].n);
    const res = await request(server())
      .post('/api/v1/admin/imports?kind=members')
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'text/csv')
      .send('citizenId,fullName\n001203004005,Nguyễn\u0000Văn A\n');
    expect(problem(res, 400).detail).toMatch(/NUL/);
    problem(await admin.post('/api/v1/admin/imports', { kind: 'members', csv: 'a,b\n\u0000,1\n' }), 400, 'INPUT.NUL');
    expect(Number((await db.query(`SELECT count(*)::int AS n FROM import_jobs`))[0].n)).toBe(jobs);
  });

  it('answers impossible vote figures 400 with the fields named, not 422, and stores nothing', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const before = await events(c.caseId);
    const vote = (v: Record<string, number>) => ({
      type: 'cell.admissionVoted',
      vote: { motion: 'admit', meetingDate: '2025-01-05', eligible: 9, for: 6, against: 3, ...v },
    });
    const post = (body: object) => admin.post(`/api/v1/cases/${c.caseId}/events`, body, { 'If-Match': `"${c.version}"` });
    const fields = (b: { errors?: { field: string }[] }) => (b.errors ?? []).map((e) => e.field).sort();
    expect(fields(problem(await post(vote({ for: 10, against: 0 })), 400, 'VALIDATION'))).toEqual(['vote.for']);
    expect(fields(problem(await post(vote({ for: 0, against: 10 })), 400, 'VALIDATION'))).toEqual(['vote.against']);
    const sum = problem(await post(vote({ for: 6, against: 4 })), 400, 'VALIDATION');
    expect(fields(sum)).toEqual(['vote.against', 'vote.for']);
    expect(sum.errors?.[0]?.messages[0]).toMatch(/10|6.*4/);
    // A decision's own vote and an imported resolution are checked the same way.
    expect(
      fields(
        problem(
          await post({
            type: 'decision.admissionSigned',
            decisionNo: '1-QĐ',
            signedOn: '2025-01-06',
            vote: { motion: 'admit', meetingDate: '2025-01-06', eligible: 5, for: 6, against: 0 },
            decidedBy: { id: 'x', kind: 'upperStandingCommittee' },
          }),
          400,
        ),
      ),
    ).toContain('vote.for');
    expect(await events(c.caseId)).toBe(before);
    // Consistent figures reach the rules as before (here: not at this stage, 422).
    expect((await post(vote({}))).status).toBe(422);
    // And the case was left as it was: its next act applies at the version it had.
    const next = await admin.post(
      `/api/v1/cases/${c.caseId}/events`,
      { type: 'sympathiser.listed', resolutionDate: '2025-01-05', helper: MINH },
      { 'If-Match': `"${c.version}"` },
    );
    expect([next.status, next.body.version]).toEqual([200, c.version + 1]);
  });

  it("answers a query whose 'to' comes before its 'from' 400 naming 'to' (violations, coverage, audit)", async () => {
    for (const path of [
      '/api/v1/violations?from=2025-06-01&to=2025-01-01',
      '/api/v1/reports/coverage?from=2025-06-01&to=2025-01-01',
      '/api/v1/audit?from=2025-06-01T00:00:00Z&to=2025-05-31T23:59:59Z',
    ]) {
      const body = problem(await admin.get(path), 400, 'VALIDATION');
      expect(body.errors?.map((e) => e.field)).toEqual(['to']);
    }
    expect((await admin.get('/api/v1/violations?from=2025-01-01&to=2025-01-01')).status).toBe(200);
    expect((await admin.get('/api/v1/audit?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z')).status).toBe(200);
  });

  it('answers calendar data the procedure library refuses (a make-up working day on a weekday) 400 naming the list, and stores nothing', async () => {
    const before = (await admin.get('/api/v1/calendar').expect(200)).body;
    // 16/02/2026 is a Monday: a make-up working day must be a weekend day (it was a 500, found by the fuzz run).
    const body = problem(
      await admin.put('/api/v1/admin/calendar/2026', { status: 'provisional', daysOff: [], makeUpWorkingDays: [{ date: '2026-02-16', name: 'Làm bù' }], sources: ['x'], reason: 'thử dữ liệu sai' }),
      400,
      'VALIDATION',
    );
    expect(body.errors?.map((e) => e.field)).toEqual(['makeUpWorkingDays']);
    expect(body.errors?.[0]?.messages[0]).toContain('2026-02-16 in makeUpWorkingDays must be a weekend day');
    expect((await admin.get('/api/v1/calendar').expect(200)).body).toEqual(before);
  });

  it('answers a year the calendar cannot hold (1900, 3000) 400 on the year, not 500, and stores nothing', async () => {
    const before = (await admin.get('/api/v1/calendar').expect(200)).body;
    for (const year of [1900, 3000]) {
      const body = problem(
        await admin.put(`/api/v1/admin/calendar/${year}`, { status: 'provisional', daysOff: [], makeUpWorkingDays: [], sources: ['x'], reason: 'năm ngoài phạm vi' }),
        400,
        'VALIDATION',
      );
      expect(body.errors?.map((e) => e.field)).toEqual(['year']);
      expect(body.errors?.[0]?.messages[0]).toContain(`${year}: year must be between 2000 and 2200`);
    }
    expect((await admin.get('/api/v1/calendar').expect(200)).body).toEqual(before);
  });
});
