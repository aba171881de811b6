import { type LocalDate } from '../dates.js';
import { getTimer, type TimerId } from '../deadlines/timers.js';
import { type CaseEvent } from '../events/case-event.event.js';
import { type OrgSettings } from '../rules/org-settings.js';
import { type Bilingual, type RuleFailure, type RuleResult } from '../rules/rule.types.js';
import { type Intent } from './admission.types.js';
import { applyEvent, type CaseSnapshot, InvalidEventError } from './case-engine.js';

/**
 * Replaying a case's log (procedure.md §6.6, I-13): a correction re-judges the case as if the
 * corrected act had been recorded. Pure: the acts come in recording order with their own date,
 * recording date and settings; deadline arithmetic is passed in (the calendar lives outside).
 *
 * The engine's own acts are never replayed from the log: they are re-derived from the dates.
 * - A timer that opens a step (milestone: probation end) or closes a window (removal complaint)
 *   fires before the first act whose `recordedOn` reaches its moment, as the worker would have
 *   fired it (the lifecycle passes the act's own date: the firing is derived from the dates).
 *   After the last act it fires only where the stored log already shows that same firing (the
 *   worker did it); a firing the corrected dates newly bring into the past is left to the worker.
 * - A missed deadline (kind `deadline`) is judged by the date of the act that met it: on time when
 *   that act is dated on or before the due date (or the extension granted), missed otherwise, and
 *   missed when nothing has met it by today (PROC-DEADLINES; an act done before its due date never
 *   opens a violation).
 */
export interface ReplayAct {
  /** Position in the log (the seq of the act, or of the act a correction replaces). */
  seq: number;
  event: CaseEvent;
  /** The act's own date (the measuring date); the recording date when it has none. */
  asOf: LocalDate;
  /** The date the engine's firings before this act are measured against (its own date, or when it was recorded). */
  recordedOn: LocalDate;
  settings: OrgSettings;
}

export interface ReplayDueDate {
  due: LocalDate | null;
  extendedDue: LocalDate | null;
}

export interface ReplayOptions {
  today: LocalDate;
  /** Due dates of a timer started on a date (the deadline planner's arithmetic). */
  compute(timerId: TimerId, start: LocalDate, opts: { abroad?: boolean; level?: 'central'; estimated?: boolean }): ReplayDueDate;
  /** Extensions granted on stored deadlines, by key: kept while the due date they extended stands. */
  extensions?: Readonly<Record<string, { due: LocalDate | null; to: LocalDate }>>;
  /** Engine firings the stored log holds, as `key|dueDate`. */
  storedFirings?: ReadonlySet<string>;
}

export interface ReplayDeadline {
  key: string;
  timerId: TimerId;
  start: LocalDate;
  abroad?: boolean;
  level?: 'central';
  estimated?: boolean;
  due: LocalDate | null;
  extendedDue: LocalDate | null;
  extendedTo?: LocalDate;
  /** met: the act it waits for was recorded (metOn, its date); cancelled: the timer no longer applies. */
  status: 'pending' | 'fired' | 'met' | 'cancelled';
  metOn?: LocalDate;
}

export interface ReplayViolation {
  ruleId: string;
  step: string;
  dueDate: LocalDate | null;
  actualDate: LocalDate | null;
  reason?: Bilingual;
  details?: Record<string, unknown>;
}

export interface ReplayedAct {
  seq: number;
  asOf: LocalDate;
  snapshot: CaseSnapshot;
  intents: Intent[];
  ruleResults: RuleResult[];
}

export interface ReplayFiring {
  /** The act the firing came before (null: after the last act). */
  beforeSeq: number | null;
  key: string;
  timerId: TimerId;
  dueDate: LocalDate;
}

export type ReplayOutcome =
  | {
      ok: true;
      snapshot: CaseSnapshot;
      acts: ReplayedAct[];
      firings: ReplayFiring[];
      deadlines: Record<string, ReplayDeadline>;
      violations: ReplayViolation[];
      /** The date of the act (or firing) that closed the case; null while it is open. */
      closedOn: LocalDate | null;
    }
  | { ok: false; seq: number; type: string; failures: RuleFailure[]; invalid?: string };

const FIRES_AS_EVENT = new Set(['milestone', 'window']);
const vkey = (ruleId: string, step: string) => `${ruleId}|${step}`;

