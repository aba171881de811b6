import { isLocalDate, localDateInVietnam } from '#procedure';

/** A legal date, ISO `YYYY-MM-DD`, with no time zone (Vietnam local date). */
export type IsoDate = string;

export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(value: unknown): value is IsoDate {
  return isLocalDate(value);
}

/** Today in Asia/Ho_Chi_Minh (UTC+7, no daylight saving): the procedure library's arithmetic. */
export function todayInVietnam(now: Date = new Date()): IsoDate {
  return localDateInVietnam(now);
}
