import { type EditionId } from '../editions.js';
import { TIMERS, isTimerId, type TimerId, type TimerVariant } from './timers.js';

/**
 * Per-organisation timer settings (I-7): a province's stricter deadline or earlier reminders.
 * They may only tighten the central rule; a looser value is refused with an error object and
 * never applied, so a bad setting can neither loosen a deadline nor block a case.
 */
export interface TimerOverride {
  /** Shorter length for the default variant, in the timer's unit. */
  length?: number;
  /** Shorter lengths for the variants the timer has (abroad, central). */
  variantLengths?: Partial<Record<TimerVariant, number>>;
  /** Shorter maximum extension. */
  extension?: number;
  /** Reminder offsets before the due date, in the timer's reminder unit; must be no later than the defaults. */
  reminders?: number[];
}

export type TimerSettings = Partial<Record<TimerId, TimerOverride>>;

export type TimerSettingField = 'timer' | 'length' | 'variantLengths' | 'extension' | 'reminders';

export interface TimerSettingError {
  code: 'TIMER_SETTINGS.LOOSER' | 'TIMER_SETTINGS.INVALID';
  timerId: string;
  field: TimerSettingField;
  central: unknown;
  requested: unknown;
  message: { vi: string; en: string };
}

export interface EffectiveTimerSettings {
  length?: number;
  variantLengths: Partial<Record<TimerVariant, number>>;
  extension?: number;
  reminders?: number[];
}

const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
const isNonNegativeInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Reminders are "earlier" when, sorted from the earliest, there are at least as many and each
 * comes no later than the default at the same rank: [15, 5] tightens [10, 3]; [10] or [8, 3] do not.
 */
export function remindersAreNoLater(requested: readonly number[], central: readonly number[]): boolean {
  const r = [...requested].sort((a, b) => b - a);
  const c = [...central].sort((a, b) => b - a);
  return r.length >= c.length && c.every((offset, i) => (r[i] ?? -1) >= offset);
}

/** Checks one organisation's settings against an edition's central values, without throwing. */
export function checkTimerSettings(
  settings: unknown,
  edition: EditionId,
): { effective: Partial<Record<TimerId, EffectiveTimerSettings>>; errors: TimerSettingError[] } {
  const errors: TimerSettingError[] = [];
  const effective: Partial<Record<TimerId, EffectiveTimerSettings>> = {};
  if (settings === undefined || settings === null) return { effective, errors };
  const fail = (
    code: TimerSettingError['code'],
    timerId: string,
    field: TimerSettingField,
    central: unknown,
    requested: unknown,
    vi: string,
    en: string,
  ): void => {
    errors.push({ code, timerId, field, central, requested, message: { vi, en } });
  };
  if (typeof settings !== 'object' || Array.isArray(settings)) {
    fail('TIMER_SETTINGS.INVALID', '*', 'timer', null, settings, 'Cấu hình thời hạn không hợp lệ', 'timer settings must be an object');
    return { effective, errors };
  }
  for (const [id, raw] of Object.entries(settings as Record<string, unknown>)) {
    if (!isTimerId(id)) {
      fail('TIMER_SETTINGS.INVALID', id, 'timer', null, raw, `Không có thời hạn "${id}"`, `unknown timer "${id}"`);
      continue;
    }
    if (typeof raw !== 'object' || raw === null) {
      fail('TIMER_SETTINGS.INVALID', id, 'timer', null, raw, `Cấu hình "${id}" không hợp lệ`, `settings for "${id}" must be an object`);
      continue;
    }
    const o = raw as TimerOverride;
    const timer = TIMERS[id];
    const p = timer.params[edition];
    const out: EffectiveTimerSettings = { variantLengths: {} };
    const looser = (field: TimerSettingField, central: unknown, requested: unknown): void =>
      fail(
        'TIMER_SETTINGS.LOOSER',
        id,
        field,
        central,
        requested,
        `Quy định địa phương chỉ được chặt hơn quy định của Trung ương (${field}: ${JSON.stringify(central)}, đề nghị ${JSON.stringify(requested)})`,
        `a local setting may only tighten the central rule (${field}: central ${JSON.stringify(central)}, requested ${JSON.stringify(requested)})`,
      );
    const invalid = (field: TimerSettingField, requested: unknown): void =>
      fail('TIMER_SETTINGS.INVALID', id, field, null, requested, `Giá trị ${field} không hợp lệ`, `invalid ${field} value`);

    if (o.length !== undefined) {
      if (!isPositiveInt(o.length)) invalid('length', o.length);
      else if (o.length > p.length) looser('length', p.length, o.length);
      else out.length = o.length;
    }
    if (o.variantLengths !== undefined) {
      for (const [variant, value] of Object.entries(o.variantLengths) as [TimerVariant, unknown][]) {
        const central = p.variants?.[variant];
        if (central === undefined || !isPositiveInt(value)) invalid('variantLengths', { [variant]: value });
        else if (value > central) looser('variantLengths', { [variant]: central }, { [variant]: value });
        else out.variantLengths[variant] = value;
      }
    }
    if (o.extension !== undefined) {
      if (!isNonNegativeInt(o.extension)) invalid('extension', o.extension);
      else if (o.extension > p.extension) looser('extension', p.extension, o.extension);
      else out.extension = o.extension;
    }
    if (o.reminders !== undefined) {
      if (!Array.isArray(o.reminders) || !o.reminders.every(isPositiveInt) || new Set(o.reminders).size !== o.reminders.length) {
        invalid('reminders', o.reminders);
      } else if (!remindersAreNoLater(o.reminders, timer.reminders.offsets)) {
        looser('reminders', timer.reminders.offsets, o.reminders);
      } else out.reminders = [...o.reminders].sort((a, b) => b - a);
    }
    effective[id] = out;
  }
  return { effective, errors };
}

/** Validation for saving an organisation's settings: refused when anything is looser or malformed. */
export function validateTimerSettings(
  settings: unknown,
  edition: EditionId,
): { ok: true; settings: TimerSettings } | { ok: false; errors: TimerSettingError[] } {
  const { errors } = checkTimerSettings(settings, edition);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: (settings ?? {}) as TimerSettings };
}
