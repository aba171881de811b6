import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '#audit';
import { CASE_ERRORS, CaseCommands, CaseError, SYSTEM_ACTOR, type Actor } from '#cases';
import {
  CITIZEN_ID_PURPOSE,
  IdentityCipher,
  OrganisationService,
  OrgsError,
  PersonService,
  RosterService,
} from '#orgs';
import type { ImportEvidence } from '#procedure';
import { parseCaseLines, type CaseLine } from './case-lines.js';
import { CSV_FORMATS, type ImportKind } from './formats.js';
import {
  MAX_REPORTED_ISSUES,
  type ImportActor,
  type ImportCounts,
  type ImportIssue,
  type ImportReport,
  type ImportedCaseEntry,
  type ProgressListener,
} from './import.types.js';
import { issue, parseCsvFile, type CsvKind, type MemberRow, type MembershipRow, type OrganisationRow, type ParsedRow } from './rows.js';

/** Thrown inside the import transaction to roll everything back when any row had an issue. */
class RollBack extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROGRESS_EVERY = 50;

interface RunOptions {
  actor: ImportActor;
  /** The actor cases are opened and imported as (a user actor, or the system for the CLI). */
  caseActor?: Actor;
  onProgress?: ProgressListener;
  jobId?: string | null;
}

/** A row's outcome inside the transaction. */
type Outcome = 'created' | 'unchanged';

/** "Tiếng Việt / English" → both halves (domain errors carry one bilingual message). */
function split(message: string): { vi: string; en: string } {
  const i = message.indexOf(' / ');
  return i > 0 ? { vi: message.slice(0, i), en: message.slice(i + 3) } : { vi: message, en: message };
}

