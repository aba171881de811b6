import { Module } from '@nestjs/common';
import { ReportsModule } from '#reports';
import { ReportsController } from './reports.controller.js';
import { ViolationsController } from './violations.controller.js';

/** Supervisors' API: violations and their lifecycle, re-audit jobs, reports and targets. */
@Module({
  imports: [ReportsModule],
  controllers: [ViolationsController, ReportsController],
})
export class ReportsHttpModule {}
