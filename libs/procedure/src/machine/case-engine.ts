import { type AnyStateNode, type StateValue, transition } from 'xstate';
import { type LocalDate } from '../dates.js';
import { type CaseEvent, type CaseEventType } from '../events/case-event.event.js';
import { EVENT_SCHEMAS, EVENT_TYPES, type PayloadIssue, parseCaseEvent } from '../events/event-schema.js';
import { evaluateRule } from '../rules/rulebook.js';
import { type Bilingual, type Citation, type RuleFailure, type RuleId, type RuleKind, type RuleResult, toFailure } from '../rules/rule.types.js';
import { AFTER_CLOSE_EVENTS, admissionMachine, type CaseOutcome, initialContext, type StageMeta } from './admission.machine.js';
import { type AdmissionContext, type AdmissionInput, type EngineEnv, INTENT_TYPES, type Intent, MACHINE_VERSION } from './admission.types.js';
import { EVENT_RULES, evaluateEvent } from './event-rules.js';
import { probeEvent } from './probe-event.js';

/** The persisted form of a case: plain JSON (stored as jsonb). */
export interface CaseSnapshot {
  machineVersion: number;
  status: 'active' | 'done';
  value: StateValue;
  context: AdmissionContext;
}

export type ApplyResult =
  | { accepted: true; snapshot: CaseSnapshot; intents: Intent[]; ruleResults: RuleResult[] }
  | { accepted: false; failures: RuleFailure[]; ruleResults: RuleResult[] };

export class InvalidEventError extends Error {
  readonly code = 'EVENT.INVALID_PAYLOAD';
  constructor(readonly issues: PayloadIssue[]) {
    super(`Sự kiện không hợp lệ / invalid event: ${issues.map((i) => `${i.path}: ${i.en}`).join('; ')}`);
  }
}

export class SnapshotVersionError extends Error {
  readonly code = 'SNAPSHOT.UNSUPPORTED_VERSION';
  constructor(readonly version: unknown) {
    super(`Phiên bản trạng thái không hỗ trợ / unsupported snapshot version: ${String(version)}`);
  }
}

type MachineSnapshot = ReturnType<typeof admissionMachine.resolveState>;

function toCaseSnapshot(s: MachineSnapshot): CaseSnapshot {
  // A JSON round trip detaches the snapshot and drops undefined keys, so storing it is lossless.
  return JSON.parse(
    JSON.stringify({ machineVersion: MACHINE_VERSION, status: s.status === 'done' || outcomeOfValue(s.value) !== null ? 'done' : 'active', value: s.value, context: s.context }),
  ) as CaseSnapshot;
}

/** The outcome of the terminal stage a state value is in (StageMeta.outcome), or null while the case runs. */
function outcomeOfValue(value: StateValue): CaseOutcome | null {
  for (const node of activeNodes(value)) {
    const outcome = (node.meta as StageMeta | undefined)?.outcome;
    if (outcome) return outcome;
  }
  return null;
}

/**
 * How the case ended: every terminal path closes the case with an outcome (issue 16). Null while it
 * runs. A closed fullMember case whose recognition or admission is cancelled runs again (redo) or
 * ends as `cancelled`.
 */
export function caseOutcome(snapshot: CaseSnapshot): CaseOutcome | null {
  return outcomeOfValue(snapshot.value);
}

/** A closed case takes only what the texts allow after the end (AFTER_CLOSE_EVENTS) where its stage lists it. */
export function acceptsAfterClose(snapshot: CaseSnapshot, type: CaseEventType): boolean {
  return caseOutcome(snapshot) !== null && AFTER_CLOSE_EVENTS.includes(type) && activeNodes(snapshot.value).some((n) => n !== admissionMachine.root && ownEventsOf(n).has(type));
}

function restore(snapshot: CaseSnapshot): MachineSnapshot {
  if (snapshot.machineVersion !== MACHINE_VERSION) throw new SnapshotVersionError(snapshot.machineVersion);
  return admissionMachine.resolveState({ value: snapshot.value, context: snapshot.context });
}

