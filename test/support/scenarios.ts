import { expect } from '@jest/globals';
import type { Client } from './http.js';
import { MINH } from './cases.js';

/** The candidate of scenarios.md S-1, as registered in the people list (no citizen ID). */
export const S1_CANDIDATE = {
  fullName: 'Nguyễn Thị Lan',
  birthDate: '2004-05-12',
  sex: 'female',
  ethnicity: 'Kinh',
  occupation: 'student',
  educationLevel: 'upperSecondary',
} as const;

export const vote = (motion: string, meetingDate: string, eligible: number, votesFor: number) => ({
  motion,
  meetingDate,
  eligible,
  for: votesFor,
  against: eligible - votesFor,
});

/**
 * Records events in order through the API, each with the version it saw; returns the page after the
 * last one (a step answers only the compact result, so the page is read with GET).
 */
export async function recordAll(admin: Client, caseId: string, version: number, events: object[]): Promise<{ version: number; body: Record<string, unknown> }> {
  let body: Record<string, unknown> = {};
  for (const event of events) {
    const res = await admin.post(`/api/v1/cases/${caseId}/events`, event, { 'If-Match': `"${version}"` });
    if (res.status !== 200) throw new Error(`${(event as { type: string }).type}: ${res.status} ${JSON.stringify(res.body.rules ?? res.body).slice(0, 1500)}`);
    expect(res.body.version).toBe(version + 1);
    expect(Object.keys(res.body)).toEqual(['id', 'version', 'state', 'stage', 'checklist']);
    version = res.body.version;
  }
  if (events.length) {
    const page = await admin.get(`/api/v1/cases/${caseId}`);
    expect(page.status).toBe(200);
    body = page.body;
  }
  return { version, body };
}

/** scenarios.md S-1 up to the ceremony (the decision is signed by the case's competent body). */
export function s1Events(competentBody: { id: string; kind: string }): object[] {
  return [
    { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH },
    { type: 'awarenessCourse.certified', issuedOn: '2025-02-14', certificateNo: 'GCN-01' },
    { type: 'dossier.cleared', decisionDate: '2025-03-03' },
    { type: 'application.filed', date: '2025-03-10' },
    { type: 'background.declared', date: '2025-03-12' },
    { type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-14' },
    { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-04-08', finding: 'clear' },
    { type: 'background.certified', date: '2025-04-10', politicalIssue: false },
    { type: 'introduction.youthUnionResolved', resolutionDate: '2025-04-21', resolutionNo: '12-NQ/ĐTN' },
    { type: 'introduction.memberRecorded', introducerId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full', alongsideSince: '2023-09-01', letterDate: '2025-04-21' },
    { type: 'opinions.consolidated', date: '2025-04-25', residence: 'included', massOrganisations: ['Đoàn trường'] },
    { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 11) },
    { type: 'base.admissionVoted', vote: vote('admit', '2025-10-09', 8, 6) },
    { type: 'decision.admissionSigned', decisionNo: '123-QĐ/ĐU', signedOn: '2025-10-20', vote: vote('admit', '2025-10-20', 9, 7), decidedBy: competentBody },
    { type: 'decision.receivedByCell', receivedOn: '2025-10-21' },
    { type: 'ceremony.held', heldOn: '2025-11-07', helper: MINH, oathRead: true },
  ];
}

/** A case brought in at probation by the go-live import (evaluated as audit, never refused). */
export function importedAtProbation(ceremonyOn: string, importedOn: string, decidedBy: { id: string; kind: string }): object {
  return {
    type: 'case.imported',
    importedOn,
    stage: 'probation',
    source: 'test',
    evidence: {
      sympathiserListedOn: '2024-01-08',
      helper: { ...MINH, assignedOn: '2024-01-08' },
      awarenessCertIssuedOn: '2024-02-14',
      clearedOn: '2024-03-01',
      applicationOn: '2024-03-05',
      declarationOn: '2024-03-06',
      backgroundCertifiedOn: '2024-04-10',
      introducers: [{ introducerId: 'dv-minh', kind: 'member', name: 'Trần Văn Minh', memberStatus: 'full', alongsideSince: '2022-01-01', date: '2024-04-20' }],
      opinionsOn: '2024-04-25',
      cellResolution: vote('admit', '2024-05-06', 12, 10),
      baseResolution: vote('admit', '2024-05-09', 8, 6),
      decision: { decisionNo: '77-QĐ/ĐU', signedOn: '2024-05-20', receivedOn: '2024-05-21', decidedBy },
      ceremonyOn,
    },
  };
}
