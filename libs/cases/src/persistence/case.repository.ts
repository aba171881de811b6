import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OrganisationConfigService, timerSettingsOf } from '#orgs';
import { loadCaseState, type CaseRecord, type CaseViolationRow } from '#reports';
import { rowsOf } from '#platform';
import { compactRuleResults, validateOrgSettings, type LocalDate, type OrgSettings, type RuleResult, type TimerSettings } from '#procedure';
import type { DecisionRecordRow, VoteRecordRow } from '../ports.js';
import { idempotencyRecordSql, type StoredIdempotency } from '../commands/idempotency.js';

export interface CaseRow {
  id: string;
  person_id: string;
  organisation_id: string;
  status: 'open' | 'closed';
  state: string;
  stage: string;
  outcome: string | null;
  snapshot: unknown;
  machine_version: number;
  edition: string | null;
  version: number;
  opened_on: LocalDate;
  closed_on: LocalDate | null;
  next_due: LocalDate | null;
  overdue: boolean;
  updated_at: Date;
}

/** The case as a transition reads it: the row, its compliance record and its violations. */
export interface LoadedCase {
  row: CaseRow;
  record: CaseRecord;
  violations: CaseViolationRow[];
  /** The caller's idempotency record for this case, when it asked with a key (null: none). */
  idempotency?: StoredIdempotency | null;
}

export interface NewEvent {
  caseId: string;
  seq: number;
  type: string;
  payload: unknown;
  eventDate: LocalDate | null;
  actingBody: string | null;
  actorRole: string | null;
  recordedBy: string | null;
  stateBefore: string | null;
  stateAfter: string;
  ruleResults: RuleResult[];
  machineVersion: number;
}

