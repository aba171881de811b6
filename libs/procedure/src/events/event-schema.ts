import { isLocalDate } from '../dates.js';
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
import { type CaseEventType, IMPORT_STAGES, REDO_POINTS, type RecordingRole, type SystemRole, TIMER_IDS } from './case-event.event.js';
import { formCodesOf as forms } from './form-codes.js';

export type FieldType = 'date' | 'integer' | 'string' | 'boolean' | 'enum' | 'object' | 'array';

/** One payload field: enough for the HTTP layer to build a validator and the docs. */
export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
  vi: string;
  en: string;
  maxLength?: number;
  min?: number;
  values?: readonly string[];
  /** Fields of an object, or of each element of an array of objects. */
  fields?: readonly FieldSpec[];
  /** Element type of an array of scalars. */
  items?: Omit<FieldSpec, 'name' | 'required' | 'vi' | 'en'>;
  maxItems?: number;
}

export interface EventSpec {
  type: CaseEventType;
  /** The acting body of §2; SYSTEM for the worker's timer and for imports of history. */
  body: Body | 'SYSTEM';
  roles: readonly (RecordingRole | SystemRole)[];
  vi: string;
  en: string;
  fields: readonly FieldSpec[];
}

// Field builders keep the table below readable.
const date = (name: string, vi: string, en: string, required = true): FieldSpec => ({ name, type: 'date', required, vi, en });
const text = (name: string, maxLength: number, vi: string, en: string, required = true): FieldSpec => ({ name, type: 'string', required, maxLength, vi, en });
const int = (name: string, min: number, vi: string, en: string, required = true): FieldSpec => ({ name, type: 'integer', required, min, vi, en });
const bool = (name: string, vi: string, en: string, required = true): FieldSpec => ({ name, type: 'boolean', required, vi, en });
const oneOf = (name: string, values: readonly string[], vi: string, en: string, required = true): FieldSpec => ({ name, type: 'enum', required, values, vi, en });
const object = (name: string, fields: readonly FieldSpec[], vi: string, en: string, required = true): FieldSpec => ({ name, type: 'object', required, fields, vi, en });
const listOf = (name: string, fields: readonly FieldSpec[], vi: string, en: string, required = false): FieldSpec => ({ name, type: 'array', required, fields, maxItems: 50, vi, en });

const ID = 64;
const NAME = 200;
const NOTE = 1000;

const voteFields: readonly FieldSpec[] = [
  oneOf('motion', MOTIONS, 'Nội dung biểu quyết', 'Motion'),
  date('meetingDate', 'Ngày họp', 'Meeting date'),
  int('eligible', 1, 'Số người được biểu quyết (theo biên bản)', 'Eligible voters (from the minutes)'),
  int('for', 0, 'Số tán thành', 'Votes for'),
  int('against', 0, 'Số không tán thành', 'Votes against'),
  int('rosterEligible', 0, 'Số được biểu quyết theo danh sách đảng viên', 'Eligible per the roster', false),
  text('mismatchReason', NOTE, 'Lý do chênh lệch với danh sách', 'Why the minutes differ from the roster', false),
  int('roll', 0, 'Tổng số đảng viên chính thức của chi bộ', 'Full members on the roll', false),
  {
    name: 'attendeeIds',
    type: 'array',
    required: false,
    items: { type: 'string', maxLength: ID },
    maxItems: 200,
    vi: 'Có mặt dù thuộc diện không tính khi vắng (đảng viên miễn sinh hoạt có mặt, biểu quyết; cấp ủy viên chuyển sinh hoạt tạm thời có mặt) — QĐ294 §9.3.2–9.3.3',
    en: 'Present though counted only when present (exempted members who attended and voted; committee members on temporary transfer who attended) — QĐ294 §9.3.2–9.3.3',
  },
];
const vote = object('vote', voteFields, 'Kết quả biểu quyết', 'Vote result');

const helperFields: readonly FieldSpec[] = [
  text('memberId', ID, 'Mã đảng viên', 'Member id'),
  text('name', NAME, 'Họ tên', 'Name'),
  oneOf('memberStatus', MEMBER_STATUSES, 'Đảng viên chính thức hay dự bị', 'Full or probationary member'),
];
const helper = object('helper', helperFields, 'Đảng viên giúp đỡ', 'Helper');

const decidedByFields: readonly FieldSpec[] = [
  text('id', ID, 'Mã cơ quan quyết định', 'Deciding body id'),
  oneOf('kind', COMPETENT_KINDS, 'Loại cơ quan', 'Body kind'),
];
const decisionFields: readonly FieldSpec[] = [
  text('decisionNo', ID, 'Số quyết định', 'Decision number'),
  date('signedOn', 'Ngày ký', 'Signing date'),
  vote,
  object('decidedBy', decidedByFields, 'Cơ quan quyết định', 'Deciding body'),
];

