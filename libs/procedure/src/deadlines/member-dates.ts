import { addDays, addMonths, compareDates, daysBetween, fullMonthsBetween, InvalidDateError, isLocalDate, maxDate, minDate, type LocalDate } from '../dates.js';
import { TIMERS, editionForStart } from './timers.js';

/** Charter Art. 5.1: twelve months of probation, never extended. Used for imported pre-2021 history. */
export const CHARTER_PROBATION_MONTHS = 12;

/**
 * Probation end = recognition date (procedure.md §8, I-4): the ceremony date plus 12 calendar
 * months, clamped at month end. Probation runs from the ceremony day inclusive, so this is the
 * first day the self-review and the cell's recognition resolution may be dated.
 */
export function probationEnd(ceremonyDate: LocalDate): LocalDate {
  if (!isLocalDate(ceremonyDate)) throw new InvalidDateError(ceremonyDate);
  const edition = editionForStart(ceremonyDate);
  const months = edition === null ? CHARTER_PROBATION_MONTHS : TIMERS.probationEnd.params[edition].length;
  return addMonths(ceremonyDate, months);
}

/** Alias with the §8 name: recognition takes effect on the day the 12 months end. */
export const recognitionDate = probationEnd;

/**
 * A period without membership (expelled, removed, out of contact, a gap in a transfer).
 * Half-open: `from` is the first day without membership, `to` the day membership resumed.
 */
export interface MembershipGap {
  from: LocalDate;
  to: LocalDate;
}

export interface PartyAge {
  years: number;
  /** Months beyond the full years (0–11). */
  months: number;
  totalMonths: number;
  /** Calendar days of gaps inside [decisionDate, asOf), overlaps counted once. */
  gapDays: number;
  /** The decision date moved forward by the gap days: party age is the full months from it to `asOf`. */
  countedFrom: LocalDate;
}

/**
 * Party age (tuổi đảng, §8) in full years and months from the admission decision date, minus gaps.
 * The gaps are subtracted by moving the start forward by their length in days ("count from the
 * first decision minus the gap"), then counting full months as in I-2; a partial month of a gap
 * therefore still shortens the age.
 */
export function partyAge(decisionDate: LocalDate, asOf: LocalDate, gaps: readonly MembershipGap[] = []): PartyAge {
  for (const d of [decisionDate, asOf, ...gaps.flatMap((g) => [g.from, g.to])]) {
    if (!isLocalDate(d)) throw new InvalidDateError(d);
  }
  if (asOf <= decisionDate) return { years: 0, months: 0, totalMonths: 0, gapDays: 0, countedFrom: decisionDate };
  // Clip each gap to the counted period, then merge overlaps so no day is subtracted twice.
  const clipped = gaps
    .map((g) => ({ from: maxDate(g.from, decisionDate), to: minDate(g.to, asOf) }))
    .filter((g) => g.from < g.to)
    .sort((a, b) => compareDates(a.from, b.from));
  let gapDays = 0;
  let cursor: LocalDate | null = null;
  for (const g of clipped) {
    const from: LocalDate = cursor !== null && cursor > g.from ? cursor : g.from;
    if (g.to > from) gapDays += daysBetween(from, g.to);
    if (cursor === null || g.to > cursor) cursor = g.to;
  }
  const countedFrom = addDays(decisionDate, gapDays);
  const totalMonths = Math.max(0, fullMonthsBetween(countedFrom, asOf));
  return { years: Math.floor(totalMonths / 12), months: totalMonths % 12, totalMonths, gapDays, countedFrom };
}
