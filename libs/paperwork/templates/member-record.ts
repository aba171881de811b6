/**
 * The member record (HD 38-HD/BTCTW §I.2: 1-HSĐV lý lịch đảng viên, 2-HSĐV phiếu đảng viên,
 * 3-HSĐV phiếu bổ sung hồ sơ đảng viên): pre-filled blanks the member completes by hand. The
 * official booklets have many more fields; these pages carry what the case knows and dots for the rest.
 */
import { EVENT_FORMS as F } from '#procedure';
import { lastDecision, lastEvent, type PaperworkContext } from '../src/context.js';
import { dmy, nfc } from '../src/format.js';
import { DOTS, b, lines, p, t } from '../src/model.js';
import { type FormTemplate, identity, italicNote, personHeader, signature } from './common.js';
import { ceremonyDate, probationEnd } from './recognition.js';

const facts = (ctx: PaperworkContext) => {
  const ceremony = ceremonyDate(ctx);
  const admission = lastDecision(ctx, 'admission');
  const recognition = lastDecision(ctx, 'recognition');
  return [
    p(`Ngày vào Đảng: ${dmy(ceremony)}, tại ${ctx.org('CELL', ceremony).name}.`, { indent: true }),
    p(`Quyết định kết nạp số ${admission?.number ?? DOTS} ngày ${dmy(admission?.signedOn)}.`, { indent: true }),
    p(`Ngày chính thức: ${recognition?.outcome === 'recognised' ? dmy(ctx.dates.recognition ?? probationEnd(ceremony)) : DOTS}.`, {
      indent: true,
    }),
  ];
};

function recordForm(code: (typeof F)['memberRecord.filed']['record' | 'cardSlip' | 'supplement'], vi: string, en: string, title: string, lineCount: number): FormTemplate {
  return {
    code,
    title: { vi, en },
    step: 'memberRecord.filed',
    issuer: 'CANDIDATE',
    applies: () => true,
    belongs: (ctx) => Boolean(ceremonyDate(ctx)),
    missing: () => [],
    build(ctx) {
      const filed = lastEvent(ctx, 'memberRecord.filed')?.eventDate ?? null;
      return {
        code,
        header: {
          superior: ctx.org('BASE', filed).superior,
          issuer: ctx.org('CELL', filed).issuer,
          number: `Số lý lịch: ${DOTS}`,
          placeAndDate: personHeader(ctx, filed).placeAndDate,
        },
        title,
        body: [
          ...identity(ctx),
          p([t('Họ và tên đang dùng: '), b(nfc(ctx.person.fullName))], { indent: true }),
          ...facts(ctx),
          italicNote('(Đảng viên tự khai bằng tay các mục còn lại theo hướng dẫn ghi trên mẫu.)'),
          lines(lineCount),
          signature(['NGƯỜI KHAI'], ctx.person.fullName),
        ],
      };
    },
  };
}

export const MEMBER_RECORD_FORMS: FormTemplate[] = [
  recordForm(F['memberRecord.filed'].record, 'Lý lịch đảng viên (mẫu trống điền sẵn)', 'Member record (pre-filled blank)', 'LÝ LỊCH ĐẢNG VIÊN', 14),
  recordForm(F['memberRecord.filed'].cardSlip, 'Phiếu đảng viên (mẫu trống điền sẵn)', 'Member card slip (pre-filled blank)', 'PHIẾU ĐẢNG VIÊN', 8),
  recordForm(
    F['memberRecord.filed'].supplement,
    'Phiếu bổ sung hồ sơ đảng viên (mẫu trống điền sẵn)',
    'Member record supplement (pre-filled blank)',
    'PHIẾU BỔ SUNG HỒ SƠ ĐẢNG VIÊN',
    8,
  ),
];
