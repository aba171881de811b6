import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../dates.js';
import {
  CHECK_SUBJECTS,
  COMPETENT_KINDS,
  CONSENT_SUBJECTS,
  INTRODUCER_KINDS,
  MEMBER_STATUSES,
  MOTIONS,
  SPECIAL_CATEGORIES,
  type Body,
} from '../rules/case-facts.js';
import { IMPORT_STAGES, REDO_POINTS, type RecordingRole, type SystemRole, TIMER_IDS } from './event-terms.js';
import { formCodesOf as forms } from './form-codes.js';

/*
 * The one definition of every event: its payload as a zod schema (each field carrying its
 * Vietnamese and English description), its acting body and recording roles. Everything else is
 * derived from it: the TypeScript types (`CaseEvent`, z.infer), the payload check of the engine
 * and of the HTTP edge (`parseCaseEvent`), the JSON Schema of the OpenAPI document
 * (`eventJsonSchema`, z.toJSONSchema), the field descriptions of GET /procedure/events that the web
 * builds its forms from (`EVENT_SCHEMAS[type].fields`), and docs/events.md.
 */

export type FieldType = 'date' | 'integer' | 'string' | 'boolean' | 'enum' | 'object' | 'array';

/** One payload field as GET /procedure/events, the docs and the web forms describe it (derived). */
export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
  vi: string;
  en: string;
  maxLength?: number;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** Fields of an object, or of each element of an array of objects. */
  fields?: readonly FieldSpec[];
  /** Element type of an array of scalars. */
  items?: Omit<FieldSpec, 'name' | 'required' | 'vi' | 'en'>;
  maxItems?: number;
}

/** An event as GET /procedure/events lists it: acting body, roles and the payload's fields (derived). */
export interface EventSpec {
  type: CaseEventType;
  /** The acting body of §2; SYSTEM for the worker's timer and for imports of history. */
  body: Body | 'SYSTEM';
  roles: readonly (RecordingRole | SystemRole)[];
  vi: string;
  en: string;
  fields: readonly FieldSpec[];
}

export interface PayloadIssue {
  path: string;
  vi: string;
  en: string;
}

// Field builders keep the table below readable. Each field carries `vi` and `en` (shown by the
// web and the docs) and `description` (both, for the OpenAPI document).
const text2 = (vi: string, en: string) => ({ vi, en, description: `${vi} / ${en}` });
/** Issues the schema raises itself carry their bilingual text in `params`. */
const says = (vi: string, en: string) => ({ params: { vi, en } });

const LOCAL_DATE = z.iso.date().refine((v) => isLocalDate(v), says('Ngày phải là ngày có thật dạng YYYY-MM-DD', 'Date must be a real date YYYY-MM-DD')) as unknown as z.ZodType<LocalDate, string>;
const MAX_INT = 1_000_000;

const date = (vi: string, en: string) => LOCAL_DATE.meta(text2(vi, en));
const text = (maxLength: number, vi: string, en: string) => z.string().min(1).max(maxLength).meta(text2(vi, en));
const int = (min: number, vi: string, en: string) => z.int().min(min).max(MAX_INT).meta(text2(vi, en));
const bool = (vi: string, en: string) => z.boolean().meta(text2(vi, en));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, vi: string, en: string) => z.enum(values).meta(text2(vi, en));
const object = <S extends z.ZodRawShape>(shape: S, vi: string, en: string) => z.strictObject(shape).meta(text2(vi, en));
const listOf = <S extends z.ZodRawShape>(shape: S, vi: string, en: string) => z.array(z.strictObject(shape)).max(50).meta(text2(vi, en));
const textList = (maxLength: number, maxItems: number, vi: string, en: string) => z.array(z.string().min(1).max(maxLength)).max(maxItems).meta(text2(vi, en));
/** An optional field; null counts as absent (as it always has for stored events). */
const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema.optional());

const ID = 64;
const NAME = 200;
const NOTE = 1000;

/**
 * Figures of one act that contradict each other: the minutes are malformed (400 naming the
 * fields), not refused by a rule. A vote's `for`, `against` and their sum may not exceed its
 * `eligible`; every vote of a payload carries the check (a vote, a decision's vote, an import's
 * resolutions). Rules about the figures against the case or the roster stay rules (422).
 */
function voteFigures(vote: { eligible: number; for: number; against: number }, ctx: z.RefinementCtx): void {
  const { eligible, for: votesFor, against } = vote;
  // Figures the field checks already refuse (a negative count) are not compared.
  const count = (n: number) => Number.isInteger(n) && n >= 0;
  if (!count(eligible) || !count(votesFor) || !count(against)) return;
  const issue = (path: 'for' | 'against', vi: string, en: string) => ctx.addIssue({ code: 'custom', path: [path], message: `${vi} / ${en}`, params: { vi, en } });
  if (votesFor > eligible) issue('for', `Số tán thành (${votesFor}) lớn hơn số được biểu quyết (${eligible})`, `for (${votesFor}) exceeds eligible (${eligible})`);
  if (against > eligible) issue('against', `Số không tán thành (${against}) lớn hơn số được biểu quyết (${eligible})`, `against (${against}) exceeds eligible (${eligible})`);
  if (votesFor <= eligible && against <= eligible && votesFor + against > eligible) {
    const vi = `Số tán thành (${votesFor}) cộng không tán thành (${against}) lớn hơn số được biểu quyết (${eligible})`;
    const en = `for (${votesFor}) plus against (${against}) exceeds eligible (${eligible})`;
    issue('for', vi, en);
    issue('against', vi, en);
  }
}

