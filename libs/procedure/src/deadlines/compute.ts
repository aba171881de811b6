import { addDays, addMonths, daysBetween, InvalidDateError, isLocalDate, vietnamInstant, type LocalDate } from '../dates.js';
import { type EditionId } from '../editions.js';
import { mergeCalendarUsage, type CalendarStatus, type CalendarUsage, type WorkingCalendar } from '../calendar/working-days.js';
import { checkTimerSettings, type TimerSettingError, type TimerSettings } from './settings.js';
import {
  TIMERS,
  basisOn,
  editionForStart,
  timerParams,
  type ComplaintLevel,
  type Label,
  type MissedOutcome,
  type ReminderUnit,
  type ResolvedCitation,
  type ResponsibleBody,
  type TimerId,
  type TimerKind,
  type TimerUnit,
  type TimerVariant,
} from './timers.js';

export interface ComputeDeadlineOptions {
  calendar: WorkingCalendar;
  /** Background verification of someone abroad: 90 wd instead of 30. */
  abroad?: boolean;
  /** Level of the body resolving a complaint (central: 180 wd). */
  level?: ComplaintLevel;
  /** The organisation's settings; only tightening values are applied (I-7). */
  settings?: TimerSettings;
  /** The start date is a stand-in (e.g. the sending date when receipt is unknown, §7). */
  estimated?: boolean;
}

/** `noEdition`: the start date is before 2021-07-30 (imported history, no timer applies). */
export type DeadlineStatus = CalendarStatus | 'noEdition';

export interface Reminder {
  date: LocalDate;
  offset: number;
  unit: ReminderUnit;
}

export interface Deadline {
  timerId: TimerId;
  kind: TimerKind;
  start: LocalDate;
  edition: EditionId | null;
  unit: TimerUnit;
  variant: TimerVariant | 'default';
  /** Applied length (after tightening settings); null without an edition. */
  length: number | null;
  /** Applied maximum extension (0 = the timer has none). */
  extension: number;
  /** Last day to act; null when awaiting calendar data or without an edition. */
  due: LocalDate | null;
  /** Last day with the full extension, counted from `due`; null when there is no extension. */
  extendedDue: LocalDate | null;
  /** The day after `due`: overdue from 00:00 (Asia/Ho_Chi_Minh) on it. */
  overdueFrom: LocalDate | null;
  /** The day after `extendedDue`. */
  extendedOverdueFrom: LocalDate | null;
  /** Reminder dates, each on or after the start and strictly before the due date, earliest first. */
  reminders: Reminder[];
  /** Reliability of `due` (and the reminders). */
  status: DeadlineStatus;
  /** Reliability of `extendedDue`. */
  extendedStatus: DeadlineStatus;
  /** Every calendar year `due` and `extendedDue` depend on, including missing ones (recompute when entered). */
  calendarYears: number[];
  provisionalYears: number[];
  missingYears: number[];
  estimated: boolean;
  onMissed: MissedOutcome;
  responsible: ResponsibleBody | null;
  basis: ResolvedCitation[];
  /** True when an organisation setting changed the length, extension or reminders. */
  settingsApplied: boolean;
  /** Refused settings for this timer (looser or malformed); they were not applied. */
  settingsErrors: TimerSettingError[];
}

const NO_CALENDAR: CalendarUsage = { status: 'confirmed', calendarYears: [], provisionalYears: [], missingYears: [] };

/** Adds a timer length from a date: working days through the calendar, months clamped (§7 Counting). */
function advance(calendar: WorkingCalendar, unit: TimerUnit, from: LocalDate, n: number): { date: LocalDate | null; usage: CalendarUsage } {
  switch (unit) {
    case 'workingDays': {
      const r = calendar.addWorkingDays(from, n);
      return { date: r.date, usage: r };
    }
    case 'months':
      return { date: addMonths(from, n), usage: NO_CALENDAR };
    case 'calendarDays':
      return { date: addDays(from, n), usage: NO_CALENDAR };
  }
}

/**
 * Computes one legal timer. Never throws for calendar gaps or a start before the first edition:
 * those come back as `awaitingCalendar` or `noEdition` with null dates (the calendar never blocks a case).
 */
