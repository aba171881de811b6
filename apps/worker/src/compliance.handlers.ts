import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ReauditJobs } from '#reports';
import { JobRegistry } from '#scheduling';

/** Runs compliance re-audits requested through the API (progress and result in the jobs table). */
@Injectable()
export class ComplianceHandlers implements OnModuleInit {
  private readonly logger = new Logger('Compliance');

  constructor(
    private readonly registry: JobRegistry,
    private readonly reaudits: ReauditJobs,
  ) {}

  onModuleInit(): void {
    this.registry.register('compliance.reaudit', async ({ jobId }) => {
      await this.reaudits.run(jobId);
      this.logger.log({ msg: 'compliance re-audit finished', jobId });
    });
  }
}