const orgProfileFields: readonly FieldSpec[] = [
  text('organisationId', ID, 'Mã tổ chức đảng', 'Organisation id'),
  bool('hasSubBase', 'Có đảng ủy bộ phận', 'Has a sub-base committee'),
  bool('isBaseCell', 'Là chi bộ cơ sở', 'Is a base cell'),
  bool('youthUnionExists', 'Có tổ chức Đoàn', 'A Youth Union organisation exists'),
  bool('tradeUnionExists', 'Có Công đoàn', 'A trade union exists'),
  bool('delegatedBase', 'Đảng ủy cơ sở được ủy quyền kết nạp', 'Base committee delegated to admit'),
  object('competentBody', decidedByFields, 'Cấp ủy có thẩm quyền', 'Competent body'),
  text('upperStandingCommitteeId', ID, 'Ban thường vụ cấp ủy cấp trên', 'Upper standing committee id', false),
];

const dateOnly = (vi: string, en: string) => [date('date', vi, en)];

const importEvidenceFields: readonly FieldSpec[] = [
  date('sympathiserListedOn', 'Ngày vào danh sách cảm tình Đảng', 'Listed as sympathiser', false),
  object('helper', [...helperFields, date('assignedOn', 'Ngày phân công', 'Assigned on')], 'Đảng viên giúp đỡ', 'Helper', false),
  date('awarenessCertIssuedOn', 'Ngày cấp giấy chứng nhận lớp nhận thức', 'Awareness certificate issued', false),
  date('clearedOn', 'Ngày cho phép lập hồ sơ', 'Cleared to compile', false),
  date('applicationOn', 'Ngày đơn', 'Application date', false),
  date('declarationOn', 'Ngày lý lịch', 'Declaration date', false),
  date('backgroundCertifiedOn', 'Ngày chứng nhận lý lịch', 'Background certified', false),
  listOf(
    'introducers',
    [
      text('introducerId', ID, 'Mã người/tổ chức giới thiệu', 'Introducer id'),
      oneOf('kind', INTRODUCER_KINDS, 'Loại', 'Kind'),
      text('name', NAME, 'Họ tên', 'Name', false),
      oneOf('memberStatus', MEMBER_STATUSES, 'Đảng viên chính thức hay dự bị', 'Full or probationary', false),
      date('alongsideSince', 'Cùng công tác từ', 'Alongside since', false),
      date('date', 'Ngày giới thiệu', 'Introduction date'),
      text('replacementReason', NOTE, 'Lý do thay thế', 'Replacement reason', false),
    ],
    'Người giới thiệu',
    'Introducers',
  ),
  date('opinionsOn', 'Ngày tổng hợp ý kiến', 'Opinions consolidated', false),
  object('cellResolution', voteFields, 'Nghị quyết chi bộ', 'Cell resolution', false),
  date('subBaseReportOn', 'Ngày báo cáo đảng ủy bộ phận', 'Sub-base report', false),
  object('baseResolution', voteFields, 'Nghị quyết đảng ủy cơ sở', 'Base resolution', false),
  object(
    'decision',
    [decisionFields[0]!, decisionFields[1]!, decisionFields[3]!, date('receivedOn', 'Ngày chi bộ nhận', 'Received by the cell', false)],
    'Quyết định kết nạp',
    'Admission decision',
    false,
  ),
  date('ceremonyOn', 'Ngày lễ kết nạp', 'Ceremony date', false),
  date('memberRecordFiledOn', 'Ngày nộp hồ sơ đảng viên', 'Member record filed', false),
  date('newMemberCertIssuedOn', 'Ngày cấp giấy chứng nhận lớp đảng viên mới', 'New-member certificate issued', false),
  date('selfReviewOn', 'Ngày tự kiểm điểm', 'Self-review date', false),
  date('recognitionOpinionsOn', 'Ngày tổng hợp ý kiến (công nhận)', 'Recognition opinions', false),
  object('recognitionCellResolution', voteFields, 'Nghị quyết chi bộ công nhận', 'Cell recognition resolution', false),
  object('recognitionDecision', [decisionFields[0]!, decisionFields[1]!, decisionFields[3]!], 'Quyết định công nhận', 'Recognition decision', false),
];

