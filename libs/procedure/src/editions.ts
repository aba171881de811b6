import { type LocalDate } from './dates.js';

/**
 * Rulebook editions (procedure.md §1). An edition is cut where a parameter the engine checks
 * changes, i.e. at the implementing regulation's effective date. Each edition is data: adding or
 * correcting one never touches code paths, only this table and the per-edition parameters that
 * reference its id.
 */
export type EditionId = '2021-07' | '2025-07';

export interface Instrument {
  /** Short code used in citations, e.g. "QĐ294". */
  code: string;
  /** Full Vietnamese title. */
  title: string;
  from: LocalDate;
  to?: LocalDate;
}

export interface Edition {
  id: EditionId;
  from: LocalDate;
  /** Inclusive last day, absent for the edition in force now. */
  to?: LocalDate;
  /** Implementing regulations in force during the edition (the first one that applies on a date wins). */
  regulations: Instrument[];
}

/**
 * Not a Party text: the interpretations of procedure.md §10 (I-1 ... I-13), cited as such so that
 * a refusal never presents the project's reading as if a text stated it.
 */
export const INTERPRETATION: Instrument = { code: 'Giải thích (procedure.md §10)', title: 'Giải thích của hệ thống nơi văn bản không quy định / the project’s interpretation where the texts are silent', from: '2021-07-30' };

export const CHARTER: Instrument = { code: 'Điều lệ Đảng', title: 'Điều lệ Đảng Cộng sản Việt Nam (2011)', from: '2011-01-19' };

export const INSTRUMENTS = {
  QD24: { code: 'QĐ24', title: 'Quy định 24-QĐ/TW thi hành Điều lệ Đảng', from: '2021-07-30', to: '2025-01-19' },
  QD232: { code: 'QĐ232', title: 'Quy định 232-QĐ/TW thi hành Điều lệ Đảng', from: '2025-01-20', to: '2025-06-30' },
  QD294: { code: 'QĐ294', title: 'Quy định 294-QĐ/TW thi hành Điều lệ Đảng', from: '2025-07-01' },
  HD01: { code: 'HD01', title: 'Hướng dẫn 01-HD/TW một số vấn đề cụ thể thi hành Điều lệ Đảng', from: '2021-09-28', to: '2025-06-08' },
  HD06: { code: 'HD06', title: 'Hướng dẫn 06-HD/TW một số vấn đề cụ thể thi hành Điều lệ Đảng', from: '2025-06-09' },
  HD12: { code: 'HD12', title: 'Hướng dẫn 12-HD/BTCTW nghiệp vụ công tác đảng viên', from: '2022-01-18', to: '2025-09-28' },
  HD38: { code: 'HD38', title: 'Hướng dẫn 38-HD/BTCTW nghiệp vụ công tác đảng viên', from: '2025-09-29' },
  // Issue dates as the texts state them (HD08: "Hà Nội, ngày 27 tháng 9 năm 2021").
  HD08: { code: 'HD08', title: 'Hướng dẫn 08-HD/BTCTW ngày 27/9/2021 kết nạp chủ doanh nghiệp tư nhân', from: '2021-09-27' },
  TT06: { code: 'TT06', title: 'Thông tri 06-TT/TW ngày 02/11/2004 kết nạp người Hoa', from: '2004-11-02' },
  HD02HN: { code: 'HD02-HN', title: 'Hướng dẫn 02-HD/BTCTU ngày 21/11/2025 Thành ủy Hà Nội (mặc định địa phương)', from: '2025-11-21' },
} as const satisfies Record<string, Instrument>;

export const EDITIONS: readonly Edition[] = [
  { id: '2021-07', from: '2021-07-30', to: '2025-06-30', regulations: [INSTRUMENTS.QD24, INSTRUMENTS.QD232] },
  { id: '2025-07', from: '2025-07-01', regulations: [INSTRUMENTS.QD294] },
];

export class NoEditionError extends Error {
  readonly code = 'RULEBOOK.NO_EDITION';
  constructor(readonly date: LocalDate) {
    super(
      `Không có phiên bản quy định cho ngày ${date} (trước 2021-07-30 chỉ nhập như lịch sử) / ` +
        `no rulebook edition covers ${date} (steps before 2021-07-30 enter only as imported history)`,
    );
  }
}

/** The edition in force on a date, or an explicit error before the first edition. */
export function editionOn(date: LocalDate, editions: readonly Edition[] = EDITIONS): Edition {
  const found = editions.find((e) => date >= e.from && (e.to === undefined || date <= e.to));
  if (!found) throw new NoEditionError(date);
  return found;
}

/** The instrument of a family (e.g. the Secretariat guidance) in force on a date. */
export function instrumentOn(date: LocalDate, family: readonly Instrument[]): Instrument | undefined {
  return family.find((i) => date >= i.from && (i.to === undefined || date <= i.to));
}

export const GUIDANCE = [INSTRUMENTS.HD01, INSTRUMENTS.HD06] as const;
export const WORKING_GUIDE = [INSTRUMENTS.HD12, INSTRUMENTS.HD38] as const;
export const REGULATIONS = [INSTRUMENTS.QD24, INSTRUMENTS.QD232, INSTRUMENTS.QD294] as const;
