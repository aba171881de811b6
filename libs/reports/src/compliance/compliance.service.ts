import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '#audit';
import { OrganisationService } from '#orgs';
import { ClockService } from '#platform';
import {
  type Finding,
  type LocalDate,
  type OrgSettings,
  RULES_BY_ID,
  type StoredViolation,
  auditRecord,
  basisOn,
  isTimerId,
  localDateInVietnam,
  reconcileViolations,
  resolveCitations,
} from '#procedure';
import { loadCaseRecords } from './case-record.js';

/** One violation a run opened, reopened or closed. */
export interface ViolationChange {
  id: string;
  ruleId: string;
  step: string;
  /** Why: the finding's reason (opened, reopened) or the cure (closed). */
  reason: { vi: string; en: string };
}

/** What one run changed on one case. */
export interface CaseChanges {
  caseId: string;
  opened: ViolationChange[];
  reopened: ViolationChange[];
  closed: ViolationChange[];
}

/** What one audit run changed. */
export interface ComplianceDelta {
  cases: number;
  opened: number;
  /** Open or explained violations the checks no longer find (an act on time, a cure, a correction). */
  closed: number;
  /** Violations a previous re-audit had cleared and the checks find again. */
  reopened: number;
  openedIds: string[];
  closedIds: string[];
  /** Per case, only the cases where something changed. */
  changes: CaseChanges[];
}

export interface CheckOptions {
  /** The date overdue deadlines are measured at (default: today in Vietnam, from the settable clock). */
  today?: LocalDate;
  /** Recorded on the history rows (the re-audit job). */
  jobId?: string;
  /** Who caused the run (null: the system). */
  actorUserId?: string | null;
  /** The organisation settings the transition was judged with (default: those recorded in the snapshot). */
  settings?: OrgSettings;
}

interface ViolationRow {
  id: string;
  rule_id: string;
  step: string;
  status: 'open' | 'explained' | 'resolved';
  check_id: string | null;
  cleared_by_audit: boolean;
  due_date: string | null;
  actual_date: string | null;
}

const emptyDelta = (): ComplianceDelta => ({ cases: 0, opened: 0, closed: 0, reopened: 0, openedIds: [], closedIds: [], changes: [] });

function add(into: ComplianceDelta, d: ComplianceDelta): void {
  into.cases += d.cases;
  into.opened += d.opened;
  into.closed += d.closed;
  into.reopened += d.reopened;
  into.openedIds.push(...d.openedIds);
  into.closedIds.push(...d.closedIds);
  into.changes.push(...d.changes);
}

/** The details stored on a violation the catalogue opens: reason, rule text and citation (ids and dates only). */
export function findingDetails(f: Finding): Record<string, unknown> {
  const rule = RULES_BY_ID[f.ruleId];
  const citation: unknown[] = resolveCitations(rule.citations, f.on);
  const timerId = f.facts['timerId'];
  // The timer's basis is the text in force on the act that started it (procedure.md §1: a timer's
  // length comes from the edition of its starting event), e.g. QĐ232 for a cell resolution of
  // 2025-06-20 even when the late decision comes under QĐ294.
  const start = f.facts['start'];
  if (typeof timerId === 'string' && isTimerId(timerId))
    citation.push(...basisOn(timerId, typeof start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(start) ? (start as LocalDate) : f.on));
  return { check: f.checkId, reason: f.reason, rule: { vi: rule.vi, en: rule.en }, citation, facts: f.facts };
}

/**
 * The compliance catalogue against stored cases: opens what it finds (source 'audit'), clears what
 * it no longer finds, reopens what it finds again. Idempotent: a second run changes nothing.
 * Every change is written to violation_history and the audit trail in the same transaction.
 */
