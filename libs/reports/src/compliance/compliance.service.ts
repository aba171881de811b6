import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '#audit';
import { OrganisationService } from '#orgs';
import { ClockService, rowsOf } from '#platform';
import {
  type Finding,
  type LocalDate,
  type OrgSettings,
  RULES_BY_ID,
  type StoredViolation,
  type ViolationChanges,
  auditRecord,
  basisOn,
  isTimerId,
  localDateInVietnam,
  reconcileViolations,
  resolveCitations,
} from '#procedure';
import { type CaseRecord, loadCaseRecords } from './case-record.js';

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
    return this.checkRecord(m, record, existing, { ...options, today });
  }

  /**
   * Whether `checkRecord` would write anything for this record (pure: no statement). A transition
   * asks before it writes, on the record as it will be (the new rows' ids aside: the verdict does
   * not depend on them), so that a transition the catalogue has nothing to say about is written as
   * one autocommitted statement.
   */
  wouldChange(record: CaseRecord, existing: readonly StoredViolation[], options: CheckOptions & { today: LocalDate }): boolean {
    return !isEmpty(judge(record, existing, options.today, options));
  }

  /**
   * The same judgement on a record the caller holds in memory (a transition: the case as read
   * before its write plus what the write added), against the violations it read: nothing is
   * re-read. Every change is written by ONE statement (violations and their history rows, each
   * update guarded by the status it was read in, so a concurrent change is not overwritten), then
   * one audit entry per change that happened. No change, no statement.
   */
  async checkRecord(m: EntityManager, record: CaseRecord, existing: readonly StoredViolation[], options: CheckOptions = {}): Promise<ComplianceDelta> {
    const today = options.today ?? (await this.today());
    const caseId = record.id;
    const changes = judge(record, existing, today, options);
    const delta = emptyDelta();
    delta.cases = 1;
    if (isEmpty(changes)) return delta;
    const mine: CaseChanges = { caseId, opened: [], reopened: [], closed: [] };
    const actor = options.actorUserId ?? null;
    const closeText = (v: (typeof changes.close)[number]) => `${v.reason.vi} / ${v.reason.en}`;
    const rows = rowsOf<{ kind: 'opened' | 'reopened' | 'cleared'; id: string; rule_id: string; step: string }>(
      await m.query(
        `WITH opened AS (
           INSERT INTO violations (case_id, organisation_id, rule_id, step, responsible, due_date, actual_date, details, source, check_id)
           SELECT $1, $2, x.rule_id, x.step, x.responsible, x.due_date, x.actual_date, x.details, 'audit', x.check_id
             FROM jsonb_to_recordset($3::jsonb) AS x(rule_id text, step text, responsible text, due_date date, actual_date date, details jsonb, check_id text)
           ON CONFLICT (case_id, rule_id, step) DO NOTHING RETURNING id, rule_id, step),
         reopened AS (
           UPDATE violations v SET status = 'open', cleared_by_audit = false, resolution = NULL, resolved_at = NULL, resolved_by = NULL,
                  due_date = x.due_date, actual_date = x.actual_date, details = x.details, check_id = x.check_id, updated_at = now()
             FROM jsonb_to_recordset($4::jsonb) AS x(id uuid, due_date date, actual_date date, details jsonb, check_id text)
            WHERE v.id = x.id AND v.case_id = $1 AND v.status = 'resolved' RETURNING v.id, v.rule_id, v.step),
         refreshed AS (
           -- Same breach, better known (the late act recorded after the worker's overdue flag): dates and details follow, status stays.
           UPDATE violations v SET due_date = x.due_date, actual_date = x.actual_date, details = v.details || x.details, updated_at = now()
             FROM jsonb_to_recordset($5::jsonb) AS x(id uuid, due_date date, actual_date date, details jsonb)
            WHERE v.id = x.id AND v.case_id = $1 RETURNING v.id),
         cleared AS (
           UPDATE violations v SET status = 'resolved', cleared_by_audit = true, resolved_at = now(), resolved_by = NULL,
                  resolution = x.text, updated_at = now()
             FROM jsonb_to_recordset($6::jsonb) AS x(id uuid, from_status violation_status, text text)
            WHERE v.id = x.id AND v.case_id = $1 AND v.status = x.from_status RETURNING v.id, v.rule_id, v.step, x.from_status, x.text),
         history AS (
           INSERT INTO violation_history (violation_id, action, from_status, to_status, actor_user_id, text, job_id)
           SELECT id, 'opened', NULL::violation_status, 'open'::violation_status, $7::uuid, NULL::text, $8::uuid FROM opened
           UNION ALL SELECT id, 'reopened', 'resolved'::violation_status, 'open'::violation_status, $7::uuid, NULL::text, $8::uuid FROM reopened
           UNION ALL SELECT id, 'cleared', from_status, 'resolved'::violation_status, $7::uuid, text, $8::uuid FROM cleared)
         SELECT 'opened' AS kind, id::text AS id, rule_id, step FROM opened
         UNION ALL SELECT 'reopened', id::text, rule_id, step FROM reopened
         UNION ALL SELECT 'cleared', id::text, rule_id, step FROM cleared`,
        [
          caseId,
          record.organisationId,
          JSON.stringify(
            changes.open.map((f) => ({
              rule_id: f.ruleId,
              step: f.step,
              responsible: f.responsible,
              due_date: f.dueDate,
              actual_date: f.actualDate,
              details: findingDetails(f),
              check_id: f.checkId,
            })),
          ),
          JSON.stringify(
            changes.reopen.map(({ id, finding: f }) => ({ id, due_date: f.dueDate, actual_date: f.actualDate, details: findingDetails(f), check_id: f.checkId })),
          ),
          JSON.stringify(changes.refresh.map(({ id, finding: f }) => ({ id, due_date: f.dueDate, actual_date: f.actualDate, details: findingDetails(f) }))),
          JSON.stringify(changes.close.map((v) => ({ id: v.id, from_status: v.from, text: closeText(v) }))),
          actor,
          options.jobId ?? null,
        ],
      ),
    );
    const done = (kind: string, key: (x: { id: string; rule_id: string; step: string }) => boolean) => rows.some((r) => r.kind === kind && key(r));
    // The audit entries, in the order the changes were always written: opened, reopened, cleared.
    for (const f of changes.open) {
      const row = rows.find((r) => r.kind === 'opened' && r.rule_id === f.ruleId && r.step === f.step);
      if (!row) continue;
      await this.recordAudit(m, 'violation.opened', caseId, row.id, actor, {
        ruleId: f.ruleId,
        step: f.step,
        check: f.checkId,
        to: 'open',
        jobId: options.jobId ?? null,
      });
      delta.opened += 1;
      delta.openedIds.push(row.id);
      mine.opened.push({ id: row.id, ruleId: f.ruleId, step: f.step, reason: f.reason });
    }
    for (const { id, finding: f } of changes.reopen) {
      if (!done('reopened', (r) => r.id === id)) continue;
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
    for (const v of changes.close) {
      if (!done('cleared', (r) => r.id === v.id)) continue;
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

/** The catalogue's verdict on one record against its stored violations (the judgement is libs/procedure's). */
function judge(record: CaseRecord, existing: readonly StoredViolation[], today: LocalDate, options: CheckOptions): ViolationChanges {
  const audit = auditRecord(record, options.settings ? { today, settings: options.settings } : { today });
  return reconcileViolations(existing, audit);
}

function isEmpty(changes: ViolationChanges): boolean {
  return !changes.open.length && !changes.reopen.length && !changes.refresh.length && !changes.close.length;
}
