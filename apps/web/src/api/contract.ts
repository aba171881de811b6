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
  violations: { ruleId: string; step: string; status: string; dueDate: string | null; actualDate: string | null; responsible?: string | null }[];
  timeline: { seq: number; type: string; label?: Bilingual; eventDate: string; recordedAt: string; recordedBy: string; actorRole?: string; actingBody?: string; stateAfter: string }[];
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
    get: Get<
      Page<CaseSummary>,
      { organisationId?: string; stage?: string; state?: string; status?: 'open' | 'closed'; overdue?: boolean; q?: string; cursor?: string; limit?: number }
    >;
  }>;
  '/api/v1/cases/{id}': Item<{ get: Get<CaseView, never, { id: string }> }>;
  '/api/v1/cases/{id}/events': Item<{
    post: Post<{ type: string; [field: string]: unknown }, CaseView, { id: string }, { 'If-Match': string; 'Idempotency-Key'?: string }>;
  }>;
  '/api/v1/procedure/events': Item<{ get: Get<EventType[]> }>;
  '/api/v1/procedure/diagram': Item<{ get: Get<{ mermaid: string }> }>;
  '/api/v1/procedure/rules': Item<{ get: Get<unknown> }>;
  '/api/v1/notifications': Item<{ get: Get<Page<Notification>, { unread?: boolean; cursor?: string; limit?: number }> }>;
  '/api/v1/notifications/unread-count': Item<{ get: Get<{ count: number }> }>;
  '/api/v1/notifications/{id}/read': Item<{ post: Post<Record<string, never>, { id: string; readAt: string }, { id: string }> }>;
  '/api/v1/notifications/read-all': Item<{ post: Post<Record<string, never>, { marked: number }> }>;
  '/api/v1/auth/logout': Item<{ post: Post<Record<string, never>, unknown> }>;
}
