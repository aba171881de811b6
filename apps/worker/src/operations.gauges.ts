import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ClockService, Metrics, registerPoolGauges } from '#platform';
import { QueueGateway } from '#scheduling';
import { CalendarStore } from '#cases';
import { AuditChainer } from '#audit';

/**
 * The worker's view of stored state, read when Prometheus scrapes (docs/operations.md "Metrics"):
 * jobs by state, the outbox and its lag, the audit backlog (entries not yet chained) and anchor, re-audit progress, deadlines that are
 * provisional or awaiting calendar data, and which calendar years are known (the alert for next
 * year's calendar missing by 1 November reads `kn_calendar_next_year_known`). Read-only queries.
 */
@Injectable()
export class OperationsGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: QueueGateway,
    private readonly clock: ClockService,
    private readonly calendars: CalendarStore,
    private readonly chainer: AuditChainer,
  ) {}

  /** The years the engine computes with (the store seeds the shipped ones on first use). */
  private async years(): Promise<{ year: number; status: string }[]> {
    await this.calendars.calendar();
    return this.calendars.years();
  }

  onModuleInit(): void {
    const m = this.metrics;
    registerPoolGauges(m, this.db);
    m.gauge('kn_jobs', 'Queue jobs by state (delayed = armed deadline wake-ups and retries)', ['state'], async (set) => {
      for (const [state, n] of Object.entries(await this.queue.counts())) set({ state }, n);
    });
    m.gauge('kn_outbox_pending', 'Outbox rows committed but not yet relayed', [], async (set) => {
      const [r] = await this.db.query(`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`);
      set({}, r.n);
    });
    m.gauge('kn_outbox_lag_seconds', 'Age of the oldest outbox row not yet relayed (0 when drained)', [], async (set) => {
      const [r] = await this.db.query(
        `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS s FROM outbox WHERE processed_at IS NULL AND available_at <= now()`,
      );
      set({}, r.s);
    });
    m.gauge('kn_audit_pending', 'Audit entries recorded (committed) but not yet chained into audit_log', [], async (set) => {
      set({}, (await this.chainer.backlog()).pending);
    });
    m.gauge('kn_audit_lag_seconds', 'Age of the oldest audit entry not yet chained (0 when drained)', [], async (set) => {
      set({}, (await this.chainer.backlog()).oldestAgeSeconds);
    });
    m.gauge('kn_audit_unanchored_rows', 'Audit rows written since the last anchor', [], async (set) => {
      const [r] = await this.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE occurred_at > COALESCE((SELECT max(created_at) FROM audit_anchors), '-infinity')`,
      );
      set({}, r.n);
    });
    m.gauge('kn_audit_anchor_age_seconds', 'Seconds since the audit chain heads were last anchored', [], async (set) => {
      const [r] = await this.db.query(`SELECT EXTRACT(EPOCH FROM now() - max(created_at))::float AS s FROM audit_anchors`);
      if (r?.s !== null && r?.s !== undefined) set({}, r.s);
    });
    m.gauge('kn_background_jobs', 'Background jobs (re-audit, imports, exports) by kind and status', ['kind', 'status'], async (set) => {
      const rows: { kind: string; status: string; n: number }[] = await this.db.query(
        `SELECT kind, status, count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running') OR finished_at > now() - interval '1 day' GROUP BY 1, 2`,
      );
      for (const r of rows) set({ kind: r.kind, status: r.status }, r.n);
    });
    m.gauge('kn_background_job_progress_ratio', 'Progress of each running background job (re-audit progress), 0..1', ['kind', 'job'], async (set) => {
      const rows: { id: string; kind: string; done: number; total: number | null }[] = await this.db.query(
        `SELECT id, kind, progress_done AS done, progress_total AS total FROM jobs WHERE status = 'running'`,
      );
      for (const r of rows) set({ kind: r.kind, job: r.id }, r.total ? r.done / r.total : 0);
    });
    m.gauge('kn_deadlines_pending', 'Pending legal deadlines by calendar status (provisional, awaitingCalendar need attention)', ['calendar_status'], async (set) => {
      const rows: { s: string; n: number }[] = await this.db.query(
        `SELECT calendar_status::text AS s, count(*)::int AS n FROM deadlines WHERE status = 'pending' GROUP BY 1`,
      );
      for (const s of ['confirmed', 'provisional', 'awaitingCalendar', 'noEdition']) set({ calendar_status: s }, rows.find((r) => r.s === s)?.n ?? 0);
    });
    m.gauge('kn_calendar_year', 'Working-day calendar years known to the engine (1 per year and status)', ['year', 'status'], async (set) => {
      for (const r of await this.years()) set({ year: String(r.year), status: r.status }, 1);
    });
    m.gauge('kn_calendar_next_year_known', "1 when next year's working-day calendar is entered (confirmed or provisional), else 0", ['year'], async (set) => {
      const year = Number((await this.clock.now()).toISOString().slice(0, 4)) + 1;
      set({ year: String(year) }, (await this.years()).some((y) => y.year === year) ? 1 : 0);
    });
  }
}
