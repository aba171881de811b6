import { addDays, addMonths, type LocalDate } from '../../dates.js';
import { type CaseEvent, type HelperInput } from '../../events/case-event.event.js';
import { type CaseFacts } from '../../rules/case-facts.js';
import { probationEndOf } from '../../rules/conditions.rule.js';
import { DEFAULT_ORG_SETTINGS } from '../../rules/org-settings.js';
import { type AdmissionContext, type MachineEvent } from '../admission.types.js';

const other: HelperInput = { memberId: 'dv-hoa', name: 'Lê Thị Hoa', memberStatus: 'full' };
const minh: HelperInput = { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' };

function allDates(facts: CaseFacts): LocalDate[] {
  const found: LocalDate[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) found.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => k !== 'birthDate' && k !== 'alongsideSince' && k !== 'leftOn' && visit(x));
  };
  visit(facts.evidence);
  visit(facts.votes);
  visit(facts.transfers);
  return found;
}

/** The next plausible date: a day after everything recorded. */
export function nextDate(facts: CaseFacts): LocalDate {
  const last = allDates(facts).sort().at(-1) ?? '2025-01-05';
  return addDays(last, 1);
}

/**
 * Candidate events for a context: the happy step of every stage plus failing votes, exits,
 * transfers, cancellations and bad variants (too-short introducers, expired certificate...).
 */
