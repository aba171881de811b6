import { EVENT_SCHEMAS, EVENT_TYPES, type FieldSpec } from './events/event-schema.js';
import { CODE_INTERPRETATIONS } from './interpretations.js';
import { EVENT_RULES } from './machine/event-rules.js';
import { renderStateDiagram } from './machine/state-diagram.js';
import { describeCitation } from './rules/define-rule.js';
import { RULES } from './rules/rulebook.js';

const GENERATED = '<!-- Generated from libs/procedure/src by docs-render.ts: do not edit; run `UPDATE_DOCS=1 npm run docs:generate`. -->';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Which events each rule guards (from EVENT_RULES). */
function guardedEvents(id: string): string[] {
  return EVENT_TYPES.filter((t) => {
    const spec = EVENT_RULES[t];
    return spec.guards.includes(id as never) || spec.vote === id || (spec.flags ?? []).includes(id as never) || id === 'PROC-ORDER';
  });
}

export function renderRulesDoc(): string {
  const lines = [
    '# Rulebook',
    '',
    GENERATED,
    '',
    'Every rule of procedure.md §4. **Blocking** rules refuse the step (422); **flagging** rules record it and open a compliance violation (I-8).',
    'Citations name the current text; the engine cites the text in force on each step’s date (HD01/HD06, HD12/HD38, QĐ24/QĐ232/QĐ294).',
    'PROC-ORDER guards every event (a step outside its stage or before its prerequisites); PROC-DATES every event a user records (a date after today or before an act it depends on).',
    '',
    '| Id | Kind | Blocking | Citation | Giải thích | Explanation | Guards events |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of RULES) {
    const events = r.id === 'PROC-ORDER' || r.id === 'PROC-DATES' ? 'all' : guardedEvents(r.id).map((e) => `\`${e}\``).join(', ') || '—';
    lines.push(`| ${r.id} | ${r.kind} | ${r.blocking ? 'blocking' : 'flagging'} | ${cell(r.citations.map(describeCitation).join('; '))} | ${cell(r.vi)} | ${cell(r.en)} | ${events} |`);
  }
  return `${lines.join('\n')}\n`;
}

function fieldRows(fields: readonly FieldSpec[], prefix = ''): string[] {
  return fields.flatMap((f) => {
    const type =
      f.type === 'enum'
        ? `enum: ${(f.values ?? []).join(', ')}`
        : f.type === 'string'
          ? `string (≤ ${f.maxLength})`
          : f.type === 'integer'
            ? `integer (≥ ${f.min ?? 0})`
            : f.type === 'array'
              ? `array${f.items ? ` of ${f.items.type}` : ' of object'} (≤ ${f.maxItems ?? '∞'})`
              : f.type;
    const row = `| \`${prefix}${f.name}\` | ${cell(type)} | ${f.required ? 'yes' : 'no'} | ${cell(f.vi)} | ${cell(f.en)} |`;
    return [row, ...fieldRows(f.fields ?? [], `${prefix}${f.name}${f.type === 'array' ? '[]' : ''}.`)];
  });
}

export function renderEventsDoc(): string {
  const lines = [
    '# Events',
    '',
    GENERATED,
    '',
    'Every event of the admission procedure: payload, acting body (procedure.md §2) and the roles allowed to record it.',
    'Roles: `cellCommittee`, `baseCommitteeStaff`, `competentStaff`, `organisationDepartment`, `inspection` (records nothing), `admin`; `system` is the deadline worker.',
    'Dates are `YYYY-MM-DD` (Vietnam local dates).',
    'The payloads come from one zod definition per event type (`libs/procedure/src/events/event-schema.ts`): the API validates against it, the OpenAPI document shows its JSON Schema (`z.toJSONSchema`) and the web builds its forms from it.',
    '',
    '## Refusals',
    '',
    'A refused event returns problem+json whose failures are `RuleFailure` objects:',
    '',
    '```ts',
    'interface RuleFailure {',
    '  id: RuleId;            // e.g. "COND-AWARENESS-CERT"',
    "  kind: 'criterion' | 'condition' | 'procedure';",
    '  blocking: boolean;',
    '  vi: string;            // the rule, in Vietnamese',
    '  en: string;            // the rule, in English',
    '  citation: { instrument: string; section: string; title?: string }[]; // texts in force on the step date',
    '  reason?: { vi: string; en: string }; // why this case fails it',
    '}',
    '```',
    '',
  ];
  for (const type of EVENT_TYPES) {
    const spec = EVENT_SCHEMAS[type];
    const rules = EVENT_RULES[type];
    lines.push(`## \`${type}\``, '', `${spec.vi}. ${spec.en}.`, '');
    lines.push(`- Acting body: ${spec.body}`, `- Roles: ${spec.roles.map((r) => `\`${r}\``).join(', ')}`);
    const guarded = ['PROC-ORDER', ...(type === 'deadline.fired' || type === 'case.imported' ? [] : ['PROC-DATES']), ...rules.guards, ...(rules.vote ? [`${rules.vote} (outcome)`] : []), ...(rules.flags ?? []).map((f) => `${f} (flag)`)];
    lines.push(`- Rules: ${guarded.join(', ')}`, '');
    lines.push('| Field | Type | Required | Mô tả | Description |', '|---|---|---|---|---|', ...fieldRows(spec.fields), '');
  }
  return `${lines.join('\n')}\n`;
}

export function renderProcedureDoc(): string {
  return [
    '# The admission statechart',
    '',
    GENERATED,
    '',
    'Generated from `admissionMachine` (libs/procedure/src/machine). Transitions without a target (recording evidence, failed votes, which leave the case where it is) are not drawn. Guards in brackets; `allowed` (all blocking rules of the event pass) is implied on every edge.',
    '',
    '```mermaid',
    renderStateDiagram().trimEnd(),
    '```',
    '',
    '## Interpretations beyond procedure.md',
    '',
    'What the code decides where procedure.md is silent (libs/procedure/src/interpretations.ts).',
    '',
    '| About | Giải thích | Explanation |',
    '|---|---|---|',
    ...CODE_INTERPRETATIONS.map((i) => `| ${cell(i.about)} | ${cell(i.vi)} | ${cell(i.en)} |`),
    '',
  ].join('\n');
}
