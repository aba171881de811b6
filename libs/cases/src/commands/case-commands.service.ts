import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ClockService, Metrics, inSpan } from '#platform';
import { committeeVoteDenominator, isLocalDate, localDateInVietnam, validateCaseOpening, type LocalDate } from '#procedure';
import { CalendarStore } from '../calendar/calendar.store.js';
import { ARM_TOPIC, DeadlinePlanner, type DeadlineIntent } from '../deadlines/deadline-planner.js';
import { CASE_ERRORS, CaseError, notFound } from '../errors.js';
import { CaseRepository, type CaseRow } from '../persistence/case.repository.js';
import { AccessService, RosterService, type Role } from '#orgs';
import { ComplianceService } from '#reports';
import { PROCEDURE_PORT, type Actor, type EngineResult, type ProcedurePort } from '../ports.js';
import { IdempotencyStore, requestHash, type StoredResponse } from './idempotency.js';
import { message } from '#messages';
import { recordRequestAudit } from '#audit';

export interface CommandResult {
  status: number;
  caseId: string;
  version: number;
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
  private readonly idempotency: IdempotencyStore;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly calendars: CalendarStore,
    private readonly clock: ClockService,
    @Inject(PROCEDURE_PORT) private readonly procedure: ProcedurePort,
    private readonly access: AccessService,
    private readonly compliance: ComplianceService,
    private readonly roster: RosterService,
    @Optional() private readonly metrics?: Metrics,
  ) {
    this.idempotency = new IdempotencyStore(db);
  }

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

  /** Apply one event with optimistic concurrency and optional idempotency. */
  async apply(actor: Actor, cmd: EventCommand): Promise<CommandResult> {
    const row = await this.cases.find(cmd.caseId);
    if (!row || !(await this.isVisible(actor, row.organisation_id))) throw notFound();
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

    const userKey = actor.userId ?? 'system';
    if (cmd.idempotencyKey) {
      const stored: StoredResponse | null = await this.idempotency.claim(userKey, row.id, cmd.idempotencyKey, requestHash(cmd.event));
      if (stored && stored.status !== 200) {
        // A stored refusal replays as it was first given: its code, message and every rule with reason and citation.
        const { code, message, ...problem } = stored.body as { code: string; message: string } & Record<string, unknown>;
        throw new CaseError(code, message, { ...problem, replayed: true });
      }
      if (stored) return { status: stored.status, caseId: row.id, version: (stored.body as { version?: number })?.version ?? row.version };
    }
    try {
      const result = await this.transition(actor, row, cmd);
      this.metrics?.transition(cmd.event.type, 'accepted');
      return result;
    } catch (err) {
      this.countRefusal(cmd.event.type, err);
      if (cmd.idempotencyKey) {
        if (err instanceof CaseError && (err.code === CASE_ERRORS.RULES_BLOCKED || err.code === CASE_ERRORS.EVENT_NOT_ALLOWED)) {
          // A refusal by the rules is a final answer for this request: replay it.
          await this.db.transaction((m) =>
            this.idempotency.complete(m, userKey, row.id, cmd.idempotencyKey!, { status: 422, body: { code: err.code, message: err.message, ...err.problem } }),
          );
        } else {
          await this.idempotency.release(userKey, row.id, cmd.idempotencyKey);
        }
      }
      throw err;
    }
  }

  private async transition(actor: Actor, row: CaseRow, cmd: EventCommand): Promise<CommandResult> {
    if (row.version !== cmd.expectedVersion) throw this.conflict(row.version);
    const decided = await inSpan('case.decide', { 'case.event': cmd.event.type }, () => this.decide(row, cmd.event, actor));
    return inSpan('case.transaction', { 'case.id': row.id, 'case.event': cmd.event.type }, () =>
      this.db.transaction(async (m) => {
        const version = await this.write(m, actor, row, cmd.expectedVersion, cmd.event, decided);
        if (cmd.idempotencyKey) {
          await this.idempotency.complete(m, actor.userId ?? 'system', row.id, cmd.idempotencyKey, { status: 200, body: { version } });
        }
        await recordRequestAudit(m); // the request's audit entry commits with the transition
        return { status: 200, caseId: row.id, version };
      }),
    );
  }

  /**
   * An event from the engine itself (a timer that opens a step), inside the caller's transaction so
   * that the deadline's state and the case event commit together. The case row is locked, so the
   * version read is the one written. Returns false when the machine does not take the event now.
   */
  async applySystemEvent(m: EntityManager, caseId: string, event: { type: string } & Record<string, unknown>): Promise<boolean> {
    const rows: CaseRow[] = await m.query(`SELECT * FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    const row = rows[0];
    if (!row || row.status === 'closed') return false;
    let decided: Decided;
    try {
      decided = await this.decide(row, event, { kind: 'system', userId: null });
    } catch (err) {
      if (err instanceof CaseError) {
        this.logger.warn({ msg: 'system event not taken', caseId, type: event.type, code: err.code });
        return false;
      }
      throw err;
    }
    await this.write(m, { kind: 'system', userId: null }, row, row.version, event, decided);
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
  private async decide(row: CaseRow, event: { type: string } & Record<string, unknown>, actor: Actor): Promise<Decided> {
    // A closed case takes only what the texts allow after the end (cancelling a wrongful admission or recognition).
    if (row.status === 'closed' && !this.procedure.acceptsAfterClose(row.snapshot, event.type))
      throw new CaseError(CASE_ERRORS.CLOSED, message('CASES.CASE_CLOSED'), { currentVersion: row.version });
    const today = await this.today();
    const asOf = this.procedure.eventDate(event) ?? today;
    const settings = await this.cases.orgSettings(row.organisation_id, asOf);
    let snapshot = row.snapshot;
    if (row.machine_version !== this.procedure.machineVersion) snapshot = this.procedure.migrate(snapshot, row.machine_version);
    const dueDates = await this.cases.dueDates(row.id);
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

  /** Everything the decision implies, written in one transaction (or none of it). */
  private async write(
    m: EntityManager,
    actor: Actor,
    row: CaseRow,
    expectedVersion: number,
    event: { type: string } & Record<string, unknown>,
    { result, asOf, today, roles, planner }: Decided,
  ): Promise<number> {
    const newVersion = await this.cases.updateSnapshot(m, row.id, expectedVersion, {
      snapshot: result.snapshot,
      state: result.state,
      stage: result.stage,
      closed: result.closed,
      outcome: result.outcome ?? null,
      closedOn: result.closed ? asOf : null,
      machineVersion: this.procedure.machineVersion,
      facts: this.procedure.facts(result.snapshot),
    });
    if (newVersion === null) throw this.conflict(await this.cases.currentVersion(row.id, m));
    const eventId = await this.cases.appendEvent(m, {
      caseId: row.id,
      seq: newVersion,
      type: event.type,
      payload: event,
      eventDate: this.procedure.eventDate(event) ?? null,
      actingBody: this.procedure.actingBody(event.type) ?? null,
      actorRole: roles[0] ?? null,
      recordedBy: actor.userId,
      stateBefore: row.state,
      stateAfter: result.state,
      ruleResults: result.ruleResults,
      machineVersion: this.procedure.machineVersion,
    });
    const records = this.procedure.recordsOf(event, result.ruleResults);
    for (const v of records.votes) await this.cases.insertVote(m, row.id, eventId, v);
    for (const d of records.decisions) await this.cases.insertDecision(m, row.id, eventId, d);
    if (planner) await this.applyDeadlines(m, row.id, planner, result.deadlines);
    for (const v of result.violations) {
      await this.cases.openViolation(m, {
        caseId: row.id,
        organisationId: row.organisation_id,
        ruleId: v.ruleId,
        step: v.step,
        responsible: null,
        dueDate: null,
        actualDate: asOf,
        details: v.details ?? {},
      });
    }
    for (const v of result.resolvedViolations) {
      await this.cases.resolveViolation(m, row.id, v.ruleId, v.step, `${event.type} ${asOf}`);
    }
    for (const n of result.notifications) {
      await m.query(`INSERT INTO outbox (topic, payload) VALUES ('notify', $1)`, [
        JSON.stringify({ caseId: row.id, seq: newVersion, dedupe: `case:${row.id}:${newVersion}:${n.template}:${n.to}`, ...n }),
      ]);
    }
    await this.cases.refreshNextDue(m, row.id, today);
    // The compliance catalogue runs as the case moves (procedure.md §4 flags; docs/reports.md).
    await this.compliance.checkCase(m, row.id, { actorUserId: actor.userId ?? undefined, today });
    return newVersion;
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
