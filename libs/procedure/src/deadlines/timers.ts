import { type LocalDate } from '../dates.js';
import { CHARTER, GUIDANCE, INSTRUMENTS, REGULATIONS, WORKING_GUIDE, editionOn, NoEditionError, type EditionId, type Instrument } from '../editions.js';

/**
 * Every legal timer of procedure.md §7, as data. Lengths are kept per edition so that
 * correcting an edition (a timer found to be wrong) is a change to this table, not to code.
 */

export const TIMER_IDS = [
  'backgroundCheckAnswer',
  'awarenessCertValidity',
  'dossierFreshness',
  'admissionDecision',
  'ceremony',
  'memberRecord',
  'probationEnd',
  'cellRecognitionResolution',
  'recognitionDecision',
  'transferForward',
  'transferDecide',
  'transferReview',
  'removalComplaint',
  'complaintResolution',
] as const;

export type TimerId = (typeof TIMER_IDS)[number];

export type TimerUnit = 'workingDays' | 'months' | 'calendarDays';
/** Month-based timers remind in calendar days ("d" in the §7 table). */
export type ReminderUnit = 'workingDays' | 'calendarDays';

/**
 * - deadline: someone must act by the due date; acting later is flagged (PROC-DEADLINES, I-8);
 * - validity: something expires after the due date (the COND-* rules decide what that blocks);
 * - milestone: the date opens a step (probation end);
 * - window: a person's right to act lapses (complaint), nobody is at fault.
 */
export type TimerKind = 'deadline' | 'validity' | 'milestone' | 'window';

/** What happens when the due date passes: whom to escalate to, or the non-escalation outcomes. */
export type MissedOutcome = 'base' | 'competentSupervisor' | 'upper' | 'none' | 'opensStep' | 'expires';

/** Length variants chosen by computeDeadline options (abroad verification, central-level complaint). */
export type TimerVariant = 'abroad' | 'central';

/** The body that must act before the due date (procedure.md §2 codes, plus the few bodies §7 adds). */
export type ResponsibleBody =
  | 'ASKED_COMMITTEE'
  | 'CELL'
  | 'BASE'
  | 'COMPETENT'
  | 'DESTINATION_COMPETENT'
  | 'COMPLAINT_BODY'
  | 'MEMBER';

export interface Label {
  vi: string;
  en: string;
}

export interface Citation {
  /** Instrument code as in editions.ts INSTRUMENTS, e.g. "QĐ294". */
  instrument: string;
  section: string;
}

/** A citation resolved for a date: older texts whose numbering is not known point to the current one. */
export interface ResolvedCitation {
  instrument: string;
  section?: string;
  correspondsTo?: Citation;
}

export interface TimerParams {
  length: number;
  /** Longest extension allowed, in the timer's unit, counted from the due date (0 = none). */
  extension: number;
  variants?: Partial<Record<TimerVariant, number>>;
}

export interface TimerDefinition {
  id: TimerId;
  kind: TimerKind;
  unit: TimerUnit;
  params: Record<EditionId, TimerParams>;
  reminders: { unit: ReminderUnit; offsets: readonly number[] };
  onMissed: MissedOutcome;
  /** A late act needs this body's consent (PROC-CEREMONY-CONSENT). */
  lateNeedsConsent?: 'upper';
  responsible: ResponsibleBody | null;
  label: Label;
  countedFrom: Label;
  consequence: Label;
  basis: readonly Citation[];
}

/** Same parameters in both editions: §1 takes 2021-07 as equal to 2025-07 except the decision timer. */
const both = (p: TimerParams): Record<EditionId, TimerParams> => ({ '2021-07': p, '2025-07': p });

const WD10_3 = { unit: 'workingDays', offsets: [10, 3] } as const;

