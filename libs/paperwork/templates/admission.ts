/**
 * Admission: source pool, dossier, the votes and the decision (HD 38-HD/BTCTW numbering; the
 * 1A-TN and 6-TN source-pool forms are the Hanoi guide's, HD 02-HD/BTCTU 2025). Wording is this
 * project's own, following the model forms' structure: edit it here.
 */
import { EVENT_FORMS as F } from '#procedure';
import { hasEvent, lastDecision, lastEvent, lastVote, str, type PaperworkContext } from '../src/context.js';
import { dmy, nfc } from '../src/format.js';
import { type Block, type FormDocument, DOTS, b, lines, orDots, p, t } from '../src/model.js';
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
const always = () => true;

export const sympathiserResolution: FormTemplate = {
  code: F['sympathiser.listed'].list,
  title: {
    vi: 'Nghị quyết đưa vào danh sách cảm tình Đảng, phân công đảng viên giúp đỡ',
    en: 'Cell resolution: sympathiser list and helper',
  },
  step: 'sympathiser.listed',
  issuer: 'CELL',
  applies: always,
  belongs: always,
  missing: (ctx) =>
    need(
      hasEvent(ctx, 'sympathiser.listed'),
      'Chưa ghi nhận nghị quyết đưa vào danh sách cảm tình Đảng',
      'The sympathiser-list resolution is not recorded',
    ),
  build(ctx) {
    const e = lastEvent(ctx, 'sympathiser.listed');
    const date = e?.eventDate ?? null;
    const helper = e?.payload.helper as { name?: string } | undefined;
    return {
      code: F['sympathiser.listed'].list,
      header: bodyHeader(ctx, 'CELL', date, null, 'NQ/CB'),
      title: 'NGHỊ QUYẾT',
      subtitle: 'đưa quần chúng ưu tú vào danh sách cảm tình Đảng và phân công đảng viên chính thức giúp đỡ',
      body: [
        meetingOpening(ctx, 'CELL', date, 'đưa vào danh sách cảm tình Đảng quần chúng'),
        ...identity(ctx),
        p('Chi bộ quyết nghị:', { indent: true }),
        p([t(`1. Đưa quần chúng `), b(name(ctx)), t(' vào danh sách cảm tình Đảng của chi bộ.')], { indent: true }),
        p(
          [
            t('2. Phân công đồng chí '),
            b(orDots(helper?.name ? nfc(helper.name) : undefined)),
            t(', đảng viên chính thức, theo dõi, giúp đỡ quần chúng phấn đấu vào Đảng.'),
          ],
          { indent: true },
        ),
        ...recipientsAndSignature(['Đảng ủy cơ sở', 'Đảng viên được phân công'], ['T/M CHI BỘ', 'BÍ THƯ']),
      ],
    };
  },
};

export const clearanceResolution: FormTemplate = {
  code: F['dossier.cleared'].clearance,
  title: { vi: 'Nghị quyết cho cảm tình Đảng làm thủ tục xem xét kết nạp', en: 'Base committee resolution clearing the dossier' },
  step: 'dossier.cleared',
  issuer: 'BASE',
  applies: (ctx) => !ctx.profile.isBaseCell,
  belongs: (ctx) => hasEvent(ctx, 'sympathiser.listed'),
  missing: (ctx) =>
    need(hasEvent(ctx, 'dossier.cleared'), 'Chưa ghi nhận quyết định cho làm hồ sơ kết nạp', 'The dossier clearance is not recorded'),
  build(ctx) {
    const e = lastEvent(ctx, 'dossier.cleared');
    const date = e?.eventDate ?? null;
    const cert = lastEvent(ctx, 'awarenessCourse.certified');
    return {
      code: F['dossier.cleared'].clearance,
      header: bodyHeader(ctx, 'BASE', date, null, 'NQ/ĐU'),
      title: 'NGHỊ QUYẾT',
      subtitle: 'cho cảm tình Đảng được làm thủ tục xem xét kết nạp vào Đảng',
      body: [
        p(
          `Căn cứ đề nghị của ${ctx.org('CELL', date).name} và giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng số ${orDots(str(cert?.payload.certificateNo))} ngày ${dmy(cert?.eventDate)},`,
          { indent: true },
        ),
        p(`${ctx.org('BASE', date).name.replace(/^Đảng bộ/, 'Đảng ủy')} quyết nghị:`, { indent: true }),
        p([t('Cho quần chúng '), b(name(ctx)), t(` được làm thủ tục xem xét kết nạp vào Đảng tại ${ctx.org('CELL', date).name}.`)], {
          indent: true,
        }),
        ...identity(ctx),
        ...recipientsAndSignature([ctx.org('CELL', date).name, 'Quần chúng được xem xét'], ['T/M ĐẢNG ỦY', 'BÍ THƯ']),
      ],
    };
  },
};

