import {
  EDUCATION_LEVELS,
  MEMBERSHIP_ROLES,
  MEMBERSHIP_STATUSES,
  OCCUPATION_CATEGORIES,
  ORGANISATION_KINDS,
  isIsoDate,
  normalizeCitizenId,
  type EducationLevel,
  type MembershipRole,
  type MembershipStatus,
  type OccupationCategory,
  type OrganisationKind,
  type Sex,
} from '#orgs';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { CSV_FORMATS, headerIndex, normalizeHeader, type ColumnSpec, type ImportKind } from './formats.js';
import { MAX_ROWS, type ImportIssue, type ImportIssueCode } from './import.types.js';

export type CsvKind = Exclude<ImportKind, 'cases'>;

export interface OrganisationRow {
  code: string;
  name: string;
  kind: OrganisationKind;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface MemberRow {
  citizenId: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  ethnicity: string;
  religion: string | null;
  occupation: OccupationCategory;
  educationLevel: EducationLevel;
  organisationCode: string;
}

export interface MembershipRow {
  citizenId: string;
  bodyCode: string;
  role: MembershipRole;
  status: MembershipStatus;
  validFrom: string;
  validTo: string | null;
}

export interface RowOf {
  organisations: OrganisationRow;
  members: MemberRow;
  memberships: MembershipRow;
}

/** A data row: where it is, and its value when every field passed (null otherwise). */
export interface ParsedRow<T> {
  row: number;
  line: number;
  value: T | null;
}

export interface ParsedCsv<K extends CsvKind> {
  rows: ParsedRow<RowOf[K]>[];
  issues: ImportIssue[];
  /** A file-level problem (syntax, header): no row was read. */
  fatal: boolean;
}

export function issue(row: number | null, line: number | null, field: string | null, code: ImportIssueCode, vi: string, en: string, column?: string): ImportIssue {
  return { row, line, field, ...(column && column !== field ? { column } : {}), code, vi, en };
}

/** `YYYY-MM-DD`, or `DD/MM/YYYY` (also `D/M/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`) as Vietnamese spreadsheets write it. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  if (isIsoDate(v)) return v;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Parse and check a CSV file of `kind`, row by row; database checks come later. */
export function parseCsvFile<K extends CsvKind>(kind: K, text: string): ParsedCsv<K> {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { rows: [], issues: [issue(null, err.line, null, 'IMPORTS.SYNTAX', `Lỗi cú pháp CSV: ${err.vi}`, `CSV syntax error: ${err.en}`)], fatal: true };
    throw err;
  }
  const header = records[0];
  if (!header) return { rows: [], issues: [issue(null, null, null, 'IMPORTS.HEADER', 'Tệp rỗng: thiếu dòng tiêu đề', 'Empty file: the header row is missing')], fatal: true };
  const index = headerIndex(kind);
  const issues: ImportIssue[] = [];
  const columns: (ColumnSpec | null)[] = [];
  const seen = new Set<string>();
  header.fields.forEach((raw) => {
    const spec = index.get(normalizeHeader(raw)) ?? null;
    if (!spec) {
      issues.push(issue(1, header.line, null, 'IMPORTS.HEADER', `Cột không được hỗ trợ: "${raw.slice(0, 60)}"`, `Unknown column: "${raw.slice(0, 60)}"`, raw));
    } else if (seen.has(spec.key)) {
      issues.push(issue(1, header.line, spec.key, 'IMPORTS.HEADER', `Cột bị lặp: ${spec.vi}`, `Duplicate column: ${spec.key}`, raw));
    } else seen.add(spec.key);
    columns.push(spec);
  });
  for (const spec of CSV_FORMATS[kind]) {
    if (spec.required && !seen.has(spec.key)) issues.push(issue(1, header.line, spec.key, 'IMPORTS.HEADER', `Thiếu cột bắt buộc: ${spec.vi} (${spec.key})`, `Required column missing: ${spec.key}`));
  }
  if (issues.length) return { rows: [], issues, fatal: true };
  if (records.length - 1 > MAX_ROWS)
    return { rows: [], issues: [issue(null, null, null, 'IMPORTS.TOO_LARGE', `Tệp có quá ${MAX_ROWS} dòng; hãy chia nhỏ`, `More than ${MAX_ROWS} rows; split the file`)], fatal: true };

  const rows: ParsedRow<RowOf[K]>[] = [];
  records.slice(1).forEach((rec, i) => {
    const row = i + 2;
    const cells: Record<string, string> = {};
    const written: Record<string, string> = {};
    columns.forEach((spec, c) => {
      if (!spec) return;
      cells[spec.key] = (rec.fields[c] ?? '').trim();
      written[spec.key] = header.fields[c]!;
    });
    const rowIssues: ImportIssue[] = [];
    if (rec.fields.length !== columns.length)
      rowIssues.push(
        issue(row, rec.line, null, 'IMPORTS.INVALID', `Dòng có ${rec.fields.length} cột, tiêu đề có ${columns.length}`, `The row has ${rec.fields.length} fields, the header ${columns.length}`),
      );
    const check = new RowChecker(row, rec.line, cells, written, rowIssues);
    const value = ROW_READERS[kind](check) as RowOf[K];
    issues.push(...rowIssues);
    rows.push({ row, line: rec.line, value: rowIssues.length ? null : value });
  });
  return { rows, issues, fatal: false };
}