const voteShape = {
  motion: oneOf(MOTIONS, 'Nội dung biểu quyết', 'Motion'),
  meetingDate: date('Ngày họp', 'Meeting date'),
  eligible: int(1, 'Số người được biểu quyết (theo biên bản)', 'Eligible voters (from the minutes)'),
  for: int(0, 'Số tán thành', 'Votes for'),
  against: int(0, 'Số không tán thành', 'Votes against'),
  rosterEligible: opt(int(0, 'Số được biểu quyết theo danh sách đảng viên', 'Eligible per the roster')),
  mismatchReason: opt(text(NOTE, 'Lý do chênh lệch với danh sách', 'Why the minutes differ from the roster')),
  roll: opt(int(0, 'Tổng số đảng viên chính thức của chi bộ', 'Full members on the roll')),
  attendeeIds: opt(
    z
      .array(z.string().min(1).max(ID))
      .max(200)
      .meta(
        text2(
          'Có mặt dù thuộc diện không tính khi vắng (đảng viên miễn sinh hoạt có mặt, biểu quyết; cấp ủy viên chuyển sinh hoạt tạm thời có mặt) — QĐ294 §9.3.2–9.3.3',
          'Present though counted only when present (exempted members who attended and voted; committee members on temporary transfer who attended) — QĐ294 §9.3.2–9.3.3',
        ),
      ),
  ),
};
const voteOf = (vi: string, en: string) => z.strictObject(voteShape).superRefine(voteFigures).meta(text2(vi, en));
const vote = voteOf('Kết quả biểu quyết', 'Vote result');

const helperShape = {
  memberId: text(ID, 'Mã đảng viên', 'Member id'),
  name: text(NAME, 'Họ tên', 'Name'),
  memberStatus: oneOf(MEMBER_STATUSES, 'Đảng viên chính thức hay dự bị', 'Full or probationary member'),
};
const helper = object(helperShape, 'Đảng viên giúp đỡ', 'Helper');

const decidedByShape = {
  id: text(ID, 'Mã cơ quan quyết định', 'Deciding body id'),
  kind: oneOf(COMPETENT_KINDS, 'Loại cơ quan', 'Body kind'),
};
const decisionShape = {
  decisionNo: text(ID, 'Số quyết định', 'Decision number'),
  signedOn: date('Ngày ký', 'Signing date'),
  vote,
  decidedBy: object(decidedByShape, 'Cơ quan quyết định', 'Deciding body'),
};
const { vote: _decisionVote, ...decisionWithoutVote } = decisionShape;

const orgProfileShape = {
  organisationId: text(ID, 'Mã tổ chức đảng', 'Organisation id'),
  hasSubBase: bool('Có đảng ủy bộ phận', 'Has a sub-base committee'),
  isBaseCell: bool('Là chi bộ cơ sở', 'Is a base cell'),
  youthUnionExists: bool('Có tổ chức Đoàn', 'A Youth Union organisation exists'),
  tradeUnionExists: bool('Có Công đoàn', 'A trade union exists'),
  delegatedBase: bool('Đảng ủy cơ sở được ủy quyền kết nạp', 'Base committee delegated to admit'),
  competentBody: object(decidedByShape, 'Cấp ủy có thẩm quyền', 'Competent body'),
  upperStandingCommitteeId: opt(text(ID, 'Ban thường vụ cấp ủy cấp trên', 'Upper standing committee id')),
};

/** A helper as the cell assigns one. */
export type HelperInput = z.output<typeof helper>;
/** A signed decision: number, date, the deciding body's vote and the body. */
export type DecisionInput = z.output<z.ZodObject<typeof decisionShape>>;

const dateOnly = (vi: string, en: string) => ({ date: date(vi, en) });

