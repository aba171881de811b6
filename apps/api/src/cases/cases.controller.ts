import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CASE_ERRORS, CaseCommands, CaseError, CaseQueries, userActor } from '#cases';
import type { AuthenticatedUser } from '#orgs';
import { EVENT_SCHEMAS, isLocalDate } from '#procedure';
import { ProblemException, titlesFor } from '#platform';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { CommitteeVoteQueryDto, CreateCaseDto, ListCasesQuery } from './cases.dto.js';
import { eventJsonSchema, validateEventBody } from './event-dto.js';
import { caseIdPipe as uuid, parseIfMatch } from './case-params.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CaseCommands,
    private readonly queries: CaseQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách hồ sơ trong phạm vi / list cases in scope (cursor pagination)' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListCasesQuery) {
    return this.queries.list(userActor(user), query);
  }

  @Post()
  @ApiOperation({ summary: 'Mở hồ sơ cho một người tại một chi bộ / open a case for a person in a cell' })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateCaseDto, @Res({ passthrough: true }) res: Response) {
    const actor = userActor(user);
    const id = await this.commands.open(actor, { ...body, candidate: body.candidate ? { ...body.candidate } : undefined });
    const view = await this.queries.view(actor, id);
    res.status(201).setHeader('ETag', `"${view.version}"`).setHeader('Location', `/api/v1/cases/${id}`);
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Hồ sơ: trạng thái, dữ kiện, biểu quyết, quyết định, thời hạn, danh mục kiểm tra / the case page' })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response) {
    const view = await this.queries.view(userActor(user), id);
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Get(':id/committee-vote-basis')
  @ApiOperation({
    summary:
      'Mẫu số biểu quyết của cấp ủy theo danh sách cấp ủy viên ngày họp / the committee roster figure a base or competent committee vote is checked against (null: membership not recorded)',
  })
  async committeeVoteBasis(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string, @Query() query: CommitteeVoteQueryDto) {
    if (!isLocalDate(query.date)) {
      const [title, titleEn] = titlesFor(400);
      throw new ProblemException({ status: 400, title, titleEn, errors: [{ field: 'date', messages: ['Ngày không có thật / not a calendar date'] }] });
    }
    const basis = await this.commands.committeeVoteBasis(userActor(user), id, { type: query.type, date: query.date, motion: query.motion, attendeeIds: query.attendeeIds });
    return { basis };
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Nhật ký sự kiện / the event log' })
  events(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string) {
    return this.queries.events(userActor(user), id);
  }

  @Get(':id/projection')
  @ApiOperation({ summary: 'Các thời hạn và nhắc việc sắp tới / deadlines and reminders ahead' })
  async projection(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string) {
    const view = await this.queries.view(userActor(user), id);
    const ahead = view.deadlines.filter((d) => d.status === 'pending');
    return {
      caseId: view.id,
      items: ahead
        .flatMap((d) => [
          ...d.reminders.map((r) => ({ date: r.date, kind: 'reminder' as const, key: d.key, timerId: d.timerId, label: d.label, calendarStatus: d.calendarStatus })),
          ...(d.due ? [{ date: d.extendedTo ?? d.due, kind: 'due' as const, key: d.key, timerId: d.timerId, label: d.label, calendarStatus: d.calendarStatus }] : []),
        ])
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    };
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ghi nhận một bước của quy trình / record a step (event) of the procedure' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'Phiên bản hồ sơ đang xem, ví dụ "3" / the case version you saw' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Gửi lại cùng khóa không áp dụng hai lần (24 giờ) / retries apply once (24 h)' })
  @ApiBody({ schema: { oneOf: Object.values(EVENT_SCHEMAS).map(eventJsonSchema) } })
  async record(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const checked = validateEventBody(body);
    if (!checked.ok) {
      const [title, titleEn] = titlesFor(400);
      throw new ProblemException({ status: 400, title, titleEn, code: 'VALIDATION', errors: checked.errors });
    }
    if (idempotencyKey !== undefined && !/^[\w.:-]{8,128}$/.test(idempotencyKey)) {
      const [title, titleEn] = titlesFor(400);
      throw new ProblemException({ status: 400, title, titleEn, errors: [{ field: 'Idempotency-Key', messages: ['8–128 ký tự [A-Za-z0-9_.:-] / 8-128 characters'] }] });
    }
    const expectedVersion = parseIfMatch(ifMatch);
    const actor = userActor(user);
    try {
      // A replayed refusal (422) is thrown by apply() as it was stored; only successes return here.
      const applied = await this.commands.apply(actor, { caseId: id, expectedVersion, event: checked.event, idempotencyKey });
      // The compact answer (issue 20, item 4), from the case as the transition left it (a replay reads it):
      // the client reloads the page (GET) for the rest.
      const result = applied.after ? await this.queries.answerOf(applied.after) : await this.queries.compact(actor, id);
      res.setHeader('ETag', `"${result.version}"`);
      return result;
    } catch (err) {
      if (err instanceof CaseError && err.code === CASE_ERRORS.VERSION_CONFLICT) {
        // The conflict answer carries the case as it now stands, so the client can show it.
        const current = await this.queries.view(actor, id).catch(() => undefined);
        throw new CaseError(err.code, err.message, { ...err.problem, case: current });
      }
      throw err;
    }
  }
}
