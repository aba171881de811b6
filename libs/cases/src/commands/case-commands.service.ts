import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ClockService, Metrics, inSpan, rowsOf } from '#platform';
import { committeeVoteDenominator, compactRuleResults, isLocalDate, localDateInVietnam, validateCaseOpening, type LocalDate, type StoredViolation } from '#procedure';
import { CalendarStore } from '../calendar/calendar.store.js';
import { ARM_TOPIC, DeadlinePlanner, type DeadlineIntent, type DeadlinePlan } from '../deadlines/deadline-planner.js';
import { CASE_ERRORS, CaseError, notFound } from '../errors.js';
import { CaseRepository, type CaseRow, type LoadedCase } from '../persistence/case.repository.js';
import { AccessService, RosterService, type Role } from '#orgs';
import { ComplianceService, readCaseFacts, readCaseSettings, type CaseRecord } from '#reports';
import { PROCEDURE_PORT, type Actor, type DecisionRecordRow, type EngineResult, type ProcedurePort } from '../ports.js';
import { IdempotencyStore, idempotencyWritePart, replayOf, requestHash, type StoredResponse } from './idempotency.js';
import { message } from '#messages';
import type { CaseAfterCommand } from '../queries/case-queries.service.js';
import { auditOutboxPart, recordRequestAudit, takeRequestAudit } from '#audit';

export interface CommandResult {
  status: number;
  caseId: string;
  version: number;
  /** The case as the transition left it, for the command's answer without reading it again (absent on a replay). */
  after?: CaseAfterCommand;
}


/**
 * Everything a transition needs, read before its transaction opens: inside the transaction only
 * its own connection is used (a second pooled connection taken while holding one deadlocks the
 * pool under load; the benchmark found it).
 */
interface Decided {
  result: Extract<EngineResult, { accepted: true }>;
  asOf: LocalDate;
  today: LocalDate;
  roles: string[];
  planner: DeadlinePlanner | null;
}

/** The case as the transition's one read found it (row, compliance record, violations). */
type Loaded = LoadedCase;

/** What the transition's one statement returns: the new version and the ids of the rows it inserted. */
interface WrittenIds {
  version: number;
  vote_ids: string[];
  decision_ids: string[];
  violations: { id: string; rule_id: string; step: string }[];
}

/** A transition's write built in memory (CaseCommands.prepareWrite): the statement and the record after it. */
interface PreparedWrite {
  caseId: string;
  /** The new snapshot as stored (through JSON). */
  snapshot: unknown;
  /** The writable CTE's parts; `c` is the version-checked `UPDATE cases` every other part selects from. */
  parts: string[];
  params: unknown[];
  /** Adds a parameter to the statement; returns its placeholder. */
  bind: (value: unknown) => string;
  returns: { votes: boolean; decisions: boolean; violations: boolean };
  /** The pending deadlines' due dates after the write (the answer's checklist). */
  dueDates: Record<string, LocalDate>;
  /** What the write will return, with placeholder ids for the rows it inserts. */
  predicted(): WrittenIds;
  /** The compliance record and the case's violations after the write, given what it returned. */
  after(written: WrittenIds): { record: CaseRecord; existing: StoredViolation[] };
}

/** What a committee vote's `eligible` is checked against (PROC-BASE-VOTE, PROC-COMPETENT-VOTE). */
export interface CommitteeVoteBasis {
  body: 'BASE' | 'COMPETENT';
  /** The committee (organisation) whose members are counted. */
  committeeId: string;
  meetingDate: LocalDate;
  /** The figure the minutes' `eligible` must equal (or a reason is recorded, flagged). */
  eligible: number;
  /** Members holding office on the date. */
  members: number;
  /** Sitting members (QĐ294 §9.3.3): minus absent temporary transfers, the suspended, prosecuted or detained. */
  sitting: number;
  /** A base committee deciding by delegation (HD06 §3.7a, §4.6d). */
  delegated: boolean;
}

export interface EventCommand {
  caseId: string;
  expectedVersion: number;
  event: { type: string } & Record<string, unknown>;
  idempotencyKey?: string;
}

/**
 * Applying an event is one transaction: the snapshot (version checked), the event with its rule
 * results, votes and decisions, deadlines, violations and outbox rows commit together or not at
 * all. The machine is pure; everything with an effect happens here, after it decided.
 */
@Injectable()
export class CaseCommands {
  private readonly logger = new Logger('CaseCommands');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly calendars: CalendarStore,
    private readonly clock: ClockService,
    @Inject(PROCEDURE_PORT) private readonly procedure: ProcedurePort,
    private readonly access: AccessService,
    private readonly compliance: ComplianceService,
    private readonly roster: RosterService,
    private readonly idempotency: IdempotencyStore,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async today(): Promise<LocalDate> {
    return localDateInVietnam(await this.clock.now());
  }

