import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ORG_SETTINGS, validateOrgSettings } from '../rules/org-settings.js';
import { facts } from '../rules/testing/facts.fixture.js';
import { auditRecord, ownedByCatalogue, runChecks } from './catalogue.js';
import { reconcileViolations, type StoredViolation } from './reconcile.js';
import { type ComplianceDeadlineRow, type ComplianceEventRow, type ComplianceRecord } from './record.js';

const TODAY = '2026-01-15';

function record(over: Partial<ComplianceRecord> = {}): ComplianceRecord {
  return {
    id: 'c1',
    organisationId: 'o1',
    status: 'open',
    stage: 'x',
    state: 'x',
    decisionDate: null,
    ceremonyDate: null,
    recognitionDate: null,
    facts: null,
    events: [],
    votes: [],
    decisions: [],
    deadlines: [],
    ...over,
  };
}

const row = (key: string, startDate: string, dueDate: string, over: Partial<ComplianceDeadlineRow> = {}): ComplianceDeadlineRow => ({
  key,
  timerId: key.split(':')[0]!,
  startDate,
  dueDate,
  extendedTo: null,
  status: 'pending',
  responsible: null,
  edition: '2025-07',
  ...over,
});
const ev = (type: string, eventDate: string, payload: Record<string, unknown> = {}, seq = 1): ComplianceEventRow => ({ seq, type, eventDate, payload: { type, ...payload } });
const keys = (c: ComplianceRecord, today = TODAY) => runChecks(c, today).map((f) => `${f.ruleId}|${f.step}`);

