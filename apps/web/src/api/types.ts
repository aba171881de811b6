// Named aliases for the web over the schema generated from the API's own OpenAPI document
// (schema.d.ts, `npm run web:api-types` from docs/openapi.json; a unit test fails when it drifts).
// Nothing here is hand-written shape: every type is read off `components` or `paths`.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type Citation = Schemas['Citation'];
export type RuleFailure = Schemas['RuleFailure'];
export type Problem = Schemas['Problem'];
export type NextDue = Schemas['NextDue'];
export type CaseSummary = Schemas['CaseSummary'];
export type CaseSummaryPage = Schemas['CaseSummaryPage'];
export type Requirement = Schemas['Requirement'];
export type Deadline = Schemas['Deadline'];
export type CaseView = Schemas['CaseView'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type CaseEventEntry = Schemas['CaseEventEntry'];
export type EventField = Schemas['EventField'];
export type EventType = Schemas['EventType'];
export type Notification = Schemas['Notification'];
export type Scope = Schemas['Scope'];
export type Me = Schemas['Me'];
export type Tokens = Schemas['Tokens'];
export type Violation = Schemas['Violation'];
export type ViolationGroup = Schemas['ViolationGroup'];
export type ViolationHistoryEntry = Schemas['ViolationHistoryEntry'];
export type RuleInfo = Schemas['RuleInfo'];
export type ComplianceCheck = Schemas['ComplianceCheck'];
export type Job = Schemas['Job'];
export type OrgRef = Schemas['OrgRef'];
export type CategoryCounts = Schemas['CategoryCounts'];
export type PeriodFigures = Schemas['PeriodFigures'];
export type TargetProgress = Schemas['TargetProgress'];
export type Period = Schemas['Period'];
export type AdmissionsReport = Schemas['AdmissionsReport'];
export type TargetsReport = Schemas['TargetsReport'];
export type CoverageReport = Schemas['CoverageReport'];
export type PipelineReport = Schemas['PipelineReport'];
export type AuditRecord = Schemas['AuditRecord'];
export type Countdown = Schemas['Countdown'];
export type TodoList = Schemas['TodoList'];
export type Organisation = Schemas['Organisation'];
export type Person = Schemas['Person'];
export type NewPerson = Schemas['CreatePersonDto'];
export type CandidateFacts = Schemas['CandidateFactsDto'];

/** The query of GET /violations (filters and grouping). */
export type ViolationQuery = NonNullable<paths['/api/v1/violations']['get']['parameters']['query']>;

/** The query of GET /audit and its answer. */
export type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
export type AuditPage = paths['/api/v1/audit']['get']['responses'][200]['content']['application/json'];

/** A target's category: 'total', an occupation or a flag (PUT /targets). */
export type TargetCategory = Schemas['TargetItemDto']['category'];

/** The body of POST /cases/{id}/events: the event's type and its fields. */
export type EventBody = NonNullable<paths['/api/v1/cases/{id}/events']['post']['requestBody']>['content']['application/json'];
