import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ORG_SETTINGS } from '../rules/org-settings.js';
import { sampleEvents } from '../machine/testing/sample-events.js';
import { initialContext } from '../machine/admission.machine.js';
import { input } from '../machine/testing/case.fixture.js';
import { RECORDING_ROLES } from './case-event.event.js';
import { type CaseEvent } from './case-event.event.js';
import { canRecord, EVENT_SCHEMAS, EVENT_TYPES, eventPayloadJsonSchema, type FieldSpec, parseCaseEvent, type PayloadIssue } from './event-schema.js';

const issuesOf = (event: unknown): PayloadIssue[] => {
  const parsed = parseCaseEvent(event);
  return parsed.ok ? [] : parsed.issues;
};

describe('events contract', () => {
  it('names every event dot-namespaced camelCase with its acting body and roles', () => {
    expect(EVENT_TYPES).toHaveLength(49);
    for (const type of EVENT_TYPES) {
      expect(type).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
      const spec = EVENT_SCHEMAS[type];
      expect(spec.type).toBe(type);
      expect(spec.vi.length).toBeGreaterThan(5);
      expect(spec.roles.length).toBeGreaterThan(0);
    }
  });

  it('lets inspection record nothing, admin everything but the timer, imports only admin, the timer only the worker', () => {
    for (const type of EVENT_TYPES) {
      expect(canRecord(type, 'inspection')).toBe(false);
      expect(canRecord(type, 'admin')).toBe(type !== 'deadline.fired');
    }
    expect(EVENT_SCHEMAS['case.imported'].roles).toEqual(['admin']);
    expect(EVENT_SCHEMAS['deadline.fired'].roles).toEqual(['system']);
    for (const role of RECORDING_ROLES) if (role !== 'admin') expect(canRecord('case.imported', role)).toBe(false);
  });

  it('describes every field with a type, bilingual text and a length limit for strings', () => {
    const check = (f: FieldSpec) => {
      expect(f.vi.length).toBeGreaterThan(0);
      expect(f.en.length).toBeGreaterThan(0);
      if (f.type === 'string') expect(f.maxLength).toBeGreaterThan(0);
      if (f.type === 'enum') expect(f.values?.length).toBeGreaterThan(0);
      if (f.type === 'object') expect(f.fields?.length).toBeGreaterThan(0);
      (f.fields ?? []).forEach(check);
    };
    for (const type of EVENT_TYPES) EVENT_SCHEMAS[type].fields.forEach(check);
  });

  it('accepts every sample event of the tests and rejects malformed ones', () => {
    const samples = sampleEvents(initialContext(input()));
    const seen = new Set<string>();
    for (const { env: _env, ...event } of samples) {
      expect([event.type, issuesOf(event)]).toEqual([event.type, []]);
      seen.add(event.type);
    }
    expect(seen.size).toBeGreaterThan(35);
    expect(issuesOf({ type: 'nope' })[0]!.path).toBe('type');
    expect(issuesOf({ type: 'application.filed' })).toEqual([{ path: 'date', vi: 'Thiếu trường bắt buộc', en: 'Required field missing' }]);
    expect(issuesOf({ type: 'application.filed', date: '2025-01-01', extra: 1 })[0]!.path).toBe('extra');
    const badVote = issuesOf({ type: 'cell.admissionVoted', vote: { motion: 'maybe', meetingDate: '2025-10-06', eligible: 0, for: 1.5, against: 0 } });
    expect(badVote.map((i) => i.path)).toEqual(['vote.motion', 'vote.eligible', 'vote.for']);
    expect(issuesOf({ type: 'case.withdrawn', date: '2025-01-01', reason: 'x'.repeat(1001) })[0]!.en).toContain('1000');
    expect(DEFAULT_ORG_SETTINGS).toBeDefined();
  });

  it('takes null for an absent optional field, refuses empty strings and returns the event as given', () => {
    const event = { type: 'case.withdrawn', date: '2025-01-01', reason: null };
    const parsed = parseCaseEvent(event);
    expect(parsed).toEqual({ ok: true, event });
    expect(parsed.ok && parsed.event).toBe(event);
    expect(issuesOf({ type: 'case.withdrawn', date: '2025-01-01', reason: '' })).toEqual([{ path: 'reason', vi: 'Phải là chuỗi không rỗng', en: 'Must be a non-empty string' }]);
    expect(issuesOf({ type: 'case.imported', importedOn: '2025-01-01', stage: 'dossier', source: 's', evidence: { introducers: [{ introducerId: 'a', kind: 'member' }] } }).map((i) => i.path)).toContain(
      'evidence.introducers[0].date',
    );
  });

  it('gives the OpenAPI document the JSON Schema of the same definition', () => {
    const schema = eventPayloadJsonSchema('decision.removalSigned', { openapi: true }) as {
      title: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { enum?: string[]; format?: string; description?: string }>;
    };
    expect(schema.title).toBe('decision.removalSigned');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.type!.enum).toEqual(['decision.removalSigned']);
    expect(schema.required.sort()).toEqual(['decidedBy', 'decisionNo', 'signedOn', 'type', 'vote']);
    expect(schema.properties.receivedOn).toMatchObject({ type: 'string', format: 'date', description: 'Ngày đương sự nhận quyết định / Received by the person' });
    // No keywords of our own in the OpenAPI flavour: the description carries both languages.
    expect(JSON.stringify(schema)).not.toMatch(/"(vi|en)":/);
    // The descriptions the web's forms and the docs read come from the same definition.
    const fields = EVENT_SCHEMAS['decision.removalSigned'].fields;
    expect(fields.map((f) => [f.name, f.required])).toEqual([
      ['decisionNo', true],
      ['signedOn', true],
      ['vote', true],
      ['decidedBy', true],
      ['receivedOn', false],
    ]);
  });

  it('types events from the definitions', () => {
    const ok: CaseEvent = { type: 'application.filed', date: '2025-01-01' };
    // @ts-expect-error a required field of the definition is missing
    const missing: CaseEvent = { type: 'ceremony.held', heldOn: '2025-01-01', oathRead: true };
    expect([ok.type, missing.type]).toEqual(['application.filed', 'ceremony.held']);
  });
});
