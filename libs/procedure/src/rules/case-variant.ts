import { isLocalDate } from '../dates.js';
import { type PayloadIssue } from '../events/event-schema.js';
import { READMISSION_REASONS } from './case-facts.js';

/**
 * The candidate facts and case variant the rules read, declared once (procedure.md §4-§5). A case
 * is opened with these and nothing else: an unknown key is refused (400) naming it, so a fact the
 * rules would silently ignore (an `expungedOn` in the wrong place) never looks recorded.
 */
type Kind = 'boolean' | 'date' | 'string' | 'integer' | { enum: readonly string[] } | { object: Readonly<Record<string, FactSpec>> };

export interface FactSpec {
  kind: Kind;
  required?: boolean;
  vi: string;
  en: string;
  /** The rule(s) that read it. */
  readBy: readonly string[];
}

/** Case-specific attributes of the candidate (PersonFacts beyond the person record). */
export const CANDIDATE_FACTS: Readonly<Record<string, FactSpec>> = {
  youthUnionMember: { kind: 'boolean', vi: 'Đoàn viên', en: 'Youth Union member', readBy: ['COND-INTRODUCERS'] },
  youthUnionOfficial: { kind: 'boolean', vi: 'Cán bộ Đoàn (tuổi thanh niên đến 35, I-3)', en: 'Youth Union official (youth age up to 35, I-3)', readBy: ['COND-INTRODUCERS'] },
  tradeUnionMember: { kind: 'boolean', vi: 'Đoàn viên công đoàn', en: 'Trade-union member', readBy: ['COND-INTRODUCERS'] },
  areaException: { kind: 'boolean', vi: 'Vùng được ngoại lệ học vấn (HD06 §1.2)', en: 'Area exception for education (HD06 §1.2)', readBy: ['CRIT-EDUCATION'] },
  communityLeader: { kind: 'boolean', vi: 'Già làng, trưởng bản, người có uy tín (HD06 §1.2)', en: 'Village elder, hamlet head or prestigious person (HD06 §1.2)', readBy: ['CRIT-EDUCATION', 'COND-PROVINCE-CONSENT'] },
  vietnameseCitizen: { kind: 'boolean', vi: 'Công dân Việt Nam', en: 'Vietnamese citizen', readBy: ['CRIT-CITIZEN'] },
  foreignSpouse: { kind: 'boolean', vi: 'Vợ/chồng là người nước ngoài', en: 'Foreign spouse', readBy: ['COND-SPECIAL-CATEGORY'] },
  foreignOrigin: { kind: 'boolean', vi: 'Người Việt Nam gốc nước ngoài', en: 'Vietnamese national of foreign origin', readBy: ['COND-SPECIAL-CATEGORY'] },
  ethnicChinese: { kind: 'boolean', vi: 'Người Hoa', en: 'Ethnic Chinese', readBy: ['COND-SPECIAL-CATEGORY'] },
  vietnameseNationalityGenerations: { kind: 'integer', vi: 'Số đời gia đình mang quốc tịch Việt Nam', en: 'Generations of Vietnamese nationality', readBy: ['COND-SPECIAL-CATEGORY'] },
  businessOwner: { kind: 'boolean', vi: 'Chủ doanh nghiệp tư nhân (HD 08-HD/BTCTW)', en: 'Private-business owner (HD 08-HD/BTCTW)', readBy: ['COND-SPECIAL-CATEGORY', 'PROC-COMPETENT-BODY'] },
};

const READMISSION: Readonly<Record<string, FactSpec>> = {
  leftOn: { kind: 'date', required: true, vi: 'Ngày ra khỏi Đảng', en: 'Left the Party on', readBy: ['COND-READMISSION'] },
  reason: { kind: { enum: READMISSION_REASONS }, required: true, vi: 'Lý do ra khỏi Đảng', en: 'Why the person left', readBy: ['COND-READMISSION'] },
  reasonNote: { kind: 'string', vi: 'Ghi rõ (hoàn cảnh gia đình đặc biệt khó khăn...)', en: 'Details (exceptional family hardship...)', readBy: ['COND-READMISSION'] },
  previouslyReadmitted: { kind: 'boolean', required: true, vi: 'Đã từng được kết nạp lại', en: 'Already re-admitted once', readBy: ['COND-READMISSION'] },
  firstDecisionOn: { kind: 'date', vi: 'Ngày quyết định kết nạp lần đầu', en: 'First admission decision', readBy: [] },
  expungedOn: {
    kind: 'date',
    vi: 'Ngày được xoá án tích (60 tháng tính từ ngày này, QĐ294 §3.5.1b)',
    en: 'Conviction expunged on (the 60 months run from it, QĐ294 §3.5.1b)',
    readBy: ['COND-READMISSION'],
  },
};

