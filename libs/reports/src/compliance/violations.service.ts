import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '#audit';
import { AccessService, type Actor, ROLLUP_CTE, type Role, isUuid } from '#orgs';
import { ReportsError, reportsNotFound } from '../errors.js';
import { message } from '#messages';

/** Who may explain a violation (the responsible bodies' staff) and who resolves it (inspection). */
export const EXPLAIN_ROLES: readonly Role[] = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment'];
export const RESOLVE_ROLES: readonly Role[] = ['inspection'];

export type ViolationStatus = 'open' | 'explained' | 'resolved';

export interface ViolationView {
  id: string;
  caseId: string;
  organisationId: string | null;
  organisationName: string | null;
  /** The candidate's name (the list shows whose case it is, not only codes). */
  personName: string | null;
  ruleId: string;
  step: string;
  responsible: string | null;
  dueDate: string | null;
  actualDate: string | null;
  status: ViolationStatus;
  source: 'live' | 'audit';
  checkId: string | null;
  details: Record<string, unknown>;
  explanation: string | null;
  explainedBy: string | null;
  explainedAt: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  clearedByAudit: boolean;
  openedAt: string;
}

export interface ViolationFilter {
  organisationId?: string;
  /** One case's violations; a case outside the caller's subtree is not found (404). */
  caseId?: string;
  ruleId?: string;
  status?: ViolationStatus;
  /** The breach's date (actual, else due, else opened) from/to, inclusive. */
  from?: string;
  to?: string;
  groupBy?: 'organisation' | 'rule';
  limit?: number;
}

export interface ViolationGroup {
  key: string;
  label: string | null;
  total: number;
  open: number;
  explained: number;
  resolved: number;
}

const COLUMNS = `v.id, v.case_id AS "caseId", v.organisation_id AS "organisationId", o.name AS "organisationName", pe.full_name AS "personName", v.rule_id AS "ruleId", v.step,
  v.responsible, v.due_date::text AS "dueDate", v.actual_date::text AS "actualDate", v.status, v.source, v.check_id AS "checkId", v.details,
  v.explanation, v.explained_by AS "explainedBy", v.explained_at AS "explainedAt", v.resolution, v.resolved_by AS "resolvedBy",
  v.resolved_at AS "resolvedAt", v.cleared_by_audit AS "clearedByAudit", v.opened_at AS "openedAt"`;

/** The tables COLUMNS reads from (the violation, its organisation, the candidate). */
const FROM = `violations v LEFT JOIN organisations o ON o.id = v.organisation_id LEFT JOIN cases vc ON vc.id = v.case_id LEFT JOIN people pe ON pe.id = vc.person_id`;

