import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '#audit';
import { AccessService, type Role } from '#orgs';
import { ComplianceService } from '#reports';
import { registerErrorStatus, rowsOf } from '#platform';
import {
  localDateInVietnam,
  replayLog,
  stagePaths,
  validateCaseOpening,
  type CaseEvent,
  type CaseSnapshot,
  type LocalDate,
  type OrgSettings,
  type ReplayAct,
  type ReplayOutcome,
  type RuleResult,
  type TimerId,
} from '#procedure';
import { CalendarStore } from '../calendar/calendar.store.js';
import { ARM_TOPIC, DeadlinePlanner, type DeadlineIntent } from '../deadlines/deadline-planner.js';
import { CASE_ERRORS, CaseError, notFound } from '../errors.js';
import { CaseRepository, type CaseRow } from '../persistence/case.repository.js';
import { PROCEDURE_PORT, type Actor, type ProcedurePort } from '../ports.js';
import { stageOf } from '../procedure/machine-procedure.js';
import { CaseCommands } from './case-commands.service.js';
import { message } from '#messages';

export const CORRECTION_ERRORS = {
  /** The act was corrected already: correct its latest version. */
  SUPERSEDED: 'CASE.CORRECTION_SUPERSEDED',
  /** The engine's own acts (timers) are not corrected: they are re-derived (§6.6). */
  ENGINE_ACT: 'CASE.ENGINE_ACT_NOT_CORRECTABLE',
} as const;
registerErrorStatus(CORRECTION_ERRORS.SUPERSEDED, 409);
registerErrorStatus(CORRECTION_ERRORS.ENGINE_ACT, 403);

/** Who may correct the opening (the candidate's facts, name and birth date): who may open a case. */
export const OPENING_ROLES = ['cellCommittee', 'baseCommitteeStaff', 'admin'];

export interface CorrectionCommand {
  caseId: string;
  seq: number;
  expectedVersion: number;
  reason: string;
  /** The corrected payload of event `seq` (its type is the original's). */
  payload: Record<string, unknown>;
}

export interface OpeningCorrection {
  candidate?: Record<string, unknown>;
  variant?: Record<string, unknown> | null;
  person?: { fullName?: string; birthDate?: LocalDate };
}

interface LogRow {
  id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  event_date: LocalDate | null;
  recorded_at: Date;
  recorded_by: string | null;
  acting_body: string | null;
  corrects_seq: number | null;
  corrected_by_seq: number | null;
}

interface DeadlineRow {
  key: string;
  timer_id: TimerId;
  start_date: LocalDate;
  due_date: LocalDate | null;
  extended_to: LocalDate | null;
  status: 'pending' | 'met' | 'fired' | 'cancelled';
}

interface ViolationRow {
  id: string;
  rule_id: string;
  step: string;
  status: 'open' | 'explained' | 'resolved';
  cleared_by_audit: boolean;
}

/** What a correction moved, kept on the correction row and in the audit trail. */
export interface CorrectionEffects {
  fields: string[];
  deadlines: { key: string; from: LocalDate | null; to: LocalDate | null; status: string }[];
  violationsOpened: string[];
  violationsClosed: string[];
  firingsSuperseded: number[];
  firingsDerived: { key: string; dueDate: LocalDate }[];
}

const ENGINE_TYPES = new Set(['deadline.fired']);

/**
 * Correcting a recorded act (procedure.md §6.6, I-13). The corrected act takes the original's
 * place in the log and the whole log is replayed through the pure machine (libs/procedure
 * replayLog): every act judged at its own date, the engine's firings re-derived from the dates.
 * Accepted → one version-checked transaction writes the re-judged snapshot, the correction row
 * (the original stays, marked), votes and decisions of the act, deadlines, violations, the
 * compliance checks and the audit row. Refused → 422 naming the rule and the act, nothing written.
 */