const CELL: readonly RecordingRole[] = ['cellCommittee', 'admin'];
const BASE: readonly RecordingRole[] = ['baseCommitteeStaff', 'admin'];
const CELL_OR_BASE: readonly RecordingRole[] = ['cellCommittee', 'baseCommitteeStaff', 'admin'];
const COMPETENT: readonly RecordingRole[] = ['competentStaff', 'organisationDepartment', 'admin'];
const UPPER: readonly RecordingRole[] = ['baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'admin'];

const spec = (type: CaseEventType, body: EventSpec['body'], roles: EventSpec['roles'], vi: string, en: string, fields: readonly FieldSpec[]): EventSpec => ({
  type,
  body,
  roles,
  vi,
  en,
  fields,
});

/** The single source of truth for every event's payload, acting body and recording roles. */
export const EVENT_SCHEMAS: Readonly<Record<CaseEventType, EventSpec>> = {
  'sympathiser.listed': spec('sympathiser.listed', 'CELL', CELL, 'Chi bộ đưa vào danh sách cảm tình Đảng và phân công đảng viên giúp đỡ', 'The cell puts the person on the sympathiser list and assigns a helper', [
    date('resolutionDate', 'Ngày nghị quyết chi bộ', 'Cell resolution date'),
    helper,
  ]),
  'sympathiser.removed': spec('sympathiser.removed', 'CELL', CELL, 'Chi bộ đưa ra khỏi danh sách cảm tình Đảng', 'The cell removes the person from the sympathiser list', [
    date('resolutionDate', 'Ngày nghị quyết chi bộ', 'Cell resolution date'),
    text('reason', NOTE, 'Lý do', 'Reason'),
  ]),
  'helper.assigned': spec('helper.assigned', 'CELL', CELL, 'Chi bộ phân công đảng viên giúp đỡ mới', 'The cell assigns a new helper', [
    date('date', 'Ngày phân công', 'Assignment date'),
    helper,
    text('reason', NOTE, 'Lý do thay đổi', 'Why the helper changes', false),
    date('previousHelperAssessmentOn', 'Ngày nhận xét của đảng viên giúp đỡ trước', 'Assessment by the leaving helper', false),
  ]),
  'awarenessCourse.certified': spec('awarenessCourse.certified', 'TRAINING', CELL_OR_BASE, 'Cấp giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng', 'Awareness-course certificate issued', [
    date('issuedOn', 'Ngày cấp', 'Issue date'),
    text('certificateNo', ID, 'Số giấy chứng nhận', 'Certificate number', false),
  ]),
  'dossier.cleared': spec('dossier.cleared', 'BASE', UPPER, 'Đảng ủy cơ sở đồng ý cho lập hồ sơ', 'BASE clears the sympathiser to compile the dossier', [
    date('decisionDate', 'Ngày quyết định', 'Decision date'),
    text('decisionNo', ID, 'Số văn bản', 'Document number', false),
  ]),
  'application.filed': spec('application.filed', 'CANDIDATE', CELL, `Người vào Đảng nộp đơn (mẫu ${forms('application.filed')})`, `The candidate files the application (Doc ${forms('application.filed')})`, dateOnly('Ngày đơn', 'Application date')),
  'background.declared': spec('background.declared', 'CANDIDATE', CELL_OR_BASE, `Người vào Đảng khai lý lịch (mẫu ${forms('background.declared')})`, `The candidate files the background declaration (Doc ${forms('background.declared')})`, dateOnly('Ngày khai', 'Declaration date')),
  'backgroundCheck.requested': spec('backgroundCheck.requested', 'BASE', BASE, 'Gửi yêu cầu thẩm tra lý lịch', 'A background verification request is sent', [
    text('requestId', ID, 'Mã yêu cầu', 'Request id'),
    oneOf('subject', CHECK_SUBJECTS, 'Người được thẩm tra', 'Person verified'),
    bool('abroad', 'Ở nước ngoài (90 ngày làm việc)', 'Abroad (90 wd)'),
    date('sentOn', 'Ngày gửi', 'Sent on'),
    date('receivedOn', 'Ngày nơi được hỏi nhận (nếu biết)', 'Received by the asked committee (if known)', false),
    bool('politicalHistoryExempt', 'Miễn thẩm tra lịch sử chính trị (người thân là đảng viên)', 'Political history exempt (relative is a member)', false),
    text('exemptionBasis', NOTE, 'Căn cứ miễn', 'Exemption basis', false),
  ]),
  'backgroundCheck.answered': spec('backgroundCheck.answered', 'BASE', BASE, 'Nhận kết quả thẩm tra lý lịch', 'A verification answer is received', [
    text('requestId', ID, 'Mã yêu cầu', 'Request id'),
    date('answeredOn', 'Ngày trả lời', 'Answer date'),
    oneOf('finding', ['clear', 'issue'], 'Kết quả', 'Finding'),
  ]),
  'background.certified': spec('background.certified', 'BASE', UPPER, 'Đảng ủy cơ sở (cấp trên với chi bộ cơ sở) chứng nhận lý lịch', 'BASE (the upper committee for a base cell) certifies the declaration', [
    date('date', 'Ngày chứng nhận', 'Certification date'),
    bool('politicalIssue', 'Có vấn đề về tiêu chuẩn chính trị', 'A political-standards issue is flagged'),
    text('issueSummary', NOTE, 'Tóm tắt vấn đề', 'Issue summary', false),
    object(
      'familyResidence',
      [
        text('confirmedBy', NAME, 'Cấp ủy xã, phường, đặc khu xác nhận', 'Commune party committee that confirmed'),
        date('confirmedOn', 'Ngày xác nhận', 'Confirmation date'),
        text('documentNo', ID, 'Số văn bản', 'Document number', false),
      ],
      'Gia đình sinh sống tại quê quán cùng một tổ chức đảng từ đời ông, bà nội, có xác nhận của cấp ủy xã: không cần thẩm tra riêng (HD06 §3.4c)',
      'Family in the same commune since the paternal grandparents, confirmed by the commune committee: no separate verification (HD06 §3.4c)',
      false,
    ),
  ]),
  'politicalIssue.concluded': spec('politicalIssue.concluded', 'COMPETENT', COMPETENT, 'Cấp có thẩm quyền kết luận vấn đề chính trị', 'COMPETENT concludes on the political issue', [
    date('date', 'Ngày kết luận', 'Conclusion date'),
    oneOf('conclusion', ['cleared', 'notEligible', 'beyondCompetence'], 'Kết luận', 'Conclusion'),
  ]),
  'introduction.memberRecorded': spec('introduction.memberRecorded', 'CELL', CELL, `Đảng viên chính thức giới thiệu (mẫu ${forms('introduction.memberRecorded')})`, `A full member’s introduction letter (Doc ${forms('introduction.memberRecorded')})`, [
    text('introducerId', ID, 'Mã đảng viên', 'Member id'),
    text('name', NAME, 'Họ tên', 'Name'),
    oneOf('memberStatus', MEMBER_STATUSES, 'Chính thức hay dự bị', 'Full or probationary'),
    date('alongsideSince', 'Cùng công tác, học tập, sinh sống từ', 'Alongside the candidate since'),
    date('letterDate', 'Ngày giới thiệu', 'Letter date'),
    bool('joint', `Hai đảng viên cùng giới thiệu (mẫu ${forms('introduction.memberRecorded')})`, `Joint letter (Doc ${forms('introduction.memberRecorded')})`, false),
  ]),
  'introduction.youthUnionResolved': spec('introduction.youthUnionResolved', 'YOUTH', CELL, `Nghị quyết giới thiệu của Đoàn cơ sở (mẫu ${forms('introduction.youthUnionResolved')})`, `Youth Union introduction resolution (Doc ${forms('introduction.youthUnionResolved')})`, [
    date('resolutionDate', 'Ngày nghị quyết', 'Resolution date'),
    text('resolutionNo', ID, 'Số nghị quyết', 'Resolution number', false),
  ]),
  'introduction.tradeUnionResolved': spec('introduction.tradeUnionResolved', 'UNION', CELL, `Nghị quyết giới thiệu của Công đoàn cơ sở (mẫu ${forms('introduction.tradeUnionResolved')})`, `Trade-union introduction resolution (Doc ${forms('introduction.tradeUnionResolved')})`, [
    date('resolutionDate', 'Ngày nghị quyết', 'Resolution date'),
    text('resolutionNo', ID, 'Số nghị quyết', 'Resolution number', false),
  ]),
  'introducer.replaced': spec('introducer.replaced', 'CELL', CELL, 'Chi bộ phân công người giới thiệu thay thế (không cần 12 tháng)', 'The cell assigns a replacement introducer (without the 12 months)', [
    date('date', 'Ngày phân công', 'Assignment date'),
    text('replacedIntroducerId', ID, 'Người giới thiệu được thay', 'Replaced introducer'),
    text('reason', NOTE, 'Lý do (chuyển sinh hoạt, bị kỷ luật, ...)', 'Reason (transferred, disciplined, ...)'),
    object(
      'replacement',
      [
        text('introducerId', ID, 'Mã đảng viên', 'Member id'),
        text('name', NAME, 'Họ tên', 'Name'),
        oneOf('memberStatus', MEMBER_STATUSES, 'Chính thức hay dự bị', 'Full or probationary'),
        date('alongsideSince', 'Cùng công tác từ', 'Alongside since', false),
      ],
      'Người giới thiệu mới',
      'New introducer',
    ),
  ]),
  'opinions.consolidated': spec('opinions.consolidated', 'CELL', CELL, `Chi ủy tổng hợp ý kiến nhận xét (mẫu ${forms('opinions.consolidated', ['consolidated'])})`, `The cell committee consolidates the opinions (Doc ${forms('opinions.consolidated', ['consolidated'])})`, [
    date('date', 'Ngày tổng hợp', 'Consolidation date'),
    oneOf('residence', ['included', 'exempt'], 'Ý kiến nơi cư trú', 'Residence opinion'),
    text('exemptionBasis', NOTE, 'Căn cứ miễn ý kiến nơi cư trú', 'Basis of the residence exemption', false),
    { name: 'massOrganisations', type: 'array', required: false, items: { type: 'string', maxLength: NAME }, maxItems: 20, vi: 'Các đoàn thể cho ý kiến', en: 'Mass organisations consulted' },
  ]),
  'dossier.renewed': spec('dossier.renewed', 'CELL', CELL, 'Làm lại hồ sơ quá 12 tháng (giới thiệu, ý kiến, bổ sung thẩm tra)', 'Dossier redone after 12 months (introductions, opinions, supplementary verification)', [
    date('date', 'Ngày làm lại', 'Renewal date'),
    bool('backgroundChanged', 'Lý lịch có thay đổi so với lần thẩm tra trước (phải thẩm tra bổ sung)', 'The background changed since the last verification (supplement it)', false),
    text('changeNote', NOTE, 'Nội dung thay đổi', 'What changed', false),
  ]),
  'dossier.localDocumentFiled': spec('dossier.localDocumentFiled', 'CELL', CELL_OR_BASE, 'Nộp tài liệu bổ sung theo quy định địa phương', 'A document a local rule requires is filed', [
    date('date', 'Ngày nộp', 'Filing date'),
    text('code', ID, 'Mã tài liệu', 'Document code'),
  ]),
  'cell.admissionVoted': spec('cell.admissionVoted', 'CELL', CELL, `Chi bộ biểu quyết đề nghị kết nạp (mẫu ${forms('cell.admissionVoted')})`, `The cell votes on proposing admission (Doc ${forms('cell.admissionVoted')})`, [vote]),
  'subBase.appraised': spec('subBase.appraised', 'SUB', BASE, `Đảng ủy bộ phận thẩm định (mẫu ${forms('subBase.appraised')})`, `The sub-base committee appraises (Doc ${forms('subBase.appraised')})`, [
    date('date', 'Ngày báo cáo', 'Report date'),
    oneOf('recommendation', ['support', 'notSupport'], 'Đề nghị', 'Recommendation'),
    text('reportNo', ID, 'Số báo cáo', 'Report number', false),
  ]),
  'base.admissionVoted': spec('base.admissionVoted', 'BASE', BASE, `Đảng ủy cơ sở biểu quyết đề nghị kết nạp (mẫu ${forms('base.admissionVoted')})`, `The base committee votes on admission (Doc ${forms('base.admissionVoted')})`, [vote]),
  'decision.admissionSigned': spec('decision.admissionSigned', 'COMPETENT', COMPETENT, `Cấp ủy có thẩm quyền biểu quyết và ký quyết định kết nạp (mẫu ${forms('decision.admissionSigned')})`, `COMPETENT votes and signs the admission decision (Doc ${forms('decision.admissionSigned')})`, [
    ...decisionFields,
    date('receivedByCellOn', 'Ngày chi bộ nhận quyết định', 'Received by the cell', false),
  ]),
  'decision.receivedByCell': spec('decision.receivedByCell', 'CELL', CELL, 'Chi bộ nhận quyết định kết nạp', 'The cell receives the admission decision', [date('receivedOn', 'Ngày nhận', 'Receipt date')]),
  'case.notAdmitted': spec('case.notAdmitted', 'CELL', CELL_OR_BASE.concat(['competentStaff']), 'Không kết nạp sau khi biểu quyết không đạt', 'Not admitted after a failed vote', [
    date('date', 'Ngày', 'Date'),
    text('reason', NOTE, 'Lý do', 'Reason'),
  ]),
  'case.withdrawn': spec('case.withdrawn', 'CANDIDATE', CELL, 'Người vào Đảng rút đơn', 'The candidate withdraws', [date('date', 'Ngày', 'Date'), text('reason', NOTE, 'Lý do', 'Reason', false)]),
  'ceremony.held': spec('ceremony.held', 'CELL', CELL, 'Chi bộ tổ chức lễ kết nạp và phân công đảng viên giúp đỡ', 'The cell holds the ceremony and assigns a helper', [
    date('heldOn', 'Ngày lễ kết nạp', 'Ceremony date'),
    helper,
    bool('oathRead', 'Đảng viên mới đã đọc lời tuyên thệ', 'The new member read the oath'),
    text('organisationId', ID, 'Tổ chức đảng tổ chức lễ', 'Organisation holding the ceremony', false),
  ]),
  'ceremony.lateConsentRecorded': spec('ceremony.lateConsentRecorded', 'BASE', UPPER, 'Cấp ủy cấp trên đồng ý tổ chức lễ kết nạp quá hạn', 'The upper committee consents to a late ceremony', [
    date('date', 'Ngày đồng ý', 'Consent date'),
    text('documentNo', ID, 'Số văn bản', 'Document number', false),
  ]),
  'memberRecord.filed': spec('memberRecord.filed', 'CANDIDATE', CELL_OR_BASE, `Đảng viên khai phiếu đảng viên và lý lịch đảng viên (mẫu ${forms('memberRecord.filed')})`, `The member files the member record and card slip (Doc ${forms('memberRecord.filed')})`, dateOnly('Ngày nộp', 'Filing date')),
  'newMemberCourse.certified': spec('newMemberCourse.certified', 'TRAINING', CELL_OR_BASE, 'Cấp giấy chứng nhận lớp bồi dưỡng đảng viên mới', 'New-member course certificate issued', [
    date('issuedOn', 'Ngày cấp', 'Issue date'),
    text('certificateNo', ID, 'Số giấy chứng nhận', 'Certificate number', false),
  ]),
  'recognition.selfReviewed': spec('recognition.selfReviewed', 'CANDIDATE', CELL, `Đảng viên dự bị viết bản tự kiểm điểm (mẫu ${forms('recognition.selfReviewed')})`, `The probationary member writes the self-review (Doc ${forms('recognition.selfReviewed')})`, dateOnly('Ngày tự kiểm điểm', 'Self-review date')),
  'recognition.helperAssessed': spec('recognition.helperAssessed', 'CELL', CELL, `Đảng viên giúp đỡ nhận xét (mẫu ${forms('recognition.helperAssessed')})`, `The helper’s assessment (Doc ${forms('recognition.helperAssessed')})`, [
    text('helperId', ID, 'Mã đảng viên giúp đỡ', 'Helper member id'),
    date('date', 'Ngày nhận xét', 'Assessment date'),
  ]),
  'recognition.opinionsConsolidated': spec('recognition.opinionsConsolidated', 'CELL', CELL, `Chi ủy tổng hợp ý kiến nhận xét (mẫu ${forms('recognition.opinionsConsolidated', ['consolidated'])})`, `The cell committee consolidates the opinions (Doc ${forms('recognition.opinionsConsolidated', ['consolidated'])})`, dateOnly('Ngày tổng hợp', 'Consolidation date')),
  'cell.recognitionVoted': spec('cell.recognitionVoted', 'CELL', CELL, `Chi bộ biểu quyết công nhận đảng viên chính thức hoặc xóa tên (mẫu ${forms('cell.recognitionVoted')})`, `The cell votes to recognise or to remove (Doc ${forms('cell.recognitionVoted')})`, [vote]),
  'base.recognitionVoted': spec('base.recognitionVoted', 'BASE', BASE, `Đảng ủy cơ sở biểu quyết công nhận hoặc xóa tên (mẫu ${forms('base.recognitionVoted')})`, `The base committee votes to recognise or to remove (Doc ${forms('base.recognitionVoted')})`, [vote]),
  'decision.recognitionSigned': spec('decision.recognitionSigned', 'COMPETENT', COMPETENT, `Quyết định công nhận đảng viên chính thức, kèm xét phát thẻ đảng (mẫu ${forms('decision.recognitionSigned')})`, `Recognition decision, the party card decided with it (Doc ${forms('decision.recognitionSigned')})`, [
    ...decisionFields,
    bool('partyCardDecided', 'Đã xét phát thẻ đảng', 'Party card decided'),
  ]),
  'decision.removalSigned': spec('decision.removalSigned', 'COMPETENT', COMPETENT, `Quyết định xóa tên đảng viên dự bị (mẫu ${forms('decision.removalSigned')})`, `Decision removing the probationary member (Doc ${forms('decision.removalSigned')})`, [
    ...decisionFields,
    date('receivedOn', 'Ngày đương sự nhận quyết định', 'Received by the person', false),
  ]),
  'removal.decisionReceived': spec('removal.decisionReceived', 'CANDIDATE', CELL_OR_BASE, 'Đương sự nhận quyết định xóa tên', 'The person receives the removal decision', [date('receivedOn', 'Ngày nhận', 'Receipt date')]),
  'removal.complaintLodged': spec('removal.complaintLodged', 'CANDIDATE', UPPER, 'Khiếu nại quyết định xóa tên', 'A complaint against the removal', [
    date('receivedOn', 'Ngày nhận khiếu nại', 'Complaint received'),
    oneOf('level', ['provincial', 'upperCommittee', 'central'], 'Cấp giải quyết (QĐ294 §8.2.2)', 'Resolving level (QĐ294 §8.2.2)'),
  ]),
  'complaint.resolved': spec('complaint.resolved', 'PROVINCE', ['organisationDepartment', 'admin'], 'Giải quyết khiếu nại', 'The complaint is resolved', [
    date('date', 'Ngày giải quyết', 'Resolution date'),
    oneOf('outcome', ['upheld', 'rejected'], 'Kết quả', 'Outcome'),
  ]),
  'decision.cancelled': spec('decision.cancelled', 'COMPETENT', COMPETENT, `Hủy quyết định kết nạp sai (mẫu ${forms('decision.cancelled')})`, `A wrongful admission decision is cancelled (Doc ${forms('decision.cancelled')})`, [
    date('date', 'Ngày hủy', 'Cancellation date'),
    oneOf('defect', ['substantive', 'procedural'], 'Không đủ tiêu chuẩn hay sai thủ tục', 'Criterion not met, or procedure wrong'),
    oneOf('redoFrom', REDO_POINTS, 'Bước làm lại (sai thủ tục)', 'Step to redo (procedural defect)', false),
    text('reason', NOTE, 'Lý do', 'Reason'),
    text('proposedBy', NAME, 'Người/cơ quan đề nghị', 'Proposed by'),
    text('decidedBy', NAME, 'Người/cơ quan quyết định', 'Decided by'),
    date('higherConsentOn', 'Ngày cấp ủy cấp trên đồng ý (đã tiếp nhận)', 'Higher committee consent (member already received)', false),
  ]),
  'transfer.recorded': spec('transfer.recorded', 'BASE', UPPER, 'Người vào Đảng/đảng viên dự bị chuyển sinh hoạt', 'The candidate or probationary member moves', [
    date('date', 'Ngày chuyển (quyết định chuyển)', 'Transfer date'),
    text('toOrganisationId', ID, 'Tổ chức đảng nơi đến', 'Destination organisation'),
    object('newOrganisation', orgProfileFields, 'Hồ sơ tổ chức nơi đến', 'Destination profile', false),
    bool('dossierSentToCompetent', 'Hồ sơ đã gửi cấp có thẩm quyền', 'The dossier was already sent to COMPETENT', false),
    bool('sameDecidingCommittee', 'Nơi đến cùng cấp ủy quyết định', 'Destination under the same deciding committee', false),
    bool('freshDecisionRequired', 'Quyết định ra quá 30 ngày làm việc sau quyết định chuyển: nơi đến quyết định lại', 'Decision came more than 30 wd after the transfer: the destination decides afresh', false),
  ]),
  'transfer.dossierForwarded': spec('transfer.dossierForwarded', 'COMPETENT', COMPETENT, 'Cấp có thẩm quyền chuyển hồ sơ đến nơi mới', 'COMPETENT forwards the dossier to the destination', [
    date('date', 'Ngày chuyển', 'Forwarding date'),
    date('receivedOn', 'Ngày nơi đến nhận', 'Received by the destination'),
  ]),
  'transfer.reviewRequested': spec('transfer.reviewRequested', 'COMPETENT', COMPETENT, 'Nơi đến yêu cầu xem xét sai sót thủ tục', 'The destination requests a review of procedural defects', dateOnly('Ngày yêu cầu', 'Request date')),
  'transfer.reviewCompleted': spec('transfer.reviewCompleted', 'COMPETENT', COMPETENT, 'Hoàn thành xem xét sai sót thủ tục', 'The procedural review is completed', [
    date('date', 'Ngày hoàn thành', 'Completion date'),
    oneOf('outcome', ['noDefect', 'defectsFound'], 'Kết quả', 'Outcome'),
  ]),
  'consent.provinceRecorded': spec('consent.provinceRecorded', 'PROVINCE', ['organisationDepartment', 'competentStaff', 'admin'], 'Ý kiến bằng văn bản của Ban thường vụ tỉnh ủy', 'PROVINCE’s written consent', [
    date('date', 'Ngày văn bản', 'Document date'),
    oneOf('subject', CONSENT_SUBJECTS, 'Trường hợp', 'Case'),
    text('documentNo', ID, 'Số văn bản', 'Document number', false),
  ]),
  'attestation.recorded': spec('attestation.recorded', 'CELL', CELL_OR_BASE, 'Xác nhận sức khỏe, uy tín hoặc lý do (trên 60 tuổi)', 'Health-and-prestige attestation or the reason (over 60)', [
    date('date', 'Ngày', 'Date'),
    oneOf('kind', ['healthAndPrestige', 'overSixtyReason'], 'Loại', 'Kind'),
    text('reason', NOTE, 'Lý do (không có tổ chức đảng nơi làm việc/cư trú, yêu cầu đặc biệt)', 'Reason (no party where the person works or lives, special requirement)', false),
  ]),
  'specialCategory.evidenceRecorded': spec('specialCategory.evidenceRecorded', 'BASE', UPPER, 'Ghi nhận hồ sơ trường hợp đặc biệt', 'Evidence for a special category', [
    date('date', 'Ngày', 'Date'),
    oneOf('category', SPECIAL_CATEGORIES, 'Trường hợp', 'Category'),
    text('document', NOTE, 'Tài liệu', 'Document'),
  ]),
  'deadline.fired': spec('deadline.fired', 'SYSTEM', ['system'], 'Đến hạn (do hệ thống gửi)', 'A timer is due (sent by the worker)', [
    oneOf('timerId', TIMER_IDS, 'Thời hạn', 'Timer'),
    date('dueDate', 'Ngày đến hạn', 'Due date'),
    text('key', 200, 'Khóa thời hạn', 'Deadline key', false),
  ]),
  'case.imported': spec('case.imported', 'SYSTEM', ['admin'], 'Nhập hồ sơ đang dở (chỉ kiểm tra, không chặn)', 'Import a running case at a stage (audited, not guarded)', [
    date('importedOn', 'Ngày nhập', 'Import date'),
    oneOf('stage', IMPORT_STAGES, 'Giai đoạn', 'Stage'),
    object('evidence', importEvidenceFields, 'Các bước đã làm', 'Steps already taken'),
    text('source', NAME, 'Nguồn hồ sơ', 'Source of the records'),
    text('note', NOTE, 'Ghi chú', 'Note', false),
  ]),
};

export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as CaseEventType[];

export function isCaseEventType(value: unknown): value is CaseEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, value);
}

