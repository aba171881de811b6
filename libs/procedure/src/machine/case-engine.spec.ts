import { describe, expect, it } from '@jest/globals';
import { type CaseEvent } from '../events/case-event.event.js';
import { MACHINE_VERSION } from './admission.types.js';
import { applyEvent, checklist, createInitialSnapshot, InvalidEventError, migrateSnapshot, SnapshotVersionError } from './case-engine.js';
import { renderStateDiagram } from './state-diagram.js';
import { admissionEvents, dossierEvents, env, input, minh, run, start, university, vote } from './testing/case.fixture.js';

describe('case engine API', () => {
  it('creates a JSON snapshot at the identified stage', () => {
    const s = createInitialSnapshot(input());
    expect(s).toMatchObject({ machineVersion: MACHINE_VERSION, status: 'active', value: { candidacy: 'identified' } });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('migrates version 1 as identity and refuses unknown versions with a stable code', () => {
    const s = run(start(), dossierEvents()).snapshot;
    expect(migrateSnapshot(JSON.parse(JSON.stringify(s)), 1)).toEqual(s);
    expect(() => migrateSnapshot(s, 0)).toThrow(SnapshotVersionError);
    expect(() => applyEvent({ ...s, machineVersion: 99 }, { type: 'application.filed', date: '2025-03-10' }, env('2025-03-10'))).toThrow(SnapshotVersionError);
  });

  it('throws a domain error for a malformed payload', () => {
    let error: unknown;
    try {
      applyEvent(start(), { type: 'sympathiser.listed', resolutionDate: '2025-02-30', helper: minh } as CaseEvent, env('2025-02-01'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).code).toBe('EVENT.INVALID_PAYLOAD');
    expect((error as InvalidEventError).issues[0]!.path).toBe('resolutionDate');
  });

  it('refuses a step out of order with PROC-ORDER and its citation', () => {
    const r = applyEvent(start(), { type: 'ceremony.held', heldOn: '2025-01-10', helper: minh, oathRead: true }, env('2025-01-10'));
    expect(r.accepted).toBe(false);
    if (!r.accepted) expect(r.failures[0]).toMatchObject({ id: 'PROC-ORDER', kind: 'procedure', blocking: true, citation: [{ instrument: 'QĐ24' }, { instrument: 'HD01' }] });
  });

  it('refuses a roster mismatch without reason, accepts and flags it with one', () => {
    const ready = run(start(), dossierEvents()).snapshot;
    const bare: CaseEvent = { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 11, { rosterEligible: 14 }) };
    const r = applyEvent(ready, bare, env('2025-10-06'));
    expect(r.accepted).toBe(false);
    if (!r.accepted) expect(r.failures[0]!.reason?.en).toContain('roster says 14');
    const explained: CaseEvent = { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 11, { rosterEligible: 14, mismatchReason: 'một đảng viên chuyển đến chưa cập nhật' }) };
    const ok = applyEvent(ready, explained, env('2025-10-06'));
    expect(ok.accepted && ok.intents).toContainEqual(expect.objectContaining({ type: 'openViolation', ruleId: 'PROC-CELL-VOTE' }));
  });

  it('records a late ceremony, opens the consent violation and closes it when the consent comes', () => {
    const decided = run(start(), [...dossierEvents(), ...admissionEvents().slice(0, 4)]).snapshot;
    const fired = run(decided, [{ type: 'deadline.fired', timerId: 'ceremony', dueDate: '2025-12-02' }]);
    expect(fired.intents).toContainEqual({ type: 'openViolation', ruleId: 'PROC-CEREMONY-CONSENT', step: 'ceremony' });
    const held = run(fired.snapshot, [{ type: 'ceremony.held', heldOn: '2025-12-10', helper: minh, oathRead: true }]);
    expect(held.snapshot.value).toEqual({ membership: 'probation' });
    expect(held.intents).toContainEqual(expect.objectContaining({ type: 'openViolation', ruleId: 'PROC-CEREMONY-CONSENT' }));
    const consent = run(held.snapshot, [{ type: 'ceremony.lateConsentRecorded', date: '2025-12-12' }]);
    expect(consent.intents).toContainEqual({ type: 'closeViolation', ruleId: 'PROC-CEREMONY-CONSENT', step: 'ceremony' });
  });

  it('refuses a deadline.fired for a timer that is not open', () => {
    const r = applyEvent(start(), { type: 'deadline.fired', timerId: 'ceremony', dueDate: '2025-12-02' }, env('2025-12-02'));
    expect(r.accepted).toBe(false);
  });

  it('imports a running case at a named stage and audits it without blocking', () => {
    const r = applyEvent(
      start(),
      {
        type: 'case.imported',
        importedOn: '2025-08-01',
        stage: 'awaitingDecision',
        source: 'hồ sơ giấy',
        evidence: { cellResolution: vote('admit', '2025-07-20', 9, 4), awarenessCertIssuedOn: '2019-01-01', applicationOn: '2025-03-01' },
      },
      env('2025-08-01'),
    );
    if (!r.accepted) throw new Error('an import is never refused by the rules');
    expect(r.snapshot.value).toEqual({ candidacy: { awaitingDecision: 'withCompetent' } });
    const violations = r.intents.filter((i) => i.type === 'openViolation').map((i) => (i.type === 'openViolation' ? i.ruleId : ''));
    expect(violations).toEqual(expect.arrayContaining(['COND-AWARENESS-CERT', 'PROC-CELL-VOTE']));
    expect(r.intents).toContainEqual({ type: 'scheduleDeadline', timerId: 'admissionDecision', start: '2025-07-20', key: 'admissionDecision' });
  });

  it('accepts steps dated before the first edition only as imported history', () => {
    const r = applyEvent(start({ identifiedOn: '2020-01-01' }), { type: 'case.imported', importedOn: '2025-01-10', stage: 'probation', source: 'sổ', evidence: { ceremonyOn: '2021-03-01', helper: { ...minh, assignedOn: '2021-03-01' } } }, env('2025-01-10'));
    expect(r.accepted).toBe(true);
    if (r.accepted) expect(r.ruleResults.find((x) => x.id === 'PROC-HELPER')?.edition).toBeUndefined();
  });
});

describe('checklist', () => {
  it('shows what blocks the cell vote while the dossier is incomplete', () => {
    const s = run(start(), dossierEvents().slice(0, 5)).snapshot;
    const c = checklist(s, env('2025-04-01'));
    expect(c.stages).toContain('candidacy.dossier.application.filed');
    const next = c.nextSteps.find((n) => n.type === 'cell.admissionVoted')!;
    const byId = Object.fromEntries(next.requirements.map((r) => [r.id, r.status]));
    expect(byId).toMatchObject({ 'CRIT-AGE': 'passed', 'COND-APPLICATION': 'passed', 'COND-BACKGROUND': 'missing', 'COND-OPINIONS': 'missing', 'COND-READMISSION': 'notApplicable' });
    const cellVote = c.events.find((e) => e.type === 'cell.admissionVoted')!;
    expect(cellVote.allowed).toBe(false);
    // The substantive rules, judged on the vote's date, not "not possible at the current stage".
    expect(cellVote.blockedBy.map((f) => f.id)).toEqual(['CRIT-POLITICAL', 'COND-BACKGROUND', 'COND-INTRODUCERS', 'COND-OPINIONS', 'COND-ADMISSION-DOSSIER']);
    expect(c.events.find((e) => e.type === 'background.declared')!.allowed).toBe(true);
    expect(c.events).toHaveLength(49);
  });

  it('flags an expired certificate on the checklist before the vote is attempted', () => {
    const s = run(start(), dossierEvents()).snapshot;
    const c = checklist(s, env('2030-03-01'));
    const cellVote = c.events.find((e) => e.type === 'cell.admissionVoted')!;
    expect(cellVote.blockedBy.map((f) => f.id)).toEqual(expect.arrayContaining(['COND-AWARENESS-CERT', 'COND-DOSSIER-FRESH']));
  });
});

describe('state diagram', () => {
  it('is generated from the machine definition', () => {
    const d = renderStateDiagram();
    expect(d.startsWith('stateDiagram-v2')).toBe(true);
    expect(d).toContain('admission_candidacy_awaitingCellVote --> admission_candidacy_cellResolved : cell.admissionVoted [carried]');
    expect(d).toContain('admission_fullMember --> [*]');
    expect(d).toContain('--');
    expect(university.competentBody.id).toBe('btv-dhqg');
  });
});
