import type { INestApplicationContext } from '@nestjs/common';
import { CalendarStore, TimerRepairService, type TimerRepairChange } from '#cases';
import { OrganisationService, isUuid } from '#orgs';
import { type AppConfig } from '#platform';
import { isLocalDate, type LocalDate } from '#procedure';
import { ComplianceService, type CaseChanges } from '#reports';
import { withOperatorContext } from './operator-context.js';
import { ProgressBar } from './progress-bar.js';

/** What `re-audit` changed: deadlines moved (the edition-true repair), violations opened, reopened, closed. */
export interface ReauditReport {
  organisationId: string | null;
  today: LocalDate | null;
  cases: number;
  deadlinesMoved: number;
  opened: number;
  reopened: number;
  closed: number;
  /** One entry per case where something changed. */
  byCase: {
    caseId: string;
    deadlines: { key: string | null; note: string }[];
    opened: CaseChanges['opened'];
    reopened: CaseChanges['reopened'];
    closed: CaseChanges['closed'];
  }[];
}

/** One block per case that changed; Vietnamese first. */
export function formatReaudit(r: ReauditReport): string {
  const lines = [
    `Kiểm tra lại / re-audit${r.organisationId ? ` ${r.organisationId}` : ''}: ${r.cases} hồ sơ/cases; hạn dời/deadlines moved ${r.deadlinesMoved}; ` +
      `vi phạm mở/opened ${r.opened}, mở lại/reopened ${r.reopened}, đóng/closed ${r.closed}`,
  ];
  if (r.byCase.length === 0) lines.push('  Không có gì thay đổi / nothing changed');
  for (const c of r.byCase) {
    lines.push(`  hồ sơ/case ${c.caseId}`);
    for (const d of c.deadlines) lines.push(`    ~ hạn/deadline ${d.key ?? ''}: ${d.note}`);
    for (const v of c.opened) lines.push(`    + mở/opened ${v.ruleId} ${v.step}: ${v.reason.vi} / ${v.reason.en}`);
    for (const v of c.reopened) lines.push(`    + mở lại/reopened ${v.ruleId} ${v.step}: ${v.reason.vi} / ${v.reason.en}`);
    for (const v of c.closed) lines.push(`    - đóng/closed ${v.ruleId} ${v.step}: ${v.reason.vi} / ${v.reason.en}`);
  }
  return lines.join('\n');
}

/** Deadline repair first (a moved due date changes what is late), then the compliance catalogue over every case. */
export async function runReaudit(app: INestApplicationContext, opts: { organisation?: string; today?: string; repairDeadlines?: boolean } = {}): Promise<ReauditReport> {
  if (opts.today !== undefined && !isLocalDate(opts.today)) throw new Error(`Ngày không hợp lệ / invalid date: ${opts.today} (YYYY-MM-DD)`);
  let organisationId: string | null = null;
  if (opts.organisation) {
    const orgs = app.get(OrganisationService);
    const org = isUuid(opts.organisation) ? await orgs.find(opts.organisation) : await orgs.findByCode(opts.organisation);
    if (!org) throw new Error(`Không tìm thấy tổ chức / unknown organisation: ${opts.organisation}`);
    organisationId = org.id;
  }
  const compliance = app.get(ComplianceService);
  const inScope = organisationId === null ? null : new Set(await compliance.caseIdsUnder(organisationId));
  let moved: TimerRepairChange[] = [];
  if (opts.repairDeadlines !== false) {
    // The repair reads the calendar from the database: make sure the shipped years are there
    // (a fresh database has none until the API first runs), or every due date would become "awaiting calendar".
    await app.get(CalendarStore).seedFromConfig();
    moved = (await app.get(TimerRepairService).run()).changes.filter((c) => c.kind === 'deadline' && c.caseId !== null);
  }
  const bar = new ProgressBar('kiểm tra lại/re-audit');
  const delta = await compliance.reaudit(organisationId, {
    ...(opts.today ? { today: opts.today } : {}),
    onProgress: async (done, total) => bar.update(done, total),
  });
  bar.finish();
  const byCase = new Map<string, ReauditReport['byCase'][number]>();
  const entry = (caseId: string) => {
    let e = byCase.get(caseId);
    if (!e) byCase.set(caseId, (e = { caseId, deadlines: [], opened: [], reopened: [], closed: [] }));
    return e;
  };
  const movedInScope = moved.filter((c) => inScope === null || inScope.has(c.caseId!));
  for (const c of movedInScope) entry(c.caseId!).deadlines.push({ key: c.key ?? null, note: c.note });
  for (const c of delta.changes) Object.assign(entry(c.caseId), { opened: c.opened, reopened: c.reopened, closed: c.closed });
  return {
    organisationId,
    today: opts.today ?? null,
    cases: delta.cases,
    deadlinesMoved: movedInScope.length,
    opened: delta.opened,
    reopened: delta.reopened,
    closed: delta.closed,
    byCase: [...byCase.values()],
  };
}

/** `re-audit [--organisation <code|id>] [--today YYYY-MM-DD] [--json]`. */
export async function reauditCommand(
  config: AppConfig,
  opts: { organisation?: string; today?: string; json?: boolean; repairDeadlines?: boolean } = {},
): Promise<string> {
  const report = await withOperatorContext(config, (app) => runReaudit(app, opts));
  return opts.json ? JSON.stringify(report, null, 2) : formatReaudit(report);
}
