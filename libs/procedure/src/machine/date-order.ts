import { type LocalDate } from '../dates.js';
import { type CaseEvent, eventDate } from '../events/case-event.event.js';
import { EVENT_SCHEMAS, type FieldSpec } from '../events/event-schema.js';
import { type Bilingual } from '../rules/rule.types.js';
import { type CaseFacts } from '../rules/case-facts.js';

/**
 * PROC-DATES (procedure.md §4, I-12): an act is never dated after today (Vietnam local date), nor
 * before an act it depends on. Pure: `today` comes in as a value. Every problem names both dates.
 */
export interface DateProblem {
  /** Where the offending date sits in the payload (`vote.meetingDate`, `receivedOn`, ...). */
  field: string;
  date: LocalDate;
  /** `notAfter`: the date may not be later than `other`; `notBefore`: not earlier. */
  relation: 'notAfter' | 'notBefore';
  other: { what: string; date: LocalDate };
  /** What the date is and what it is compared with, in both languages. */
  label: Bilingual;
  otherLabel: Bilingual;
}

/** dd/mm/yyyy, as Vietnamese documents write dates. */
export function formatVietnameseDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const L = (vi: string, en: string): Bilingual => ({ vi, en });
const TODAY = L('ngày hôm nay', 'today');

/** Every date a payload carries, with its path and label (from the event schema). */
function payloadDates(fields: readonly FieldSpec[], value: Record<string, unknown>, prefix = ''): { field: string; date: LocalDate; label: Bilingual }[] {
  const out: { field: string; date: LocalDate; label: Bilingual }[] = [];
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    if (f.type === 'date' && typeof v === 'string') out.push({ field: prefix + f.name, date: v as LocalDate, label: L(f.vi, f.en) });
    else if (f.type === 'object' && typeof v === 'object' && !Array.isArray(v)) out.push(...payloadDates(f.fields ?? [], v as Record<string, unknown>, `${prefix}${f.name}.`));
    else if (f.type === 'array' && Array.isArray(v) && f.fields)
      v.forEach((item, i) => {
        if (typeof item === 'object' && item !== null) out.push(...payloadDates(f.fields!, item as Record<string, unknown>, `${prefix}${f.name}[${i}].`));
      });
  }
  return out;
}

/**
 * The date problems of an event on the facts before it. `today` absent: only the order between
 * acts is checked (pure tests that do not set a clock). Timers and imported history are the
 * engine's own acts or audited history: not checked here.
 */
