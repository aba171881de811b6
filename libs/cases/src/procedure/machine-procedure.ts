import { Injectable } from '@nestjs/common';
import {
  DEFAULT_ORG_SETTINGS,
  EVENT_SCHEMAS,
  InvalidEventError,
  MACHINE_VERSION,
  acceptsAfterClose,
  applyEvent,
  caseOutcome,
  checklist as machineChecklist,
  createInitialSnapshot,
  isCaseEventType,
  isLocalDate,
  migrateSnapshot,
  renderStateDiagram,
  stagePaths,
  type AdmissionInput,
  type CaseEvent,
  type CaseSnapshot,
  type EducationLevel,
  type LocalDate,
  type OrgProfile,
  type OrgSettings,
  type PersonFacts,
  type RuleResult,
} from '#procedure';
import type { DeadlineIntent } from '../deadlines/deadline-planner.js';
import type { CaseOpening, Checklist, DecisionRecordRow, EngineResult, ProcedureEnv, ProcedurePort, VoteRecordRow } from '../ports.js';

/** The Mermaid state diagram, generated from the machine definition. */
export const PROCEDURE_DIAGRAM = (): string => renderStateDiagram();

const EDUCATION: Record<string, EducationLevel> = {
  literacyOnly: 'literate',
  primary: 'primary',
  lowerSecondary: 'lowerSecondary',
  upperSecondary: 'upperSecondaryOrHigher',
  college: 'upperSecondaryOrHigher',
  university: 'upperSecondaryOrHigher',
  postgraduate: 'upperSecondaryOrHigher',
};

const FINAL_OUTCOMES = new Set(['fullMember', 'notAdmitted', 'withdrawn', 'removedFromSympathiserList', 'cancelled', 'removed']);

/** The coarse stage a state value is in, for lists and boards (the full paths stay in `state`). */
export function stageOf(paths: string[]): string {
  const first = paths[0] ?? '';
  const seg = first.split('.');
  if (seg[0] === 'candidacy' || seg[0] === 'decided' || seg[0] === 'membership') {
    if (seg[0] === 'membership') return seg[1] === 'recognition' ? 'recognition' : 'probation';
    if (seg[0] === 'decided') return 'awaitingCeremony';
    return seg[1] ?? 'identified';
  }
  return seg[0] ?? 'unknown';
}

/** The ProcedurePort over libs/procedure's pure engine. */
@Injectable()
export class MachineProcedure implements ProcedurePort {
  readonly machineVersion = MACHINE_VERSION;

  open(opening: CaseOpening & { caseId: string }) {
    const p = opening.person;
    const overrides = Object.fromEntries(Object.entries(opening.candidate ?? {}).filter(([, v]) => v !== undefined)) as Partial<PersonFacts>;
    const person: PersonFacts = {
      fullName: String(p.full_name),
      birthDate: toDate(p.birth_date),
      vietnameseCitizen: overrides.vietnameseCitizen ?? true,
      education: EDUCATION[String(p.education_level)] ?? 'none',
      gender: p.sex === 'female' ? 'female' : 'male',
      ethnicity: typeof p.ethnicity === 'string' ? p.ethnicity : undefined,
      occupation: typeof p.occupation === 'string' ? p.occupation : undefined,
      businessOwner: p.occupation === 'businessOwner',
      ...(p.religion ? { religion: { name: String(p.religion), stateRecognised: true } } : {}),
      ...overrides,
    };
    const o = opening.org;
    const organisation: OrgProfile = {
      organisationId: String(o.id),
      hasSubBase: Boolean(o.has_sub_base),
      isBaseCell: o.kind === 'baseCell',
      youthUnionExists: o.youth_union_exists !== false,
      tradeUnionExists: o.trade_union_exists !== false,
      delegatedBase: o.competent_kind === 'delegatedBaseCommittee',
      competentBody: {
        id: String(o.competent_id ?? o.id),
        kind: o.competent_kind === 'delegatedBaseCommittee' ? 'delegatedBaseCommittee' : o.competent_kind === 'provincialStandingMembers' ? 'provincialStanding' : o.competent_kind === 'specialCentralRules' ? 'armedForces' : 'upperStandingCommittee',
      },
      ...(o.upper_standing_id ? { upperStandingCommitteeId: String(o.upper_standing_id) } : {}),
    };
    const input: AdmissionInput = {
      caseId: opening.caseId,
      person,
      organisation,
      variant: (opening.variant ?? {}) as AdmissionInput['variant'],
      identifiedOn: opening.openedOn,
    };
    const snapshot = createInitialSnapshot(input);
    const paths = stagePaths(snapshot.value);
    return { snapshot, state: paths.join(','), stage: stageOf(paths), deadlines: [] as DeadlineIntent[] };
  }