export const application: FormTemplate = {
  code: F['application.filed'].first,
  title: { vi: 'Đơn xin vào Đảng (mẫu trống điền sẵn)', en: 'Application (pre-filled blank)' },
  step: 'application.filed',
  issuer: 'CANDIDATE',
  applies: always,
  belongs: (ctx) => hasEvent(ctx, 'sympathiser.listed'),
  missing: () => [],
  build(ctx) {
    const e = lastEvent(ctx, 'application.filed');
    return {
      code: F['application.filed'].first,
      header: personHeader(ctx, e?.eventDate ?? null),
      title: 'ĐƠN XIN VÀO ĐẢNG',
      body: [
        p([b(`Kính gửi: ${ctx.org('CELL', e?.eventDate ?? null).name}`)], { align: 'center' }),
        ...identity(ctx, 'Tôi là'),
        p(`Nơi ở hiện nay: ${DOTS}${DOTS}`, { indent: true }),
        p(`Nghề nghiệp, nơi làm việc: ${DOTS}${DOTS}`, { indent: true }),
        italicNote('(Người xin vào Đảng tự viết tay phần dưới đây: nhận thức về Đảng, động cơ xin vào Đảng, lời hứa.)'),
        lines(12),
        signature(['NGƯỜI LÀM ĐƠN'], undefined, '(Ký, ghi rõ họ tên)'),
      ],
    };
  },
};

interface Introducer {
  name?: string;
  memberStatus?: string;
  alongsideSince?: string;
  letterDate?: string;
}

export const introductionLetter: FormTemplate = {
  code: F['introduction.memberRecorded'].letter,
  title: { vi: 'Giấy giới thiệu người vào Đảng (mẫu trống điền sẵn)', en: 'Introduction letter (pre-filled blank)' },
  step: 'introduction.memberRecorded',
  issuer: 'INTRODUCER',
  applies: always,
  belongs: (ctx) => hasEvent(ctx, 'dossier.cleared'),
  missing: () => [],
  build(ctx) {
    const recorded: Introducer[] = ctx.events.filter((e) => e.type === 'introduction.memberRecorded').map((e) => e.payload as Introducer);
    const letters: Introducer[] = recorded.length ? recorded : [{}];
    const body: Block[] = [];
    letters.forEach((intro, k) => {
      if (k > 0) body.push({ kind: 'pageBreak' });
      body.push(
        p([b(`Kính gửi: ${ctx.org('CELL', intro.letterDate ?? null).name}`)], { align: 'center' }),
        p(
          [
            t('Tôi là: '),
            b(intro.name ? nfc(intro.name) : DOTS),
            t(
              `, đảng viên ${intro.memberStatus === 'probationary' ? 'dự bị' : 'chính thức'}, sinh hoạt tại ${ctx.org('CELL', intro.letterDate ?? null).name}.`,
            ),
          ],
          { indent: true },
        ),
        p(`Ngày vào Đảng: ${DOTS}; ngày chính thức: ${DOTS}.`, { indent: true }),
        p(
          [
            t('Tôi giới thiệu '),
            b(name(ctx)),
            t(` vào Đảng. Tôi cùng công tác, học tập, sinh sống với người vào Đảng từ ngày ${dmy(intro.alongsideSince)}.`),
          ],
          { indent: true },
        ),
        italicNote(
          '(Người giới thiệu tự viết tay: nhận xét ưu điểm, khuyết điểm, lý lịch, phẩm chất của người vào Đảng và trách nhiệm của mình.)',
        ),
        lines(10),
        signature(['NGƯỜI GIỚI THIỆU'], intro.name),
      );
    });
    return { code: F['introduction.memberRecorded'].letter, header: personHeader(ctx, letters[0]?.letterDate ?? null), title: 'GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG', body };
  },
};

