import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { userActor, type Actor } from '#cases';
import { UserService } from '#orgs';
import { QueueGateway } from '#scheduling';
import type { ImportKind } from './formats.js';
import { ImportService } from './import.service.js';
import type { ImportCounts, ImportReport } from './import.types.js';
import { message } from '#messages';

export type ImportJobStatus = 'queued' | 'running' | 'done' | 'rejected' | 'failed';

export interface ImportJobView {
  id: string;
  kind: ImportKind;
  status: ImportJobStatus;
  fileName: string | null;
  requestedBy: string | null;
  progress: { done: number; total: number | null; percent: number | null };
  counts: Partial<ImportCounts>;
  report: ImportReport | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface JobRow {
  id: string;
  kind: ImportKind;
  status: ImportJobStatus;
  file_name: string | null;
  requested_by: string | null;
  scope_roots: string[] | null;
  progress_done: number;
  progress_total: number | null;
  counts: Partial<ImportCounts>;
  report: ImportReport | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const VIEW_COLUMNS = `id, kind, status, file_name, requested_by, scope_roots, progress_done, progress_total, counts, report, error, created_at, started_at, finished_at`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toView(r: JobRow): ImportJobView {
  const finished = r.status === 'done' || r.status === 'rejected';
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    fileName: r.file_name,
    requestedBy: r.requested_by,
    progress: {
      done: r.progress_done,
      total: r.progress_total,
      percent: r.progress_total ? Math.floor((r.progress_done * 100) / r.progress_total) : finished ? 100 : r.progress_total === 0 ? 100 : null,
    },
    counts: r.counts,
    report: r.report,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/**
 * Background imports (table import_jobs): the API stores the file in the row (bytea) and enqueues
 * `import.run`; the worker runs it through ImportService, writing progress as it goes. At-least-once
 * delivery is harmless: a finished job is not run again, and the import itself is idempotent.
 */
@Injectable()
export class ImportJobs {
  private readonly logger = new Logger('ImportJobs');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly imports: ImportService,
    private readonly queue: QueueGateway,
    private readonly users: UserService,
  ) {}

  async submit(input: { kind: ImportKind; content: string; fileName?: string | null; requestedBy: string | null; scopeRoots: readonly string[] | null }): Promise<string> {
    const bytes = Buffer.from(input.content, 'utf8');
    const [row]: { id: string }[] = await this.ds.query(
      `INSERT INTO import_jobs (kind, requested_by, scope_roots, file_name, content, content_sha256) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.kind, input.requestedBy, input.scopeRoots, input.fileName ?? null, bytes, createHash('sha256').update(bytes).digest('hex')],
    );
    const id = row!.id;
    try {
      await this.queue.add('import.run', { jobId: id }, { jobId: `import:${id}`, attempts: 3 });
    } catch (err) {
      await this.fail(id, message('IMPORTS.COULD_NOT_ENQUEUE', { error: err instanceof Error ? err.message : String(err) }));
      throw err;
    }
    return id;
  }

  async find(id: string): Promise<ImportJobView | null> {
    if (!UUID.test(id)) return null;
    const rows: JobRow[] = await this.ds.query(`SELECT ${VIEW_COLUMNS} FROM import_jobs WHERE id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  /** The worker's side of `import.run`. */
  async run(jobId: string): Promise<ImportJobView | null> {
    const claimed: (JobRow & { content: Buffer })[] = await this.ds.query(
      // A CTE so the driver answers rows (a bare UPDATE ... RETURNING answers [rows, count]).
      `WITH claimed AS (
         UPDATE import_jobs SET status = 'running', started_at = COALESCE(started_at, now()), error = NULL, updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${VIEW_COLUMNS}, content
       ) SELECT * FROM claimed`,
      [jobId],
    );
    const job = claimed[0];
    if (!job) return this.find(jobId); // finished (or unknown): a redelivered job does nothing
    try {
      const report = await this.imports.run(job.kind, job.content.toString('utf8'), {
        actor: { userId: job.requested_by, scopeRoots: job.scope_roots },
        caseActor: await this.caseActor(job.requested_by),
        jobId,
        onProgress: (done, total) => this.progress(jobId, done, total),
      });
      await this.ds.query(
        `UPDATE import_jobs SET status = $2, counts = $3, report = $4, progress_done = COALESCE(progress_total, progress_done), finished_at = now(), updated_at = now() WHERE id = $1`,
        [jobId, report.status, JSON.stringify(report.counts), JSON.stringify(report)],
      );
    } catch (err) {
      this.logger.error({ msg: 'import job failed', jobId, err: err instanceof Error ? err.message : String(err) });
      await this.fail(jobId, err instanceof Error ? err.message : String(err));
    }
    return this.find(jobId);
  }

  private async progress(jobId: string, done: number, total: number): Promise<void> {
    await this.ds.query(`UPDATE import_jobs SET progress_done = $2, progress_total = $3, updated_at = now() WHERE id = $1`, [jobId, done, total]);
  }

  private async fail(jobId: string, error: string): Promise<void> {
    await this.ds.query(`UPDATE import_jobs SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`, [jobId, error.slice(0, 2000)]);
  }

  /** Cases are opened and imported as the requesting user (its grants today), or the system from the CLI. */
  private async caseActor(userId: string | null): Promise<Actor | undefined> {
    if (!userId) return undefined;
    const user = await this.users.get(userId);
    return userActor({ id: user.id, username: user.username, personId: user.personId, sessionId: 'import-job', grants: user.grants });
  }
}
