import ExcelJS from 'exceljs';
import type { TodoItem } from '#cases';
import { message } from '#messages';

/** Columns of the to-do table (one layout for CSV and XLSX; the header row is Vietnamese / English). */
const COLUMNS: { header: string; cell: (t: TodoItem) => string | number | null }[] = [
  { header: message('API.LIMIT'), cell: (t) => t.deadline.limit },
  { header: message('API.LEFT'), cell: (t) => (t.countdown && t.countdown.left !== null ? t.countdown.left : null) },
  { header: message('API.UNIT'), cell: (t) => (t.countdown ? (t.countdown.unit === 'workingDays' ? 'ngày làm việc' : 'ngày') : null) },
  { header: message('API.OVERDUE_DAYS'), cell: (t) => (t.countdown ? t.countdown.overdueDays : null) },
  { header: message('API.CANDIDATE'), cell: (t) => t.person.fullName },
  { header: message('API.STEP'), cell: (t) => t.deadline.label.vi },
  { header: message('API.STAGE'), cell: (t) => t.stage },
  { header: message('API.CELL'), cell: (t) => t.organisation.name },
  { header: message('API.RESPONSIBLE'), cell: (t) => t.deadline.responsible },
  { header: message('API.CASE'), cell: (t) => t.caseId },
];

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV, UTF-8 with BOM so spreadsheet programs read the diacritics. */
export function todoCsv(items: TodoItem[], today: string): string {
  const lines = [`# Việc cần làm / to-do — ngày / as of ${today}`, COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const t of items) lines.push(COLUMNS.map((c) => csvCell(c.cell(t))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function todoXlsx(items: TodoItem[], today: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ket-nap';
  const ws = wb.addWorksheet('Viec can lam');
  ws.addRow([`Việc cần làm / to-do — ngày / as of ${today}`]);
  ws.addRow([]);
  const header = ws.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  for (const t of items) ws.addRow(COLUMNS.map((c) => c.cell(t)));
  ws.columns.forEach((col, i) => (col.width = i === 4 || i === 5 ? 36 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
