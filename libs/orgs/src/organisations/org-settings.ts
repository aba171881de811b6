import { TIMERS, TIMER_IDS, validateTimerSettings, type EditionId, type TimerId, type TimerTightening } from '#procedure';
import type { IsoDate } from '../common/dates.js';
import { message } from '#messages';

/**
 * Per-organisation local settings (I-7: local rules may only tighten the central rule).
 * Pure: validation of one organisation's overrides, and the merge down the tree. Timer lengths
 * are never copied here: they live only in libs/procedure (TIMERS, per edition); a setting
 * stores a local tightening for one timer and one edition, checked against that edition's length.
 */

/** Timers whose length a local rule may shorten: the deadlines and validity periods (not probation, not the complaint window). */
export const LOCAL_TIMERS: readonly TimerId[] = TIMER_IDS.filter((id) => TIMERS[id].kind === 'deadline' || TIMERS[id].kind === 'validity');

/** Timers whose reminders an organisation may set (the deadline and validity timers plus probation end). */
export const REMINDER_TIMERS: readonly TimerId[] = [...LOCAL_TIMERS, 'probationEnd'];

/** One stored tightening: `{timer, edition, length}` (length in the timer's unit). */
export interface LocalTimerTightening {
  timer: TimerId;
  edition: EditionId;
  length: number;
}

/** The Hanoi guide's local defaults (procedure.md "(local default)"): each may be switched off. */
export const LOCAL_DEFAULTS = [
  'helperReassignmentByResolution',
  'awarenessCourseBefore18',
  'onePersonPerDecision',
  'helperAssessmentFromEveryHelper',
  'statisticsHalfYearly',
] as const;
export type LocalDefaultId = (typeof LOCAL_DEFAULTS)[number];

/** I-3: a Youth Union official stays of youth age up to 35 (420 full months); never beyond, never below 30. */
export const YOUTH_AGE_MONTHS = 360;
export const YOUTH_AGE_OFFICIAL_MONTHS_MAX = 420;

export interface OrgSettings {
  /** Full months up to which a Youth Union official candidate is of youth age (360..420). */
  youthAgeOfficialMonths?: number;
  /** I-9: trade-union introduction (UNION + one full member) for candidates past youth age. */
  tradeUnionPathPastYouth?: boolean;
  /** Reminder offsets per timer, in the timer's reminder unit (days or working days before). */
  reminderOffsets?: Partial<Record<string, number[]>>;
  /** Local defaults on/off. */
  localDefaults?: Partial<Record<LocalDefaultId, boolean>>;
  /** Local tightenings, per timer and edition; never longer than that edition's central length. */
  timerTightenings?: LocalTimerTightening[];
}

export interface EffectiveSettings {
  youthAgeOfficialMonths: number;
  tradeUnionPathPastYouth: boolean;
  reminderOffsets: Partial<Record<string, number[]>>;
  localDefaults: Record<LocalDefaultId, boolean>;
  /** The tightenings in force (the shortest per timer and edition along the tree); empty = the law as is. */
  timerTightenings: LocalTimerTightening[];
}

export function centralSettings(): EffectiveSettings {
  return {
    youthAgeOfficialMonths: YOUTH_AGE_OFFICIAL_MONTHS_MAX,
    tradeUnionPathPastYouth: false,
    reminderOffsets: {},
    localDefaults: Object.fromEntries(LOCAL_DEFAULTS.map((k) => [k, true])) as Record<LocalDefaultId, boolean>,
    timerTightenings: [],
  };
}

/** Apply one organisation's overrides (already validated) on top of what it inherits. */
export function applySettings(base: EffectiveSettings, own: OrgSettings): EffectiveSettings {
  return {
    youthAgeOfficialMonths: own.youthAgeOfficialMonths ?? base.youthAgeOfficialMonths,
    tradeUnionPathPastYouth: own.tradeUnionPathPastYouth ?? base.tradeUnionPathPastYouth,
    reminderOffsets: { ...base.reminderOffsets, ...(own.reminderOffsets ?? {}) },
    localDefaults: { ...base.localDefaults, ...(own.localDefaults ?? {}) },
    // A deeper organisation never loosens what an ancestor tightened (min), even if written before it.
    timerTightenings: mergeTightenings(base.timerTightenings, own.timerTightenings ?? []),
  };
}

/** The shortest length per (timer, edition). */
export function mergeTightenings(a: readonly LocalTimerTightening[], b: readonly LocalTimerTightening[]): LocalTimerTightening[] {
  const byKey = new Map<string, LocalTimerTightening>();
  for (const t of [...a, ...b]) {
    const key = `${t.timer}@${t.edition}`;
    const prev = byKey.get(key);
    if (!prev || t.length < prev.length) byKey.set(key, { timer: t.timer, edition: t.edition, length: t.length });
  }
  return [...byKey.values()].sort((x, y) => (x.timer + x.edition < y.timer + y.edition ? -1 : 1));
}

/** What the deadline computation takes (libs/procedure TimerSettings): tightenings and reminders. */
export function timerSettingsOf(eff: EffectiveSettings): { tightenings: TimerTightening[]; reminders: Partial<Record<TimerId, number[]>> } {
  const reminders: Partial<Record<TimerId, number[]>> = {};
  for (const [timer, offsets] of Object.entries(eff.reminderOffsets)) if (offsets) reminders[timer as TimerId] = offsets;
  return { tightenings: eff.timerTightenings.map((t) => ({ ...t })), reminders };
}