describe('the compliance catalogue (pure, libs/procedure)', () => {
  describe('background verification answer: per request, the answer’s own date against its due date', () => {
    const deadline = row('backgroundCheckAnswer:tt-01', '2025-03-14', '2025-04-25', { status: 'fired' });
    const answered = (date: string, requestId = 'tt-01') => ev('backgroundCheck.answered', date, { requestId, answeredOn: date, finding: 'clear' });

    it('answered the day before or on the due date: no violation, and a cure that closes the one the worker opened; the day after: late', () => {
      for (const date of ['2025-04-24', '2025-04-25']) {
        const out = auditRecord(record({ deadlines: [deadline], events: [answered(date)] }), { today: TODAY });
        expect(out.findings).toEqual([]);
        expect(out.cures).toEqual([
          { ruleId: 'PROC-DEADLINES', step: 'backgroundCheckAnswer:tt-01', reason: expect.objectContaining({ en: `Done on ${date}, within the limit 2025-04-25` }) },
        ]);
      }
      expect(keys(record({ deadlines: [deadline], events: [answered('2025-04-26')] }))).toEqual(['PROC-DEADLINES|backgroundCheckAnswer:tt-01']);
    });

    it('the answer to another request does not meet this one (overdue)', () => {
      expect(keys(record({ deadlines: [deadline], events: [answered('2025-04-01', 'tt-02')] }))).toEqual(['PROC-DEADLINES|backgroundCheckAnswer:tt-01']);
    });

    it('the worker’s violation (check_id null, source live) is closed by the reconciliation with the cure as its reason', () => {
      const existing: StoredViolation[] = [
        { id: 'v1', ruleId: 'PROC-DEADLINES', step: 'backgroundCheckAnswer:tt-01', status: 'open', checkId: null, clearedByAudit: false },
      ];
      const out = reconcileViolations(existing, auditRecord(record({ deadlines: [deadline], events: [answered('2025-04-20')] }), { today: TODAY }));
      expect(out.open).toEqual([]);
      expect(out.close).toEqual([
        { id: 'v1', ruleId: 'PROC-DEADLINES', step: 'backgroundCheckAnswer:tt-01', from: 'open', reason: expect.objectContaining({ vi: 'Thực hiện ngày 2025-04-20, trong hạn 2025-04-25' }) },
      ]);
    });
  });

  describe('late ceremony: PROC-DEADLINES and PROC-CEREMONY-CONSENT open together and close together on the consent', () => {
    const deadline = row('ceremony', '2025-04-01', '2025-05-13', { status: 'cancelled' });
    const held = (date: string) => ev('ceremony.held', date, { heldOn: date }, 2);
    const consent = (date: string) => ev('ceremony.lateConsentRecorded', date, { date }, 3);

    it('held the day before / on / after the due date', () => {
      expect(keys(record({ deadlines: [deadline], events: [held('2025-05-12')] }))).toEqual([]);
      expect(keys(record({ deadlines: [deadline], events: [held('2025-05-13')] }))).toEqual([]);
      expect(keys(record({ deadlines: [deadline], events: [held('2025-05-14')] }))).toEqual(['PROC-DEADLINES|ceremony', 'PROC-CEREMONY-CONSENT|ceremony']);
    });

    it('the consent recorded after the ceremony closes both', () => {
      const out = auditRecord(record({ deadlines: [deadline], events: [held('2025-06-01'), consent('2025-06-05')] }), { today: TODAY });
      expect(out.findings).toEqual([]);
      expect(out.cures.map((c) => `${c.ruleId}|${c.step}`)).toEqual(['PROC-DEADLINES|ceremony', 'PROC-CEREMONY-CONSENT|ceremony']);
      const existing: StoredViolation[] = [
        { id: 'd', ruleId: 'PROC-DEADLINES', step: 'ceremony', status: 'open', checkId: null, clearedByAudit: false },
        { id: 'c', ruleId: 'PROC-CEREMONY-CONSENT', step: 'ceremony', status: 'explained', checkId: null, clearedByAudit: false },
      ];
      expect(reconcileViolations(existing, out).close.map((x) => x.id)).toEqual(['d', 'c']);
    });

    it('the consent recorded before the ceremony (on the facts) also covers it: neither opens', () => {
      const f = facts({ evidence: { ceremonyLateConsentOn: '2025-05-20' } });
      expect(keys(record({ facts: f, deadlines: [deadline], events: [held('2025-06-01')] }))).toEqual([]);
    });

    it('overdue with no ceremony and no consent opens both; a consent before the ceremony closes both', () => {
      const pending = { ...deadline, status: 'pending' as const };
      expect(keys(record({ deadlines: [pending] }), '2025-05-14')).toEqual(['PROC-DEADLINES|ceremony', 'PROC-CEREMONY-CONSENT|ceremony']);
      expect(keys(record({ deadlines: [pending], events: [consent('2025-05-20')] }), '2025-05-21')).toEqual([]);
    });
  });

  describe('other deadlines at their boundaries', () => {
    it('admission decision: the day before / on / after; inside a valid extension; missing and overdue', () => {
      const d = row('admissionDecision', '2025-10-06', '2025-12-08', { status: 'cancelled' });
      const signed = (date: string) => ({ id: 'd', kind: 'admission', body: 'COMPETENT', signedOn: date, receivedOn: null, outcome: 'admitted' });
      expect(keys(record({ deadlines: [d], decisions: [signed('2025-12-05')] }))).toEqual([]);
      expect(keys(record({ deadlines: [d], decisions: [signed('2025-12-08')] }))).toEqual([]);
      expect(keys(record({ deadlines: [d], decisions: [signed('2025-12-09')] }))).toEqual(['PROC-DEADLINES|admissionDecision']);
      const extended = { ...d, extendedTo: '2025-12-29', extension: { to: '2025-12-29', recordedOn: '2025-12-08', reason: 'Thiếu thành viên' } };
      expect(keys(record({ deadlines: [extended], decisions: [signed('2025-12-20')] }))).toEqual([]);
      const lateExtension = { ...extended, extension: { ...extended.extension, recordedOn: '2025-12-09' } };
      expect(keys(record({ deadlines: [lateExtension], decisions: [signed('2025-12-20')] }))).toEqual(['PROC-DEADLINES|admissionDecision']);
      expect(keys(record({ deadlines: [{ ...d, status: 'pending' }] }), '2025-12-09')).toEqual(['PROC-DEADLINES|admissionDecision']);
      expect(keys(record({ deadlines: [{ ...d, status: 'pending' }] }), '2025-12-08')).toEqual([]);
    });
  });

  describe('conditions judged by their own rules and the organisation’s settings (no second limit)', () => {
    const meeting = { motion: 'admit' as const, meetingDate: '2024-02-01', eligible: 9, for: 9, against: 0 };
    const withCert = (issuedOn: string) =>
      record({ facts: facts({ person: { ...facts().person, birthDate: '1995-01-01' }, evidence: { cellResolution: meeting, awarenessCert: { issuedOn } } }) });

    it('awareness certificate: exactly 60 months before the meeting passes, a day more breaks (central limit)', () => {
      expect(keys(withCert('2019-02-01'))).not.toContain('COND-AWARENESS-CERT|cell.admissionVoted');
      expect(keys(withCert('2019-01-31'))).toContain('COND-AWARENESS-CERT|cell.admissionVoted');
    });

    it('an organisation that tightened the certificate to 48 months is judged by 48, from the settings the snapshot recorded', () => {
      const tight = validateOrgSettings({ limits: { awarenessCertificateMonths: 48 } });
      const c = { ...withCert('2020-01-15'), settings: tight };
      expect(keys(c)).toContain('COND-AWARENESS-CERT|cell.admissionVoted');
      expect(keys({ ...c, settings: DEFAULT_ORG_SETTINGS })).not.toContain('COND-AWARENESS-CERT|cell.admissionVoted');
      const [finding] = runChecks(c, TODAY).filter((f) => f.ruleId === 'COND-AWARENESS-CERT');
      expect(finding!.facts).toMatchObject({ limitMonths: 48, validThrough: '2024-01-15' });
    });

    it('dossier freshness: 12 months to the day passes, a day more breaks; a renewal restarts the clock', () => {
      const dossier = (clearedOn: string, dossierRenewedOn?: string) =>
        record({ facts: facts({ evidence: { cellResolution: meeting, clearedOn, ...(dossierRenewedOn ? { dossierRenewedOn } : {}) } }) });
      expect(keys(dossier('2023-02-01'))).not.toContain('COND-DOSSIER-FRESH|cell.admissionVoted');
      expect(keys(dossier('2023-01-31'))).toContain('COND-DOSSIER-FRESH|cell.admissionVoted');
      expect(keys(dossier('2023-01-31', '2023-12-01'))).not.toContain('COND-DOSSIER-FRESH|cell.admissionVoted');
    });
  });

  it('owns every key of an audited timer, and never a rule it does not model', () => {
    expect(ownedByCatalogue('PROC-DEADLINES', 'backgroundCheckAnswer:anything')).toBe(true);
    expect(ownedByCatalogue('PROC-DEADLINES', 'ceremony')).toBe(true);
    expect(ownedByCatalogue('PROC-DEADLINES', 'dossierFreshness')).toBe(false);
    expect(ownedByCatalogue('PROC-CELL-VOTE', 'case.imported')).toBe(false);
  });

  it('reconciliation: a person’s resolution stays; an audit-cleared one reopens; a second pass changes nothing', () => {
    const d = row('memberRecord', '2025-06-01', '2025-07-14', { status: 'pending' });
    const audit = auditRecord(record({ deadlines: [d] }), { today: TODAY });
    expect(audit.findings.map((f) => f.step)).toEqual(['memberRecord']);
    const resolvedByPerson: StoredViolation = { id: 'p', ruleId: 'PROC-DEADLINES', step: 'memberRecord', status: 'resolved', checkId: 'deadline.memberRecord', clearedByAudit: false };
    expect(reconcileViolations([resolvedByPerson], audit)).toEqual({ open: [], reopen: [], refresh: [], close: [] });
    const cleared = { ...resolvedByPerson, clearedByAudit: true };
    expect(reconcileViolations([cleared], audit).reopen.map((r) => r.id)).toEqual(['p']);
    const open = { ...resolvedByPerson, status: 'open' as const };
    expect(reconcileViolations([open], audit)).toEqual({ open: [], reopen: [], refresh: [], close: [] });
    // The worker opened it with no act (actual null); the act is then recorded late: the dates are refreshed, the status kept.
    const late = auditRecord(record({ deadlines: [d], events: [ev('memberRecord.filed', '2025-07-20')] }), { today: TODAY });
    const stored = { ...open, checkId: null, dueDate: '2025-07-14', actualDate: null };
    expect(reconcileViolations([stored], late).refresh.map((r) => [r.id, r.finding.actualDate])).toEqual([['p', '2025-07-20']]);
    expect(reconcileViolations([{ ...stored, actualDate: '2025-07-20' }], late).refresh).toEqual([]);
  });
});