const importEvidenceShape = {
  sympathiserListedOn: opt(date('Ngày vào danh sách cảm tình Đảng', 'Listed as sympathiser')),
  helper: opt(object({ ...helperShape, assignedOn: date('Ngày phân công', 'Assigned on') }, 'Đảng viên giúp đỡ', 'Helper')),
  awarenessCertIssuedOn: opt(date('Ngày cấp giấy chứng nhận lớp nhận thức', 'Awareness certificate issued')),
  clearedOn: opt(date('Ngày cho phép lập hồ sơ', 'Cleared to compile')),
  applicationOn: opt(date('Ngày đơn', 'Application date')),
  declarationOn: opt(date('Ngày lý lịch', 'Declaration date')),
  backgroundCertifiedOn: opt(date('Ngày chứng nhận lý lịch', 'Background certified')),
  introducers: opt(
    listOf(
      {
        introducerId: text(ID, 'Mã người/tổ chức giới thiệu', 'Introducer id'),
        kind: oneOf(INTRODUCER_KINDS, 'Loại', 'Kind'),
        name: opt(text(NAME, 'Họ tên', 'Name')),
        memberStatus: opt(oneOf(MEMBER_STATUSES, 'Đảng viên chính thức hay dự bị', 'Full or probationary')),
        alongsideSince: opt(date('Cùng công tác từ', 'Alongside since')),
        date: date('Ngày giới thiệu', 'Introduction date'),
        replacementReason: opt(text(NOTE, 'Lý do thay thế', 'Replacement reason')),
      },
      'Người giới thiệu',
      'Introducers',
    ),
  ),
  opinionsOn: opt(date('Ngày tổng hợp ý kiến', 'Opinions consolidated')),
  cellResolution: opt(voteOf('Nghị quyết chi bộ', 'Cell resolution')),
  subBaseReportOn: opt(date('Ngày báo cáo đảng ủy bộ phận', 'Sub-base report')),
  baseResolution: opt(voteOf('Nghị quyết đảng ủy cơ sở', 'Base resolution')),
  decision: opt(object({ ...decisionWithoutVote, receivedOn: opt(date('Ngày chi bộ nhận', 'Received by the cell')) }, 'Quyết định kết nạp', 'Admission decision')),
  ceremonyOn: opt(date('Ngày lễ kết nạp', 'Ceremony date')),
  memberRecordFiledOn: opt(date('Ngày nộp hồ sơ đảng viên', 'Member record filed')),
  newMemberCertIssuedOn: opt(date('Ngày cấp giấy chứng nhận lớp đảng viên mới', 'New-member certificate issued')),
  selfReviewOn: opt(date('Ngày tự kiểm điểm', 'Self-review date')),
  recognitionOpinionsOn: opt(date('Ngày tổng hợp ý kiến (công nhận)', 'Recognition opinions')),
  recognitionCellResolution: opt(voteOf('Nghị quyết chi bộ công nhận', 'Cell recognition resolution')),
  recognitionDecision: opt(object(decisionWithoutVote, 'Quyết định công nhận', 'Recognition decision')),
};

/** Evidence of steps taken before the case entered the engine (audited, never guarded). */
export type ImportEvidence = z.output<z.ZodObject<typeof importEvidenceShape>>;

