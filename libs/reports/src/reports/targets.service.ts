import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '#audit';
import { AccessService, type Actor } from '#orgs';
import { ReportsError } from '../errors.js';
import { TARGET_CATEGORIES } from './categories.js';
import { TARGET_ROLES } from './reports.service.js';
import { message } from '#messages';

export interface TargetInput {
  category: string;
  target: number;
}

/** Annual admission targets (chỉ tiêu), set by the organisation department within its subtree; each change audited. */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async set(
    user: Actor,
    input: { organisationId: string; year: number; targets: TargetInput[] },
  ): Promise<{ organisationId: string; year: number; targets: TargetInput[] }> {
    await this.access.assertCanAct(user, TARGET_ROLES, input.organisationId);
    for (const t of input.targets) {
      if (!TARGET_CATEGORIES.includes(t.category))
        throw new ReportsError('REPORTS.INVALID_INPUT', message('REPORTS.UNKNOWN_TARGET_CATEGORY', { category: t.category }));
      if (!Number.isInteger(t.target) || t.target < 0)
        throw new ReportsError('REPORTS.INVALID_INPUT', message('REPORTS.TARGET_WHOLE_NUMBER_0'));
    }
    await this.ds.transaction('READ COMMITTED', async (m) => {
      for (const t of input.targets) {
        const before: { target: number }[] = await m.query(
          `SELECT target FROM targets WHERE organisation_id = $1 AND year = $2 AND category = $3 FOR UPDATE`,
          [input.organisationId, input.year, t.category],
        );
        await m.query(
          `INSERT INTO targets (organisation_id, year, category, target, set_by, set_at) VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (organisation_id, year, category) DO UPDATE SET target = EXCLUDED.target, set_by = EXCLUDED.set_by, set_at = now()`,
          [input.organisationId, input.year, t.category, t.target, user.id],
        );
        await this.audit.record(
          {
            action: 'target.set',
            outcome: 'ok',
            actorUserId: user.id,
            resourceType: 'target',
            resourceId: `${input.organisationId}:${input.year}:${t.category}`,
            details: {
              organisationId: input.organisationId,
              year: input.year,
              category: t.category,
              from: before[0]?.target ?? null,
              to: t.target,
            },
          },
          m,
        );
      }
    });
    const rows: TargetInput[] = await this.ds.query(
      `SELECT category, target FROM targets WHERE organisation_id = $1 AND year = $2 ORDER BY category`,
      [input.organisationId, input.year],
    );
    return { organisationId: input.organisationId, year: input.year, targets: rows };
  }
}
