// Texts the API composes (a rule's reason, a citation) carry ISO dates ("tại ngày 2026-12-02",
// "before 2025-07-01"): shown as the reader reads dates, dd/mm/yyyy in Vietnamese, and the few
// English connectives of citations in Vietnamese. The catalogue's own messages never need this.
import type { Lang } from './index';

const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b(?!T)/g;
const CONNECTIVES: [RegExp, string][] = [
  [/\bbefore (?=\d{2}\/\d{2}\/\d{4})/g, 'trước '],
  [/\bafter (?=\d{2}\/\d{2}\/\d{4})/g, 'sau '],
  [/\bfrom (?=\d{2}\/\d{2}\/\d{4})/g, 'từ '],
  [/\buntil (?=\d{2}\/\d{2}\/\d{4})/g, 'đến '],
  [/\bon or after (?=\d{2}\/\d{2}\/\d{4})/g, 'từ '],
];

/** The dossier's documents a rule lists as missing ("Hồ sơ còn thiếu: introductions, opinions"). */
const PARTS: Record<string, { vi: string; en: string }> = {
  cellResolution: { vi: 'nghị quyết chi bộ', en: 'cell resolution' },
  subBaseReport: { vi: 'báo cáo thẩm định của đảng ủy bộ phận', en: 'sub-base appraisal report' },
  baseResolution: { vi: 'nghị quyết đảng ủy cơ sở', en: 'base committee resolution' },
  awarenessCertificate: { vi: 'giấy chứng nhận học lớp nhận thức về Đảng', en: 'awareness course certificate' },
  application: { vi: 'đơn xin vào Đảng', en: 'application' },
  backgroundDeclaration: { vi: 'lý lịch', en: 'background declaration' },
  backgroundVerification: { vi: 'kết quả thẩm tra lý lịch', en: 'background verification' },
  introductions: { vi: 'giới thiệu', en: 'introductions' },
  opinions: { vi: 'tổng hợp ý kiến nhận xét', en: 'consolidated opinions' },
  newMemberCertificate: { vi: 'giấy chứng nhận lớp đảng viên mới', en: 'new-member course certificate' },
  selfReview: { vi: 'bản tự kiểm điểm', en: 'self-review' },
  helperAssessment: { vi: 'nhận xét của đảng viên giúp đỡ', en: 'helper’s assessment' },
};
const MISSING = /((?:còn thiếu|incomplete):\s*)([A-Za-z]+(?:,\s*[A-Za-z]+)*)/g;

export function readable(text: string | null | undefined, lang: Lang): string {
  if (!text) return '';
  const named = text.replace(MISSING, (m, head: string, list: string) => {
    const codes = list.split(/,\s*/);
    return codes.every((c) => PARTS[c]) ? head + codes.map((c) => PARTS[c][lang]).join(', ') : m;
  });
  if (lang !== 'vi') return named;
  let s = named.replace(ISO, (_m, y: string, mo: string, d: string) => `${d}/${mo}/${y}`);
  for (const [re, vi] of CONNECTIVES) s = s.replace(re, vi);
  return s;
}