export const opinionsSummary: FormTemplate = {
  code: F['opinions.consolidated'].consolidated,
  title: { vi: 'Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú', en: 'Consolidated opinions (admission)' },
  step: 'opinions.consolidated',
  issuer: 'CELL',
  applies: always,
  belongs: (ctx) => hasEvent(ctx, 'dossier.cleared'),
  missing: (ctx) =>
    need(hasEvent(ctx, 'opinions.consolidated'), 'Chưa ghi nhận việc tổng hợp ý kiến', 'The consolidated opinions are not recorded'),
  build(ctx) {
    const e = lastEvent(ctx, 'opinions.consolidated');
    const date = e?.eventDate ?? null;
    const orgs = (e?.payload.massOrganisations as string[] | undefined) ?? [];
    const residence =
      e?.payload.residence === 'exempt' ? `được miễn (căn cứ: ${orDots(str(e?.payload.exemptionBasis))})` : 'có ý kiến nhận xét';
    return {
      code: F['opinions.consolidated'].consolidated,
      header: bodyHeader(ctx, 'CELL', date, null, 'BC/CB'),
      title: 'TỔNG HỢP Ý KIẾN NHẬN XÉT',
      subtitle: 'của đoàn thể chính trị - xã hội nơi người vào Đảng sinh hoạt và chi ủy nơi cư trú',
      body: [
        p([t('Đối với quần chúng: '), b(name(ctx))], { indent: true }),
        ...identity(ctx).slice(1),
        p(`Các đoàn thể đã cho ý kiến: ${orgs.length ? orgs.map(nfc).join('; ') : DOTS}.`, { indent: true }),
        p(`Chi ủy (chi bộ) nơi cư trú: ${e ? residence : DOTS}.`, { indent: true }),
        p('1. Ưu điểm:', { indent: true }),
        lines(4),
        p('2. Khuyết điểm:', { indent: true }),
        lines(3),
        ...recipientsAndSignature([ctx.org('CELL', date).name], ['T/M CHI ỦY', 'BÍ THƯ']),
      ],
    };
  },
};

function cellResolution(code: (typeof F)['cell.admissionVoted']['cell' | 'baseCell']): FormTemplate {
  const baseCell = code === F['cell.admissionVoted'].baseCell;
  return {
    code,
    title: {
      vi: baseCell ? 'Nghị quyết đề nghị kết nạp đảng viên của chi bộ cơ sở' : 'Nghị quyết của chi bộ đề nghị kết nạp đảng viên',
      en: 'Cell resolution proposing admission',
    },
    step: 'cell.admissionVoted',
    issuer: 'CELL',
    applies: (ctx) => ctx.profile.isBaseCell === baseCell,
    belongs: (ctx) => hasEvent(ctx, 'opinions.consolidated') || hasEvent(ctx, 'cell.admissionVoted'),
    missing: (ctx) => {
      const v = lastVote(ctx, 'CELL', 'admit');
      return need(Boolean(v?.passed), 'Chưa có biểu quyết đạt của chi bộ đề nghị kết nạp', 'No passed cell vote on admission');
    },
    build(ctx) {
      const v = lastVote(ctx, 'CELL', 'admit');
      const date = v?.meetingDate ?? null;
      return {
        code,
        header: bodyHeader(ctx, 'CELL', date, null, 'NQ/CB'),
        title: 'NGHỊ QUYẾT',
        subtitle: 'đề nghị kết nạp đảng viên',
        body: [
          meetingOpening(ctx, 'CELL', date, 'đề nghị kết nạp vào Đảng quần chúng'),
          ...identity(ctx),
          p(
            'Sau khi nghe báo cáo tóm tắt lý lịch, đơn xin vào Đảng, giấy giới thiệu của người giới thiệu và tổng hợp ý kiến nhận xét, chi bộ thảo luận:',
            { indent: true },
          ),
          p('1. Ưu điểm:', { indent: true }),
          lines(3),
          p('2. Khuyết điểm:', { indent: true }),
          lines(2),
          p('3. Kết quả biểu quyết đề nghị kết nạp:', { indent: true }),
          ...voteParagraphs(v, 'đảng viên chính thức của chi bộ'),
          p(
            [
              t(
                `${ctx.org('CELL', date).name} đề nghị ${baseCell ? 'cấp ủy có thẩm quyền' : 'Đảng ủy cơ sở'} xem xét, kết nạp quần chúng `,
              ),
              b(name(ctx)),
              t(' vào Đảng Cộng sản Việt Nam.'),
            ],
            { indent: true },
          ),
          ...recipientsAndSignature([baseCell ? 'Cấp ủy cấp trên trực tiếp' : 'Đảng ủy cơ sở'], ['T/M CHI BỘ', 'BÍ THƯ']),
        ],
      };
    },
  };
}

