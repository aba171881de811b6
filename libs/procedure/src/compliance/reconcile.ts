import { type Bilingual } from '../rules/rule.types.js';
import { type AuditOutcome, type Finding, ownedByCatalogue } from './catalogue.js';

/** A violation as stored, as far as the reconciliation needs it. */
export interface StoredViolation {
  id: string;
  ruleId: string;
  step: string;
  status: 'open' | 'explained' | 'resolved';
  /** The catalogue check that opened it; null when the live engine (a guard flag, the worker) did. */
  checkId: string | null;
  /** Closed by an earlier audit (not by a person): the audit may reopen it. */
  clearedByAudit: boolean;
  /** The dates stored on it, when known: a finding with other dates refreshes them (the act came late). */
  dueDate?: string | null;
  actualDate?: string | null;
}

/** Violations the live engine opens and the catalogue models exactly: the audit closes those too. */
export const LIVE_RULES_MODELLED: readonly string[] = ['PROC-DEADLINES', 'PROC-CEREMONY-CONSENT'];

export interface ViolationChanges {
  open: Finding[];
  reopen: { id: string; finding: Finding }[];
  /** Still open (or explained) and still found, with other dates: e.g. the worker's overdue violation once the late act is recorded. */
  refresh: { id: string; finding: Finding }[];
  close: { id: string; ruleId: string; step: string; from: 'open' | 'explained'; reason: Bilingual }[];
}

const NO_LONGER: Bilingual = { vi: 'Kiểm tra lại không còn thấy vi phạm', en: 'No longer found by the re-audit' };

/**
 * What must change on a case's violations so that they say what the catalogue found: open the new
 * findings, reopen those a previous audit had cleared, close (with the cure as the reason) the
 * ones the catalogue owns and no longer finds. A violation a person resolved stays resolved; one
 * the catalogue does not model (a roster mismatch) is never touched. Pure and idempotent.
 */
export function reconcileViolations(existing: readonly StoredViolation[], audit: AuditOutcome): ViolationChanges {
  const key = (ruleId: string, step: string) => `${ruleId}|${step}`;
  const byKey = new Map(existing.map((v) => [key(v.ruleId, v.step), v]));
  const found = new Set(audit.findings.map((f) => key(f.ruleId, f.step)));
  const cureOf = new Map(audit.cures.map((c) => [key(c.ruleId, c.step), c.reason]));
  const out: ViolationChanges = { open: [], reopen: [], refresh: [], close: [] };
  for (const f of audit.findings) {
    const v = byKey.get(key(f.ruleId, f.step));
    if (!v) out.open.push(f);
    else if (v.status === 'resolved' && v.clearedByAudit) out.reopen.push({ id: v.id, finding: f });
    else if (
      v.status !== 'resolved' &&
      ((v.dueDate !== undefined && v.dueDate !== f.dueDate) || (v.actualDate !== undefined && v.actualDate !== f.actualDate))
    )
      out.refresh.push({ id: v.id, finding: f });
  }
  for (const v of existing) {
    if (v.status === 'resolved' || found.has(key(v.ruleId, v.step))) continue;
    if (!ownedByCatalogue(v.ruleId, v.step)) continue;
    if (v.checkId === null && !LIVE_RULES_MODELLED.includes(v.ruleId)) continue;
    out.close.push({ id: v.id, ruleId: v.ruleId, step: v.step, from: v.status, reason: cureOf.get(key(v.ruleId, v.step)) ?? NO_LONGER });
  }
  return out;
}