const CELL: readonly RecordingRole[] = ['cellCommittee', 'admin'];
const BASE: readonly RecordingRole[] = ['baseCommitteeStaff', 'admin'];
const CELL_OR_BASE: readonly RecordingRole[] = ['cellCommittee', 'baseCommitteeStaff', 'admin'];
const COMPETENT: readonly RecordingRole[] = ['competentStaff', 'organisationDepartment', 'admin'];
const UPPER: readonly RecordingRole[] = ['baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'admin'];

interface EventDefinition<S extends z.ZodRawShape = z.ZodRawShape> {
  body: Body | 'SYSTEM';
  roles: readonly (RecordingRole | SystemRole)[];
  vi: string;
  en: string;
  /** The payload's fields, `type` aside. */
  shape: S;
}

const ev = <S extends z.ZodRawShape>(body: EventDefinition['body'], roles: EventDefinition['roles'], vi: string, en: string, shape: S): EventDefinition<S> => ({ body, roles, vi, en, shape });

/** The single source of truth for every event's payload, acting body and recording roles. */
export const EVENT_DEFINITIONS = {
  'sympathiser.listed': ev('CELL', CELL, 'Chi bộ đưa vào danh sách cảm tình Đảng và phân công đảng viên giúp đỡ', 'The cell puts the person on the sympathiser list and assigns a helper', { resolutionDate: date('Ngày nghị quyết chi bộ', 'Cell resolution date'), helper }),
  'sympathiser.removed': ev('CELL', CELL, 'Chi bộ đưa ra khỏi danh sách cảm tình Đảng', 'The cell removes the person from the sympathiser list', { resolutionDate: date('Ngày nghị quyết chi bộ', 'Cell resolution date'), reason: text(NOTE, 'Lý do', 'Reason') }),
  'helper.assigned': ev('CELL', CELL, 'Chi bộ phân công đảng viên giúp đỡ mới', 'The cell assigns a new helper', { date: date('Ngày phân công', 'Assignment date'), helper, reason: opt(text(NOTE, 'Lý do thay đổi', 'Why the helper changes')), previousHelperAssessmentOn: opt(date('Ngày nhận xét của đảng viên giúp đỡ trước', 'Assessment by the leaving helper')) }),
  'awarenessCourse.certified': ev('TRAINING', CELL_OR_BASE, 'Cấp giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng', 'Awareness-course certificate issued', { issuedOn: date('Ngày cấp', 'Issue date'), certificateNo: opt(text(ID, 'Số giấy chứng nhận', 'Certificate number')) }),
  'dossier.cleared': ev('BASE', UPPER, 'Đảng ủy cơ sở đồng ý cho lập hồ sơ', 'BASE clears the sympathiser to compile the dossier', { decisionDate: date('Ngày quyết định', 'Decision date'), decisionNo: opt(text(ID, 'Số văn bản', 'Document number')) }),
  'application.filed': ev('CANDIDATE', CELL, `Người vào Đảng nộp đơn (mẫu ${forms('application.filed')})`, `The candidate files the application (Doc ${forms('application.filed')})`, dateOnly('Ngày đơn', 'Application date')),
  'background.declared': ev('CANDIDATE', CELL_OR_BASE, `Người vào Đảng khai lý lịch (mẫu ${forms('background.declared')})`, `The candidate files the background declaration (Doc ${forms('background.declared')})`, dateOnly('Ngày khai', 'Declaration date')),
  'backgroundCheck.requested': ev('BASE', BASE, 'Gửi yêu cầu thẩm tra lý lịch', 'A background verification request is sent', { requestId: text(ID, 'Mã yêu cầu', 'Request id'), subject: oneOf(CHECK_SUBJECTS, 'Người được thẩm tra', 'Person verified'), abroad: bool('Ở nước ngoài (90 ngày làm việc)', 'Abroad (90 wd)'), sentOn: date('Ngày gửi', 'Sent on'), receivedOn: opt(date('Ngày nơi được hỏi nhận (nếu biết)', 'Received by the asked committee (if known)')), politicalHistoryExempt: opt(bool('Miễn thẩm tra lịch sử chính trị (người thân là đảng viên)', 'Political history exempt (relative is a member)')), exemptionBasis: opt(text(NOTE, 'Căn cứ miễn', 'Exemption basis')) }),
  'backgroundCheck.answered': ev('BASE', BASE, 'Nhận kết quả thẩm tra lý lịch', 'A verification answer is received', { requestId: text(ID, 'Mã yêu cầu', 'Request id'), answeredOn: date('Ngày trả lời', 'Answer date'), finding: oneOf(['clear', 'issue'], 'Kết quả', 'Finding') }),
  'background.certified': ev('BASE', UPPER, 'Đảng ủy cơ sở (cấp trên với chi bộ cơ sở) chứng nhận lý lịch', 'BASE (the upper committee for a base cell) certifies the declaration', { date: date('Ngày chứng nhận', 'Certification date'), politicalIssue: bool('Có vấn đề về tiêu chuẩn chính trị', 'A political-standards issue is flagged'), issueSummary: opt(text(NOTE, 'Tóm tắt vấn đề', 'Issue summary')), familyResidence: opt(object({ confirmedBy: text(NAME, 'Cấp ủy xã, phường, đặc khu xác nhận', 'Commune party committee that confirmed'), confirmedOn: date('Ngày xác nhận', 'Confirmation date'), documentNo: opt(text(ID, 'Số văn bản', 'Document number')) }, 'Gia đình sinh sống tại quê quán cùng một tổ chức đảng từ đời ông, bà nội, có xác nhận của cấp ủy xã: không cần thẩm tra riêng (HD06 §3.4c)', 'Family in the same commune since the paternal grandparents, confirmed by the commune committee: no separate verification (HD06 §3.4c)')) }),
  'politicalIssue.concluded': ev('COMPETENT', COMPETENT, 'Cấp có thẩm quyền kết luận vấn đề chính trị', 'COMPETENT concludes on the political issue', { date: date('Ngày kết luận', 'Conclusion date'), conclusion: oneOf(['cleared', 'notEligible', 'beyondCompetence'], 'Kết luận', 'Conclusion') }),
  'introduction.memberRecorded': ev('CELL', CELL, `Đảng viên chính thức giới thiệu (mẫu ${forms('introduction.memberRecorded')})`, `A full member’s introduction letter (Doc ${forms('introduction.memberRecorded')})`, { introducerId: text(ID, 'Mã đảng viên', 'Member id'), name: text(NAME, 'Họ tên', 'Name'), memberStatus: oneOf(MEMBER_STATUSES, 'Chính thức hay dự bị', 'Full or probationary'), alongsideSince: date('Cùng công tác, học tập, sinh sống từ', 'Alongside the candidate since'), letterDate: date('Ngày giới thiệu', 'Letter date'), joint: opt(bool(`Hai đảng viên cùng giới thiệu (mẫu ${forms('introduction.memberRecorded')})`, `Joint letter (Doc ${forms('introduction.memberRecorded')})`)) }),
  'introduction.youthUnionResolved': ev('YOUTH', CELL, `Nghị quyết giới thiệu của Đoàn cơ sở (mẫu ${forms('introduction.youthUnionResolved')})`, `Youth Union introduction resolution (Doc ${forms('introduction.youthUnionResolved')})`, { resolutionDate: date('Ngày nghị quyết', 'Resolution date'), resolutionNo: opt(text(ID, 'Số nghị quyết', 'Resolution number')) }),
  'introduction.tradeUnionResolved': ev('UNION', CELL, `Nghị quyết giới thiệu của Công đoàn cơ sở (mẫu ${forms('introduction.tradeUnionResolved')})`, `Trade-union introduction resolution (Doc ${forms('introduction.tradeUnionResolved')})`, { resolutionDate: date('Ngày nghị quyết', 'Resolution date'), resolutionNo: opt(text(ID, 'Số nghị quyết', 'Resolution number')) }),
  'introducer.replaced': ev('CELL', CELL, 'Chi bộ phân công người giới thiệu thay thế (không cần 12 tháng)', 'The cell assigns a replacement introducer (without the 12 months)', { date: date('Ngày phân công', 'Assignment date'), replacedIntroducerId: text(ID, 'Người giới thiệu được thay', 'Replaced introducer'), reason: text(NOTE, 'Lý do (chuyển sinh hoạt, bị kỷ luật, ...)', 'Reason (transferred, disciplined, ...)'), replacement: object({ introducerId: text(ID, 'Mã đảng viên', 'Member id'), name: text(NAME, 'Họ tên', 'Name'), memberStatus: oneOf(MEMBER_STATUSES, 'Chính thức hay dự bị', 'Full or probationary'), alongsideSince: opt(date('Cùng công tác từ', 'Alongside since')) }, 'Người giới thiệu mới', 'New introducer') }),
  'opinions.consolidated': ev('CELL', CELL, `Chi ủy tổng hợp ý kiến nhận xét (mẫu ${forms('opinions.consolidated', ['consolidated'])})`, `The cell committee consolidates the opinions (Doc ${forms('opinions.consolidated', ['consolidated'])})`, { date: date('Ngày tổng hợp', 'Consolidation date'), residence: oneOf(['included', 'exempt'], 'Ý kiến nơi cư trú', 'Residence opinion'), exemptionBasis: opt(text(NOTE, 'Căn cứ miễn ý kiến nơi cư trú', 'Basis of the residence exemption')), massOrganisations: opt(textList(NAME, 20, 'Các đoàn thể cho ý kiến', 'Mass organisations consulted')) }),
  'dossier.renewed': ev('CELL', CELL, 'Làm lại hồ sơ quá 12 tháng (giới thiệu, ý kiến, bổ sung thẩm tra)', 'Dossier redone after 12 months (introductions, opinions, supplementary verification)', { date: date('Ngày làm lại', 'Renewal date'), backgroundChanged: opt(bool('Lý lịch có thay đổi so với lần thẩm tra trước (phải thẩm tra bổ sung)', 'The background changed since the last verification (supplement it)')), changeNote: opt(text(NOTE, 'Nội dung thay đổi', 'What changed')) }),
  'dossier.localDocumentFiled': ev('CELL', CELL_OR_BASE, 'Nộp tài liệu bổ sung theo quy định địa phương', 'A document a local rule requires is filed', { date: date('Ngày nộp', 'Filing date'), code: text(ID, 'Mã tài liệu', 'Document code') }),
  'cell.admissionVoted': ev('CELL', CELL, `Chi bộ biểu quyết đề nghị kết nạp (mẫu ${forms('cell.admissionVoted')})`, `The cell votes on proposing admission (Doc ${forms('cell.admissionVoted')})`, { vote }),
  'subBase.appraised': ev('SUB', BASE, `Đảng ủy bộ phận thẩm định (mẫu ${forms('subBase.appraised')})`, `The sub-base committee appraises (Doc ${forms('subBase.appraised')})`, { date: date('Ngày báo cáo', 'Report date'), recommendation: oneOf(['support', 'notSupport'], 'Đề nghị', 'Recommendation'), reportNo: opt(text(ID, 'Số báo cáo', 'Report number')) }),
  'base.admissionVoted': ev('BASE', BASE, `Đảng ủy cơ sở biểu quyết đề nghị kết nạp (mẫu ${forms('base.admissionVoted')})`, `The base committee votes on admission (Doc ${forms('base.admissionVoted')})`, { vote }),
  'decision.admissionSigned': ev('COMPETENT', COMPETENT, `Cấp ủy có thẩm quyền biểu quyết và ký quyết định kết nạp (mẫu ${forms('decision.admissionSigned')})`, `COMPETENT votes and signs the admission decision (Doc ${forms('decision.admissionSigned')})`, { ...decisionShape, receivedByCellOn: opt(date('Ngày chi bộ nhận quyết định', 'Received by the cell')) }),
  'decision.receivedByCell': ev('CELL', CELL, 'Chi bộ nhận quyết định kết nạp', 'The cell receives the admission decision', { receivedOn: date('Ngày nhận', 'Receipt date') }),
  'case.notAdmitted': ev('CELL', CELL_OR_BASE.concat(['competentStaff']), 'Không kết nạp sau khi biểu quyết không đạt', 'Not admitted after a failed vote', { date: date('Ngày', 'Date'), reason: text(NOTE, 'Lý do', 'Reason') }),
  'case.withdrawn': ev('CANDIDATE', CELL, 'Người vào Đảng rút đơn', 'The candidate withdraws', { date: date('Ngày', 'Date'), reason: opt(text(NOTE, 'Lý do', 'Reason')) }),
  'ceremony.held': ev('CELL', CELL, 'Chi bộ tổ chức lễ kết nạp và phân công đảng viên giúp đỡ', 'The cell holds the ceremony and assigns a helper', { heldOn: date('Ngày lễ kết nạp', 'Ceremony date'), helper, oathRead: bool('Đảng viên mới đã đọc lời tuyên thệ', 'The new member read the oath'), organisationId: opt(text(ID, 'Tổ chức đảng tổ chức lễ', 'Organisation holding the ceremony')) }),
  'ceremony.lateConsentRecorded': ev('BASE', UPPER, 'Cấp ủy cấp trên đồng ý tổ chức lễ kết nạp quá hạn', 'The upper committee consents to a late ceremony', { date: date('Ngày đồng ý', 'Consent date'), documentNo: opt(text(ID, 'Số văn bản', 'Document number')) }),
  'memberRecord.filed': ev('CANDIDATE', CELL_OR_BASE, `Đảng viên khai phiếu đảng viên và lý lịch đảng viên (mẫu ${forms('memberRecord.filed')})`, `The member files the member record and card slip (Doc ${forms('memberRecord.filed')})`, dateOnly('Ngày nộp', 'Filing date')),
  'newMemberCourse.certified': ev('TRAINING', CELL_OR_BASE, 'Cấp giấy chứng nhận lớp bồi dưỡng đảng viên mới', 'New-member course certificate issued', { issuedOn: date('Ngày cấp', 'Issue date'), certificateNo: opt(text(ID, 'Số giấy chứng nhận', 'Certificate number')) }),
  'recognition.selfReviewed': ev('CANDIDATE', CELL, `Đảng viên dự bị viết bản tự kiểm điểm (mẫu ${forms('recognition.selfReviewed')})`, `The probationary member writes the self-review (Doc ${forms('recognition.selfReviewed')})`, dateOnly('Ngày tự kiểm điểm', 'Self-review date')),
  'recognition.helperAssessed': ev('CELL', CELL, `Đảng viên giúp đỡ nhận xét (mẫu ${forms('recognition.helperAssessed')})`, `The helper’s assessment (Doc ${forms('recognition.helperAssessed')})`, { helperId: text(ID, 'Mã đảng viên giúp đỡ', 'Helper member id'), date: date('Ngày nhận xét', 'Assessment date') }),
  'recognition.opinionsConsolidated': ev('CELL', CELL, `Chi ủy tổng hợp ý kiến nhận xét (mẫu ${forms('recognition.opinionsConsolidated', ['consolidated'])})`, `The cell committee consolidates the opinions (Doc ${forms('recognition.opinionsConsolidated', ['consolidated'])})`, dateOnly('Ngày tổng hợp', 'Consolidation date')),
  'cell.recognitionVoted': ev('CELL', CELL, `Chi bộ biểu quyết công nhận đảng viên chính thức hoặc xóa tên (mẫu ${forms('cell.recognitionVoted')})`, `The cell votes to recognise or to remove (Doc ${forms('cell.recognitionVoted')})`, { vote }),
  'base.recognitionVoted': ev('BASE', BASE, `Đảng ủy cơ sở biểu quyết công nhận hoặc xóa tên (mẫu ${forms('base.recognitionVoted')})`, `The base committee votes to recognise or to remove (Doc ${forms('base.recognitionVoted')})`, { vote }),
  'decision.recognitionSigned': ev('COMPETENT', COMPETENT, `Quyết định công nhận đảng viên chính thức, kèm xét phát thẻ đảng (mẫu ${forms('decision.recognitionSigned')})`, `Recognition decision, the party card decided with it (Doc ${forms('decision.recognitionSigned')})`, { ...decisionShape, partyCardDecided: bool('Đã xét phát thẻ đảng', 'Party card decided') }),
  'decision.removalSigned': ev('COMPETENT', COMPETENT, `Quyết định xóa tên đảng viên dự bị (mẫu ${forms('decision.removalSigned')})`, `Decision removing the probationary member (Doc ${forms('decision.removalSigned')})`, { ...decisionShape, receivedOn: opt(date('Ngày đương sự nhận quyết định', 'Received by the person')) }),
  'removal.decisionReceived': ev('CANDIDATE', CELL_OR_BASE, 'Đương sự nhận quyết định xóa tên', 'The person receives the removal decision', { receivedOn: date('Ngày nhận', 'Receipt date') }),
  'removal.complaintLodged': ev('CANDIDATE', UPPER, 'Khiếu nại quyết định xóa tên', 'A complaint against the removal', { receivedOn: date('Ngày nhận khiếu nại', 'Complaint received'), level: oneOf(['provincial', 'upperCommittee', 'central'], 'Cấp giải quyết (QĐ294 §8.2.2)', 'Resolving level (QĐ294 §8.2.2)') }),
  'complaint.resolved': ev('PROVINCE', ['organisationDepartment', 'admin'], 'Giải quyết khiếu nại', 'The complaint is resolved', { date: date('Ngày giải quyết', 'Resolution date'), outcome: oneOf(['upheld', 'rejected'], 'Kết quả', 'Outcome') }),
  'decision.cancelled': ev('COMPETENT', COMPETENT, `Hủy quyết định kết nạp sai (mẫu ${forms('decision.cancelled')})`, `A wrongful admission decision is cancelled (Doc ${forms('decision.cancelled')})`, { date: date('Ngày hủy', 'Cancellation date'), defect: oneOf(['substantive', 'procedural'], 'Không đủ tiêu chuẩn hay sai thủ tục', 'Criterion not met, or procedure wrong'), redoFrom: opt(oneOf(REDO_POINTS, 'Bước làm lại (sai thủ tục)', 'Step to redo (procedural defect)')), reason: text(NOTE, 'Lý do', 'Reason'), proposedBy: text(NAME, 'Người/cơ quan đề nghị', 'Proposed by'), decidedBy: text(NAME, 'Người/cơ quan quyết định', 'Decided by'), higherConsentOn: opt(date('Ngày cấp ủy cấp trên đồng ý (đã tiếp nhận)', 'Higher committee consent (member already received)')) }),
  'transfer.recorded': ev('BASE', UPPER, 'Người vào Đảng/đảng viên dự bị chuyển sinh hoạt', 'The candidate or probationary member moves', { date: date('Ngày chuyển (quyết định chuyển)', 'Transfer date'), toOrganisationId: text(ID, 'Tổ chức đảng nơi đến', 'Destination organisation'), newOrganisation: opt(object(orgProfileShape, 'Hồ sơ tổ chức nơi đến', 'Destination profile')), dossierSentToCompetent: opt(bool('Hồ sơ đã gửi cấp có thẩm quyền', 'The dossier was already sent to COMPETENT')), sameDecidingCommittee: opt(bool('Nơi đến cùng cấp ủy quyết định', 'Destination under the same deciding committee')), freshDecisionRequired: opt(bool('Quyết định ra quá 30 ngày làm việc sau quyết định chuyển: nơi đến quyết định lại', 'Decision came more than 30 wd after the transfer: the destination decides afresh')) }),
  'transfer.dossierForwarded': ev('COMPETENT', COMPETENT, 'Cấp có thẩm quyền chuyển hồ sơ đến nơi mới', 'COMPETENT forwards the dossier to the destination', { date: date('Ngày chuyển', 'Forwarding date'), receivedOn: date('Ngày nơi đến nhận', 'Received by the destination') }),
  'transfer.reviewRequested': ev('COMPETENT', COMPETENT, 'Nơi đến yêu cầu xem xét sai sót thủ tục', 'The destination requests a review of procedural defects', dateOnly('Ngày yêu cầu', 'Request date')),
  'transfer.reviewCompleted': ev('COMPETENT', COMPETENT, 'Hoàn thành xem xét sai sót thủ tục', 'The procedural review is completed', { date: date('Ngày hoàn thành', 'Completion date'), outcome: oneOf(['noDefect', 'defectsFound'], 'Kết quả', 'Outcome') }),
  'consent.provinceRecorded': ev('PROVINCE', ['organisationDepartment', 'competentStaff', 'admin'], 'Ý kiến bằng văn bản của Ban thường vụ tỉnh ủy', 'PROVINCE’s written consent', { date: date('Ngày văn bản', 'Document date'), subject: oneOf(CONSENT_SUBJECTS, 'Trường hợp', 'Case'), documentNo: opt(text(ID, 'Số văn bản', 'Document number')) }),
  'attestation.recorded': ev('CELL', CELL_OR_BASE, 'Xác nhận sức khỏe, uy tín hoặc lý do (trên 60 tuổi)', 'Health-and-prestige attestation or the reason (over 60)', { date: date('Ngày', 'Date'), kind: oneOf(['healthAndPrestige', 'overSixtyReason'], 'Loại', 'Kind'), reason: opt(text(NOTE, 'Lý do (không có tổ chức đảng nơi làm việc/cư trú, yêu cầu đặc biệt)', 'Reason (no party where the person works or lives, special requirement)')) }),
  'specialCategory.evidenceRecorded': ev('BASE', UPPER, 'Ghi nhận hồ sơ trường hợp đặc biệt', 'Evidence for a special category', { date: date('Ngày', 'Date'), category: oneOf(SPECIAL_CATEGORIES, 'Trường hợp', 'Category'), document: text(NOTE, 'Tài liệu', 'Document') }),
  'deadline.fired': ev('SYSTEM', ['system'], 'Đến hạn (do hệ thống gửi)', 'A timer is due (sent by the worker)', { timerId: oneOf(TIMER_IDS, 'Thời hạn', 'Timer'), dueDate: date('Ngày đến hạn', 'Due date'), key: opt(text(200, 'Khóa thời hạn', 'Deadline key')) }),
  'case.imported': ev('SYSTEM', ['admin'], 'Nhập hồ sơ đang dở (chỉ kiểm tra, không chặn)', 'Import a running case at a stage (audited, not guarded)', { importedOn: date('Ngày nhập', 'Import date'), stage: oneOf(IMPORT_STAGES, 'Giai đoạn', 'Stage'), evidence: object(importEvidenceShape, 'Các bước đã làm', 'Steps already taken'), source: text(NAME, 'Nguồn hồ sơ', 'Source of the records'), note: opt(text(NOTE, 'Ghi chú', 'Note')) }),
} satisfies Record<string, EventDefinition>;

type Definitions = typeof EVENT_DEFINITIONS;
type CaseEventType = keyof Definitions;

/** One event as the engine and the API receive it: `type` and its payload, inferred from the definition. */
export type EventFromDefinition<T extends keyof Definitions> = { type: T } & z.output<z.ZodObject<Definitions[T]['shape']>>;
/** Every event of the procedure (a discriminated union on `type`), inferred from the definitions. */
export type DefinedCaseEvent = { [T in keyof Definitions]: EventFromDefinition<T> }[keyof Definitions];

export const EVENT_TYPES = Object.keys(EVENT_DEFINITIONS) as CaseEventType[];

export function isCaseEventType(value: unknown): value is CaseEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_DEFINITIONS, value);
}

