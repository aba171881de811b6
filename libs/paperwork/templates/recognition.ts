/**
 * Probation and recognition (HD 38-HD/BTCTW numbering: 10, 11, 12C, 13, 14, 15A/15B/15C, 16/16B).
 * Wording is this project's own, following the model forms' structure: edit it here.
 */
import { EVENT_FORMS as F, probationEnd as lawProbationEnd, type LocalDate } from '#procedure';
import { hasEvent, lastDecision, lastEvent, lastVote, type PaperworkContext } from '../src/context.js';
import { dmy, nfc } from '../src/format.js';
import { DOTS, b, lines, orDots, p, t } from '../src/model.js';
import { decisionDocument } from './admission.js';
import {
  type FormTemplate,
  bodyHeader,
  identity,
  italicNote,
  meetingOpening,
  need,
  personHeader,
  recipientsAndSignature,
  signature,
  voteParagraphs,
} from './common.js';

const name = (ctx: PaperworkContext) => nfc(ctx.person.fullName);
const ceremonyDate = (ctx: PaperworkContext) => ctx.dates.ceremony ?? lastEvent(ctx, 'ceremony.held')?.eventDate ?? null;

/** The day probation ends (= the recognition date, procedure.md §8), from the procedure library. */
export function probationEnd(ceremony: string | null): string | null {
  return ceremony ? lawProbationEnd(ceremony as LocalDate) : null;
}

const probationLine = (ctx: PaperworkContext) =>
  p(
    `Ngày vào Đảng (lễ kết nạp): ${dmy(ceremonyDate(ctx))}; quyết định kết nạp số ${orDots(lastDecision(ctx, 'admission')?.number)} ngày ${dmy(lastDecision(ctx, 'admission')?.signedOn)}; hết thời gian dự bị ngày ${dmy(probationEnd(ceremonyDate(ctx)))}.`,
    { indent: true },
  );

const inProbation = (ctx: PaperworkContext) => Boolean(ceremonyDate(ctx));

export { ceremonyDate };

export const selfReview: FormTemplate = {
  code: F['recognition.selfReviewed'].selfReview,
  title: {
    vi: 'Bản tự kiểm điểm của đảng viên dự bị (mẫu trống điền sẵn)',
    en: 'Self-review of the probationary member (pre-filled blank)',
  },
  step: 'recognition.selfReviewed',
  issuer: 'CANDIDATE',
  applies: () => true,
  belongs: inProbation,
  missing: () => [],
  build(ctx) {
    const e = lastEvent(ctx, 'recognition.selfReviewed');
    return {
      code: F['recognition.selfReviewed'].selfReview,
      header: personHeader(ctx, e?.eventDate ?? null),
      title: 'BẢN TỰ KIỂM ĐIỂM',
      subtitle: 'của đảng viên dự bị',
      body: [
        p([b(`Kính gửi: ${ctx.org('CELL', e?.eventDate ?? ceremonyDate(ctx)).name}`)], { align: 'center' }),
        ...identity(ctx, 'Họ và tên'),
        probationLine(ctx),
        italicNote(
          '(Đảng viên dự bị tự viết: ưu điểm, khuyết điểm trong thời gian dự bị về nhận thức, phẩm chất, thực hiện nhiệm vụ; hướng khắc phục.)',
        ),
        lines(12),
        signature(['NGƯỜI TỰ KIỂM ĐIỂM'], ctx.person.fullName),
      ],
    };
  },
};