export const TIMERS: Readonly<Record<TimerId, TimerDefinition>> = {
  backgroundCheckAnswer: {
    id: 'backgroundCheckAnswer',
    kind: 'deadline',
    unit: 'workingDays',
    params: both({ length: 30, extension: 0, variants: { abroad: 90 } }),
    reminders: WD10_3,
    onMissed: 'base',
    responsible: 'ASKED_COMMITTEE',
    label: { vi: 'Trả lời thẩm tra lý lịch', en: 'Background verification answer' },
    countedFrom: {
      vi: 'ngày cấp ủy được hỏi nhận yêu cầu (không rõ thì ngày gửi, hạn là ước tính)',
      en: 'request received by the asked committee (if unknown, the sending date; the deadline is then estimated)',
    },
    consequence: { vi: 'quá hạn: báo cáo đảng ủy cơ sở', en: 'overdue: escalate to the base committee' },
    basis: [{ instrument: INSTRUMENTS.HD06.code, section: '§3.4d' }],
  },
  awarenessCertValidity: {
    id: 'awarenessCertValidity',
    kind: 'validity',
    unit: 'months',
    params: both({ length: 60, extension: 0 }),
    reminders: { unit: 'calendarDays', offsets: [90, 30] },
    onMissed: 'expires',
    responsible: 'CELL',
    label: { vi: 'Hiệu lực giấy chứng nhận bồi dưỡng nhận thức về Đảng', en: 'Awareness course certificate validity' },
    countedFrom: { vi: 'ngày cấp giấy chứng nhận, tính đến ngày chi bộ ra nghị quyết', en: 'certificate issue date, measured to the cell resolution' },
    consequence: { vi: 'hết hiệu lực: phải học lại lớp bồi dưỡng', en: 'expired: the course must be retaken' },
    basis: [{ instrument: INSTRUMENTS.HD06.code, section: '§5.4b' }],
  },
  dossierFreshness: {
    id: 'dossierFreshness',
    kind: 'validity',
    unit: 'months',
    params: both({ length: 12, extension: 0 }),
    reminders: { unit: 'calendarDays', offsets: [60, 14] },
    onMissed: 'expires',
    responsible: 'CELL',
    label: { vi: 'Thời hạn hồ sơ xin vào Đảng', en: 'Admission dossier freshness' },
    countedFrom: {
      vi: 'ngày được cho phép làm hồ sơ (không có thì ngày viết đơn)',
      en: 'clearance to compile the dossier (failing that, the application date)',
    },
    consequence: {
      vi: 'quá 12 tháng: làm lại giới thiệu, nghị quyết Đoàn/Công đoàn, nhận xét; thẩm tra bổ sung lý lịch',
      en: 'stale: redo introductions, Youth Union/union resolution and opinions; supplement the verification',
    },
    basis: [{ instrument: INSTRUMENTS.HD06.code, section: '§5.4a' }],
  },
  admissionDecision: {
    id: 'admissionDecision',
    kind: 'deadline',
    unit: 'workingDays',
    params: { '2021-07': { length: 60, extension: 30 }, '2025-07': { length: 45, extension: 15 } },
    reminders: WD10_3,
    onMissed: 'competentSupervisor',
    responsible: 'COMPETENT',
    label: { vi: 'Quyết định kết nạp', en: 'Admission decision' },
    countedFrom: { vi: 'ngày chi bộ ra nghị quyết đề nghị kết nạp', en: 'cell resolution date' },
    consequence: { vi: 'quá hạn: báo cáo cấp trên của cấp ủy có thẩm quyền', en: 'overdue: escalate to the supervisor of the competent committee' },
    basis: [{ instrument: INSTRUMENTS.QD294.code, section: '§4.3.1' }],
  },
  ceremony: {
    id: 'ceremony',
    kind: 'deadline',
    unit: 'workingDays',
    params: both({ length: 30, extension: 0 }),
    reminders: WD10_3,
    onMissed: 'upper',
    lateNeedsConsent: 'upper',
    responsible: 'CELL',
    label: { vi: 'Lễ kết nạp', en: 'Admission ceremony' },
    countedFrom: { vi: 'ngày chi bộ nhận quyết định kết nạp', en: 'decision received by the cell' },
    consequence: { vi: 'quá hạn: phải được cấp ủy cấp trên đồng ý; báo cáo cấp trên', en: 'late: needs the upper committee’s consent; escalate' },
    basis: [
      { instrument: INSTRUMENTS.QD294.code, section: '§4.1' },
      { instrument: INSTRUMENTS.HD06.code, section: '§3.8' },
    ],
  },
  memberRecord: {
    id: 'memberRecord',
    kind: 'deadline',
    unit: 'workingDays',
    params: both({ length: 30, extension: 0 }),
    reminders: { unit: 'workingDays', offsets: [5] },
    onMissed: 'base',
    responsible: 'MEMBER',
    label: { vi: 'Khai lý lịch đảng viên và phiếu đảng viên', en: 'Member record and card slip filed' },
    countedFrom: { vi: 'ngày lễ kết nạp', en: 'ceremony date' },
    consequence: { vi: 'quá hạn: báo cáo đảng ủy cơ sở', en: 'overdue: escalate to the base committee' },
    basis: [{ instrument: INSTRUMENTS.HD38.code, section: '§I.2.2' }],
  },
  probationEnd: {
    id: 'probationEnd',
    kind: 'milestone',
    unit: 'months',
    params: both({ length: 12, extension: 0 }),
    reminders: { unit: 'calendarDays', offsets: [30, 7] },
    onMissed: 'opensStep',
    responsible: null,
    label: { vi: 'Hết thời gian dự bị', en: 'End of probation' },
    countedFrom: { vi: 'ngày lễ kết nạp', en: 'ceremony date' },
    consequence: { vi: 'mở bước xét công nhận đảng viên chính thức', en: 'opens the recognition step' },
    basis: [{ instrument: CHARTER.code, section: 'Điều 5.1' }],
  },
  cellRecognitionResolution: {
    id: 'cellRecognitionResolution',
    kind: 'deadline',
    unit: 'workingDays',
    params: both({ length: 30, extension: 0 }),
    reminders: WD10_3,
    onMissed: 'base',
    responsible: 'CELL',
    label: { vi: 'Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức', en: 'Cell resolution on recognition' },
    countedFrom: { vi: 'ngày hết 12 tháng dự bị (I-4)', en: 'the day the 12 months end (I-4)' },
    consequence: { vi: 'quá hạn: báo cáo đảng ủy cơ sở', en: 'overdue: escalate to the base committee' },
    basis: [{ instrument: INSTRUMENTS.QD294.code, section: '§4.2.1' }],
  },
  recognitionDecision: {
    id: 'recognitionDecision',
    kind: 'deadline',
    unit: 'workingDays',
    // QĐ24 §4.3 (edition 2021-07) sets both decision deadlines in one clause with one extension,
    // "trường hợp đặc biệt, có thể gia hạn tối đa 30 ngày làm việc"; QĐ294 §4.3.1 cut it to 15 wd.
    params: { '2021-07': { length: 30, extension: 30 }, '2025-07': { length: 30, extension: 15 } },
    reminders: WD10_3,
    onMissed: 'competentSupervisor',
    responsible: 'COMPETENT',
    label: { vi: 'Quyết định công nhận đảng viên chính thức', en: 'Recognition decision' },
    countedFrom: { vi: 'ngày chi bộ ra nghị quyết đề nghị công nhận', en: 'cell recognition resolution' },
    consequence: { vi: 'quá hạn: báo cáo cấp trên của cấp ủy có thẩm quyền', en: 'overdue: escalate to the supervisor of the competent committee' },
    basis: [{ instrument: INSTRUMENTS.QD294.code, section: '§4.3.1' }],
  },
  transferForward: {
    id: 'transferForward',
    kind: 'deadline',
    unit: 'workingDays',
    params: both({ length: 15, extension: 0 }),
    reminders: { unit: 'workingDays', offsets: [5] },
    onMissed: 'competentSupervisor',
    responsible: 'COMPETENT',
    label: { vi: 'Chuyển hồ sơ khi chuyển sinh hoạt', en: 'Dossier forwarded after a transfer' },
    countedFrom: { vi: 'ngày cấp ủy có thẩm quyền biết việc chuyển', en: 'transfer known to the competent committee' },
    consequence: { vi: 'quá hạn: báo cáo cấp trên', en: 'overdue: escalate' },
    basis: [{ instrument: INSTRUMENTS.HD06.code, section: '§3.9b' }],
  },
  transferDecide: {
    id: 'transferDecide',
    kind: 'deadline',
    unit: 'workingDays',
    params: both({ length: 30, extension: 0 }),
    reminders: WD10_3,
    onMissed: 'competentSupervisor',
    responsible: 'DESTINATION_COMPETENT',
    label: { vi: 'Nơi đến xem xét quyết định kết nạp', en: 'Destination decides after a transfer' },
    countedFrom: { vi: 'ngày nhận hồ sơ', en: 'dossier received' },
    consequence: { vi: 'quá hạn: báo cáo lý do lên cấp trên', en: 'overdue: report the reason upward' },
    basis: [{ instrument: INSTRUMENTS.HD06.code, section: '§3.9b' }],
  },
  transferReview: {
    id: 'transferReview',
    kind: 'deadline',
    unit: 'workingDays',
    params: both({ length: 60, extension: 0 }),
    reminders: { unit: 'workingDays', offsets: [10] },
    onMissed: 'competentSupervisor',
    responsible: 'DESTINATION_COMPETENT',
    label: { vi: 'Xem xét sai sót thủ tục sau khi chuyển', en: 'Review of procedural defects after a transfer' },
    countedFrom: { vi: 'ngày đề nghị xem xét', en: 'review requested' },
    consequence: { vi: 'quá hạn: báo cáo cấp trên', en: 'overdue: escalate' },
    basis: [{ instrument: INSTRUMENTS.HD06.code, section: '§3.9c' }],
  },
  removalComplaint: {
    id: 'removalComplaint',
    kind: 'window',
    unit: 'workingDays',
    params: both({ length: 30, extension: 0 }),
    reminders: { unit: 'workingDays', offsets: [] },
    onMissed: 'none',
    responsible: 'MEMBER',
    label: { vi: 'Thời hạn khiếu nại quyết định xóa tên', en: 'Complaint against removal' },
    countedFrom: { vi: 'ngày nhận quyết định xóa tên', en: 'removal decision received' },
    consequence: { vi: 'hết thời hạn khiếu nại', en: 'closes the complaint window' },
    basis: [{ instrument: INSTRUMENTS.QD294.code, section: '§8.2' }],
  },
  complaintResolution: {
    id: 'complaintResolution',
    kind: 'deadline',
    unit: 'workingDays',
    // QĐ294 §8.2.2: 90 wd for provincial committees and the direct upper committee of a base
    // organisation (the default), 180 wd at the central level (variant), by the resolving body's level.
    params: both({ length: 90, extension: 0, variants: { central: 180 } }),
    reminders: { unit: 'workingDays', offsets: [10] },
    onMissed: 'upper',
    responsible: 'COMPLAINT_BODY',
    label: { vi: 'Giải quyết khiếu nại', en: 'Complaint resolution' },
    countedFrom: { vi: 'ngày nhận khiếu nại', en: 'complaint received' },
    consequence: { vi: 'quá hạn: báo cáo cấp trên', en: 'overdue: escalate' },
    basis: [{ instrument: INSTRUMENTS.QD294.code, section: '§8.2.2' }],
  },
};

