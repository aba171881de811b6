import { Module } from '@nestjs/common';
import { OrgsModule } from '#orgs';
import { ComplianceService } from './compliance/compliance.service.js';
import { ReauditJobs } from './compliance/reaudit.jobs.js';
import { ViolationsService } from './compliance/violations.service.js';
import { JobStore } from './jobs/job-store.js';
import { ReportsService } from './reports/reports.service.js';
import { TargetsService } from './reports/targets.service.js';

/**
 * Compliance checks over cases and the supervisors' reports. Needs the global AuditModule,
 * DatabaseModule (ClockService) and SchedulingModule (QueueGateway) of the host app.
 */
@Module({
  imports: [OrgsModule],
  providers: [ComplianceService, ViolationsService, ReauditJobs, JobStore, ReportsService, TargetsService],
  exports: [ComplianceService, ViolationsService, ReauditJobs, JobStore, ReportsService, TargetsService],
})
export class ReportsModule {}
