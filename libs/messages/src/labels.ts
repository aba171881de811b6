import type { Bilingual } from './bilingual.js';

/**
 * Names of the procedure's stages, states, bodies, event payload values and timers as people read
 * them, keyed by the machine's codes (libs/procedure owns the codes). The web shows them; unknown
 * codes fall back to a readable form of the code there.
 */
export const PROCEDURE_LABELS: Readonly<Record<string, Bilingual>> = {
  // stages (procedure.md §3 A–E and exits)
  sourcing: { vi: 'Tạo nguồn', en: 'Source pool' },
  sourcePool: { vi: 'Tạo nguồn', en: 'Source pool' },
  dossier: { vi: 'Lập hồ sơ', en: 'Dossier' },
  admission: { vi: 'Kết nạp', en: 'Admission' },
  probation: { vi: 'Dự bị', en: 'Probation' },
  recognition: { vi: 'Công nhận chính thức', en: 'Recognition' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
  exit: { vi: 'Đã kết thúc', en: 'Closed' },
  // the opening (an engine record, not an event of the procedure: shown on the timeline, corrected there)
  'case.opened': { vi: 'Mở hồ sơ', en: 'Case opened' },
  // states
  identified: { vi: 'Quần chúng ưu tú', en: 'Outstanding person' },
  sympathiser: { vi: 'Danh sách cảm tình Đảng', en: 'Sympathiser list' },
  awarenessCourse: { vi: 'Lớp nhận thức về Đảng', en: 'Awareness course' },
  clearedForDossier: { vi: 'Được lập hồ sơ', en: 'Cleared to compile a dossier' },
  dossierOpen: { vi: 'Đang lập hồ sơ', en: 'Compiling the dossier' },
  backgroundCheck: { vi: 'Thẩm tra lý lịch', en: 'Background verification' },
  cellVote: { vi: 'Chi bộ xét, biểu quyết', en: 'Cell vote' },
  subBaseAppraisal: { vi: 'Đảng ủy bộ phận thẩm định', en: 'Sub-base appraisal' },
  baseVote: { vi: 'Đảng ủy cơ sở xét, biểu quyết', en: 'Base committee vote' },
  awaitingDecision: { vi: 'Chờ quyết định kết nạp', en: 'Awaiting the decision' },
  decision: { vi: 'Quyết định kết nạp', en: 'Admission decision' },
  awaitingCeremony: { vi: 'Chờ lễ kết nạp', en: 'Awaiting the ceremony' },
  ceremony: { vi: 'Lễ kết nạp', en: 'Ceremony' },
  probationary: { vi: 'Đảng viên dự bị', en: 'Probationary member' },
  fullMember: { vi: 'Đảng viên chính thức', en: 'Full member' },
  removed: { vi: 'Đã xóa tên', en: 'Removed' },
  withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
  notAdmitted: { vi: 'Không kết nạp', en: 'Not admitted' },
  // acting bodies (procedure.md §2)
  CELL: { vi: 'Chi bộ', en: 'Party cell' },
  SUB: { vi: 'Đảng ủy bộ phận', en: 'Sub-base committee' },
  BASE: { vi: 'Đảng ủy cơ sở', en: 'Base committee' },
  COMPETENT: { vi: 'Cấp ủy có thẩm quyền', en: 'Competent committee' },
  PROVINCE: { vi: 'Ban thường vụ tỉnh ủy', en: 'Provincial standing committee' },
  YOUTH: { vi: 'Đoàn cơ sở', en: 'Youth Union' },
  UNION: { vi: 'Công đoàn cơ sở', en: 'Trade union' },
  RESIDENCE: { vi: 'Nơi cư trú', en: 'Place of residence' },
  TRAINING: { vi: 'Trung tâm chính trị', en: 'Training centre' },
  CANDIDATE: { vi: 'Người vào Đảng', en: 'Candidate' },
  MEMBER: { vi: 'Đảng viên', en: 'Party member' },
  ASKED_COMMITTEE: { vi: 'Cấp ủy được đề nghị thẩm tra', en: 'Committee asked to verify' },
  DESTINATION_COMPETENT: { vi: 'Cấp ủy có thẩm quyền nơi đến', en: 'Competent committee of destination' },
  COMPLAINT_BODY: { vi: 'Cơ quan giải quyết khiếu nại', en: 'Complaint body' },
  // the go-live import of a case's history (the step of the violations it finds)
  'case.imported': { vi: 'Nhập hồ sơ từ trước', en: 'History imported' },
  // vote motions and decision kinds
  admit: { vi: 'Đề nghị kết nạp', en: 'Admit' },
  recognise: { vi: 'Công nhận chính thức', en: 'Recognise' },
  remove: { vi: 'Xóa tên', en: 'Remove' },
  cell: { vi: 'Chi bộ', en: 'Cell' },
  base: { vi: 'Đảng ủy cơ sở', en: 'Base committee' },
  competent: { vi: 'Cấp ủy có thẩm quyền', en: 'Competent committee' },
  open: { vi: 'Đang mở', en: 'Open' },
  // machine states (libs/procedure admission.machine.ts)
  candidacy: { vi: 'Xem xét kết nạp', en: 'Candidacy' },
  attendingCourse: { vi: 'Học lớp nhận thức về Đảng', en: 'Attending the awareness course' },
  certified: { vi: 'Đã có giấy chứng nhận', en: 'Certificate obtained' },
  application: { vi: 'Viết đơn', en: 'Application' },
  declaration: { vi: 'Khai lý lịch', en: 'Background declaration' },
  verification: { vi: 'Thẩm tra lý lịch', en: 'Background verification' },
  introductions: { vi: 'Giới thiệu', en: 'Introductions' },
  opinions: { vi: 'Lấy ý kiến nhận xét', en: 'Opinions' },
  awaitingCellVote: { vi: 'Chờ chi bộ biểu quyết', en: 'Awaiting the cell vote' },
  cellResolved: { vi: 'Chi bộ đã có nghị quyết', en: 'Cell resolution passed' },
  awaitingBaseVote: { vi: 'Chờ đảng ủy cơ sở biểu quyết', en: 'Awaiting the base committee vote' },
  withCompetent: { vi: 'Cấp có thẩm quyền đang xem xét', en: 'With the competent committee' },
  inTransit: { vi: 'Đang chuyển hồ sơ', en: 'Dossier in transit' },
  decided: { vi: 'Đã có quyết định kết nạp', en: 'Admission decided' },
  awaitingReceipt: { vi: 'Chờ chi bộ nhận quyết định', en: 'Awaiting receipt by the cell' },
  membership: { vi: 'Đảng viên dự bị', en: 'Probationary membership' },
  preparing: { vi: 'Chuẩn bị hồ sơ công nhận', en: 'Preparing recognition' },
  admitted: { vi: 'Đã kết nạp', en: 'Admitted' },
  // enum values of event payloads
  full: { vi: 'Chính thức', en: 'Full member' },
  included: { vi: 'Có ý kiến', en: 'Included' },
  exempt: { vi: 'Được miễn', en: 'Exempt' },
  clear: { vi: 'Không có vấn đề', en: 'Clear' },
  issue: { vi: 'Có vấn đề', en: 'Issue found' },
  support: { vi: 'Đồng ý', en: 'Support' },
  notSupport: { vi: 'Không đồng ý', en: 'Do not support' },
  candidate: { vi: 'Người vào Đảng', en: 'Candidate' },
  parent: { vi: 'Cha, mẹ', en: 'Parent' },
  guardian: { vi: 'Người nuôi dưỡng', en: 'Guardian' },
  parentInLaw: { vi: 'Cha, mẹ vợ/chồng', en: 'Parent-in-law' },
  spouse: { vi: 'Vợ/chồng', en: 'Spouse' },
  child: { vi: 'Con', en: 'Child' },
  foreignSpouse: { vi: 'Vợ/chồng là người nước ngoài', en: 'Foreign spouse' },
  upperStandingCommittee: { vi: 'Ban thường vụ cấp ủy cấp trên', en: 'Upper standing committee' },
  delegatedBaseCommittee: { vi: 'Đảng ủy cơ sở được ủy quyền', en: 'Delegated base committee' },
  provincialStanding: { vi: 'Thường trực tỉnh ủy', en: 'Provincial standing members' },
  armedForces: { vi: 'Lực lượng vũ trang', en: 'Armed forces' },
  provincial: { vi: 'Cấp tỉnh', en: 'Provincial' },
  central: { vi: 'Trung ương', en: 'Central' },
  upheld: { vi: 'Chấp nhận', en: 'Upheld' },
  rejected: { vi: 'Bác', en: 'Rejected' },
  substantive: { vi: 'Không đủ tiêu chuẩn', en: 'Criterion not met' },
  procedural: { vi: 'Sai thủ tục', en: 'Procedure wrong' },
  cleared: { vi: 'Không ảnh hưởng', en: 'Cleared' },
  notEligible: { vi: 'Không đủ điều kiện', en: 'Not eligible' },
  beyondCompetence: { vi: 'Vượt thẩm quyền', en: 'Beyond competence' },
  healthAndPrestige: { vi: 'Sức khỏe và uy tín', en: 'Health and prestige' },
  overSixtyReason: { vi: 'Lý do (trên 60 tuổi)', en: 'Reason (over 60)' },
  noDefect: { vi: 'Không có sai sót', en: 'No defect' },
  defectsFound: { vi: 'Có sai sót', en: 'Defects found' },
  // timers (libs/procedure TIMER_IDS), used when the API sends no label
  backgroundCheckAnswer: { vi: 'Trả lời thẩm tra lý lịch', en: 'Background verification answer' },
  awarenessCertValidity: { vi: 'Hiệu lực giấy chứng nhận nhận thức', en: 'Awareness certificate validity' },
  dossierFreshness: { vi: 'Hồ sơ quá 12 tháng', en: 'Dossier freshness' },
  admissionDecision: { vi: 'Quyết định kết nạp', en: 'Admission decision' },
  memberRecord: { vi: 'Khai phiếu đảng viên', en: 'Member record filed' },
  probationEnd: { vi: 'Hết thời kỳ dự bị', en: 'End of probation' },
  cellRecognitionResolution: { vi: 'Chi bộ xét công nhận', en: 'Cell recognition resolution' },
  recognitionDecision: { vi: 'Quyết định công nhận', en: 'Recognition decision' },
  transferForward: { vi: 'Chuyển hồ sơ', en: 'Dossier forwarded' },
  transferDecide: { vi: 'Nơi đến quyết định', en: 'Destination decides' },
  transferReview: { vi: 'Xem xét sai sót thủ tục', en: 'Procedural review' },
  removalComplaint: { vi: 'Thời hạn khiếu nại', en: 'Complaint window' },
  complaintResolution: { vi: 'Giải quyết khiếu nại', en: 'Complaint resolution' },
};

/**
 * Occupation report categories (glossary "Report categories"): one per person, the people table's
 * enum (libs/orgs validates against it, the reports count by it, the web lists it in this order).
 */
export const OCCUPATION_CATEGORIES = [
  'civilServant',
  'publicEmployee',
  'stateEnterprise',
  'privateEnterprise',
  'fdiEnterprise',
  'businessOwner',
  'worker',
  'farmer',
  'pupil',
  'student',
  'armedForces',
  'other',
] as const;
export type OccupationCategory = (typeof OCCUPATION_CATEGORIES)[number];

/** The report categories a person may fall in besides the occupation, any number of them (libs/reports derives them). */
export const REPORT_FLAGS = [
  'youthUnionMember',
  'woman',
  'ethnicMinority',
  'religiousFollower',
  'age18to30',
  'upperSecondary',
  'collegeOrHigher',
] as const;
export type ReportFlag = (typeof REPORT_FLAGS)[number];

/** Highest completed schooling, the people table's enum; CRIT-EDUCATION reads it (lowerSecondary or higher, with area exceptions). */
export const EDUCATION_LEVELS = [
  'literacyOnly',
  'primary',
  'lowerSecondary',
  'upperSecondary',
  'college',
  'university',
  'postgraduate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** Report categories (docs/reports.md "Report categories"): the reports' exports and the web's tables. */
export const CATEGORY_LABELS: Readonly<Record<string, Bilingual>> = {
  total: { vi: 'Tổng số', en: 'Total' },
  civilServant: { vi: 'Cán bộ, công chức', en: 'Civil servants' },
  publicEmployee: { vi: 'Viên chức sự nghiệp', en: 'Public employees' },
  stateEnterprise: { vi: 'Người lao động DN nhà nước', en: 'State-enterprise staff' },
  privateEnterprise: { vi: 'DN ngoài nhà nước', en: 'Private-enterprise staff' },
  fdiEnterprise: { vi: 'DN có vốn đầu tư nước ngoài', en: 'FDI-enterprise staff' },
  businessOwner: { vi: 'Chủ doanh nghiệp tư nhân', en: 'Private-business owners' },
  worker: { vi: 'Công nhân', en: 'Workers' },
  farmer: { vi: 'Nông dân', en: 'Farmers' },
  pupil: { vi: 'Học sinh', en: 'School pupils' },
  student: { vi: 'Sinh viên', en: 'University students' },
  armedForces: { vi: 'Lực lượng vũ trang', en: 'Armed forces' },
  other: { vi: 'Khác', en: 'Other' },
  youthUnionMember: { vi: 'Đoàn viên', en: 'Youth Union members' },
  woman: { vi: 'Nữ', en: 'Women' },
  ethnicMinority: { vi: 'Dân tộc thiểu số', en: 'Ethnic minorities' },
  religiousFollower: { vi: 'Người theo tôn giáo', en: 'Religious followers' },
  age18to30: { vi: 'Từ 18 đến 30 tuổi', en: 'Aged 18 to 30' },
  upperSecondary: { vi: 'Tốt nghiệp THPT', en: 'Upper-secondary graduates' },
  collegeOrHigher: { vi: 'Cao đẳng, đại học trở lên', en: 'College or higher' },
};

/** Highest completed schooling (libs/orgs EDUCATION_LEVELS). */
export const EDUCATION_LABELS: Readonly<Record<string, Bilingual>> = {
  literacyOnly: { vi: 'Biết đọc, biết viết', en: 'Literate' },
  primary: { vi: 'Tiểu học', en: 'Primary' },
  lowerSecondary: { vi: 'Trung học cơ sở', en: 'Lower secondary' },
  upperSecondary: { vi: 'Trung học phổ thông', en: 'Upper secondary' },
  college: { vi: 'Cao đẳng', en: 'College' },
  university: { vi: 'Đại học', en: 'University' },
  postgraduate: { vi: 'Sau đại học', en: 'Postgraduate' },
};