  apply(snapshot: unknown, event: { type: string } & Record<string, unknown>, env: ProcedureEnv): EngineResult {
    if (!isCaseEventType(event.type)) return { accepted: false, reason: 'invalid', failures: [], message: 'unknown event type' };
    let result;
    try {
      result = applyEvent(snapshot as CaseSnapshot, event as unknown as CaseEvent, this.env(env));
    } catch (err) {
      if (err instanceof InvalidEventError) return { accepted: false, reason: 'invalid', failures: [], message: err.message };
      throw err;
    }
    if (!result.accepted) {
      const onlyOrder = result.failures.length > 0 && result.failures.every((f) => f.id === 'PROC-ORDER');
      return { accepted: false, reason: onlyOrder ? 'notAllowed' : 'rules', failures: result.failures };
    }
    const next = result.snapshot;
    const paths = stagePaths(next.value);
    const done = next.status === 'done';
    const deadlines: DeadlineIntent[] = [];
    const notifications: { to: string; template: string }[] = [];
    const violations: { ruleId: string; step: string; details?: Record<string, unknown> }[] = [];
    const resolved: { ruleId: string; step: string }[] = [];
    for (const i of result.intents) {
      if (i.type === 'scheduleDeadline') deadlines.push({ kind: 'schedule', key: i.key, timerId: i.timerId, start: i.start, abroad: i.variant === 'abroad', level: i.variant === 'central' ? 'central' : undefined, estimated: i.estimated });
      else if (i.type === 'cancelDeadline') deadlines.push({ kind: 'cancel', key: i.key, ...(i.metOn ? { metOn: i.metOn } : {}) });
      else if (i.type === 'notify') notifications.push({ to: i.to, template: i.template });
      else if (i.type === 'openViolation') violations.push({ ruleId: i.ruleId, step: i.step, details: i.reason ? { reason: i.reason } : {} });
      else if (i.type === 'closeViolation') resolved.push({ ruleId: i.ruleId, step: i.step });
    }
    if (done) {
      // A closed case keeps no timer running.
      for (const key of Object.keys((snapshot as CaseSnapshot).context.openDeadlines ?? {})) {
        if (!deadlines.some((d) => d.key === key)) deadlines.push({ kind: 'cancel', key });
      }
    }
    const finalName = paths[0]?.split('.')[0] ?? '';
    return {
      accepted: true,
      snapshot: next,
      state: paths.join(','),
      stage: stageOf(paths),
      closed: done,
      outcome: done ? (caseOutcome(next) ?? (FINAL_OUTCOMES.has(finalName) ? finalName : paths[0])) : undefined,
      ruleResults: result.ruleResults,
      deadlines,
      notifications,
      violations,
      resolvedViolations: resolved,
    };
  }

