import { addMonths, type LocalDate } from '../dates.js';
import { type CaseEvent, type ImportEvidence } from '../events/case-event.event.js';
import { type CaseFacts, type HelperRecord, type TransferRecord, type VoteEntry, type VotingBody } from '../rules/case-facts.js';
import { probationEndOf } from '../rules/conditions.rule.js';
import { DEFAULT_ORG_SETTINGS } from '../rules/org-settings.js';
import { procBaseVote, procCellVote, procCompetentVote } from '../rules/procedures.rule.js';

const VOTE_RULE = { CELL: procCellVote, BASE: procBaseVote, COMPETENT: procCompetentVote } as const;

/** Three failed votes of one body at recognition escalate to COMPETENT (procedure.md §3 Exits). */
export const FAILED_VOTES_BEFORE_ESCALATION = 3;

function voteEntry(facts: CaseFacts, body: VotingBody, stage: VoteEntry['stage'], event: Extract<CaseEvent, { vote: unknown }>): VoteEntry {
  const decidedBy = 'decidedBy' in event ? event.decidedBy : undefined;
  const r = VOTE_RULE[body].evaluate(facts, event.vote.meetingDate, DEFAULT_ORG_SETTINGS, decidedBy ? { vote: event.vote, decidedBy } : { vote: event.vote });
  return { body, stage, vote: event.vote, carried: r.passed, required: Number(r.facts['required'] ?? 0) };
}

export function failedVotes(facts: CaseFacts, body: VotingBody, stage: VoteEntry['stage']): number {
  // Count failures since the last carried vote of that body (a new round starts after a success).
  let count = 0;
  for (const v of facts.votes) {
    if (v.body !== body || v.stage !== stage) continue;
    count = v.carried ? 0 : count + 1;
  }
  return count;
}

function retireHelper(facts: CaseFacts, on: LocalDate, assessmentOn?: LocalDate): void {
  const current = [...facts.evidence.helpers].reverse().find((h) => !h.leftOn);
  if (current) {
    current.leftOn = on;
    if (assessmentOn) current.assessmentOn = assessmentOn;
  }
}

function addHelper(facts: CaseFacts, helper: { memberId: string; name: string; memberStatus: HelperRecord['memberStatus'] }, on: LocalDate): void {
  facts.evidence.helpers.push({ ...helper, assignedOn: on, stage: facts.evidence.ceremony ? 'probation' : 'sympathiser' });
}

const REDO_ORDER = ['application', 'backgroundDeclaration', 'backgroundCheck', 'introductions', 'opinions', 'cellResolution', 'subBaseAppraisal', 'baseResolution', 'decision'] as const;

/** Clears what a procedural redo invalidates: the named step, the join of the dossier, and everything after. */
function clearFrom(facts: CaseFacts, redoFrom: string): void {
  const e = facts.evidence;
  // A wrongful recognition: the admission and probation stand; only the recognition steps are redone.
  if (redoFrom === 'recognitionCellResolution' || redoFrom === 'recognitionBaseResolution' || redoFrom === 'recognitionDecision') {
    if (redoFrom === 'recognitionCellResolution') {
      delete e.recognitionCellResolution;
      delete e.recognitionSubBaseReportOn;
      delete e.recognitionMotion;
      delete e.recognitionEscalated;
    }
    if (redoFrom !== 'recognitionDecision') delete e.recognitionBaseResolution;
    delete e.recognitionDecision;
    return;
  }
  const from = REDO_ORDER.indexOf(redoFrom as (typeof REDO_ORDER)[number]);
  const clears = (step: (typeof REDO_ORDER)[number]) => REDO_ORDER.indexOf(step) >= from;
  const dossierPart = from <= REDO_ORDER.indexOf('opinions');
  if (redoFrom === 'application') delete e.applicationOn;
  if (redoFrom === 'backgroundDeclaration') delete e.declarationOn;
  if (redoFrom === 'backgroundDeclaration' || redoFrom === 'backgroundCheck') delete e.backgroundCertified;
  if (redoFrom === 'introductions') for (const i of e.introducers) i.active = false;
  if (redoFrom === 'opinions') delete e.opinions;
  if (dossierPart || clears('cellResolution')) delete e.cellResolution;
  if (dossierPart || clears('subBaseAppraisal')) delete e.subBaseReportOn;
  if (dossierPart || clears('baseResolution')) delete e.baseResolution;
  delete e.decision;
  // The new decision re-determines the dates: ceremony and probation start again.
  delete e.ceremony;
  delete e.ceremonyOverdue;
  delete e.ceremonyLateConsentOn;
  delete e.memberRecordFiledOn;
  delete e.selfReviewOn;
  delete e.recognitionOpinionsOn;
  delete e.recognitionMotion;
  delete e.recognitionEscalated;
  delete e.recognitionCellResolution;
  delete e.recognitionSubBaseReportOn;
  delete e.recognitionBaseResolution;
}

