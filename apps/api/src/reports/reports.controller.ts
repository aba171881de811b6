import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '#audit';
import type { AuthenticatedUser } from '#orgs';
import { REPORT_ROLES, ReportsService, TARGET_ROLES, TargetsService, admissionsCsv, admissionsXlsx } from '#reports';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { AdmissionsQuery, CoverageQuery, PipelineQuery, PutTargetsDto, TargetsQuery } from './reports.dto.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly targets: TargetsService,
    private readonly audit: AuditService,
  ) {}

  @Get('reports/admissions')
  @RequireRoles(...REPORT_ROLES)
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary:
      'Kết nạp, công nhận, xóa tên theo kỳ (ngày ký quyết định), nhóm đối tượng, chỉ tiêu; CSV/XLSX là số liệu tổng hợp / admissions, recognitions, removals per period by decision date, categories, targets; exports are aggregate (no personal data)',
  })
  async admissions(@CurrentUser() user: AuthenticatedUser, @Query() q: AdmissionsQuery, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.admissions(user, { organisationId: q.organisationId, year: q.year, period: q.period ?? 'year' });
    const format = q.format ?? 'json';
    if (format === 'json') return report;
    // Aggregate figures only: recorded as an export, flagged as carrying no personal data.
    await this.audit.record({
      action: 'report.export',
      outcome: 'ok',
      actorUserId: user.id,
      resourceType: 'report',
      resourceId: `admissions:${report.organisation.id}:${report.year}`,
      details: {
        report: 'admissions',
        format,
        organisationId: report.organisation.id,
        year: report.year,
        period: report.period,
        personalData: false,
      },
    });
    const name = `ket-nap-${report.organisation.code}-${report.year}-${report.period}`;
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      res.send(admissionsCsv(report));
      return undefined;
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(await admissionsXlsx(report));
    return undefined;
  }

  @Get('reports/targets')
  @RequireRoles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Chỉ tiêu năm và tiến độ (%) / annual targets and progress (percent, 1,749 / 1,600 → 109)' })
  targetsReport(@CurrentUser() user: AuthenticatedUser, @Query() q: TargetsQuery) {
    return this.reports.targets(user, q);
  }

  @Put('targets')
  @RequireRoles(...TARGET_ROLES)
  @ApiOperation({
    summary: 'Ban tổ chức đặt chỉ tiêu trong phạm vi / the organisation department sets targets within its subtree (audited)',
  })
  putTargets(@CurrentUser() user: AuthenticatedUser, @Body() body: PutTargetsDto) {
    return this.targets.set(user, body);
  }

  @Get('reports/coverage')
  @RequireRoles(...REPORT_ROLES)
  @ApiOperation({
    summary:
      'Thôn/tổ chưa có chi bộ hoặc đảng viên; tỷ lệ TCCSĐ có kết nạp / hamlets without a cell or member; share of base organisations that admitted',
  })
  coverage(@CurrentUser() user: AuthenticatedUser, @Query() q: CoverageQuery) {
    return this.reports.coverage(user, q);
  }

  @Get('reports/pipeline')
  @RequireRoles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Hồ sơ đang mở theo giai đoạn và thời gian chờ / open cases by stage and waiting time' })
  pipeline(@CurrentUser() user: AuthenticatedUser, @Query() q: PipelineQuery) {
    return this.reports.pipeline(user, q);
  }
}
