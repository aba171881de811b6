import { describe, expect, it } from '@jest/globals';
import { message, messageIn } from './format.js';
import { CATEGORY_LABELS, EDUCATION_LABELS, EDUCATION_LEVELS, OCCUPATION_CATEGORIES, PROCEDURE_LABELS, REPORT_FLAGS } from './labels.js';
import { MESSAGES } from './messages.js';

describe('message catalogue', () => {
  it('joins Vietnamese and English the way problem detail always read', () => {
    expect(message('ORGS.USER_NOT_FOUND')).toBe('Không tìm thấy người dùng / user not found');
  });

  it('fills named values in both languages, and leaves an unknown name visible', () => {
    expect(message('API.FILE_LARGER_THAN_MB', { mb: 5 })).toBe('Tệp lớn hơn 5 MB / the file is larger than 5 MB');
    expect(messageIn('en', 'API.FILE_LARGER_THAN_MB')).toBe('the file is larger than {mb} MB');
  });

  it('has one code per text: no two codes say the same thing', () => {
    const texts = Object.values(MESSAGES).map((m) => `${m.vi}\u0000${m.en}`);
    expect(texts.length - new Set(texts).size).toBe(0);
  });

  it('names every code LIBRARY.WHAT and writes both languages', () => {
    for (const [code, m] of Object.entries(MESSAGES)) {
      expect(code).toMatch(/^[A-Z]+\.[A-Z0-9_]+$/);
      expect(m.vi.trim()).not.toBe('');
      expect(m.en.trim()).not.toBe('');
    }
  });

  it('labels the report categories and schooling once, in both languages', () => {
    expect(CATEGORY_LABELS['age18to30']).toEqual({ vi: 'Từ 18 đến 30 tuổi', en: 'Aged 18 to 30' });
    for (const table of [CATEGORY_LABELS, EDUCATION_LABELS, PROCEDURE_LABELS])
      for (const l of Object.values(table)) expect(l.vi && l.en).toBeTruthy();
  });

  it('labels exactly the codes it lists: every occupation, flag and schooling level, nothing else', () => {
    expect(Object.keys(CATEGORY_LABELS).sort()).toEqual(['total', ...OCCUPATION_CATEGORIES, ...REPORT_FLAGS].sort());
    expect(Object.keys(EDUCATION_LABELS)).toEqual([...EDUCATION_LEVELS]);
  });
});
