import { type LocalDate } from '../dates.js';
import { type CaseEvent, type CaseEventType, type TimerId } from '../events/case-event.event.js';
import { EVENT_SCHEMAS, type FieldSpec } from '../events/event-schema.js';
import { type CaseFacts, currentHelper } from '../rules/case-facts.js';

interface ProbeContext {
  type: CaseEventType;
  facts: CaseFacts;
  asOf: LocalDate;
  openDeadlines: Readonly<Record<string, TimerId>>;
}

function motionFor(ctx: ProbeContext): string {
  switch (ctx.type) {
    case 'cell.admissionVoted':
    case 'base.admissionVoted':
    case 'decision.admissionSigned':
      return 'admit';
    case 'decision.removalSigned':
      return 'remove';
    case 'decision.recognitionSigned':
      return 'recognise';
    default:
      return ctx.facts.evidence.recognitionMotion ?? 'recognise';
  }
}

function special(field: FieldSpec, ctx: ProbeContext): unknown {
  const e = ctx.facts.evidence;
  const firstOpen = Object.entries(ctx.openDeadlines)[0];
  switch (field.name) {
    case 'vote':
      return { motion: motionFor(ctx), meetingDate: ctx.asOf, eligible: 3, for: 3, against: 0, roll: 3 };
    case 'decidedBy':
      // decision.cancelled names the deciding person as text; the decisions name the body.
      if (field.type === 'string') return 'probe';
      return ctx.facts.person.businessOwner && ctx.facts.org.upperStandingCommitteeId
        ? { id: ctx.facts.org.upperStandingCommitteeId, kind: 'upperStandingCommittee' }
        : ctx.facts.org.competentBody;
    case 'helper':
      return { memberId: 'probe', name: 'probe', memberStatus: 'full' };
    case 'requestId':
      return e.checks.find((c) => !c.answeredOn)?.requestId ?? 'probe';
    case 'replacedIntroducerId':
      return e.introducers.find((i) => i.active && i.kind === 'member')?.introducerId ?? 'probe';
    case 'helperId':
      return currentHelper(ctx.facts)?.memberId ?? 'probe';
    case 'timerId':
      return firstOpen?.[1] ?? 'probationEnd';
    case 'key':
      return firstOpen?.[0];
    case 'oathRead':
      return true;
    case 'evidence':
      return {};
    case 'receivedOn':
      return ctx.asOf;
    default:
      return undefined;
  }
}

function value(field: FieldSpec, ctx: ProbeContext): unknown {
  const s = special(field, ctx);
  if (s !== undefined) return s;
  if (!field.required) return undefined;
  switch (field.type) {
    case 'date':
      return ctx.asOf;
    case 'integer':
      return Math.max(field.min ?? 0, 1);
    case 'string':
      return 'probe';
    case 'boolean':
      return false;
    case 'enum':
      return field.values?.[0];
    case 'object':
      return Object.fromEntries((field.fields ?? []).map((f) => [f.name, value(f, ctx)]).filter(([, v]) => v !== undefined));
    case 'array':
      return [];
  }
}

/**
 * A plausible event of a type, dated `asOf`, with payload values that pass payload-only checks.
 * The checklist evaluates it to tell what the case facts still block.
 */
export function probeEvent(type: CaseEventType, facts: CaseFacts, asOf: LocalDate, openDeadlines: Readonly<Record<string, TimerId>>): CaseEvent {
  const ctx: ProbeContext = { type, facts, asOf, openDeadlines };
  const payload: Record<string, unknown> = { type };
  for (const field of EVENT_SCHEMAS[type].fields) {
    const v = value(field, ctx);
    if (v !== undefined) payload[field.name] = v;
  }
  return payload as CaseEvent;
}