/** Whether a role may record an event (inspection records nothing; imports are admin only). */
export function canRecord(type: CaseEventType, role: RecordingRole | SystemRole): boolean {
  return EVENT_SCHEMAS[type].roles.includes(role);
}

export interface PayloadIssue {
  path: string;
  vi: string;
  en: string;
}

/** Checks a payload against its schema (the pure engine's own edge check; the API validates first). */
export function validateEventPayload(event: unknown): PayloadIssue[] {
  if (typeof event !== 'object' || event === null) return [{ path: '', vi: 'Sự kiện phải là đối tượng', en: 'The event must be an object' }];
  const type = (event as { type?: unknown }).type;
  if (!isCaseEventType(type)) return [{ path: 'type', vi: `Loại sự kiện không hợp lệ: ${String(type)}`, en: `Unknown event type: ${String(type)}` }];
  const issues = checkFields(EVENT_SCHEMAS[type].fields, event as Record<string, unknown>, '', ['type', 'env']);
  return [...issues, ...figureIssues(event)];
}

/**
 * Figures of one act that contradict each other: the minutes are malformed (400 naming the
 * fields), not refused by a rule. Today: a vote's `for`, `against` and their sum may not exceed
 * its `eligible`. Covers every vote of the payload (a vote, a decision's vote, an import's
 * resolutions). Rules about the figures against the case or the roster stay rules (422).
 */