export function createInitialSnapshot(input: AdmissionInput): CaseSnapshot {
  return toCaseSnapshot(admissionMachine.resolveState({ value: { candidacy: 'identified' }, context: initialContext(input) }));
}

/** The active state nodes of a state value, from the root down. */
/**
 * A stage's own event types (xstate builds `ownEvents` anew on every read; the machine's stages
 * never change, so each is read once). The checklist asks for every event type of every stage.
 */
const OWN_EVENTS = new WeakMap<AnyStateNode, ReadonlySet<string>>();
function ownEventsOf(node: AnyStateNode): ReadonlySet<string> {
  let set = OWN_EVENTS.get(node);
  if (!set) OWN_EVENTS.set(node, (set = new Set(node.ownEvents)));
  return set;
}

function activeNodes(value: StateValue): AnyStateNode[] {
  const out: AnyStateNode[] = [admissionMachine.root];
  const walk = (node: AnyStateNode, v: StateValue) => {
    if (typeof v === 'string') {
      const child = node.states[v];
      if (child) out.push(child);
      return;
    }
    for (const [key, sub] of Object.entries(v)) {
      const child = node.states[key];
      if (!child) continue;
      out.push(child);
      if (sub !== undefined) walk(child, sub as StateValue);
    }
  };
  walk(admissionMachine.root, value);
  return out;
}

/** Whether the current stage has a transition for the event type (guards aside). */
export function stageAccepts(snapshot: CaseSnapshot, type: CaseEventType): boolean {
  if (snapshot.status === 'done' || caseOutcome(snapshot) !== null) return acceptsAfterClose(snapshot, type);
  return activeNodes(snapshot.value).some((n) => ownEventsOf(n).has(type));
}

/** Dotted paths of the active leaf stages, e.g. ['candidacy.dossier.application.filed', ...]. */
export function stagePaths(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  return Object.entries(value).flatMap(([k, v]) => (v === undefined || (typeof v === 'object' && Object.keys(v).length === 0) ? [prefix + k] : stagePaths(v as StateValue, `${prefix}${k}.`)));
}

/**
 * Applies one event: refused with the failing rules, or accepted with the next snapshot, the
 * intents to carry out and every rule result. Pure: the same inputs give the same answer.
 */
export function applyEvent(snapshot: CaseSnapshot, event: CaseEvent, env: EngineEnv): ApplyResult {
  // The payload check of the one event schema; the environment the machine adds is not payload.
  const { env: _env, ...payload } = event as CaseEvent & { env?: unknown };
  const parsed = parseCaseEvent(payload);
  if (!parsed.ok) throw new InvalidEventError(parsed.issues);
  const current = restore(snapshot);
  const ctx = current.context;
  const accepts = stageAccepts(snapshot, event.type);
  const evaluation = evaluateEvent(ctx.facts, event, env, ctx.openDeadlines, accepts);
  if (evaluation.refusals.length > 0) return { accepted: false, failures: evaluation.refusals.map(toFailure), ruleResults: evaluation.results };
  const [next, actions] = transition(admissionMachine, current, { ...event, env });
  if (next === current) {
    // The stage has the event but no guarded transition matched (e.g. a transfer kind it cannot route).
    const order = evaluateRule('PROC-ORDER', ctx.facts, env.asOf, env.settings, { eventType: event.type, stateAccepts: false });
    return { accepted: false, failures: [toFailure(order)], ruleResults: [order] };
  }
  const intents = actions.filter((a) => (INTENT_TYPES as readonly string[]).includes(a.type)).map((a) => a.params as Intent);
  return { accepted: true, snapshot: toCaseSnapshot(next), intents, ruleResults: evaluation.results };
}

export type RequirementStatus = 'passed' | 'missing' | 'failed' | 'notApplicable';

