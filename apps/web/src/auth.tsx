import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, setSessionExpiredHandler, tokens, unwrap } from './api/client';
import type { Me, Problem, Tokens } from './api/types';

/** A login whose user must give a TOTP code (MFA_REQUIRED_ROLES): no tokens yet (docs/security.md). */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
  expiresIn: number;
  /** false: no second factor yet; enrol with POST /auth/mfa/enrol first. */
  enrolled: boolean;
}

/** A login's first step: signed in (the user), or a TOTP challenge to answer with `completeMfa`. */
export type LoginStep = { me: Me | null; challenge?: undefined } | { me?: undefined; challenge: MfaChallenge };

export interface Auth {
  me: Me | null;
  /** true until the stored session has been checked against GET /auth/me. */
  checking: boolean;
  expired: boolean;
  login(username: string, password: string): Promise<LoginStep>;
  /** Single sign-on: the one-time code the OIDC callback put in /#/login?sso=... */
  exchangeSso(code: string): Promise<LoginStep>;
  /** The second step: the challenge's token and the authenticator's 6-digit code. */
  completeMfa(mfaToken: string, code: string): Promise<Me | null>;
  logout(): void;
}

/** POST to a public auth route not in the typed contract; a refusal becomes an ApiError as elsewhere. */
export async function postAuth<T>(path: string, body: object): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, json as unknown as Problem, path);
  return json as T;
}

const AuthContext = createContext<Auth | null>(null);

async function fetchMe(): Promise<Me> {
  return unwrap(await api.GET('/api/v1/auth/me'));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => tokens.get() !== null);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setSessionExpiredHandler(() => {
      setMe(null);
      setExpired(true);
    });
    if (!tokens.get()) return;
    fetchMe()
      .then(setMe, () => tokens.set(null))
      .finally(() => setChecking(false));
  }, []);

  const signIn = useCallback(async (t: Tokens): Promise<Me | null> => {
    tokens.set(t);
    setExpired(false);
    try {
      const who = await fetchMe();
      setMe(who);
      return who;
    } catch (err) {
      tokens.set(null);
      throw err;
    }
  }, []);

  const step = useCallback(
    async (answer: Tokens | MfaChallenge): Promise<LoginStep> =>
      (answer as MfaChallenge).mfaRequired === true ? { challenge: answer as MfaChallenge } : { me: await signIn(answer as Tokens) },
    [signIn],
  );

  const login = useCallback(
    async (username: string, password: string) => step(unwrap(await api.POST('/api/v1/auth/login', { body: { username, password } })) as Tokens | MfaChallenge),
    [step],
  );
  const exchangeSso = useCallback(async (code: string) => step(await postAuth<Tokens | MfaChallenge>('/api/v1/auth/oidc/exchange', { code })), [step]);
  const completeMfa = useCallback(async (mfaToken: string, code: string) => signIn(await postAuth<Tokens>('/api/v1/auth/mfa', { mfaToken, code })), [signIn]);

  const logout = useCallback(() => {
    // Revoke the session on the server too (best effort: the tokens are dropped either way).
    const t = tokens.get();
    tokens.set(null);
    setMe(null);
    if (t) void api.POST('/api/v1/auth/logout', { headers: { Authorization: `Bearer ${t.accessToken}` } }).catch(() => undefined);
  }, []);

  const value = useMemo(() => ({ me, checking, expired, login, exchangeSso, completeMfa, logout }), [me, checking, expired, login, exchangeSso, completeMfa, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The roles of the signed-in user, whatever shape /auth/me gives them in. */
export function rolesOf(me: Me | null): string[] {
  if (!me) return [];
  return [...new Set([...(me.roles ?? []), ...(me.scopes ?? []).map((s) => s.role)])];
}

export const SUPERVISOR_ROLES = ['organisationDepartment', 'inspection'];
/** Who may read reports (libs/reports REPORT_ROLES); anyone else gets 403. */
export const REPORT_ROLES = ['organisationDepartment', 'inspection', 'competentStaff', 'baseCommitteeStaff', 'admin'];
/** Who reads the audit trail, each within its subtree (apps/api audit-access AUDIT_READ_ROLES). */
export const AUDIT_READ_ROLES = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin'];
/** Who explains a violation (the responsible bodies' staff) and who resolves it (inspection). */
export const EXPLAIN_ROLES = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment'];
export const RESOLVE_ROLES = ['inspection'];
export const REAUDIT_ROLES = ['inspection', 'organisationDepartment', 'admin'];
export const TARGET_ROLES = ['organisationDepartment', 'admin'];
/** Who opens a case (libs/cases CaseCommands.open) and who registers a person (orgs PERMISSIONS.peopleWrite). */
export const CASE_OPEN_ROLES = ['cellCommittee', 'baseCommitteeStaff', 'admin'];
export const PEOPLE_WRITE_ROLES = ['admin', 'organisationDepartment', 'baseCommitteeStaff', 'cellCommittee'];

export function hasRole(me: Me | null, allowed: readonly string[]): boolean {
  return rolesOf(me).some((r) => allowed.includes(r));
}

/** Where a user lands after signing in: what they are responsible for. */
export function landingPath(me: Me | null): string {
  // Organisation departments and inspection commissions supervise a subtree: the compliance
  // dashboard. Cell committees and the committees' staff work cases: the board of their subtree.
  const roles = rolesOf(me);
  if (roles.length > 0 && roles.every((r) => SUPERVISOR_ROLES.includes(r))) return '/compliance';
  return '/cases';
}