/** The whole event (`type` included) as one strict zod object per type. */
const EVENT_ZOD = Object.fromEntries(
  EVENT_TYPES.map((type) => {
    const d: EventDefinition = EVENT_DEFINITIONS[type];
    return [type, z.strictObject({ type: z.literal(type), ...d.shape }).meta({ title: type, description: `${d.vi} / ${d.en}` })];
  }),
) as unknown as Record<CaseEventType, z.ZodType>;

/** The zod schema of one event type (for callers that compose it, e.g. a correction's payload). */
export function eventSchemaOf(type: CaseEventType): z.ZodType {
  return EVENT_ZOD[type];
}

type JsonSchema = {
  type?: string;
  format?: string;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  vi?: string;
  en?: string;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  [key: string]: unknown;
};

/**
 * JSON Schema of one event, `type` included, from z.toJSONSchema. `openapi` gives the OpenAPI 3.0
 * flavour (the description only, no `vi`/`en` keywords, dates by `format`).
 */
export function eventPayloadJsonSchema(type: CaseEventType, options: { openapi?: boolean } = {}): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(EVENT_ZOD[type], {
    ...(options.openapi ? { target: 'openapi-3.0' as const } : {}),
    override: (ctx) => {
      if (!options.openapi) return;
      const js = ctx.jsonSchema as JsonSchema;
      delete js.vi;
      delete js.en;
      if (js.format === 'date') delete js.pattern;
    },
  }) as JsonSchema;
  return schema;
}

