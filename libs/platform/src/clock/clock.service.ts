import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { message } from '#messages';

/**
 * The one source of "now" for the application layer (the domain takes dates as values).
 * With CLOCK_CONTROL on (demos and tests, refused in production) an offset stored in the
 * database moves every process's clock at once; otherwise it is the system clock.
 */
@Injectable()
export class ClockService {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  get controllable(): boolean {
    return this.config.CLOCK_CONTROL && this.config.NODE_ENV !== 'production';
  }

  /** Read every time when settable (demos and tests only): every process sees a move at once. */
  async now(): Promise<Date> {
    if (!this.controllable) return new Date();
    const rows: { offset_ms: string }[] = await this.db.query(`SELECT offset_ms FROM clock_settings WHERE id`);
    return new Date(Date.now() + (rows.length ? Number(rows[0].offset_ms) : 0));
  }

  /** Move the clock to an instant (null: back to real time). The caller audits it. */
  async set(to: Date | null, actorId: string | null): Promise<Date> {
    if (!this.controllable) throw Object.assign(new Error(message('PLATFORM.CLOCK_NOT_SETTABLE_HERE')), { code: 'FORBIDDEN' });
    const offset = to ? to.getTime() - Date.now() : 0;
    await this.db.query(
      `INSERT INTO clock_settings (id, offset_ms, updated_by, updated_at) VALUES (true, $1, $2, now())
       ON CONFLICT (id) DO UPDATE SET offset_ms = EXCLUDED.offset_ms, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [offset, actorId],
    );
    return new Date(Date.now() + offset);
  }
}
