import { normalizeCitizenId } from '#orgs';
import { IMPORT_STAGES, isLocalDate, parseCaseEvent, type ImportEvidence, type ImportStage } from '#procedure';
import { MAX_ROWS, type ImportIssue } from './import.types.js';
import { issue, type ParsedRow } from './rows.js';

/**
 * One case already in progress (or closed) on paper, as a JSON line (docs/operations.md, "cases").
 * It becomes a case opened for the person in the cell, then the procedure's `case.imported` event.
 */
export interface CaseLine {
  source: string;
  externalId: string;
  citizenId: string;
  organisationCode: string;
  stage: ImportStage;
  importedOn: string | null;
  evidence: ImportEvidence;
  note: string | null;
  candidate: Record<string, unknown> | null;
}

const KNOWN = new Set(['source', 'externalId', 'citizenId', 'organisationCode', 'stage', 'importedOn', 'evidence', 'note', 'candidate']);

export function parseCaseLines(text: string): { rows: ParsedRow<CaseLine>[]; issues: ImportIssue[]; fatal: boolean } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  const rows: ParsedRow<CaseLine>[] = [];
  const issues: ImportIssue[] = [];
  const nonBlank = lines.filter((l) => l.trim() !== '').length;
  if (nonBlank === 0) return { rows, issues: [issue(null, null, null, 'IMPORTS.HEADER', 'Tệp rỗng', 'Empty file')], fatal: true };
  if (nonBlank > MAX_ROWS) return { rows, issues: [issue(null, null, null, 'IMPORTS.TOO_LARGE', `Tệp có quá ${MAX_ROWS} dòng; hãy chia nhỏ`, `More than ${MAX_ROWS} lines; split the file`)], fatal: true };
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const before = issues.length;
    const bad = (field: string | null, vi: string, en: string, code: ImportIssue['code'] = 'IMPORTS.INVALID') => issues.push(issue(line, line, field, code, vi, en));
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      bad(null, 'Dòng không phải JSON hợp lệ', 'The line is not valid JSON', 'IMPORTS.SYNTAX');
      rows.push({ row: line, line, value: null });
      return;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      bad(null, 'Mỗi dòng phải là một đối tượng JSON', 'Each line must be a JSON object', 'IMPORTS.SYNTAX');
      rows.push({ row: line, line, value: null });
      return;
    }
    const o = obj as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!KNOWN.has(key)) bad(key.slice(0, 60), 'Trường không được hỗ trợ', 'Unknown field');
    const str = (field: string, max: number, required = true): string | null => {
      const v = o[field];
      if (v === undefined || v === null || v === '') {
        if (required) bad(field, 'Không được để trống', 'Required', 'IMPORTS.REQUIRED');
        return null;
      }
      if (typeof v !== 'string' || v.length > max) {
        bad(field, `Phải là chuỗi tối đa ${max} ký tự`, `Must be a string of at most ${max} characters`);
        return null;
      }
      return v.trim().normalize('NFC');
    };
    const source = str('source', 200);
    const externalId = str('externalId', 200);
    const rawCitizen = str('citizenId', 30);
    const citizenId = rawCitizen === null ? null : normalizeCitizenId(rawCitizen);
    if (rawCitizen !== null && !citizenId) bad('citizenId', 'Số CCCD phải gồm 12 (hoặc 9) chữ số', 'The citizen ID must have 12 (or 9) digits');
    const organisationCode = str('organisationCode', 64);
    const stage = str('stage', 40);
    if (stage !== null && !(IMPORT_STAGES as readonly string[]).includes(stage)) bad('stage', `Giai đoạn phải thuộc: ${IMPORT_STAGES.join(', ')}`, `Stage must be one of: ${IMPORT_STAGES.join(', ')}`);
    const importedOn = str('importedOn', 10, false);
    if (importedOn !== null && !isLocalDate(importedOn)) bad('importedOn', 'Ngày phải có dạng YYYY-MM-DD', 'Date must be YYYY-MM-DD');
    const note = str('note', 1000, false);
    const candidate = o.candidate;
    if (candidate !== undefined && candidate !== null && (typeof candidate !== 'object' || Array.isArray(candidate))) bad('candidate', 'Phải là đối tượng', 'Must be an object');
    const evidence = o.evidence;
    if (evidence === undefined || evidence === null) bad('evidence', 'Không được để trống', 'Required', 'IMPORTS.REQUIRED');
    else if (typeof evidence !== 'object' || Array.isArray(evidence)) bad('evidence', 'Phải là đối tượng', 'Must be an object');
    else if (stage !== null && (IMPORT_STAGES as readonly string[]).includes(stage)) {
      // The procedure's own schema of case.imported names the exact field (evidence.cellResolution.for ...).
      const event = { type: 'case.imported', importedOn: importedOn ?? '2000-01-01', stage, evidence, source: source ?? 'x' };
      const parsed = parseCaseEvent(event);
      if (!parsed.ok) for (const p of parsed.issues) bad(p.path || null, p.vi, p.en);
    }
    rows.push({
      row: line,
      line,
      value:
        issues.length > before
          ? null
          : {
              source: source!,
              externalId: externalId!,
              citizenId: citizenId!,
              organisationCode: organisationCode!,
              stage: stage as ImportStage,
              importedOn,
              evidence: evidence as ImportEvidence,
              note,
              candidate: (candidate as Record<string, unknown> | undefined) ?? null,
            },
    });
  });
  return { rows, issues, fatal: false };
}
