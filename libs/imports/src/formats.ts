import { EDUCATION_LEVELS, MEMBERSHIP_ROLES, MEMBERSHIP_STATUSES, OCCUPATION_CATEGORIES, ORGANISATION_KINDS } from '#orgs';
import { message } from '#messages';

/** What an import file holds. `cases` is JSON lines; the others are CSV. */
export const IMPORT_KINDS = ['organisations', 'members', 'memberships', 'cases'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(value: unknown): value is ImportKind {
  return typeof value === 'string' && (IMPORT_KINDS as readonly string[]).includes(value);
}

export interface ColumnSpec {
  /** Canonical (English) header. */
  key: string;
  required: boolean;
  /** Other accepted headers, compared after `normalizeHeader` (Vietnamese with or without diacritics). */
  aliases: string[];
  vi: string;
  en: string;
  /** Allowed values, documented in docs/operations.md. */
  values?: readonly string[];
}

/** Lower case, diacritics removed (đ → d), runs of anything else than letters and digits → '_'. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const col = (key: string, required: boolean, vi: string, en: string, aliases: string[], values?: readonly string[]): ColumnSpec => ({
  key,
  required,
  vi,
  en,
  aliases,
  ...(values ? { values } : {}),
});

export const SEX_VALUES = ['male', 'female', 'nam', 'nữ'] as const;

/** The CSV formats (docs/operations.md, "Import formats"). */
export const CSV_FORMATS: Record<Exclude<ImportKind, 'cases'>, ColumnSpec[]> = {
  organisations: [
    col('code', true, 'Mã tổ chức', 'Organisation code', ['ma', 'ma to chuc']),
    col('name', true, 'Tên tổ chức', 'Name', ['ten', 'ten to chuc']),
    col('kind', true, 'Loại tổ chức', 'Kind', ['loai', 'loai to chuc'], ORGANISATION_KINDS),
    col('parent_code', false, 'Mã tổ chức cấp trên', 'Parent code', ['ma cap tren', 'ma to chuc cap tren']),
    col('valid_from', true, message('IMPORTS.HI_U_L_C_T'), 'Valid from', ['tu ngay', 'ngay thanh lap', 'hieu luc tu']),
    col('valid_to', false, 'Ngày kết thúc (không tính)', 'Valid to (exclusive)', ['den ngay', 'ngay ket thuc']),
  ],
  members: [
    col('citizen_id', true, 'Số CCCD', 'Citizen ID', ['cccd', 'so cccd', 'so can cuoc', 'so dinh danh']),
    col('full_name', true, 'Họ và tên', 'Full name', ['ho ten', 'ho va ten']),
    col('birth_date', true, 'Ngày sinh', 'Birth date', ['ngay sinh']),
    col('sex', true, 'Giới tính', 'Sex', ['gioi tinh'], SEX_VALUES),
    col('ethnicity', true, 'Dân tộc', 'Ethnicity', ['dan toc']),
    col('religion', false, 'Tôn giáo', 'Religion', ['ton giao']),
    col('occupation', true, 'Nghề nghiệp', 'Occupation', ['nghe nghiep'], OCCUPATION_CATEGORIES),
    col('education_level', true, 'Trình độ học vấn', 'Education level', ['trinh do', 'trinh do hoc van', 'hoc van'], EDUCATION_LEVELS),
    col('organisation_code', true, 'Mã tổ chức quản lý hồ sơ', 'Organisation holding the record', ['ma to chuc', 'to chuc']),
  ],
  memberships: [
    col('citizen_id', true, 'Số CCCD', 'Citizen ID', ['cccd', 'so cccd', 'so can cuoc', 'so dinh danh']),
    col('body_code', true, 'Mã tổ chức sinh hoạt', 'Body code', ['ma to chuc', 'ma chi bo', 'noi sinh hoat']),
    col('role', false, 'Chức vụ', 'Role', ['chuc vu', 'vai tro'], MEMBERSHIP_ROLES),
    col('status', true, 'Tình trạng', 'Status', ['tinh trang', 'trang thai'], MEMBERSHIP_STATUSES),
    col('valid_from', true, 'Từ ngày', 'Valid from', ['tu ngay']),
    col('valid_to', false, 'Đến ngày (không tính)', 'Valid to (exclusive)', ['den ngay']),
  ],
};

/** Header name → canonical key for a kind. */
export function headerIndex(kind: Exclude<ImportKind, 'cases'>): Map<string, ColumnSpec> {
  const index = new Map<string, ColumnSpec>();
  for (const c of CSV_FORMATS[kind]) {
    index.set(normalizeHeader(c.key), c);
    index.set(normalizeHeader(c.vi), c);
    for (const a of c.aliases) index.set(normalizeHeader(a), c);
  }
  return index;
}
