import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setSessionExpiredHandler, tokens, unwrap } from './api/client';
import type { Me, Tokens } from './api/contract';

export interface Auth {
  me: Me | null;
  /** true until the stored session has been checked against GET /auth/me. */
  checking: boolean;
  expired: boolean;
  login(username: string, password: string): Promise<Me | null>;
  logout(): void;
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

  const login = useCallback(async (username: string, password: string) => {
    const t: Tokens = unwrap(await api.POST('/api/v1/auth/login', { body: { username, password } }));
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

  const logout = useCallback(() => {
    // Revoke the session on the server too (best effort: the tokens are dropped either way).
    const t = tokens.get();
    tokens.set(null);
    setMe(null);
    if (t) void api.POST('/api/v1/auth/logout', { body: {}, headers: { Authorization: `Bearer ${t.accessToken}` } }).catch(() => undefined);
  }, []);

  const value = useMemo(() => ({ me, checking, expired, login, logout }), [me, checking, expired, login, logout]);
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