export interface Requirement {
  id: RuleId;
  kind: RuleKind;
  blocking: boolean;
  status: RequirementStatus;
  vi: string;
  en: string;
  citation: Citation[];
  reason?: Bilingual;
}

export interface ChecklistEvent {
  type: CaseEventType;
  body: string;
  roles: readonly string[];
  allowed: boolean;
  blockedBy: RuleFailure[];
}

export interface ChecklistStep {
  type: CaseEventType;
  vi: string;
  en: string;
  requirements: Requirement[];
}

export interface Checklist {
  asOf: LocalDate;
  status: CaseSnapshot['status'];
  stages: string[];
  stage: { vi: string; en: string }[];
  events: ChecklistEvent[];
  nextSteps: ChecklistStep[];
}

function requirement(r: RuleResult): Requirement {
  const status: RequirementStatus = r.notApplicable ? 'notApplicable' : r.passed ? 'passed' : r.missing ? 'missing' : 'failed';
  const req: Requirement = { id: r.id, kind: r.kind, blocking: r.blocking, status, vi: r.vi, en: r.en, citation: r.citation };
  if (r.reason) req.reason = r.reason;
  return req;
}

/**
 * What the cell committee's checklist shows at `env.asOf`: for every event whether it may be
 * recorded now (or which rules block it), and the requirements of the next step.
 */
export function checklist(snapshot: CaseSnapshot, env: EngineEnv): Checklist {
  const ctx = snapshot.context;
  const events = EVENT_TYPES.map((type): ChecklistEvent => {
    const accepts = stageAccepts(snapshot, type);
    const probe = probeEvent(type, ctx.facts, env.asOf, ctx.openDeadlines);
    const evaluation = evaluateEvent(ctx.facts, probe, env, ctx.openDeadlines, accepts);
    const spec = EVENT_SCHEMAS[type];
    return { type, body: spec.body, roles: spec.roles, allowed: evaluation.refusals.length === 0, blockedBy: evaluation.refusals.map(toFailure) };
  });
  const metas = Object.values(restore(snapshot).getMeta() as Record<string, StageMeta | undefined>).filter((m): m is StageMeta => m !== undefined);
  const nextTypes = [...new Set(metas.map((m) => m.nextStep).filter((t): t is CaseEventType => t !== undefined))];
  const nextSteps = nextTypes.map((type): ChecklistStep => {
    const probe = probeEvent(type, ctx.facts, env.asOf, ctx.openDeadlines);
    // The dossier's next step is the cell vote: judge it as if the stage already allowed it.
    const evaluation = evaluateEvent(ctx.facts, probe, env, ctx.openDeadlines, true);
    const spec = EVENT_RULES[type];
    const shown = evaluation.results.filter((r) => r.id !== spec.vote && !(spec.flags ?? []).includes(r.id));
    return { type, vi: EVENT_SCHEMAS[type].vi, en: EVENT_SCHEMAS[type].en, requirements: shown.map(requirement) };
  });
  return {
    asOf: env.asOf,
    status: snapshot.status,
    stages: stagePaths(snapshot.value),
    stage: metas.map((m) => ({ vi: m.vi, en: m.en })),
    events,
    nextSteps,
  };
}

/** Upgrades a stored snapshot to MACHINE_VERSION (version 1 is the first: identity). */
export function migrateSnapshot(snapshot: unknown, fromVersion: number): CaseSnapshot {
  if (fromVersion !== 1) throw new SnapshotVersionError(fromVersion);
  const s = snapshot as Partial<CaseSnapshot> | null;
  if (!s || typeof s !== 'object' || s.value === undefined || !s.context) throw new SnapshotVersionError(fromVersion);
  // A terminal stage closes the case even where the stored status predates it (removed.closed, issue 16).
  const done = s.status === 'done' || outcomeOfValue(s.value) !== null;
  return { machineVersion: MACHINE_VERSION, status: done ? 'done' : 'active', value: s.value, context: s.context };
}
