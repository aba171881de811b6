/**
 * Per-organisation local settings (I-7: local rules may only tighten the central rule).
 * Pure: the central values, validation of one organisation's overrides, and the merge down the tree.
 */

/** Timers a local rule may shorten, with the central length (edition 2025-07) in their unit. */
export const CENTRAL_TIMERS = {
  backgroundCheckAnswer: { unit: 'workingDays', length: 30 },
  awarenessCertValidity: { unit: 'months', length: 60 },
  dossierFreshness: { unit: 'months', length: 12 },
  admissionDecision: { unit: 'workingDays', length: 45 },
  ceremony: { unit: 'workingDays', length: 30 },
  memberRecord: { unit: 'workingDays', length: 30 },
  cellRecognitionResolution: { unit: 'workingDays', length: 30 },
  recognitionDecision: { unit: 'workingDays', length: 30 },
  transferForward: { unit: 'workingDays', length: 15 },
  transferDecide: { unit: 'workingDays', length: 30 },
  transferReview: { unit: 'workingDays', length: 60 },
} as const satisfies Record<string, { unit: 'workingDays' | 'months'; length: number }>;
export type LocalTimerId = keyof typeof CENTRAL_TIMERS;

/** Timers whose reminders an organisation may set (the deadline timers plus probation end). */
export const REMINDER_TIMERS = [...Object.keys(CENTRAL_TIMERS), 'probationEnd'] as const;

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
  /** Tightened timer lengths, in the timer's unit; never longer than the law. */
  timerLimits?: Partial<Record<LocalTimerId, number>>;
}

export interface EffectiveSettings {
  youthAgeOfficialMonths: number;
  tradeUnionPathPastYouth: boolean;
  reminderOffsets: Partial<Record<string, number[]>>;
  localDefaults: Record<LocalDefaultId, boolean>;
  /** Length of every local timer: the central length unless tightened. */
  timerLimits: Record<LocalTimerId, number>;
}

export function centralSettings(): EffectiveSettings {
  return {
    youthAgeOfficialMonths: YOUTH_AGE_OFFICIAL_MONTHS_MAX,
    tradeUnionPathPastYouth: false,
    reminderOffsets: {},
    localDefaults: Object.fromEntries(LOCAL_DEFAULTS.map((k) => [k, true])) as Record<LocalDefaultId, boolean>,
    timerLimits: Object.fromEntries(Object.entries(CENTRAL_TIMERS).map(([k, v]) => [k, v.length])) as Record<LocalTimerId, number>,
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
    timerLimits: Object.fromEntries(
      Object.entries(base.timerLimits).map(([k, v]) => [k, Math.min(v, own.timerLimits?.[k as LocalTimerId] ?? v)]),
    ) as Record<LocalTimerId, number>,
  };
}

