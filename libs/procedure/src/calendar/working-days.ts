import { addDays, dayOfWeek, InvalidDateError, isLocalDate, parts, type LocalDate } from '../dates.js';

/**
 * The state-sector working-day calendar (procedure.md §7 "Working days", I-1; calendar-vn.md).
 * The calendar is data, one value per year: the engine never guesses a year it has no data for.
 * Everything here is pure: adapters read config/calendar/*.json and pass the parsed values in.
 */

/** Status of one year's data: `confirmed` = official schedule; `provisional` = statutory days only. */
export type CalendarYearStatus = 'confirmed' | 'provisional';

/** Status of a computation: the worst status over the years it crossed. */
export type CalendarStatus = 'confirmed' | 'provisional' | 'awaitingCalendar';

export interface CalendarDay {
  date: LocalDate;
  name: string;
}

/** One config/calendar/<year>.json file. */
export interface CalendarYear {
  year: number;
  status: CalendarYearStatus;
  /** Weekdays (Mon–Fri) that are not worked: holidays, compensatory and swapped days. */
  daysOff: CalendarDay[];
  /** Weekend days declared working days (make-up Saturdays). */
  makeUpWorkingDays: CalendarDay[];
  sources: string[];
  notes?: string;
}

/** What the calendar knows about one date. `working` is null when its year has no data. */
export interface DayInfo {
  date: LocalDate;
  year: number;
  working: boolean | null;
  yearStatus: CalendarYearStatus | 'missing';
  /** Why the day differs from the plain weekday rule (holiday name or make-up day). */
  reason?: string;
}

/**
 * Which years a working-day computation crossed and how reliable their data was.
 * `calendarYears` includes missing years, so a deadline can be recomputed when one is entered.
 */
export interface CalendarUsage {
  status: CalendarStatus;
  calendarYears: number[];
  provisionalYears: number[];
  missingYears: number[];
}

/** `date` is null exactly when status is `awaitingCalendar`. */
export interface AddWorkingDaysResult extends CalendarUsage {
  date: LocalDate | null;
}

/** `days` is null exactly when status is `awaitingCalendar`. */
export interface WorkingDaysBetweenResult extends CalendarUsage {
  days: number | null;
}

export interface CalendarDataIssue {
  code: 'CALENDAR.INVALID';
  year: number | null;
  message: string;
}

export class CalendarDataError extends Error {
  readonly code = 'CALENDAR.INVALID';
  constructor(readonly issues: CalendarDataIssue[]) {
    super(`Dữ liệu lịch làm việc không hợp lệ / invalid calendar data: ${issues.map((i) => i.message).join('; ')}`);
  }
}

/** Worst-first order used to combine statuses. */
const STATUS_RANK: Record<CalendarStatus, number> = { confirmed: 0, provisional: 1, awaitingCalendar: 2 };

export function worstCalendarStatus(...statuses: CalendarStatus[]): CalendarStatus {
  return statuses.reduce<CalendarStatus>((w, s) => (STATUS_RANK[s] > STATUS_RANK[w] ? s : w), 'confirmed');
}

function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/**
 * The years a calendar may describe: the working-day arithmetic reads Gregorian dates of the
 * modern civil calendar, and the store holds no other year (its CHECK says the same).
 */
export const CALENDAR_YEARS = { first: 2000, last: 2200 } as const;

/**
 * Checks parsed JSON without throwing, so an adapter can report every problem at once.
 * A weekend "day off" or a weekday "make-up day" is refused: it would mean the data was
 * transcribed wrongly (calendar-vn.md checks the same invariants).
 */
