import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAction } from '#audit';
import { userActor } from '#cases';
import type { AuthenticatedUser } from '#orgs';
import { DocumentsService, MAX_DOCUMENT_BYTES, PaperworkService, type FormFormat, type UploadedFile as Upload } from '#paperwork';
import { ProblemException, titlesFor } from '#platform';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { caseIdPipe as uuid } from '../cases/case-params.js';

/** Multer in memory, one file of at most 20 MB (larger: 413), a few short fields. */
const upload = FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 5, fieldSize: 2000, parts: 8 } });

function attachment(res: Response, contentType: string, name: { ascii: string; utf8: string }, size: number): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(size));
  res.setHeader('Content-Disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`);
  res.setHeader('Cache-Control', 'no-store');
}

function formatOf(value: unknown): FormFormat {
  if (value === undefined || value === 'docx') return 'docx';
  if (value === 'pdf') return 'pdf';
  const [title, titleEn] = titlesFor(400);
  throw new ProblemException({
    status: 400,
    title,
    titleEn,
    code: 'VALIDATION',
    errors: [{ field: 'format', messages: ['docx hoặc pdf / docx or pdf'] }],
  });
}

@ApiTags('paperwork')
@ApiBearerAuth()
@Controller('cases/:id')
export class PaperworkController {
  constructor(
    private readonly paperwork: PaperworkService,
    private readonly documents: DocumentsService,
  ) {}

  @Get('forms')
  @ApiOperation({ summary: 'Các mẫu biểu thuộc quy trình của hồ sơ / the official forms on the case path, with what each still needs' })
  forms(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string) {
    return this.paperwork.forms(userActor(user), id);
  }

  @Get('forms/:code')
  @AuditAction('case.form.download')
  @ApiOperation({ summary: 'Tải mẫu biểu đã điền (DOCX hoặc PDF) / download a filled form' })
  @ApiQuery({ name: 'format', enum: ['docx', 'pdf'], required: false })
  async form(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Param('code') code: string,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.paperwork.render(userActor(user), id, code, formatOf(format));
    attachment(res, out.contentType, out.fileName, out.bytes.length);
    return new StreamableFile(out.bytes);
  }

  @Get('dossier')
  @AuditAction('case.dossier.download')
  @ApiOperation({ summary: 'Toàn bộ hồ sơ trong một tệp ZIP (mẫu biểu và tài liệu) / the whole dossier as one ZIP' })
  async dossier(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response) {
    const out = await this.paperwork.dossier(userActor(user), id);
    attachment(res, 'application/zip', out.fileName, out.bytes.length);
    return new StreamableFile(out.bytes);
  }

  @Get('documents')
  @ApiOperation({ summary: 'Tài liệu đã tải lên của hồ sơ, với các phiên bản / uploaded documents with their versions' })
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string) {
    return this.documents.list(userActor(user), id);
  }

  @Post('documents')
  @AuditAction('case.document.upload')
  @UseInterceptors(upload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'formCode', 'step'],
      properties: {
        file: { type: 'string', format: 'binary' },
        formCode: { type: 'string', example: '6-KNĐ' },
        step: { type: 'string', example: 'cell.admissionVoted' },
      },
    },
  })
  @ApiOperation({ summary: 'Tải lên bản ký hoặc bản quét (PDF, JPEG, PNG; tối đa 20 MB) / upload a signed or scanned document' })
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file: Upload | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const doc = await this.documents.upload(userActor(user), id, body ?? {}, file);
    res.status(201).setHeader('Location', `/api/v1/cases/${id}/documents/${doc.id}`);
    return doc;
  }

  @Post('documents/:documentId/versions')
  @HttpCode(201)
  @AuditAction('case.document.replace')
  @UseInterceptors(upload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'reason'],
      properties: { file: { type: 'string', format: 'binary' }, reason: { type: 'string' } },
    },
  })
  @ApiOperation({ summary: 'Thay tài liệu bằng phiên bản mới, có lý do (giữ bản cũ) / replace with a reason, the old version kept' })
  replace(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file: Upload | undefined,
  ) {
    return this.documents.replace(userActor(user), id, documentId, body ?? {}, file);
  }

  @Get('documents/:documentId/content')
  @AuditAction('case.document.download')
  @ApiQuery({ name: 'version', required: false, type: Number })
  @ApiOperation({ summary: 'Tải tài liệu (phiên bản hiện hành hoặc một phiên bản cũ) / download a document version' })
  async content(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Query('version') version: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    let v: number | undefined;
    if (version !== undefined) {
      v = Number(version);
      if (!Number.isInteger(v) || v < 1 || v > 100000) {
        const [title, titleEn] = titlesFor(400);
        throw new ProblemException({
          status: 400,
          title,
          titleEn,
          code: 'VALIDATION',
          errors: [{ field: 'version', messages: ['số nguyên ≥ 1 / an integer ≥ 1'] }],
        });
      }
    }
    const out = await this.documents.download(userActor(user), id, documentId, v);
    attachment(
      res,
      out.mimeType,
      {
        ascii:
          out.fileName
            .normalize('NFD')
            .replace(/[^\x20-\x7e]/g, '')
            .replace(/"/g, '') || 'tai-lieu',
        utf8: out.fileName,
      },
      out.bytes.length,
    );
    return new StreamableFile(out.bytes);
  }
}
