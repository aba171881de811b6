import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '#audit';
import { TodoQueries, userActor } from '#cases';
import type { AuthenticatedUser } from '#orgs';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { todoCsv, todoXlsx } from './todo-export.js';
import { TodoQuery } from './todo.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('todo')
export class TodoController {
  constructor(
    private readonly todo: TodoQueries,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary:
      'Việc cần làm: thời hạn đang chờ của các hồ sơ trong phạm vi, hạn sớm nhất trước, kèm số ngày còn lại / the pending deadlines of the cases in your subtree, soonest first, with the countdown',
  })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() q: TodoQuery, @Res({ passthrough: true }) res: Response) {
    const { format = 'json', ...filter } = q;
    const result = await this.todo.list(userActor(user), filter);
    if (format === 'json') return result;
    // The export carries names: it is recorded as an export of personal data.
    await this.audit.record({
      action: 'todo.export',
      outcome: 'ok',
      actorUserId: user.id,
      resourceType: 'todo',
      resourceId: `todo:${result.today}`,
      details: { format, rows: result.items.length, personalData: true, ...(filter.organisationId ? { organisationId: filter.organisationId } : {}) },
    });
    const name = `viec-can-lam-${result.today}`;
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      res.send(todoCsv(result.items, result.today));
      return undefined;
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(await todoXlsx(result.items, result.today));
    return undefined;
  }
}
