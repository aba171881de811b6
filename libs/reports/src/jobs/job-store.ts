import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  organisationId: string | null;
  requestedBy: string | null;
  params: Record<string, unknown>;
  progress: { done: number; total: number | null; percent: number | null };
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  organisation_id: string | null;
  requested_by: string | null;
  params: Record<string, unknown>;
  progress_done: number;
  progress_total: number | null;
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const toView = (r: JobRow): JobView => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  organisationId: r.organisation_id,
  requestedBy: r.requested_by,
  params: r.params,
  progress: {
    done: r.progress_done,
    total: r.progress_total,
    percent: r.progress_total ? Math.floor((r.progress_done * 100) / r.progress_total) : r.status === 'done' ? 100 : null,
  },
  result: r.result,
  error: r.error,
  createdAt: r.created_at.toISOString(),
  startedAt: r.started_at?.toISOString() ?? null,
  finishedAt: r.finished_at?.toISOString() ?? null,
});

/** Background jobs with progress (table `jobs`): the API creates the row, the worker moves it. */
@Injectable()
export class JobStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async create(
    kind: string,
    organisationId: string | null,
    requestedBy: string | null,
    params: Record<string, unknown> = {},
  ): Promise<string> {
    const [row] = (await this.ds.query(
      `INSERT INTO jobs (kind, organisation_id, requested_by, params) VALUES ($1, $2, $3, $4) RETURNING id`,
      [kind, organisationId, requestedBy, JSON.stringify(params)],
    )) as { id: string }[];
    return row!.id;
  }

  async find(id: string): Promise<JobView | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const rows: JobRow[] = await this.ds.query(`SELECT * FROM jobs WHERE id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async start(id: string, total: number): Promise<void> {
    await this.ds.query(
      `UPDATE jobs SET status = 'running', progress_total = $2, progress_done = 0, started_at = COALESCE(started_at, now()), error = NULL, updated_at = now() WHERE id = $1`,
      [id, total],
    );
  }

  async progress(id: string, done: number): Promise<void> {
    await this.ds.query(`UPDATE jobs SET progress_done = $2, updated_at = now() WHERE id = $1`, [id, done]);
  }

  async finish(id: string, result: Record<string, unknown>): Promise<void> {
    await this.ds.query(
      `UPDATE jobs SET status = 'done', result = $2, progress_done = COALESCE(progress_total, progress_done), finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(result)],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.ds.query(`UPDATE jobs SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`, [
      id,
      error.slice(0, 2000),
    ]);
  }
}
