// The supervisors' endpoints (docs/reports.md): violations and their lifecycle, the rule and check
// catalogues (cached per page load), the audit trail of a case.
import { api, unwrap } from './client';
import type { AuditRecord, ComplianceCheck, RuleInfo, Violation, ViolationGroup, ViolationQuery } from './types';

let rulesCache: Promise<RuleInfo[]> | null = null;
let checksCache: Promise<ComplianceCheck[]> | null = null;

export function procedureRules(): Promise<RuleInfo[]> {
  const p = (rulesCache ??= api.GET('/api/v1/procedure/rules').then((r) => unwrap(r) as RuleInfo[]));
  p.catch(() => (rulesCache = null));
  return p;
}

export function complianceChecks(): Promise<ComplianceCheck[]> {
  const p = (checksCache ??= api.GET('/api/v1/compliance/checks').then((r) => unwrap(r)));
  p.catch(() => (checksCache = null));
  return p;
}

/** Rule id → its text and the citations to show (the catalogue's resolved citations when it has the rule). */
export interface RuleText {
  vi: string;
  en: string;
  citation: string[];
}

export async function ruleTexts(): Promise<Map<string, RuleText>> {
  const [rules, checks] = await Promise.all([procedureRules(), complianceChecks().catch(() => [] as ComplianceCheck[])]);
  const out = new Map<string, RuleText>();
  for (const r of rules) {
    out.set(r.id, {
      vi: r.vi,
      en: r.en,
      citation: (r.citations ?? []).map((c) => `${c.instrument ?? ''} ${c.section}`.trim()),
    });
  }
  for (const c of checks) {
    const known = out.get(c.ruleId);
    if (known && c.citation.length) known.citation = [...new Set(c.citation)];
    else if (!known) out.set(c.ruleId, { vi: c.rule.vi, en: c.rule.en, citation: c.citation });
  }
  return out;
}

export async function listViolations(q: ViolationQuery): Promise<Violation[]> {
  const res = unwrap(await api.GET('/api/v1/violations', { params: { query: { ...q, groupBy: undefined } } }));
  return 'items' in res ? res.items : [];
}

export async function groupViolations(q: ViolationQuery, groupBy: 'organisation' | 'rule'): Promise<ViolationGroup[]> {
  const res = unwrap(await api.GET('/api/v1/violations', { params: { query: { ...q, groupBy } } }));
  return 'groups' in res ? res.groups : [];
}

export async function caseAudit(caseId: string, cursor?: string): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  return unwrap(await api.GET('/api/v1/audit', { params: { query: { caseId, cursor, limit: 100 } } }));
}
