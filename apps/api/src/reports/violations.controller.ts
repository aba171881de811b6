import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '#orgs';
import { REAUDIT_ROLES, ReauditJobs, ViolationsService, complianceCatalogue, reportsNotFound } from '#reports';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { ReauditDto, ViolationListQuery, ViolationTextDto } from './reports.dto.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => reportsNotFound() });

@ApiTags('compliance')
@ApiBearerAuth()
@Controller()
export class ViolationsController {
  constructor(
    private readonly violations: ViolationsService,
    private readonly reaudits: ReauditJobs,
  ) {}

  @Get('violations')
  @ApiOperation({
    summary:
      'Vi phạm trong phạm vi (lọc theo tổ chức, quy tắc, trạng thái, kỳ; đếm theo tổ chức/quy tắc) / violations in scope, filtered; ?groupBy=organisation|rule gives counts',
  })
  list(@CurrentUser() user: AuthenticatedUser, @Query() q: ViolationListQuery) {
    return this.violations.list(user, q);
  }

  @Get('violations/:id')
  @ApiOperation({ summary: 'Một vi phạm / one violation' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string) {
    return this.violations.get(user, id);
  }

  @Get('violations/:id/history')
  @ApiOperation({ summary: 'Lịch sử trạng thái / status history (opened, explained, resolved, cleared, reopened)' })
  history(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string) {
    return this.violations.history(user, id);
  }

  @Post('violations/:id/explain')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cơ quan chịu trách nhiệm giải trình / the responsible body explains (open → explained)' })
  explain(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string, @Body() body: ViolationTextDto) {
    return this.violations.explain(user, id, body.text);
  }

  @Post('violations/:id/resolve')
  @HttpCode(200)
  @RequireRoles('inspection')
  @ApiOperation({ summary: 'Ủy ban kiểm tra kết luận / inspection resolves (explained → resolved)' })
  resolve(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string, @Body() body: ViolationTextDto) {
    return this.violations.resolve(user, id, body.text);
  }

  @Get('compliance/checks')
  @ApiOperation({ summary: 'Danh mục kiểm tra tuân thủ / the compliance catalogue (rule ids, what each check reads, citations)' })
  checks() {
    return complianceCatalogue();
  }

  @Post('compliance/reaudit')
  @HttpCode(202)
  @RequireRoles(...REAUDIT_ROLES)
  @ApiOperation({ summary: 'Kiểm tra lại toàn bộ một cây tổ chức (chạy nền) / full re-audit of a subtree as a background job → { jobId }' })
  reaudit(@CurrentUser() user: AuthenticatedUser, @Body() body: ReauditDto) {
    return this.reaudits.request(user, body.organisationId);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'Tiến độ công việc nền / background job progress and result (opened/closed counts)' })
  job(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string) {
    return this.reaudits.view(user, id);
  }
}
