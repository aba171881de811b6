import type { Body, CaseEventRecord, PaperworkContext, VoteRecord } from '../context.js';

/** scenarios.md S-1 walked to recognition, as the forms read it (no database). */
export function s1Context(over: Partial<PaperworkContext> = {}): PaperworkContext {
  const names: Record<Body, [string, string]> = {
    CELL: ['Chi bộ Sinh viên', 'Đảng bộ Trường Đại học An Hòa'],
    SUB: ['Đảng bộ bộ phận Khoa Kinh tế', 'Đảng bộ Trường Đại học An Hòa'],
    BASE: ['Đảng bộ Trường Đại học An Hòa', 'Đảng bộ xã An Hòa'],
    COMPETENT: ['Đảng bộ xã An Hòa', 'Đảng bộ tỉnh Minh Sơn'],
  };
  const ev = (seq: number, type: string, eventDate: string, payload: Record<string, unknown> = {}): CaseEventRecord => ({
    seq,
    type,
    eventDate,
    payload,
  });
  const vote = (
    body: string,
    motion: VoteRecord['motion'],
    meetingDate: string,
    eligible: number,
    votesFor: number,
    required: number,
  ): VoteRecord => ({
    body,
    motion,
    meetingDate,
    eligible,
    for: votesFor,
    against: eligible - votesFor,
    required,
    passed: votesFor >= required,
  });
  return {
    caseId: '00000000-0000-4000-8000-000000000001',
    status: 'closed',
    stage: 'fullMember',
    state: 'fullMember',
    person: {
      fullName: 'Nguyễn Thị Lan',
      birthDate: '2004-05-12',
      sex: 'female',
      ethnicity: 'Kinh',
      religion: null,
      occupation: 'student',
    },
    profile: { isBaseCell: false, hasSubBase: false, delegatedBase: false },
    dates: { decision: '2025-10-20', ceremony: '2025-11-07', recognition: '2026-11-07' },
    events: [
      ev(1, 'sympathiser.listed', '2025-01-06', { helper: { name: 'Trần Văn Minh' } }),
      ev(2, 'awarenessCourse.certified', '2025-02-14', { certificateNo: 'GCN-01' }),
      ev(3, 'dossier.cleared', '2025-03-03'),
      ev(4, 'application.filed', '2025-03-10'),
      ev(5, 'introduction.memberRecorded', '2025-04-21', {
        name: 'Trần Văn Minh',
        memberStatus: 'full',
        alongsideSince: '2023-09-01',
        letterDate: '2025-04-21',
      }),
      ev(6, 'opinions.consolidated', '2025-04-25', { residence: 'included', massOrganisations: ['Đoàn trường'] }),
      ev(7, 'cell.admissionVoted', '2025-10-06'),
      ev(8, 'base.admissionVoted', '2025-10-09'),
      ev(9, 'decision.admissionSigned', '2025-10-20'),
      ev(10, 'ceremony.held', '2025-11-07', { helper: { name: 'Trần Văn Minh' } }),
      ev(11, 'memberRecord.filed', '2025-11-20'),
      ev(12, 'recognition.selfReviewed', '2026-11-07'),
      ev(13, 'recognition.helperAssessed', '2026-11-09'),
      ev(14, 'recognition.opinionsConsolidated', '2026-11-10'),
      ev(15, 'cell.recognitionVoted', '2026-11-16'),
      ev(16, 'base.recognitionVoted', '2026-11-19'),
      ev(17, 'decision.recognitionSigned', '2026-11-30'),
    ],
    votes: [
      vote('CELL', 'admit', '2025-10-06', 15, 11, 10),
      vote('BASE', 'admit', '2025-10-09', 8, 6, 6),
      vote('COMPETENT', 'admit', '2025-10-20', 9, 7, 5),
      vote('CELL', 'recognise', '2026-11-16', 15, 12, 10),
      vote('BASE', 'recognise', '2026-11-19', 8, 7, 6),
      vote('COMPETENT', 'recognise', '2026-11-30', 9, 8, 5),
    ],
    decisions: [
      { kind: 'admission', body: 'COMPETENT', number: '123-QĐ/ĐU', signedOn: '2025-10-20', receivedOn: '2025-10-21', outcome: 'admitted' },
      { kind: 'recognition', body: 'COMPETENT', number: '45-QĐ/ĐU', signedOn: '2026-11-30', receivedOn: null, outcome: 'recognised' },
    ],
    org: (body) => {
      const [name, superior] = names[body];
      const issuer = body === 'CELL' ? name : name.replace(/^Đảng bộ/, 'Đảng ủy');
      return { name, issuer: issuer.toLocaleUpperCase('vi-VN'), superior: superior.toLocaleUpperCase('vi-VN') };
    },
    place: () => 'An Hòa',
    ...over,
  };
}