  /** Open a case for a person in a cell. 409 when the person already has an open case. */
  async open(
    actor: Actor,
    input: { personId: string; organisationId: string; candidate?: Record<string, unknown>; variant?: Record<string, unknown> },
  ): Promise<string> {
    await this.assertVisible(actor, input.organisationId);
    await this.assertRole(actor, input.organisationId, ['cellCommittee', 'baseCommitteeStaff', 'admin']);
    // Every candidate fact and variant key the rules read is declared; anything else is refused (400).
    const issues = validateCaseOpening({ candidate: input.candidate, variant: input.variant });
    if (issues.length > 0)
      throw new CaseError(CASE_ERRORS.INVALID_EVENT, message('CASES.INVALID_CASE_FACTS'), {
        errors: issues.map((i) => ({ field: i.path, messages: [`${i.vi} / ${i.en}`] })),
      });
    const person = await this.cases.personFacts(input.personId);
    if (!person) throw new CaseError(CASE_ERRORS.INVALID_EVENT, message('COMMON.PERSON_NOT_FOUND'), { errors: [{ field: 'personId', messages: [message('CASES.UNKNOWN')] }] });
    const openedOn = await this.today();
    const org = await this.cases.orgProfile(input.organisationId, openedOn);
    if (!org) throw notFound();
    const caseId = randomUUID();
    const opened = this.procedure.open({ caseId, person, org, candidate: input.candidate, variant: input.variant, openedOn });
    const planner = opened.deadlines.length ? await this.planner(input.organisationId, openedOn) : null;
    return this.db.transaction(async (m) => {
      const existing: unknown[] = await m.query(`SELECT id FROM cases WHERE person_id = $1 AND status = 'open' FOR UPDATE`, [input.personId]);
      if (existing.length) throw this.openCaseExists((existing[0] as { id: string }).id);
      let id: string;
      try {
        id = await this.cases.insert(m, {
          id: caseId,
          personId: input.personId,
          organisationId: input.organisationId,
          snapshot: opened.snapshot,
          state: opened.state,
          stage: opened.stage,
          machineVersion: this.procedure.machineVersion,
          openedOn,
          readmission: Boolean(input.variant && 'readmission' in input.variant),
          createdBy: actor.userId,
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw this.openCaseExists(null);
        throw err;
      }
      await this.cases.appendEvent(m, {
        caseId: id,
        seq: 1,
        type: 'case.opened',
        payload: { variant: input.variant ?? null },
        eventDate: openedOn,
        actingBody: 'CELL',
        actorRole: null,
        recordedBy: actor.userId,
        stateBefore: null,
        stateAfter: opened.state,
        ruleResults: [],
        machineVersion: this.procedure.machineVersion,
      });
      if (planner) await this.applyDeadlines(m, id, planner, opened.deadlines);
      await recordRequestAudit(m, { caseId: id }); // the request's audit entry commits with the case
      return id;
    });
  }

  /**
   * Apply one event with optimistic concurrency and optional idempotency. With a key, the caller's
   * record for it comes with the one read and is written by the transition's own statement (no
   * claim of its own): a concurrent request with the same key loses the version check and then
   * answers what the winner stored.
   */
  async apply(actor: Actor, cmd: EventCommand): Promise<CommandResult> {
    const key = cmd.idempotencyKey && actor.userId ? { userId: actor.userId, key: cmd.idempotencyKey, hash: requestHash(cmd.event) } : undefined;
    // The one read: the case row with its deadlines, votes, decisions, events (for the checks),
    // violations and the key's record. The visibility and role checks below answer from the closure cache (no SQL when warm).
    const loaded = await this.cases.findForTransition(cmd.caseId, this.db, key ? { idempotency: key } : {});
    const row = loaded?.row;
    if (!loaded || !row || !(await this.isVisible(actor, row.organisation_id))) throw notFound();
    const allowedRoles = this.procedure.rolesFor(cmd.event.type);
    if (!allowedRoles) {
      throw new CaseError(CASE_ERRORS.INVALID_EVENT, message('CASES.UNKNOWN_EVENT_TYPE'), {
        errors: [{ field: 'type', messages: [message('CASES.NOT_EVENT_PROCEDURE', { type: String(cmd.event.type).slice(0, 80) })] }],
      });
    }
    if (actor.kind === 'user' && this.procedure.engineOnly(cmd.event.type)) {
      // Before any claim or write: a legal timer is fired by the worker alone (nothing is stored).
      throw new CaseError(
        CASE_ERRORS.ROLE_NOT_ALLOWED,
        message('CASES.ONLY_ENGINE_SENDS_EVENT_ADMINISTRATORS'),
        { allowedRoles, engineOnly: true },
      );
    }
    if (actor.kind === 'user') await this.assertRole(actor, row.organisation_id, allowedRoles);

    if (key) {
      const stored = replayOf(loaded.idempotency, key.hash);
      if (stored) return replay(stored, row.id, row.version);
    }
    try {
      const result = await this.transition(actor, loaded, cmd, key);
      this.metrics?.transition(cmd.event.type, 'accepted');
      return result;
    } catch (err) {
      this.countRefusal(cmd.event.type, err);
      if (key && err instanceof CaseError) {
        if (err.code === CASE_ERRORS.RULES_BLOCKED || err.code === CASE_ERRORS.EVENT_NOT_ALLOWED) {
          // A refusal by the rules is a final answer for this request: replay it.
          await this.idempotency.storeRefusal(key.userId, row.id, key.key, key.hash, { status: 422, body: { code: err.code, message: err.message, ...err.problem } });
        } else if (err.code === CASE_ERRORS.VERSION_CONFLICT) {
          // Lost to a request with the same key (a retry, a double click): its answer is this one's.
          const won = await this.idempotency.answered(key.userId, row.id, key.key, key.hash);
          if (won) return replay(won, row.id, row.version);
        }
      }
      throw err;
    }
  }

  /**
   * The transition: one read (already done), the decision in memory, one write. When the compliance
   * catalogue has nothing to change (nearly always), the write, the request's own audit entry
   * included, is ONE autocommitted statement: one commit, no transaction to open or close. Otherwise
   * the same statement and the catalogue's changes commit together in one transaction.
   */
  private async transition(actor: Actor, loaded: Loaded, cmd: EventCommand, key?: IdempotencyKey): Promise<CommandResult> {
    const row = loaded.row;
    if (row.version !== cmd.expectedVersion) throw this.conflict(row.version);
    const decided = await inSpan('case.decide', { 'case.event': cmd.event.type }, () => this.decide(loaded, cmd.event, actor));
    const w = this.prepareWrite(actor, loaded, cmd.expectedVersion, cmd.event, decided, key);
    const predicted = w.after(w.predicted());
    const quiet = !this.compliance.wouldChange(predicted.record, predicted.existing, { today: decided.today });
    const version = await inSpan('case.transaction', { 'case.id': row.id, 'case.event': cmd.event.type }, async () => {
      if (quiet) {
        const audit = takeRequestAudit();
        if (audit) w.parts.push(auditOutboxPart('au', audit.entry, 'c', w.bind)); // the request's entry, written only with the case
        const written = await this.runWrite(this.db, w);
        audit?.committed();
        return written.version;
      }
      return this.db.transaction(async (m) => {
        const version = await this.writeChecked(m, w, actor, decided.today);
        await recordRequestAudit(m); // the request's audit entry commits with the transition
        return version;
      });
    });
    const { result } = decided;
    return {
      status: 200,
      caseId: row.id,
      version,
      after: {
        id: row.id,
        version,
        status: result.closed ? 'closed' : 'open',
        stage: result.stage,
        state: result.state,
        organisation_id: row.organisation_id,
        snapshot: w.snapshot,
        machine_version: this.procedure.machineVersion,
        due_dates: w.dueDates,
        today: decided.today,
      },
    };
  }

  /**
   * An event from the engine itself (a timer that opens a step), inside the caller's transaction so
   * that the deadline's state and the case event commit together. The case row is locked, so the
   * version read is the one written. Returns false when the machine does not take the event now.
   */
  async applySystemEvent(m: EntityManager, caseId: string, event: { type: string } & Record<string, unknown>): Promise<boolean> {
    const loaded = await this.cases.findForTransition(caseId, m, { lock: true });
    const row = loaded?.row;
    if (!loaded || !row || row.status === 'closed') return false;
    let decided: Decided;
    try {
      decided = await this.decide(loaded, event, { kind: 'system', userId: null });
    } catch (err) {
      if (err instanceof CaseError) {
        this.logger.warn({ msg: 'system event not taken', caseId, type: event.type, code: err.code });
        return false;
      }
      throw err;
    }
    await this.write(m, { kind: 'system', userId: null }, loaded, row.version, event, decided);
    this.metrics?.transition(event.type, 'accepted');
    return true;
  }

  private countRefusal(type: string, err: unknown): void {
    if (!this.metrics) return;
    if (!(err instanceof CaseError)) return this.metrics.transition(type, 'error');
    const rules = ((err.problem as { rules?: { id?: string }[] }).rules ?? []).map((r) => r.id ?? 'unknown');
    const result =
      err.code === CASE_ERRORS.RULES_BLOCKED
        ? 'refused'
        : err.code === CASE_ERRORS.EVENT_NOT_ALLOWED
          ? 'notAllowed'
          : err.code === CASE_ERRORS.ROLE_NOT_ALLOWED
            ? 'forbidden'
            : err.code === CASE_ERRORS.INVALID_EVENT
              ? 'invalid'
              : /CONFLICT|VERSION/.test(err.code)
                ? 'conflict'
                : 'error';
    this.metrics.transition(type, result, result === 'refused' ? rules : []);
  }

  /** The pure part: what the machine says (no I/O but reading settings and the clock). */
  private async decide(loaded: Loaded, event: { type: string } & Record<string, unknown>, actor: Actor): Promise<Decided> {
    const row = loaded.row;
    // A closed case takes only what the texts allow after the end (cancelling a wrongful admission or recognition).
    if (row.status === 'closed' && !this.procedure.acceptsAfterClose(row.snapshot, event.type))
      throw new CaseError(CASE_ERRORS.CLOSED, message('CASES.CASE_CLOSED'), { currentVersion: row.version });
    const today = await this.today();
    const asOf = this.procedure.eventDate(event) ?? today;
    const settings = await this.cases.orgSettings(row.organisation_id, asOf);
    let snapshot = row.snapshot;
    if (row.machine_version !== this.procedure.machineVersion) snapshot = this.procedure.migrate(snapshot, row.machine_version);
    // Due dates of the pending deadlines, from the one read (the engine flags acts after them).
    const dueDates: Record<string, LocalDate> = {};
    for (const d of loaded.record.deadlines) if (d.status === 'pending' && d.dueDate !== null) dueDates[d.key] = (d.extendedTo ?? d.dueDate) as LocalDate;
    // PROC-DATES: no act after today. With CLOCK_CONTROL (demos and tests; refused in production) a
    // clock moved back does not turn real past dates into future ones: the bound is the later date.
    const latest = [today, localDateInVietnam(new Date())].sort().at(-1)!;
    const result: EngineResult = this.procedure.apply(snapshot, await this.withRoster(row, event), { asOf, today: latest, settings, dueDates });
    if (!result.accepted) {
      const code = result.reason === 'rules' ? CASE_ERRORS.RULES_BLOCKED : result.reason === 'notAllowed' ? CASE_ERRORS.EVENT_NOT_ALLOWED : CASE_ERRORS.INVALID_EVENT;
      const detail =
        result.message ??
        (result.reason === 'rules'
          ? message('CASES.RULES_REFUSE_STEP')
          : message('CASES.STEP_NOT_POSSIBLE_AT_CURRENT'));
      throw new CaseError(code, detail, { rules: result.failures, currentVersion: row.version });
    }
    const roles = actor.kind === 'system' ? ['system'] : await this.rolesOver(actor, row.organisation_id, this.procedure.rolesFor(event.type) ?? []);
    const planner = result.deadlines.length ? await this.planner(row.organisation_id, today) : null;
    return { result, asOf, today, roles, planner };
  }

  /**
   * PROC-CELL-VOTE, PROC-BASE-VOTE, PROC-COMPETENT-VOTE: where the body's roster is known (the cell,
   * the base committee, the competent body), the engine compares the minutes' `eligible` with the
   * roster's figure for the meeting date (a mismatch is refused unless a reason is given).
   * The roster's figures are added to the vote; the event as the user sent it is what is logged.
   */
  async withRoster(row: CaseRow, event: { type: string } & Record<string, unknown>): Promise<{ type: string } & Record<string, unknown>> {
    const vote = event.vote as { meetingDate?: string; motion?: string; rosterEligible?: number; roll?: number; attendeeIds?: unknown } | undefined;
    if (!vote?.meetingDate || !isLocalDate(vote.meetingDate)) return event;
    // Exempted members who attended and voted count (QĐ294 §9.3.2); so do committee members on
    // temporary transfer who attended (§9.3.3, committees: see docs/procedure.md). The minutes name
    // them; the roster counts them.
    const attendees = Array.isArray(vote.attendeeIds) ? vote.attendeeIds.filter((x): x is string => typeof x === 'string') : [];
    if (event.type.startsWith('cell.')) {
      const basis = await this.roster.cellVoteBasis(row.organisation_id, vote.meetingDate, attendees);
      if (basis.roll === 0) return event;
      // The roster's figures are the system's, never the client's: they replace whatever was sent.
      return { ...event, vote: { ...vote, rosterEligible: basis.eligible, roll: basis.roll } };
    }
    if (event.type.startsWith('base.') || event.type.startsWith('decision.')) {
      const figure = await this.committeeFigure(row.organisation_id, event.type, vote.meetingDate, String(vote.motion), attendees);
      if (!figure) return event;
      // A decision attributed to another body is PROC-COMPETENT-BODY's to refuse; its roster is not this one.
      const decidedBy = event.decidedBy as { id?: unknown } | undefined;
      if (figure.body === 'COMPETENT' && decidedBy?.id !== undefined && decidedBy.id !== figure.committeeId) return event;
      return { ...event, vote: { ...vote, rosterEligible: figure.eligible } };
    }
    return event;
  }

  /**
   * PROC-BASE-VOTE, PROC-COMPETENT-VOTE: the committee's figure for a vote of `type` on
   * `meetingDate` (the base committee's sitting members; the deciding body's members, a delegated
   * base committee counting its total to admit or recognise and its sitting members to remove),
   * or null where the committee's membership is not recorded (the minutes' figure stands).
   */
  private async committeeFigure(
    cellId: string,
    type: string,
    meetingDate: LocalDate,
    motion: string,
    attendees: readonly string[],
  ): Promise<CommitteeVoteBasis | null> {
    if (type.startsWith('base.')) {
      const basis = await this.roster.baseVoteBasisForCell(cellId, meetingDate, attendees);
      if (!basis) return null;
      const eligible = committeeVoteDenominator('base', false, motion, { total: basis.sitting, sitting: basis.eligible });
      return { body: 'BASE', committeeId: basis.bodyId, meetingDate, eligible, members: basis.sitting, sitting: basis.eligible, delegated: false };
    }
    if (type.startsWith('decision.')) {
      const basis = await this.roster.competentVoteBasis(cellId, meetingDate, attendees).catch(() => null);
      if (!basis || basis.members === 0) return null;
      const m = type === 'decision.removalSigned' ? 'remove' : motion;
      const eligible = committeeVoteDenominator('competent', basis.delegated, m, { total: basis.members, sitting: basis.sitting });
      return { body: 'COMPETENT', committeeId: basis.competentCommitteeId, meetingDate, eligible, members: basis.members, sitting: basis.sitting, delegated: basis.delegated };
    }
    return null;
  }

  /**
   * The committee roster hint of a committee vote's form (GET /cases/{id}/committee-vote-basis):
   * what the engine will count the minutes' `eligible` against, for the case's cell (404 outside
   * the caller's subtree). null: not a committee vote, or no membership recorded.
   */
  async committeeVoteBasis(
    actor: Actor,
    caseId: string,
    q: { type: string; date: LocalDate; motion?: string; attendeeIds?: readonly string[] },
  ): Promise<CommitteeVoteBasis | null> {
    const row = await this.cases.find(caseId);
    if (!row || !(await this.isVisible(actor, row.organisation_id))) throw notFound();
    return this.committeeFigure(row.organisation_id, q.type, q.date, q.motion ?? 'admit', q.attendeeIds ?? []);
  }

  /**
   * Everything the decision implies, written by ONE statement (a writable CTE): the version-checked
   * `UPDATE cases` (next due date and stage date computed here, so it is the only update of the
   * row), the event, votes, decisions, deadline settlements and upserts, the engine's violations,
   * one multi-row outbox insert and the idempotency record. Zero rows updated is the 409; every
   * other part hangs on the updated row, so nothing else is written then. Built here, in memory,
   * with the record as it will be after the write (for the compliance catalogue: nothing is
   * re-read); `runWrite` sends it.
   */
  private prepareWrite(
    actor: Actor,
    loaded: Loaded,
    expectedVersion: number,
    event: { type: string } & Record<string, unknown>,
    { result, asOf, today, roles, planner }: Decided,
    idempotency?: IdempotencyKey,
  ): PreparedWrite {
    const { row, record } = loaded;
    const eventDate = this.procedure.eventDate(event) ?? null;
    const facts = this.procedure.facts(result.snapshot) as { decisionDate?: LocalDate; ceremonyDate?: LocalDate; recognitionDate?: LocalDate; edition?: string };
    const records = this.procedure.recordsOf(event, result.ruleResults);
    const plan: DeadlinePlan = planner ? planner.plan(result.deadlines) : { schedules: [], cancels: [] };
    // The deadlines after this write, in memory: the next due date and the compliance record.
    const deadlines = record.deadlines.map((d) => ({ ...d }));
    for (const c of plan.cancels) {
      const d = deadlines.find((x) => x.key === c.key);
      if (d && (d.status === 'pending' || d.status === 'fired')) d.status = c.metOn ? 'met' : 'cancelled';
    }
    for (const sc of plan.schedules) {
      const next = {
        key: sc.key,
        timerId: sc.timerId,
        startDate: sc.start,
        dueDate: sc.deadline.due ?? null,
        extendedTo: null,
        status: 'pending' as const,
        responsible: sc.deadline.responsible ?? null,
        edition: sc.deadline.edition ?? null,
        extension: null,
      };
      const i = deadlines.findIndex((x) => x.key === sc.key);
      if (i >= 0) deadlines[i] = next;
      else deadlines.push(next);
    }
    const touched = [...plan.cancels.map((c) => c.key), ...plan.schedules.map((sc) => sc.key)];
    const touchedDues = plan.schedules.map((sc) => sc.deadline.due).filter((d): d is LocalDate => Boolean(d));
    const seq = expectedVersion + 1;
    const engineViolations = result.violations.map((v) => ({
      rule_id: v.ruleId,
      step: v.step,
      // A missed deadline's violation is the responsible body's of that deadline (the act's path passes none).
      responsible: v.ruleId === 'PROC-DEADLINES' ? (deadlines.find((d) => d.key === v.step)?.responsible ?? null) : null,
      actual_date: asOf,
      details: v.details ?? {},
    }));
    const parts: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const id = p(row.id);
    const stateChanged = row.state !== result.state;
    // The snapshot as stored (through JSON): what the compliance checks below read, as they read it from the row before.
    const snapshotJson = JSON.stringify(result.snapshot);
    const storedSnapshot: unknown = JSON.parse(snapshotJson);
    parts.push(`nd AS (
        SELECT min(x) AS next_due FROM (
          SELECT COALESCE(extended_to, due_date) AS x FROM deadlines WHERE case_id = ${id} AND status = 'pending' AND NOT (key = ANY(${p(touched)}::text[]))
          UNION ALL SELECT unnest(${p(touchedDues)}::date[])) s)`);
    parts.push(`c AS (
        UPDATE cases SET snapshot = ${p(snapshotJson)}, state = ${p(result.state)}, stage = ${p(result.stage)},
               status = ${p(result.closed ? 'closed' : 'open')}, outcome = ${p(result.outcome ?? null)}, closed_on = ${p(result.closed ? asOf : null)}::date,
               machine_version = ${p(this.procedure.machineVersion)},
               decision_date = COALESCE(${p(facts.decisionDate ?? null)}::date, decision_date), ceremony_date = COALESCE(${p(facts.ceremonyDate ?? null)}::date, ceremony_date),
               recognition_date = COALESCE(${p(facts.recognitionDate ?? null)}::date, recognition_date), edition = COALESCE(${p(facts.edition ?? null)}, edition),
               next_due = nd.next_due, overdue = COALESCE(nd.next_due < ${p(today)}::date, false),
               stage_entered_on = CASE WHEN ${p(stateChanged)}::boolean
                 THEN GREATEST(stage_entered_on, COALESCE(${p(eventDate)}::date, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)) ELSE stage_entered_on END,
               version = version + 1, updated_at = now()
          FROM nd
         WHERE id = ${id} AND version = ${p(expectedVersion)}
        RETURNING id, version)`);
    parts.push(`e AS (
        INSERT INTO case_events (case_id, seq, type, payload, event_date, acting_body, actor_role, recorded_by, state_before, state_after, rule_results, machine_version, edition)
        SELECT c.id, c.version, ${p(event.type)}, ${p(JSON.stringify(event))}, ${p(eventDate)}::date, ${p(this.procedure.actingBody(event.type) ?? null)},
               ${p(roles[0] ?? null)}, ${p(actor.userId)}::uuid, ${p(row.state)}, ${p(result.state)}, ${p(JSON.stringify(compactRuleResults(result.ruleResults)))},
               ${p(this.procedure.machineVersion)}, ${p(result.ruleResults.find((r) => r.edition)?.edition ?? null)}
          FROM c RETURNING id)`);
    const votes = records.votes;
    if (votes.length)
      parts.push(`vo AS (
        INSERT INTO votes (case_id, event_id, body, motion, meeting_date, eligible, votes_for, votes_against, required, passed, roster_eligible, mismatch_reason)
        SELECT ${id}, e.id, x.body, x.motion, x.meeting_date, x.eligible, x.votes_for, x.votes_against, x.required, x.passed, x.roster_eligible, x.mismatch_reason
          FROM e, jsonb_to_recordset(${p(JSON.stringify(votes.map((v) => ({ body: v.body, motion: v.motion, meeting_date: v.meetingDate, eligible: v.eligible, votes_for: v.for, votes_against: v.against, required: v.required, passed: v.passed, roster_eligible: v.rosterEligible ?? null, mismatch_reason: v.mismatchReason ?? null }))))}::jsonb)
               AS x(body text, motion vote_motion, meeting_date date, eligible integer, votes_for integer, votes_against integer, required integer, passed boolean, roster_eligible integer, mismatch_reason text)
        RETURNING id)`);
    const inserted = records.decisions.filter((d) => !d.receipt);
    const receipts = records.decisions.filter((d) => d.receipt);
    if (inserted.length)
      parts.push(`de AS (
        INSERT INTO decisions (case_id, event_id, kind, body, number, signed_on, received_on, outcome)
        SELECT ${id}, e.id, x.kind, x.body, x.number, x.signed_on, x.received_on, x.outcome
          FROM e, jsonb_to_recordset(${p(JSON.stringify(inserted.map((d) => ({ kind: d.kind, body: d.body, number: d.number ?? null, signed_on: d.signedOn, received_on: d.receivedOn ?? null, outcome: d.outcome }))))}::jsonb)
               AS x(kind text, body text, number text, signed_on date, received_on date, outcome text)
        RETURNING id)`);
    receipts.forEach((d, i) =>
      // A receipt sets received_on on the case's latest decision of its kind.
      parts.push(`dr${i} AS (
        UPDATE decisions SET received_on = ${p(d.receivedOn ?? null)}::date
         WHERE id = (SELECT id FROM decisions WHERE case_id = ${id} AND kind = ${p(d.kind)} ORDER BY signed_on DESC, id DESC LIMIT 1)
           AND EXISTS (SELECT 1 FROM c) RETURNING id)`),
    );
    if (plan.cancels.length)
      // Settled here; the outbox row asks the relay to remove its wake-up job right after the commit.
      parts.push(`dc AS (
        UPDATE deadlines SET status = CASE WHEN x.met_on IS NULL THEN 'cancelled' ELSE 'met' END::deadline_status,
               met_on = x.met_on, fence = deadlines.fence + 1, updated_at = now()
          FROM c, jsonb_to_recordset(${p(JSON.stringify(plan.cancels.map((x) => ({ key: x.key, met_on: x.metOn ?? null }))))}::jsonb) AS x(key text, met_on date)
         WHERE deadlines.case_id = c.id AND deadlines.key = x.key AND deadlines.status IN ('pending', 'fired')
        RETURNING deadlines.id)`);
    if (plan.schedules.length)
      parts.push(`ds AS (
        INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, extended_due_date, calendar_status, calendar_years,
                               edition, responsible, reminders, basis, variant, status, fence)
        SELECT c.id, x.key, x.timer_id, x.start_date, x.due_date, x.extended_due_date, x.calendar_status, x.calendar_years,
               x.edition, x.responsible, x.reminders, x.basis, x.variant, 'pending', 1
          FROM c, jsonb_to_recordset(${p(
            JSON.stringify(
              plan.schedules.map((sc) => ({
                key: sc.key,
                timer_id: sc.timerId,
                start_date: sc.start,
                due_date: sc.deadline.due,
                extended_due_date: sc.deadline.extendedDue,
                calendar_status: sc.deadline.status,
                calendar_years: sc.deadline.calendarYears,
                edition: sc.deadline.edition,
                responsible: sc.deadline.responsible,
                reminders: sc.deadline.reminders,
                basis: sc.deadline.basis,
                variant: sc.deadline.variant,
              })),
            ),
          )}::jsonb)
               AS x(key text, timer_id text, start_date date, due_date date, extended_due_date date, calendar_status deadline_calendar_status,
                    calendar_years integer[], edition text, responsible text, reminders jsonb, basis jsonb, variant text)
        ON CONFLICT (case_id, key) DO UPDATE SET timer_id = EXCLUDED.timer_id, start_date = EXCLUDED.start_date,
          due_date = EXCLUDED.due_date, extended_due_date = EXCLUDED.extended_due_date, extended_to = NULL,
          calendar_status = EXCLUDED.calendar_status, calendar_years = EXCLUDED.calendar_years, edition = EXCLUDED.edition,
          responsible = EXCLUDED.responsible, reminders = EXCLUDED.reminders, basis = EXCLUDED.basis, variant = EXCLUDED.variant,
          status = 'pending', fence = deadlines.fence + 1, met_on = NULL, fired_at = NULL, escalated_at = NULL, updated_at = now()
        RETURNING id)`);
    if (engineViolations.length)
      parts.push(`vi AS (
        INSERT INTO violations (case_id, organisation_id, rule_id, step, responsible, due_date, actual_date, details)
        SELECT c.id, ${p(row.organisation_id)}::uuid, x.rule_id, x.step, x.responsible, NULL, x.actual_date, x.details
          FROM c, jsonb_to_recordset(${p(JSON.stringify(engineViolations))}::jsonb) AS x(rule_id text, step text, responsible text, actual_date date, details jsonb)
        ON CONFLICT (case_id, rule_id, step) DO NOTHING RETURNING id, rule_id, step)`);
    if (result.resolvedViolations.length)
      parts.push(`vr AS (
        UPDATE violations SET status = 'resolved', explanation = COALESCE(explanation, ${p(`${event.type} ${asOf}`)}), updated_at = now()
          FROM c, jsonb_to_recordset(${p(JSON.stringify(result.resolvedViolations.map((v) => ({ rule_id: v.ruleId, step: v.step }))))}::jsonb) AS x(rule_id text, step text)
         WHERE violations.case_id = c.id AND violations.rule_id = x.rule_id AND violations.step = x.step AND violations.status <> 'resolved'
        RETURNING violations.id)`);
    // ONE outbox insert: the deadlines' (re-)arm rows and the notifications.
    const outbox: string[] = [];
    if (plan.cancels.length) outbox.push(`SELECT ${p(ARM_TOPIC)}::text, jsonb_build_object('deadlineId', id) FROM dc`);
    if (plan.schedules.length) outbox.push(`SELECT ${p(ARM_TOPIC)}::text, jsonb_build_object('deadlineId', id) FROM ds`);
    if (result.notifications.length)
      outbox.push(
        `SELECT 'notify', x FROM c, jsonb_array_elements(${p(
          JSON.stringify(result.notifications.map((n) => ({ caseId: row.id, seq, dedupe: `case:${row.id}:${seq}:${n.template}:${n.to}`, ...n }))),
        )}::jsonb) AS x`,
      );
    if (outbox.length) parts.push(`ob AS (INSERT INTO outbox (topic, payload) ${outbox.join(' UNION ALL ')})`);
    if (idempotency) parts.push(idempotencyWritePart(p, idempotency.userId, idempotency.key, idempotency.hash));
    const dueDates: Record<string, LocalDate> = {};
    for (const d of deadlines) if (d.status === 'pending' && d.dueDate !== null) dueDates[d.key] = (d.extendedTo ?? d.dueDate) as LocalDate;
    const known = new Set(loaded.violations.map((v) => `${v.ruleId}|${v.step}`));
    return {
      caseId: row.id,
      snapshot: storedSnapshot,
      parts,
      params,
      bind: p,
      returns: { votes: votes.length > 0, decisions: inserted.length > 0, violations: engineViolations.length > 0 },
      dueDates,
      // What the write will return, but for the new rows' ids (placeholders after every stored one, in the same order).
      predicted: () => ({
        version: seq,
        vote_ids: votes.map((_, i) => String(Number.MAX_SAFE_INTEGER - votes.length + i + 1)),
        decision_ids: inserted.map((_, i) => String(Number.MAX_SAFE_INTEGER - inserted.length + i + 1)),
        violations: engineViolations
          .filter((v) => !known.has(`${v.rule_id}|${v.step}`))
          .map((v, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, rule_id: v.rule_id, step: v.step })),
      }),
      // The compliance catalogue runs as the case moves (procedure.md §4 flags; docs/reports.md), on the
      // record in memory: what was read plus what this write added (nothing is re-read).
      after: (written) => {
        const newVersion = written.version;
        const recordAfter: CaseRecord = {
          ...record,
          status: result.closed ? 'closed' : 'open',
          stage: result.stage,
          state: result.state,
          decisionDate: facts.decisionDate ?? record.decisionDate,
          ceremonyDate: facts.ceremonyDate ?? record.ceremonyDate,
          recognitionDate: facts.recognitionDate ?? record.recognitionDate,
          facts: readCaseFacts(storedSnapshot),
          settings: readCaseSettings(storedSnapshot),
          events: [
            ...record.events,
            {
              seq: newVersion,
              type: event.type,
              eventDate,
              payload: event.type === 'backgroundCheck.answered' && typeof event.requestId === 'string' ? { requestId: event.requestId } : {},
            },
          ],
          votes: [
            ...record.votes,
            ...votes.map((v, i) => ({
              id: written.vote_ids[i],
              body: v.body,
              motion: v.motion,
              meetingDate: v.meetingDate,
              eligible: v.eligible,
              for: v.for,
              against: v.against,
              required: v.required,
              passed: v.passed,
            })),
          ].sort((a, b) => (a.meetingDate < b.meetingDate ? -1 : a.meetingDate > b.meetingDate ? 1 : Number(a.id) - Number(b.id))),
          decisions: decisionsAfter(record.decisions, inserted, receipts, written.decision_ids),
          deadlines,
        };
        const existing: StoredViolation[] = loaded.violations.map((v) => ({ ...v }));
        for (const v of written.violations)
          existing.push({ id: v.id, ruleId: v.rule_id, step: v.step, status: 'open', checkId: null, clearedByAudit: false, dueDate: null, actualDate: asOf });
        for (const r of result.resolvedViolations)
          for (const v of existing) if (v.ruleId === r.ruleId && v.step === r.step && v.status !== 'resolved') v.status = 'resolved';
        return { record: recordAfter, existing };
      },
    };
  }

  /** Sends a prepared write (one statement); a conflict (zero rows updated) is the 409 with the current version. */
  private async runWrite(q: EntityManager | DataSource, w: PreparedWrite): Promise<WrittenIds> {
    const out = rowsOf<{ version: number | null; vote_ids: string[]; decision_ids: string[]; violations: { id: string; rule_id: string; step: string }[] }>(
      await q.query(
        `WITH ${w.parts.join(',\n      ')}
         SELECT (SELECT version FROM c) AS version,
                ${w.returns.votes ? `COALESCE((SELECT json_agg(id::text) FROM vo), '[]'::json)` : `'[]'::json`} AS vote_ids,
                ${w.returns.decisions ? `COALESCE((SELECT json_agg(id::text) FROM de), '[]'::json)` : `'[]'::json`} AS decision_ids,
                ${w.returns.violations ? `COALESCE((SELECT json_agg(json_build_object('id', id::text, 'rule_id', rule_id, 'step', step)) FROM vi), '[]'::json)` : `'[]'::json`} AS violations`,
        w.params,
      ),
    );
    const written = out[0];
    if (!written || written.version === null) throw this.conflict(await this.cases.currentVersion(w.caseId, q));
    return { version: written.version, vote_ids: written.vote_ids, decision_ids: written.decision_ids, violations: written.violations };
  }

  /**
   * The write inside the caller's transaction, then the compliance catalogue's changes, if any, in
   * one more statement (violations + violation_history) and one audit entry each; the caller's
   * commit makes it all one.
   */
  private async write(
    m: EntityManager,
    actor: Actor,
    loaded: Loaded,
    expectedVersion: number,
    event: { type: string } & Record<string, unknown>,
    decided: Decided,
    idempotency?: IdempotencyKey,
  ): Promise<number> {
    return this.writeChecked(m, this.prepareWrite(actor, loaded, expectedVersion, event, decided, idempotency), actor, decided.today);
  }

  /** A prepared write and the compliance catalogue's changes on the record it leaves, in the caller's transaction. */
  private async writeChecked(m: EntityManager, w: PreparedWrite, actor: Actor, today: LocalDate): Promise<number> {
    const written = await this.runWrite(m, w);
    const { record, existing } = w.after(written);
    await this.compliance.checkRecord(m, record, existing, { actorUserId: actor.userId ?? undefined, today });
    return written.version;
  }

  /** The calendar and the organisation's timer settings (read outside any transaction). */
  private async planner(organisationId: string, today: LocalDate): Promise<DeadlinePlanner> {
    return new DeadlinePlanner(await this.calendars.calendar(), await this.cases.timerSettings(organisationId, today));
  }

  private async applyDeadlines(m: EntityManager, caseId: string, planner: DeadlinePlanner, intents: DeadlineIntent[]): Promise<void> {
    if (!intents.length) return;
    const { armed } = await planner.apply(m, caseId, intents);
    for (const id of armed) await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [ARM_TOPIC, JSON.stringify({ deadlineId: id })]);
  }