/** The case variant (special cases of §5). */
export const CASE_VARIANT_FACTS: Readonly<Record<string, FactSpec>> = {
  readmission: { kind: { object: READMISSION }, vi: 'Kết nạp lại (QĐ294 §3.5)', en: 'Re-admission (QĐ294 §3.5)', readBy: ['COND-READMISSION', 'COND-PROVINCE-CONSENT'] },
  noPartyNearby: { kind: 'boolean', vi: 'Không có tổ chức đảng, đảng viên nơi làm việc, cư trú (QĐ294 §3.4)', en: 'No party organisation or member where the person works or lives (QĐ294 §3.4)', readBy: ['COND-INTRODUCERS'] },
  temporaryCell: { kind: 'boolean', vi: 'Sinh hoạt tạm thời (HD06 §5.2)', en: 'Temporary-activity cell (HD06 §5.2)', readBy: [] },
  armedForces: { kind: 'boolean', vi: 'Lực lượng vũ trang', en: 'Armed forces', readBy: [] },
};

function check(specs: Readonly<Record<string, FactSpec>>, value: unknown, path: string): PayloadIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path, vi: 'Phải là đối tượng', en: 'Must be an object' }];
  const issues: PayloadIssue[] = [];
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (!Object.prototype.hasOwnProperty.call(specs, key))
      issues.push({
        path: `${path}.${key}`,
        vi: `Trường "${key}" không có trong mô tả; các trường được khai báo: ${Object.keys(specs).join(', ')}`,
        en: `Unknown field "${key}"; declared fields: ${Object.keys(specs).join(', ')}`,
      });
  for (const [key, spec] of Object.entries(specs)) {
    const v = record[key];
    const at = `${path}.${key}`;
    if (v === undefined || v === null) {
      if (spec.required) issues.push({ path: at, vi: 'Thiếu trường bắt buộc', en: 'Required field missing' });
      continue;
    }
    const k = spec.kind;
    if (k === 'boolean' && typeof v !== 'boolean') issues.push({ path: at, vi: 'Phải là true/false', en: 'Must be a boolean' });
    else if (k === 'date' && !isLocalDate(v)) issues.push({ path: at, vi: 'Ngày phải có dạng YYYY-MM-DD', en: 'Date must be YYYY-MM-DD' });
    else if (k === 'string' && (typeof v !== 'string' || v.length === 0 || v.length > 1000)) issues.push({ path: at, vi: 'Chuỗi 1–1000 ký tự', en: 'A string of 1–1000 characters' });
    else if (k === 'integer' && !(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 20)) issues.push({ path: at, vi: 'Số nguyên 0–20', en: 'An integer 0–20' });
    else if (typeof k === 'object' && 'enum' in k && !(typeof v === 'string' && k.enum.includes(v)))
      issues.push({ path: at, vi: `Giá trị phải thuộc: ${k.enum.join(', ')}`, en: `Must be one of: ${k.enum.join(', ')}` });
    else if (typeof k === 'object' && 'object' in k) issues.push(...check(k.object, v, at));
  }
  return issues;
}

/** Checks the candidate facts and the case variant given when a case is opened. */
export function validateCaseOpening(input: { candidate?: unknown; variant?: unknown }): PayloadIssue[] {
  return [
    ...(input.candidate === undefined || input.candidate === null ? [] : check(CANDIDATE_FACTS, input.candidate, 'candidate')),
    ...(input.variant === undefined || input.variant === null ? [] : check(CASE_VARIANT_FACTS, input.variant, 'variant')),
  ];
}