function fieldsOf(schema: JsonSchema, skip: readonly string[] = []): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, p]) => ({ name, ...shapeOf(p), required: required.has(name), vi: p.vi ?? '', en: p.en ?? '' }));
}

function shapeOf(p: JsonSchema): Omit<FieldSpec, 'name' | 'required' | 'vi' | 'en'> {
  switch (p.type) {
    case 'string':
      if (p.format === 'date') return { type: 'date' };
      if (p.enum) return { type: 'enum', values: p.enum };
      return { type: 'string', maxLength: p.maxLength };
    case 'integer':
      return { type: 'integer', min: p.minimum, max: p.maximum };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return { type: 'object', fields: fieldsOf(p) };
    case 'array': {
      const items = p.items ?? {};
      return items.type === 'object' ? { type: 'array', fields: fieldsOf(items), maxItems: p.maxItems } : { type: 'array', items: shapeOf(items), maxItems: p.maxItems };
    }
    default:
      throw new Error(`An event field of JSON Schema type ${String(p.type)} has no description`);
  }
}

/**
 * Every event's acting body, recording roles and payload fields, as GET /procedure/events serves
 * them to the web's forms and the docs render them: derived from the zod definitions through
 * their JSON Schema.
 */
export const EVENT_SCHEMAS: Readonly<Record<CaseEventType, EventSpec>> = Object.fromEntries(
  EVENT_TYPES.map((type) => {
    const { body, roles, vi, en } = EVENT_DEFINITIONS[type];
    return [type, { type, body, roles, vi, en, fields: fieldsOf(eventPayloadJsonSchema(type), ['type']) }];
  }),
) as unknown as Record<CaseEventType, EventSpec>;