export const subBaseAppraisal: FormTemplate = {
  code: F['subBase.appraised'].admission,
  title: { vi: 'Báo cáo thẩm định của đảng ủy bộ phận', en: 'Sub-base committee appraisal' },
  step: 'subBase.appraised',
  issuer: 'SUB',
  applies: (ctx) => ctx.profile.hasSubBase,
  belongs: (ctx) => hasEvent(ctx, 'cell.admissionVoted'),
  missing: (ctx) => need(Boolean(admissionAppraisal(ctx)), 'Chưa ghi nhận báo cáo thẩm định', 'The appraisal is not recorded'),
  build(ctx) {
    const e = admissionAppraisal(ctx);
    const date = e?.eventDate ?? null;
    const support = e?.payload.recommendation === 'support';
    return {
      code: F['subBase.appraised'].admission,
      header: bodyHeader(ctx, 'SUB', date, str(e?.payload.reportNo), 'BC/ĐUBP'),
      title: 'BÁO CÁO',
      subtitle: 'thẩm định nghị quyết của chi bộ đề nghị kết nạp đảng viên',
      body: [
        p([t('Về quần chúng: '), b(name(ctx))], { indent: true }),
        p('Kết quả thẩm định hồ sơ, lý lịch, điều kiện, tiêu chuẩn:', { indent: true }),
        lines(3),
        p(`Đảng ủy bộ phận ${e ? (support ? 'đề nghị' : 'không đề nghị') : DOTS} Đảng ủy cơ sở xem xét kết nạp.`, { indent: true }),
        ...recipientsAndSignature(['Đảng ủy cơ sở'], ['T/M ĐẢNG ỦY BỘ PHẬN', 'BÍ THƯ']),
      ],
    };
  },
};

function admissionAppraisal(ctx: PaperworkContext) {
  const ceremony = lastEvent(ctx, 'ceremony.held');
  return lastEvent(ctx, 'subBase.appraised', (e) => !ceremony || e.seq < ceremony.seq);
}

function baseResolution(code: (typeof F)['base.admissionVoted']['base' | 'delegated']): FormTemplate {
  const delegated = code === F['base.admissionVoted'].delegated;
  return {
    code,
    title: {
      vi: delegated
        ? 'Nghị quyết kết nạp đảng viên của đảng ủy cơ sở được ủy quyền'
        : 'Nghị quyết của đảng ủy cơ sở đề nghị kết nạp đảng viên',
      en: 'Base committee resolution on admission',
    },
    step: 'base.admissionVoted',
    issuer: 'BASE',
    applies: (ctx) => !ctx.profile.isBaseCell && ctx.profile.delegatedBase === delegated,
    belongs: (ctx) => Boolean(lastVote(ctx, 'CELL', 'admit')?.passed),
    missing: (ctx) =>
      need(Boolean(lastVote(ctx, 'BASE', 'admit')?.passed), 'Chưa có biểu quyết đạt của đảng ủy cơ sở', 'No passed base committee vote'),
    build(ctx) {
      const v = lastVote(ctx, 'BASE', 'admit');
      const cell = lastVote(ctx, 'CELL', 'admit');
      const date = v?.meetingDate ?? null;
      return {
        code,
        header: bodyHeader(ctx, 'BASE', date, null, 'NQ/ĐU'),
        title: 'NGHỊ QUYẾT',
        subtitle: delegated ? 'kết nạp đảng viên' : 'đề nghị kết nạp đảng viên',
        body: [
          p(
            `Căn cứ nghị quyết của ${ctx.org('CELL', cell?.meetingDate ?? null).name} ngày ${dmy(cell?.meetingDate)} đề nghị kết nạp quần chúng ${name(ctx)} vào Đảng;`,
            { indent: true },
          ),
          meetingOpening(ctx, 'BASE', date, 'đề nghị kết nạp vào Đảng quần chúng'),
          ...identity(ctx),
          p('Kết quả biểu quyết:', { indent: true }),
          ...voteParagraphs(v, 'cấp ủy viên'),
          p(
            [
              t(
                delegated
                  ? 'Đảng ủy quyết định kết nạp quần chúng '
                  : 'Đảng ủy đề nghị cấp ủy có thẩm quyền xem xét, quyết định kết nạp quần chúng ',
              ),
              b(name(ctx)),
              t(' vào Đảng.'),
            ],
            { indent: true },
          ),
          ...recipientsAndSignature(
            [delegated ? ctx.org('CELL', date).name : 'Cấp ủy có thẩm quyền', 'Lưu hồ sơ đảng viên'],
            ['T/M ĐẢNG ỦY', 'BÍ THƯ'],
          ),
        ],
      };
    },
  };
}