  checklist(snapshot: unknown, env: ProcedureEnv): Checklist {
    const c = machineChecklist(snapshot as CaseSnapshot, this.env(env));
    // Engine-only events (deadline.fired) are no user's to post: the checklist offers users none of them.
    const offered = c.events.filter((e) => !this.engineOnly(e.type));
    return {
      asOf: c.asOf,
      stage: c.stage,
      allowed: offered.filter((e) => e.allowed).map((e) => e.type),
      blocked: offered
        .filter((e) => !e.allowed && e.blockedBy.some((f) => f.id !== 'PROC-ORDER'))
        .map((e) => ({ type: e.type, failures: e.blockedBy })),
      nextSteps: c.nextSteps,
      requirements: c.nextSteps.flatMap((s) =>
        s.requirements
          .filter((r) => r.status !== 'notApplicable')
          .map((r) => ({
            id: r.id,
            step: s.type,
            label: { vi: r.vi, en: r.en },
            status: r.status as 'passed' | 'missing' | 'failed',
            blocking: r.blocking,
            citation: r.citation,
            ...(r.reason ? { reason: r.reason } : {}),
          })),
      ),
    };
  }

  facts(snapshot: unknown): Record<string, unknown> {
    const s = snapshot as CaseSnapshot;
    const f = s.context?.facts;
    if (!f) return {};
    const e = f.evidence;
    return {
      ...f,
      decisionDate: e.decision?.signedOn,
      ceremonyDate: e.ceremony?.heldOn,
      recognitionDate: e.recognitionDecision?.effectiveOn,
      openDeadlines: s.context.openDeadlines,
    };
  }

  /**
   * Engine-only events: the events contract names SYSTEM as the acting body and no user role
   * (deadline.fired). No user may send one, administrators included; only the worker's own path
   * (applySystemEvent) applies them. case.imported is SYSTEM-acted but recorded by an administrator.
   */
  engineOnly(type: string): boolean {
    return isCaseEventType(type) && EVENT_SCHEMAS[type].body === 'SYSTEM' && EVENT_SCHEMAS[type].roles.every((r) => r === 'system');
  }

  rolesFor(type: string): string[] | undefined {
    return isCaseEventType(type) ? [...EVENT_SCHEMAS[type].roles] : undefined;
  }

  actingBody(type: string): string | undefined {
    return isCaseEventType(type) ? EVENT_SCHEMAS[type].body : undefined;
  }

  /** The legal date of an event: the vote's meeting date, else its first date field in schema order. */
  eventDate(event: Record<string, unknown>): LocalDate | undefined {
    const vote = event.vote as { meetingDate?: unknown } | undefined;
    if (vote && isLocalDate(vote.meetingDate) && !String(event.type).startsWith('decision.')) return vote.meetingDate;
    const type = String(event.type);
    if (!isCaseEventType(type)) return undefined;
    for (const f of EVENT_SCHEMAS[type].fields) {
      if (f.type === 'date' && isLocalDate(event[f.name])) return event[f.name] as LocalDate;
    }
    return undefined;
  }

  migrate(snapshot: unknown, fromVersion: number): unknown {
    return migrateSnapshot(snapshot, fromVersion);
  }

  acceptsAfterClose(snapshot: unknown, type: string): boolean {
    if (!isCaseEventType(type)) return false;
    const s = snapshot as CaseSnapshot;
    return acceptsAfterClose(s.machineVersion === MACHINE_VERSION ? s : migrateSnapshot(s, s.machineVersion), type);
  }