export const helperAssessment: FormTemplate = {
  code: F['recognition.helperAssessed'].assessment,
  title: { vi: 'Bản nhận xét của đảng viên giúp đỡ (mẫu trống điền sẵn)', en: "Helper's assessment (pre-filled blank)" },
  step: 'recognition.helperAssessed',
  issuer: 'HELPER',
  applies: () => true,
  belongs: inProbation,
  missing: () => [],
  build(ctx) {
    const helper = (lastEvent(ctx, 'helper.assigned') ?? lastEvent(ctx, 'ceremony.held'))?.payload.helper as { name?: string } | undefined;
    const e = lastEvent(ctx, 'recognition.helperAssessed');
    return {
      code: F['recognition.helperAssessed'].assessment,
      header: personHeader(ctx, e?.eventDate ?? null),
      title: 'BẢN NHẬN XÉT ĐẢNG VIÊN DỰ BỊ',
      subtitle: 'của đảng viên được phân công giúp đỡ',
      body: [
        p([b(`Kính gửi: ${ctx.org('CELL', e?.eventDate ?? ceremonyDate(ctx)).name}`)], { align: 'center' }),
        p(
          [
            t('Tôi là: '),
            b(helper?.name ? nfc(helper.name) : DOTS),
            t(', đảng viên chính thức, được chi bộ phân công giúp đỡ đảng viên dự bị '),
            b(name(ctx)),
            t('.'),
          ],
          { indent: true },
        ),
        probationLine(ctx),
        italicNote(
          '(Người giúp đỡ tự viết: nhận xét ưu điểm, khuyết điểm của đảng viên dự bị; đề nghị chi bộ xét công nhận chính thức hay không.)',
        ),
        lines(10),
        signature(['NGƯỜI NHẬN XÉT'], helper?.name),
      ],
    };
  },
};

export const recognitionOpinions: FormTemplate = {
  code: F['recognition.opinionsConsolidated'].consolidated,
  title: { vi: 'Tổng hợp ý kiến nhận xét đối với đảng viên dự bị', en: 'Consolidated opinions (recognition)' },
  step: 'recognition.opinionsConsolidated',
  issuer: 'CELL',
  applies: () => true,
  belongs: inProbation,
  missing: (ctx) =>
    need(
      hasEvent(ctx, 'recognition.opinionsConsolidated'),
      'Chưa ghi nhận việc tổng hợp ý kiến',
      'The consolidated opinions are not recorded',
    ),
  build(ctx) {
    const date = lastEvent(ctx, 'recognition.opinionsConsolidated')?.eventDate ?? null;
    return {
      code: F['recognition.opinionsConsolidated'].consolidated,
      header: bodyHeader(ctx, 'CELL', date, null, 'BC/CB'),
      title: 'TỔNG HỢP Ý KIẾN NHẬN XÉT',
      subtitle: 'của đoàn thể chính trị - xã hội và chi ủy nơi cư trú đối với đảng viên dự bị',
      body: [
        p([t('Đối với đảng viên dự bị: '), b(name(ctx))], { indent: true }),
        probationLine(ctx),
        p('1. Ưu điểm:', { indent: true }),
        lines(4),
        p('2. Khuyết điểm:', { indent: true }),
        lines(3),
        ...recipientsAndSignature([ctx.org('CELL', date).name], ['T/M CHI ỦY', 'BÍ THƯ']),
      ],
    };
  },
};

function cellRecognition(code: (typeof F)['cell.recognitionVoted']['cell' | 'baseCell']): FormTemplate {
  const baseCell = code === F['cell.recognitionVoted'].baseCell;
  return {
    code,
    title: {
      vi: baseCell
        ? 'Nghị quyết đề nghị công nhận đảng viên chính thức của chi bộ cơ sở'
        : 'Nghị quyết của chi bộ đề nghị công nhận đảng viên chính thức',
      en: 'Cell resolution proposing recognition',
    },
    step: 'cell.recognitionVoted',
    issuer: 'CELL',
    applies: (ctx) => ctx.profile.isBaseCell === baseCell,
    belongs: inProbation,
    missing: (ctx) =>
      need(
        Boolean(lastVote(ctx, 'CELL', 'recognise')?.passed),
        'Chưa có biểu quyết đạt của chi bộ đề nghị công nhận chính thức',
        'No passed cell vote on recognition',
      ),
    build(ctx) {
      const v = lastVote(ctx, 'CELL', 'recognise');
      const date = v?.meetingDate ?? null;
      return {
        code,
        header: bodyHeader(ctx, 'CELL', date, null, 'NQ/CB'),
        title: 'NGHỊ QUYẾT',
        subtitle: 'đề nghị công nhận đảng viên chính thức',
        body: [
          meetingOpening(ctx, 'CELL', date, 'đề nghị công nhận đảng viên chính thức cho đồng chí'),
          ...identity(ctx),
          probationLine(ctx),
          p('Chi bộ nhận xét trong thời gian dự bị:', { indent: true }),
          lines(4),
          p('Kết quả biểu quyết:', { indent: true }),
          ...voteParagraphs(v, 'đảng viên chính thức của chi bộ'),
          p(
            [
              t(`Chi bộ đề nghị ${baseCell ? 'cấp ủy có thẩm quyền' : 'Đảng ủy cơ sở'} xét, công nhận đồng chí `),
              b(name(ctx)),
              t(` là đảng viên chính thức từ ngày ${dmy(probationEnd(ceremonyDate(ctx)))}.`),
            ],
            { indent: true },
          ),
          ...recipientsAndSignature([baseCell ? 'Cấp ủy cấp trên trực tiếp' : 'Đảng ủy cơ sở'], ['T/M CHI BỘ', 'BÍ THƯ']),
        ],
      };
    },
  };
}

