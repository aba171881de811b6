import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { WorkingCalendar, type CalendarYear } from '../calendar/working-days.js';
import { type LocalDate } from '../dates.js';
import { computeDeadline } from '../deadlines/compute.js';
import { type CaseEvent } from '../events/case-event.event.js';
import { DEFAULT_ORG_SETTINGS } from '../rules/org-settings.js';
import { replayLog, type ReplayAct, type ReplayOptions } from './replay.js';
import { admissionEvents, dossierEvents, start } from './testing/case.fixture.js';

const calendar = new WorkingCalendar(
  fs
    .readdirSync(path.join(process.cwd(), 'config/calendar'))
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(process.cwd(), 'config/calendar', f), 'utf8')) as CalendarYear),
);

const options = (today: LocalDate, extra: Partial<ReplayOptions> = {}): ReplayOptions => ({
  today,
  compute: (timerId, startOn, o) => computeDeadline(timerId, startOn, { calendar, ...o }),
  ...extra,
});

/** Acts recorded on their own date (or on `recordedOn`), in order. */
function acts(events: CaseEvent[], recordedOn?: LocalDate): ReplayAct[] {
  return events.map((event, n) => {
    const e = event as unknown as Record<string, unknown>;
    const asOf = ((e['vote'] as { meetingDate?: string } | undefined)?.meetingDate ??
      e['resolutionDate'] ?? e['issuedOn'] ?? e['decisionDate'] ?? e['date'] ?? e['sentOn'] ?? e['answeredOn'] ?? e['signedOn'] ?? e['receivedOn'] ?? e['heldOn']) as LocalDate;
    return { seq: n + 2, event, asOf, recordedOn: recordedOn && recordedOn > asOf ? recordedOn : asOf, settings: DEFAULT_ORG_SETTINGS };
  });
}

const s1 = (): CaseEvent[] => [...dossierEvents(), ...admissionEvents()];

