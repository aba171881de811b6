// The API contract of docs/api.md as types, for the endpoints the pages use. client.ts merges it
// over the generated schema.d.ts: these entries win (many controllers declare no response schema,
// so the generated response types are empty), every other path is typed by the generated file.
// When a controller documents its responses, its entry here can be deleted.
import type { Bilingual } from '../i18n';

export interface Citation {
  instrument: string;
  section: string;
  title?: string;
}

export interface RuleFailure {
  id: string;
  kind?: 'criterion' | 'condition' | 'procedure' | string;
  blocking?: boolean;
  vi: string;
  en: string;
  citation?: (Citation | string)[];
  reason?: Bilingual | string;
}

export interface Problem {
  type?: string;
  title: string;
  titleEn?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; messages: string[] }[];
  rules?: RuleFailure[];
  currentVersion?: number;
  case?: CaseView;
  [extension: string]: unknown;
}

export interface NextDue {
  key: string;
  timerId: string;
  due: string | null;
  status: string;
  label?: Bilingual;
}

export interface CaseSummary {
  id: string;
  version: number;
  status: 'open' | 'closed' | string;
  stage: string;
  state: string;
  person: { id: string; fullName: string };
  organisation: { id: string; name: string };
  nextDue: NextDue | null;
  overdue: boolean;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Requirement {
  id: string;
  label: Bilingual;
  status: 'passed' | 'missing' | 'failed';
  rule?: RuleFailure;
}

export interface Deadline {
  key: string;
  timerId: string;
  label: Bilingual;
  start: string | null;
  due: string | null;
  extendedDue: string | null;
  extendedTo?: string | null;
  status: 'pending' | 'met' | 'missed' | 'cancelled' | string;
  responsible?: string | null;
  calendarStatus: 'confirmed' | 'provisional' | 'awaitingCalendar' | string;
  edition?: string;
  reminders?: { date: string }[];
  overdue: boolean;
  /** Pending deadlines: days left (working days for a working-day timer) or days overdue, counted by the API. */
  countdown?: { unit: 'workingDays' | 'calendarDays'; left: number | null; overdueDays: number } | null;
}

export interface CaseView {
  id: string;
  version: number;
  status: string;
  stage: string;
  state: string;
  outcome: string | null;
  machineVersion?: number | string;
  edition?: string;
  person: { id: string; fullName: string; birthDate?: string | null; sex?: string | null; [k: string]: unknown } | null;
  organisation: { id: string; name: string; kind?: string } | null;
  openedOn?: string | null;
  closedOn?: string | null;
  facts?: Record<string, unknown>;
  votes: { body: string; motion: string; meetingDate: string; eligible: number; for: number; against: number; required: number; passed: boolean }[];
  decisions: { kind: string; body?: string; number: string; signedOn: string; receivedOn: string | null; outcome?: string | null }[];
  documents: { id: string; formCode: string; number?: string | null; dated?: string | null; issuer?: string | null; fileName?: string | null }[];
  deadlines: Deadline[];
  checklist: {
    allowed: string[];
    blocked: { type: string; failures: RuleFailure[] }[];
    requirements: Requirement[];
  };
  violations: {
    ruleId: string;
    step: string;
    status: string;
    dueDate: string | null;
    actualDate: string | null;
    responsible?: string | null;
    details?: { reason?: Bilingual | string; [k: string]: unknown } | null;
  }[];
  timeline: TimelineEntry[];
}

/** One entry of the case timeline; corrections (procedure.md §6.6) are listed next to the original. */
export interface TimelineEntry {
  seq: number;
  type: string;
  label?: Bilingual;
  eventDate: string;
  recordedAt: string;
  recordedBy: string;
  recordedByName?: string;
  actorRole?: string;
  actingBody?: string;
  stateAfter: string;
  /** Set on a correction: the seq of the act it corrects. */
  correctsSeq?: number | null;
  /** Set on an original that was corrected: the seq of its correction. */
  correctedBySeq?: number | null;
  correctionReason?: string | null;
}

/** GET /cases/{id}/events: the log with payloads. */
export interface CaseEventEntry extends TimelineEntry {
  payload: Record<string, unknown>;
  correctionEffects?: { fields: string[] } | null;
}

/** A payload field of an event type, as GET /procedure/events describes it (libs/procedure FieldSpec). */
export interface EventField {
  name: string;
  type: 'date' | 'integer' | 'string' | 'boolean' | 'enum' | 'object' | 'array' | string;
  required: boolean;
  vi: string;
  en: string;
  maxLength?: number;
  min?: number;
  max?: number;
  values?: string[];
  /** Fields of an object, or of each element of an array of objects. */
  fields?: EventField[];
  /** Element type of an array of scalars. */
  items?: { type: string; maxLength?: number; min?: number; values?: string[] };
  maxItems?: number;
}

/** An event type with its acting body (§2 code, or SYSTEM), recording roles and payload fields. */
export interface EventType {
  type: string;
  body: string;
  roles: string[];
  vi: string;
  en: string;
  fields: EventField[];
}

/** One inbox entry (GET /notifications). */
export interface Notification {
  id: string;
  kind: string;
  caseId: string | null;
  organisationId?: string | null;
  title: Bilingual;
  body: Bilingual;
  createdAt: string;
  readAt: string | null;
}

export interface Scope {
  role: string;
  organisationId: string | null;
  organisationCode?: string | null;
  organisationName?: string | null;
  validFrom?: string;
  validTo?: string | null;
}

/** GET /auth/me */
export interface Me {
  user: { id: string; username: string; personId?: string | null };
  roles: string[];
  scopes: Scope[];
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  [k: string]: unknown;
}

/** A violation of a rule in the supervisors' list (GET /violations, libs/reports ViolationView). */
export interface Violation {
  id: string;
  caseId: string;
  organisationId: string | null;
  organisationName: string | null;
  /** The candidate (libs/reports ViolationView.personName). */
  personName?: string | null;
  ruleId: string;
  step: string;
  responsible: string | null;
  dueDate: string | null;
  actualDate: string | null;
  status: 'open' | 'explained' | 'resolved';
  source: 'live' | 'audit';
  checkId: string | null;
  details: { reason?: Bilingual | string; rule?: Bilingual; citation?: (Citation | string)[]; [k: string]: unknown };
  explanation: string | null;
  explainedBy: string | null;
  explainedAt: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  clearedByAudit: boolean;
  openedAt: string;
}

export interface ViolationGroup {
  key: string;
  label: string | null;
  total: number;
  open: number;
  explained: number;
  resolved: number;
}

export interface ViolationHistoryEntry {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: string | null;
  text: string | null;
  at: string;
}

export interface ViolationQuery {
  organisationId?: string;
  ruleId?: string;
  status?: 'open' | 'explained' | 'resolved';
  from?: string;
  to?: string;
  groupBy?: 'organisation' | 'rule';
  limit?: number;
}

/** GET /procedure/rules */
export interface RuleInfo {
  id: string;
  kind: string;
  blocking: boolean;
  vi: string;
  en: string;
  citations: { family?: string; instrument?: string; section: string }[];
}

/** GET /compliance/checks */
export interface ComplianceCheck {
  id: string;
  ruleId: string;
  title: Bilingual;
  looksAt: string;
  steps: string[];
  rule: Bilingual;
  citation: string[];
}

export interface Job {
  id?: string;
  status: string;
  progress?: { done: number; total: number; percent: number | null };
  result?: { cases?: number; opened?: number; closed?: number; reopened?: number } | null;
  [k: string]: unknown;
}

export interface OrgRef {
  id: string;
  code: string;
  name: string;
}

export interface CategoryCounts {
  total: number;
  occupation: Record<string, number>;
  flags: Record<string, number>;
}

export interface PeriodFigures {
  key: string;
  from: string;
  to: string;
  admissions: CategoryCounts;
  recognitions: { counts: CategoryCounts; late: number; onTime: number; effectiveBeforePeriod: number };
  removals: { total: number; late: number; onTime: number };
}

export interface TargetProgress {
  category: string;
  target: number;
  actual: number;
  percent: number | null;
  setBy: string | null;
  setAt: string | null;
}

export type Period = 'month' | 'quarter' | 'half' | 'year';

/** GET /reports/admissions (json) */
export interface AdmissionsReport {
  organisation: OrgRef;
  year: number;
  period: Period;
  generatedAt: string;
  layoutNote: Bilingual;
  personalData: false;
  periods: PeriodFigures[];
  total: PeriodFigures;
  byOrganisation: { organisation: OrgRef | null; admissions: CategoryCounts; recognitions: number; removals: number }[];
  recognitionDates: { caseId: string; decisionDate: string; effectiveDate: string | null; late: boolean }[];
  targets: TargetProgress[];
}

/** GET /reports/targets */
export interface TargetsReport {
  organisation: OrgRef;
  year: number;
  items: TargetProgress[];
  children: { organisation: OrgRef; items: TargetProgress[] }[];
}

/** GET /reports/coverage */
export interface CoverageReport {
  organisation: OrgRef;
  asOf: string;
  from: string;
  to: string;
  hamlets: {
    total: number;
    noCell: number;
    noMember: number;
    gaps: { id: string; code: string; name: string; cellId: string | null; fullMembers: number; gap: 'noCell' | 'noMember' }[];
  };
  baseOrganisations: { total: number; admitting: number; share: number | null; items: (OrgRef & { admitted: number })[] };
}

/** GET /reports/pipeline */
export interface PipelineReport {
  organisation: OrgRef;
  asOf: string;
  openCases: number;
  stages: {
    stage: string;
    cases: number;
    overdue: number;
    waitingDays: { average: number; median: number; max: number };
    buckets: { upTo30: number; upTo90: number; upTo180: number; over180: number };
  }[];
}

/** GET /audit */
export interface AuditRecord {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  caseId: string | null;
  outcome: string;
  statusCode: number | null;
  details: Record<string, unknown>;
  chain: string;
  chainSeq: number;
  hash: string;
}

/** A person (GET/POST /admin/people, orgs PersonView). */
export interface Person {
  id: string;
  organisationId: string;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  ethnicity: string;
  religion: string | null;
  occupation: string;
  educationLevel: string;
  citizenIdMasked: string | null;
}

export interface NewPerson {
  organisationId: string;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  ethnicity: string;
  religion?: string;
  occupation: string;
  educationLevel: string;
  citizenId?: string;
}

/** POST /cases: the candidate facts that matter to the rules (apps/api CandidateFactsDto). */
export interface CandidateFacts {
  youthUnionMember?: boolean;
  youthUnionOfficial?: boolean;
  tradeUnionMember?: boolean;
  areaException?: boolean;
  communityLeader?: boolean;
  vietnameseCitizen?: boolean;
  foreignSpouse?: boolean;
  ethnicChinese?: boolean;
}

type Json<T> = { 'application/json': T };
type Res<T> = { headers: { [name: string]: unknown }; content: Json<T> };
type Params<Q, P> = { query?: Q; header?: never; path: P; cookie?: never };
type Get<R, Q = never, P = never> = {
  parameters: [P] extends [never] ? { query?: Q; header?: never; path?: never; cookie?: never } : Params<Q, P>;
  requestBody?: never;
  responses: { 200: Res<R> };
};
type PostParams<P, H> = { query?: never; cookie?: never } & ([P] extends [never] ? { path?: never } : { path: P }) &
  ([H] extends [never] ? { header?: never } : { header: H });
type Post<B, R, P = never, H = never> = {
  parameters: PostParams<P, H>;
  requestBody: { content: Json<B> };
  responses: { 200: Res<R>; 201: Res<R> };
};
type Item<M> = M & { parameters: { query?: never; header?: never; path?: never; cookie?: never } };

export interface ContractPaths {
  '/api/v1/auth/login': Item<{ post: Post<{ username: string; password: string }, Tokens> }>;
  '/api/v1/auth/refresh': Item<{ post: Post<{ refreshToken: string }, Tokens> }>;
  '/api/v1/auth/me': Item<{ get: Get<Me> }>;
  '/api/v1/cases': Item<{
    post: Post<{ personId: string; organisationId: string; candidate?: CandidateFacts; variant?: Record<string, unknown> }, CaseView>;
    get: Get<
      Page<CaseSummary>,
      { organisationId?: string; stage?: string; state?: string; status?: 'open' | 'closed'; overdue?: boolean; q?: string; cursor?: string; limit?: number }
    >;
  }>;
  '/api/v1/cases/{id}': Item<{ get: Get<CaseView, never, { id: string }> }>;
  '/api/v1/cases/{id}/events': Item<{
    post: Post<{ type: string; [field: string]: unknown }, CaseView, { id: string }, { 'If-Match': string; 'Idempotency-Key'?: string }>;
    get: Get<CaseEventEntry[], never, { id: string }>;
  }>;
  '/api/v1/cases/{id}/events/{seq}/corrections': Item<{
    post: Post<{ reason: string; payload: Record<string, unknown> }, CaseView, { id: string; seq: number }, { 'If-Match': string }>;
  }>;
  '/api/v1/procedure/events': Item<{ get: Get<EventType[]> }>;
  '/api/v1/procedure/diagram': Item<{ get: Get<{ mermaid: string }> }>;
  '/api/v1/procedure/rules': Item<{ get: Get<unknown> }>;
  '/api/v1/notifications': Item<{ get: Get<Page<Notification>, { unread?: boolean; cursor?: string; limit?: number }> }>;
  '/api/v1/notifications/unread-count': Item<{ get: Get<{ count: number }> }>;
  '/api/v1/notifications/{id}/read': Item<{ post: Post<Record<string, never>, { id: string; readAt: string }, { id: string }> }>;
  '/api/v1/notifications/read-all': Item<{ post: Post<Record<string, never>, { marked: number }> }>;
  '/api/v1/auth/logout': Item<{ post: Post<Record<string, never>, unknown> }>;
  '/api/v1/violations': Item<{ get: Get<{ items: Violation[] } | { groupBy: string; groups: ViolationGroup[] }, ViolationQuery> }>;
  '/api/v1/violations/{id}': Item<{ get: Get<Violation, never, { id: string }> }>;
  '/api/v1/violations/{id}/history': Item<{ get: Get<ViolationHistoryEntry[], never, { id: string }> }>;
  '/api/v1/violations/{id}/explain': Item<{ post: Post<{ text: string }, Violation, { id: string }> }>;
  '/api/v1/violations/{id}/resolve': Item<{ post: Post<{ text: string }, Violation, { id: string }> }>;
  '/api/v1/compliance/checks': Item<{ get: Get<ComplianceCheck[]> }>;
  '/api/v1/compliance/reaudit': Item<{ post: Post<{ organisationId: string }, { jobId: string }> }>;
  '/api/v1/jobs/{id}': Item<{ get: Get<Job, never, { id: string }> }>;
  '/api/v1/reports/admissions': Item<{ get: Get<AdmissionsReport, { organisationId?: string; year: number; period?: Period; format?: 'json' }> }>;
  '/api/v1/reports/targets': Item<{ get: Get<TargetsReport, { organisationId?: string; year: number }> }>;
  '/api/v1/targets': Item<{
    put: { parameters: { query?: never; header?: never; path?: never; cookie?: never }; requestBody: { content: Json<{ organisationId: string; year: number; targets: { category: string; target: number }[] }> }; responses: { 200: Res<unknown> } };
  }>;
  '/api/v1/reports/coverage': Item<{ get: Get<CoverageReport, { organisationId?: string; asOf?: string; from?: string; to?: string }> }>;
  '/api/v1/reports/pipeline': Item<{ get: Get<PipelineReport, { organisationId?: string; asOf?: string }> }>;
  '/api/v1/audit': Item<{ get: Get<{ items: AuditRecord[]; nextCursor: string | null }, { caseId?: string; userId?: string; from?: string; to?: string; cursor?: string; limit?: number }> }>;
  '/api/v1/admin/people': Item<{ get: Get<Person[], { q: string }>; post: Post<NewPerson, Person> }>;
}
