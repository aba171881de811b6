import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import type { Actor } from '../../libs/orgs/src/index.js';
import type { ClockService } from '../../libs/platform/src/index.js';
import { ComplianceService, ViolationsService, loadCaseRecords, runChecks } from '../../libs/reports/src/index.js';
import { startOrgsFixture, type OrgsFixture } from '../support/orgs.js';
import { type CaseSpec, insertCase, insertOrg } from '../support/reports.js';

jest.setTimeout(60_000);

const TODAY = '2026-01-15';
const fixedClock = { now: async () => new Date(`${TODAY}T05:00:00Z`) } as unknown as ClockService;

/** Every check of the catalogue against a case built to break it and one built to pass it (imported history, built in SQL). */
describe('compliance catalogue on cases built in SQL', () => {
  let f: OrgsFixture;
  let compliance: ComplianceService;
  let violations: ViolationsService;
  let audit: AuditService;
  let cell: string;
  let province: string;

  const findings = async (spec: Omit<CaseSpec, 'organisationId'>) => {
    const id = await insertCase(f.ds, { organisationId: cell, ...spec });
    const [record] = await loadCaseRecords(f.ds.manager, [id]);
    return runChecks(record!, TODAY).map((x) => `${x.ruleId}|${x.step}`);
  };

  beforeAll(async () => {
    f = await startOrgsFixture();
    audit = new AuditService(f.ds);
    compliance = new ComplianceService(f.ds, audit, fixedClock, f.orgs);
    violations = new ViolationsService(f.ds, f.access, audit);
    province = await insertOrg(f.ds, 'CMP-P', 'provincialCommittee', null);
    const base = await insertOrg(f.ds, 'CMP-B', 'baseCommittee', province);
    cell = await insertOrg(f.ds, 'CMP-C', 'cell', base);
  });
  afterAll(async () => {
    await f?.close();
  });

  describe('deadlines (deadlines table against the act’s date)', () => {
    it('admission decision: late breaks, on time or within the extension passes, overdue with no act breaks', async () => {
      const deadline = { key: 'admissionDecision', start: '2025-01-10', due: '2025-03-20' };
      expect(await findings({ deadlines: [deadline], decisions: [{ kind: 'admission', date: '2025-04-01' }] })).toContain(
        'PROC-DEADLINES|admissionDecision',
      );
      expect(await findings({ deadlines: [deadline], decisions: [{ kind: 'admission', date: '2025-03-20' }] })).not.toContain(
        'PROC-DEADLINES|admissionDecision',
      );
      expect(
        await findings({
          deadlines: [{ ...deadline, extendedTo: '2025-04-10' }],
          events: [{ type: 'decision.admissionSigned', date: '2025-04-01' }],
        }),
      ).not.toContain('PROC-DEADLINES|admissionDecision');
      expect(await findings({ deadlines: [{ ...deadline, due: '2025-12-01', status: 'pending' }] })).toContain(
        'PROC-DEADLINES|admissionDecision',
      );
      expect(await findings({ deadlines: [{ ...deadline, due: '2025-12-01', status: 'cancelled' }] })).not.toContain(
        'PROC-DEADLINES|admissionDecision',
      );
    });

    it('ceremony: late without consent breaks both PROC-DEADLINES and PROC-CEREMONY-CONSENT; the consent recorded clears both (PROC-DEADLINES: "the upper committee’s consent to a late ceremony closes the ceremony’s lateness as well"); on time passes', async () => {
      const deadline = { key: 'ceremony', start: '2025-04-01', due: '2025-05-13' };
      const late = await findings({ deadlines: [deadline], events: [{ type: 'ceremony.held', date: '2025-06-01' }] });
      expect(late).toEqual(expect.arrayContaining(['PROC-DEADLINES|ceremony', 'PROC-CEREMONY-CONSENT|ceremony']));
      const consented = await findings({
        deadlines: [deadline],
        events: [
          { type: 'ceremony.held', date: '2025-06-01' },
          { type: 'ceremony.lateConsentRecorded', date: '2025-06-05' },
        ],
      });
      expect(consented).not.toContain('PROC-DEADLINES|ceremony');
      expect(consented).not.toContain('PROC-CEREMONY-CONSENT|ceremony');
      const onTime = await findings({ deadlines: [deadline], ceremonyDate: '2025-05-13' });
      expect(onTime).not.toContain('PROC-DEADLINES|ceremony');
      expect(onTime).not.toContain('PROC-CEREMONY-CONSENT|ceremony');
    });

    it('member record, cell recognition resolution and recognition decision: late breaks, on time passes', async () => {
      const cases: [string, string, Omit<CaseSpec, 'organisationId'>, Omit<CaseSpec, 'organisationId'>][] = [
        [
          'memberRecord',
          '2025-07-01',
          { events: [{ type: 'memberRecord.filed', date: '2025-07-20' }] },
          { events: [{ type: 'memberRecord.filed', date: '2025-06-25' }] },
        ],
        [
          'cellRecognitionResolution',
          '2025-06-20',
          { votes: [{ body: 'CELL', motion: 'recognise', date: '2025-07-10', eligible: 9, for: 9, passed: true }] },
          { events: [{ type: 'cell.recognitionVoted', date: '2025-06-10' }] },
        ],
        [
          'recognitionDecision',
          '2025-08-01',
          { decisions: [{ kind: 'recognition', date: '2025-09-01' }] },
          { decisions: [{ kind: 'recognition', date: '2025-07-20' }] },
        ],
      ];
      for (const [key, due, bad, good] of cases) {
        const deadline = { key, start: '2025-05-01', due };
        expect(await findings({ ...bad, deadlines: [deadline] })).toContain(`PROC-DEADLINES|${key}`);
        expect(await findings({ ...good, deadlines: [deadline] })).not.toContain(`PROC-DEADLINES|${key}`);
      }
    });
  });

  describe('vote thresholds', () => {
    it('a cell vote recorded as carried below 2/3 breaks; 6 of 9 passes', async () => {
      expect(
        await findings({ votes: [{ body: 'CELL', motion: 'admit', date: '2025-03-01', eligible: 9, for: 5, passed: true }] }),
      ).toContain('PROC-CELL-VOTE|cell.admissionVoted');
      expect(
        await findings({ votes: [{ body: 'CELL', motion: 'admit', date: '2025-03-01', eligible: 9, for: 6, passed: true }] }),
      ).not.toContain('PROC-CELL-VOTE|cell.admissionVoted');
    });

    it('a failed cell vote followed by a decision breaks; failed then carried on a second vote passes', async () => {
      const failed = { body: 'CELL' as const, motion: 'admit' as const, date: '2025-03-01', eligible: 9, for: 4, passed: false };
      expect(await findings({ votes: [failed], decisions: [{ kind: 'admission', date: '2025-04-01' }] })).toContain(
        'PROC-CELL-VOTE|cell.admissionVoted',
      );
      expect(await findings({ votes: [failed] })).not.toContain('PROC-CELL-VOTE|cell.admissionVoted');
      expect(
        await findings({
          votes: [failed, { ...failed, date: '2025-03-20', for: 7, passed: true }],
          decisions: [{ kind: 'admission', date: '2025-04-01' }],
        }),
      ).not.toContain('PROC-CELL-VOTE|cell.admissionVoted');
    });

    it('a competent committee decision carried with half its members breaks; more than half passes', async () => {
      expect(
        await findings({ votes: [{ body: 'COMPETENT', motion: 'admit', date: '2025-04-01', eligible: 8, for: 4, passed: true }] }),
      ).toContain('PROC-COMPETENT-VOTE|decision.admissionSigned');
      expect(
        await findings({ votes: [{ body: 'COMPETENT', motion: 'admit', date: '2025-04-01', eligible: 8, for: 5, passed: true }] }),
      ).not.toContain('PROC-COMPETENT-VOTE|decision.admissionSigned');
    });
  });

  describe('snapshot facts (snapshot.context.facts)', () => {
    const meeting = { motion: 'admit' as const, meetingDate: '2025-03-01', eligible: 9, for: 9, against: 0 };
    const introducer = { kind: 'member' as const, memberStatus: 'full' as const, date: '2025-01-10', active: true };

    it('introducers: a probationary introducer or one alongside under 12 months breaks; full, 12 months, or an exempt replacement passes', async () => {
      expect(
        await findings({
          evidence: {
            cellResolution: meeting,
            introducers: [{ ...introducer, introducerId: 'a', memberStatus: 'probationary', alongsideSince: '2020-01-01' }],
          },
        }),
      ).toContain('COND-INTRODUCERS|cell.admissionVoted');
      expect(
        await findings({
          evidence: { cellResolution: meeting, introducers: [{ ...introducer, introducerId: 'b', alongsideSince: '2024-09-01' }] },
        }),
      ).toContain('COND-INTRODUCERS|cell.admissionVoted');
      expect(
        await findings({
          evidence: {
            cellResolution: meeting,
            introducers: [
              { ...introducer, introducerId: 'c', alongsideSince: '2024-03-01' },
              { ...introducer, introducerId: 'd', alongsideSince: '2024-12-01', replacementReason: 'người giới thiệu chuyển công tác' },
              { ...introducer, introducerId: 'e', memberStatus: 'probationary', alongsideSince: '2024-12-01', active: false },
            ],
          },
        }),
      ).not.toContain('COND-INTRODUCERS|cell.admissionVoted');
    });

    it('helpers: a probationary helper breaks; a full member passes', async () => {
      const helper = { memberId: 'h', name: 'x', assignedOn: '2024-05-01', stage: 'sympathiser' as const };
      expect(await findings({ evidence: { helpers: [{ ...helper, memberStatus: 'probationary' }] } })).toContain(
        'PROC-HELPER|sympathiser.listed',
      );
      expect(await findings({ evidence: { helpers: [{ ...helper, memberStatus: 'full' }] } })).not.toContain(
        'PROC-HELPER|sympathiser.listed',
      );
    });

    it('awareness certificate: more than 60 months at the cell resolution breaks; exactly 60 months passes', async () => {
      const at = { ...meeting, meetingDate: '2024-02-01' };
      expect(await findings({ evidence: { cellResolution: at, awarenessCert: { issuedOn: '2019-01-10' } } })).toContain(
        'COND-AWARENESS-CERT|cell.admissionVoted',
      );
      expect(await findings({ evidence: { cellResolution: at, awarenessCert: { issuedOn: '2019-02-01' } } })).not.toContain(
        'COND-AWARENESS-CERT|cell.admissionVoted',
      );
    });

    it('dossier: more than 12 months from clearance to the cell resolution breaks; a renewal passes', async () => {
      const at = { ...meeting, meetingDate: '2024-02-01' };
      expect(await findings({ evidence: { cellResolution: at, clearedOn: '2023-01-05' } })).toContain(
        'COND-DOSSIER-FRESH|cell.admissionVoted',
      );
      expect(await findings({ evidence: { cellResolution: at, clearedOn: '2023-01-05', dossierRenewedOn: '2023-12-01' } })).not.toContain(
        'COND-DOSSIER-FRESH|cell.admissionVoted',
      );
    });

    it('order: a decision dated before the cell resolution breaks; dates in sequence pass', async () => {
      expect(
        await findings({
          events: [
            { type: 'cell.admissionVoted', date: '2025-03-01' },
            { type: 'decision.admissionSigned', date: '2025-02-15' },
          ],
        }),
      ).toContain('PROC-ORDER|decision.admissionSigned');
      const ok = await findings({
        events: [
          { type: 'cell.admissionVoted', date: '2025-03-01' },
          { type: 'decision.admissionSigned', date: '2025-03-15' },
          { type: 'ceremony.held', date: '2025-04-01' },
        ],
      });
      expect(ok.filter((x) => x.startsWith('PROC-ORDER'))).toEqual([]);
    });

    it('recognition date: not ceremony + 12 months breaks; the clamped end of probation passes', async () => {
      const rec = { decisions: [{ kind: 'recognition', date: '2025-03-10' }] };
      expect(await findings({ ...rec, ceremonyDate: '2024-01-31', recognitionDate: '2025-02-01' })).toContain(
        'PROC-PROBATION-LENGTH|decision.recognitionSigned',
      );
      expect(await findings({ ...rec, ceremonyDate: '2024-01-31', recognitionDate: '2025-01-31' })).not.toContain(
        'PROC-PROBATION-LENGTH|decision.recognitionSigned',
      );
      expect(await findings({ ...rec, ceremonyDate: '2024-02-29', recognitionDate: '2025-02-28' })).not.toContain(
        'PROC-PROBATION-LENGTH|decision.recognitionSigned',
      );
    });

    it('a snapshot without context.facts makes the snapshot checks find nothing (never a guess)', async () => {
      const id = await insertCase(f.ds, {
        organisationId: cell,
        evidence: { helpers: [{ memberId: 'h', name: 'x', assignedOn: '2024-05-01', stage: 'sympathiser', memberStatus: 'probationary' }] },
      });
      await f.ds.query(`UPDATE cases SET snapshot = '{"value": "x"}'::jsonb WHERE id = $1`, [id]);
      const [record] = await loadCaseRecords(f.ds.manager, [id]);
      expect(record!.facts).toBeNull();
      expect(runChecks(record!, TODAY)).toEqual([]);
    });
  });

  describe('the service: open, clear after a correction, reopen; lifecycle; audit', () => {
    it('opens audit violations once, clears them when a correction removes the breach, reopens them, and audits each change', async () => {
      const caseId = await insertCase(f.ds, {
        organisationId: cell,
        deadlines: [{ key: 'admissionDecision', start: '2025-01-10', due: '2025-03-20' }],
        decisions: [{ kind: 'admission', date: '2025-04-01' }],
      });
      // A live roster-mismatch flag the catalogue does not model: never touched by a re-audit.
      await f.ds.query(
        `INSERT INTO violations (case_id, organisation_id, rule_id, step, details) VALUES ($1, $2, 'PROC-CELL-VOTE', 'cell.admissionVoted', '{"flag": "rosterMismatch"}')`,
        [caseId, cell],
      );
      const run = () => f.ds.transaction((m) => compliance.checkCase(m, caseId));
      const first = await run();
      expect(first).toMatchObject({ opened: 1, closed: 0, reopened: 0 });
      const [v] = await f.ds.query(
        `SELECT id, status, source, check_id, details FROM violations WHERE case_id = $1 AND rule_id = 'PROC-DEADLINES'`,
        [caseId],
      );
      expect(v).toMatchObject({ status: 'open', source: 'audit', check_id: 'deadline.admissionDecision' });
      // The citation names the text in force on the step's dates (QĐ232 from 20/01/2025 to
      // 30/06/2025), never QĐ294, which applied only from 01/07/2025.
      const instruments = v.details.citation.map((c: { instrument: string }) => c.instrument);
      expect(instruments).toContain('QĐ232');
      expect(instruments).not.toContain('QĐ294');
      expect(await run()).toMatchObject({ opened: 0, closed: 0, reopened: 0 });

      // Rulebook correction: the due date moves later; the breach disappears.
      await f.ds.query(`UPDATE deadlines SET due_date = '2025-04-15' WHERE case_id = $1`, [caseId]);
      expect(await run()).toMatchObject({ opened: 0, closed: 1 });
      const [cleared] = await f.ds.query(`SELECT status, cleared_by_audit FROM violations WHERE id = $1`, [v.id]);
      expect(cleared).toEqual({ status: 'resolved', cleared_by_audit: true });
      await f.ds.query(`UPDATE deadlines SET due_date = '2025-03-20' WHERE case_id = $1`, [caseId]);
      expect(await run()).toMatchObject({ opened: 0, closed: 0, reopened: 1 });

      const [live] = await f.ds.query(`SELECT status FROM violations WHERE case_id = $1 AND rule_id = 'PROC-CELL-VOTE'`, [caseId]);
      expect(live.status).toBe('open');
      const history = await f.ds.query(`SELECT action FROM violation_history WHERE violation_id = $1 ORDER BY id`, [v.id]);
      expect(history.map((h: { action: string }) => h.action)).toEqual(['opened', 'cleared', 'reopened']);
      await audit.flush();
      const audited = await f.ds.query(`SELECT action FROM audit_log WHERE case_id = $1 AND resource_id = $2 ORDER BY id`, [caseId, v.id]);
      expect(audited.map((a: { action: string }) => a.action)).toEqual(['violation.opened', 'violation.cleared', 'violation.reopened']);
    });

    it('open → explained (responsible body, with text) → resolved (inspection); wrong role 403, wrong order 409, other subtree 404', async () => {
      const caseId = await insertCase(f.ds, {
        organisationId: cell,
        evidence: { helpers: [{ memberId: 'h', name: 'x', assignedOn: '2024-05-01', stage: 'probation', memberStatus: 'probationary' }] },
      });
      await f.ds.transaction((m) => compliance.checkCase(m, caseId));
      const [{ id }] = await f.ds.query(`SELECT id FROM violations WHERE case_id = $1 AND rule_id = 'PROC-HELPER'`, [caseId]);
      const otherProvince = await insertOrg(f.ds, 'CMP-Q', 'provincialCommittee', null);
      const actor = async (
        username: string,
        role: 'cellCommittee' | 'inspection' | 'organisationDepartment',
        org: string,
      ): Promise<Actor> => {
        const u = await f.users.create({ username, password: 'correct-horse-battery' });
        await f.users.grant({ userId: u.id, role, organisationId: org, validFrom: '2020-01-01' });
        return { id: u.id, grants: await f.users.grantsOf(u.id) };
      };
      const cellUser = await actor('cmp-chiuy', 'cellCommittee', cell);
      const inspector = await actor('cmp-kiemtra', 'inspection', province);
      const stranger = await actor('cmp-other', 'inspection', otherProvince);

      await expect(violations.resolve(inspector, id, 'kết luận')).rejects.toMatchObject({ code: 'REPORTS.CONFLICT' });
      await expect(violations.explain(inspector, id, 'giải trình')).rejects.toMatchObject({ code: 'ORGS.FORBIDDEN' });
      await expect(violations.explain(stranger, id, 'giải trình')).rejects.toMatchObject({ code: 'REPORTS.NOT_FOUND' });
      const explained = await violations.explain(cellUser, id, 'Đảng viên chính thức duy nhất đang đi học; đã phân công lại');
      expect(explained).toMatchObject({ status: 'explained', explainedBy: cellUser.id });
      await expect(violations.resolve(cellUser, id, 'tự kết luận')).rejects.toMatchObject({ code: 'ORGS.FORBIDDEN' });
      const resolved = await violations.resolve(inspector, id, 'Chấp nhận giải trình');
      expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: inspector.id, clearedByAudit: false });
      await audit.flush();
      const audited = await f.ds.query(`SELECT action, actor_user_id FROM audit_log WHERE resource_id = $1 ORDER BY id`, [id]);
      expect(audited.map((a: { action: string }) => a.action)).toEqual(['violation.opened', 'violation.explained', 'violation.resolved']);
      // A resolved violation stays resolved through re-audits (only audit-cleared ones reopen).
      expect(await f.ds.transaction((m) => compliance.checkCase(m, caseId))).toMatchObject({ opened: 0, reopened: 0 });
    });

    it('re-audits a subtree with progress, and reports what changed', async () => {
      const progress: number[] = [];
      let total = -1;
      const delta = await compliance.reaudit(province, {
        batchSize: 5,
        onStart: async (n) => void (total = n),
        onProgress: async (done) => void progress.push(done),
      });
      expect(delta.cases).toBe(total);
      expect(progress.at(-1)).toBe(total);
      expect(delta.opened).toBeGreaterThan(10);
      const again = await compliance.reaudit(province);
      expect(again).toMatchObject({ opened: 0, closed: 0, reopened: 0 });
    });
  });
});