/** SQL for the case tables. Writes take the caller's transaction (EntityManager). */
@Injectable()
export class CaseRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly orgConfig: OrganisationConfigService,
  ) {}

  async find(id: string, m: EntityManager | DataSource = this.db): Promise<CaseRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: CaseRow[] = await m.query(`SELECT * FROM cases WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * A transition's one read: the case row with its compliance record (events, votes, decisions,
   * deadlines) and every violation, in one statement (libs/reports' loader: the record's shape is
   * the compliance catalogue's). `lock`: FOR UPDATE of the case row, for a caller holding a transaction.
   */
  async findForTransition(
    id: string,
    m: EntityManager | DataSource = this.db,
    opts: { lock?: boolean; idempotency?: { userId: string; key: string } } = {},
  ): Promise<LoadedCase | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const extra = opts.idempotency ? { columns: `${idempotencyRecordSql('$2', '$3')} AS idempotency`, params: [opts.idempotency.userId, opts.idempotency.key] } : undefined;
    const state = await loadCaseState(m, id, { lock: opts.lock, extra });
    if (!state) return null;
    const { idempotency, ...row } = state.row as { idempotency?: StoredIdempotency | null };
    return { row: row as unknown as CaseRow, record: state.record, violations: state.violations, idempotency: idempotency ?? null };
  }

  async currentVersion(id: string, m: EntityManager | DataSource = this.db): Promise<number | null> {
    const rows: { version: number }[] = await m.query(`SELECT version FROM cases WHERE id = $1`, [id]);
    return rows[0]?.version ?? null;
  }

  async insert(
    m: EntityManager,
    c: {
      id: string;
      personId: string;
      organisationId: string;
      snapshot: unknown;
      state: string;
      stage: string;
      machineVersion: number;
      openedOn: LocalDate;
      readmission: boolean;
      createdBy: string | null;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO cases (id, person_id, organisation_id, snapshot, state, stage, machine_version, opened_on, readmission, created_by)
       VALUES ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [c.personId, c.organisationId, JSON.stringify(c.snapshot), c.state, c.stage, c.machineVersion, c.openedOn, c.readmission, c.createdBy, c.id],
    );
    return rows[0].id;
  }

  /**
   * The version check: exactly one row changes or the write is refused (TypeORM's @VersionColumn
   * does not protect save(); stack.md). Returns the new version, or null on a conflict.
   */
  async updateSnapshot(
    m: EntityManager,
    id: string,
    expectedVersion: number,
    s: {
      snapshot: unknown;
      state: string;
      stage: string;
      closed: boolean;
      outcome: string | null;
      closedOn: LocalDate | null;
      machineVersion: number;
      facts: Record<string, unknown>;
    },
  ): Promise<number | null> {
    const f = s.facts as { decisionDate?: LocalDate; ceremonyDate?: LocalDate; recognitionDate?: LocalDate; edition?: string };
    const rows = rowsOf<{ version: number }>(await m.query(
      `UPDATE cases SET snapshot = $3, state = $4, stage = $5, status = $6, outcome = $7, closed_on = $8, machine_version = $9,
              decision_date = COALESCE($10, decision_date), ceremony_date = COALESCE($11, ceremony_date),
              recognition_date = COALESCE($12, recognition_date), edition = COALESCE($13, edition),
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2
        RETURNING version`,
      [
        id,
        expectedVersion,
        JSON.stringify(s.snapshot),
        s.state,
        s.stage,
        s.closed ? 'closed' : 'open',
        s.outcome,
        s.closedOn,
        s.machineVersion,
        f.decisionDate ?? null,
        f.ceremonyDate ?? null,
        f.recognitionDate ?? null,
        f.edition ?? null,
      ],
    ));
    return rows.length === 1 ? rows[0].version : null;
  }

  async appendEvent(m: EntityManager, e: NewEvent): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO case_events (case_id, seq, type, payload, event_date, acting_body, actor_role, recorded_by, state_before, state_after, rule_results, machine_version, edition)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        e.caseId,
        e.seq,
        e.type,
        JSON.stringify(e.payload),
        e.eventDate,
        e.actingBody,
        e.actorRole,
        e.recordedBy,
        e.stateBefore,
        e.stateAfter,
        // Compact: failures in full, passed rules by id (expandRuleResults rebuilds them for readers).
        JSON.stringify(compactRuleResults(e.ruleResults)),
        e.machineVersion,
        e.ruleResults.find((r) => r.edition)?.edition ?? null,
      ],
    );
    return rows[0].id;
  }

  async insertVote(m: EntityManager, caseId: string, eventId: string, v: VoteRecordRow): Promise<void> {
    await m.query(
      `INSERT INTO votes (case_id, event_id, body, motion, meeting_date, eligible, votes_for, votes_against, required, passed, roster_eligible, mismatch_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [caseId, eventId, v.body, v.motion, v.meetingDate, v.eligible, v.for, v.against, v.required, v.passed, v.rosterEligible ?? null, v.mismatchReason ?? null],
    );
  }

  async insertDecision(m: EntityManager, caseId: string, eventId: string, d: DecisionRecordRow): Promise<void> {
    if (d.receipt) {
      await m.query(
        `UPDATE decisions SET received_on = $3
          WHERE id = (SELECT id FROM decisions WHERE case_id = $1 AND kind = $2 ORDER BY signed_on DESC, id DESC LIMIT 1)`,
        [caseId, d.kind, d.receivedOn ?? null],
      );
      return;
    }
    await m.query(
      `INSERT INTO decisions (case_id, event_id, kind, body, number, signed_on, received_on, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [caseId, eventId, d.kind, d.body, d.number ?? null, d.signedOn, d.receivedOn ?? null, d.outcome],
    );
  }

  /** Violations are deduplicated on (case, rule, step); a repeat keeps the first. */
  async openViolation(
    m: EntityManager,
    v: {
      caseId: string;
      organisationId: string;
      ruleId: string;
      step: string;
      responsible: string | null;
      dueDate: LocalDate | null;
      actualDate: LocalDate | null;
      details: Record<string, unknown>;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO violations (case_id, organisation_id, rule_id, step, responsible, due_date, actual_date, details)
       VALUES ($1, $2, $3, $4,
               -- A missed deadline's violation is the responsible body's of that deadline (the act's path passes none).
               COALESCE($5, (SELECT d.responsible FROM deadlines d WHERE $3 = 'PROC-DEADLINES' AND d.case_id = $1 AND d.key = $4)),
               $6, $7, $8) ON CONFLICT (case_id, rule_id, step) DO NOTHING RETURNING id`,
      [v.caseId, v.organisationId, v.ruleId, v.step, v.responsible, v.dueDate, v.actualDate, JSON.stringify(v.details)],
    );
    return rows.length > 0;
  }

  /** The case's nearest pending due date, denormalised for lists and filters. */
  async refreshNextDue(m: EntityManager, caseId: string, today?: LocalDate): Promise<void> {
    await m.query(
      `UPDATE cases SET next_due = d.next_due, overdue = COALESCE(d.next_due < COALESCE($2::date, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date), false)
         FROM (SELECT min(COALESCE(extended_to, due_date)) AS next_due FROM deadlines WHERE case_id = $1 AND status = 'pending') d
        WHERE cases.id = $1`,
      [caseId, today ?? null],
    );
  }

  /** The person's attributes the rules need (procedure.md §4 criteria). */
  async personFacts(personId: string): Promise<Record<string, unknown> | null> {
    if (!/^[0-9a-f-]{36}$/i.test(personId)) return null;
    const rows: Record<string, unknown>[] = await this.db.query(`SELECT * FROM people WHERE id = $1`, [personId]);
    return rows[0] ?? null;
  }

  /** The organisation's profile (kind, sub-base, base cell, competent committee) as of a date. */
  async orgProfile(organisationId: string, on: LocalDate): Promise<Record<string, unknown> | null> {
    if (!/^[0-9a-f-]{36}$/i.test(organisationId)) return null;
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT o.id, o.kind, o.name, p.kind = 'subBaseCommittee' AS has_sub_base
         FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id WHERE o.id = $1`,
      [organisationId],
    );
    const org = rows[0];
    if (!org) return null;
    const competence = await this.orgConfig.competenceOn(organisationId, on).catch(() => null);
    return {
      ...org,
      competent_id: competence?.competentCommittee.id ?? null,
      competent_kind: competence ? (competence.delegated ? 'delegatedBaseCommittee' : competence.body) : null,
      supervisor_id: competence?.supervisor?.id ?? null,
    };
  }

  /** The procedure's settings for the organisation on a date (inherited down the tree, I-7). */
  async orgSettings(organisationId: string, on: LocalDate): Promise<OrgSettings> {
    const eff = await this.orgConfig.effectiveSettings(organisationId, on);
    return validateOrgSettings({
      localDefaults: {
        awarenessCourseBeforeEighteen: eff.localDefaults.awarenessCourseBefore18,
        assessmentFromEveryHelper: eff.localDefaults.helperAssessmentFromEveryHelper,
      },
      tradeUnionPathPastYouthAge: eff.tradeUnionPathPastYouth,
      limits: { youthUnionOfficialYouthAgeMonths: eff.youthAgeOfficialMonths },
    });
  }

  /** Tightened timer lengths and reminder offsets of the organisation, for deadline computation. */
  async timerSettings(organisationId: string, on: LocalDate): Promise<TimerSettings> {
    // Only the local tightenings, each tagged with its edition: the lengths themselves stay in libs/procedure.
    return timerSettingsOf(await this.orgConfig.effectiveSettings(organisationId, on));
  }

  /** Due dates of the case's pending deadlines by key (the engine flags acts after them). */
  async dueDates(caseId: string, m: EntityManager | DataSource = this.db): Promise<Record<string, LocalDate>> {
    const rows: { key: string; due: LocalDate }[] = await m.query(
      `SELECT key, COALESCE(extended_to, due_date) AS due FROM deadlines WHERE case_id = $1 AND status = 'pending' AND due_date IS NOT NULL`,
      [caseId],
    );
    return Object.fromEntries(rows.map((r) => [r.key, r.due]));
  }

  async resolveViolation(m: EntityManager, caseId: string, ruleId: string, step: string, note: string): Promise<void> {
    await m.query(
      `UPDATE violations SET status = 'resolved', explanation = COALESCE(explanation, $4), updated_at = now()
        WHERE case_id = $1 AND rule_id = $2 AND step = $3 AND status <> 'resolved'`,
      [caseId, ruleId, step, note],
    );
  }
}
