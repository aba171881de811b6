import { type LocalDate } from '../dates.js';
import { EDITIONS, type EditionId } from '../editions.js';
import { TIMERS, editionForStart, isTimerId, type TimerId, type TimerVariant } from './timers.js';

/**
 * Per-organisation timer settings (I-7): a province's stricter deadline or earlier reminders.
 * They may only tighten the central rule; a looser value is refused with an error object and
 * never applied, so a bad setting can neither loosen a deadline nor block a case.
 *
 * Lengths live only in TIMERS (per edition). A setting stores a local tightening for one timer
 * **and one edition** (PROC-DEADLINES: "a local setting never replaces an older edition's length"):
 * a timer started under another edition runs that edition's central length, whatever the setting.
 */
export interface TimerTightening {
  timer: TimerId;
  /** The edition whose central length this shortens (the edition in force when the setting was made). */
  edition: EditionId;
  /** Shorter length for the default variant, in the timer's unit. */
  length?: number;
  /** Shorter lengths for the variants the timer has (abroad, central). */
  variantLengths?: Partial<Record<TimerVariant, number>>;
  /** Shorter maximum extension. */
  extension?: number;
}

export interface TimerSettings {
  tightenings?: readonly TimerTightening[];
  /** Reminder offsets before the due date, in the timer's reminder unit; must be no later than the defaults. */
  reminders?: Partial<Record<TimerId, readonly number[]>>;
}

export type TimerSettingField = 'timer' | 'edition' | 'length' | 'variantLengths' | 'extension' | 'reminders';

export interface TimerSettingError {
  code: 'TIMER_SETTINGS.LOOSER' | 'TIMER_SETTINGS.INVALID' | 'TIMER_SETTINGS.NOT_CURRENT_EDITION';
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

const isEdition = (e: unknown): e is EditionId => typeof e === 'string' && EDITIONS.some((x) => x.id === e);

/**
 * Checks one organisation's settings, without throwing: every tightening against the central
 * values of its own edition; the effective values returned are those for `edition` only.
 */
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
  const { tightenings, reminders, ...unknownKeys } = settings as Record<string, unknown>;
  for (const key of Object.keys(unknownKeys))
    fail('TIMER_SETTINGS.INVALID', '*', 'timer', null, key, `Thiết lập "${key}" không được hỗ trợ`, `unknown timer setting "${key}"`);
  const slot = (id: TimerId): EffectiveTimerSettings => (effective[id] ??= { variantLengths: {} });

  if (tightenings !== undefined && !Array.isArray(tightenings)) {
    fail('TIMER_SETTINGS.INVALID', '*', 'timer', null, tightenings, 'Danh sách rút ngắn thời hạn không hợp lệ', 'tightenings must be a list');
  }
  for (const raw of Array.isArray(tightenings) ? (tightenings as unknown[]) : []) {
    const t = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<TimerTightening>;
    const id = String(t.timer);
    if (!isTimerId(t.timer)) {
      fail('TIMER_SETTINGS.INVALID', id, 'timer', null, raw, `Không có thời hạn "${id}"`, `unknown timer "${id}"`);
      continue;
    }
    if (!isEdition(t.edition)) {
      fail('TIMER_SETTINGS.INVALID', id, 'edition', null, t.edition, 'Phải ghi phiên bản quy định của thời hạn được rút ngắn', 'the edition the tightening applies to is required');
      continue;
    }
    const timer = TIMERS[t.timer];
    const p = timer.params[t.edition];
    const applies = t.edition === edition;
    const out: EffectiveTimerSettings = applies ? slot(t.timer) : { variantLengths: {} };
    const looser = (field: TimerSettingField, central: unknown, requested: unknown): void =>
      fail(
        'TIMER_SETTINGS.LOOSER',
        id,
        field,
        central,
        requested,
        `Quy định địa phương chỉ được chặt hơn quy định của Trung ương (${id}, phiên bản ${t.edition}, ${field}: ${JSON.stringify(central)}, đề nghị ${JSON.stringify(requested)})`,
        `a local setting may only tighten the central rule (${id}, edition ${t.edition}, ${field}: central ${JSON.stringify(central)}, requested ${JSON.stringify(requested)})`,
      );
    const invalid = (field: TimerSettingField, requested: unknown): void =>
      fail('TIMER_SETTINGS.INVALID', id, field, null, requested, `Giá trị ${field} không hợp lệ`, `invalid ${field} value`);
    const min = (a: number | undefined, b: number): number => (a === undefined ? b : Math.min(a, b));

    if (t.length !== undefined) {
      if (!isPositiveInt(t.length)) invalid('length', t.length);
      else if (t.length > p.length) looser('length', p.length, t.length);
      else out.length = min(out.length, t.length);
    }
    if (t.variantLengths !== undefined) {
      for (const [variant, value] of Object.entries(t.variantLengths) as [TimerVariant, unknown][]) {
        const central = p.variants?.[variant];
        if (central === undefined || !isPositiveInt(value)) invalid('variantLengths', { [variant]: value });
        else if (value > central) looser('variantLengths', { [variant]: central }, { [variant]: value });
        else out.variantLengths[variant] = min(out.variantLengths[variant], value);
      }
    }
    if (t.extension !== undefined) {
      if (!isNonNegativeInt(t.extension)) invalid('extension', t.extension);
      else if (t.extension > p.extension) looser('extension', p.extension, t.extension);
      else out.extension = min(out.extension, t.extension);
    }
  }

