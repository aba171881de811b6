import ExcelJS from 'exceljs';
import { CATEGORY_LABELS, type CategoryCounts, FLAGS, OCCUPATIONS } from './categories.js';
import type { AdmissionsReport } from './reports.service.js';
import { message } from '#messages';

/** Column codes of the admissions table (one layout for CSV and XLSX). */
export const ADMISSIONS_COLUMNS = [
  'organisationCode',
  'organisationName',
  'period',
  'from',
  'to',
  'measure',
  'total',
  'late',
  ...OCCUPATIONS,
  ...FLAGS,
] as const;

type Cell = string | number | null;

const categoryCells = (c: CategoryCounts | null): Cell[] => [
  ...OCCUPATIONS.map((o) => (c ? c.occupation[o] : null)),
  ...FLAGS.map((f) => (c ? c.flags[f] : null)),
];

/** The table rows: the organisation per period and for the year, then each sub-organisation for the year. */
export function admissionsRows(r: AdmissionsReport): Cell[][] {
  const rows: Cell[][] = [];
  const org = r.organisation;
  for (const p of [...r.periods, ...(r.period === 'year' ? [] : [r.total])]) {
    rows.push([org.code, org.name, p.key, p.from, p.to, 'admissions', p.admissions.total, null, ...categoryCells(p.admissions)]);
    rows.push([
      org.code,
      org.name,
      p.key,
      p.from,
      p.to,
      'recognitions',
      p.recognitions.counts.total,
      p.recognitions.late,
      ...categoryCells(p.recognitions.counts),
    ]);
    rows.push([org.code, org.name, p.key, p.from, p.to, 'removals', p.removals.total, p.removals.late, ...categoryCells(null)]);
  }
  for (const o of r.byOrganisation) {
    rows.push([
      o.organisation?.code ?? message('REPORTS.OTHER'),
      o.organisation?.name ?? '',
      String(r.year),
      r.total.from,
      r.total.to,
      'admissions',
      o.admissions.total,
      null,
      ...categoryCells(o.admissions),
    ]);
  }
  return rows;
}

function headerNotes(r: AdmissionsReport): string[] {
  return [
    message('REPORTS.ADMISSIONS_RECOGNITIONS_AND_REMOVALS_REPORT', { code: r.organisation.code, name: r.organisation.name, year: r.year, period: r.period }),
    r.layoutNote.vi,
    r.layoutNote.en,
    message('REPORTS.COUNTED_BY_DECISION_DATE_PREDECESSORS'),
    message('REPORTS.GENERATED_AT', { generatedAt: r.generatedAt }),
  ];
}

const csvCell = (v: Cell): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV (UTF-8 with BOM for spreadsheet programs): '#' comment lines with the layout note, then the table. */
export function admissionsCsv(r: AdmissionsReport): string {
  const lines = headerNotes(r).map((n) => `# ${n.replace(/[\r\n]+/g, ' ')}`);
  lines.push(ADMISSIONS_COLUMNS.join(','));
  for (const row of admissionsRows(r)) lines.push(row.map(csvCell).join(','));
  if (r.targets.length > 0) {
    lines.push('');
    lines.push(message('REPORTS.TARGETS'));
    lines.push('category,target,actual,percent');
    for (const t of r.targets) lines.push([t.category, t.target, t.actual, t.percent].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** XLSX: sheet "Ket nap" (notes, then the table from the header row) and sheet "Chi tieu" (targets). */
export async function admissionsXlsx(r: AdmissionsReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ket-nap';
  wb.created = new Date(r.generatedAt);
  const ws = wb.addWorksheet('Ket nap');
  for (const note of headerNotes(r)) ws.addRow([note]);
  ws.addRow([]);
  const header = ws.addRow([...ADMISSIONS_COLUMNS]);
  header.font = { bold: true };
  ws.addRow(ADMISSIONS_COLUMNS.map((c) => CATEGORY_LABELS[c]?.vi ?? ''));
  for (const row of admissionsRows(r)) ws.addRow(row);
  const ts = wb.addWorksheet('Chi tieu');
  ts.addRow([r.layoutNote.vi]);
  ts.addRow([r.layoutNote.en]);
  ts.addRow([]);
  ts.addRow(['category', 'label', 'target', 'actual', 'percent']).font = { bold: true };
  for (const t of r.targets) ts.addRow([t.category, CATEGORY_LABELS[t.category]?.vi ?? t.category, t.target, t.actual, t.percent]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
