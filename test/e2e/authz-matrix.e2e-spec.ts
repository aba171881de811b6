import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../libs/audit/src/index.js';
import { WebhookEndpointsService } from '../../libs/notifications/src/index.js';
import { OrganisationService, PersonService, createJwtService, seedDemoOrgs, todayInVietnam, type DemoSeedResult } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The authorisation matrix as a test (issue 15): every operation of the OpenAPI document × every
 * role (and no token) × a record inside / outside the caller's subtree, each cell with its expected
 * answer. The routes come from the document the app serves, so a new route that is missing from
 * ROUTES below fails the test. docs/security.md carries the same matrix, generated from ROUTES
 * (`MATRIX_WRITE=1` rewrites it; the test fails when the document and the doc disagree).
 *
 * The subtrees (demo province): every scoped caller's subtree holds the students' cell
 * (DEMO-CB-SINHVIEN, "inside"); the residents' cell of the other ward (DEMO-CB-TDP1) is outside
 * all of them. The global administrator has no outside.
 */

jest.setTimeout(300_000);

const ROLES = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** Callers: no token, each role scoped to a subtree, and a global administrator. */
const CALLERS = ['none', ...ROLES, 'globalAdmin'] as const;
type Caller = (typeof CALLERS)[number];
/** The scope root of each role's grant (all of them contain DEMO-CB-SINHVIEN, none DEMO-CB-TDP1). */
const GRANT_ROOT: Record<Role, string> = {
  cellCommittee: 'DEMO-CB-SINHVIEN',
  baseCommitteeStaff: 'DEMO-DU-DAIHOC',
  competentStaff: 'DEMO-XA-AN-HOA',
  organisationDepartment: 'DEMO-XA-AN-HOA',
  inspection: 'DEMO-XA-AN-HOA',
  admin: 'DEMO-XA-AN-HOA',
};

type Where = 'in' | 'out';
type Status = 200 | 201 | 202 | 204 | 400 | 401 | 403 | 404 | 409 | 422;
/**
 * How a route meets the subtree:
 * - none: nothing of it belongs to an organisation (procedure, calendar, the caller's own session): no outside cell;
 * - path / query / body: the record named in the path, a filter, or the body is inside or outside;
 * - list: rows are filtered; outside = the answer must not mention any outside record;
 * - own: the caller's own rows (inbox, own imports); outside = another user's row.
 */
type Scope = 'none' | 'path' | 'query' | 'body' | 'list' | 'own';

interface Req {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** A multipart/form-data body: text fields and one file. */
  multipart?: { fields: Record<string, string>; file: { field: string; bytes: Buffer; name: string } };
}

interface Route {
  /** Who may use the route at all: 'public' (no token needed), 'any' authenticated caller, or these roles (others 403). */
  use: 'public' | 'any' | readonly Role[];
  /**
   * 'role': the role is checked before anything is looked up (403 inside and outside);
   * 'record': the record is looked up first (outside answers 404 to every role, so existence never leaks).
   */
  gate?: 'role' | 'record';
  /** The role must be held with a global scope (the calendar, the clock, every delivery): scoped holders 403. */
  global?: true;
  scope: Scope;
  /** The answer inside for a caller who may use the route. */
  ok: Status;
  req(fx: Fixtures, where: Where, who: Caller): Req | Promise<Req>;
  /** Cells that differ from the rule above, with the reason in `note`. */
  except?: Partial<Record<Caller, Partial<Record<Where, Status>>>>;
  note?: string;
}

interface Fixtures {
  org: Record<string, string>;
  inOut: Record<'org' | 'parent' | 'person' | 'case' | 'user' | 'job', Record<Where, string>>;
  caseVersion: Record<Where, number>;
  deadlineKey: Record<Where, string>;
  /** The day after the pending deadline's due date: an extension within any legal limit. */
  extendTo: Record<Where, string>;
  /** A form on the fixture cases' path, and one uploaded document per case. */
  formCode: string;
  document: Record<Where, string>;
  userOf: Record<Caller, string>;
  today: string;
  /** A new person in the cell inside / outside (for writes that use one up). */
  person(where: Where): Promise<string>;
  /** A new user granted a cell role inside / outside. */
  user(where: Where): Promise<string>;
  membership(where: Where): Promise<string>;
  grant(where: Where): Promise<string>;
  violation(where: Where, status: 'open' | 'explained'): Promise<string>;
  notification(userId: string): Promise<string>;
  delivery(): Promise<string>;
  webhook(where: Where): Promise<string>;
  importJob(userId: string): Promise<string>;
  organisation(where: Where): Promise<string>;
  newCase(where: Where): Promise<{ id: string; version: number }>;
  /** A new case with sympathiser.listed (seq 2) and awarenessCourse.certified recorded. */
  steppedCase(where: Where): Promise<{ id: string; version: number }>;
  refreshToken(userId: string): Promise<string>;
  unique(): string;
}

const W = (where: Where, a: Record<Where, string>): string => a[where];
let proxied = 0;
/** A client address of its own (the app trusts the loopback proxy), so the login rate limits of one cell never reach the next. */
const viaProxy = (): Record<string, string> => {
  proxied++;
  return { 'X-Forwarded-For': `10.77.${Math.floor(proxied / 250) % 250}.${(proxied % 250) + 1}` };
};
const REPORT: readonly Role[] = ['organisationDepartment', 'inspection', 'competentStaff', 'baseCommitteeStaff', 'admin'];
const ORGS_WRITE: readonly Role[] = ['admin', 'organisationDepartment'];
const PEOPLE_WRITE: readonly Role[] = ['admin', 'organisationDepartment', 'baseCommitteeStaff', 'cellCommittee'];
const MEMBERSHIPS_WRITE: readonly Role[] = ['admin', 'organisationDepartment', 'baseCommitteeStaff'];
const LOGIN_PASSWORD = 'matrix-password-2026';
const PDF = Buffer.from('%PDF-1.4\n% matrice\n%%EOF\n');
const DOCUMENT_WRITERS: readonly Role[] = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'admin'];

