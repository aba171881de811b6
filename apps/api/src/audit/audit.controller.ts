import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditService, AuditVerifier, type AuditPage, type AuditScope, type AuditVerification } from '#audit';
import { AccessService, type AuthenticatedUser, type Role } from '#orgs';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { AUDIT_READ_ROLES, AUDIT_VERIFY_ROLES, auditProblem } from './audit-access.js';
import { AuditListQuery, AuditVerifyQuery } from './audit-list.request.dto.js';

const CASE_CHAIN = /^case:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly verifier: AuditVerifier,
    private readonly access: AccessService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Get()
  @RequireRoles(...AUDIT_READ_ROLES)
  @ApiOperation({
    summary: 'Nhật ký kiểm tra trong phạm vi, mới nhất trước / audit entries in your subtree, newest first (by case, entity, user, period)',
    description:
      'Chỉ các dòng của hồ sơ (và tổ chức) trong phạm vi; dòng không gắn hồ sơ/tổ chức (đăng nhập, thao tác quản trị) chỉ cho người có phạm vi toàn bộ. ' +
      'caseId ngoài phạm vi: 404. / Only rows of cases (and organisations) in your subtree; rows of no case or organisation ' +
      '(logins, operators’ actions) only for readers whose scope covers every organisation. A caseId outside your subtree: 404.',
  })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() q: AuditListQuery): Promise<AuditPage> {
    const scope = await this.scopeOf(user, AUDIT_READ_ROLES);
    if (q.caseId && scope) await this.assertCaseVisible(user, q.caseId, AUDIT_READ_ROLES);
    const page = await this.audit.list({
      caseId: q.caseId,
      userId: q.userId,
      resourceType: q.resourceType,
      resourceId: q.resourceId,
      person: q.person?.trim() || undefined,
      actor: q.actor?.trim() || undefined,
      action: q.action,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      cursor: q.cursor,
      limit: q.limit,
      scope,
    });
    return this.withNames(page);
  }

  /**
   * The names a reader looks for beside each row: the candidate of the row's case and the acting
   * user (the person behind the account, else the user name). Only rows the reader already sees.
   */
  private async withNames(page: AuditPage): Promise<AuditPage> {
    const caseIds = [...new Set(page.items.map((r) => r.caseId).filter((v): v is string => !!v))];
    const userIds = [...new Set(page.items.map((r) => r.actorUserId).filter((v): v is string => !!v))];
    const [cases, users]: [{ id: string; name: string }[], { id: string; name: string; username: string }[]] = await Promise.all([
      caseIds.length
        ? this.ds.query(`SELECT c.id, p.full_name AS name FROM cases c JOIN people p ON p.id = c.person_id WHERE c.id = ANY($1::uuid[])`, [caseIds])
        : Promise.resolve([]),
      userIds.length
        ? this.ds.query(`SELECT u.id, COALESCE(p.full_name, u.username) AS name, u.username FROM users u LEFT JOIN people p ON p.id = u.person_id WHERE u.id = ANY($1::uuid[])`, [userIds])
        : Promise.resolve([]),
    ]);
    const caseName = new Map(cases.map((c) => [c.id, c.name]));
    const userName = new Map(users.map((u) => [u.id, { name: u.name, username: u.username }]));
    return {
      ...page,
      items: page.items.map((r) => ({
        ...r,
        personName: r.caseId ? (caseName.get(r.caseId) ?? null) : null,
        actorName: r.actorUserId ? (userName.get(r.actorUserId)?.name ?? null) : null,
        actorUsername: r.actorUserId ? (userName.get(r.actorUserId)?.username ?? null) : null,
      })),
    };
  }

  @Get('verify')
  @RequireRoles(...AUDIT_VERIFY_ROLES)
  @ApiOperation({
    summary: 'Kiểm tra tính toàn vẹn / verify the hash chains and anchors; names the first bad row',
    description:
      'Toàn bộ chuỗi: cần phạm vi toàn bộ; người có phạm vi hẹp kiểm tra từng hồ sơ (chain=case:<id>) trong phạm vi. / ' +
      'Every chain: needs a scope covering every organisation; a narrower scope verifies one case of its subtree (chain=case:<id>).',
  })
  async verify(@CurrentUser() user: AuthenticatedUser, @Query() q: AuditVerifyQuery): Promise<AuditVerification> {
    const scope = await this.scopeOf(user, AUDIT_VERIFY_ROLES);
    if (scope) {
      if (!q.chain)
        throw auditProblem(403, 'Kiểm tra toàn bộ cần phạm vi toàn bộ; hãy chọn chain=case:<id> / verifying every chain needs a scope covering every organisation; name chain=case:<id>');
      const m = CASE_CHAIN.exec(q.chain);
      if (!m) throw auditProblem(404);
      await this.assertCaseVisible(user, m[1]!.toLowerCase(), AUDIT_VERIFY_ROLES);
    }
    return this.verifier.verify({ chain: q.chain });
  }

  /** Null for readers whose grants cover every organisation (they read every row); a scope otherwise. */
  private async scopeOf(user: AuthenticatedUser, roles: readonly Role[]): Promise<AuditScope | undefined> {
    if (await this.access.coversEverything(user, roles)) return undefined;
    return { organisations: (column, firstParam) => this.access.scopeSql(user, column, firstParam, roles) };
  }

  /** 404 for a case outside the reader's subtree, exactly as for a case that does not exist. */
  private async assertCaseVisible(user: AuthenticatedUser, caseId: string, roles: readonly Role[]): Promise<void> {
    const rows: { organisationId: string }[] = await this.ds.query(`SELECT organisation_id AS "organisationId" FROM cases WHERE id = $1`, [caseId]);
    if (!rows[0] || !(await this.access.canAct(user, roles, rows[0].organisationId))) throw auditProblem(404, 'Không tìm thấy hồ sơ / case not found');
  }
}
