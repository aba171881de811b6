import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CalendarStore, CaseQueries, DeadlineOperations, userActor } from '#cases';
import type { AuthenticatedUser } from '#orgs';
import { ClockService, ProblemException, titlesFor } from '#platform';
import { type CalendarYear, type LocalDate, isLocalDate, validateCalendarYears } from '#procedure';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireGlobalScope, RequireRoles } from '../auth/roles.decorator.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class CalendarDayDto {
  @ApiProperty({ format: 'date', example: '2026-09-02' })
  @Matches(DATE, { message: 'date: YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name!: string;
}

class CalendarYearDto {
  @ApiProperty({ enum: ['confirmed', 'provisional'] })
  @IsIn(['confirmed', 'provisional'])
  status!: 'confirmed' | 'provisional';

  @ApiProperty({ type: [CalendarDayDto], maxItems: 60 })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  daysOff!: CalendarDayDto[];

  @ApiProperty({ type: [CalendarDayDto], maxItems: 30 })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  makeUpWorkingDays!: CalendarDayDto[];

  @ApiProperty({ type: [String], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  sources!: string[];

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @ApiProperty({ minLength: 5, maxLength: 1000 })
  @IsString()
  @MinLength(5, { message: 'reason: nêu lý do (≥ 5 ký tự) / give a reason' })
  @MaxLength(1000)
  reason!: string;
}

class ExtendDto {
  @ApiProperty({ format: 'date', description: 'the new due date / hạn mới' })
  @Matches(DATE, { message: 'to: YYYY-MM-DD' })
  to!: string;

  @ApiProperty({ minLength: 5, maxLength: 1000 })
  @IsString()
  @MinLength(5, { message: 'reason: nêu lý do (≥ 5 ký tự) / give a reason' })
  @MaxLength(1000)
  reason!: string;
}

class ClockDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'absent: back to the real clock' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

function badDate(field: string): ProblemException {
  const [title, titleEn] = titlesFor(400);
  return new ProblemException({ status: 400, title, titleEn, errors: [{ field, messages: ['ngày không có thật / not a real date'] }] });
}

/** Operator actions: the working-day calendar, deadline extensions, the demo clock. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class OperationsController {
  constructor(
    private readonly calendars: CalendarStore,
    private readonly operations: DeadlineOperations,
    private readonly queries: CaseQueries,
    private readonly clock: ClockService,
  ) {}

  @Get('calendar')
  @ApiOperation({ summary: 'Lịch ngày làm việc theo năm / the working-day calendar per year' })
  async calendar() {
    return (await this.calendars.years()).map((y) => ({
      year: y.year,
      status: y.status,
      daysOff: y.daysOff,
      makeUpWorkingDays: y.makeUpWorkingDays,
      sources: y.sources,
      notes: y.notes,
    }));
  }

  @Put('admin/calendar/:year')
  @RequireRoles('admin')
  @RequireGlobalScope()
  @ApiOperation({
    summary: 'Nhập hoặc xác nhận lịch một năm; tính lại các thời hạn liên quan / enter or confirm a year; recompute dependent deadlines',
  })
  async enterYear(@CurrentUser() user: AuthenticatedUser, @Param('year', ParseIntPipe) year: number, @Body() body: CalendarYearDto) {
    for (const [i, d] of [...body.daysOff, ...body.makeUpWorkingDays].entries()) if (!isLocalDate(d.date)) throw badDate(`days[${i}].date`);
    const data: CalendarYear = {
      year,
      status: body.status,
      daysOff: body.daysOff.map((d) => ({ date: d.date as LocalDate, name: d.name })),
      makeUpWorkingDays: body.makeUpWorkingDays.map((d) => ({ date: d.date as LocalDate, name: d.name })),
      sources: body.sources,
      notes: body.notes,
    };
    // The procedure library's own check of a year (a make-up day on a weekday, a day twice, a date in
    // another year...) at the edge: malformed calendar data is a 400 naming the list, never a 500.
    const checked = validateCalendarYears([data]);
    if (!checked.ok) {
      const [title, titleEn] = titlesFor(400);
      const field = (m: string) => (/makeUpWorkingDays/.test(m) ? 'makeUpWorkingDays' : /daysOff/.test(m) ? 'daysOff' : 'year');
      throw new ProblemException({
        status: 400,
        title,
        titleEn,
        code: 'VALIDATION',
        errors: checked.issues.map((i) => ({ field: field(i.message), messages: [`Lịch không hợp lệ / invalid calendar: ${i.message}`] })),
      });
    }
    return this.operations.enterCalendarYear(data, body.reason, { userId: user.id });
  }

  @Post('cases/:id/deadlines/:key/extend')
  @HttpCode(200)
  @RequireRoles('competentStaff', 'baseCommitteeStaff', 'admin')
  @ApiOperation({ summary: 'Gia hạn trong giới hạn luật định / extend within the legal extension' })
  async extend(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: ExtendDto,
  ) {
    if (!isLocalDate(body.to)) throw badDate('to');
    await this.queries.visible(userActor(user), id); // scope check: 404 outside the subtree
    return this.operations.extend(id, key.slice(0, 100), body.to, body.reason, { userId: user.id });
  }

  @Get('admin/clock')
  @RequireRoles('admin')
  @RequireGlobalScope()
  @ApiOperation({ summary: 'Đồng hồ hệ thống (demo) / the system clock (demo)' })
  async getClock() {
    return { now: (await this.clock.now()).toISOString(), settable: this.clock.controllable };
  }

  @Post('admin/clock')
  @HttpCode(200)
  @RequireRoles('admin')
  @RequireGlobalScope()
  @ApiOperation({ summary: 'Đặt đồng hồ (chỉ demo/kiểm thử, không dùng trong sản xuất) / set the clock (demo and tests only)' })
  async setClock(@CurrentUser() user: AuthenticatedUser, @Body() body: ClockDto) {
    const now = await this.clock.set(body.to ? new Date(body.to) : null, user.id);
    return { now: now.toISOString() };
  }
}