export const subBaseRecognition: FormTemplate = {
  code: F['subBase.appraised'].recognition,
  title: { vi: 'Báo cáo thẩm định của đảng ủy bộ phận (công nhận chính thức)', en: 'Sub-base committee appraisal (recognition)' },
  step: 'subBase.appraised',
  issuer: 'SUB',
  applies: (ctx) => ctx.profile.hasSubBase,
  belongs: (ctx) => hasEvent(ctx, 'cell.recognitionVoted'),
  missing: (ctx) => need(Boolean(recognitionAppraisal(ctx)), 'Chưa ghi nhận báo cáo thẩm định', 'The appraisal is not recorded'),
  build(ctx) {
    const e = recognitionAppraisal(ctx);
    const date = e?.eventDate ?? null;
    return {
      code: F['subBase.appraised'].recognition,
      header: bodyHeader(ctx, 'SUB', date, typeof e?.payload.reportNo === 'string' ? e.payload.reportNo : null, 'BC/ĐUBP'),
      title: 'BÁO CÁO',
      subtitle: 'thẩm định nghị quyết của chi bộ đề nghị công nhận đảng viên chính thức',
      body: [
        p([t('Về đảng viên dự bị: '), b(name(ctx))], { indent: true }),
        probationLine(ctx),
        lines(3),
        p(
          `Đảng ủy bộ phận ${e ? (e.payload.recommendation === 'support' ? 'đề nghị' : 'không đề nghị') : DOTS} Đảng ủy cơ sở xét công nhận đảng viên chính thức.`,
          { indent: true },
        ),
        ...recipientsAndSignature(['Đảng ủy cơ sở'], ['T/M ĐẢNG ỦY BỘ PHẬN', 'BÍ THƯ']),
      ],
    };
  },
};

function recognitionAppraisal(ctx: PaperworkContext) {
  const ceremony = lastEvent(ctx, 'ceremony.held');
  return ceremony ? lastEvent(ctx, 'subBase.appraised', (e) => e.seq > ceremony.seq) : undefined;
}

function baseRecognition(code: (typeof F)['base.recognitionVoted']['base' | 'delegated']): FormTemplate {
  const delegated = code === F['base.recognitionVoted'].delegated;
  return {
    code,
    title: {
      vi: delegated
        ? 'Nghị quyết công nhận đảng viên chính thức của đảng ủy cơ sở được ủy quyền'
        : 'Nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức',
      en: 'Base committee resolution on recognition',
    },
    step: 'base.recognitionVoted',
    issuer: 'BASE',
    applies: (ctx) => !ctx.profile.isBaseCell && ctx.profile.delegatedBase === delegated,
    belongs: (ctx) => Boolean(lastVote(ctx, 'CELL', 'recognise')?.passed),
    missing: (ctx) =>
      need(
        Boolean(lastVote(ctx, 'BASE', 'recognise')?.passed),
        'Chưa có biểu quyết đạt của đảng ủy cơ sở',
        'No passed base committee vote',
      ),
    build(ctx) {
      const v = lastVote(ctx, 'BASE', 'recognise');
      const cell = lastVote(ctx, 'CELL', 'recognise');
      const date = v?.meetingDate ?? null;
      return {
        code,
        header: bodyHeader(ctx, 'BASE', date, null, 'NQ/ĐU'),
        title: 'NGHỊ QUYẾT',
        subtitle: delegated ? 'công nhận đảng viên chính thức' : 'đề nghị công nhận đảng viên chính thức',
        body: [
          p(`Căn cứ nghị quyết của ${ctx.org('CELL', cell?.meetingDate ?? null).name} ngày ${dmy(cell?.meetingDate)};`, { indent: true }),
          meetingOpening(ctx, 'BASE', date, 'công nhận đảng viên chính thức cho đồng chí'),
          probationLine(ctx),
          p('Kết quả biểu quyết:', { indent: true }),
          ...voteParagraphs(v, 'cấp ủy viên'),
          p(
            [
              t(delegated ? 'Đảng ủy công nhận đồng chí ' : 'Đảng ủy đề nghị cấp ủy có thẩm quyền công nhận đồng chí '),
              b(name(ctx)),
              t(` là đảng viên chính thức từ ngày ${dmy(probationEnd(ceremonyDate(ctx)))}.`),
            ],
            { indent: true },
          ),
          ...recipientsAndSignature(['Cấp ủy có thẩm quyền', ctx.org('CELL', date).name], ['T/M ĐẢNG ỦY', 'BÍ THƯ']),
        ],
      };
    },
  };
}