function admissionDecision(code: (typeof F)['decision.admissionSigned']['competent' | 'delegated']): FormTemplate {
  const delegated = code === F['decision.admissionSigned'].delegated;
  return {
    code,
    title: {
      vi: delegated
        ? 'Quyết định kết nạp đảng viên của đảng ủy cơ sở được ủy quyền'
        : 'Quyết định kết nạp đảng viên của cấp ủy có thẩm quyền',
      en: 'Admission decision',
    },
    step: 'decision.admissionSigned',
    issuer: 'COMPETENT',
    applies: (ctx) => ctx.profile.delegatedBase === delegated,
    belongs: (ctx) => Boolean(lastVote(ctx, ctx.profile.isBaseCell ? 'CELL' : 'BASE', 'admit')?.passed),
    missing: (ctx) =>
      need(
        lastDecision(ctx, 'admission')?.outcome === 'admitted',
        'Chưa ghi nhận quyết định kết nạp',
        'The admission decision is not recorded',
      ),
    build(ctx) {
      const d = lastDecision(ctx, 'admission');
      const date = d?.signedOn ?? null;
      const cell = lastVote(ctx, 'CELL', 'admit');
      const base = lastVote(ctx, 'BASE', 'admit');
      const v = lastVote(ctx, 'COMPETENT', 'admit');
      return decisionDocument(ctx, {
        code,
        number: d?.number ?? null,
        date,
        subtitle: 'kết nạp đảng viên',
        grounds: [
          `Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;`,
          `Xét nghị quyết của ${ctx.org('CELL', cell?.meetingDate ?? null).name} ngày ${dmy(cell?.meetingDate)}${base ? ` và nghị quyết của ${ctx.org('BASE', base.meetingDate).name.replace(/^Đảng bộ/, 'Đảng ủy')} ngày ${dmy(base.meetingDate)}` : ''};`,
          v
            ? `Kết quả biểu quyết của tập thể cấp ủy: ${v.for}/${v.eligible} đồng chí tán thành.`
            : `Kết quả biểu quyết của tập thể cấp ủy: ${DOTS}`,
        ],
        articles: [
          [
            t('Điều 1. Kết nạp quần chúng '),
            b(name(ctx)),
            t(
              `, sinh ngày ${dmy(ctx.person.birthDate)}, vào Đảng Cộng sản Việt Nam. Thời gian dự bị 12 tháng, kể từ ngày chi bộ tổ chức lễ kết nạp.`,
            ),
          ],
          [
            t(
              `Điều 2. ${ctx.org('CELL', date).name} tổ chức lễ kết nạp, phân công đảng viên chính thức giúp đỡ đảng viên dự bị; các đồng chí có tên ở Điều 1 thi hành quyết định này.`,
            ),
          ],
        ],
      });
    },
  };
}

/** A decision of the competent committee: grounds, articles, recipients and the standing committee's signature. */
export function decisionDocument(
  ctx: PaperworkContext,
  d: {
    code: string;
    number: string | null;
    date: string | null;
    subtitle: string;
    grounds: string[];
    articles: import('../src/model.js').Run[][];
  },
): FormDocument {
  const org = ctx.org('COMPETENT', d.date);
  return {
    code: d.code,
    header: bodyHeader(ctx, 'COMPETENT', d.date, d.number, 'QĐ/ĐU'),
    title: 'QUYẾT ĐỊNH',
    subtitle: d.subtitle,
    body: [
      p([b(ctx.profile.delegatedBase ? org.issuer : `BAN THƯỜNG VỤ ${org.issuer}`)], { align: 'center' }),
      ...d.grounds.map((g) => p(g, { indent: true })),
      p([b('QUYẾT ĐỊNH')], { align: 'center' }),
      ...d.articles.map((a) => p(a, { indent: true })),
      ...recipientsAndSignature(
        [ctx.org('CELL', d.date).name, 'Như Điều 2'],
        ctx.profile.delegatedBase ? ['T/M ĐẢNG ỦY', 'BÍ THƯ'] : ['T/M BAN THƯỜNG VỤ', 'BÍ THƯ (PHÓ BÍ THƯ)'],
      ),
    ],
  };
}

export const ADMISSION_FORMS: FormTemplate[] = [
  sympathiserResolution,
  clearanceResolution,
  application,
  introductionLetter,
  opinionsSummary,
  cellResolution(F['cell.admissionVoted'].cell),
  cellResolution(F['cell.admissionVoted'].baseCell),
  subBaseAppraisal,
  baseResolution(F['base.admissionVoted'].base),
  baseResolution(F['base.admissionVoted'].delegated),
  admissionDecision(F['decision.admissionSigned'].competent),
  admissionDecision(F['decision.admissionSigned'].delegated),
];