/** The expected table: one entry per operation of the OpenAPI document. */
const ROUTES: Record<string, Route> = {
  'GET /health': { use: 'public', scope: 'none', ok: 200, req: () => ({ path: '/health' }) },
  'GET /health/ready': { use: 'public', scope: 'none', ok: 200, req: () => ({ path: '/health/ready' }) },
  'POST /api/v1/auth/login': {
    use: 'public',
    scope: 'none',
    ok: 200,
    req: () => ({ path: '/api/v1/auth/login', body: { username: 'matrix.login', password: LOGIN_PASSWORD } }),
  },
  'POST /api/v1/auth/refresh': {
    use: 'public',
    scope: 'none',
    ok: 200,
    req: async (fx) => ({ path: '/api/v1/auth/refresh', body: { refreshToken: await fx.refreshToken(fx.userOf.globalAdmin) } }),
  },
  'POST /api/v1/auth/logout': { use: 'any', scope: 'none', ok: 204, req: () => ({ path: '/api/v1/auth/logout' }) },
  'POST /api/v1/auth/password': {
    use: 'any',
    scope: 'none',
    ok: 204,
    req: () => ({ path: '/api/v1/auth/password', body: { currentPassword: LOGIN_PASSWORD, newPassword: 'matrix-changed-2026' } }),
  },
  'GET /api/v1/auth/me': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/auth/me' }) },
  // Single sign-on and the TOTP step: public, login-rate-limited (each cell its own client address through the trusted loopback proxy).
  'GET /api/v1/auth/methods': { use: 'public', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/auth/methods' }) },
  'GET /api/v1/auth/oidc/login': {
    use: 'public',
    scope: 'none',
    ok: 404,
    note: 'SSO off here (no OIDC_ISSUER_URL): 404; on, a 302 to the identity provider (test/e2e/oidc.e2e-spec.ts)',
    req: () => ({ path: '/api/v1/auth/oidc/login', headers: viaProxy() }),
  },
  'GET /api/v1/auth/oidc/callback': {
    use: 'public',
    scope: 'none',
    ok: 404,
    note: 'SSO off here: 404; on, a 302 to /#/login?sso=<one-time code> (test/e2e/oidc.e2e-spec.ts)',
    req: () => ({ path: '/api/v1/auth/oidc/callback', query: { code: 'matrix', state: 'matrix' }, headers: viaProxy() }),
  },
  'POST /api/v1/auth/oidc/exchange': {
    use: 'public',
    scope: 'none',
    ok: 404,
    note: 'SSO off here: 404; on, tokens or an MFA challenge for a one-time code (test/e2e/oidc.e2e-spec.ts)',
    req: () => ({ path: '/api/v1/auth/oidc/exchange', body: { code: 'm'.repeat(43) }, headers: viaProxy() }),
  },
  'POST /api/v1/auth/mfa': {
    use: 'public',
    scope: 'none',
    ok: 401,
    note: 'the challenge token of a login is the credential (here none valid: 401); with one and a good code, tokens (test/e2e/oidc.e2e-spec.ts)',
    req: () => ({ path: '/api/v1/auth/mfa', body: { mfaToken: 'm'.repeat(40), code: '123456' }, headers: viaProxy() }),
  },
  'POST /api/v1/auth/mfa/enrol': {
    use: 'public',
    scope: 'none',
    ok: 401,
    note: 'the challenge token of a login is the credential (here none valid: 401)',
    req: () => ({ path: '/api/v1/auth/mfa/enrol', body: { mfaToken: 'm'.repeat(40) }, headers: viaProxy() }),
  },
  'POST /api/v1/auth/totp/setup': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/auth/totp/setup' }) },
  'POST /api/v1/auth/totp/verify': {
    use: 'any',
    scope: 'none',
    ok: 400,
    note: 'a malformed code (400) after authentication; a good one 204 (test/e2e/oidc.e2e-spec.ts)',
    req: () => ({ path: '/api/v1/auth/totp/verify', body: { code: '12' } }),
  },

  // Organisations.
  'POST /api/v1/admin/organisations': {
    use: ORGS_WRITE,
    scope: 'body',
    ok: 201,
    req: (fx, w) => ({ path: '/api/v1/admin/organisations', body: { code: `MX-${fx.unique()}`, name: 'Chi bộ ma trận', kind: 'cell', parentId: W(w, fx.inOut.parent), validFrom: '2024-01-01' } }),
  },
  'GET /api/v1/admin/organisations': { use: 'any', scope: 'list', ok: 200, req: () => ({ path: '/api/v1/admin/organisations' }) },
  'GET /api/v1/admin/organisations/{id}': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}` }) },
  'GET /api/v1/admin/organisations/{id}/subtree': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}/subtree` }) },
  'GET /api/v1/admin/organisations/{id}/predecessors': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}/predecessors` }) },
  'GET /api/v1/admin/organisations/{id}/resolution': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}/resolution` }) },
  'PUT /api/v1/admin/organisations/{id}/competence': {
    use: ORGS_WRITE,
    scope: 'path',
    ok: 200,
    req: async (fx, w) => ({
      path: `/api/v1/admin/organisations/${await fx.organisation(w)}/competence`,
      body: { competentCommitteeId: W(w, { in: fx.org['DEMO-XA-AN-HOA']!, out: fx.org['DEMO-PHUONG-BINH-MINH']! }), body: 'standingCommittee', validFrom: '2024-01-01' },
    }),
  },
  'GET /api/v1/admin/organisations/{id}/settings': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}/settings` }) },
  'PUT /api/v1/admin/organisations/{id}/settings': {
    use: ORGS_WRITE,
    scope: 'path',
    ok: 200,
    req: async (fx, w) => ({ path: `/api/v1/admin/organisations/${await fx.organisation(w)}/settings`, body: { validFrom: '2024-01-01', settings: { tradeUnionPathPastYouth: true } } }),
  },
  'POST /api/v1/admin/organisations/{id}/successions': {
    use: ORGS_WRITE,
    scope: 'path',
    ok: 204,
    req: async (fx, w) => ({
      path: `/api/v1/admin/organisations/${await fx.organisation(w)}/successions`,
      body: { predecessorIds: [await fx.organisation(w)], kind: 'merger', effectiveDate: '2025-07-01' },
    }),
  },
  'GET /api/v1/admin/organisations/{id}/members': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}/members` }) },
  'GET /api/v1/admin/organisations/{id}/cell-vote-basis': {
    use: 'any',
    scope: 'path',
    ok: 200,
    req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}/cell-vote-basis`, query: { date: '2025-10-06' } }),
  },
  'GET /api/v1/admin/organisations/{id}/hamlets': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/organisations/${W(w, fx.inOut.org)}/hamlets` }) },
  'POST /api/v1/admin/organisations/{id}/hamlets': {
    use: ORGS_WRITE,
    scope: 'path',
    ok: 201,
    req: (fx, w) => ({
      path: `/api/v1/admin/organisations/${W(w, { in: fx.org['DEMO-XA-AN-HOA']!, out: fx.org['DEMO-PHUONG-BINH-MINH']! })}/hamlets`,
      body: { code: `TH-${fx.unique()}`, name: 'Thôn ma trận', validFrom: '2024-01-01' },
    }),
  },

  // People and memberships.
  'POST /api/v1/admin/people': {
    use: PEOPLE_WRITE,
    scope: 'body',
    ok: 201,
    req: (fx, w) => ({
      path: '/api/v1/admin/people',
      body: { organisationId: W(w, fx.inOut.org), fullName: 'Người Ma Trận', birthDate: '2000-01-01', sex: 'female', ethnicity: 'Kinh', occupation: 'student', educationLevel: 'university' },
    }),
  },
  'GET /api/v1/admin/people': { use: 'any', scope: 'list', ok: 200, req: () => ({ path: '/api/v1/admin/people', query: { q: 'Ma Tran' } }) },
  'GET /api/v1/admin/people/{id}': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/people/${W(w, fx.inOut.person)}` }) },
  'GET /api/v1/admin/people/{id}/memberships': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/people/${W(w, fx.inOut.person)}/memberships` }) },
  'POST /api/v1/admin/memberships': {
    use: MEMBERSHIPS_WRITE,
    scope: 'body',
    ok: 201,
    req: async (fx, w) => ({ path: '/api/v1/admin/memberships', body: { personId: await fx.person(w), bodyId: W(w, fx.inOut.org), status: 'probationary', validFrom: '2025-01-01' } }),
  },
  'POST /api/v1/admin/memberships/{id}/end': {
    use: MEMBERSHIPS_WRITE,
    scope: 'path',
    ok: 201,
    req: async (fx, w) => ({ path: `/api/v1/admin/memberships/${await fx.membership(w)}/end`, body: { validTo: '2026-01-01' } }),
  },

  // Users and grants.
  'POST /api/v1/admin/users': { use: ['admin'], scope: 'none', ok: 201, req: (fx) => ({ path: '/api/v1/admin/users', body: { username: `mx.${fx.unique()}`, password: 'matrix-new-user-2026' } }) },
  'GET /api/v1/admin/users': { use: ['admin'], scope: 'list', ok: 200, req: () => ({ path: '/api/v1/admin/users' }) },
  'GET /api/v1/admin/users/{id}': { use: ['admin'], scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/admin/users/${W(w, fx.inOut.user)}` }) },
  'POST /api/v1/admin/users/{id}/disable': { use: ['admin'], scope: 'path', ok: 200, req: async (fx, w) => ({ path: `/api/v1/admin/users/${await fx.user(w)}/disable` }) },
  'POST /api/v1/admin/users/{id}/enable': { use: ['admin'], scope: 'path', ok: 200, req: async (fx, w) => ({ path: `/api/v1/admin/users/${await fx.user(w)}/enable` }) },
  'POST /api/v1/admin/users/{id}/password': {
    use: ['admin'],
    scope: 'path',
    ok: 204,
    req: async (fx, w) => ({ path: `/api/v1/admin/users/${await fx.user(w)}/password`, body: { newPassword: 'matrix-reset-2026' } }),
  },
  'POST /api/v1/admin/users/{id}/totp/reset': {
    use: ['admin'],
    scope: 'path',
    ok: 204,
    req: async (fx, w) => ({ path: `/api/v1/admin/users/${await fx.user(w)}/totp/reset` }),
  },
  'POST /api/v1/admin/users/{id}/grants': {
    use: ['admin'],
    scope: 'body',
    ok: 201,
    req: async (fx, w) => ({ path: `/api/v1/admin/users/${await fx.user('in')}/grants`, body: { role: 'inspection', organisationId: W(w, fx.inOut.org), validFrom: '2025-01-01' } }),
  },
  'POST /api/v1/admin/users/grants/{grantId}/end': {
    use: ['admin'],
    scope: 'path',
    ok: 201,
    req: async (fx, w) => ({ path: `/api/v1/admin/users/grants/${await fx.grant(w)}/end`, body: { validTo: '2026-06-01' } }),
  },

  // Cases.
  'GET /api/v1/cases': { use: 'any', scope: 'list', ok: 200, req: () => ({ path: '/api/v1/cases', query: { limit: '100' } }) },
  'GET /api/v1/todo': { use: 'any', scope: 'list', ok: 200, req: () => ({ path: '/api/v1/todo' }) },
  'POST /api/v1/cases': {
    use: ['cellCommittee', 'baseCommitteeStaff', 'admin'],
    gate: 'record',
    scope: 'body',
    ok: 201,
    req: async (fx, w) => ({ path: '/api/v1/cases', body: { personId: await fx.person(w), organisationId: W(w, fx.inOut.org), candidate: { youthUnionMember: true } } }),
  },
  'GET /api/v1/cases/{id}': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}` }) },
  'GET /api/v1/cases/{id}/committee-vote-basis': {
    use: 'any',
    scope: 'path',
    ok: 200,
    req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/committee-vote-basis`, query: { type: 'base.admissionVoted', date: '2025-10-09' } }),
  },
  'GET /api/v1/cases/{id}/events': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/events` }) },
  'POST /api/v1/cases/{id}/events': {
    use: ['cellCommittee', 'admin'],
    gate: 'record',
    scope: 'path',
    ok: 200,
    note: 'the first step of a fresh case (sympathiser.listed: the cell, or an administrator); each event lists its own roles (docs/events.md); engine-only events are 403 to all',
    req: async (fx, w) => {
      const c = await fx.newCase(w);
      return {
        path: `/api/v1/cases/${c.id}/events`,
        headers: { 'If-Match': `"${c.version}"` },
        body: { type: 'sympathiser.listed', resolutionDate: fx.today, helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } },
      };
    },
  },
  'POST /api/v1/cases/{id}/events/{seq}/corrections': {
    use: ['cellCommittee', 'admin'],
    gate: 'record',
    scope: 'path',
    ok: 200,
    note: 'correcting sympathiser.listed: the roles of the corrected event',
    req: async (fx, w) => {
      const c = await fx.steppedCase(w);
      return {
        path: `/api/v1/cases/${c.id}/events/2/corrections`,
        headers: { 'If-Match': `"${c.version}"` },
        body: { reason: 'Sai tên người giúp đỡ', payload: { resolutionDate: fx.today, helper: { memberId: 'dv-minh', name: 'Trần Văn Minh (đính chính)', memberStatus: 'full' } } },
      };
    },
  },
  // Paperwork: forms filled from the case, uploaded documents (readers of the case read; writers of the case file).
  'GET /api/v1/cases/{id}/forms': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/forms` }) },
  'GET /api/v1/cases/{id}/forms/{code}': {
    use: 'any',
    scope: 'path',
    ok: 200,
    req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/forms/${encodeURIComponent(fx.formCode)}`, query: { format: 'docx' } }),
  },
  'GET /api/v1/cases/{id}/dossier': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/dossier` }) },
  'GET /api/v1/cases/{id}/documents': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/documents` }) },
  'POST /api/v1/cases/{id}/documents': {
    use: DOCUMENT_WRITERS,
    gate: 'record',
    scope: 'path',
    ok: 201,
    req: (fx, w) => ({
      path: `/api/v1/cases/${W(w, fx.inOut.case)}/documents`,
      multipart: { fields: { formCode: '6-KNĐ', step: 'cell.admissionVoted' }, file: { field: 'file', bytes: PDF, name: 'nghi-quyet.pdf' } },
    }),
  },
  'POST /api/v1/cases/{id}/documents/{documentId}/versions': {
    use: DOCUMENT_WRITERS,
    gate: 'record',
    scope: 'path',
    ok: 201,
    req: (fx, w) => ({
      path: `/api/v1/cases/${W(w, fx.inOut.case)}/documents/${W(w, fx.document)}/versions`,
      multipart: { fields: { reason: 'Bản quét rõ hơn' }, file: { field: 'file', bytes: PDF, name: 'nghi-quyet-2.pdf' } },
    }),
  },
  'GET /api/v1/cases/{id}/documents/{documentId}/content': {
    use: 'any',
    scope: 'path',
    ok: 200,
    req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/documents/${W(w, fx.document)}/content` }),
  },
  'GET /api/v1/cases/{id}/projection': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/projection` }) },
  'POST /api/v1/cases/{id}/deadlines/{key}/extend': {
    use: ['competentStaff', 'baseCommitteeStaff', 'admin'],
    scope: 'path',
    ok: 422,
    note: 'the fixture case’s pending timer (awarenessCertValidity) has no legal extension: 422 from the rules means the caller got through authorisation (200 paths: deadlines.int-spec)',
    req: (fx, w) => ({ path: `/api/v1/cases/${W(w, fx.inOut.case)}/deadlines/${encodeURIComponent(W(w, fx.deadlineKey))}/extend`, body: { to: W(w, fx.extendTo), reason: 'ma trận phân quyền' } }),
  },

  // Procedure and calendar: the law, the same for everyone.
  'GET /api/v1/procedure/events': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/procedure/events' }) },
  'GET /api/v1/procedure/rules': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/procedure/rules' }) },
  'GET /api/v1/procedure/diagram': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/procedure/diagram' }) },
  'GET /api/v1/calendar': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/calendar' }) },
  'PUT /api/v1/admin/calendar/{year}': {
    use: ['admin'],
    global: true,
    scope: 'none',
    ok: 200,
    req: () => {
      const year = JSON.parse(readFileSync('config/calendar/2027.json', 'utf8')) as { status: string; daysOff: unknown[]; makeUpWorkingDays: unknown[]; sources: string[] };
      return { path: '/api/v1/admin/calendar/2027', body: { status: year.status, daysOff: year.daysOff, makeUpWorkingDays: year.makeUpWorkingDays, sources: year.sources, reason: 'ma trận phân quyền' } };
    },
  },
  'GET /api/v1/admin/clock': { use: ['admin'], global: true, scope: 'none', ok: 200, req: () => ({ path: '/api/v1/admin/clock' }) },
  'POST /api/v1/admin/clock': { use: ['admin'], global: true, scope: 'none', ok: 200, req: () => ({ path: '/api/v1/admin/clock', body: {} }) },

  // Audit.
  'GET /api/v1/audit': { use: ROLES, scope: 'query', ok: 200, req: (fx, w) => ({ path: '/api/v1/audit', query: { caseId: W(w, fx.inOut.case) } }) },
  'GET /api/v1/audit/verify': { use: ['inspection', 'admin'], scope: 'query', ok: 200, req: (fx, w) => ({ path: '/api/v1/audit/verify', query: { chain: `case:${W(w, fx.inOut.case)}` } }) },

  // The caller's own inbox.
  'GET /api/v1/notifications': { use: 'any', scope: 'list', ok: 200, req: () => ({ path: '/api/v1/notifications' }) },
  'GET /api/v1/notifications/unread-count': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/notifications/unread-count' }) },
  'POST /api/v1/notifications/read-all': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/notifications/read-all' }) },
  'GET /api/v1/notifications/preferences': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/notifications/preferences' }) },
  'PUT /api/v1/notifications/preferences': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/notifications/preferences', body: { emailMode: 'dailyDigest' } }) },
  'POST /api/v1/notifications/{id}/read': {
    use: 'any',
    scope: 'own',
    ok: 200,
    req: async (fx, w, who) => ({ path: `/api/v1/notifications/${await fx.notification(w === 'in' && who !== 'none' ? fx.userOf[who] : fx.userOf.globalAdmin)}/read` }),
  },
  'GET /api/v1/admin/deliveries': { use: ['admin'], global: true, scope: 'none', ok: 200, req: () => ({ path: '/api/v1/admin/deliveries' }) },
  'POST /api/v1/admin/deliveries/{id}/retry': { use: ['admin'], global: true, scope: 'none', ok: 202, req: async (fx) => ({ path: `/api/v1/admin/deliveries/${await fx.delivery()}/retry` }) },
  'GET /api/v1/admin/webhook-endpoints': { use: ORGS_WRITE, scope: 'list', ok: 200, req: () => ({ path: '/api/v1/admin/webhook-endpoints' }) },
  'POST /api/v1/admin/webhook-endpoints': {
    use: ORGS_WRITE,
    scope: 'body',
    ok: 201,
    req: (fx, w) => ({ path: '/api/v1/admin/webhook-endpoints', body: { organisationId: W(w, fx.inOut.org), url: 'https://hooks.example.org/ket-nap' } }),
  },
  'PATCH /api/v1/admin/webhook-endpoints/{id}': {
    use: ORGS_WRITE,
    scope: 'path',
    ok: 200,
    req: async (fx, w) => ({ path: `/api/v1/admin/webhook-endpoints/${await fx.webhook(w)}`, body: { active: false } }),
  },
  'DELETE /api/v1/admin/webhook-endpoints/{id}': { use: ORGS_WRITE, scope: 'path', ok: 204, req: async (fx, w) => ({ path: `/api/v1/admin/webhook-endpoints/${await fx.webhook(w)}` }) },

  // Compliance.
  'GET /api/v1/violations': { use: 'any', scope: 'list', ok: 200, req: () => ({ path: '/api/v1/violations' }) },
  'GET /api/v1/violations/{id}': { use: 'any', scope: 'path', ok: 200, req: async (fx, w) => ({ path: `/api/v1/violations/${await fx.violation(w, 'open')}` }) },
  'GET /api/v1/violations/{id}/history': { use: 'any', scope: 'path', ok: 200, req: async (fx, w) => ({ path: `/api/v1/violations/${await fx.violation(w, 'open')}/history` }) },
  'POST /api/v1/violations/{id}/explain': {
    use: ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment'],
    gate: 'record',
    scope: 'path',
    ok: 200,
    req: async (fx, w) => ({ path: `/api/v1/violations/${await fx.violation(w, 'open')}/explain`, body: { text: 'Giải trình của cơ quan chịu trách nhiệm' } }),
  },
  'POST /api/v1/violations/{id}/resolve': {
    use: ['inspection'],
    scope: 'path',
    ok: 200,
    req: async (fx, w) => ({ path: `/api/v1/violations/${await fx.violation(w, 'explained')}/resolve`, body: { text: 'Kết luận của ủy ban kiểm tra' } }),
  },
  'GET /api/v1/compliance/checks': { use: 'any', scope: 'none', ok: 200, req: () => ({ path: '/api/v1/compliance/checks' }) },
  'POST /api/v1/compliance/reaudit': {
    use: ['inspection', 'organisationDepartment', 'admin'],
    scope: 'body',
    ok: 202,
    req: (fx, w) => ({ path: '/api/v1/compliance/reaudit', body: { organisationId: W(w, fx.inOut.org) } }),
  },
  'GET /api/v1/jobs/{id}': { use: 'any', scope: 'path', ok: 200, req: (fx, w) => ({ path: `/api/v1/jobs/${W(w, fx.inOut.job)}` }) },

  // Reports.
  'GET /api/v1/reports/admissions': { use: REPORT, scope: 'query', ok: 200, req: (fx, w) => ({ path: '/api/v1/reports/admissions', query: { organisationId: W(w, fx.inOut.org), year: '2025' } }) },
  'GET /api/v1/reports/targets': { use: REPORT, scope: 'query', ok: 200, req: (fx, w) => ({ path: '/api/v1/reports/targets', query: { organisationId: W(w, fx.inOut.org), year: '2025' } }) },
  'PUT /api/v1/targets': {
    use: ['organisationDepartment', 'admin'],
    scope: 'body',
    ok: 200,
    req: (fx, w) => ({ path: '/api/v1/targets', body: { organisationId: W(w, fx.inOut.org), year: 2026, targets: [{ category: 'total', target: 12 }] } }),
  },
  'GET /api/v1/reports/coverage': { use: REPORT, scope: 'query', ok: 200, req: (fx, w) => ({ path: '/api/v1/reports/coverage', query: { organisationId: W(w, fx.inOut.parent) } }) },
  'GET /api/v1/reports/pipeline': { use: REPORT, scope: 'query', ok: 200, req: (fx, w) => ({ path: '/api/v1/reports/pipeline', query: { organisationId: W(w, fx.inOut.org) } }) },

  // Imports: the job belongs to whoever submitted it.
  'POST /api/v1/admin/imports': {
    use: ['admin', 'organisationDepartment'],
    scope: 'none',
    ok: 202,
    req: () => ({ path: '/api/v1/admin/imports', body: { kind: 'members', csv: 'ma_to_chuc,ho_ten,ngay_sinh\n' } }),
  },
  'GET /api/v1/admin/imports/{id}': {
    use: ['admin', 'organisationDepartment'],
    scope: 'own',
    ok: 200,
    req: async (fx, w, who) => ({ path: `/api/v1/admin/imports/${await fx.importJob(w === 'in' && who !== 'none' ? fx.userOf[who] : fx.userOf.globalAdmin)}` }),
  },
};