export function figureIssues(event: unknown): PayloadIssue[] {
  if (typeof event !== 'object' || event === null) return [];
  const type = (event as { type?: unknown }).type;
  if (!isCaseEventType(type)) return [];
  return figuresIn(EVENT_SCHEMAS[type].fields, event as Record<string, unknown>, '');
}

function figuresIn(fields: readonly FieldSpec[], value: Record<string, unknown>, prefix: string): PayloadIssue[] {
  return fields.flatMap((f) => {
    const v = value[f.name];
    if (f.type !== 'object' || typeof v !== 'object' || v === null || Array.isArray(v)) return [];
    const here = `${prefix}${f.name}`;
    const own = f.fields === voteFields ? voteFigureIssues(v as Record<string, unknown>, here) : [];
    return [...own, ...figuresIn(f.fields ?? [], v as Record<string, unknown>, `${here}.`)];
  });
}

function voteFigureIssues(vote: Record<string, unknown>, path: string): PayloadIssue[] {
  const { eligible, for: votesFor, against } = vote;
  const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (!count(eligible)) return [];
  const issues: PayloadIssue[] = [];
  if (count(votesFor) && votesFor > eligible)
    issues.push({ path: `${path}.for`, vi: `Số tán thành (${votesFor}) lớn hơn số được biểu quyết (${eligible})`, en: `for (${votesFor}) exceeds eligible (${eligible})` });
  if (count(against) && against > eligible)
    issues.push({ path: `${path}.against`, vi: `Số không tán thành (${against}) lớn hơn số được biểu quyết (${eligible})`, en: `against (${against}) exceeds eligible (${eligible})` });
  if (issues.length === 0 && count(votesFor) && count(against) && votesFor + against > eligible) {
    const vi = `Số tán thành (${votesFor}) cộng không tán thành (${against}) lớn hơn số được biểu quyết (${eligible})`;
    const en = `for (${votesFor}) plus against (${against}) exceeds eligible (${eligible})`;
    issues.push({ path: `${path}.for`, vi, en }, { path: `${path}.against`, vi, en });
  }
  return issues;
}