function transferClause(facts: CaseFacts, event: Extract<CaseEvent, { type: 'transfer.recorded' }>): TransferRecord['clause'] {
  const e = facts.evidence;
  if (e.ceremony) return 'probation';
  if (e.decision) return '6.4';
  if (e.cellResolution) return event.dossierSentToCompetent ? '6.3' : '6.2';
  return '6.1';
}

function applyImport(facts: CaseFacts, ev: ImportEvidence): void {
  const e = facts.evidence;
  if (ev.sympathiserListedOn) e.sympathiserListedOn = ev.sympathiserListedOn;
  if (ev.helper) {
    const { assignedOn, ...h } = ev.helper;
    e.helpers.push({ ...h, assignedOn, stage: ev.ceremonyOn && assignedOn >= ev.ceremonyOn ? 'probation' : 'sympathiser' });
  }
  if (ev.awarenessCertIssuedOn) e.awarenessCert = { issuedOn: ev.awarenessCertIssuedOn };
  if (ev.clearedOn) e.clearedOn = ev.clearedOn;
  if (ev.applicationOn) e.applicationOn = ev.applicationOn;
  if (ev.declarationOn) e.declarationOn = ev.declarationOn;
  if (ev.backgroundCertifiedOn) {
    e.backgroundCertified = { date: ev.backgroundCertifiedOn, politicalIssue: false };
    // Imported certification stands for the answers received before it.
    e.checks.push({ requestId: 'imported', subject: 'candidate', abroad: false, sentOn: ev.backgroundCertifiedOn, answeredOn: ev.backgroundCertifiedOn, finding: 'clear' });
  }
  for (const i of ev.introducers ?? []) e.introducers.push({ ...i, active: true });
  if (ev.opinionsOn) e.opinions = { date: ev.opinionsOn, residence: 'included' };
  if (ev.cellResolution) {
    e.cellResolution = ev.cellResolution;
    facts.votes.push({ body: 'CELL', stage: 'admission', vote: ev.cellResolution, carried: true, required: 0 });
  }
  if (ev.subBaseReportOn) e.subBaseReportOn = ev.subBaseReportOn;
  if (ev.baseResolution) e.baseResolution = ev.baseResolution;
  if (ev.decision) e.decision = { ...ev.decision };
  if (ev.ceremonyOn) e.ceremony = { heldOn: ev.ceremonyOn, organisationId: facts.org.organisationId };
  if (ev.memberRecordFiledOn) e.memberRecordFiledOn = ev.memberRecordFiledOn;
  if (ev.newMemberCertIssuedOn) e.newMemberCert = { issuedOn: ev.newMemberCertIssuedOn };
  if (ev.selfReviewOn) e.selfReviewOn = ev.selfReviewOn;
  if (ev.recognitionOpinionsOn) e.recognitionOpinionsOn = ev.recognitionOpinionsOn;
  if (ev.recognitionCellResolution) {
    e.recognitionCellResolution = ev.recognitionCellResolution;
    e.recognitionMotion = ev.recognitionCellResolution.motion === 'remove' ? 'remove' : 'recognise';
  }
  if (ev.recognitionDecision && ev.ceremonyOn)
    e.recognitionDecision = { ...ev.recognitionDecision, effectiveOn: addMonths(ev.ceremonyOn, 12), partyCardDecided: true };
}