export function replayLog(initial: CaseSnapshot, acts: readonly ReplayAct[], options: ReplayOptions): ReplayOutcome {
  let snapshot = initial;
  const deadlines: Record<string, ReplayDeadline> = {};
  const violations = new Map<string, ReplayViolation>();
  const firings: ReplayFiring[] = [];
  const replayed: ReplayedAct[] = [];
  let closedOn: LocalDate | null = null;

  const limitOf = (d: ReplayDeadline): LocalDate | null => d.extendedTo ?? d.due;
  const dueDates = (): Record<string, LocalDate> => {
    const out: Record<string, LocalDate> = {};
    for (const d of Object.values(deadlines)) {
      const limit = limitOf(d);
      if (d.status === 'pending' && limit) out[d.key] = limit;
    }
    return out;
  };
  /** A deadline leaves the pending set on `on`: missed when that is after its limit. */
  const leave = (d: ReplayDeadline, on: LocalDate) => {
    const limit = limitOf(d);
    if (getTimer(d.timerId).kind !== 'deadline' || !limit || on <= limit) return;
    if (!violations.has(vkey('PROC-DEADLINES', d.key))) {
      violations.set(vkey('PROC-DEADLINES', d.key), { ruleId: 'PROC-DEADLINES', step: d.key, dueDate: limit, actualDate: on, details: { timerId: d.timerId } });
    }
  };
  const carryOut = (intents: readonly Intent[], asOf: LocalDate) => {
    for (const i of intents) {
      if (i.type === 'scheduleDeadline') {
        const previous = deadlines[i.key];
        if (previous?.status === 'pending') leave(previous, asOf);
        const abroad = i.variant === 'abroad' ? true : undefined;
        const level = i.variant === 'central' ? ('central' as const) : undefined;
        const c = options.compute(i.timerId, i.start, { abroad, level, estimated: i.estimated });
        const ext = options.extensions?.[i.key];
        deadlines[i.key] = {
          key: i.key,
          timerId: i.timerId,
          start: i.start,
          ...(abroad ? { abroad } : {}),
          ...(level ? { level } : {}),
          ...(i.estimated ? { estimated: true } : {}),
          due: c.due,
          extendedDue: c.extendedDue,
          ...(ext && ext.due === c.due && c.extendedDue && ext.to <= c.extendedDue ? { extendedTo: ext.to } : {}),
          status: 'pending',
        };
      } else if (i.type === 'cancelDeadline') {
        const d = deadlines[i.key];
        if (!d || d.status === 'cancelled' || d.status === 'met') continue;
        if (d.status === 'pending') leave(d, asOf);
        if (i.metOn) {
          d.status = 'met';
          d.metOn = i.metOn;
        } else d.status = 'cancelled';
      } else if (i.type === 'openViolation') {
        const k = vkey(i.ruleId, i.step);
        const due = i.ruleId === 'PROC-DEADLINES' ? (deadlines[i.step] ? limitOf(deadlines[i.step]!) : null) : null;
        if (!violations.has(k)) violations.set(k, { ruleId: i.ruleId, step: i.step, dueDate: due, actualDate: asOf, ...(i.reason ? { reason: i.reason } : {}) });
      } else if (i.type === 'closeViolation') {
        violations.delete(vkey(i.ruleId, i.step));
      }
    }
  };
  const closeIfDone = (on: LocalDate) => {
    if (snapshot.status !== 'done' || closedOn) return;
    closedOn = on;
    // A closed case keeps no timer running (as the lifecycle does after a final state).
    for (const d of Object.values(deadlines)) {
      if (d.status !== 'pending') continue;
      leave(d, on);
      d.status = 'cancelled';
    }
  };
  /** The worker's firings whose moment came before `horizon` (or, at the end, those stored). */
  const fireUpTo = (horizon: LocalDate, beforeSeq: number | null, settings: OrgSettings) => {
    for (;;) {
      const next = Object.values(deadlines)
        .filter((d) => {
          const limit = limitOf(d);
          const kind = getTimer(d.timerId).kind;
          if (d.status !== 'pending' || !limit || !FIRES_AS_EVENT.has(kind)) return false;
          if (!(kind === 'milestone' ? limit <= horizon : limit < horizon)) return false;
          return beforeSeq !== null || options.storedFirings?.has(`${d.key}|${limit}`) === true;
        })
        .sort((a, b) => (limitOf(a)! < limitOf(b)! ? -1 : 1))[0];
      if (!next) return;
      const dueDate = limitOf(next)!;
      next.status = 'fired';
      const event = { type: 'deadline.fired', timerId: next.timerId, key: next.key, dueDate } as CaseEvent;
      const env = { asOf: dueDate, today: options.today, settings, dueDates: dueDates() };
      const r = applyEvent(snapshot, event, env);
      if (!r.accepted) continue; // the machine no longer takes it: the live worker logs and moves on
      snapshot = r.snapshot;
      firings.push({ beforeSeq, key: next.key, timerId: next.timerId, dueDate });
      carryOut(r.intents, dueDate);
      closeIfDone(dueDate);
    }
  };

  for (const act of acts) {
    fireUpTo(act.recordedOn, act.seq, act.settings);
    let r;
    try {
      // Judged at its own date; "today" is the day of the correction (PROC-DATES: never after it).
      const env = { asOf: act.asOf, today: options.today, settings: act.settings, dueDates: dueDates() };
      r = applyEvent(snapshot, act.event, env);
    } catch (err) {
      if (err instanceof InvalidEventError) return { ok: false, seq: act.seq, type: act.event.type, failures: [], invalid: err.message };
      throw err;
    }
    if (!r.accepted) return { ok: false, seq: act.seq, type: act.event.type, failures: r.failures };
    snapshot = r.snapshot;
    carryOut(r.intents, act.asOf);
    replayed.push({ seq: act.seq, asOf: act.asOf, snapshot, intents: r.intents, ruleResults: r.ruleResults });
    closeIfDone(act.asOf);
  }
  const last = acts.at(-1);
  fireUpTo(options.today, null, last?.settings ?? snapshot.context.settings);
  // Nothing met a deadline by today: it is missed (the worker opens it the day after the due date).
  for (const d of Object.values(deadlines)) {
    const limit = limitOf(d);
    if (d.status === 'pending' && limit && getTimer(d.timerId).kind === 'deadline' && limit < options.today && !violations.has(vkey('PROC-DEADLINES', d.key))) {
      violations.set(vkey('PROC-DEADLINES', d.key), { ruleId: 'PROC-DEADLINES', step: d.key, dueDate: limit, actualDate: null, details: { timerId: d.timerId } });
    }
  }
  return { ok: true, snapshot, acts: replayed, firings, deadlines, violations: [...violations.values()], closedOn };
}