function checkFields(fields: readonly FieldSpec[], value: Record<string, unknown>, prefix: string, allowed: string[] = []): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  const known = new Set([...fields.map((f) => f.name), ...allowed]);
  for (const key of Object.keys(value)) if (!known.has(key)) issues.push({ path: prefix + key, vi: 'Trường không có trong mô tả', en: 'Unknown field' });
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined || v === null) {
      if (f.required) issues.push({ path: prefix + f.name, vi: 'Thiếu trường bắt buộc', en: 'Required field missing' });
      continue;
    }
    issues.push(...checkValue(f, v, prefix + f.name));
  }
  return issues;
}

function checkValue(f: Omit<FieldSpec, 'name' | 'required' | 'vi' | 'en'>, v: unknown, path: string): PayloadIssue[] {
  const bad = (vi: string, en: string): PayloadIssue[] => [{ path, vi, en }];
  switch (f.type) {
    case 'date':
      return isLocalDate(v) ? [] : bad('Ngày phải có dạng YYYY-MM-DD', 'Date must be YYYY-MM-DD');
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && v >= (f.min ?? Number.MIN_SAFE_INTEGER) ? [] : bad(`Phải là số nguyên ≥ ${f.min ?? 0}`, `Must be an integer ≥ ${f.min ?? 0}`);
    case 'string':
      if (typeof v !== 'string' || v.length === 0) return bad('Phải là chuỗi không rỗng', 'Must be a non-empty string');
      return f.maxLength !== undefined && v.length > f.maxLength ? bad(`Tối đa ${f.maxLength} ký tự`, `At most ${f.maxLength} characters`) : [];
    case 'boolean':
      return typeof v === 'boolean' ? [] : bad('Phải là true/false', 'Must be a boolean');
    case 'enum':
      return typeof v === 'string' && (f.values ?? []).includes(v) ? [] : bad(`Giá trị phải thuộc: ${(f.values ?? []).join(', ')}`, `Must be one of: ${(f.values ?? []).join(', ')}`);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? checkFields(f.fields ?? [], v as Record<string, unknown>, `${path}.`) : bad('Phải là đối tượng', 'Must be an object');
    case 'array': {
      if (!Array.isArray(v)) return bad('Phải là danh sách', 'Must be an array');
      if (f.maxItems !== undefined && v.length > f.maxItems) return bad(`Tối đa ${f.maxItems} phần tử`, `At most ${f.maxItems} items`);
      return v.flatMap((item, i) =>
        f.fields ? checkValue({ type: 'object', fields: f.fields }, item, `${path}[${i}]`) : f.items ? checkValue(f.items, item, `${path}[${i}]`) : [],
      );
    }
  }
}