export function isTimerId(value: unknown): value is TimerId {
  return typeof value === 'string' && (TIMER_IDS as readonly string[]).includes(value);
}

export function getTimer(id: TimerId): TimerDefinition {
  return TIMERS[id];
}

/** The edition in force on a timer's start date, or null before 2021-07-30 (imported history only). */
export function editionForStart(start: LocalDate): EditionId | null {
  try {
    return editionOn(start).id;
  } catch (error) {
    if (error instanceof NoEditionError) return null;
    throw error;
  }
}

export interface ResolvedTimerParams {
  edition: EditionId;
  variant: TimerVariant | 'default';
  length: number;
  extension: number;
}

/** Length and extension of a timer for an edition and the options that pick a variant. */
export function timerParams(
  id: TimerId,
  edition: EditionId,
  options: { abroad?: boolean; level?: ComplaintLevel } = {},
): ResolvedTimerParams {
  const p = TIMERS[id].params[edition];
  const variant: TimerVariant | 'default' =
    options.abroad === true && p.variants?.abroad !== undefined
      ? 'abroad'
      : options.level === 'central' && p.variants?.central !== undefined
        ? 'central'
        : 'default';
  const length = variant === 'default' ? p.length : (p.variants?.[variant] ?? p.length);
  return { edition, variant, length, extension: p.extension };
}