export function sampleEvents(context: AdmissionContext, variant = 0): MachineEvent[] {
  const f = context.facts;
  const e = f.evidence;
  const d = nextDate(f);
  const end = probationEndOf(f);
  const recogDate = end && d < end ? end : d;
  const vote = (motion: 'admit' | 'recognise' | 'remove', date: LocalDate, votesFor: number) => ({ motion, meetingDate: date, eligible: 9, for: votesFor, against: 9 - votesFor });
  const decidedBy = f.org.competentBody;
  const motion = e.recognitionMotion ?? 'recognise';
  const list: CaseEvent[] = [
    { type: 'sympathiser.listed', resolutionDate: d, helper: variant % 5 === 4 ? { ...minh, memberStatus: 'probationary' } : minh },
    { type: 'sympathiser.removed', resolutionDate: d, reason: 'không còn đủ điều kiện' },
    { type: 'helper.assigned', date: d, helper: other, reason: 'chuyển công tác' },
    { type: 'awarenessCourse.certified', issuedOn: variant % 7 === 3 ? '2019-01-01' : d },
    { type: 'dossier.cleared', decisionDate: d },
    { type: 'application.filed', date: d },
    { type: 'background.declared', date: d },
    { type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: d, receivedOn: d },
    { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: d, finding: 'clear' },
    { type: 'background.certified', date: d, politicalIssue: false },
    { type: 'introduction.youthUnionResolved', resolutionDate: d },
    { type: 'introduction.memberRecorded', introducerId: 'dv-an', name: 'An', memberStatus: 'full', alongsideSince: variant % 6 === 5 ? addMonths(d, -3) : '2020-01-01', letterDate: d },
    // A second member, so the two-member path (past youth age, no Youth Union) can complete.
    { type: 'introduction.memberRecorded', introducerId: 'dv-binh', name: 'Bình', memberStatus: 'full', alongsideSince: '2020-01-01', letterDate: d },
    { type: 'opinions.consolidated', date: d, residence: 'included' },
    { type: 'dossier.renewed', date: d },
    { type: 'cell.admissionVoted', vote: vote('admit', d, 7) },
    { type: 'cell.admissionVoted', vote: vote('admit', d, 5) },
    { type: 'subBase.appraised', date: d, recommendation: 'support' },
    { type: 'base.admissionVoted', vote: vote('admit', d, 6) },
    { type: 'base.admissionVoted', vote: vote('admit', d, 2) },
    { type: 'decision.admissionSigned', decisionNo: `QĐ-${d}`, signedOn: d, vote: vote('admit', d, 5), decidedBy },
    { type: 'decision.admissionSigned', decisionNo: `QĐ-${d}`, signedOn: d, vote: vote('admit', d, 4), decidedBy },
    { type: 'case.notAdmitted', date: d, reason: 'biểu quyết không đạt' },
    { type: 'case.withdrawn', date: d },
    { type: 'decision.receivedByCell', receivedOn: d },
    { type: 'ceremony.held', heldOn: d, helper: minh, oathRead: true },
    { type: 'ceremony.lateConsentRecorded', date: d },
    { type: 'memberRecord.filed', date: d },
    { type: 'newMemberCourse.certified', issuedOn: d },
    { type: 'recognition.selfReviewed', date: recogDate },
    { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: recogDate },
    { type: 'recognition.opinionsConsolidated', date: recogDate },
    { type: 'cell.recognitionVoted', vote: vote('recognise', recogDate, 7) },
    { type: 'cell.recognitionVoted', vote: vote('recognise', recogDate, 4) },
    { type: 'cell.recognitionVoted', vote: vote('remove', recogDate, 7) },
    // HD06 §4.6: removal at any time during probation.
    { type: 'cell.recognitionVoted', vote: vote('remove', d, 7) },
    { type: 'base.recognitionVoted', vote: vote(motion, recogDate, 6) },
    { type: 'base.recognitionVoted', vote: vote(motion, recogDate, 3) },
    { type: 'decision.recognitionSigned', decisionNo: `CN-${recogDate}`, signedOn: recogDate, vote: vote('recognise', recogDate, 5), decidedBy, partyCardDecided: true },
    { type: 'decision.removalSigned', decisionNo: `XT-${recogDate}`, signedOn: recogDate, vote: vote('remove', recogDate, 5), decidedBy, receivedOn: recogDate },
    { type: 'removal.complaintLodged', receivedOn: d, level: 'provincial' },
    { type: 'complaint.resolved', date: d, outcome: 'upheld' },
    { type: 'complaint.resolved', date: d, outcome: 'rejected' },
    { type: 'decision.cancelled', date: d, defect: 'substantive', reason: 'không đủ tiêu chuẩn', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    { type: 'decision.cancelled', date: d, defect: 'procedural', redoFrom: 'introductions', reason: 'sai thủ tục', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    { type: 'decision.cancelled', date: d, defect: 'procedural', redoFrom: 'cellResolution', reason: 'sai thủ tục', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    { type: 'decision.cancelled', date: d, defect: 'procedural', redoFrom: 'subBaseAppraisal', reason: 'sai thủ tục', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    { type: 'decision.cancelled', date: d, defect: 'procedural', redoFrom: 'baseResolution', reason: 'sai thủ tục', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    { type: 'decision.cancelled', date: d, defect: 'procedural', redoFrom: 'decision', reason: 'sai thủ tục', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    // A wrongful recognition (QĐ294 §4.4), found after the case closed.
    { type: 'decision.cancelled', date: d, defect: 'procedural', redoFrom: 'recognitionCellResolution', reason: 'sai thủ tục công nhận', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    { type: 'decision.cancelled', date: d, defect: 'procedural', redoFrom: 'recognitionDecision', reason: 'sai thủ tục công nhận', proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' },
    { type: 'transfer.recorded', date: d, toOrganisationId: `org-${d}` },
    { type: 'transfer.recorded', date: d, toOrganisationId: `org-${d}`, dossierSentToCompetent: true },
    { type: 'transfer.recorded', date: d, toOrganisationId: `org-${d}`, sameDecidingCommittee: false, freshDecisionRequired: true },
    { type: 'transfer.dossierForwarded', date: d, receivedOn: d },
    { type: 'consent.provinceRecorded', date: d, subject: 'readmission' },
    { type: 'case.imported', importedOn: '2025-01-02', stage: 'probation', source: 'sổ đảng viên', evidence: { ceremonyOn: '2025-01-01', helper: { ...minh, assignedOn: '2025-01-01' }, decision: { decisionNo: 'cũ', signedOn: '2024-12-20', decidedBy } } },
  ];
  for (const i of e.introducers.filter((x) => x.active && x.kind === 'member').slice(0, 1))
    list.push({ type: 'introducer.replaced', date: d, replacedIntroducerId: i.introducerId, reason: 'chuyển sinh hoạt', replacement: { introducerId: 'dv-cuong', name: 'Cường', memberStatus: 'full' } });
  for (const [key, timerId] of Object.entries(context.openDeadlines)) {
    const due = timerId === 'probationEnd' && end ? end : d;
    list.push({ type: 'deadline.fired', timerId, dueDate: due, key });
  }
  const env = { asOf: d, settings: DEFAULT_ORG_SETTINGS };
  return list.map((event) => ({ ...event, env }));
}
