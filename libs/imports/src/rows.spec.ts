import { describe, expect, it } from '@jest/globals';
import { normalizeHeader } from './formats.js';
import { parseCsvFile, parseDate } from './rows.js';
import { parseCaseLines } from './case-lines.js';

describe('import rows', () => {
  it('matches headers in English or Vietnamese, with or without diacritics', () => {
    expect(normalizeHeader('Số CCCD')).toBe('so_cccd');
    expect(normalizeHeader(' Mã tổ chức cấp trên ')).toBe('ma_to_chuc_cap_tren');
    const viet = parseCsvFile('memberships', 'so cccd;x\n'.replace(';x', '') + '');
    expect(viet.fatal).toBe(true); // required columns missing
    const ok = parseCsvFile('memberships', 'Số CCCD,Mã chi bộ,Chức vụ,Tình trạng,Từ ngày,Đến ngày\n001203004005,CB-1,,full,1/6/2015,\n');
    expect(ok.issues).toEqual([]);
    expect(ok.rows[0]!.value).toEqual({ citizenId: '001203004005', bodyCode: 'CB-1', role: 'member', status: 'full', validFrom: '2015-06-01', validTo: null });
  });

  it('names unknown, duplicate and missing columns on the header row', () => {
    const r = parseCsvFile('organisations', 'code,name,name,colour,valid_from\n');
    expect(r.fatal).toBe(true);
    expect(r.issues.map((i) => [i.row, i.field, i.code])).toEqual([
      [1, 'name', 'IMPORTS.HEADER'],
      [1, null, 'IMPORTS.HEADER'],
      [1, 'kind', 'IMPORTS.HEADER'],
    ]);
  });

  it('reads dates as ISO or day/month/year, refusing dates that do not exist', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('5.3.1990')).toBe('1990-03-05');
    expect(parseDate('29/02/2023')).toBeNull();
    expect(parseDate('2024-13-01')).toBeNull();
    expect(parseDate('03/05/90')).toBeNull();
  });

  it('reports a row with the wrong number of fields and every bad field, in spreadsheet rows', () => {
    const r = parseCsvFile('members', 'citizen_id,full_name,birth_date,sex,ethnicity,occupation,education_level,organisation_code\n12345,"Nguyễn ""Tý""",1990-01-01,x,Kinh,worker,phd,CB-1\n"multi\nline",A\n');
    const row2 = r.issues.filter((i) => i.row === 2).map((i) => i.field);
    expect(row2.sort()).toEqual(['citizen_id', 'education_level', 'sex']);
    const row3 = r.issues.filter((i) => i.row === 3);
    expect(row3[0]).toMatchObject({ line: 3, field: null, en: 'The row has 2 fields, the header 8' });
    expect(row3.map((i) => i.field)).toEqual(expect.arrayContaining(['citizen_id', 'birth_date', 'sex', 'organisation_code']));
    expect(r.rows.map((x) => x.value)).toEqual([null, null]);
    expect(JSON.stringify(r.issues)).not.toContain('12345');
  });

  it('parses case lines and names the evidence field the procedure schema refuses', () => {
    const ok = JSON.stringify({ source: 'sổ', externalId: '1', citizenId: '001203004005', organisationCode: 'CB', stage: 'probation', evidence: { ceremonyOn: '2025-01-02' } });
    const bad = JSON.stringify({ source: 'sổ', externalId: '2', citizenId: '1', organisationCode: 'CB', stage: 'nowhere', evidence: {}, extra: 1 });
    const r = parseCaseLines(`\uFEFF${ok}\r\n\r\n${bad}\n[]`);
    expect(r.rows[0]!.value).toMatchObject({ stage: 'probation', importedOn: null });
    expect(r.issues.map((i) => [i.row, i.field])).toEqual([
      [3, 'extra'],
      [3, 'citizenId'],
      [3, 'stage'],
      [4, null],
    ]);
  });
});