export function computeDeadline(timerId: TimerId, start: LocalDate, options: ComputeDeadlineOptions): Deadline {
  if (!isLocalDate(start)) throw new InvalidDateError(start);
  const timer = TIMERS[timerId];
  const edition = editionForStart(start);
  const base = {
    timerId,
    kind: timer.kind,
    start,
    unit: timer.unit,
    estimated: options.estimated === true,
    onMissed: timer.onMissed,
    responsible: timer.responsible,
    basis: basisOn(timerId, start),
  };
  if (edition === null) {
    return {
      ...base,
      edition: null,
      variant: 'default',
      length: null,
      extension: 0,
      due: null,
      extendedDue: null,
      overdueFrom: null,
      extendedOverdueFrom: null,
      reminders: [],
      status: 'noEdition',
      extendedStatus: 'noEdition',
      calendarYears: [],
      provisionalYears: [],
      missingYears: [],
      settingsApplied: false,
      settingsErrors: [],
    };
  }

  const central = timerParams(timerId, edition, { abroad: options.abroad, level: options.level });
  const checked = checkTimerSettings(options.settings, edition);
  const settingsErrors = checked.errors.filter((e) => e.timerId === timerId || e.timerId === '*');
  const own = checked.effective[timerId];
  const length = (central.variant === 'default' ? own?.length : own?.variantLengths[central.variant]) ?? central.length;
  const extension = own?.extension ?? central.extension;
  const offsets = own?.reminders ?? [...timer.reminders.offsets];
  const settingsApplied = length !== central.length || extension !== central.extension || own?.reminders !== undefined;

  const dueCalc = advance(options.calendar, timer.unit, start, length);
  const due = dueCalc.date;
  const extCalc = due !== null && extension > 0 ? advance(options.calendar, timer.unit, due, extension) : null;
  const extendedDue = extCalc?.date ?? null;
  const usage = extCalc ? mergeCalendarUsage(dueCalc.usage, extCalc.usage) : dueCalc.usage;
  // An extension that cannot be computed because the due date itself is awaiting data is awaiting too.
  const extendedStatus: DeadlineStatus = extCalc ? extCalc.usage.status : extension > 0 ? dueCalc.usage.status : 'confirmed';

  return {
    ...base,
    edition,
    variant: central.variant,
    length,
    extension,
    due,
    extendedDue,
    overdueFrom: due === null ? null : addDays(due, 1),
    extendedOverdueFrom: extendedDue === null ? null : addDays(extendedDue, 1),
    reminders: due === null ? [] : remindersFor(options.calendar, timer.reminders.unit, start, due, offsets),
    status: dueCalc.usage.status,
    extendedStatus,
    calendarYears: usage.calendarYears,
    provisionalYears: usage.provisionalYears,
    missingYears: usage.missingYears,
    settingsApplied,
    settingsErrors,
  };
}