export interface SettingsProblem {
  field: string;
  /** 'invalid': malformed (400); 'loosens': a valid value that would loosen a central or inherited rule (422). */
  kind: 'invalid' | 'loosens';
  message: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * Validate an organisation's overrides against the central rule (libs/procedure, for the edition of each
 * tightening) and what it inherits. `validFrom` is the settings' start: a tightening names the edition in
 * force then (I-7: the current edition is tightened, an older edition's length is never replaced).
 */
export function validateSettings(raw: unknown, inherited: EffectiveSettings, validFrom: IsoDate): { settings: OrgSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const invalid = (field: string, message: string): void => void problems.push({ field, kind: 'invalid', message });
  const loosens = (field: string, message: string): void => void problems.push({ field, kind: 'loosens', message });
  const settings: OrgSettings = {};
  if (!isPlainObject(raw)) {
    invalid('settings', message('ORGS.MUST_OBJECT'));
    return { settings, problems };
  }
  const known = new Set(['youthAgeOfficialMonths', 'tradeUnionPathPastYouth', 'reminderOffsets', 'localDefaults', 'timerTightenings']);
  for (const key of Object.keys(raw)) if (!known.has(key)) invalid(key, message('ORGS.UNKNOWN_SETTING'));

  if (raw.youthAgeOfficialMonths !== undefined) {
    const v = raw.youthAgeOfficialMonths;
    if (!isPositiveInt(v)) invalid('youthAgeOfficialMonths', message('ORGS.MUST_POSITIVE_INTEGER'));
    else if (v > inherited.youthAgeOfficialMonths)
      loosens(
        'youthAgeOfficialMonths',
        message('ORGS.MAY_NOT_EXCEED_MONTHS', { youthAgeOfficialMonths: inherited.youthAgeOfficialMonths }),
      );
    else if (v < YOUTH_AGE_MONTHS)
      invalid('youthAgeOfficialMonths', message('ORGS.MAY_NOT_BELOW_360_MONTHS', { YOUTH_AGE_MONTHS }));
    else settings.youthAgeOfficialMonths = v;
  }
  if (raw.tradeUnionPathPastYouth !== undefined) {
    if (typeof raw.tradeUnionPathPastYouth !== 'boolean') invalid('tradeUnionPathPastYouth', message('ORGS.MUST_BOOLEAN'));
    else settings.tradeUnionPathPastYouth = raw.tradeUnionPathPastYouth;
  }
  if (raw.reminderOffsets !== undefined) {
    if (!isPlainObject(raw.reminderOffsets)) invalid('reminderOffsets', message('ORGS.MUST_OBJECT'));
    else {
      settings.reminderOffsets = {};
      for (const [timer, offsets] of Object.entries(raw.reminderOffsets)) {
        const field = `reminderOffsets.${timer}`;
        if (!(REMINDER_TIMERS as readonly string[]).includes(timer)) invalid(field, message('ORGS.UNKNOWN_TIMER'));
        else if (!Array.isArray(offsets) || offsets.length > 5 || !offsets.every((o) => isPositiveInt(o) && o <= 365))
          invalid(field, message('ORGS.UP_5_INTEGERS_FROM_1'));
        else settings.reminderOffsets[timer] = [...new Set(offsets as number[])].sort((a, b) => b - a);
      }
    }
  }
  if (raw.localDefaults !== undefined) {
    if (!isPlainObject(raw.localDefaults)) invalid('localDefaults', message('ORGS.MUST_OBJECT'));
    else {
      settings.localDefaults = {};
      for (const [key, on] of Object.entries(raw.localDefaults)) {
        if (!(LOCAL_DEFAULTS as readonly string[]).includes(key))
          invalid(`localDefaults.${key}`, message('ORGS.UNKNOWN_LOCAL_DEFAULT'));
        else if (typeof on !== 'boolean') invalid(`localDefaults.${key}`, message('ORGS.MUST_BOOLEAN'));
        else settings.localDefaults[key as LocalDefaultId] = on;
      }
    }
  }
  if (raw.timerTightenings !== undefined) {
    if (!Array.isArray(raw.timerTightenings)) invalid('timerTightenings', message('ORGS.MUST_LIST'));
    else {
      const list: LocalTimerTightening[] = [];
      raw.timerTightenings.forEach((item: unknown, i: number) => {
        const field = `timerTightenings[${i}]`;
        if (!isPlainObject(item)) return invalid(field, message('ORGS.MUST'));
        const extra = Object.keys(item).filter((k) => !['timer', 'edition', 'length'].includes(k));
        if (extra.length > 0) return invalid(`${field}.${extra[0]}`, message('ORGS.UNKNOWN_SETTING'));
        if (typeof item.timer !== 'string' || !(LOCAL_TIMERS as readonly string[]).includes(item.timer))
          return invalid(`${field}.timer`, message('ORGS.TIMER_CANNOT_SET_LOCALLY'));
        if (!isPositiveInt(item.length)) return invalid(`${field}.length`, message('ORGS.MUST_POSITIVE_INTEGER'));
        const check = validateTimerSettings({ tightenings: [item] }, validFrom);
        if (!check.ok) {
          for (const e of check.errors) {
            const msg = `${e.message.vi} / ${e.message.en}`;
            if (e.code === 'TIMER_SETTINGS.INVALID') invalid(`${field}.${e.field}`, msg);
            else loosens(`${field}.${e.field}`, msg);
          }
          return;
        }
        const t = { timer: item.timer as TimerId, edition: item.edition as EditionId, length: item.length };
        const ancestor = inherited.timerTightenings.find((x) => x.timer === t.timer && x.edition === t.edition);
        if (ancestor && t.length > ancestor.length)
          return loosens(
            `${field}.length`,
            message('ORGS.MAY_NOT_EXCEED_WHAT_ANCESTOR', { length: ancestor.length }),
          );
        list.push(t);
      });
      settings.timerTightenings = mergeTightenings([], list);
    }
  }
  return { settings, problems };
}