/** Whether a role may record an event (inspection records nothing; imports are admin only). */
export function canRecord(type: CaseEventType, role: RecordingRole | SystemRole): boolean {
  return EVENT_DEFINITIONS[type].roles.includes(role);
}

export type ParsedEvent<E> = { ok: true; event: E } | { ok: false; issues: PayloadIssue[] };

/**
 * Checks an event against its definition: the HTTP edge's validation and the engine's own. The
 * event comes back as it was given (nothing transformed); every issue names its field
 * (`vote.for`, `evidence.introducers[0].date`) in Vietnamese and English.
 */
export function parseCaseEvent(input: unknown): ParsedEvent<DefinedCaseEvent> {
  const fail = (path: string, vi: string, en: string): ParsedEvent<never> => ({ ok: false, issues: [{ path, vi, en }] });
  if (typeof input !== 'object' || input === null) return fail('', 'Sự kiện phải là đối tượng', 'The event must be an object');
  const type = (input as { type?: unknown }).type;
  if (!isCaseEventType(type)) return fail('type', `Loại sự kiện không hợp lệ: ${String(type)}`, `Unknown event type: ${String(type)}`);
  const result = EVENT_ZOD[type].safeParse(input);
  if (result.success) return { ok: true, event: input as DefinedCaseEvent };
  return { ok: false, issues: result.error.issues.flatMap((issue) => describeIssue(issue, input)) };
}

