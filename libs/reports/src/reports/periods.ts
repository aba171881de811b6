export const PERIODS = ['month', 'quarter', 'half', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodSlot {
  /** '2021-03', '2021-Q1', '2021-H1' or '2021'. */
  key: string;
  from: string;
  to: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The slots of a year for a granularity, in order (inclusive ISO date bounds). */
export function periodSlots(year: number, period: Period): PeriodSlot[] {
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 : period === 'half' ? 6 : 12;
  const out: PeriodSlot[] = [];
  for (let start = 1, i = 1; start <= 12; start += months, i++) {
    const end = start + months - 1;
    const key =
      period === 'month'
        ? `${year}-${pad(start)}`
        : period === 'quarter'
          ? `${year}-Q${i}`
          : period === 'half'
            ? `${year}-H${i}`
            : `${year}`;
    out.push({ key, from: `${year}-${pad(start)}-01`, to: `${year}-${pad(end)}-${pad(lastDay(year, end))}` });
  }
  return out;
}

export function slotOf(slots: readonly PeriodSlot[], date: string): PeriodSlot | undefined {
  return slots.find((s) => s.from <= date && date <= s.to);
}
