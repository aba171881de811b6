import { Module } from '@nestjs/common';
import { OrgsModule } from '#orgs';
import { ReportsModule } from '#reports';
import { CalendarStore } from './calendar/calendar.store.js';
import { CaseCommands } from './commands/case-commands.service.js';
import { CorrectionService } from './commands/correction.service.js';
import { IdempotencyStore } from './commands/idempotency.js';
import { DeadlineOperations } from './deadlines/deadline-operations.js';
import { DeadlineRunner } from './deadlines/deadline-runner.js';
import { TimerRepairService } from './deadlines/timer-repair.service.js';
import { CaseRepository } from './persistence/case.repository.js';
import { PROCEDURE_PORT } from './ports.js';
import { MachineProcedure } from './procedure/machine-procedure.js';
import { CaseQueries } from './queries/case-queries.service.js';
import { TodoQueries } from './queries/todo-queries.service.js';

/**
 * The case lifecycle: commands (load → pure transition → one transaction), queries (the case page
 * and lists), deadlines (planner inside transitions, runner in the worker) and the calendar store.
 */
@Module({
  imports: [OrgsModule, ReportsModule],
  providers: [
    CaseRepository,
    CalendarStore,
    IdempotencyStore,
    CaseCommands,
    CorrectionService,
    CaseQueries,
    TodoQueries,
    DeadlineRunner,
    DeadlineOperations,
    TimerRepairService,
    { provide: PROCEDURE_PORT, useClass: MachineProcedure },
  ],
  exports: [IdempotencyStore, CaseCommands, CorrectionService, CaseQueries, TodoQueries, CalendarStore, DeadlineRunner, DeadlineOperations, TimerRepairService, CaseRepository, PROCEDURE_PORT],
})
export class CasesModule {}