const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), input);
}

const TYPE_TEXT: Record<string, [string, string]> = {
  string: ['Phải là chuỗi', 'Must be a string'],
  int: ['Phải là số nguyên', 'Must be an integer'],
  number: ['Phải là số nguyên', 'Must be an integer'],
  boolean: ['Phải là true/false', 'Must be a boolean'],
  object: ['Phải là đối tượng', 'Must be an object'],
  array: ['Phải là danh sách', 'Must be an array'],
};

/** One zod issue in the project's words (Vietnamese first), naming the field. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): PayloadIssue[] {
  const path = pathOf(issue.path);
  const at = (vi: string, en: string): PayloadIssue[] => [{ path, vi, en }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), vi: 'Trường không có trong mô tả', en: 'Unknown field' }));
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      if (value === undefined || value === null) return at('Thiếu trường bắt buộc', 'Required field missing');
      return at(...(TYPE_TEXT[issue.expected] ?? [issue.message, issue.message]));
    }
    case 'invalid_format':
      return at('Ngày phải là ngày có thật dạng YYYY-MM-DD', 'Date must be a real date YYYY-MM-DD');
    case 'too_small':
      return issue.origin === 'string' ? at('Phải là chuỗi không rỗng', 'Must be a non-empty string') : at(`Phải là số nguyên ≥ ${issue.minimum}`, `Must be an integer ≥ ${issue.minimum}`);
    case 'too_big':
      if (issue.origin === 'string') return at(`Tối đa ${issue.maximum} ký tự`, `At most ${issue.maximum} characters`);
      if (issue.origin === 'array') return at(`Tối đa ${issue.maximum} phần tử`, `At most ${issue.maximum} items`);
      return at(`Phải là số nguyên ≤ ${issue.maximum}`, `Must be an integer ≤ ${issue.maximum}`);
    case 'invalid_value':
      return at(`Giá trị phải thuộc: ${issue.values.join(', ')}`, `Must be one of: ${issue.values.join(', ')}`);
    case 'custom': {
      const said = issue.params as { vi?: string; en?: string } | undefined;
      return at(said?.vi ?? issue.message, said?.en ?? issue.message);
    }
    default:
      return at(issue.message, issue.message);
  }
}
