import { describe, expect, it } from '@jest/globals';
import { EVENT_SCHEMAS, type FieldSpec } from './event-schema.js';
import { EVENT_FORMS, FORM_CODES, HANOI_FORM_CODES, formCodesOf } from './form-codes.js';

const CODE = /(?<![\p{L}\d])\d+[A-Z]?-(?:KNĐ|HSĐV|XTĐV|HKN|HCT|TN)(?![\p{L}\d])/gu;
const texts = (fields: readonly FieldSpec[]): string[] => fields.flatMap((f) => [f.vi, f.en, ...texts(f.fields ?? [])]);
const printed = Object.values(EVENT_SCHEMAS).flatMap((s) => [s.vi, s.en, ...texts(s.fields)].flatMap((t) => t.match(CODE) ?? []));

describe('model form codes (HD 38-HD/BTCTW)', () => {
  it('lists each code once, every step an event of the procedure', () => {
    expect(new Set(FORM_CODES).size).toBe(FORM_CODES.length);
    for (const step of Object.keys(EVENT_FORMS)) expect(Object.keys(EVENT_SCHEMAS)).toContain(step);
  });

  it('prints in the event labels only codes of the table, never the HD 12 numbers that changed', () => {
    expect(printed.length).toBeGreaterThan(20);
    for (const code of printed) expect(FORM_CODES).toContain(code);
    for (const old of ['1-KNĐ', '3A-KNĐ', '4-KNĐ', '5-KNĐ', '8-KNĐ', '9-KNĐ', '12-KNĐ']) expect(printed).not.toContain(old);
    for (const hanoi of HANOI_FORM_CODES) expect(printed).not.toContain(hanoi);
  });

  it('names the variants of a step in its label', () => {
    expect(EVENT_SCHEMAS['cell.admissionVoted'].vi).toBe('Chi bộ biểu quyết đề nghị kết nạp (mẫu 6-KNĐ, 8C-KNĐ)');
    expect(EVENT_SCHEMAS['opinions.consolidated'].en).toBe('The cell committee consolidates the opinions (Doc 5D-KNĐ)');
    expect(EVENT_SCHEMAS['application.filed'].vi).toContain('1A-KNĐ, 1B-KNĐ');
    expect(formCodesOf('decision.recognitionSigned')).toBe('16-KNĐ, 16B-KNĐ');
    expect(formCodesOf('sympathiser.listed')).toBe('');
  });
});