/** Reminder dates counted back from the due date; a reminder that would precede the start is dropped. */
function remindersFor(
  calendar: WorkingCalendar,
  unit: ReminderUnit,
  start: LocalDate,
  due: LocalDate,
  offsets: readonly number[],
): Reminder[] {
  const out: Reminder[] = [];
  for (const offset of offsets) {
    const date = unit === 'workingDays' ? calendar.addWorkingDays(due, -offset).date : addDays(due, -offset);
    if (date !== null && date >= start && date < due) out.push({ date, offset, unit });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * True when `actualDate` is after the due date (after the extended due date when
 * `withExtension` is set); null when the due date is not known yet.
 */
export function isLate(deadline: Deadline, actualDate: LocalDate, options: { withExtension?: boolean } = {}): boolean | null {
  const limit = options.withExtension === true && deadline.extendedDue !== null ? deadline.extendedDue : deadline.due;
  return limit === null ? null : actualDate > limit;
}

/**
 * - onTime: on or before the due date;
 * - withinExtension: after the due date but within the allowed extension (not a violation unless
 *   the extension is known to have been refused);
 * - late: a compliance violation opens (flag, never block: I-8);
 * - outsideWindow: a complaint window has closed (the person's right lapsed; nobody is at fault);
 * - undetermined: the due date is not known (awaiting calendar or no edition); re-check later;
 * - notApplicable: validity and milestone timers are judged by their own rules.
 */
export type DeadlineOutcome = 'onTime' | 'withinExtension' | 'late' | 'outsideWindow' | 'undetermined' | 'notApplicable';

export interface DeadlineCheck {
  ruleId: 'PROC-DEADLINES';
  timerId: TimerId;
  /** Deadlines flag, they never block the step (procedure.md §4, I-8). */
  blocking: false;
  /** A compliance violation is to be opened. */
  flagged: boolean;
  outcome: DeadlineOutcome;
  actualDate: LocalDate;
  due: LocalDate | null;
  extendedDue: LocalDate | null;
  /** Calendar days after the applicable limit (due, or extended due when the extension applies). */
  daysLate: number | null;
  /** Working days after the applicable limit, when a calendar is given and covers the period. */
  workingDaysLate: number | null;
  responsible: ResponsibleBody | null;
  escalateTo: MissedOutcome;
  /** Consent that must be recorded before the violation can close (late ceremony: the upper committee). */
  requiresConsent: 'upper' | null;
  edition: EditionId | null;
  status: DeadlineStatus;
  message: Label;
  basis: ResolvedCitation[];
}

/** Rules that judge the validity and milestone timers instead of PROC-DEADLINES. */
const OWN_RULE: Partial<Record<TimerId, string>> = {
  awarenessCertValidity: 'COND-AWARENESS-CERT',
  dossierFreshness: 'COND-DOSSIER-FRESH',
  probationEnd: 'PROC-PROBATION-LENGTH',
};

/** PROC-DEADLINES for an act done on `actualDate` against its timer. Pure; never blocks. */
export function checkDeadline(
  deadline: Deadline,
  actualDate: LocalDate,
  options: { extensionGranted?: boolean; calendar?: WorkingCalendar } = {},
): DeadlineCheck {
  const timer = TIMERS[deadline.timerId];
  const label = timer.label;
  const common = {
    ruleId: 'PROC-DEADLINES' as const,
    timerId: deadline.timerId,
    blocking: false as const,
    actualDate,
    due: deadline.due,
    extendedDue: deadline.extendedDue,
    responsible: timer.responsible,
    escalateTo: timer.onMissed,
    edition: deadline.edition,
    status: deadline.status,
    basis: deadline.basis,
  };
  const result = (
    outcome: DeadlineOutcome,
    flagged: boolean,
    limit: LocalDate | null,
    message: Label,
  ): DeadlineCheck => {
    const late = limit !== null && actualDate > limit;
    const wd = late && options.calendar ? options.calendar.workingDaysBetween(limit, actualDate).days : null;
    return {
      ...common,
      outcome,
      flagged,
      daysLate: late ? daysBetween(limit, actualDate) : limit === null ? null : 0,
      workingDaysLate: late ? wd : limit === null ? null : 0,
      requiresConsent: flagged ? (timer.lateNeedsConsent ?? null) : null,
      message,
    };
  };

  if (timer.kind === 'validity' || timer.kind === 'milestone') {
    const rule = OWN_RULE[deadline.timerId] ?? 'PROC-ORDER';
    return result('notApplicable', false, null, {
      vi: `${label.vi}: do quy tắc ${rule} xét, không phải PROC-DEADLINES`,
      en: `${label.en}: judged by ${rule}, not PROC-DEADLINES`,
    });
  }
  if (deadline.due === null) {
    return result('undetermined', false, null, {
      vi: `${label.vi}: chưa xác định được hạn (${deadline.status === 'noEdition' ? 'không có phiên bản quy định' : 'chờ dữ liệu lịch làm việc'}); xét lại sau`,
      en: `${label.en}: due date unknown (${deadline.status === 'noEdition' ? 'no rulebook edition' : 'awaiting calendar data'}); re-check later`,
    });
  }
  if (actualDate <= deadline.due) {
    return result('onTime', false, deadline.due, { vi: `${label.vi}: đúng hạn (hạn ${deadline.due})`, en: `${label.en}: on time (due ${deadline.due})` });
  }
  if (timer.kind === 'window') {
    return result('outsideWindow', false, deadline.due, {
      vi: `${label.vi}: đã hết thời hạn ngày ${deadline.due}`,
      en: `${label.en}: the window closed on ${deadline.due}`,
    });
  }
  if (deadline.extendedDue !== null && actualDate <= deadline.extendedDue && options.extensionGranted !== false) {
    return result('withinExtension', false, deadline.extendedDue, {
      vi: `${label.vi}: sau hạn ${deadline.due}, trong thời gian được kéo dài (đến ${deadline.extendedDue})`,
      en: `${label.en}: after ${deadline.due}, within the extension (to ${deadline.extendedDue})`,
    });
  }
  const limit = deadline.extendedDue !== null && options.extensionGranted !== false ? deadline.extendedDue : deadline.due;
  const consent = timer.lateNeedsConsent === 'upper' ? ' Cần có sự đồng ý của cấp ủy cấp trên.' : '';
  const consentEn = timer.lateNeedsConsent === 'upper' ? ' The upper committee’s consent must be recorded.' : '';
  return result('late', true, limit, {
    vi: `${label.vi}: trễ hạn (hạn ${limit}, thực hiện ${actualDate}).${consent}`,
    en: `${label.en}: late (due ${limit}, done ${actualDate}).${consentEn}`,
  });
}

/** 00:00 Asia/Ho_Chi_Minh on the day after `due`, as a UTC ISO instant: when the timer is overdue. */
export function overdueInstant(due: LocalDate): string {
  return vietnamInstant(addDays(due, 1), 0).toISOString();
}

/** 07:00 Asia/Ho_Chi_Minh on the reminder's date, as a UTC ISO instant. */
export function reminderInstant(date: LocalDate): string {
  return vietnamInstant(date, 7).toISOString();
}

/** 00:00 Asia/Ho_Chi_Minh on the date, as a UTC ISO instant: when a step-opening timer takes effect. */
export function takesEffectInstant(date: LocalDate): string {
  return vietnamInstant(date, 0).toISOString();
}

export interface DeadlineInstants {
  overdueAt: string | null;
  extendedOverdueAt: string | null;
  /** Only for timers that open a step (probation end). */
  takesEffectAt: string | null;
  reminders: { date: LocalDate; offset: number; at: string }[];
}

/** The instants a scheduler needs for one deadline (all UTC ISO strings). */
export function deadlineInstants(deadline: Deadline): DeadlineInstants {
  return {
    overdueAt: deadline.due === null ? null : overdueInstant(deadline.due),
    extendedOverdueAt: deadline.extendedDue === null ? null : overdueInstant(deadline.extendedDue),
    takesEffectAt: deadline.onMissed === 'opensStep' && deadline.due !== null ? takesEffectInstant(deadline.due) : null,
    reminders: deadline.reminders.map((r) => ({ date: r.date, offset: r.offset, at: reminderInstant(r.date) })),
  };
}