/** The expected answer of one cell, from the route's rule and its exceptions. */
function expected(route: Route, who: Caller, where: Where): Status {
  const exception = route.except?.[who]?.[where];
  if (exception) return exception;
  if (route.use === 'public') return route.ok;
  if (who === 'none') return 401;
  const role: Role = who === 'globalAdmin' ? 'admin' : who;
  const allowed = route.use === 'any' || route.use.includes(role);
  if (!allowed) return route.gate === 'record' && where === 'out' ? 404 : 403;
  if (route.global && who !== 'globalAdmin') return 403;
  if (where === 'out' && route.scope !== 'list' && route.scope !== 'none') return 404;
  return route.ok;
}

/** The cells a route has: no outside cell for 'none' routes nor for the global administrator. */
function cellsOf(route: Route): [Caller, Where][] {
  const cells: [Caller, Where][] = [];
  for (const who of CALLERS) {
    cells.push([who, 'in']);
    if (route.scope !== 'none' && who !== 'globalAdmin') cells.push([who, 'out']);
  }
  return cells;
}

const label = (s: Status): string => String(s);
const SHORT: Record<Caller, string> = {
  none: 'no token',
  cellCommittee: 'cell',
  baseCommitteeStaff: 'base',
  competentStaff: 'competent',
  organisationDepartment: 'org. dept',
  inspection: 'inspection',
  admin: 'admin (scoped)',
  globalAdmin: 'admin (global)',
};