/** Reads typed values out of one row, recording an issue per bad field (never echoing personal data). */
class RowChecker {
  constructor(
    readonly row: number,
    readonly line: number,
    private readonly cells: Record<string, string>,
    private readonly written: Record<string, string>,
    readonly issues: ImportIssue[],
  ) {}

  private bad(field: string, code: ImportIssueCode, vi: string, en: string): void {
    this.issues.push(issue(this.row, this.line, field, code, vi, en, this.written[field]));
  }

  text(field: string, required: boolean, max = 500): string | null {
    const v = this.cells[field] ?? '';
    if (v === '') {
      if (required) this.bad(field, 'IMPORTS.REQUIRED', 'Không được để trống', 'Required');
      return null;
    }
    if (v.length > max) {
      this.bad(field, 'IMPORTS.INVALID', `Tối đa ${max} ký tự`, `At most ${max} characters`);
      return null;
    }
    return v.normalize('NFC');
  }

  code(field: string, required: boolean): string | null {
    const v = this.text(field, required, 64);
    if (v !== null && !/^[\p{L}\p{N}._\-/]+$/u.test(v)) {
      this.bad(field, 'IMPORTS.INVALID', 'Mã chỉ gồm chữ, số và . _ - /', 'A code holds letters, digits and . _ - / only');
      return null;
    }
    return v;
  }

  date(field: string, required: boolean): string | null {
    const v = this.text(field, required, 20);
    if (v === null) return null;
    const d = parseDate(v);
    if (!d) this.bad(field, 'IMPORTS.INVALID', 'Ngày không hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY, ngày có thật)', 'Invalid date (YYYY-MM-DD or DD/MM/YYYY, a real date)');
    return d;
  }

  oneOf<T extends string>(field: string, required: boolean, values: readonly T[], synonyms: Record<string, T> = {}): T | null {
    const v = this.text(field, required, 60);
    if (v === null) return null;
    const key = v.toLowerCase();
    const found = values.find((x) => x.toLowerCase() === key) ?? synonyms[key];
    if (!found) this.bad(field, 'IMPORTS.INVALID', `Giá trị phải thuộc: ${values.join(', ')}`, `Must be one of: ${values.join(', ')}`);
    return found ?? null;
  }

  citizenId(field: string): string | null {
    const v = this.text(field, true, 30);
    if (v === null) return null;
    const n = normalizeCitizenId(v);
    if (!n) this.bad(field, 'IMPORTS.INVALID', 'Số CCCD phải gồm 12 (hoặc 9) chữ số', 'The citizen ID must have 12 (or 9) digits');
    return n;
  }

  range(fromField: string, from: string | null, toField: string, to: string | null): void {
    if (from && to && to <= from) this.bad(toField, 'IMPORTS.INVALID', `Phải sau ${fromField}`, `Must be after ${fromField}`);
  }
}

const ROW_READERS: { [K in CsvKind]: (c: RowChecker) => RowOf[K] } = {
  organisations: (c) => {
    const validFrom = c.date('valid_from', true);
    const validTo = c.date('valid_to', false);
    c.range('valid_from', validFrom, 'valid_to', validTo);
    return {
      code: c.code('code', true)!,
      name: c.text('name', true, 300)!,
      kind: c.oneOf('kind', true, ORGANISATION_KINDS)!,
      parentCode: c.code('parent_code', false),
      validFrom: validFrom!,
      validTo,
    };
  },
  members: (c) => {
    const birthDate = c.date('birth_date', true);
    return {
      citizenId: c.citizenId('citizen_id')!,
      fullName: c.text('full_name', true, 200)!,
      birthDate: birthDate!,
      sex: c.oneOf('sex', true, ['male', 'female'] as const, { nam: 'male', 'nữ': 'female', nu: 'female' })!,
      ethnicity: c.text('ethnicity', true, 100)!,
      religion: c.text('religion', false, 100),
      occupation: c.oneOf('occupation', true, OCCUPATION_CATEGORIES)!,
      educationLevel: c.oneOf('education_level', true, EDUCATION_LEVELS)!,
      organisationCode: c.code('organisation_code', true)!,
    };
  },
  memberships: (c) => {
    const validFrom = c.date('valid_from', true);
    const validTo = c.date('valid_to', false);
    c.range('valid_from', validFrom, 'valid_to', validTo);
    return {
      citizenId: c.citizenId('citizen_id')!,
      bodyCode: c.code('body_code', true)!,
      role: c.oneOf('role', false, MEMBERSHIP_ROLES) ?? 'member',
      status: c.oneOf('status', true, MEMBERSHIP_STATUSES)!,
      validFrom: validFrom!,
      validTo,
    };
  },
};