/**
 * Imports for go-live: organisations, members and memberships from CSV in ONE transaction (any bad
 * row: nothing stored, and the report names every bad row and field), and cases already in
 * progress from JSON lines through the real case engine. Re-running a file changes nothing: rows
 * are matched on natural keys (organisation code; person by citizen-ID HMAC; membership by
 * person + body + valid_from; case by source + external id).
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger('Imports');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly orgs: OrganisationService,
    private readonly people: PersonService,
    private readonly roster: RosterService,
    private readonly cipher: IdentityCipher,
    private readonly cases: CaseCommands,
    private readonly audit: AuditService,
  ) {}

  async run(kind: ImportKind, text: string, options: RunOptions): Promise<ImportReport> {
    const report = kind === 'cases' ? await this.runCases(text, options) : await this.runCsv(kind, text, options);
    await this.audit.record({
      action: `import.${kind}`,
      outcome: report.status === 'done' ? 'ok' : 'refused',
      actorUserId: options.actor.userId,
      resourceType: 'import',
      resourceId: options.jobId ?? null,
      details: { kind, status: report.status, ...report.counts, issues: report.issues.length + report.issuesNotListed },
    });
    this.logger.log({ msg: 'import finished', kind, jobId: options.jobId ?? null, status: report.status, ...report.counts });
    return report;
  }

  // ---------------------------------------------------------------- CSV: organisations, members, memberships

  private async runCsv(kind: CsvKind, text: string, options: RunOptions): Promise<ImportReport> {
    const parsed = parseCsvFile(kind, text);
    const counts: ImportCounts = { rows: parsed.rows.length, created: 0, unchanged: 0, invalid: 0 };
    const issues = [...parsed.issues];
    if (parsed.fatal) return this.finish(kind, counts, issues);
    const total = parsed.rows.length;
    await options.onProgress?.(0, total);
    const rows = kind === 'organisations' ? orderByParent(parsed.rows as ParsedRow<OrganisationRow>[], issues) : parsed.rows;
    let done = 0;
    try {
      await this.ds.transaction(async (em) => {
        for (const r of rows) {
          if (r.value) {
            await em.query('SAVEPOINT import_row');
            try {
              const outcome = await this.applyRow(kind, r, em, options.actor, issues);
              if (outcome) counts[outcome]++;
              await em.query('RELEASE SAVEPOINT import_row');
            } catch (err) {
              await em.query('ROLLBACK TO SAVEPOINT import_row');
              issues.push(this.rowError(r, err));
            }
          }
          done++;
          if (done % PROGRESS_EVERY === 0 || done === total) await options.onProgress?.(done, total);
        }
        if (issues.length) throw new RollBack();
      });
    } catch (err) {
      if (!(err instanceof RollBack)) throw err;
    }
    if (issues.length) {
      counts.created = 0;
      counts.unchanged = 0;
    }
    return this.finish(kind, counts, issues);
  }

  private finish(kind: ImportKind, counts: ImportCounts, issues: ImportIssue[], cases?: ImportedCaseEntry[]): ImportReport {
    // By row, then in the order of the format's columns (deterministic whatever was checked first).
    const order = kind === 'cases' ? [] : CSV_FORMATS[kind].map((c) => c.key);
    const rank = (i: ImportIssue) => (i.field === null ? -1 : order.indexOf(i.field) === -1 ? order.length : order.indexOf(i.field));
    issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || rank(a) - rank(b));
    counts.invalid = new Set(issues.filter((i) => i.row !== null).map((i) => i.row)).size;
    const rejected = kind === 'cases' ? issues.some((i) => i.code !== 'IMPORTS.REFUSED') : issues.length > 0;
    return {
      kind,
      status: rejected ? 'rejected' : 'done',
      counts,
      issues: issues.slice(0, MAX_REPORTED_ISSUES),
      issuesNotListed: Math.max(0, issues.length - MAX_REPORTED_ISSUES),
      ...(cases ? { cases } : {}),
    };
  }

  private rowError(r: ParsedRow<unknown>, err: unknown): ImportIssue {
    if (err instanceof OrgsError) {
      const { vi, en } = split(err.message);
      const field = /parent|cấp trên|sit under|trực thuộc/i.test(err.message)
        ? 'parent_code'
        : /validTo|kết thúc/i.test(err.message)
          ? 'valid_to'
          : /overlapping|khoảng thời gian/i.test(err.message)
            ? 'valid_from'
            : /citizen|CCCD/i.test(err.message)
              ? 'citizen_id'
              : null;
      return issue(r.row, r.line, field, err.code === 'ORGS.CONFLICT' ? 'IMPORTS.CONFLICT' : 'IMPORTS.INVALID', vi, en);
    }
    const code = (err as { code?: string; driverError?: { code?: string } }).code ?? (err as { driverError?: { code?: string } }).driverError?.code;
    if (typeof code === 'string' && /^2[23]/.test(code)) {
      // A constraint or data error of PostgreSQL: name the row, never echo the values.
      return issue(r.row, r.line, null, 'IMPORTS.INVALID', `Cơ sở dữ liệu từ chối dòng này (mã ${code})`, `The database refused this row (code ${code})`);
    }
    throw err;
  }

  private async applyRow(kind: CsvKind, r: ParsedRow<unknown>, em: EntityManager, actor: ImportActor, issues: ImportIssue[]): Promise<Outcome | null> {
    if (kind === 'organisations') return this.applyOrganisation(r as ParsedRow<OrganisationRow>, em, actor, issues);
    if (kind === 'members') return this.applyMember(r as ParsedRow<MemberRow>, em, actor, issues);
    return this.applyMembership(r as ParsedRow<MembershipRow>, em, actor, issues);
  }

  private async orgByCode(em: EntityManager, code: string): Promise<{ id: string; name: string; kind: string; parent_id: string | null; valid_from: string; valid_to: string | null } | null> {
    const rows = await em.query(`SELECT id, name, kind, parent_id, valid_from::text AS valid_from, valid_to::text AS valid_to FROM organisations WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  private async inScope(em: EntityManager, actor: ImportActor, organisationId: string): Promise<boolean> {
    if (actor.scopeRoots === null) return true;
    if (actor.scopeRoots.length === 0) return false;
    const rows = await em.query(`SELECT 1 FROM organisation_closure WHERE ancestor_id = ANY($1::uuid[]) AND descendant_id = $2 LIMIT 1`, [actor.scopeRoots, organisationId]);
    return rows.length > 0;
  }

  private async applyOrganisation(r: ParsedRow<OrganisationRow>, em: EntityManager, actor: ImportActor, issues: ImportIssue[]): Promise<Outcome | null> {
    const v = r.value!;
    let parentId: string | null = null;
    if (v.parentCode) {
      const parent = await this.orgByCode(em, v.parentCode);
      if (!parent) {
        issues.push(issue(r.row, r.line, 'parent_code', 'IMPORTS.NOT_FOUND', 'Không tìm thấy tổ chức cấp trên (trong tệp hoặc trong hệ thống)', 'Parent organisation not found (in the file or the system)'));
        return null;
      }
      parentId = parent.id;
    }
    if (parentId === null ? actor.scopeRoots !== null : !(await this.inScope(em, actor, parentId))) {
      issues.push(issue(r.row, r.line, parentId ? 'parent_code' : 'code', 'IMPORTS.OUT_OF_SCOPE', 'Ngoài phạm vi quản lý của bạn', 'Outside your scope'));
      return null;
    }
    const existing = await this.orgByCode(em, v.code);
    if (existing) {
      const differs = [
        existing.name !== v.name ? 'name' : null,
        existing.kind !== v.kind ? 'kind' : null,
        existing.parent_id !== parentId ? 'parent_code' : null,
        existing.valid_from !== v.validFrom ? 'valid_from' : null,
        existing.valid_to !== v.validTo ? 'valid_to' : null,
      ].filter((x): x is string => x !== null);
      if (differs.length === 0) return 'unchanged';
      issues.push(
        issue(r.row, r.line, differs[0]!, 'IMPORTS.CONFLICT', `Mã tổ chức đã tồn tại với dữ liệu khác (${differs.join(', ')})`, `The organisation code exists with other values (${differs.join(', ')})`),
      );
      return null;
    }
    await this.orgs.create({ code: v.code, name: v.name, kind: v.kind, parentId, validFrom: v.validFrom, validTo: v.validTo }, em);
    return 'created';
  }

  private async applyMember(r: ParsedRow<MemberRow>, em: EntityManager, actor: ImportActor, issues: ImportIssue[]): Promise<Outcome | null> {
    const v = r.value!;
    const org = await this.orgByCode(em, v.organisationCode);
    if (!org) {
      issues.push(issue(r.row, r.line, 'organisation_code', 'IMPORTS.NOT_FOUND', 'Không tìm thấy tổ chức', 'Organisation not found'));
      return null;
    }
    if (!(await this.inScope(em, actor, org.id))) {
      issues.push(issue(r.row, r.line, 'organisation_code', 'IMPORTS.OUT_OF_SCOPE', 'Ngoài phạm vi quản lý của bạn', 'Outside your scope'));
      return null;
    }
    const hmac = this.cipher.hmac(v.citizenId, CITIZEN_ID_PURPOSE);
    const found: Record<string, string | null>[] = await em.query(
      `SELECT organisation_id, full_name, birth_date::text AS birth_date, sex::text AS sex, ethnicity, religion, occupation::text AS occupation, education_level::text AS education_level
         FROM people WHERE citizen_id_hmac = $1`,
      [hmac],
    );
    const existing = found[0];
    if (existing) {
      // Field names only: the values are personal data and never appear in a report.
      const differs = [
        existing.full_name !== v.fullName ? 'full_name' : null,
        existing.birth_date !== v.birthDate ? 'birth_date' : null,
        existing.sex !== v.sex ? 'sex' : null,
        existing.ethnicity !== v.ethnicity ? 'ethnicity' : null,
        (existing.religion ?? null) !== v.religion ? 'religion' : null,
        existing.occupation !== v.occupation ? 'occupation' : null,
        existing.education_level !== v.educationLevel ? 'education_level' : null,
        existing.organisation_id !== org.id ? 'organisation_code' : null,
      ].filter((x): x is string => x !== null);
      if (differs.length === 0) return 'unchanged';
      issues.push(
        issue(r.row, r.line, 'citizen_id', 'IMPORTS.CONFLICT', `Số CCCD đã được đăng ký với dữ liệu khác (${differs.join(', ')})`, `This citizen ID is registered with other values (${differs.join(', ')})`),
      );
      return null;
    }
    await this.people.create(
      {
        organisationId: org.id,
        fullName: v.fullName,
        birthDate: v.birthDate,
        sex: v.sex,
        ethnicity: v.ethnicity,
        religion: v.religion,
        occupation: v.occupation,
        educationLevel: v.educationLevel,
        citizenId: v.citizenId,
      },
      em,
    );
    return 'created';
  }

  private async applyMembership(r: ParsedRow<MembershipRow>, em: EntityManager, actor: ImportActor, issues: ImportIssue[]): Promise<Outcome | null> {
    const v = r.value!;
    const person: { id: string }[] = await em.query(`SELECT id FROM people WHERE citizen_id_hmac = $1`, [this.cipher.hmac(v.citizenId, CITIZEN_ID_PURPOSE)]);
    const body = await this.orgByCode(em, v.bodyCode);
    if (!person[0]) issues.push(issue(r.row, r.line, 'citizen_id', 'IMPORTS.NOT_FOUND', 'Chưa có người với số CCCD này (hãy nhập danh sách đảng viên trước)', 'No person with this citizen ID (import the members first)'));
    if (!body) issues.push(issue(r.row, r.line, 'body_code', 'IMPORTS.NOT_FOUND', 'Không tìm thấy tổ chức', 'Organisation not found'));
    if (!person[0] || !body) return null;
    if (!(await this.inScope(em, actor, body.id))) {
      issues.push(issue(r.row, r.line, 'body_code', 'IMPORTS.OUT_OF_SCOPE', 'Ngoài phạm vi quản lý của bạn', 'Outside your scope'));
      return null;
    }
    const existing: { role: string; status: string; valid_to: string | null }[] = await em.query(
      `SELECT role::text AS role, status::text AS status, valid_to::text AS valid_to FROM memberships WHERE person_id = $1 AND body_id = $2 AND valid_from = $3`,
      [person[0].id, body.id, v.validFrom],
    );
    if (existing[0]) {
      const e = existing[0];
      const differs = [e.role !== v.role ? 'role' : null, e.status !== v.status ? 'status' : null, e.valid_to !== v.validTo ? 'valid_to' : null].filter((x): x is string => x !== null);
      if (differs.length === 0) return 'unchanged';
      issues.push(
        issue(r.row, r.line, differs[0]!, 'IMPORTS.CONFLICT', `Sinh hoạt đã có từ ngày này với dữ liệu khác (${differs.join(', ')})`, `A membership from this date exists with other values (${differs.join(', ')})`),
      );
      return null;
    }
    await this.roster.add({ personId: person[0].id, bodyId: body.id, role: v.role, status: v.status, validFrom: v.validFrom, validTo: v.validTo }, em);
    return 'created';
  }

  // ---------------------------------------------------------------- cases in progress (JSON lines)

  private async runCases(text: string, options: RunOptions): Promise<ImportReport> {
    const parsed = parseCaseLines(text);
    const counts: ImportCounts = { rows: parsed.rows.length, created: 0, unchanged: 0, invalid: 0 };
    const issues = [...parsed.issues];
    if (parsed.fatal) return this.finish('cases', counts, issues);
    const total = parsed.rows.length;
    await options.onProgress?.(0, total);

    // Resolve every person and cell first: a line that cannot be placed rejects the whole file.
    const resolved = new Map<number, { personId: string; organisationId: string }>();
    const keys = new Set<string>();
    for (const r of parsed.rows) {
      const v = r.value;
      if (!v) continue;
      const key = `${v.source}\u0000${v.externalId}`;
      if (keys.has(key)) issues.push(issue(r.row, r.line, 'externalId', 'IMPORTS.CONFLICT', 'Khóa nhập (source + externalId) bị lặp trong tệp', 'Import key (source + externalId) repeated in the file'));
      keys.add(key);
      const person: { id: string }[] = await this.ds.query(`SELECT id FROM people WHERE citizen_id_hmac = $1`, [this.cipher.hmac(v.citizenId, CITIZEN_ID_PURPOSE)]);
      const org = await this.orgByCode(this.ds.manager, v.organisationCode);
      if (!person[0]) issues.push(issue(r.row, r.line, 'citizenId', 'IMPORTS.NOT_FOUND', 'Chưa có người với số CCCD này (hãy nhập danh sách người trước)', 'No person with this citizen ID (import the people first)'));
      if (!org) issues.push(issue(r.row, r.line, 'organisationCode', 'IMPORTS.NOT_FOUND', 'Không tìm thấy tổ chức', 'Organisation not found'));
      else if (org.kind !== 'cell' && org.kind !== 'baseCell')
        issues.push(issue(r.row, r.line, 'organisationCode', 'IMPORTS.INVALID', 'Hồ sơ kết nạp thuộc một chi bộ', 'A case belongs to a cell'));
      else if (!(await this.inScope(this.ds.manager, options.actor, org.id)))
        issues.push(issue(r.row, r.line, 'organisationCode', 'IMPORTS.OUT_OF_SCOPE', 'Ngoài phạm vi quản lý của bạn', 'Outside your scope'));
      if (person[0] && org) resolved.set(r.row, { personId: person[0].id, organisationId: org.id });
      await this.resolveDecidingBodies(v.evidence);
    }
    if (issues.length) return this.finish('cases', counts, issues);

    const entries: ImportedCaseEntry[] = [];
    let done = 0;
    for (const r of parsed.rows) {
      const v = r.value!;
      const where = resolved.get(r.row)!;
      try {
        entries.push(await this.importCase(r.row, v, where, options));
      } catch (err) {
        if (!(err instanceof CaseError)) throw err;
        const { vi, en } = split(err.message);
        const rules = Array.isArray(err.problem.rules) ? (err.problem.rules as { id?: string }[]).map((x) => x.id).filter(Boolean) : [];
        issues.push(issue(r.row, r.line, null, 'IMPORTS.REFUSED', `${vi}${rules.length ? ` (${rules.join(', ')})` : ''}`, `${en}${rules.length ? ` (${rules.join(', ')})` : ''}`));
        entries.push({ row: r.row, source: v.source, externalId: v.externalId, caseId: null, outcome: 'failed' });
      }
      done++;
      if (done % 10 === 0 || done === total) await options.onProgress?.(done, total);
    }
    counts.created = entries.filter((e) => e.outcome === 'created').length;
    counts.unchanged = entries.filter((e) => e.outcome === 'unchanged').length;
    return this.finish('cases', counts, issues, entries);
  }

  /** A deciding body may be given by organisation code; the engine compares ids. */
  private async resolveDecidingBodies(evidence: ImportEvidence): Promise<void> {
    for (const d of [evidence.decision, evidence.recognitionDecision]) {
      if (!d || UUID.test(d.decidedBy.id)) continue;
      const org = await this.orgByCode(this.ds.manager, d.decidedBy.id);
      if (org) d.decidedBy = { ...d.decidedBy, id: org.id };
    }
  }

  /**
   * One case: claim its import key, open the case (one transaction), apply `case.imported` (another),
   * mark the key done. A re-run skips keys marked done and resumes a case left half-way (opened,
   * not yet imported) instead of opening a second one.
   */
  private async importCase(row: number, v: CaseLine, where: { personId: string; organisationId: string }, options: RunOptions): Promise<ImportedCaseEntry> {
    const actor = options.caseActor ?? SYSTEM_ACTOR;
    const base = { row, source: v.source, externalId: v.externalId };
    await this.ds.query(`INSERT INTO imported_cases (source, external_id, job_id) VALUES ($1, $2, $3) ON CONFLICT (source, external_id) DO NOTHING`, [
      v.source,
      v.externalId,
      options.jobId ?? null,
    ]);
    const [key]: { case_id: string | null; status: string }[] = await this.ds.query(`SELECT case_id, status FROM imported_cases WHERE source = $1 AND external_id = $2`, [v.source, v.externalId]);
    if (key!.status === 'done') return { ...base, caseId: key!.case_id, outcome: 'unchanged' };

    let caseId = key!.case_id;
    if (!caseId) {
      try {
        caseId = await this.cases.open(actor, { personId: where.personId, organisationId: where.organisationId, ...(v.candidate ? { candidate: v.candidate } : {}) });
      } catch (err) {
        // A previous run died between opening and recording the case: adopt the untouched case.
        const openId = err instanceof CaseError && err.code === CASE_ERRORS.OPEN_CASE_EXISTS ? (err.problem.openCaseId as string | null) : null;
        if (!openId || !(await this.isUntouchedOpening(openId, where.organisationId))) throw err;
        caseId = openId;
      }
      await this.ds.query(`UPDATE imported_cases SET case_id = $3, updated_at = now() WHERE source = $1 AND external_id = $2`, [v.source, v.externalId, caseId]);
    }
    const [c]: { version: number; stage: string }[] = await this.ds.query(`SELECT version, stage FROM cases WHERE id = $1`, [caseId]);
    if (c!.version === 1) {
      const importedOn = v.importedOn ?? (await this.cases.today());
      await this.cases.apply(actor, {
        caseId,
        expectedVersion: 1,
        event: { type: 'case.imported', importedOn, stage: v.stage, evidence: v.evidence, source: v.source, ...(v.note ? { note: v.note } : {}) },
      });
    }
    await this.ds.query(`UPDATE imported_cases SET status = 'done', updated_at = now() WHERE source = $1 AND external_id = $2`, [v.source, v.externalId]);
    const [after]: { stage: string }[] = await this.ds.query(`SELECT stage FROM cases WHERE id = $1`, [caseId]);
    const violations: { rule_id: string }[] = await this.ds.query(`SELECT DISTINCT rule_id FROM violations WHERE case_id = $1 ORDER BY rule_id`, [caseId]);
    return { ...base, caseId, outcome: 'created', stage: after!.stage, violations: violations.map((x) => x.rule_id) };
  }

  private async isUntouchedOpening(caseId: string, organisationId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM cases WHERE id = $1 AND organisation_id = $2 AND version = 1 AND status = 'open'`, [caseId, organisationId]);
    return rows.length > 0;
  }
}

/** Parents before children (a parent may come later in the file); a cycle is reported on each of its rows. */
function orderByParent(rows: ParsedRow<OrganisationRow>[], issues: ImportIssue[]): ParsedRow<OrganisationRow>[] {
  const byCode = new Map<string, ParsedRow<OrganisationRow>>();
  for (const r of rows) if (r.value && !byCode.has(r.value.code)) byCode.set(r.value.code, r);
  const depth = new Map<ParsedRow<OrganisationRow>, number>();
  const visit = (r: ParsedRow<OrganisationRow>, path: Set<ParsedRow<OrganisationRow>>): number => {
    const known = depth.get(r);
    if (known !== undefined) return known;
    const parent = r.value?.parentCode ? byCode.get(r.value.parentCode) : undefined;
    if (!parent || parent === r) {
      depth.set(r, 0);
      return 0;
    }
    if (path.has(parent)) {
      issues.push(issue(r.row, r.line, 'parent_code', 'IMPORTS.INVALID', 'Vòng lặp cấp trên trong tệp', 'The parents form a cycle in the file'));
      depth.set(r, 0);
      return 0;
    }
    path.add(r);
    const d = visit(parent, path) + 1;
    depth.set(r, d);
    return d;
  };
  for (const r of rows) visit(r, new Set());
  return rows.map((r, i) => ({ r, i })).sort((a, b) => (depth.get(a.r) ?? 0) - (depth.get(b.r) ?? 0) || a.i - b.i).map((x) => x.r);
}