/** The matrix as markdown: one row per route, one column per caller, "inside / outside". */
function matrixMarkdown(): string {
  const head = `| Route | ${CALLERS.map((c) => SHORT[c]).join(' | ')} |`;
  const sep = `|---|${CALLERS.map(() => '---').join('|')}|`;
  const rows = Object.entries(ROUTES).map(([key, route]) => {
    const cells = CALLERS.map((who) => {
      const inside = label(expected(route, who, 'in'));
      if (route.scope === 'none' || who === 'globalAdmin') return inside;
      const outside = label(expected(route, who, 'out'));
      return `${inside} / ${outside}`;
    });
    return `| \`${key}\` | ${cells.join(' | ')} |`;
  });
  const n = Object.values(ROUTES).reduce((s, r) => s + cellsOf(r).length, 0);
  const scoped = Object.values(ROUTES).filter((r) => r.scope !== 'none').length;
  return [
    `${Object.keys(ROUTES).length} operations × ${CALLERS.length} callers (no token, six roles scoped to a subtree, a global administrator); ` +
      `${scoped} operations have an inside and an outside cell per scoped caller: **${n} cells**, each a real HTTP request.`,
    '',
    head,
    sep,
    ...rows,
  ].join('\n');
}

const BEGIN = '<!-- authz-matrix:begin (generated by test/e2e/authz-matrix.e2e-spec.ts; MATRIX_WRITE=1 to rewrite) -->';
const END = '<!-- authz-matrix:end -->';

