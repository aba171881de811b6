import { type CaseEvent, type EventSpec, eventPayloadJsonSchema, parseCaseEvent } from '#procedure';

/**
 * The HTTP edge of an event body: checked against the procedure's one event schema (zod, in
 * libs/procedure/src/events/event-schema.ts), the same check the engine makes, before anything
 * else touches the body. The OpenAPI document shows the JSON Schema derived from it.
 */
export interface FieldError {
  field: string;
  messages: string[];
}

/** Validate a raw command body; returns the event as sent or the field errors (400). */
export function validateEventBody(body: unknown): { ok: true; event: CaseEvent } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '', messages: ['Nội dung phải là một đối tượng JSON / the body must be a JSON object'] }] };
  }
  const parsed = parseCaseEvent(body);
  if (parsed.ok) return { ok: true, event: parsed.event };
  if (parsed.issues.some((i) => i.path === 'type')) {
    return {
      ok: false,
      errors: [{ field: 'type', messages: ['Loại sự kiện không có trong quy trình; xem GET /api/v1/procedure/events / unknown event type; see GET /api/v1/procedure/events'] }],
    };
  }
  // One entry per field, its messages in the order found.
  const byField = new Map<string, string[]>();
  for (const issue of parsed.issues) byField.set(issue.path, [...(byField.get(issue.path) ?? []), `${issue.vi} / ${issue.en}`]);
  return { ok: false, errors: [...byField].map(([field, messages]) => ({ field, messages })) };
}

/** JSON Schema of one event's payload, for the OpenAPI document (z.toJSONSchema of its definition). */
export function eventJsonSchema(spec: EventSpec): Record<string, unknown> {
  return eventPayloadJsonSchema(spec.type, { openapi: true });
}