  if (reminders !== undefined && (typeof reminders !== 'object' || reminders === null || Array.isArray(reminders))) {
    fail('TIMER_SETTINGS.INVALID', '*', 'reminders', null, reminders, 'Cấu hình nhắc hạn không hợp lệ', 'reminders must be an object');
  } else if (reminders) {
    for (const [id, offsets] of Object.entries(reminders as Record<string, unknown>)) {
      if (!isTimerId(id)) {
        fail('TIMER_SETTINGS.INVALID', id, 'timer', null, offsets, `Không có thời hạn "${id}"`, `unknown timer "${id}"`);
        continue;
      }
      const timer = TIMERS[id];
      if (!Array.isArray(offsets) || !offsets.every(isPositiveInt) || new Set(offsets).size !== offsets.length) {
        fail('TIMER_SETTINGS.INVALID', id, 'reminders', null, offsets, 'Giá trị reminders không hợp lệ', 'invalid reminders value');
      } else if (!remindersAreNoLater(offsets as number[], timer.reminders.offsets)) {
        fail(
          'TIMER_SETTINGS.LOOSER',
          id,
          'reminders',
          timer.reminders.offsets,
          offsets,
          `Nhắc hạn địa phương không được muộn hơn mặc định (${JSON.stringify(timer.reminders.offsets)})`,
          `local reminders may not come later than the defaults (${JSON.stringify(timer.reminders.offsets)})`,
        );
      } else slot(id).reminders = [...(offsets as number[])].sort((a, b) => b - a);
    }
  }
  return { effective, errors };
}

/**
 * Validation for saving an organisation's settings from `validFrom`: refused when anything is
 * looser or malformed, and when a tightening names an edition other than the one in force on
 * `validFrom` (a local rule tightens the current edition; it never rewrites an older one, I-7).
 */
export function validateTimerSettings(
  settings: unknown,
  validFrom: LocalDate,
): { ok: true; settings: TimerSettings } | { ok: false; errors: TimerSettingError[] } {
  const current = editionForStart(validFrom);
  const { errors } = checkTimerSettings(settings, current ?? EDITIONS[EDITIONS.length - 1]!.id);
  const list = (settings as TimerSettings | null | undefined)?.tightenings;
  for (const t of Array.isArray(list) ? list : []) {
    if (isTimerId(t.timer) && isEdition(t.edition) && t.edition !== current)
      errors.push({
        code: 'TIMER_SETTINGS.NOT_CURRENT_EDITION',
        timerId: t.timer,
        field: 'edition',
        central: current,
        requested: t.edition,
        message: {
          vi: `Chỉ được rút ngắn thời hạn của phiên bản quy định đang có hiệu lực (${current ?? 'không có'}), không sửa phiên bản ${t.edition}`,
          en: `only the edition in force (${current ?? 'none'}) may be tightened, never edition ${t.edition}`,
        },
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: (settings ?? {}) as TimerSettings };
}
