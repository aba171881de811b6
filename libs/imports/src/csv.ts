import { CsvError, parse } from 'csv-parse/sync';
import { message } from '#messages';

/**
 * CSV through csv-parse (RFC 4180): fields separated by commas (or a chosen delimiter), records by
 * CRLF, LF or a lone CR (mixed in one file too), fields optionally enclosed in double quotes, a
 * quote inside a quoted field written twice (""), line breaks and delimiters allowed inside
 * quotes. A UTF-8 BOM is dropped, blank lines are skipped, spaces are data (no trimming), and rows
 * may differ in length (rows.ts reports a short or long row by its line).
 *
 * Every record carries the physical line it started on, so error reports can name it.
 */
export interface CsvRecord {
  /** 1-based line number of the record's first character in the file. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly code = 'IMPORTS.CSV_SYNTAX';
  constructor(
    readonly line: number,
    readonly vi: string,
    readonly en: string,
  ) {
    super(message('IMPORTS.LINE', { line, vi, en }));
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvOptions {
  delimiter?: string;
}

/** Our bilingual wording for csv-parse's syntax errors; anything else is a bug and is rethrown. */
const SYNTAX: Partial<Record<string, [vi: string, en: string]>> = {
  CSV_QUOTE_NOT_CLOSED: ['thiếu dấu ngoặc kép đóng', 'unterminated quoted field'],
  INVALID_OPENING_QUOTE: ['dấu ngoặc kép giữa trường chưa được bao trong ngoặc kép', 'a quote inside an unquoted field'],
  CSV_INVALID_CLOSING_QUOTE: ['ký tự thừa sau dấu ngoặc kép đóng', 'characters after a closing quote'],
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: ['ký tự thừa sau dấu ngoặc kép đóng', 'characters after a closing quote'],
};

const count = (s: string, re: RegExp): number => s.match(re)?.length ?? 0;

export function parseCsv(input: string, options: CsvOptions = {}): CsvRecord[] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') throw new TypeError('delimiter must be one character, not a quote or a line break');
  // csv-parse's `lines` is the line a record ends on, counting a CR and an LF inside quotes as two
  // lines (a CRLF between records as one). A record's first line is that, less the line breaks
  // inside it, less the CRLF pairs inside quotes met so far.
  let crlfInsideQuotes = 0;
  const records: CsvRecord[] = [];
  try {
    parse(input, {
      bom: true,
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields, info) => {
        const inside = fields.join('');
        records.push({ line: info.lines - count(inside, /[\r\n]/g) - crlfInsideQuotes, fields });
        crlfInsideQuotes += count(inside, /\r\n/g);
        return null; // kept here with its line, not in csv-parse's output
      },
    });
    return records;
  } catch (err) {
    const words = err instanceof CsvError ? SYNTAX[err.code] : undefined;
    if (!words) throw err;
    const line = Number((err as CsvError & { lines?: number }).lines ?? 1) - crlfInsideQuotes;
    throw new CsvSyntaxError(Math.max(1, line), ...words);
  }
}

/** Writes one CSV record (for error reports and tests): quotes a field only when it needs it. */
export function formatCsvRecord(fields: readonly string[], delimiter = ','): string {
  return fields.map((f) => (/[",\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter);
}
