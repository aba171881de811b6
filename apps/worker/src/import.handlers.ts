import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ImportJobs } from '#imports';
import { JobRegistry } from '#scheduling';

/** Runs imports submitted through the API (progress, counts and report in import_jobs). */
@Injectable()
export class ImportHandlers implements OnModuleInit {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly registry: JobRegistry,
    private readonly jobs: ImportJobs,
  ) {}

  onModuleInit(): void {
    this.registry.register('import.run', async ({ jobId }) => {
      const job = await this.jobs.run(jobId);
      this.logger.log({ msg: 'import job finished', jobId, status: job?.status ?? 'unknown' });
    });
  }
}
