import { describe, expect, it } from '@jest/globals';
import { CsvSyntaxError, formatCsvRecord, parseCsv } from './csv.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('RFC 4180 CSV parser', () => {
  it('splits records on LF, CRLF and a lone CR, with or without a final line break', () => {
    expect(fields('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(fields('a,b\r\nc,d\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(fields('a,b\rc,d\r')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('keeps empty fields, leading and trailing ones included', () => {
    expect(fields(',a,,b,\n')).toEqual([['', 'a', '', 'b', '']]);
    expect(fields('x,\n,\n')).toEqual([['x', ''], ['', '']]);
  });

  it('reads quoted fields with delimiters, escaped quotes and line breaks inside', () => {
    expect(fields('"a,b","say ""hi""",c\r\n')).toEqual([['a,b', 'say "hi"', 'c']]);
    expect(fields('"line 1\r\nline 2",x\n"",y')).toEqual([['line 1\r\nline 2', 'x'], ['', 'y']]);
    expect(fields('""""')).toEqual([['"']]);
  });

  it('drops a UTF-8 byte order mark and keeps Vietnamese text intact', () => {
    const parsed = fields('\uFEFFmã,tên\r\nCB-01,Chi bộ Sinh viên\r\n');
    expect(parsed).toEqual([['mã', 'tên'], ['CB-01', 'Chi bộ Sinh viên']]);
    expect(parsed[0]![0]!.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('skips blank lines but not lines of empty fields, and numbers records by their first line', () => {
    const records = parseCsv('h1,h2\r\n\r\n"a\nb",c\n\nd,e\n');
    expect(records.map((r) => r.line)).toEqual([1, 3, 6]);
    expect(records.map((r) => r.fields)).toEqual([['h1', 'h2'], ['a\nb', 'c'], ['d', 'e']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
  });

  it('numbers records by physical line with CRLF, LF and CR mixed in one file and line breaks inside quotes', () => {
    const records = parseCsv('"a\r\nb",x\r\nc,"d\re"\n\r\nf,g\rh,"i\n\nj"\r\nk,l');
    expect(records.map((r) => r.fields)).toEqual([['a\r\nb', 'x'], ['c', 'd\re'], ['f', 'g'], ['h', 'i\n\nj'], ['k', 'l']]);
    expect(records.map((r) => r.line)).toEqual([1, 3, 6, 7, 10]);
    expect(() => parseCsv('"a\r\nb",x\nc,"open')).toThrow(/^Dòng 3: thiếu dấu ngoặc kép đóng/);
  });

  it('keeps spaces as data (RFC 4180: spaces are part of a field)', () => {
    expect(fields(' a , b ')).toEqual([[' a ', ' b ']]);
  });

  it('refuses an unterminated quote, a quote inside an unquoted field and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\n"open,x\ny')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\nc,"open\n');
    } catch (err) {
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).line).toBe(2);
      expect((err as CsvSyntaxError).message).toMatch(/^Dòng 2: .* \/ line 2: unterminated quoted field$/);
    }
    expect(() => parseCsv('ab"c,d')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('"ab"c,d')).toThrow(/after a closing quote/);
  });

  it('accepts another delimiter (semicolon, as spreadsheets in some locales write)', () => {
    expect(parseCsv('a;"b;c"\n', { delimiter: ';' }).map((r) => r.fields)).toEqual([['a', 'b;c']]);
  });

  it('round-trips what formatCsvRecord writes', () => {
    const row = ['plain', 'with,comma', 'with "quote"', 'two\r\nlines', ''];
    expect(fields(formatCsvRecord(row))).toEqual([row]);
  });
});