/** Supervisors' view of violations and their lifecycle: open → explained (responsible body) → resolved (inspection). */
@Injectable()
export class ViolationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Violations in the caller's scope; with groupBy, counts per organisation or per rule. */
  async list(user: Actor, f: ViolationFilter): Promise<{ items: ViolationView[] } | { groupBy: string; groups: ViolationGroup[] }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = this.access.scopeSql(user, 'v.organisation_id', 1);
    where.push(scope.sql);
    params.push(...scope.params);
    if (f.organisationId) {
      await this.access.assertVisible(user, f.organisationId);
      params.push([f.organisationId]);
      where.push(`v.organisation_id IN (${ROLLUP_CTE(`$${params.length}`)} SELECT id FROM rollup)`);
    }
    if (f.caseId) {
      const [c]: { organisation_id: string }[] = await this.ds.query(`SELECT organisation_id FROM cases WHERE id = $1`, [f.caseId]);
      if (!c || !(await this.access.canSee(user, c.organisation_id))) throw reportsNotFound();
      params.push(f.caseId);
      where.push(`v.case_id = $${params.length}`);
    }
    if (f.ruleId) {
      params.push(f.ruleId);
      where.push(`v.rule_id = $${params.length}`);
    }
    if (f.status) {
      params.push(f.status);
      where.push(`v.status = $${params.length}`);
    }
    const when = `COALESCE(v.actual_date, v.due_date, (v.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)`;
    if (f.from) {
      params.push(f.from);
      where.push(`${when} >= $${params.length}::date`);
    }
    if (f.to) {
      params.push(f.to);
      where.push(`${when} <= $${params.length}::date`);
    }
    const cond = where.join(' AND ');
    if (f.groupBy) {
      const [keyCol, labelCol, join] =
        f.groupBy === 'organisation'
          ? ['v.organisation_id::text', 'o.name', 'LEFT JOIN organisations o ON o.id = v.organisation_id']
          : ['v.rule_id', 'NULL::text', ''];
      const rows: { key: string; label: string | null; total: number; open: number; explained: number; resolved: number }[] =
        await this.ds.query(
          `SELECT ${keyCol} AS key, ${labelCol} AS label, count(*)::int AS total,
                count(*) FILTER (WHERE v.status = 'open')::int AS open,
                count(*) FILTER (WHERE v.status = 'explained')::int AS explained,
                count(*) FILTER (WHERE v.status = 'resolved')::int AS resolved
           FROM violations v ${join} WHERE ${cond} GROUP BY 1, 2 ORDER BY total DESC, key`,
          params,
        );
      return { groupBy: f.groupBy, groups: rows };
    }
    params.push(Math.min(Math.max(f.limit ?? 200, 1), 1000));
    const items: ViolationView[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE ${cond} ORDER BY v.opened_at DESC, v.id LIMIT $${params.length}`,
      params,
    );
    return { items };
  }

  async get(user: Actor, id: string): Promise<ViolationView> {
    const v = await this.find(id);
    if (!v || !v.organisationId || !(await this.access.canSee(user, v.organisationId))) throw reportsNotFound();
    return v;
  }

  async history(
    user: Actor,
    id: string,
  ): Promise<
    { action: string; fromStatus: string | null; toStatus: string; actorUserId: string | null; text: string | null; at: string }[]
  > {
    await this.get(user, id);
    return this.ds.query(
      `SELECT action, from_status AS "fromStatus", to_status AS "toStatus", actor_user_id AS "actorUserId", text, at FROM violation_history WHERE violation_id = $1 ORDER BY id`,
      [id],
    );
  }

  /** The responsible body explains (again, while not resolved). */
  async explain(user: Actor, id: string, text: string): Promise<ViolationView> {
    return this.move(user, id, EXPLAIN_ROLES, ['open', 'explained'], 'explained', text);
  }

  /** Inspection resolves an explained violation. */
  async resolve(user: Actor, id: string, text: string): Promise<ViolationView> {
    return this.move(user, id, RESOLVE_ROLES, ['explained'], 'resolved', text);
  }

  private async move(
    user: Actor,
    id: string,
    roles: readonly Role[],
    from: readonly ViolationStatus[],
    to: 'explained' | 'resolved',
    text: string,
  ): Promise<ViolationView> {
    const trimmed = text.trim();
    if (!trimmed) throw new ReportsError('REPORTS.INVALID_INPUT', message('REPORTS.TEXT_REQUIRED'));
    const current = await this.get(user, id);
    await this.access.assertCanAct(user, roles, current.organisationId!);
    await this.ds.transaction('READ COMMITTED', async (m) => {
      const rows: { status: ViolationStatus; case_id: string; rule_id: string; step: string }[] = await m.query(
        `SELECT status, case_id, rule_id, step FROM violations WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const row = rows[0];
      if (!row) throw reportsNotFound();
      if (!from.includes(row.status)) {
        throw new ReportsError(
          'REPORTS.CONFLICT',
          to === 'resolved'
            ? message('REPORTS.ONLY_EXPLAINED_VIOLATION_CAN_RESOLVED', { status: row.status })
            : message('REPORTS.VIOLATION_ALREADY_RESOLVED_NOW', { status: row.status }),
        );
      }
      if (to === 'explained') {
        await m.query(
          `UPDATE violations SET status = 'explained', explanation = $2, explained_by = $3, explained_at = now(), updated_at = now() WHERE id = $1`,
          [id, trimmed, user.id],
        );
      } else {
        await m.query(
          `UPDATE violations SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = now(), cleared_by_audit = false, updated_at = now() WHERE id = $1`,
          [id, trimmed, user.id],
        );
      }
      await m.query(
        `INSERT INTO violation_history (violation_id, action, from_status, to_status, actor_user_id, text) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, to, row.status, to, user.id, trimmed],
      );
      // The text stays in violation_history (it may name people); the audit row carries ids and codes.
      await this.audit.record(
        {
          action: `violation.${to}`,
          outcome: 'ok',
          actorUserId: user.id,
          caseId: row.case_id,
          resourceType: 'violation',
          resourceId: id,
          details: { ruleId: row.rule_id, step: row.step, from: row.status, to, textLength: trimmed.length },
        },
        m,
      );
    });
    return (await this.find(id))!;
  }

  private async find(id: string): Promise<ViolationView | null> {
    if (!isUuid(id)) return null;
    const rows: ViolationView[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE v.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