describe('replaying a log after a correction (procedure.md §6.6, I-13)', () => {
  it('re-derives the probation end and the §8 dates from a corrected ceremony date', () => {
    const events = s1();
    const original = replayLog(start(), acts(events), options('2025-12-01'));
    expect(original.ok).toBe(true);
    if (!original.ok) return;
    expect(original.deadlines['probationEnd']).toMatchObject({ start: '2025-11-07', due: '2026-11-07', status: 'pending' });

    const corrected = events.map((e) => (e.type === 'ceremony.held' ? { ...e, heldOn: '2025-11-10' } : e));
    const r = replayLog(start(), acts(corrected), options('2025-12-01'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deadlines['probationEnd']).toMatchObject({ start: '2025-11-10', due: '2026-11-10', status: 'pending' });
    expect(r.deadlines['memberRecord']!.start).toBe('2025-11-10');
    expect(r.snapshot.context.facts.evidence.ceremony?.heldOn).toBe('2025-11-10');
    expect(r.violations).toEqual([]);
  });

  it('fires the probation end before an act recorded after it, and opens recognition', () => {
    const events: CaseEvent[] = [...s1(), { type: 'newMemberCourse.certified', issuedOn: '2026-11-20' }];
    const r = replayLog(start(), acts(events), options('2026-11-25'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.firings).toEqual([{ beforeSeq: events.length + 1, key: 'probationEnd', timerId: 'probationEnd', dueDate: '2026-11-07' }]);
    expect(r.deadlines['cellRecognitionResolution']).toMatchObject({ start: '2026-11-07', status: 'pending' });
  });

  it('leaves a firing the corrected dates newly bring into the past to the worker, keeps a stored one', () => {
    const events = s1();
    const left = replayLog(start(), acts(events), options('2026-11-08'));
    expect(left.ok && left.firings).toEqual([]);
    expect(left.ok && left.deadlines['probationEnd']!.status).toBe('pending');
    const kept = replayLog(start(), acts(events), options('2026-11-08', { storedFirings: new Set(['probationEnd|2026-11-07']) }));
    expect(kept.ok && kept.firings.map((f) => [f.key, f.beforeSeq])).toEqual([['probationEnd', null]]);
  });

  it('judges a deadline by the date of the act that met it, not by when it was recorded', () => {
    // The answer is recorded on 2025-05-12, after the due date (2025-04-26), but dated on time.
    const onTime = dossierEvents();
    const r = replayLog(start(), acts(onTime, '2025-05-12'), options('2025-05-12'));
    expect(r.ok && r.violations).toEqual([]);
    const late = onTime.map((e) =>
      e.type === 'backgroundCheck.answered' ? { ...e, answeredOn: '2025-05-09' } : e.type === 'background.certified' ? { ...e, date: '2025-05-10' } : e,
    );
    const l = replayLog(start(), acts(late), options('2025-05-12'));
    expect(l.ok && l.violations).toContainEqual(expect.objectContaining({ ruleId: 'PROC-DEADLINES', step: 'backgroundCheckAnswer:r1', dueDate: '2025-04-26', actualDate: '2025-05-09' }));
  });

  it('opens a deadline nothing met by today', () => {
    const events = dossierEvents().filter((e) => e.type !== 'backgroundCheck.answered' && e.type !== 'background.certified');
    const r = replayLog(start(), acts(events.slice(0, 6)), options('2025-04-28'));
    expect(r.ok && r.violations).toEqual([expect.objectContaining({ ruleId: 'PROC-DEADLINES', step: 'backgroundCheckAnswer:r1', actualDate: null })]);
  });

  it('re-derives the recognition date (§8: ceremony + 12 months) of a full member from a corrected ceremony', () => {
    const recognition: CaseEvent[] = [
      { type: 'memberRecord.filed', date: '2025-11-20' },
      { type: 'newMemberCourse.certified', issuedOn: '2026-03-01' },
      { type: 'recognition.selfReviewed', date: '2026-11-09' },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-11-09' },
      { type: 'recognition.opinionsConsolidated', date: '2026-11-10' },
      { type: 'cell.recognitionVoted', vote: { motion: 'recognise', meetingDate: '2026-11-16', eligible: 16, for: 13, against: 3 } },
      { type: 'base.recognitionVoted', vote: { motion: 'recognise', meetingDate: '2026-11-18', eligible: 8, for: 7, against: 1 } },
      {
        type: 'decision.recognitionSigned',
        decisionNo: '45-QĐ/ĐU',
        signedOn: '2026-11-25',
        partyCardDecided: true,
        vote: { motion: 'recognise', meetingDate: '2026-11-25', eligible: 9, for: 7, against: 2 },
        decidedBy: { id: 'btv-dhqg', kind: 'upperStandingCommittee' },
      },
    ];
    const events = [...s1(), ...recognition];
    const original = replayLog(start(), acts(events), options('2026-12-01'));
    expect(original.ok && original.snapshot.context.facts.evidence.recognitionDecision?.effectiveOn).toBe('2026-11-07');
    expect(original.ok && original.closedOn).toBe('2026-11-25');
    const corrected = events.map((e) => (e.type === 'ceremony.held' ? { ...e, heldOn: '2025-11-03' } : e));
    const r = replayLog(start(), acts(corrected), options('2026-12-01'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.status).toBe('done');
    expect(r.snapshot.context.facts.evidence.recognitionDecision?.effectiveOn).toBe('2026-11-03');
    expect(r.firings.map((f) => [f.key, f.dueDate])).toEqual([['probationEnd', '2026-11-03']]);
  });

  it('names the first act the correction makes illegal', () => {
    // A ceremony before the decision was received is refused: the log cannot be replayed.
    const events = s1().map((e) => (e.type === 'decision.receivedByCell' ? { ...e, receivedOn: '2025-11-20' } : e));
    const r = replayLog(start(), acts(events), options('2025-12-01'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.type).toBe('ceremony.held');
    expect(r.failures.length).toBeGreaterThan(0);
  });
});
