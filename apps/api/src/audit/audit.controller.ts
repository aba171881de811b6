import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditService, AuditVerifier, type AuditPage, type AuditVerification } from '#audit';
import { AUDIT_READ_ROLES, AUDIT_VERIFY_ROLES, requireRole } from './audit-access.js';
import { AuditListQuery, AuditVerifyQuery } from './audit-list.request.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly verifier: AuditVerifier,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Nhật ký kiểm tra, mới nhất trước / audit entries, newest first (by case, user, period)' })
  async list(@Req() req: Request, @Query() q: AuditListQuery): Promise<AuditPage> {
    requireRole(req, AUDIT_READ_ROLES);
    return this.audit.list({
      caseId: q.caseId,
      userId: q.userId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      cursor: q.cursor,
      limit: q.limit,
    });
  }

  @Get('verify')
  @ApiOperation({ summary: 'Kiểm tra tính toàn vẹn / verify the hash chains and anchors; names the first bad row' })
  async verify(@Req() req: Request, @Query() q: AuditVerifyQuery): Promise<AuditVerification> {
    requireRole(req, AUDIT_VERIFY_ROLES);
    return this.verifier.verify({ chain: q.chain });
  }
}