  private conflict(currentVersion: number | null): CaseError {
    return new CaseError(
      CASE_ERRORS.VERSION_CONFLICT,
      message('CASES.CASE_WAS_CHANGED_BY_SOMEONE'),
      { currentVersion },
    );
  }

  private openCaseExists(caseId: string | null): CaseError {
    return new CaseError(CASE_ERRORS.OPEN_CASE_EXISTS, message('CASES.PERSON_ALREADY_HAS_OPEN_CASE'), {
      openCaseId: caseId,
    });
  }

  async isVisible(actor: Actor, organisationId: string): Promise<boolean> {
    return actor.kind === 'system' || this.access.canSee(actor.user, organisationId);
  }

  private async assertVisible(actor: Actor, organisationId: string): Promise<void> {
    if (!(await this.isVisible(actor, organisationId))) throw notFound();
  }

  /** The allowed roles the user holds over the organisation, in the order the event lists them. */
  private async rolesOver(actor: Actor, organisationId: string, allowed: string[]): Promise<string[]> {
    if (actor.kind === 'system') return ['system'];
    const held: string[] = [];
    for (const role of [...allowed, 'admin']) {
      if (await this.access.canAct(actor.user, role as Role, organisationId)) held.push(role);
    }
    return held;
  }

  private async assertRole(actor: Actor, organisationId: string, allowed: string[]): Promise<void> {
    if ((await this.rolesOver(actor, organisationId, allowed)).length > 0) return;
    throw new CaseError(CASE_ERRORS.ROLE_NOT_ALLOWED, message('CASES.YOUR_ROLE_MAY_NOT_RECORD'), {
      allowedRoles: allowed,
    });
  }
}

