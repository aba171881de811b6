// The model behind generated event forms: field kinds, client-side validation mirroring the API's
// (the event schema of libs/procedure, served as field descriptions by GET /procedure/events, + the vote and decision date checks), and the payload.
// Values are kept flat, keyed by path ("vote.meetingDate", "introducers[0].name").
import type { EventField } from '../api/types';
import type { I18n } from '../i18n';

export type Values = Record<string, string | boolean>;
/** How many rows each array-of-objects field has, by path. */
export type Rows = Record<string, number>;
export interface FieldError {
  path: string;
  message: string;
}

export type FieldKind = 'date' | 'integer' | 'enum' | 'boolean' | 'text' | 'object' | 'objectList' | 'textList';

export function kindOf(f: Pick<EventField, 'type' | 'values' | 'fields'>): FieldKind {
  switch (f.type) {
    case 'date':
      return 'date';
    case 'integer':
      return 'integer';
    case 'enum':
      return 'enum';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    case 'array':
      return f.fields ? 'objectList' : 'textList';
    default:
      return f.values?.length ? 'enum' : 'text';
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Today in Vietnam (Asia/Ho_Chi_Minh, no daylight saving), as the API judges "not after today". */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);
export const fieldLabel = (f: EventField, i: I18n) => (i.lang === 'en' ? f.en || f.vi : f.vi || f.en || f.name);

const isBlank = (v: string | boolean | undefined) => v === undefined || (typeof v === 'string' && v.trim() === '');

/** Whether anything is filled in under a path (an optional object left empty is simply omitted). */
export function anyFilled(values: Values, prefix: string): boolean {
  return Object.entries(values).some(([k, v]) => (k === prefix || k.startsWith(`${prefix}.`) || k.startsWith(`${prefix}[`)) && !isBlank(v) && v !== false);
}

export function validate(fields: EventField[], values: Values, rows: Rows, i: I18n, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of fields) {
    const path = join(prefix, f.name);
    const kind = kindOf(f);
    const name = fieldLabel(f, i);
    if (kind === 'object') {
      if (f.required || anyFilled(values, path)) errors.push(...validate(f.fields ?? [], values, rows, i, path));
      continue;
    }
    if (kind === 'objectList') {
      const n = rows[path] ?? 0;
      if (f.required && n === 0) errors.push({ path, message: i.t('form.err.required', { field: name }) });
      for (let r = 0; r < n; r++) errors.push(...validate(f.fields ?? [], values, rows, i, `${path}[${r}]`));
      continue;
    }
    if (kind === 'boolean') continue;
    const v = values[path];
    if (isBlank(v)) {
      if (f.required) errors.push({ path, message: i.t('form.err.required', { field: name }) });
      continue;
    }
    const s = String(v).trim();
    if (kind === 'date' && !isValidDate(s)) errors.push({ path, message: i.t('form.err.date', { field: name }) });
    else if (kind === 'date' && s > todayInVietnam()) errors.push({ path, message: i.t('form.err.future', { field: name }) });
    if (kind === 'integer') {
      const n = Number(s);
      if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(n)) errors.push({ path, message: i.t('form.err.integer', { field: name }) });
      else {
        const min = f.min ?? 0;
        if (n < min) errors.push({ path, message: i.t('form.err.min', { field: name, min }) });
        if (f.max !== undefined && n > f.max) errors.push({ path, message: i.t('form.err.max', { field: name, max: f.max }) });
      }
    }
    if (kind === 'enum' && !(f.values ?? []).includes(s)) errors.push({ path, message: i.t('form.err.enum', { field: name }) });
    if (kind === 'text' && f.maxLength !== undefined && s.length > f.maxLength) errors.push({ path, message: i.t('form.err.maxLength', { field: name, max: f.maxLength }) });
    if (kind === 'textList') {
      const lines = s.split('\n').map((x) => x.trim()).filter(Boolean);
      if (f.maxItems !== undefined && lines.length > f.maxItems) errors.push({ path, message: i.t('form.err.maxItems', { field: name, max: f.maxItems }) });
    }
  }
  // Cross-field checks at this level: a vote's counts, a decision's dates.
  const num = (n: string) => {
    const v = values[join(prefix, n)];
    return typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
  };
  const names = new Set(fields.map((f) => f.name));
  if (names.has('eligible') && names.has('for')) {
    const eligible = num('eligible');
    const forVotes = num('for');
    const against = num('against') ?? 0;
    if (eligible !== undefined && forVotes !== undefined && forVotes + against > eligible) {
      errors.push({ path: join(prefix, 'for'), message: i.t('form.err.votesExceed', { sum: forVotes + against, eligible }) });
    }
  }
  // PROC-CELL-VOTE: minutes that differ from the roster need the reason (the API refuses otherwise).
  if (names.has('rosterEligible') && names.has('mismatchReason')) {
    const eligible = num('eligible');
    const roster = num('rosterEligible');
    const reason = values[join(prefix, 'mismatchReason')];
    if (eligible !== undefined && roster !== undefined && eligible !== roster && isBlank(reason)) {
      errors.push({ path: join(prefix, 'mismatchReason'), message: i.t('vote.err.mismatchReason', { eligible, roster }) });
    }
  }
  const signed = fields.find((f) => f.type === 'date' && /^signed/i.test(f.name));
  const received = fields.find((f) => f.type === 'date' && /^received/i.test(f.name));
  if (signed && received) {
    const a = String(values[join(prefix, signed.name)] ?? '');
    const b = String(values[join(prefix, received.name)] ?? '');
    if (isValidDate(a) && isValidDate(b) && b < a) errors.push({ path: join(prefix, received.name), message: i.t('form.err.received') });
  }
  return errors;
}

/** The request body's payload: typed values, blanks omitted, optional empty objects left out. */
export function toPayload(fields: EventField[], values: Values, rows: Rows, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const path = join(prefix, f.name);
    const kind = kindOf(f);
    if (kind === 'object') {
      if (f.required || anyFilled(values, path)) out[f.name] = toPayload(f.fields ?? [], values, rows, path);
      continue;
    }
    if (kind === 'objectList') {
      const n = rows[path] ?? 0;
      if (n > 0) out[f.name] = Array.from({ length: n }, (_, r) => toPayload(f.fields ?? [], values, rows, `${path}[${r}]`));
      continue;
    }
    const v = values[path];
    if (kind === 'boolean') {
      // A required yes/no is always sent (unchecked = no); an optional one only when ticked.
      if (f.required || v === true) out[f.name] = v === true;
      continue;
    }
    if (isBlank(v)) continue;
    const s = String(v).trim();
    if (kind === 'integer') out[f.name] = Number(s);
    else if (kind === 'textList') out[f.name] = s.split('\n').map((x) => x.trim()).filter(Boolean);
    else out[f.name] = s;
  }
  return out;
}
