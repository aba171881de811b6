import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PickType } from '@nestjs/swagger';
import { Type, plainToInstance } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested, validateSync } from 'class-validator';
import type { Response } from 'express';
import { CASE_ERRORS, CaseError, CaseQueries, CorrectionService } from '#cases';
import type { AuthenticatedUser } from '#orgs';
import { ProblemException, titlesFor, validationProblem } from '#platform';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { CreateCaseDto } from './cases.dto.js';
import { validateEventBody } from './event-dto.js';
import { caseIdPipe, parseIfMatch } from './case-params.js';

export class CorrectionBodyDto {
  @ApiProperty({ description: 'Lý do đính chính (bắt buộc) / why the act is corrected (required)', minLength: 3, maxLength: 1000 })
  @IsString({ message: 'reason phải là chuỗi / must be a string' })
  @Matches(/\S/, { message: 'Cần ghi lý do đính chính / a reason is required' })
  @MinLength(3, { message: 'Lý do quá ngắn (ít nhất 3 ký tự) / the reason is too short (3 characters at least)' })
  @MaxLength(1000)
  reason!: string;

  @ApiProperty({
    description:
      'Nội dung đã sửa của sự kiện (cùng loại với sự kiện gốc); với sự kiện mở hồ sơ: candidate, variant, person {fullName, birthDate} / the corrected payload of the event (its type is the original’s); for the opening: candidate, variant, person',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject({ message: 'payload phải là một đối tượng / must be an object' })
  payload!: Record<string, unknown>;
}

export class PersonCorrectionDto {
  @ApiPropertyOptional({ description: 'Họ và tên / full name' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'Họ tên không được để trống / the name must not be blank' })
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ description: 'Ngày sinh / birth date (YYYY-MM-DD)', format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Ngày sinh phải có dạng YYYY-MM-DD / the birth date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'Ngày sinh không tồn tại / not a real date' })
  birthDate?: string;
}

/** The opening's correction: the candidate's facts and the case variant as at opening, plus the person's name and birth date. */
export class OpeningCorrectionDto extends PickType(CreateCaseDto, ['candidate', 'variant'] as const) {
  @ApiPropertyOptional({ type: PersonCorrectionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonCorrectionDto)
  person?: PersonCorrectionDto;
}

function badRequest(errors: { field: string; messages: string[] }[]): ProblemException {
  const [title, titleEn] = titlesFor(400);
  return new ProblemException({ status: 400, title, titleEn, code: 'VALIDATION', errors });
}

/**
 * Corrections of recorded acts (procedure.md §6.6, I-13): the corrected payload replaces the act
 * in a replay of the case's log; the original stays in the log, marked as corrected.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CorrectionsController {
  constructor(
    private readonly corrections: CorrectionService,
    private readonly queries: CaseQueries,
  ) {}

  @Post(':id/events/:seq/corrections')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Đính chính một bước đã ghi (ngày, số...) với lý do; hồ sơ được xét lại theo nhật ký / correct a recorded act with a reason; the case is re-judged by replaying its log',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'Phiên bản hồ sơ đang xem / the case version you saw' })
  async correct(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', caseIdPipe) id: string,
    @Param('seq') seqParam: string,
    @Body() body: CorrectionBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!/^\d{1,9}$/.test(seqParam)) throw new CaseError(CASE_ERRORS.NOT_FOUND, 'Không tìm thấy sự kiện / event not found');
    const seq = Number(seqParam);
    const actor = { kind: 'user' as const, userId: user.id, user };
    const type = await this.corrections.eventType(actor, id, seq);
    let payload: Record<string, unknown>;
    if (type === 'case.opened') {
      const dto = plainToInstance(OpeningCorrectionDto, body.payload, { enableImplicitConversion: false });
      const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
      if (errors.length) throw validationProblem(errors.map((e) => ({ ...e, property: `payload.${e.property}` })));
      payload = JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
    } else {
      const given = (body.payload as { type?: unknown }).type;
      if (given !== undefined && given !== type) {
        throw badRequest([{ field: 'payload.type', messages: [`phải là loại của sự kiện gốc "${type}" / must be the original event's type`] }]);
      }
      const checked = validateEventBody({ ...body.payload, type });
      if (!checked.ok) throw badRequest(checked.errors.map((e) => ({ ...e, field: e.field ? `payload.${e.field}` : 'payload' })));
      payload = checked.event;
    }
    const expectedVersion = parseIfMatch(ifMatch);
    try {
      await this.corrections.correct(actor, { caseId: id, seq, expectedVersion, reason: body.reason.trim(), payload });
    } catch (err) {
      if (err instanceof CaseError && err.code === CASE_ERRORS.VERSION_CONFLICT) {
        const current = await this.queries.view(actor, id).catch(() => undefined);
        throw new CaseError(err.code, err.message, { ...err.problem, case: current });
      }
      throw err;
    }
    const view = await this.queries.view(actor, id);
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
