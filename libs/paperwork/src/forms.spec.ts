import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { EVENT_FORMS } from '#procedure';
import { FORM_TEMPLATES } from '../templates/index.js';
import { dmy, longDate, percent } from './format.js';
import { formsFor } from './forms.catalogue.js';
import { renderDocx } from './render-docx.js';
import { renderPdf } from './render-pdf.js';
import { s1Context } from './testing/context.fixture.js';

describe('form formatting', () => {
  it('prints dates as the forms do', () => {
    expect(dmy('2025-10-06')).toBe('06/10/2025');
    expect(longDate('2025-10-15')).toBe('ngày 15 tháng 10 năm 2025');
    expect(longDate('2025-09-29')).toBe('ngày 29 tháng 9 năm 2025');
    expect(percent(11, 15)).toBe('73,3%');
  });
});

describe('the form catalogue on the S-1 path', () => {
  const ctx = s1Context();

  it('lists the cell, base and competent forms of S-1 and recognition, ready, with no base-cell or delegated variant', () => {
    const list = formsFor(ctx);
    const codes = list.map((f) => f.code);
    for (const code of [
      '1A-TN',
      '6-TN',
      '1A-KNĐ',
      '3-KNĐ',
      '5D-KNĐ',
      '6-KNĐ',
      '8A-KNĐ',
      '9A-KNĐ',
      '1-HSĐV',
      '2-HSĐV',
      '3-HSĐV',
      '10-KNĐ',
      '11-KNĐ',
      '12C-KNĐ',
      '13-KNĐ',
      '15A-KNĐ',
      '16-KNĐ',
    ]) {
      expect(codes).toContain(code);
    }
    expect(codes).not.toContain('8C-KNĐ');
    expect(codes).not.toContain('9B-KNĐ');
    expect(codes).not.toContain('7-KNĐ');
    expect(list.every((f) => f.ready)).toBe(true);
  });

  it('marks a form not ready with what is missing, and leaves later forms out', () => {
    const early = s1Context({
      events: ctx.events.slice(0, 6),
      votes: [],
      decisions: [],
      dates: { decision: null, ceremony: null, recognition: null },
    });
    const list = formsFor(early);
    const cell = list.find((f) => f.code === '6-KNĐ');
    expect(cell).toMatchObject({ ready: false, missing: [expect.objectContaining({ en: 'No passed cell vote on admission' })] });
    expect(list.map((f) => f.code)).not.toContain('9A-KNĐ');
    expect(list.map((f) => f.code)).not.toContain('13-KNĐ');
  });

  it('uses the base-cell numbering (8C, 15C) where there is no base committee', () => {
    const codes = formsFor(s1Context({ profile: { isBaseCell: true, hasSubBase: false, delegatedBase: false } })).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['8C-KNĐ', '15C-KNĐ']));
    expect(codes).not.toContain('6-KNĐ');
    expect(codes).not.toContain('8A-KNĐ');
  });

  it('fills the cell resolution: header, date, name, vote over its denominator', async () => {
    const doc = FORM_TEMPLATES.find((f) => f.code === '6-KNĐ')!.build(ctx);
    expect(doc.header).toMatchObject({
      issuer: 'CHI BỘ SINH VIÊN',
      superior: 'ĐẢNG BỘ TRƯỜNG ĐẠI HỌC AN HÒA',
      placeAndDate: 'An Hòa, ngày 6 tháng 10 năm 2025',
    });
    const zip = await JSZip.loadAsync(await renderDocx(doc));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(xml).toContain('Nguyễn Thị Lan'.normalize('NFC'));
    expect(xml).toContain('06/10/2025');
    expect(xml).toContain('11/15');
    expect(xml).toContain('…………');
  });

  it('renders every template as DOCX and PDF', async () => {
    for (const tpl of FORM_TEMPLATES) {
      const doc = tpl.build(ctx);
      const pdf = await renderPdf(doc);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/FontFile2/);
      const docx = await renderDocx(doc);
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      // PAPERWORK_RENDER_DIR=/tmp/x writes the files, to look at them (docs/forms.md).
      if (process.env.PAPERWORK_RENDER_DIR) writeFileSync(`${process.env.PAPERWORK_RENDER_DIR}/${tpl.code}.pdf`, pdf);
    }
  });
});

describe('form codes from libs/procedure (one table)', () => {
  it('files every template under a code that EVENT_FORMS lists for the template’s own step, each code once', () => {
    const forms = EVENT_FORMS as Record<string, Record<string, string>>;
    for (const tpl of FORM_TEMPLATES) expect(Object.values(forms[tpl.step] ?? {})).toContain(tpl.code);
    expect(new Set(FORM_TEMPLATES.map((t) => t.code)).size).toBe(FORM_TEMPLATES.length);
  });
});