@Injectable()
export class CorrectionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly calendars: CalendarStore,
    @Inject(PROCEDURE_PORT) private readonly procedure: ProcedurePort,
    private readonly access: AccessService,
    private readonly compliance: ComplianceService,
    private readonly commands: CaseCommands,
    private readonly audit: AuditService,
  ) {}

  /** The type of event `seq` of a case the user can see (404 otherwise): the edge validates the payload against it. */
  async eventType(actor: Extract<Actor, { kind: 'user' }>, caseId: string, seq: number): Promise<string> {
    const row = await this.cases.find(caseId);
    if (!row || !(await this.access.canSee(actor.user, row.organisation_id))) throw notFound();
    const rows: { type: string }[] = await this.db.query(`SELECT type FROM case_events WHERE case_id = $1 AND seq = $2`, [row.id, seq]);
    if (!rows[0]) throw new CaseError(CASE_ERRORS.NOT_FOUND, message('CASES.EVENT_NOT_FOUND'));
    return rows[0].type;
  }

  async correct(actor: Extract<Actor, { kind: 'user' }>, cmd: CorrectionCommand): Promise<{ version: number; seq: number }> {
    const row = await this.cases.find(cmd.caseId);
    if (!row || !(await this.access.canSee(actor.user, row.organisation_id))) throw notFound();
    const log: LogRow[] = await this.db.query(
      `SELECT id, seq, type, payload, event_date, recorded_at, recorded_by, acting_body, corrects_seq, corrected_by_seq
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [row.id],
    );
    const target = log.find((e) => e.seq === cmd.seq);
    if (!target) throw new CaseError(CASE_ERRORS.NOT_FOUND, message('CASES.EVENT_NOT_FOUND'));
    const opening = target.type === 'case.opened';
    const roles = opening ? OPENING_ROLES : (this.procedure.rolesFor(target.type) ?? []);
    if (ENGINE_TYPES.has(target.type) || (!opening && roles.every((r) => r === 'system'))) {
      throw new CaseError(
        CORRECTION_ERRORS.ENGINE_ACT,
        message('CASES.ENGINE_S_OWN_ACTS_TIMERS'),
        { engineOnly: true },
      );
    }
    const held = await this.rolesOver(actor, row.organisation_id, roles);
    if (!held.length) {
      throw new CaseError(CASE_ERRORS.ROLE_NOT_ALLOWED, message('CASES.YOUR_ROLE_MAY_NOT_CORRECT'), { allowedRoles: roles });
    }
    if (target.corrected_by_seq !== null) {
      throw new CaseError(CORRECTION_ERRORS.SUPERSEDED, message('CASES.ALREADY_CORRECTED_BY_CORRECT_LATEST', { corrected_by_seq: target.corrected_by_seq }), {
        correctedBySeq: target.corrected_by_seq,
      });
    }
    if (row.version !== cmd.expectedVersion) throw this.conflict(row.version);

    if (opening) {
      // The same declared facts as at opening: an unknown candidate or variant key is refused (400).
      const c = cmd.payload as OpeningCorrection;
      const issues = validateCaseOpening({ candidate: c.candidate, variant: c.variant });
      if (issues.length > 0) {
        throw new CaseError(CASE_ERRORS.INVALID_EVENT, message('CASES.INVALID_CASE_FACTS'), {
          errors: issues.map((i) => ({ field: `payload.${i.path}`, messages: [`${i.vi} / ${i.en}`] })),
        });
      }
    }
    const today = await this.commands.today();
    const corrected: Record<string, unknown> = opening ? this.openingPayload(target.payload, cmd.payload as OpeningCorrection) : { ...cmd.payload, type: target.type };
    const plan = await this.plan(row, log, target, corrected, today);
    if (!plan.outcome.ok) throw this.refusal(plan.outcome, target, plan.seqAt);
    const outcome = plan.outcome;

    return this.db.transaction(async (m) => {
      const snapshot = outcome.snapshot;
      const paths = stagePaths(snapshot.value);
      const state = paths.join(',');
      const facts = this.procedure.facts(snapshot) as { decisionDate?: LocalDate; ceremonyDate?: LocalDate; recognitionDate?: LocalDate; edition?: string };
      const closed = snapshot.status === 'done';
      const finalName = paths[0]?.split('.')[0] ?? '';
      const versions = rowsOf<{ version: number }>(await m.query(
        `UPDATE cases SET snapshot = $3, state = $4, stage = $5, status = $6, outcome = $7, closed_on = $8, machine_version = $9,
                decision_date = $10, ceremony_date = $11, recognition_date = $12, edition = COALESCE($13, edition),
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING version`,
        [
          row.id,
          cmd.expectedVersion,
          JSON.stringify(snapshot),
          state,
          stageOf(paths),
          closed ? 'closed' : 'open',
          closed ? finalName || paths[0] : null,
          closed ? (outcome.closedOn ?? row.closed_on ?? today) : null,
          this.procedure.machineVersion,
          facts.decisionDate ?? null,
          facts.ceremonyDate ?? null,
          facts.recognitionDate ?? null,
          facts.edition ?? null,
        ],
      ));
      const version = versions[0]?.version;
      if (!version) throw this.conflict(await this.cases.currentVersion(row.id, m));

      const act = outcome.acts.find((a) => a.seq === plan.position);
      const ruleResults: RuleResult[] = opening ? [] : (act?.ruleResults ?? []);
      const effects: CorrectionEffects = {
        fields: changedFields(opening ? plan.originalOpening : target.payload, corrected),
        deadlines: [],
        violationsOpened: [],
        violationsClosed: [],
        firingsSuperseded: [],
        firingsDerived: outcome.firings.filter((f) => !plan.storedFirings.has(`${f.key}|${f.dueDate}`)).map((f) => ({ key: f.key, dueDate: f.dueDate })),
      };
      const eventId = await this.cases.appendEvent(m, {
        caseId: row.id,
        seq: version,
        type: target.type,
        payload: corrected,
        eventDate: opening ? row.opened_on : (this.procedure.eventDate(corrected) ?? target.event_date),
        actingBody: target.acting_body,
        actorRole: held[0] ?? null,
        recordedBy: actor.userId,
        stateBefore: row.state,
        stateAfter: state,
        ruleResults,
        machineVersion: this.procedure.machineVersion,
      });
      await m.query(`UPDATE case_events SET corrected_by_seq = $3 WHERE case_id = $1 AND seq = $2`, [row.id, target.seq, version]);
      // Engine firings the corrected dates no longer derive are marked as superseded by this correction.
      const derived = new Set(outcome.firings.map((f) => `${f.key}|${f.dueDate}`));
      for (const e of log) {
        if (!ENGINE_TYPES.has(e.type) || e.corrected_by_seq !== null) continue;
        if (derived.has(firingKey(e.payload))) continue;
        await m.query(`UPDATE case_events SET corrected_by_seq = $3 WHERE case_id = $1 AND seq = $2`, [row.id, e.seq, version]);
        effects.firingsSuperseded.push(e.seq);
      }

      if (!opening) {
        await m.query(`DELETE FROM votes WHERE event_id = $1`, [target.id]);
        await m.query(`DELETE FROM decisions WHERE event_id = $1`, [target.id]);
        const records = this.procedure.recordsOf(plan.correctedWithRoster, ruleResults);
        for (const v of records.votes) await this.cases.insertVote(m, row.id, eventId, v);
        for (const d of records.decisions) await this.cases.insertDecision(m, row.id, eventId, d);
      } else {
        // The person's name and birth date are the person's record (shown on every case of theirs).
        if (plan.person) {
          await m.query(`UPDATE people SET full_name = $2, birth_date = $3, updated_at = now() WHERE id = $1`, [row.person_id, plan.person.fullName, plan.person.birthDate]);
        }
        const variant = corrected.variant as Record<string, unknown> | null | undefined;
        await m.query(`UPDATE cases SET readmission = $2 WHERE id = $1`, [row.id, Boolean(variant && 'readmission' in variant)]);
      }

      effects.deadlines = await this.reconcileDeadlines(m, row, outcome, plan.planner);
      await this.reconcileViolations(m, row, outcome, version, actor.userId, effects);
      await m.query(`UPDATE case_events SET corrects_seq = $2, correction_reason = $3, correction_effects = $4 WHERE id = $1`, [
        eventId,
        target.seq,
        cmd.reason,
        JSON.stringify(effects),
      ]);
      await this.cases.refreshNextDue(m, row.id, today);
      // The compliance catalogue runs as it does after every transition (procedure.md §4 flags).
      await this.compliance.checkCase(m, row.id, { actorUserId: actor.userId, today });
      await this.audit.record(
        {
          action: 'case.eventCorrected',
          outcome: 'ok',
          actorUserId: actor.userId,
          actorRole: held[0] ?? null,
          caseId: row.id,
          resourceType: 'caseEvent',
          resourceId: String(version),
          details: {
            correctedSeq: target.seq,
            correctionSeq: version,
            type: target.type,
            reason: cmd.reason,
            fields: effects.fields,
            deadlines: effects.deadlines.map((d) => ({ key: d.key, from: d.from, to: d.to, status: d.status })),
            violationsOpened: effects.violationsOpened,
            violationsClosed: effects.violationsClosed,
            firingsSuperseded: effects.firingsSuperseded,
          },
        },
        m,
      );
      return { version, seq: version };
    });
  }

  /** Reads (before the transaction opens) and the replay. */
  private async plan(row: CaseRow, log: LogRow[], target: LogRow, corrected: Record<string, unknown>, today: LocalDate) {
    const rootOf = new Map<number, number>();
    const root = (e: LogRow): number => {
      const known = rootOf.get(e.seq);
      if (known !== undefined) return known;
      const parent = e.corrects_seq !== null ? log.find((x) => x.seq === e.corrects_seq) : undefined;
      const r = parent ? root(parent) : e.seq;
      rootOf.set(e.seq, r);
      return r;
    };
    const live = log.filter((e) => e.corrected_by_seq === null);
    const position = root(target);
    const recordedOnOf = (e: LogRow) => {
      const first = log.find((x) => x.seq === root(e)) ?? e;
      return localDateInVietnam(new Date(first.recorded_at));
    };

    // The opening: the person as the people table has them (corrected where asked), the candidate's facts.
    const openingRow = live.find((e) => e.type === 'case.opened');
    const openingPayload = target.type === 'case.opened' ? corrected : ((openingRow?.payload ?? {}) as Record<string, unknown>);
    const personRow = await this.cases.personFacts(row.person_id);
    if (!personRow) throw notFound();
    const correctedPerson = (target.type === 'case.opened' ? (corrected.person as OpeningCorrection['person']) : undefined) ?? undefined;
    const person = correctedPerson
      ? {
          fullName: (correctedPerson.fullName ?? String(personRow.full_name)).normalize('NFC'),
          birthDate: correctedPerson.birthDate ?? toDate(personRow.birth_date),
        }
      : null;
    const personFacts = person ? { ...personRow, full_name: person.fullName, birth_date: person.birthDate } : personRow;
    const current = (row.machine_version === this.procedure.machineVersion ? row.snapshot : this.procedure.migrate(row.snapshot, row.machine_version)) as CaseSnapshot;
    const transfers = current.context?.facts?.transfers ?? [];
    const openingOrg = transfers[0]?.fromOrganisationId ?? row.organisation_id;
    const org = await this.cases.orgProfile(openingOrg, row.opened_on);
    if (!org) throw notFound();
    const storedCandidate = (openingRow?.payload.candidate as Record<string, unknown> | undefined) ?? this.candidateOf(current, personRow, org, row);
    const originalOpening = { ...(openingRow?.payload ?? {}), candidate: storedCandidate };
    if (target.type === 'case.opened' && corrected.candidate === undefined) corrected.candidate = storedCandidate;
    const candidate = (openingPayload.candidate as Record<string, unknown> | undefined) ?? storedCandidate;
    const variant = (openingPayload.variant as Record<string, unknown> | null | undefined) ?? undefined;
    const opened = this.procedure.open({ caseId: row.id, person: personFacts, org, candidate, variant: variant ?? undefined, openedOn: row.opened_on });
    const initial = opened.snapshot as CaseSnapshot;
    if (transfers.length === 0 && current.context?.facts?.org) initial.context.facts.org = structuredClone(current.context.facts.org);

    // The acts in log order, the corrected one in the original's place; the engine's own are re-derived.
    const userActs = live
      .filter((e) => e.type !== 'case.opened' && !ENGINE_TYPES.has(e.type))
      .map((e) => ({ row: e, pos: root(e), event: e.seq === target.seq ? corrected : e.payload }))
      .sort((a, b) => a.pos - b.pos);
    const acts: ReplayAct[] = [];
    const seqAt = new Map<number, number>();
    let correctedWithRoster: { type: string } & Record<string, unknown> = corrected as { type: string };
    const settingsCache = new Map<LocalDate, OrgSettings>();
    for (const a of userActs) {
      const event = await this.commands.withRoster(row, { ...(a.event as Record<string, unknown>), type: a.row.type });
      if (a.row.seq === target.seq) correctedWithRoster = event;
      const asOf = this.procedure.eventDate(event) ?? recordedOnOf(a.row);
      // The worker's firings are re-derived against the acts' own dates (the wall clock of the
      // recording is not the engine's clock where the settable clock of demos and tests moved).
      const recordedOn = asOf;
      let settings = settingsCache.get(asOf);
      if (!settings) {
        settings = await this.cases.orgSettings(row.organisation_id, asOf);
        settingsCache.set(asOf, settings);
      }
      acts.push({ seq: a.pos, event: event as unknown as CaseEvent, asOf, recordedOn, settings });
      seqAt.set(a.pos, a.row.seq === target.seq ? target.seq : a.row.seq);
    }

    const planner = new DeadlinePlanner(await this.calendars.calendar(), await this.cases.timerSettings(row.organisation_id, today));
    const stored: DeadlineRow[] = await this.db.query(`SELECT key, timer_id, start_date, due_date, extended_to, status FROM deadlines WHERE case_id = $1`, [row.id]);
    const extensions: Record<string, { due: LocalDate | null; to: LocalDate }> = {};
    for (const d of stored) if (d.extended_to) extensions[d.key] = { due: d.due_date, to: d.extended_to };
    const storedFirings = new Set(live.filter((e) => ENGINE_TYPES.has(e.type)).map((e) => firingKey(e.payload)));
    const outcome: ReplayOutcome = replayLog(initial, acts, {
      today,
      compute: (timerId, startOn, o) => {
        const d = planner.compute(timerId, startOn, o);
        return { due: d.due, extendedDue: d.extendedDue };
      },
      extensions,
      storedFirings,
    });
    return { outcome, position, seqAt, planner, storedFirings, correctedWithRoster, person, originalOpening };
  }

  /** The candidate facts given at opening: what the snapshot's person has beyond the people table. */
  private candidateOf(current: CaseSnapshot, personRow: Record<string, unknown>, org: Record<string, unknown>, row: CaseRow): Record<string, unknown> {
    const base = (this.procedure.open({ caseId: row.id, person: personRow, org, openedOn: row.opened_on }).snapshot as CaseSnapshot).context.facts.person as unknown as Record<string, unknown>;
    const now = (current.context?.facts?.person ?? {}) as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(now)) {
      if (k === 'fullName' || k === 'birthDate') continue;
      if (JSON.stringify(base[k]) !== JSON.stringify(v)) out[k] = v;
    }
    return out;
  }

  /** The stored opening payload with the corrected candidate facts, variant and person. */
  private openingPayload(original: Record<string, unknown>, c: OpeningCorrection): Record<string, unknown> {
    const out: Record<string, unknown> = { variant: original.variant ?? null };
    if (original.candidate !== undefined) out.candidate = original.candidate;
    if (c.candidate !== undefined) out.candidate = c.candidate;
    if (c.variant !== undefined) out.variant = c.variant;
    if (c.person && (c.person.fullName !== undefined || c.person.birthDate !== undefined)) out.person = { ...c.person };
    return out;
  }

  /** Deadline rows follow the replay: moved ones re-armed (fence bumped), gone ones cancelled. */
  private async reconcileDeadlines(m: EntityManager, row: CaseRow, outcome: Extract<ReplayOutcome, { ok: true }>, planner: DeadlinePlanner) {
    const rows: DeadlineRow[] = await m.query(`SELECT key, timer_id, start_date, due_date, extended_to, status FROM deadlines WHERE case_id = $1 FOR UPDATE`, [row.id]);
    const existing = new Map(rows.map((r) => [r.key, r]));
    const intents: DeadlineIntent[] = [];
    const fired: string[] = [];
    const moved: CorrectionEffects['deadlines'] = [];
    for (const d of Object.values(outcome.deadlines)) {
      const r = existing.get(d.key);
      const same = r !== undefined && r.timer_id === d.timerId && r.start_date === d.start && r.due_date === d.due;
      const schedule: DeadlineIntent = { kind: 'schedule', key: d.key, timerId: d.timerId, start: d.start, abroad: d.abroad, level: d.level, estimated: d.estimated };
      const changes = intents.length + fired.length;
      if (d.status === 'pending') {
        // A pending row, or one the worker already fired (a missed deadline it escalated), stands while its dates do.
        if (!same || r.status === 'cancelled' || r.status === 'met') intents.push(schedule);
      } else if (d.status === 'fired') {
        if (!same) intents.push(schedule);
        if (!same || r.status !== 'fired') fired.push(d.key);
      } else if (r && (r.status === 'pending' || r.status === 'fired')) {
        intents.push({ kind: 'cancel', key: d.key, ...(d.metOn ? { metOn: d.metOn } : {}) });
      } else if (r && !same) {
        // Settled already (its act recorded), but the correction moved the date it counts from (a
        // cell resolution's date corrected after the decision): the row takes the corrected dates
        // and stays settled, so the act is judged against the corrected due date (§6.6).
        intents.push(schedule, { kind: 'cancel', key: d.key, ...(d.metOn ? { metOn: d.metOn } : {}) });
      }
      if (intents.length + fired.length > changes) moved.push({ key: d.key, from: r?.due_date ?? null, to: d.due, status: d.status });
    }
    for (const r of rows) {
      if (outcome.deadlines[r.key] || (r.status !== 'pending' && r.status !== 'fired')) continue;
      intents.push({ kind: 'cancel', key: r.key });
      moved.push({ key: r.key, from: r.due_date, to: null, status: 'cancelled' });
    }
    if (intents.length) {
      const { armed } = await planner.apply(m, row.id, intents);
      for (const id of armed) await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [ARM_TOPIC, JSON.stringify({ deadlineId: id })]);
    }
    for (const key of fired) {
      // Settled here as the worker would have settled it; the outbox row asks the relay to drop its wake-up job.
      await m.query(
        `WITH settled AS (
           UPDATE deadlines SET status = 'fired', fired_at = now(), fence = fence + 1, updated_at = now() WHERE case_id = $1 AND key = $2 RETURNING id)
         INSERT INTO outbox (topic, payload) SELECT $3, jsonb_build_object('deadlineId', id) FROM settled`,
        [row.id, key, ARM_TOPIC],
      );
    }
    return moved;
  }

  /**
   * The engine's violations follow the replay: what it finds and the table lacks is opened; what
   * the table holds open and it no longer finds is closed (marked as cleared by a re-check, so a
   * later correction that finds it again reopens it). Violations a person explained stay explained
   * while still found; the compliance catalogue's own (source 'audit') are left to checkCase.
   */
  private async reconcileViolations(
    m: EntityManager,
    row: CaseRow,
    outcome: Extract<ReplayOutcome, { ok: true }>,
    seq: number,
    actorUserId: string,
    effects: CorrectionEffects,
  ): Promise<void> {
    const rows: ViolationRow[] = await m.query(
      `SELECT id, rule_id, step, status, cleared_by_audit FROM violations WHERE case_id = $1 AND source = 'live' FOR UPDATE`,
      [row.id],
    );
    const key = (ruleId: string, step: string) => `${ruleId}|${step}`;
    const found = new Map(outcome.violations.map((v) => [key(v.ruleId, v.step), v]));
    const byKey = new Map(rows.map((r) => [key(r.rule_id, r.step), r]));
    const note = message('CASES.CORRECTION_NO_LONGER_VIOLATION', { seq });
    for (const [k, v] of found) {
      const r = byKey.get(k);
      if (!r) {
        const opened = await this.cases.openViolation(m, {
          caseId: row.id,
          organisationId: row.organisation_id,
          ruleId: v.ruleId,
          step: v.step,
          responsible: null,
          dueDate: v.dueDate,
          actualDate: v.actualDate,
          details: { ...(v.details ?? {}), ...(v.reason ? { reason: v.reason } : {}), correctionSeq: seq },
        });
        if (opened) effects.violationsOpened.push(k);
      } else if (r.status === 'resolved' && r.cleared_by_audit) {
        await m.query(
          `UPDATE violations SET status = 'open', cleared_by_audit = false, resolution = NULL, resolved_at = NULL, resolved_by = NULL, due_date = $2, actual_date = $3, updated_at = now() WHERE id = $1`,
          [r.id, v.dueDate, v.actualDate],
        );
        await this.history(m, r.id, 'reopened', 'resolved', 'open', actorUserId, `#${seq}`);
        effects.violationsOpened.push(k);
      }
    }
    for (const r of rows) {
      if (r.status === 'resolved' || found.has(key(r.rule_id, r.step))) continue;
      await m.query(
        `UPDATE violations SET status = 'resolved', cleared_by_audit = true, resolved_at = now(), resolved_by = $2, resolution = $3, updated_at = now() WHERE id = $1`,
        [r.id, actorUserId, note],
      );
      await this.history(m, r.id, 'cleared', r.status, 'resolved', actorUserId, note);
      effects.violationsClosed.push(key(r.rule_id, r.step));
    }
  }

  private async history(m: EntityManager, violationId: string, action: string, from: string, to: string, actor: string, text: string): Promise<void> {
    await m.query(`INSERT INTO violation_history (violation_id, action, from_status, to_status, actor_user_id, text) VALUES ($1, $2, $3, $4, $5, $6)`, [
      violationId,
      action,
      from,
      to,
      actor,
      text,
    ]);
  }

  private refusal(outcome: Extract<ReplayOutcome, { ok: false }>, target: LogRow, seqAt: Map<number, number>): CaseError {
    const seq = seqAt.get(outcome.seq) ?? outcome.seq;
    const itself = seq === target.seq;
    if (outcome.invalid) {
      return new CaseError(CASE_ERRORS.INVALID_EVENT, outcome.invalid, { errors: [{ field: 'payload', messages: [outcome.invalid] }], act: { seq, type: outcome.type } });
    }
    const detail = itself
      ? message('CASES.RULES_REFUSE_CORRECTED_STEP')
      : message('CASES.CORRECTION_MAKES_LATER_ACT_ILLEGAL', { seq, type: outcome.type });
    return new CaseError(CASE_ERRORS.RULES_BLOCKED, detail, { rules: outcome.failures, act: { seq, type: outcome.type, corrected: itself } });
  }

  private async rolesOver(actor: Extract<Actor, { kind: 'user' }>, organisationId: string, allowed: string[]): Promise<string[]> {
    const held: string[] = [];
    for (const role of [...new Set([...allowed, 'admin'])]) {
      if (role === 'system') continue;
      if (await this.access.canAct(actor.user, role as Role, organisationId)) held.push(role);
    }
    return held;
  }

  private conflict(currentVersion: number | null): CaseError {
    return new CaseError(CASE_ERRORS.VERSION_CONFLICT, message('CASES.CASE_WAS_CHANGED_BY_SOMEONE'), { currentVersion });
  }
}

function firingKey(payload: Record<string, unknown>): string {
  return `${String(payload.key ?? payload.timerId)}|${String(payload.dueDate)}`;
}

function toDate(v: unknown): LocalDate {
  if (v instanceof Date) return v.toISOString().slice(0, 10) as LocalDate;
  return String(v).slice(0, 10) as LocalDate;
}

/** Paths whose values differ between the original and the corrected payload (values are not listed: they may be personal). */
export function changedFields(before: unknown, after: unknown, prefix = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(before) || !isObj(after)) return [prefix || '(payload)'];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== 'type');
  return keys.flatMap((k) => changedFields(before[k], after[k], prefix ? `${prefix}.${k}` : k));
}