  recordsOf(event: Record<string, unknown>, ruleResults: RuleResult[]): { votes: VoteRecordRow[]; decisions: DecisionRecordRow[] } {
    const type = String(event.type);
    const votes: VoteRecordRow[] = [];
    const decisions: DecisionRecordRow[] = [];
    const vote = event.vote as { motion: VoteRecordRow['motion']; meetingDate: LocalDate; eligible: number; for: number; against: number; rosterEligible?: number; mismatchReason?: string } | undefined;
    const body = type.startsWith('cell.') ? 'CELL' : type.startsWith('base.') ? 'BASE' : type.startsWith('decision.') ? 'COMPETENT' : null;
    const voteRule = body === 'CELL' ? 'PROC-CELL-VOTE' : body === 'BASE' ? 'PROC-BASE-VOTE' : 'PROC-COMPETENT-VOTE';
    const r = ruleResults.find((x) => x.id === voteRule);
    if (vote && body) {
      votes.push({
        body,
        motion: vote.motion,
        meetingDate: vote.meetingDate,
        eligible: vote.eligible,
        for: vote.for,
        against: vote.against,
        required: r && typeof r.facts.required === 'number' ? r.facts.required : null,
        passed: r ? r.passed : vote.for * 2 > vote.eligible,
        rosterEligible: vote.rosterEligible,
        mismatchReason: vote.mismatchReason,
      });
    }
    const kinds: Record<string, DecisionRecordRow['kind']> = {
      'decision.admissionSigned': 'admission',
      'decision.recognitionSigned': 'recognition',
      'decision.removalSigned': 'removal',
      'decision.cancelled': 'cancellation',
    };
    const kind = kinds[type];
    if (kind) {
      const signedOn = (isLocalDate(event.signedOn) ? event.signedOn : this.eventDate(event)) as LocalDate;
      const passed = votes[0]?.passed ?? true;
      decisions.push({
        kind,
        body: 'COMPETENT',
        number: typeof event.decisionNo === 'string' ? event.decisionNo : undefined,
        signedOn,
        receivedOn: isLocalDate(event.receivedByCellOn) ? event.receivedByCellOn : isLocalDate(event.receivedOn) ? event.receivedOn : undefined,
        outcome: kind === 'cancellation' ? 'cancelled' : passed ? (kind === 'removal' ? 'removed' : kind === 'recognition' ? 'recognised' : 'admitted') : 'refused',
      });
    }
    // The receipt updates the decision row in the same transition (the signing wrote it).
    const receipts: Record<string, DecisionRecordRow['kind']> = { 'decision.receivedByCell': 'admission', 'removal.decisionReceived': 'removal' };
    if (receipts[type] && isLocalDate(event.receivedOn))
      decisions.push({ kind: receipts[type], body: 'COMPETENT', signedOn: event.receivedOn, receivedOn: event.receivedOn, outcome: '', receipt: true });
    if (type === 'case.imported') decisions.push(...importedDecisions(event.evidence));
    return { votes, decisions };
  }

  private env(env: ProcedureEnv) {
    return { asOf: env.asOf, ...(env.today ? { today: env.today } : {}), settings: (env.settings as OrgSettings | undefined) ?? DEFAULT_ORG_SETTINGS, dueDates: env.dueDates };
  }
}

/**
 * The decisions an import brings (the admission and the recognition signed before go-live): kept
 * like decisions recorded live, so reports by decision date count imported members in the year
 * they were admitted or recognised (a case imported at probation was admitted in its decision's year).
 */
function importedDecisions(evidence: unknown): DecisionRecordRow[] {
  if (typeof evidence !== 'object' || evidence === null) return [];
  const e = evidence as { decision?: Record<string, unknown>; recognitionDecision?: Record<string, unknown> };
  const out: DecisionRecordRow[] = [];
  const add = (d: Record<string, unknown> | undefined, kind: 'admission' | 'recognition') => {
    if (!d || !isLocalDate(d.signedOn)) return;
    out.push({
      kind,
      body: 'COMPETENT',
      number: typeof d.decisionNo === 'string' ? d.decisionNo : undefined,
      signedOn: d.signedOn,
      receivedOn: isLocalDate(d.receivedOn) ? d.receivedOn : undefined,
      outcome: kind === 'admission' ? 'admitted' : 'recognised',
    });
  };
  add(e.decision, 'admission');
  add(e.recognitionDecision, 'recognition');
  return out;
}

function toDate(v: unknown): LocalDate {
  if (v instanceof Date) return v.toISOString().slice(0, 10) as LocalDate;
  return String(v).slice(0, 10) as LocalDate;
}
