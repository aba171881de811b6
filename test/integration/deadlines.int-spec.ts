import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DeadlineRunner } from '../../libs/cases/src/index.js';
import { QueueGateway } from '../../libs/scheduling/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { importedAtProbation, recordAll, s1Events, vote } from '../support/scenarios.js';
import { eventually, startTestWorker } from '../support/worker.js';

/**
 * Legal deadlines with the real worker, PostgreSQL and Redis: reminders, the end of probation
 * opening recognition by itself, escalations, re-arming after a Redis flush, fences, and the
 * calendar correction that recomputes provisional deadlines. The clock is moved, never waited for.
 */
describe('deadlines, reminders and escalations', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Client;
  let db: DataSource;
  let runner: DeadlineRunner;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  const setClock = (iso: string) => admin.post('/api/v1/admin/clock', { to: iso }).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    db = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    // The rolls of the scenarios: S-1's cell has 15 full members, S-7's 12.
    await topUpRoll(db, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    await topUpRoll(db, seeded.organisations['DEMO-CB-GIANGVIEN']!, 'member', 12);
    admin = await login(t.app, 'admin');
    await flushRedis();
    worker = await startTestWorker(t.config, { relayMs: 100, sweepMs: 3_600_000 });
    runner = worker.get(DeadlineRunner);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  /** FLUSHDB on this Jest worker's own Redis database (never FLUSHALL). */
  const flushRedis = async () => {
    const r = new Redis(t.config.REDIS_URL);
    try {
      await r.flushdb();
    } finally {
      r.disconnect();
    }
  };
  const deadline = async (caseId: string, timerId: string) =>
    (await db.query(`SELECT * FROM deadlines WHERE case_id = $1 AND timer_id = $2`, [caseId, timerId]))[0];
  const caseRow = async (caseId: string) => (await db.query(`SELECT * FROM cases WHERE id = $1`, [caseId]))[0];

  it('S-1 continued: reminders 30 and 7 days before the end of probation, then recognition opens by itself', async () => {
    await setClock('2025-01-05T03:00:00Z');
    const c = await openDemoCase(t.app, admin, seeded);
    const view = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
    await recordAll(admin, c.caseId, c.version, s1Events(view.body.facts.org.competentBody));
    const d = await deadline(c.caseId, 'probationEnd');
    expect(d).toMatchObject({ due_date: '2026-11-07', status: 'pending' });
    expect(d.reminders.map((r: { date: string }) => r.date)).toEqual(['2026-10-08', '2026-10-31']);

    // 08:00 in Hà Nội on 8 October 2026: the 30-day reminder, once.
    await setClock('2026-10-08T01:00:00Z');
    await runner.sweep();
    await runner.sweep();
    await eventually(async () => (await deadline(c.caseId, 'probationEnd')).reminders_sent.length === 1);
    const inbox = await eventually(async () => {
      const rows = await db.query(`SELECT * FROM notifications WHERE case_id = $1 AND kind = 'reminder'`, [c.caseId]);
      return rows.length > 0 ? rows : undefined;
    });
    expect(inbox.length).toBeGreaterThan(0);
    const chiuy = seeded.users['chiuy'];
    expect(inbox.map((n: { user_id: string }) => n.user_id)).toContain(chiuy);

    await setClock('2026-10-31T01:00:00Z');
    await runner.sweep();
    expect((await deadline(c.caseId, 'probationEnd')).reminders_sent).toEqual(['2026-10-08', '2026-10-31']);

    // 00:00 in Hà Nội on 7 November 2026: probation ends, the recognition step opens.
    await setClock('2026-11-06T17:00:30Z');
    await runner.sweep();
    await runner.sweep();
    const row = await caseRow(c.caseId);
    expect(row.stage).toBe('recognition');
    const fired = await db.query(`SELECT * FROM case_events WHERE case_id = $1 AND type = 'deadline.fired'`, [c.caseId]);
    expect(fired).toHaveLength(1);
    expect(fired[0].payload).toMatchObject({ timerId: 'probationEnd', dueDate: '2026-11-07' });
    const next = await deadline(c.caseId, 'cellRecognitionResolution');
    expect(next).toMatchObject({ start_date: '2026-11-07', status: 'pending' });
  });

  it('S-7: a late cell recognition resolution escalates, opens a violation, and recognition still dates from the end of probation', async () => {
    await setClock('2025-06-01T03:00:00Z');
    const c = await openDemoCase(t.app, admin, seeded, 'DEMO-CB-GIANGVIEN');
    const opened = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
    const imported = await recordAll(admin, c.caseId, c.version, [importedAtProbation('2025-03-14', '2025-06-01', opened.body.facts.org.competentBody)]);
    expect((await deadline(c.caseId, 'probationEnd')).due_date).toBe('2026-03-14');
    await setClock('2026-03-14T03:00:00Z');
    await runner.sweep();
    const resolution = await deadline(c.caseId, 'cellRecognitionResolution');
    expect(resolution.due_date).toBe('2026-04-24');

    // 25 April 2026, 00:00 in Hà Nội: the cell missed its 30 working days.
    await setClock('2026-04-24T17:00:30Z');
    await runner.sweep();
    // (The imported record has no member record filed either: that deadline opened its own violation.)
    const violations = await db.query(`SELECT * FROM violations WHERE case_id = $1 AND rule_id = 'PROC-DEADLINES' AND step = 'cellRecognitionResolution'`, [c.caseId]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ step: 'cellRecognitionResolution', due_date: '2026-04-24', status: 'open' });
    expect((await deadline(c.caseId, 'cellRecognitionResolution')).escalated_at).not.toBeNull();
    const escalation = await eventually(async () => {
      const rows = await db.query(`SELECT * FROM notifications WHERE case_id = $1 AND kind = 'escalation'`, [c.caseId]);
      return rows.length ? rows : undefined;
    });
    expect(escalation.length).toBeGreaterThan(0);
    // A second sweep opens nothing more.
    await runner.sweep();
    expect(await db.query(`SELECT * FROM violations WHERE case_id = $1 AND rule_id = 'PROC-DEADLINES' AND step = 'cellRecognitionResolution'`, [c.caseId])).toHaveLength(1);

    const v = (await caseRow(c.caseId)).version;
    await setClock('2026-05-21T03:00:00Z');
    const view = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
    const done = await recordAll(admin, c.caseId, v, [
      // The import carried the sympathiser-stage helper; the probation helper is recorded after go-live.
      { type: 'helper.assigned', date: '2025-06-02', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } },
      { type: 'newMemberCourse.certified', issuedOn: '2025-08-01' },
      { type: 'recognition.selfReviewed', date: '2026-03-20' },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-03-21' },
      { type: 'recognition.opinionsConsolidated', date: '2026-03-25' },
      { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-04-28', 12, 10) },
      { type: 'base.recognitionVoted', vote: vote('recognise', '2026-05-05', 8, 6) },
      {
        type: 'decision.recognitionSigned',
        decisionNo: '45-QĐ/ĐU',
        signedOn: '2026-05-20',
        vote: vote('recognise', '2026-05-20', 9, 7),
        decidedBy: view.body.facts.org.competentBody,
        partyCardDecided: true,
      },
    ]);
    expect(done.body.status).toBe('closed');
    expect(done.body.outcome).toBe('fullMember');
    expect((await caseRow(c.caseId)).recognition_date).toBe('2026-03-14');
    void imported;
  });

  it('after FLUSHDB with 1,000 pending deadlines the sweeper re-arms every one, and none fires twice', async () => {
    await setClock('2025-06-01T03:00:00Z');
    const c = await openDemoCase(t.app, admin, seeded);
    await db.query(
      `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, calendar_status, reminders, status)
       SELECT $1, 'bulk-' || g, 'ceremony', DATE '2025-06-02', DATE '2025-07-15', 'confirmed', '[]', 'pending' FROM generate_series(1, 1000) g`,
      [c.caseId],
    );
    const queue = worker.get(QueueGateway);
    await flushRedis();
    const { rearmed } = await runner.sweep();
    expect(rearmed).toBeGreaterThanOrEqual(1000);
    const counts = await queue.counts();
    expect(counts.delayed).toBeGreaterThanOrEqual(1000);
    // A second pass does not arm them again (deterministic job ids; the marker says Redis is whole).
    expect((await runner.sweep()).rearmed).toBe(0);

    // All become overdue: the jobs and two concurrent sweeps race; each fires exactly once.
    await setClock('2025-07-16T17:00:30Z');
    await Promise.all([runner.sweep(), runner.sweep()]);
    const bulk = await db.query(`SELECT status, count(*)::int AS n FROM deadlines WHERE case_id = $1 AND key LIKE 'bulk-%' GROUP BY status`, [c.caseId]);
    expect(bulk).toEqual([{ status: 'fired', n: 1000 }]);
    const v = await db.query(`SELECT count(*)::int AS n, count(DISTINCT step)::int AS steps FROM violations WHERE case_id = $1 AND step LIKE 'bulk-%'`, [c.caseId]);
    expect(v[0]).toEqual({ n: 1000, steps: 1000 });
  }, 120_000);

  it('the same job twice has one effect; a moved deadline’s old job does nothing', async () => {
    await setClock('2025-06-01T03:00:00Z');
    const c = await openDemoCase(t.app, admin, seeded);
    const [d] = await db.query(
      `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, calendar_status, reminders, status)
       VALUES ($1, 'twice', 'ceremony', '2025-06-02', '2025-07-15', 'confirmed', '[]', 'pending') RETURNING id, fence`,
      [c.caseId],
    );
    await setClock('2025-07-16T17:00:30Z');
    const outcomes = await Promise.all([runner.wake(d.id, d.fence), runner.wake(d.id, d.fence)]);
    expect(outcomes.sort()).toEqual(['done', 'stale']);
    expect(await db.query(`SELECT id FROM violations WHERE case_id = $1 AND step = 'twice'`, [c.caseId])).toHaveLength(1);

    const [moved] = await db.query(
      `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, calendar_status, reminders, status)
       VALUES ($1, 'moved', 'ceremony', '2025-06-02', '2025-07-15', 'confirmed', '[]', 'pending') RETURNING id, fence`,
      [c.caseId],
    );
    await db.query(`UPDATE deadlines SET due_date = '2025-09-30', fence = fence + 1 WHERE id = $1`, [moved.id]);
    expect(await runner.wake(moved.id, moved.fence)).toBe('stale');
    expect((await db.query(`SELECT status FROM deadlines WHERE id = $1`, [moved.id]))[0].status).toBe('pending');
    expect(await db.query(`SELECT id FROM violations WHERE case_id = $1 AND step = 'moved'`, [c.caseId])).toHaveLength(0);
  });

  it('a deadline crossing 2027 is provisional until the year is confirmed, then recomputed', async () => {
    await setClock('2026-12-01T03:00:00Z');
    const c = await openDemoCase(t.app, admin, seeded);
    await db.query(
      `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, calendar_status, calendar_years, reminders, status)
       VALUES ($1, 'decision', 'admissionDecision', '2026-12-15', NULL, 'awaitingCalendar', '{}', '[]', 'pending')`,
      [c.caseId],
    );
    // Recompute against what is known: 2027 is provisional (statutory days only).
    const first = await admin.put('/api/v1/admin/calendar/2027', {
      ...(await currentYear(2027)),
      reason: 'Nhập lại dữ liệu tạm tính / re-enter provisional data',
    });
    expect(first.status).toBe(200);
    const provisional = await deadline(c.caseId, 'admissionDecision');
    expect(provisional.calendar_status).toBe('provisional');
    const before = provisional.due_date;
    expect(before).not.toBeNull();

    // The government publishes 2027: Tết 5-11 February (five weekdays), 1 September for National Day.
    const official = await currentYear(2027);
    const confirmed = {
      ...official,
      status: 'confirmed',
      daysOff: [
        ...official.daysOff,
        ...['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map((date) => ({ date, name: 'Tết Nguyên đán' })),
        { date: '2027-09-01', name: 'Quốc khánh' },
      ],
      sources: ['Thông báo của Bộ Nội vụ (giả định cho kiểm thử) / Home Affairs notice (test fixture)'],
      reason: 'Lịch chính thức 2027 / official 2027 schedule',
    };
    const res = await admin.put('/api/v1/admin/calendar/2027', confirmed);
    expect(res.status).toBe(200);
    expect(res.body.changed).toBeGreaterThanOrEqual(1);
    const after = await deadline(c.caseId, 'admissionDecision');
    expect(after.calendar_status).toBe('confirmed');
    expect(after.due_date > before).toBe(true);
    expect(after.fence).toBeGreaterThan(provisional.fence);
  });

  async function currentYear(year: number): Promise<{ status: string; daysOff: { date: string; name: string }[]; makeUpWorkingDays: unknown[]; sources: string[]; notes?: string }> {
    const all = (await admin.get('/api/v1/calendar').expect(200)).body as { year: number; status: string; daysOff: { date: string; name: string }[]; makeUpWorkingDays: unknown[]; sources: string[]; notes?: string }[];
    const y = all.find((x) => x.year === year)!;
    return { status: y.status, daysOff: y.daysOff, makeUpWorkingDays: y.makeUpWorkingDays, sources: y.sources, ...(y.notes ? { notes: y.notes.slice(0, 3900) } : {}) };
  }
});
