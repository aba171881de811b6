/**
 * Legal dates are calendar dates in Vietnam (Asia/Ho_Chi_Minh), carried as ISO strings
 * `YYYY-MM-DD`. Arithmetic goes through UTC midnights so that no host time zone can shift a day.
 * Nothing here reads the clock: "today" always comes in as a value.
 */
export type LocalDate = string & { readonly __localDate?: unique symbol };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidDateError extends Error {
  readonly code = 'DATE.INVALID';
  constructor(readonly value: unknown) {
    super(`Ngày không hợp lệ / invalid date: ${String(value)}`);
  }
}

/** True for a real calendar date written as YYYY-MM-DD (2025-02-30 is false). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function parseLocalDate(value: unknown): LocalDate {
  if (!isLocalDate(value)) throw new InvalidDateError(value);
  return value;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parts(date: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function fromParts(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate;
}

function toUtcMs(date: LocalDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): LocalDate {
  const d = new Date(ms);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const DAY_MS = 86_400_000;

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/**
 * N months after `date`: the same day-of-month, clamped to the last day of the target month
 * (procedure.md §7 "Counting": one month from 31 January ends on the last day of February).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return fromParts(y, m, Math.min(day, daysInMonth(y, m)));
}

/**
 * Full months elapsed from `from` to `to` (age in full months, procedure.md I-2).
 * A month is complete on the same day-of-month (clamped), so someone born 2007-11-30 has
 * 216 full months on 2025-11-30 and 215 on 2025-11-29.
 */
export function fullMonthsBetween(from: LocalDate, to: LocalDate): number {
  if (compareDates(to, from) < 0) return -fullMonthsBetween(to, from);
  const a = parts(from);
  const b = parts(to);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (compareDates(addMonths(from, months), to) > 0) months -= 1;
  return months;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const isBefore = (a: LocalDate, b: LocalDate): boolean => a < b;
export const isAfter = (a: LocalDate, b: LocalDate): boolean => a > b;
export const isOnOrBefore = (a: LocalDate, b: LocalDate): boolean => a <= b;
export const isOnOrAfter = (a: LocalDate, b: LocalDate): boolean => a >= b;

export function maxDate(...dates: LocalDate[]): LocalDate {
  return dates.reduce((m, d) => (d > m ? d : m));
}

export function minDate(...dates: LocalDate[]): LocalDate {
  return dates.reduce((m, d) => (d < m ? d : m));
}

/** The Vietnam local date of an instant (UTC+7, no daylight saving since 1975). */
export function localDateInVietnam(instant: Date): LocalDate {
  return fromUtcMs(instant.getTime() + 7 * 3_600_000);
}

/** The instant at which a Vietnam local date starts, plus `hour` hours (07:00 reminders). */
export function vietnamInstant(date: LocalDate, hour = 0): Date {
  return new Date(toUtcMs(date) - 7 * 3_600_000 + hour * 3_600_000);
}
