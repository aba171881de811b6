import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { paths } from '#platform';
import { CalendarDataError, createWorkingCalendar, validateCalendarYears, type CalendarYear, type WorkingCalendar } from '#procedure';

/**
 * The working-day calendar lives in the database (one row per year) so an operator can enter or
 * confirm a year; config/calendar/*.json seeds the years the database does not have yet.
 */
@Injectable()
export class CalendarStore {
  private readonly logger = new Logger('CalendarStore');
  private cached?: { at: number; calendar: WorkingCalendar };

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Read every config/calendar/<year>.json (validated); the database's rows win over them. */
  static readConfigYears(dir = paths.calendarDir()): CalendarYear[] {
    if (!fs.existsSync(dir)) return [];
    const raw = fs
      .readdirSync(dir)
      .filter((f) => /^\d{4}\.json$/.test(f))
      .sort()
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown);
    const checked = validateCalendarYears(raw);
    if (!checked.ok) throw new CalendarDataError(checked.issues);
    return checked.years;
  }

  /** Insert the config years the database lacks; returns the years inserted. */
  async seedFromConfig(years: CalendarYear[] = CalendarStore.readConfigYears()): Promise<number[]> {
    const inserted: number[] = [];
    for (const y of years) {
      const rows: unknown[] = await this.db.query(
        `INSERT INTO calendar_years (year, status, data, origin) VALUES ($1, $2, $3, 'config') ON CONFLICT (year) DO NOTHING RETURNING year`,
        [y.year, y.status, JSON.stringify(y)],
      );
      if (rows.length) inserted.push(y.year);
    }
    if (inserted.length) this.invalidate();
    return inserted;
  }

  async years(manager: EntityManager | DataSource = this.db): Promise<CalendarYear[]> {
    const rows: { data: CalendarYear }[] = await manager.query(`SELECT data FROM calendar_years ORDER BY year`);
    return rows.map((r) => r.data);
  }

  /** The calendar as of now; cached for a few seconds (every process re-reads after a correction). */
  async calendar(): Promise<WorkingCalendar> {
    const now = performance.now();
    if (this.cached && now - this.cached.at < 5_000) return this.cached.calendar;
    let years = await this.years();
    if (years.length === 0) {
      await this.seedFromConfig();
      years = await this.years();
    }
    const calendar = createWorkingCalendar(years);
    this.cached = { at: now, calendar };
    return calendar;
  }

  /** Enter or correct one year inside the caller's transaction. */
  async upsertYear(manager: EntityManager, year: CalendarYear, actorId: string | null, reason: string): Promise<void> {
    const checked = validateCalendarYears([year]);
    if (!checked.ok) throw new CalendarDataError(checked.issues);
    await manager.query(
      `INSERT INTO calendar_years (year, status, data, origin, updated_by, reason, updated_at)
       VALUES ($1, $2, $3, 'operator', $4, $5, now())
       ON CONFLICT (year) DO UPDATE SET status = EXCLUDED.status, data = EXCLUDED.data, origin = 'operator',
         updated_by = EXCLUDED.updated_by, reason = EXCLUDED.reason, updated_at = now()`,
      [year.year, year.status, JSON.stringify(checked.years[0]), actorId, reason],
    );
    this.invalidate();
    this.logger.log({ msg: 'calendar year entered', year: year.year, status: year.status });
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
