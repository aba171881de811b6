import { describe, expect, it } from '@jest/globals';
import { TEMPLATES, digestEmail, eventEmail, renderTemplate, viDate } from './templates.js';

describe('notification templates', () => {
  it('renders every template in Vietnamese (with diacritics) and English', () => {
    const params = { timerVi: 'Lễ kết nạp', timerEn: 'Ceremony', dueDate: '2026-03-05', subjectName: 'Trần Thị B', number: '12-QĐ/ĐU', signedOn: '2026-02-01',
      outcomeVi: 'kết nạp', outcomeEn: 'admitted', decisionVi: 'kết nạp', decisionEn: 'of admission', stateVi: 'Chờ lễ kết nạp', stateEn: 'Awaiting ceremony',
      milestoneVi: 'hết thời gian dự bị', milestoneEn: 'probation ends', date: '2027-03-05', titleVi: 'Thông báo', titleEn: 'Notice', bodyVi: 'Nội dung', bodyEn: 'Content' };
    for (const id of Object.keys(TEMPLATES)) {
      const m = renderTemplate(id, params);
      expect(m.titleVi.length).toBeGreaterThan(0);
      expect(m.titleEn.length).toBeGreaterThan(0);
      expect(m.bodyVi).not.toEqual(m.bodyEn);
    }
    expect(renderTemplate('deadline.reminder', params).titleVi).toBe('Nhắc hạn: Lễ kết nạp đến hạn ngày 05/03/2026');
    expect(renderTemplate('deadline.overdue', params).bodyVi).toContain('đã quá hạn từ ngày 05/03/2026');
  });

  it('refuses an unknown template', () => {
    expect(() => renderTemplate('nope', {})).toThrow(/unknown notification template/);
  });

  it('writes emails Vietnamese first, English below, HTML escaped', () => {
    const e = eventEmail({ titleVi: 'Tiêu đề <b>', titleEn: 'Title', bodyVi: 'Nội dung', bodyEn: 'Body' });
    expect(e.subject).toBe('Tiêu đề <b> / Title');
    expect(e.text.indexOf('Nội dung')).toBeLessThan(e.text.indexOf('Body'));
    expect(e.html).toContain('Tiêu đề &lt;b&gt;');
    const d = digestEmail('2026-11-27', [{ message: { titleVi: 'A', titleEn: 'A-en', bodyVi: 'a', bodyEn: 'a-en' } }, { message: { titleVi: 'B', titleEn: 'B-en', bodyVi: 'b', bodyEn: 'b-en' } }]);
    expect(d.subject).toBe('Tổng hợp thông báo ngày 27/11/2026 (2) / Daily digest for 2026-11-27 (2)');
    expect(d.text).toMatch(/1\. A[\s\S]*2\. B[\s\S]*1\. A-en[\s\S]*2\. B-en/);
    expect(viDate('2026-01-09')).toBe('09/01/2026');
  });
});
