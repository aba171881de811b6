import { describe, expect, it } from '@jest/globals';
import { parseCaseEvent, type PayloadIssue } from './event-schema.js';

const issuesOf = (event: unknown): PayloadIssue[] => {
  const parsed = parseCaseEvent(event);
  return parsed.ok ? [] : parsed.issues;
};

describe("an act's own figures (malformed minutes are validation, not a rule)", () => {
  const vote = (v: Record<string, number>) => ({ motion: 'admit', meetingDate: '2025-10-06', eligible: 9, for: 6, against: 3, ...v });
  const paths = (event: unknown) => issuesOf(event).map((i) => i.path);

  it('names for, against, or both when they exceed eligible', () => {
    expect(paths({ type: 'cell.admissionVoted', vote: vote({}) })).toEqual([]);
    expect(paths({ type: 'cell.admissionVoted', vote: vote({ for: 10, against: 0 }) })).toEqual(['vote.for']);
    expect(paths({ type: 'base.recognitionVoted', vote: vote({ for: 0, against: 10 }) })).toEqual(['vote.against']);
    expect(paths({ type: 'cell.admissionVoted', vote: vote({ for: 6, against: 4 }) })).toEqual(['vote.for', 'vote.against']);
    expect(paths({ type: 'cell.admissionVoted', vote: vote({ for: 10, against: 10 }) })).toEqual(['vote.for', 'vote.against']);
  });

  it("checks every vote of a payload: a decision's vote and an import's resolutions", () => {
    expect(
      paths({
        type: 'decision.admissionSigned',
        decisionNo: '1',
        signedOn: '2025-10-20',
        vote: vote({ for: 12 }),
        decidedBy: { id: 'x', kind: 'upperStandingCommittee' },
      }),
    ).toEqual(['vote.for']);
    expect(
      paths({
        type: 'case.imported',
        importedOn: '2025-10-01',
        stage: 'awaitingDecision',
        source: 's',
        evidence: { cellResolution: vote({ against: 12 }), baseResolution: vote({}) },
      }),
    ).toEqual(['evidence.cellResolution.against']);
  });

  it('leaves ill-typed figures to the type checks and is part of the engine’s own payload check', () => {
    expect(issuesOf({ type: 'cell.admissionVoted', vote: { ...vote({}), for: 'ten' } })).toEqual([{ path: 'vote.for', vi: 'Phải là số nguyên', en: 'Must be an integer' }]);
    expect(paths({ type: 'nope' })).toEqual(['type']);
    const issues = issuesOf({ type: 'cell.admissionVoted', vote: vote({ for: 8, against: 3 }) });
    expect(issues.map((i) => i.path)).toEqual(['vote.for', 'vote.against']);
    expect(issues[0]!.vi).toMatch(/8.*3.*9/);
  });
});
