/**
 * Exits: removal from the probationary list (9F-XTĐV; 9G-XTĐV by a delegated base committee) and
 * cancellation of a wrongful decision (9H-HKN admission; 9L-HCT recognition), numbering of the
 * Hanoi guide's list that follows HD 38-HD/BTCTW. Wording is this project's own: edit it here.
 */
import { EVENT_FORMS as F } from '#procedure';
import { hasEvent, lastDecision, lastEvent, lastVote, str, type PaperworkContext } from '../src/context.js';
import { dmy, nfc } from '../src/format.js';
import { DOTS, b, orDots, t } from '../src/model.js';
import { decisionDocument } from './admission.js';
import { type FormTemplate, need } from './common.js';

const name = (ctx: PaperworkContext) => nfc(ctx.person.fullName);

function removalDecision(code: (typeof F)['decision.removalSigned']['competent' | 'delegated']): FormTemplate {
  const delegated = code === F['decision.removalSigned'].delegated;
  return {
    code,
    title: { vi: 'Quyết định xóa tên trong danh sách đảng viên dự bị', en: 'Decision removing the name from the probationary list' },
    step: 'decision.removalSigned',
    issuer: 'COMPETENT',
    applies: (ctx) => ctx.profile.delegatedBase === delegated,
    belongs: (ctx) => Boolean(lastVote(ctx, 'CELL', 'remove')?.passed) || hasEvent(ctx, 'decision.removalSigned'),
    missing: (ctx) =>
      need(lastDecision(ctx, 'removal')?.outcome === 'removed', 'Chưa ghi nhận quyết định xóa tên', 'The removal decision is not recorded'),
    build(ctx) {
      const d = lastDecision(ctx, 'removal');
      const cell = lastVote(ctx, 'CELL', 'remove');
      const v = lastVote(ctx, 'COMPETENT', 'remove');
      return decisionDocument(ctx, {
        code,
        number: d?.number ?? null,
        date: d?.signedOn ?? null,
        subtitle: 'xóa tên trong danh sách đảng viên dự bị',
        grounds: [
          'Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;',
          `Xét nghị quyết của ${ctx.org('CELL', cell?.meetingDate ?? null).name} ngày ${dmy(cell?.meetingDate)} đề nghị xóa tên đảng viên dự bị;`,
          v
            ? `Kết quả biểu quyết của tập thể cấp ủy: ${v.for}/${v.eligible} đồng chí tán thành.`
            : `Kết quả biểu quyết của tập thể cấp ủy: ${DOTS}`,
        ],
        articles: [
          [
            t('Điều 1. Xóa tên đồng chí '),
            b(name(ctx)),
            t(`, sinh ngày ${dmy(ctx.person.birthDate)}, trong danh sách đảng viên dự bị. Lý do: ${DOTS}`),
          ],
          [
            t(
              'Điều 2. Đồng chí có tên ở Điều 1 có quyền khiếu nại trong thời hạn theo quy định kể từ ngày nhận quyết định; chi bộ thi hành quyết định này.',
            ),
          ],
        ],
      });
    },
  };
}

function cancellationDecision(code: (typeof F)['decision.cancelled']['admission' | 'recognition']): FormTemplate {
  const ofRecognition = code === F['decision.cancelled'].recognition;
  const cancelled = (ctx: PaperworkContext) => lastDecision(ctx, ofRecognition ? 'recognition' : 'admission');
  return {
    code,
    title: {
      vi: ofRecognition
        ? 'Quyết định hủy quyết định công nhận đảng viên chính thức sai quy định'
        : 'Quyết định hủy quyết định kết nạp đảng viên sai quy định',
      en: ofRecognition ? 'Decision cancelling a wrongful recognition' : 'Decision cancelling a wrongful admission',
    },
    step: 'decision.cancelled',
    issuer: 'COMPETENT',
    applies: (ctx) => Boolean(lastDecision(ctx, 'recognition')) === ofRecognition,
    belongs: (ctx) => hasEvent(ctx, 'decision.cancelled'),
    missing: () => [],
    build(ctx) {
      const e = lastEvent(ctx, 'decision.cancelled');
      const d = lastDecision(ctx, 'cancellation');
      const target = cancelled(ctx);
      const substantive = e?.payload.defect === 'substantive';
      return decisionDocument(ctx, {
        code,
        number: d?.number ?? null,
        date: e?.eventDate ?? null,
        subtitle: ofRecognition ? 'hủy quyết định công nhận đảng viên chính thức' : 'hủy quyết định kết nạp đảng viên',
        grounds: [
          'Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;',
          `Xét đề nghị của ${orDots(str(e?.payload.proposedBy) ? nfc(String(e?.payload.proposedBy)) : undefined)} về việc ${substantive ? 'người được kết nạp không đủ tiêu chuẩn, điều kiện' : 'thực hiện sai quy trình, thủ tục'};`,
        ],
        articles: [
          [
            t(
              `Điều 1. Hủy quyết định số ${orDots(target?.number)} ngày ${dmy(target?.signedOn)} ${ofRecognition ? 'công nhận đảng viên chính thức' : 'kết nạp đảng viên'} đối với đồng chí `,
            ),
            b(name(ctx)),
            t('.'),
          ],
          [t(`Lý do: ${orDots(str(e?.payload.reason) ? nfc(String(e?.payload.reason)) : undefined)}.`)],
          [t(substantive ? 'Điều 2. Xóa tên trong danh sách đảng viên.' : 'Điều 2. Chi bộ làm lại các bước sai thủ tục theo quy định.')],
        ],
      });
    },
  };
}

export const EXIT_FORMS: FormTemplate[] = [
  removalDecision(F['decision.removalSigned'].competent),
  removalDecision(F['decision.removalSigned'].delegated),
  cancellationDecision(F['decision.cancelled'].admission),
  cancellationDecision(F['decision.cancelled'].recognition),
];