function recognitionDecision(code: (typeof F)['decision.recognitionSigned']['competent' | 'delegated']): FormTemplate {
  const delegated = code === F['decision.recognitionSigned'].delegated;
  return {
    code,
    title: {
      vi: delegated
        ? 'Quyết định công nhận đảng viên chính thức của đảng ủy cơ sở được ủy quyền'
        : 'Quyết định công nhận đảng viên chính thức',
      en: 'Recognition decision',
    },
    step: 'decision.recognitionSigned',
    issuer: 'COMPETENT',
    applies: (ctx) => ctx.profile.delegatedBase === delegated,
    belongs: (ctx) => Boolean(lastVote(ctx, ctx.profile.isBaseCell ? 'CELL' : 'BASE', 'recognise')?.passed),
    missing: (ctx) =>
      need(
        lastDecision(ctx, 'recognition')?.outcome === 'recognised',
        'Chưa ghi nhận quyết định công nhận',
        'The recognition decision is not recorded',
      ),
    build(ctx) {
      const d = lastDecision(ctx, 'recognition');
      const v = lastVote(ctx, 'COMPETENT', 'recognise');
      const cell = lastVote(ctx, 'CELL', 'recognise');
      return decisionDocument(ctx, {
        code,
        number: d?.number ?? null,
        date: d?.signedOn ?? null,
        subtitle: 'công nhận đảng viên chính thức',
        grounds: [
          'Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;',
          `Xét nghị quyết của ${ctx.org('CELL', cell?.meetingDate ?? null).name} ngày ${dmy(cell?.meetingDate)} đề nghị công nhận đảng viên chính thức;`,
          v
            ? `Kết quả biểu quyết của tập thể cấp ủy: ${v.for}/${v.eligible} đồng chí tán thành.`
            : `Kết quả biểu quyết của tập thể cấp ủy: ${DOTS}`,
        ],
        articles: [
          [
            t('Điều 1. Công nhận đồng chí '),
            b(name(ctx)),
            t(`, sinh ngày ${dmy(ctx.person.birthDate)}, là đảng viên chính thức kể từ ngày ${dmy(probationEnd(ceremonyDate(ctx)))}.`),
          ],
          [t(`Điều 2. ${ctx.org('CELL', d?.signedOn ?? null).name} và đồng chí có tên ở Điều 1 thi hành quyết định này.`)],
        ],
      });
    },
  };
}

export const RECOGNITION_FORMS: FormTemplate[] = [
  selfReview,
  helperAssessment,
  recognitionOpinions,
  cellRecognition(F['cell.recognitionVoted'].cell),
  cellRecognition(F['cell.recognitionVoted'].baseCell),
  subBaseRecognition,
  baseRecognition(F['base.recognitionVoted'].base),
  baseRecognition(F['base.recognitionVoted'].delegated),
  recognitionDecision(F['decision.recognitionSigned'].competent),
  recognitionDecision(F['decision.recognitionSigned'].delegated),
];