describe('authorisation matrix: every route × every role × inside/outside the subtree', () => {
  let t: TestApp;
  let ds: DataSource;
  let seed: DemoSeedResult;
  let fx: Fixtures;
  let outsideIds: string[] = [];
  const userOf = {} as Record<Caller, string>;
  const jwt = () => createJwtService(t.config);
  let counter = 0;

  /** A fresh session per request: logout and password changes cannot disturb the next cell. */
  async function tokenFor(who: Caller): Promise<string | null> {
    if (who === 'none') return null;
    const userId = userOf[who];
    const sid = randomUUID();
    await ds.query(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
      userId,
      sid,
      createHash('sha256').update(randomBytes(32).toString('base64url')).digest('hex'),
    ]);
    return jwt().signAsync({ sub: userId, sid, typ: 'access' }, { expiresIn: 600 });
  }

  async function makeUser(username: string, password: string, role: Role | null, orgCode: string | null): Promise<string> {
    const [u] = await ds.query(`INSERT INTO users (username, password_hash) VALUES ($1, $2) RETURNING id`, [username, bcrypt.hashSync(password, 4)]);
    if (role) await ds.query(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from) VALUES ($1, $2, $3, '2020-01-01')`, [u.id, role, orgCode ? seed.organisations[orgCode] : null]);
    return u.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp({ TRUSTED_PROXIES: 'loopback' });
    ds = t.app.get((await import('typeorm')).DataSource);
    seed = await seedDemoOrgs(ds);
    const org = seed.organisations;
    const people = t.app.get(PersonService);
    const hooks = t.app.get(WebhookEndpointsService);
    const orgs = t.app.get(OrganisationService);
    const cellOf = (w: Where) => (w === 'in' ? org['DEMO-CB-SINHVIEN']! : org['DEMO-CB-TDP1']!);
    const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
    const person = async (w: Where) =>
      (
        await people.create({
          organisationId: cellOf(w),
          fullName: w === 'in' ? `Ma Trận Trong ${unique()}` : `Ma Trận Ngoài ${unique()}`,
          birthDate: '2003-03-03',
          sex: 'male',
          ethnicity: 'Kinh',
          occupation: 'student',
          educationLevel: 'upperSecondary',
          religion: null,
          citizenId: null,
        })
      ).id;
    userOf.none = '';
    for (const role of ROLES) userOf[role] = await makeUser(`mx.${role.toLowerCase()}`, LOGIN_PASSWORD, role, GRANT_ROOT[role]);
    userOf.globalAdmin = await makeUser('mx.globaladmin', LOGIN_PASSWORD, 'admin', null);
    await makeUser('matrix.login', LOGIN_PASSWORD, 'cellCommittee', 'DEMO-CB-SINHVIEN');

    // Cases inside and outside, opened and moved one step by the global administrator.
    const admin = async () => `Bearer ${await tokenFor('globalAdmin')}`;
    const newCase = async (w: Where): Promise<{ id: string; version: number }> => {
      const res = await request(t.app.getHttpServer())
        .post('/api/v1/cases')
        .set('Authorization', await admin())
        .send({ personId: await person(w), organisationId: cellOf(w), candidate: { youthUnionMember: true } });
      if (res.status !== 201) throw new Error(`open case: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id, version: res.body.version };
    };
    const today = todayInVietnam();
    const steppedCase = async (w: Where) => {
      const c = await newCase(w);
      const res = await request(t.app.getHttpServer())
        .post(`/api/v1/cases/${c.id}/events`)
        .set('Authorization', await admin())
        .set('If-Match', `"${c.version}"`)
        .send({ type: 'sympathiser.listed', resolutionDate: today, helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } });
      if (res.status !== 200) throw new Error(`sympathiser.listed: ${res.status} ${JSON.stringify(res.body)}`);
      // The awareness certificate arms a legal timer (its validity): a pending deadline to extend.
      const cert = await request(t.app.getHttpServer())
        .post(`/api/v1/cases/${c.id}/events`)
        .set('Authorization', await admin())
        .set('If-Match', `"${res.body.version}"`)
        .send({ type: 'awarenessCourse.certified', issuedOn: today, certificateNo: 'GCN-MX' });
      if (cert.status !== 200) throw new Error(`awarenessCourse.certified: ${cert.status} ${JSON.stringify(cert.body)}`);
      return { id: c.id, version: cert.body.version as number };
    };
    const caseIn = await steppedCase('in');
    const caseOut = await steppedCase('out');
    const keyOf = async (caseId: string): Promise<{ key: string; next: string }> => {
      const rows: { key: string; next: string }[] = await ds.query(
        `SELECT key, (due_date + 1)::text AS next FROM deadlines WHERE case_id = $1 AND status = 'pending' AND due_date IS NOT NULL ORDER BY key LIMIT 1`,
        [caseId],
      );
      if (!rows[0]) throw new Error(`no pending deadline on the fixture case: ${JSON.stringify(await ds.query(`SELECT key, status, due_date FROM deadlines WHERE case_id = $1`, [caseId]))}`);
      return rows[0];
    };
    const jobIn: { id: string }[] = await ds.query(`INSERT INTO jobs (kind, organisation_id, requested_by) VALUES ('compliance.reaudit', $1, $2) RETURNING id`, [cellOf('in'), userOf.globalAdmin]);
    const jobOut: { id: string }[] = await ds.query(`INSERT INTO jobs (kind, organisation_id, requested_by) VALUES ('compliance.reaudit', $1, $2) RETURNING id`, [cellOf('out'), userOf.globalAdmin]);
    const userIn = await makeUser(`mx.in.${unique()}`, LOGIN_PASSWORD, 'cellCommittee', 'DEMO-CB-SINHVIEN');
    const userOut = await makeUser(`mx.out.${unique()}`, LOGIN_PASSWORD, 'cellCommittee', 'DEMO-CB-TDP1');
    const personIn = await person('in');
    const personOut = await person('out');
    const caseFor = { in: caseIn.id, out: caseOut.id };

    const forms = await request(t.app.getHttpServer()).get(`/api/v1/cases/${caseIn.id}/forms`).set('Authorization', await admin());
    if (forms.status !== 200 || !forms.body[0]) throw new Error(`forms: ${forms.status} ${JSON.stringify(forms.body)}`);
    const documentOf = async (caseId: string): Promise<string> => {
      const res = await request(t.app.getHttpServer())
        .post(`/api/v1/cases/${caseId}/documents`)
        .set('Authorization', await admin())
        .field('formCode', '6-KNĐ')
        .field('step', 'cell.admissionVoted')
        .attach('file', PDF, 'nghi-quyet.pdf');
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    fx = {
      formCode: (forms.body as { code: string; ready: boolean }[]).find((f) => f.ready)?.code ?? forms.body[0].code,
      document: { in: await documentOf(caseIn.id), out: await documentOf(caseOut.id) },
      org,
      inOut: {
        org: { in: cellOf('in'), out: cellOf('out') },
        parent: { in: org['DEMO-DU-DAIHOC']!, out: org['DEMO-DU-KDC']! },
        person: { in: personIn, out: personOut },
        case: caseFor,
        user: { in: userIn, out: userOut },
        job: { in: jobIn[0]!.id, out: jobOut[0]!.id },
      },
      caseVersion: { in: caseIn.version, out: caseOut.version },
      deadlineKey: { in: (await keyOf(caseIn.id)).key, out: (await keyOf(caseOut.id)).key },
      extendTo: { in: (await keyOf(caseIn.id)).next, out: (await keyOf(caseOut.id)).next },
      userOf,
      today,
      person,
      user: (w) => makeUser(`mx.u.${unique()}`, LOGIN_PASSWORD, 'cellCommittee', w === 'in' ? 'DEMO-CB-SINHVIEN' : 'DEMO-CB-TDP1'),
      membership: async (w) => {
        const [m] = await ds.query(`INSERT INTO memberships (person_id, body_id, role, status, valid_from) VALUES ($1, $2, 'member', 'full', '2020-01-01') RETURNING id`, [
          await person(w),
          cellOf(w),
        ]);
        return m.id;
      },
      grant: async (w) => {
        const [g] = await ds.query(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from) VALUES ($1, 'inspection', $2, '2025-01-01') RETURNING id`, [userIn, cellOf(w)]);
        return g.id;
      },
      violation: async (w, status) => {
        const [v] = await ds.query(
          `INSERT INTO violations (case_id, rule_id, step, organisation_id, actual_date, status, explanation) VALUES ($1, 'PROC-ORDER', $2, $3, '2025-06-01', $4, $5) RETURNING id`,
          [caseFor[w], `matrix-${unique()}`, cellOf(w), status, status === 'explained' ? 'đã giải trình' : null],
        );
        return v.id;
      },
      notification: async (userId) => {
        const [n] = await ds.query(
          `INSERT INTO notifications (user_id, kind, template, title_vi, title_en, body_vi, body_en, idempotency_key) VALUES ($1, 'caseUpdate', 'matrix', 'Thử', 'Test', 'Thử', 'Test', $2) RETURNING id`,
          [userId, `matrix-${unique()}`],
        );
        return n.id;
      },
      delivery: async () => {
        const [d] = await ds.query(
          `INSERT INTO deliveries (channel, target, idempotency_key, payload, status, attempts) VALUES ('webhook', 'https://hooks.example.org/x', $1, $2::jsonb, 'dead', 8) RETURNING id`,
          [`matrix-${unique()}`, JSON.stringify({ type: 'event', event: { message: { titleVi: 'Thử', titleEn: 'Test' } } })],
        );
        return d.id;
      },
      webhook: async (w) => (await hooks.create('all', { organisationId: cellOf(w), url: 'https://hooks.example.org/ket-nap' })).id,
      importJob: async (userId) => {
        const [j] = await ds.query(`INSERT INTO import_jobs (kind, requested_by, content, content_sha256) VALUES ('members', $1, '\\x00'::bytea, $2) RETURNING id`, [userId, '0'.repeat(64)]);
        return j.id;
      },
      organisation: async (w) =>
        (await orgs.create({ code: `MXO-${unique()}`, name: 'Chi bộ ma trận', kind: 'cell', parentId: w === 'in' ? org['DEMO-DU-DAIHOC']! : org['DEMO-DU-KDC']!, validFrom: '2020-01-01' })).id,
      newCase,
      steppedCase,
      refreshToken: async (userId) => {
        const token = randomBytes(32).toString('base64url');
        await ds.query(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
          userId,
          randomUUID(),
          createHash('sha256').update(token).digest('hex'),
        ]);
        return token;
      },
      unique,
    };
    outsideIds = [cellOf('out'), personOut, caseOut.id, userOut, jobOut[0]!.id, org['DEMO-DU-KDC']!, fx.document.out];
    // One notification per caller (and one of another user's) so inbox lists have rows to filter.
    for (const who of CALLERS) if (who !== 'none') await fx.notification(userOf[who]);
    outsideIds.push(await fx.violation('out', 'open'), await fx.webhook('out'));
  });
  afterAll(async () => {
    await t?.app.get(AuditService).flush();
    await t?.close();
  });

  it('covers every operation of the OpenAPI document, and nothing else', async () => {
    const doc = (await request(t.app.getHttpServer()).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    const missing = documented.filter((k) => !(k in ROUTES));
    const stale = Object.keys(ROUTES).filter((k) => !documented.includes(k));
    // A route without a row here has no agreed answer per role: add it to ROUTES (and docs/security.md).
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('answers every cell as the matrix says', async () => {
    const server = t.app.getHttpServer();
    const wrong: string[] = [];
    let cells = 0;
    for (const [key, route] of Object.entries(ROUTES)) {
      const method = key.slice(0, key.indexOf(' ')).toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      for (const [who, where] of cellsOf(route)) {
        const r = await route.req(fx, where, who);
        const token = await tokenFor(who);
        let call = request(server)[method](r.path);
        if (r.query) call = call.query(r.query);
        if (token) call = call.set('Authorization', `Bearer ${token}`);
        for (const [h, v] of Object.entries(r.headers ?? {})) call = call.set(h, v);
        if (r.multipart) {
          for (const [f, v] of Object.entries(r.multipart.fields)) call = call.field(f, v);
          call = call.attach(r.multipart.file.field, r.multipart.file.bytes, r.multipart.file.name);
        }
        const res = await (r.body !== undefined ? call.send(r.body as object) : call);
        cells++;
        const want = expected(route, who, where);
        // The problem's `instance` echoes the caller's own URL: not a leak.
        const { instance: _instance, ...body } = (res.body ?? {}) as Record<string, unknown>;
        const text = res.headers['content-type']?.includes('json') ? JSON.stringify(body) : String(res.text ?? '');
        if (res.status !== want) wrong.push(`${key} as ${who} ${where}: expected ${want}, got ${res.status} ${text.slice(0, 200)}`);
        // Every refusal is problem+json.
        else if (res.status >= 400 && !/application\/problem\+json/.test(String(res.headers['content-type']))) wrong.push(`${key} as ${who} ${where}: ${res.status} is not problem+json`);
        // A 404 answers like a missing record; a refusal never names the record's organisation.
        else if (res.status >= 400 && outsideIds.some((id) => text.includes(id))) wrong.push(`${key} as ${who} ${where}: the refusal mentions an outside record`);
        // Lists outside: the answer holds no record of the outside subtree.
        else if (route.scope === 'list' && where === 'out' && outsideIds.some((id) => text.includes(id))) wrong.push(`${key} as ${who}: lists a record outside the subtree`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBe(Object.values(ROUTES).reduce((s, r) => s + cellsOf(r).length, 0));
  });

  it('docs/security.md carries this matrix', () => {
    const doc = readFileSync('docs/security.md', 'utf8');
    const generated = `${BEGIN}\n${matrixMarkdown()}\n${END}`;
    if (process.env.MATRIX_WRITE === '1') {
      const start = doc.indexOf(BEGIN);
      const end = doc.indexOf(END);
      const next = start >= 0 && end > start ? doc.slice(0, start) + generated + doc.slice(end + END.length) : `${doc.trimEnd()}\n\n${generated}\n`;
      writeFileSync('docs/security.md', next);
      return;
    }
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(doc.slice(start, end + END.length)).toBe(generated);
  });
});