export interface SettingsProblem {
  field: string;
  /** 'invalid': malformed (400); 'loosens': a valid value that would loosen a central or inherited rule (422). */
  kind: 'invalid' | 'loosens';
  message: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Validate an organisation's overrides against the central rule and what it inherits. */
export function validateSettings(raw: unknown, inherited: EffectiveSettings): { settings: OrgSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const invalid = (field: string, message: string): void => void problems.push({ field, kind: 'invalid', message });
  const loosens = (field: string, message: string): void => void problems.push({ field, kind: 'loosens', message });
  const settings: OrgSettings = {};
  if (!isPlainObject(raw)) {
    invalid('settings', 'Phải là một đối tượng / must be an object');
    return { settings, problems };
  }
  const known = new Set(['youthAgeOfficialMonths', 'tradeUnionPathPastYouth', 'reminderOffsets', 'localDefaults', 'timerLimits']);
  for (const key of Object.keys(raw)) if (!known.has(key)) invalid(key, 'Thiết lập không được hỗ trợ / unknown setting');

  if (raw.youthAgeOfficialMonths !== undefined) {
    const v = raw.youthAgeOfficialMonths;
    if (!isPositiveInt(v)) invalid('youthAgeOfficialMonths', 'Phải là số nguyên dương / must be a positive integer');
    else if (v > inherited.youthAgeOfficialMonths)
      loosens(
        'youthAgeOfficialMonths',
        `Không được vượt quá ${inherited.youthAgeOfficialMonths} tháng / may not exceed ${inherited.youthAgeOfficialMonths} months`,
      );
    else if (v < YOUTH_AGE_MONTHS)
      invalid('youthAgeOfficialMonths', `Không được dưới ${YOUTH_AGE_MONTHS} tháng (30 tuổi) / may not be below 360 months`);
    else settings.youthAgeOfficialMonths = v;
  }
  if (raw.tradeUnionPathPastYouth !== undefined) {
    if (typeof raw.tradeUnionPathPastYouth !== 'boolean') invalid('tradeUnionPathPastYouth', 'Phải là true/false / must be a boolean');
    else settings.tradeUnionPathPastYouth = raw.tradeUnionPathPastYouth;
  }
  if (raw.reminderOffsets !== undefined) {
    if (!isPlainObject(raw.reminderOffsets)) invalid('reminderOffsets', 'Phải là một đối tượng / must be an object');
    else {
      settings.reminderOffsets = {};
      for (const [timer, offsets] of Object.entries(raw.reminderOffsets)) {
        const field = `reminderOffsets.${timer}`;
        if (!(REMINDER_TIMERS as readonly string[]).includes(timer)) invalid(field, 'Thời hạn không tồn tại / unknown timer');
        else if (!Array.isArray(offsets) || offsets.length > 5 || !offsets.every((o) => isPositiveInt(o) && o <= 365))
          invalid(field, 'Tối đa 5 số nguyên từ 1 đến 365 / up to 5 integers from 1 to 365');
        else settings.reminderOffsets[timer] = [...new Set(offsets as number[])].sort((a, b) => b - a);
      }
    }
  }
  if (raw.localDefaults !== undefined) {
    if (!isPlainObject(raw.localDefaults)) invalid('localDefaults', 'Phải là một đối tượng / must be an object');
    else {
      settings.localDefaults = {};
      for (const [key, on] of Object.entries(raw.localDefaults)) {
        if (!(LOCAL_DEFAULTS as readonly string[]).includes(key))
          invalid(`localDefaults.${key}`, 'Quy định địa phương không tồn tại / unknown local default');
        else if (typeof on !== 'boolean') invalid(`localDefaults.${key}`, 'Phải là true/false / must be a boolean');
        else settings.localDefaults[key as LocalDefaultId] = on;
      }
    }
  }
  if (raw.timerLimits !== undefined) {
    if (!isPlainObject(raw.timerLimits)) invalid('timerLimits', 'Phải là một đối tượng / must be an object');
    else {
      settings.timerLimits = {};
      for (const [timer, length] of Object.entries(raw.timerLimits)) {
        const field = `timerLimits.${timer}`;
        if (!(timer in CENTRAL_TIMERS)) {
          invalid(field, 'Thời hạn này không thể điều chỉnh ở địa phương / this timer cannot be set locally');
          continue;
        }
        const id = timer as LocalTimerId;
        if (!isPositiveInt(length)) invalid(field, 'Phải là số nguyên dương / must be a positive integer');
        else if (length > inherited.timerLimits[id]) {
          const central = CENTRAL_TIMERS[id];
          loosens(
            field,
            `Quy định địa phương chỉ được chặt hơn: tối đa ${inherited.timerLimits[id]} (trung ương: ${central.length} ${central.unit === 'months' ? 'tháng' : 'ngày làm việc'}) / ` +
              `local rules may only tighten: at most ${inherited.timerLimits[id]} (central: ${central.length} ${central.unit})`,
          );
        } else settings.timerLimits[id] = length;
      }
    }
  }
  return { settings, problems };
}
