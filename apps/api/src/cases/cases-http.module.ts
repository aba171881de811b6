import { Module } from '@nestjs/common';
import { CasesModule } from '#cases';
import { CasesController } from './cases.controller.js';
import { CorrectionsController } from './corrections.controller.js';
import { OperationsController } from './operations.controller.js';
import { ProcedureController } from './procedure.controller.js';
import { TodoController } from './todo.controller.js';

@Module({
  imports: [CasesModule],
  controllers: [CasesController, CorrectionsController, ProcedureController, OperationsController, TodoController],
})
export class CasesHttpModule {}