/** The case's decisions after a write: the inserted ones (with the ids it returned) and the receipts on the latest of their kind. */
function decisionsAfter(
  before: CaseRecord['decisions'],
  inserted: readonly DecisionRecordRow[],
  receipts: readonly DecisionRecordRow[],
  ids: readonly string[],
): CaseRecord['decisions'] {
  const byOrder = (a: { signedOn: string; id: string }, b: { signedOn: string; id: string }) =>
    a.signedOn < b.signedOn ? -1 : a.signedOn > b.signedOn ? 1 : Number(a.id) - Number(b.id);
  const out = before.map((d) => ({ ...d }));
  for (const r of receipts) {
    const latest = out.filter((d) => d.kind === r.kind).sort(byOrder).at(-1);
    if (latest) latest.receivedOn = r.receivedOn ?? null;
  }
  inserted.forEach((d, i) =>
    out.push({ id: ids[i], kind: d.kind, body: d.body, signedOn: d.signedOn, receivedOn: d.receivedOn ?? null, outcome: d.outcome }),
  );
  return out.sort(byOrder);
}

/** A request's idempotency key with the hash of its body (keys are the HTTP users'). */
interface IdempotencyKey {
  userId: string;
  key: string;
  hash: string;
}

/** A stored answer given again: a refusal as it was first given (code, message, every rule), a success with its version. */
function replay(stored: StoredResponse, caseId: string, currentVersion: number): CommandResult {
  if (stored.status !== 200) {
    const { code, message, ...problem } = stored.body as { code: string; message: string } & Record<string, unknown>;
    throw new CaseError(code, message, { ...problem, replayed: true });
  }
  return { status: stored.status, caseId, version: (stored.body as { version?: number })?.version ?? currentVersion };
}