export function dateProblems(facts: CaseFacts, event: CaseEvent, today?: LocalDate): DateProblem[] {
  if (event.type === 'deadline.fired' || event.type === 'case.imported') return [];
  const problems: DateProblem[] = [];
  const e = facts.evidence;
  const spec = EVENT_SCHEMAS[event.type];
  const dates = payloadDates(spec.fields, event as unknown as Record<string, unknown>);
  const byField = new Map(dates.map((d) => [d.field, d]));
  const own = eventDate(event);
  const ownField = dates.find((d) => d.date === own)?.field ?? dates[0]?.field ?? 'date';

  if (today) for (const d of dates) if (d.date > today) problems.push({ field: d.field, date: d.date, relation: 'notAfter', other: { what: 'today', date: today }, label: d.label, otherLabel: TODAY });

  /** The act's `field` may not be earlier than `earlier` (what it depends on). */
  const notBefore = (field: string, earlier: LocalDate | undefined, what: string, otherLabel: Bilingual) => {
    const d = byField.get(field);
    if (!d || !earlier || d.date >= earlier) return;
    problems.push({ field, date: d.date, relation: 'notBefore', other: { what, date: earlier }, label: d.label, otherLabel });
  };
  /** The act's `field` may not be later than `later` (an act that depends on it is already recorded). */
  const notAfter = (field: string, later: LocalDate | undefined, what: string, otherLabel: Bilingual) => {
    const d = byField.get(field);
    if (!d || !later || d.date <= later) return;
    problems.push({ field, date: d.date, relation: 'notAfter', other: { what, date: later }, label: d.label, otherLabel });
  };
  /** Two dates of one payload. */
  const sameEvent = (later: string, earlier: string) => {
    const a = byField.get(later);
    const b = byField.get(earlier);
    if (a && b && a.date < b.date) problems.push({ field: later, date: a.date, relation: 'notBefore', other: { what: earlier, date: b.date }, label: a.label, otherLabel: b.label });
  };
  const lastOf = (xs: (LocalDate | undefined)[]): LocalDate | undefined => xs.filter((x): x is LocalDate => x !== undefined).sort().at(-1);

  switch (event.type) {
    case 'sympathiser.removed':
      notBefore(ownField, e.sympathiserListedOn, 'sympathiserListedOn', L('ngày vào danh sách cảm tình Đảng', 'the sympathiser listing'));
      break;
    case 'helper.assigned': {
      const current = [...e.helpers].reverse().find((h) => !h.leftOn);
      notBefore('date', current?.assignedOn, 'currentHelperAssignedOn', L('ngày phân công đảng viên giúp đỡ hiện tại', 'the current helper’s assignment'));
      break;
    }
    case 'dossier.cleared':
      notBefore(ownField, e.sympathiserListedOn, 'sympathiserListedOn', L('ngày vào danh sách cảm tình Đảng', 'the sympathiser listing'));
      notBefore(ownField, e.awarenessCert?.issuedOn, 'awarenessCertIssuedOn', L('ngày cấp giấy chứng nhận lớp nhận thức về Đảng', 'the awareness certificate'));
      // I-5: the consent to compile comes first; an application already on file may not precede it.
      notAfter(ownField, e.applicationOn, 'applicationOn', L('ngày đơn xin vào Đảng', 'the application'));
      break;
    case 'application.filed':
      notBefore('date', e.clearedOn, 'clearedOn', L('ngày đồng ý cho lập hồ sơ', 'the consent to compile the dossier'));
      break;
    case 'backgroundCheck.requested':
      notBefore('sentOn', e.declarationOn, 'declarationOn', L('ngày khai lý lịch', 'the background declaration'));
      sameEvent('receivedOn', 'sentOn');
      break;
    case 'backgroundCheck.answered': {
      const request = e.checks.find((c) => c.requestId === event.requestId);
      notBefore('answeredOn', request?.sentOn, 'requestSentOn', L('ngày gửi yêu cầu thẩm tra', 'the verification request'));
      break;
    }
    case 'background.certified':
      notBefore('date', e.declarationOn, 'declarationOn', L('ngày khai lý lịch', 'the background declaration'));
      notBefore('date', lastOf(e.checks.map((c) => c.answeredOn)), 'lastAnswerOn', L('ngày trả lời thẩm tra cuối cùng', 'the last verification answer'));
      notAfter('familyResidence.confirmedOn', event.date, 'date', L('ngày chứng nhận lý lịch', 'the certification'));
      break;
    case 'politicalIssue.concluded':
      notBefore('date', e.backgroundCertified?.date, 'backgroundCertifiedOn', L('ngày chứng nhận lý lịch', 'the background certification'));
      break;
    case 'introduction.memberRecorded':
      sameEvent('letterDate', 'alongsideSince');
      break;
    case 'cell.admissionVoted': {
      const at = 'vote.meetingDate';
      // Every introduction letter (and the Youth Union / trade-union resolution) before the cell vote.
      for (const i of e.introducers.filter((x) => x.active)) {
        const who =
          i.kind === 'member'
            ? L(`thư giới thiệu của ${i.name ?? i.introducerId}`, `the introduction letter of ${i.name ?? i.introducerId}`)
            : i.kind === 'youthUnion'
              ? L('nghị quyết giới thiệu của Đoàn', 'the Youth Union resolution')
              : L('nghị quyết giới thiệu của Công đoàn', 'the trade-union resolution');
        notBefore(at, i.date, `introducer:${i.introducerId}`, who);
      }
      notBefore(at, e.opinions?.date, 'opinionsOn', L('ngày tổng hợp ý kiến nhận xét', 'the consolidated opinions'));
      notBefore(at, e.backgroundCertified?.date, 'backgroundCertifiedOn', L('ngày chứng nhận lý lịch', 'the background certification'));
      notBefore(at, e.applicationOn, 'applicationOn', L('ngày đơn xin vào Đảng', 'the application'));
      notBefore(at, e.awarenessCert?.issuedOn, 'awarenessCertIssuedOn', L('ngày cấp giấy chứng nhận lớp nhận thức về Đảng', 'the awareness certificate'));
      break;
    }
    case 'subBase.appraised':
      notBefore('date', e.ceremony ? e.recognitionCellResolution?.meetingDate : e.cellResolution?.meetingDate, 'cellResolution', L('ngày nghị quyết chi bộ', 'the cell resolution'));
      break;
    case 'base.admissionVoted':
      notBefore('vote.meetingDate', e.subBaseReportOn ?? e.cellResolution?.meetingDate, 'previousStep', L('bước trước (nghị quyết chi bộ hoặc báo cáo đảng ủy bộ phận)', 'the previous step (cell resolution or sub-base report)'));
      break;
    case 'decision.admissionSigned':
      notBefore('signedOn', e.baseResolution?.meetingDate ?? e.subBaseReportOn ?? e.cellResolution?.meetingDate, 'lowerResolutions', L('nghị quyết cấp dưới', 'the lower resolutions'));
      sameEvent('receivedByCellOn', 'signedOn');
      break;
    case 'decision.receivedByCell':
      notBefore('receivedOn', e.decision?.signedOn, 'decisionSignedOn', L('ngày ký quyết định kết nạp', 'the decision’s signing'));
      break;
    case 'ceremony.held':
      notBefore('heldOn', e.decision?.receivedOn, 'decisionReceivedOn', L('ngày chi bộ nhận quyết định', 'the decision’s receipt by the cell'));
      notBefore('heldOn', e.decision?.signedOn, 'decisionSignedOn', L('ngày ký quyết định kết nạp', 'the decision’s signing'));
      break;
    case 'memberRecord.filed':
    case 'recognition.helperAssessed':
      notBefore('date', e.ceremony?.heldOn, 'ceremonyOn', L('ngày lễ kết nạp', 'the ceremony'));
      break;
    case 'newMemberCourse.certified':
      notBefore('issuedOn', e.decision?.signedOn, 'decisionSignedOn', L('ngày ký quyết định kết nạp', 'the admission decision'));
      break;
    case 'cell.recognitionVoted':
      notBefore('vote.meetingDate', e.selfReviewOn, 'selfReviewOn', L('ngày tự kiểm điểm', 'the self-review'));
      notBefore('vote.meetingDate', e.recognitionOpinionsOn, 'recognitionOpinionsOn', L('ngày tổng hợp ý kiến', 'the consolidated opinions'));
      break;
    case 'base.recognitionVoted':
      notBefore('vote.meetingDate', e.recognitionSubBaseReportOn ?? e.recognitionCellResolution?.meetingDate, 'previousStep', L('bước trước', 'the previous step'));
      break;
    case 'decision.recognitionSigned':
    case 'decision.removalSigned':
      notBefore('signedOn', e.recognitionBaseResolution?.meetingDate ?? e.recognitionSubBaseReportOn ?? e.recognitionCellResolution?.meetingDate, 'lowerResolutions', L('nghị quyết cấp dưới', 'the lower resolutions'));
      if (event.type === 'decision.removalSigned') sameEvent('receivedOn', 'signedOn');
      break;
    case 'removal.decisionReceived':
    case 'removal.complaintLodged':
      notBefore('receivedOn', e.removalDecision?.signedOn, 'removalSignedOn', L('ngày ký quyết định xóa tên', 'the removal decision'));
      break;
    case 'complaint.resolved':
      notBefore('date', e.complaint?.receivedOn, 'complaintReceivedOn', L('ngày nhận khiếu nại', 'the complaint’s receipt'));
      break;
    case 'decision.cancelled':
      notBefore('date', e.recognitionDecision?.signedOn ?? e.decision?.signedOn, 'decisionSignedOn', L('ngày ký quyết định bị hủy', 'the decision cancelled'));
      notAfter('higherConsentOn', event.date, 'date', L('ngày hủy quyết định', 'the cancellation'));
      break;
    case 'transfer.dossierForwarded':
      notBefore('date', facts.transfers.at(-1)?.date, 'transferOn', L('ngày chuyển sinh hoạt', 'the transfer'));
      sameEvent('receivedOn', 'date');
      break;
    case 'transfer.reviewCompleted':
      notBefore('date', facts.transfers.at(-1)?.reviewRequestedOn, 'reviewRequestedOn', L('ngày yêu cầu xem xét', 'the review request'));
      break;
    default:
      break;
  }
  return problems;
}

/** The reason text of a problem: both dates in dd/mm/yyyy. */
export function describeDateProblem(p: DateProblem): Bilingual {
  const d = formatVietnameseDate(p.date);
  const o = formatVietnameseDate(p.other.date);
  if (p.relation === 'notAfter')
    return p.other.what === 'today'
      ? L(`${p.label.vi} (${d}) sau ngày hôm nay (${o})`, `${p.label.en} (${d}) is after today (${o})`)
      : L(`${p.label.vi} (${d}) sau ${p.otherLabel.vi} (${o})`, `${p.label.en} (${d}) is after ${p.otherLabel.en} (${o})`);
  return L(`${p.label.vi} (${d}) trước ${p.otherLabel.vi} (${o})`, `${p.label.en} (${d}) is before ${p.otherLabel.en} (${o})`);
}
