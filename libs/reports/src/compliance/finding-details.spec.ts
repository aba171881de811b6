import type { Finding } from '#procedure';
import { findingDetails } from './compliance.service.js';

const late = (start: string, on: string): Finding => ({
  checkId: 'deadline.admissionDecision',
  ruleId: 'PROC-DEADLINES',
  step: 'admissionDecision',
  responsible: 'COMPETENT',
  dueDate: '2025-09-16' as Finding['dueDate'],
  actualDate: on as Finding['actualDate'],
  on: on as Finding['on'],
  reason: { vi: 'quá hạn', en: 'late' },
  facts: { timerId: 'admissionDecision', key: 'admissionDecision', start, edition: '2021-07' },
});

describe('findingDetails: the timer basis is the text in force when the timer started (procedure.md §1)', () => {
  it('a decision timer started by a cell resolution of 2025-06-20 cites QĐ232 (corresponding to QĐ294 §4.3.1), even when the late decision is of 2025-09-17', () => {
    const citation = findingDetails(late('2025-06-20', '2025-09-17')).citation as Array<Record<string, unknown>>;
    // the timer's basis is the last citation: the rule's own citations come first, resolved at the act's date
    expect(citation[citation.length - 1]).toEqual({ instrument: 'QĐ232', correspondsTo: { instrument: 'QĐ294', section: '§4.3.1' } });
    expect(citation).not.toContainEqual({ instrument: 'QĐ294', section: '§4.3.1' });
  });

  it('a timer started under QĐ294 cites QĐ294 §4.3.1', () => {
    const citation = findingDetails(late('2025-10-06', '2025-12-09')).citation as Array<Record<string, unknown>>;
    expect(citation[citation.length - 1]).toEqual({ instrument: 'QĐ294', section: '§4.3.1' });
  });
});