@Injectable()
export class ComplianceService {
  private readonly logger = new Logger('Compliance');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly orgs: OrganisationService,
  ) {}

  async today(): Promise<LocalDate> {
    return localDateInVietnam(await this.clock.now());
  }

  /**
   * For the case lifecycle: call after each transition, inside its transaction (pass its
   * EntityManager), once the case's event, votes, decisions and deadlines are written.
   */
  async checkCase(m: EntityManager, caseId: string, options: CheckOptions = {}): Promise<ComplianceDelta> {
    const today = options.today ?? (await this.today());
    const [record] = await loadCaseRecords(m, [caseId]);
    if (!record) return emptyDelta();
    // The judgement is libs/procedure's; this service only writes it down.
    const audit = auditRecord(record, options.settings ? { today, settings: options.settings } : { today });
    const rows: ViolationRow[] = await m.query(
      `SELECT id, rule_id, step, status, check_id, cleared_by_audit, due_date::text AS due_date, actual_date::text AS actual_date
         FROM violations WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    );
    const existing: StoredViolation[] = rows.map((v) => ({
      id: v.id,
      ruleId: v.rule_id,
      step: v.step,
      status: v.status,
      checkId: v.check_id,
      clearedByAudit: v.cleared_by_audit,
      dueDate: v.due_date,
      actualDate: v.actual_date,
    }));
    const changes = reconcileViolations(existing, audit);
    const delta = emptyDelta();
    delta.cases = 1;
    const mine: CaseChanges = { caseId, opened: [], reopened: [], closed: [] };
    const actor = options.actorUserId ?? null;

    for (const f of changes.open) {
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO violations (case_id, organisation_id, rule_id, step, responsible, due_date, actual_date, details, source, check_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'audit', $9) ON CONFLICT (case_id, rule_id, step) DO NOTHING RETURNING id`,
        [caseId, record.organisationId, f.ruleId, f.step, f.responsible, f.dueDate, f.actualDate, JSON.stringify(findingDetails(f)), f.checkId],
      );
      const id = inserted[0]?.id;
      if (!id) continue;
      await this.history(m, id, 'opened', null, 'open', actor, null, options.jobId);
      await this.recordAudit(m, 'violation.opened', caseId, id, actor, {
        ruleId: f.ruleId,
        step: f.step,
        check: f.checkId,
        to: 'open',
        jobId: options.jobId ?? null,
      });
      delta.opened += 1;
      delta.openedIds.push(id);
      mine.opened.push({ id, ruleId: f.ruleId, step: f.step, reason: f.reason });
    }

    for (const { id, finding: f } of changes.reopen) {
      await m.query(
        `UPDATE violations SET status = 'open', cleared_by_audit = false, resolution = NULL, resolved_at = NULL, resolved_by = NULL,
                due_date = $2, actual_date = $3, details = $4, check_id = $5, updated_at = now() WHERE id = $1`,
        [id, f.dueDate, f.actualDate, JSON.stringify(findingDetails(f)), f.checkId],
      );
      await this.history(m, id, 'reopened', 'resolved', 'open', actor, null, options.jobId);
      await this.recordAudit(m, 'violation.reopened', caseId, id, actor, {
        ruleId: f.ruleId,
        step: f.step,
        check: f.checkId,
        from: 'resolved',
        to: 'open',
        jobId: options.jobId ?? null,
      });
      delta.reopened += 1;
      delta.openedIds.push(id);
      mine.reopened.push({ id, ruleId: f.ruleId, step: f.step, reason: f.reason });
    }

    // Same breach, better known (the late act recorded after the worker's overdue flag): dates and details follow, status stays.
    for (const { id, finding: f } of changes.refresh) {
      await m.query(`UPDATE violations SET due_date = $2, actual_date = $3, details = details || $4::jsonb, updated_at = now() WHERE id = $1`, [
        id,
        f.dueDate,
        f.actualDate,
        JSON.stringify(findingDetails(f)),
      ]);
    }

    for (const v of changes.close) {
      const text = `${v.reason.vi} / ${v.reason.en}`;
      await m.query(
        `UPDATE violations SET status = 'resolved', cleared_by_audit = true, resolved_at = now(), resolved_by = NULL,
                resolution = $2, updated_at = now() WHERE id = $1`,
        [v.id, text],
      );
      await this.history(m, v.id, 'cleared', v.from, 'resolved', actor, text, options.jobId);
      await this.recordAudit(m, 'violation.cleared', caseId, v.id, actor, {
        ruleId: v.ruleId,
        step: v.step,
        from: v.from,
        to: 'resolved',
        jobId: options.jobId ?? null,
      });
      delta.closed += 1;
      delta.closedIds.push(v.id);
      mine.closed.push({ id: v.id, ruleId: v.ruleId, step: v.step, reason: v.reason });
    }
    if (mine.opened.length || mine.reopened.length || mine.closed.length) delta.changes.push(mine);
    return delta;
  }

  /** Every case ever held by the subtree (predecessors rolled in), oldest first; every case when null (operator CLI). */
  async caseIdsUnder(organisationId: string | null): Promise<string[]> {
    if (organisationId === null) {
      const all: { id: string }[] = await this.ds.query(`SELECT id FROM cases ORDER BY opened_on, id`);
      return all.map((r) => r.id);
    }
    // The cases' scope key holds every organisation whose roll-up contains the case's (migration 1767400000012).
    const rows: { id: string }[] = await this.ds.query(`SELECT id FROM cases WHERE scope_ids && ARRAY[$1::uuid] ORDER BY opened_on, id`, [
      organisationId,
    ]);
    return rows.map((r) => r.id);
  }

  /**
   * The full re-audit of a subtree, one transaction per case (a failing case never undoes the
   * others); `onProgress` is called after each batch with the number of cases done.
   */
  async reaudit(
    organisationId: string | null,
    options: CheckOptions & {
      onStart?: (total: number) => Promise<void>;
      onProgress?: (done: number, total: number) => Promise<void>;
      batchSize?: number;
    } = {},
  ): Promise<ComplianceDelta> {
    const today = options.today ?? (await this.today());
    const ids = await this.caseIdsUnder(organisationId);
    await options.onStart?.(ids.length);
    const total = emptyDelta();
    const batch = options.batchSize ?? 25;
    for (let i = 0; i < ids.length; i += batch) {
      for (const id of ids.slice(i, i + batch)) {
        const d = await this.ds.transaction('READ COMMITTED', (m) => this.checkCase(m, id, { ...options, today }));
        add(total, d);
      }
      await options.onProgress?.(Math.min(i + batch, ids.length), ids.length);
    }
    this.logger.log({
      msg: 'compliance re-audit',
      organisationId,
      cases: total.cases,
      opened: total.opened,
      closed: total.closed,
      reopened: total.reopened,
    });
    return total;
  }

  private async history(
    m: EntityManager,
    violationId: string,
    action: 'opened' | 'explained' | 'resolved' | 'cleared' | 'reopened',
    from: string | null,
    to: string,
    actor: string | null,
    text: string | null,
    jobId?: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO violation_history (violation_id, action, from_status, to_status, actor_user_id, text, job_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [violationId, action, from, to, actor, text, jobId ?? null],
    );
  }

  private async recordAudit(
    m: EntityManager,
    action: string,
    caseId: string,
    violationId: string,
    actor: string | null,
    details: Record<string, string | null>,
  ): Promise<void> {
    await this.audit.record(
      { action, outcome: 'ok', actorUserId: actor, caseId, resourceType: 'violation', resourceId: violationId, details },
      m,
    );
  }
}