/**
 * The case facts after an event: a pure reducer. Rules are evaluated on this draft, so a step's
 * own evidence counts (a certification checks the answers it certifies); failed votes are kept
 * in the vote history only.
 */
export function recordEvent(before: CaseFacts, event: CaseEvent): CaseFacts {
  const facts = structuredClone(before);
  const e = facts.evidence;
  switch (event.type) {
    case 'sympathiser.listed':
      e.sympathiserListedOn = event.resolutionDate;
      retireHelper(facts, event.resolutionDate);
      addHelper(facts, event.helper, event.resolutionDate);
      break;
    case 'helper.assigned':
      retireHelper(facts, event.date, event.previousHelperAssessmentOn);
      addHelper(facts, event.helper, event.date);
      break;
    case 'awarenessCourse.certified':
      e.awarenessCert = event.certificateNo ? { issuedOn: event.issuedOn, certificateNo: event.certificateNo } : { issuedOn: event.issuedOn };
      break;
    case 'dossier.cleared':
      e.clearedOn = event.decisionDate;
      break;
    case 'application.filed':
      e.applicationOn = event.date;
      break;
    case 'background.declared':
      e.declarationOn = event.date;
      break;
    case 'backgroundCheck.requested': {
      const { type: _t, ...request } = event;
      e.checks = e.checks.filter((c) => c.requestId !== event.requestId);
      e.checks.push(request);
      break;
    }
    case 'backgroundCheck.answered': {
      const check = e.checks.find((c) => c.requestId === event.requestId);
      if (check) Object.assign(check, { answeredOn: event.answeredOn, finding: event.finding });
      break;
    }
    case 'background.certified':
      e.backgroundCertified = {
        date: event.date,
        politicalIssue: event.politicalIssue,
        ...(event.familyResidence ? { familyResidence: { ...event.familyResidence } } : {}),
      };
      break;
    case 'politicalIssue.concluded':
      e.politicalConclusion = { date: event.date, conclusion: event.conclusion };
      break;
    case 'introduction.memberRecorded':
      e.introducers = e.introducers.filter((i) => i.introducerId !== event.introducerId);
      e.introducers.push({
        introducerId: event.introducerId,
        kind: 'member',
        name: event.name,
        memberStatus: event.memberStatus,
        alongsideSince: event.alongsideSince,
        date: event.letterDate,
        active: true,
      });
      break;
    case 'introduction.youthUnionResolved':
    case 'introduction.tradeUnionResolved': {
      const kind = event.type === 'introduction.youthUnionResolved' ? 'youthUnion' : 'tradeUnion';
      for (const i of e.introducers) if (i.kind === kind) i.active = false;
      e.introducers.push({ introducerId: `${kind}:${event.resolutionNo ?? event.resolutionDate}`, kind, date: event.resolutionDate, active: true });
      break;
    }
    case 'introducer.replaced': {
      for (const i of e.introducers) if (i.introducerId === event.replacedIntroducerId) i.active = false;
      const r = event.replacement;
      e.introducers.push({
        introducerId: r.introducerId,
        kind: 'member',
        name: r.name,
        memberStatus: r.memberStatus,
        ...(r.alongsideSince ? { alongsideSince: r.alongsideSince } : {}),
        date: event.date,
        replacementReason: event.reason,
        active: true,
      });
      break;
    }
    case 'opinions.consolidated':
      e.opinions = { date: event.date, residence: event.residence, ...(event.exemptionBasis ? { exemptionBasis: event.exemptionBasis } : {}) };
      break;
    case 'dossier.renewed':
      // HD06 §5.4a: introductions, the Youth Union/union resolution and opinions are redone, the verification supplemented.
      // The verification is supplemented only "nếu có thay đổi so với thời điểm thẩm tra lần trước":
      // the certification stays unless the renewal records a change.
      e.dossierRenewedOn = event.date;
      for (const i of e.introducers) i.active = false;
      delete e.opinions;
      if (event.backgroundChanged) e.backgroundChangedOn = event.date;
      delete e.dossierStale;
      break;
    case 'dossier.localDocumentFiled':
      if (!e.localDocuments.includes(event.code)) e.localDocuments.push(event.code);
      break;
    case 'cell.admissionVoted': {
      const entry = voteEntry(facts, 'CELL', 'admission', event);
      facts.votes.push(entry);
      if (entry.carried) e.cellResolution = event.vote;
      break;
    }
    case 'subBase.appraised':
      if (e.ceremony) e.recognitionSubBaseReportOn = event.date;
      else e.subBaseReportOn = event.date;
      break;
    case 'base.admissionVoted': {
      const entry = voteEntry(facts, 'BASE', 'admission', event);
      facts.votes.push(entry);
      if (entry.carried) e.baseResolution = event.vote;
      break;
    }
    case 'decision.admissionSigned': {
      const entry = voteEntry(facts, 'COMPETENT', 'admission', event);
      facts.votes.push(entry);
      if (entry.carried)
        e.decision = {
          decisionNo: event.decisionNo,
          signedOn: event.signedOn,
          decidedBy: event.decidedBy,
          ...(event.receivedByCellOn ? { receivedOn: event.receivedByCellOn } : {}),
        };
      break;
    }
    case 'decision.receivedByCell':
      if (e.decision) e.decision.receivedOn = event.receivedOn;
      break;
    case 'ceremony.held':
      e.ceremony = { heldOn: event.heldOn, organisationId: event.organisationId ?? facts.org.organisationId };
      retireHelper(facts, event.heldOn);
      facts.evidence.helpers.push({ ...event.helper, assignedOn: event.heldOn, stage: 'probation' });
      break;
    case 'ceremony.lateConsentRecorded':
      e.ceremonyLateConsentOn = event.date;
      break;
    case 'memberRecord.filed':
      e.memberRecordFiledOn = event.date;
      break;
    case 'newMemberCourse.certified':
      e.newMemberCert = { issuedOn: event.issuedOn };
      break;
    case 'recognition.selfReviewed':
      e.selfReviewOn = event.date;
      break;
    case 'recognition.helperAssessed': {
      const helper = [...e.helpers].reverse().find((h) => h.memberId === event.helperId && h.stage === 'probation');
      if (helper) helper.assessmentOn = event.date;
      break;
    }
    case 'recognition.opinionsConsolidated':
      e.recognitionOpinionsOn = event.date;
      break;
    case 'cell.recognitionVoted':
    case 'base.recognitionVoted': {
      const body = event.type === 'cell.recognitionVoted' ? 'CELL' : 'BASE';
      const entry = voteEntry(facts, body, 'recognition', event);
      facts.votes.push(entry);
      if (entry.carried) {
        if (body === 'CELL') {
          e.recognitionCellResolution = event.vote;
          e.recognitionMotion = event.vote.motion === 'remove' ? 'remove' : 'recognise';
        } else e.recognitionBaseResolution = event.vote;
      } else if (failedVotes(facts, body, 'recognition') >= FAILED_VOTES_BEFORE_ESCALATION) {
        e.recognitionEscalated = true;
      }
      break;
    }
    case 'decision.recognitionSigned': {
      const entry = voteEntry(facts, 'COMPETENT', 'recognition', event);
      facts.votes.push(entry);
      const end = probationEndOf(facts);
      if (entry.carried && end)
        e.recognitionDecision = { decisionNo: event.decisionNo, signedOn: event.signedOn, decidedBy: event.decidedBy, effectiveOn: end, partyCardDecided: event.partyCardDecided };
      break;
    }
    case 'decision.removalSigned': {
      const entry = voteEntry(facts, 'COMPETENT', 'recognition', event);
      facts.votes.push(entry);
      if (entry.carried)
        e.removalDecision = { decisionNo: event.decisionNo, signedOn: event.signedOn, decidedBy: event.decidedBy, ...(event.receivedOn ? { receivedOn: event.receivedOn } : {}) };
      break;
    }
    case 'removal.decisionReceived':
      if (e.removalDecision) e.removalDecision.receivedOn = event.receivedOn;
      break;
    case 'removal.complaintLodged':
      e.complaint = { receivedOn: event.receivedOn, level: event.level };
      break;
    case 'complaint.resolved':
      if (e.complaint) Object.assign(e.complaint, { resolvedOn: event.date, outcome: event.outcome });
      if (event.outcome === 'upheld') {
        // The removal is revoked: COMPETENT decides afresh, either way.
        delete e.removalDecision;
        e.recognitionEscalated = true;
      }
      break;
    case 'decision.cancelled':
      e.cancellations.push({ date: event.date, defect: event.defect, ...(event.redoFrom ? { redoFrom: event.redoFrom } : {}), proposedBy: event.proposedBy, decidedBy: event.decidedBy });
      if (event.defect === 'procedural' && event.redoFrom) clearFrom(facts, event.redoFrom);
      break;
    case 'transfer.recorded': {
      const clause = transferClause(facts, event);
      facts.transfers.push({
        date: event.date,
        clause,
        fromOrganisationId: facts.org.organisationId,
        toOrganisationId: event.toOrganisationId,
        ...(event.sameDecidingCommittee !== undefined ? { sameDecidingCommittee: event.sameDecidingCommittee } : {}),
      });
      facts.org = event.newOrganisation ? { ...event.newOrganisation } : { ...facts.org, organisationId: event.toOrganisationId };
      // The receiving side assigns a new helper (6.1, 6.2, probation) and new introducers (6.1).
      if (clause === '6.1' || clause === '6.2' || clause === 'probation') retireHelper(facts, event.date);
      if (clause === '6.1') for (const i of e.introducers) i.active = false;
      if (clause === '6.4' && event.freshDecisionRequired && !event.sameDecidingCommittee) delete e.decision;
      break;
    }
    case 'transfer.dossierForwarded': {
      const t = facts.transfers.at(-1);
      if (t) Object.assign(t, { dossierForwardedOn: event.date, dossierReceivedOn: event.receivedOn });
      break;
    }
    case 'transfer.reviewRequested': {
      const t = facts.transfers.at(-1);
      if (t) t.reviewRequestedOn = event.date;
      break;
    }
    case 'transfer.reviewCompleted': {
      const t = facts.transfers.at(-1);
      if (t) t.reviewCompletedOn = event.date;
      break;
    }
    case 'consent.provinceRecorded':
      e.consents.push({ subject: event.subject, date: event.date, ...(event.documentNo ? { documentNo: event.documentNo } : {}) });
      break;
    case 'attestation.recorded':
      e.attestations.push({ kind: event.kind, date: event.date, ...(event.reason ? { reason: event.reason } : {}) });
      break;
    case 'specialCategory.evidenceRecorded':
      e.specialEvidence.push({ category: event.category, document: event.document, date: event.date });
      break;
    case 'deadline.fired':
      if (event.timerId === 'ceremony') e.ceremonyOverdue = true;
      if (event.timerId === 'dossierFreshness') e.dossierStale = true;
      break;
    case 'case.imported':
      applyImport(facts, event.evidence);
      break;
    case 'sympathiser.removed':
    case 'case.notAdmitted':
    case 'case.withdrawn':
      break;
  }
  return facts;
}
