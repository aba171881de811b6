import { Module } from '@nestjs/common';
import { CasesModule } from '#cases';
import { OrgsModule } from '#orgs';
import { ImportJobs } from './import-jobs.service.js';
import { ImportService } from './import.service.js';

/**
 * Imports for go-live. Needs the host's global ConfigModule, DatabaseModule, SchedulingModule
 * (QueueGateway) and AuditModule.
 */
@Module({
  imports: [OrgsModule, CasesModule],
  providers: [ImportService, ImportJobs],
  exports: [ImportService, ImportJobs],
})
export class ImportsModule {}