export function validateCalendarYears(value: unknown): { ok: true; years: CalendarYear[] } | { ok: false; issues: CalendarDataIssue[] } {
  const issues: CalendarDataIssue[] = [];
  const issue = (year: number | null, message: string): void => {
    issues.push({ code: 'CALENDAR.INVALID', year, message });
  };
  if (!Array.isArray(value)) {
    issue(null, 'expected an array of calendar years');
    return { ok: false, issues };
  }
  const seen = new Set<number>();
  for (const raw of value as unknown[]) {
    if (typeof raw !== 'object' || raw === null) {
      issue(null, 'a calendar year must be an object');
      continue;
    }
    const y = raw as Record<string, unknown>;
    const year = typeof y.year === 'number' && Number.isInteger(y.year) ? y.year : null;
    if (year === null) {
      issue(null, 'year must be an integer');
      continue;
    }
    if (year < CALENDAR_YEARS.first || year > CALENDAR_YEARS.last) issue(year, `${year}: year must be between ${CALENDAR_YEARS.first} and ${CALENDAR_YEARS.last}`);
    if (seen.has(year)) issue(year, `${year}: duplicate year`);
    seen.add(year);
    if (y.status !== 'confirmed' && y.status !== 'provisional') issue(year, `${year}: status must be confirmed or provisional`);
    if (!Array.isArray(y.sources) || !y.sources.every((s) => typeof s === 'string')) issue(year, `${year}: sources must be strings`);
    if (y.notes !== undefined && typeof y.notes !== 'string') issue(year, `${year}: notes must be a string`);
    const dates = new Set<string>();
    for (const [field, mustBeWeekend] of [['daysOff', false], ['makeUpWorkingDays', true]] as const) {
      const list = y[field];
      if (!Array.isArray(list)) {
        issue(year, `${year}: ${field} must be an array`);
        continue;
      }
      for (const d of list as unknown[]) {
        const day = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
        if (!isLocalDate(day.date) || typeof day.name !== 'string') {
          issue(year, `${year}: ${field} entry needs a valid date and a name (${JSON.stringify(d)})`);
          continue;
        }
        if (parts(day.date).year !== year) issue(year, `${year}: ${day.date} is not in ${year}`);
        if (dates.has(day.date)) issue(year, `${year}: ${day.date} listed twice`);
        dates.add(day.date);
        if (isWeekend(day.date) !== mustBeWeekend) {
          issue(year, `${year}: ${day.date} in ${field} must be ${mustBeWeekend ? 'a weekend day' : 'a weekday'}`);
        }
      }
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, years: value as CalendarYear[] };
}

interface YearIndex {
  status: CalendarYearStatus;
  daysOff: Map<string, string>;
  makeUp: Map<string, string>;
}

/**
 * An immutable calendar over the years given. Construction refuses malformed data
 * (a configuration error, found at start-up); lookups never throw for a year without data.
 */
export class WorkingCalendar {
  private readonly index = new Map<number, YearIndex>();

  constructor(years: readonly CalendarYear[]) {
    const checked = validateCalendarYears(years);
    if (!checked.ok) throw new CalendarDataError(checked.issues);
    for (const y of checked.years) {
      this.index.set(y.year, {
        status: y.status,
        daysOff: new Map(y.daysOff.map((d) => [d.date, d.name])),
        makeUp: new Map(y.makeUpWorkingDays.map((d) => [d.date, d.name])),
      });
    }
  }

  /** Years with data, ascending. */
  years(): number[] {
    return [...this.index.keys()].sort((a, b) => a - b);
  }

  yearStatus(year: number): CalendarYearStatus | 'missing' {
    return this.index.get(year)?.status ?? 'missing';
  }

  describeDay(date: LocalDate): DayInfo {
    if (!isLocalDate(date)) throw new InvalidDateError(date);
    return this.lookup(date);
  }

  private lookup(date: LocalDate): DayInfo {
    const year = parts(date).year;
    const data = this.index.get(year);
    if (!data) return { date, year, working: null, yearStatus: 'missing' };
    const off = data.daysOff.get(date);
    if (off !== undefined) return { date, year, working: false, yearStatus: data.status, reason: off };
    const makeUp = data.makeUp.get(date);
    if (makeUp !== undefined) return { date, year, working: true, yearStatus: data.status, reason: makeUp };
    return { date, year, working: !isWeekend(date), yearStatus: data.status };
  }

  /** Mon–Fri minus days off plus make-up days; null when the year has no data (never a guess). */
  isWorkingDay(date: LocalDate): boolean | null {
    return this.describeDay(date).working;
  }

  /**
   * The N-th working day after `start` (start not counted, §7 "Counting"); a negative N gives
   * the N-th working day before `start`. Stops at the first day whose year has no data.
   */
  addWorkingDays(start: LocalDate, n: number): AddWorkingDaysResult {
    if (!isLocalDate(start)) throw new InvalidDateError(start);
    if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer: ${n}`);
    const step = n < 0 ? -1 : 1;
    const tracker = new YearTracker();
    let date = start;
    let remaining = Math.abs(n);
    while (remaining > 0) {
      date = addDays(date, step);
      const info = this.lookup(date);
      tracker.note(info);
      if (info.working === null) return { ...tracker.usage(), date: null };
      if (info.working) remaining -= 1;
    }
    return { ...tracker.usage(), date };
  }

  /**
   * Working days in (a, b] when a <= b, negated (working days in (b, a]) when b < a, so that
   * workingDaysBetween(d, addWorkingDays(d, n)) === n for n >= 0.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): WorkingDaysBetweenResult {
    if (!isLocalDate(a)) throw new InvalidDateError(a);
    if (!isLocalDate(b)) throw new InvalidDateError(b);
    const sign = b < a ? -1 : 1;
    const [from, to] = sign < 0 ? [b, a] : [a, b];
    const tracker = new YearTracker();
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
      const info = this.lookup(d);
      tracker.note(info);
      if (info.working === null) return { ...tracker.usage(), days: null };
      if (info.working) count += 1;
    }
    return { ...tracker.usage(), days: sign < 0 ? -count : count };
  }
}

/** Records which years a computation crossed and how reliable their data was. */
class YearTracker {
  private readonly years = new Map<number, CalendarYearStatus | 'missing'>();

  note(info: DayInfo): void {
    this.years.set(info.year, info.yearStatus);
  }

  usage(): CalendarUsage {
    const calendarYears = [...this.years.keys()].sort((a, b) => a - b);
    const provisionalYears = calendarYears.filter((y) => this.years.get(y) === 'provisional');
    const missingYears = calendarYears.filter((y) => this.years.get(y) === 'missing');
    const status: CalendarStatus = missingYears.length > 0 ? 'awaitingCalendar' : provisionalYears.length > 0 ? 'provisional' : 'confirmed';
    return { status, calendarYears, provisionalYears, missingYears };
  }
}

export function createWorkingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  return new WorkingCalendar(years);
}

/** Combines the usage of several computations (a due date and its extension, say). */
export function mergeCalendarUsage(...usages: CalendarUsage[]): CalendarUsage {
  const union = (pick: (u: CalendarUsage) => number[]): number[] =>
    [...new Set(usages.flatMap(pick))].sort((a, b) => a - b);
  return {
    status: worstCalendarStatus(...usages.map((u) => u.status)),
    calendarYears: union((u) => u.calendarYears),
    provisionalYears: union((u) => u.provisionalYears),
    missingYears: union((u) => u.missingYears),
  };
}
