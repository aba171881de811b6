import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IMPORT_KINDS, ImportJobs, isImportKind, type ImportJobView, type ImportKind } from '#imports';
import { AccessService, notFound, type AuthenticatedUser, type Role } from '#orgs';
import { ProblemException, titlesFor } from '#platform';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { IMPORT_TEXT_TYPES } from './import-body.middleware.js';

/** Who may import what: organisations and cases need an administrator; people and memberships also the organisation department. */
export const IMPORT_ROLES: Record<ImportKind, Role[]> = {
  organisations: ['admin'],
  members: ['admin', 'organisationDepartment'],
  memberships: ['admin', 'organisationDepartment'],
  cases: ['admin'],
};

function badRequest(field: string, message: string): ProblemException {
  const [title, titleEn] = titlesFor(400);
  return new ProblemException({ status: 400, title, titleEn, errors: [{ field, messages: [message] }] });
}

@ApiTags('admin: imports')
@ApiBearerAuth()
@Controller('admin/imports')
export class ImportsController {
  constructor(
    private readonly jobs: ImportJobs,
    private readonly access: AccessService,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireRoles('admin', 'organisationDepartment')
  @ApiOperation({
    summary: 'Nhập dữ liệu (chạy nền) / import a file (background job)',
    description:
      'Thân là tệp CSV (text/csv, tối đa 20 MB) hoặc JSON lines (application/x-ndjson) với ?kind=..., hoặc JSON {kind, csv} (tối đa 256 kB). ' +
      'Trả 202 {jobId}; theo dõi bằng GET /admin/imports/{id}. / The body is the CSV file (text/csv, up to 20 MB) or JSON lines ' +
      '(application/x-ndjson) with ?kind=..., or JSON {kind, csv} (up to 256 kB). Answers 202 {jobId}; follow it with GET /admin/imports/{id}.',
  })
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/json')
  @ApiQuery({ name: 'kind', required: false, enum: IMPORT_KINDS })
  @ApiQuery({ name: 'fileName', required: false })
  @ApiBody({ required: true, schema: { oneOf: [{ type: 'string' }, { type: 'object', properties: { kind: { type: 'string', enum: [...IMPORT_KINDS] }, csv: { type: 'string' }, fileName: { type: 'string' } } }] } })
  async submit(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('kind') queryKind?: string,
    @Query('fileName') queryFileName?: string,
  ): Promise<{ jobId: string; status: 'queued' }> {
    const body: unknown = req.body;
    let kind: unknown = queryKind;
    let content: unknown;
    let fileName: unknown = queryFileName;
    if (typeof body === 'string' && IMPORT_TEXT_TYPES.test(String(req.headers['content-type'] ?? ''))) {
      content = body;
    } else if (body && typeof body === 'object' && !Array.isArray(body)) {
      const b = body as Record<string, unknown>;
      kind = b.kind ?? kind;
      content = b.csv ?? b.text;
      fileName = b.fileName ?? fileName;
    } else {
      const [title, titleEn] = titlesFor(415);
      throw new ProblemException({
        status: 415,
        title,
        titleEn,
        detail: 'Gửi text/csv, application/x-ndjson hoặc JSON {kind, csv} / send text/csv, application/x-ndjson or JSON {kind, csv}',
      });
    }
    if (!isImportKind(kind)) throw badRequest('kind', `phải thuộc / must be one of: ${IMPORT_KINDS.join(', ')}`);
    if (typeof content !== 'string' || content.trim() === '') throw badRequest('csv', 'tệp rỗng / the file is empty');
    if (fileName !== undefined && (typeof fileName !== 'string' || fileName.length > 200)) throw badRequest('fileName', 'tối đa 200 ký tự / at most 200 characters');
    const roles = IMPORT_ROLES[kind];
    if (!this.access.hasRole(user, roles)) {
      const [title, titleEn] = titlesFor(403);
      throw new ProblemException({ status: 403, title, titleEn, detail: `Cần vai trò / needs a role: ${roles.join(', ')}` });
    }
    const roots = this.access.scopeRoots(user, roles);
    const jobId = await this.jobs.submit({ kind, content, fileName: (fileName as string | undefined) ?? null, requestedBy: user.id, scopeRoots: roots === 'all' ? null : roots });
    res.setHeader('Location', `/api/v1/admin/imports/${jobId}`);
    return { jobId, status: 'queued' };
  }

  @Get(':id')
  @RequireRoles('admin', 'organisationDepartment')
  @ApiOperation({ summary: 'Tiến độ và báo cáo một lần nhập / progress and report of an import' })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<ImportJobView> {
    const job = await this.jobs.find(id);
    // Visible to whoever submitted it and to global administrators; 404 otherwise (existence never leaks).
    if (!job || (job.requestedBy !== user.id && this.access.scopeRoots(user, ['admin']) !== 'all')) throw notFound('Không tìm thấy lần nhập / import not found');
    return job;
  }
}
