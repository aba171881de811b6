/**
 * A small RFC 4180 CSV parser: fields separated by commas (or a chosen delimiter), records by CRLF
 * or LF (a lone CR too), fields optionally enclosed in double quotes, a double quote inside a
 * quoted field written twice (""), line breaks and delimiters allowed inside quotes. A UTF-8 BOM
 * at the start is dropped. Blank lines (outside quotes) are skipped.
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
    super(`Dòng ${line}: ${vi} / line ${line}: ${en}`);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvOptions {
  delimiter?: string;
}

export function parseCsv(input: string, options: CsvOptions = {}): CsvRecord[] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') throw new TypeError('delimiter must be one character, not a quote or a line break');
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  /** True when the current record has content (a field, a delimiter or a quote). */
  let started = false;
  const n = text.length;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    if (started) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      if (field.length > 0) throw new CsvSyntaxError(line, 'dấu ngoặc kép giữa trường chưa được bao trong ngoặc kép', 'a quote inside an unquoted field');
      if (!started) recordLine = line;
      started = true;
      const openedOn = line;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (q === '\r') {
          // CRLF or a lone CR inside quotes: kept as written, counted as one line break.
          line++;
          if (text[i + 1] === '\n') {
            field += '\r\n';
            i += 2;
            continue;
          }
        } else if (q === '\n') line++;
        field += q;
        i++;
      }
      if (!closed) throw new CsvSyntaxError(openedOn, 'thiếu dấu ngoặc kép đóng', 'unterminated quoted field');
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n')
        throw new CsvSyntaxError(line, 'ký tự thừa sau dấu ngoặc kép đóng', 'characters after a closing quote');
      continue;
    }
    if (c === delimiter) {
      if (!started) recordLine = line;
      started = true;
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (started) endField();
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    if (!started) recordLine = line;
    started = true;
    field += c;
    i++;
  }
  if (started) {
    endField();
    endRecord();
  }
  return records;
}

/** Writes one CSV record (for error reports and tests): quotes a field only when it needs it. */
export function formatCsvRecord(fields: readonly string[], delimiter = ','): string {
  return fields.map((f) => (/[",\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter);
}
