import { Injectable } from '@nestjs/common';
import { AccessService, type Actor, type Role } from '#orgs';
import { QueueGateway } from '#scheduling';
import { reportsNotFound } from '../errors.js';
import { type JobView, JobStore } from '../jobs/job-store.js';
import { ComplianceService } from './compliance.service.js';

export const REAUDIT_JOB_KIND = 'compliance.reaudit';
/** How many changed cases a job's result lists (the counts cover all). */
export const REAUDIT_CHANGES_KEPT = 500;
/** Who may start a re-audit of a subtree. */
export const REAUDIT_ROLES: readonly Role[] = ['inspection', 'organisationDepartment', 'admin'];

/** The re-audit as a background job: the API creates the jobs row and enqueues, the worker runs it. */
@Injectable()
export class ReauditJobs {
  constructor(
    private readonly jobs: JobStore,
    private readonly queue: QueueGateway,
    private readonly compliance: ComplianceService,
    private readonly access: AccessService,
  ) {}

  async request(user: Actor, organisationId: string): Promise<{ jobId: string }> {
    await this.access.assertCanAct(user, REAUDIT_ROLES, organisationId);
    const jobId = await this.jobs.create(REAUDIT_JOB_KIND, organisationId, user.id, { organisationId });
    await this.queue.add('compliance.reaudit', { jobId }, { jobId: `compliance.reaudit:${jobId}`, attempts: 3 });
    return { jobId };
  }

  /** The job's state, for anyone who can see its organisation (404 otherwise). */
  async view(user: Actor, id: string): Promise<JobView> {
    const job = await this.jobs.find(id);
    if (!job || !job.organisationId || !(await this.access.canSee(user, job.organisationId))) throw reportsNotFound();
    return job;
  }

  /** The worker's handler body. Safe to run twice (Bull is at-least-once): the audit is idempotent. */
  async run(jobId: string): Promise<void> {
    const job = await this.jobs.find(jobId);
    if (!job || job.status === 'done' || !job.organisationId) return;
    try {
      const delta = await this.compliance.reaudit(job.organisationId, {
        jobId,
        actorUserId: job.requestedBy,
        onStart: (total) => this.jobs.start(jobId, total),
        onProgress: (done) => this.jobs.progress(jobId, done),
      });
      // Per case what changed (ids, rules, steps, reasons: no personal data), capped for the jobs row.
      await this.jobs.finish(jobId, {
        cases: delta.cases,
        opened: delta.opened,
        closed: delta.closed,
        reopened: delta.reopened,
        changes: delta.changes.slice(0, REAUDIT_CHANGES_KEPT),
        changesNotListed: Math.max(0, delta.changes.length - REAUDIT_CHANGES_KEPT),
      });
    } catch (err) {
      await this.jobs.fail(jobId, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }
}