/**
 * Level of the body resolving a complaint (QĐ294 §8.2.2), recorded with the complaint:
 * a provincial committee or the direct upper committee of a base organisation: 90 wd;
 * the central level: 180 wd.
 */
export const COMPLAINT_LEVELS = ['provincial', 'upperCommittee', 'central'] as const;
export type ComplaintLevel = (typeof COMPLAINT_LEVELS)[number];

/** Families of texts that replace one another over time; `sameNumbering` per procedure.md §1. */
const FAMILIES: readonly { members: readonly Instrument[]; sameNumbering: boolean }[] = [
  { members: GUIDANCE, sameNumbering: true },
  { members: WORKING_GUIDE, sameNumbering: false },
  { members: REGULATIONS, sameNumbering: false },
];

/**
 * Cites the text in force on a date: HD06 becomes HD01 with the same section (same numbering);
 * QĐ294 or HD38 before they applied become QĐ24/QĐ232 or HD12 pointing to the current section,
 * because the older section numbers were not verified.
 */
export function citationOn(citation: Citation, date: LocalDate): ResolvedCitation {
  const family = FAMILIES.find((f) => f.members.some((m) => m.code === citation.instrument));
  if (!family) return { ...citation };
  const inForce = family.members.find((i) => date >= i.from && (i.to === undefined || date <= i.to));
  if (!inForce || inForce.code === citation.instrument) return { ...citation };
  return family.sameNumbering
    ? { instrument: inForce.code, section: citation.section }
    : { instrument: inForce.code, correspondsTo: { ...citation } };
}

export function basisOn(id: TimerId, date: LocalDate): ResolvedCitation[] {
  return TIMERS[id].basis.map((c) => citationOn(c, date));
}
