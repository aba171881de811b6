/**
 * Pieces every form template uses: the Party header, the vote paragraph with its denominator,
 * the candidate's identity lines and the signature blocks. Each form is one small module in this
 * folder; edit the wording there (docs/forms.md says which model form each follows).
 */
import type { Body, PaperworkContext, VoteRecord } from '../src/context.js';
import { dmy, nfc, percent, placeAndDate } from '../src/format.js';
import { type Block, type FormHeader, DOTS, SHORT_DOTS, b, i, orDots, p, t } from '../src/model.js';

export type Issuer = Body | 'CANDIDATE' | 'INTRODUCER' | 'HELPER';

export interface Text {
  vi: string;
  en: string;
}

/** One model form: where it belongs on the path, what it needs, how it is filled. */
export interface FormTemplate {
  code: string;
  title: Text;
  /** The step (event type) of the procedure the form belongs to; the UI groups forms by it. */
  step: string;
  issuer: Issuer;
  /** Whether the form is on this case's path at all (base cell, sub-base committee, delegation). */
  applies(ctx: PaperworkContext): boolean;
  /** Whether the case has come far enough for the form to be listed. */
  belongs(ctx: PaperworkContext): boolean;
  /** What the case has not recorded yet for the form to be filled (empty: ready). */
  missing(ctx: PaperworkContext): Text[];
  build(ctx: PaperworkContext): import('../src/model.js').FormDocument;
}

export const need = (ok: boolean, vi: string, en: string): Text[] => (ok ? [] : [{ vi, en }]);

/** The header of a paper issued by a party body, dated and numbered. */
export function bodyHeader(
  ctx: PaperworkContext,
  body: Body,
  date: string | null,
  number: string | null | undefined,
  suffix: string,
): FormHeader {
  const org = ctx.org(body, date);
  return {
    superior: org.superior,
    issuer: org.issuer,
    number: number ? `Số ${number}` : `Số ${SHORT_DOTS}-${suffix}`,
    placeAndDate: placeAndDate(ctx.place(date), date),
  };
}

/** The header of a person's own paper (application, self-review): no issuing body, no number. */
export const personHeader = (ctx: PaperworkContext, date: string | null): FormHeader => ({
  placeAndDate: placeAndDate(date ? ctx.place(date) : null, date),
});

const SEX: Record<string, string> = { female: 'Nữ', male: 'Nam' };

/** The candidate's identity lines, names in NFC and dates dd/mm/yyyy. */
export function identity(ctx: PaperworkContext, role = 'Họ và tên'): Block[] {
  const person = ctx.person;
  return [
    p([t(`${role}: `), b(nfc(person.fullName))], { indent: true }),
    p(
      `Giới tính: ${person.sex ? (SEX[person.sex] ?? DOTS) : DOTS}; ngày sinh: ${dmy(person.birthDate)}; dân tộc: ${orDots(person.ethnicity)}; tôn giáo: ${orDots(person.religion, 'Không')}.`,
      { indent: true },
    ),
  ];
}

/** "… đồng chí tán thành (73,3%), … không tán thành", over the body's denominator. */
export function voteParagraphs(v: VoteRecord | undefined, bodyLabel: string): Block[] {
  if (!v) {
    return [
      p(`Tổng số ${bodyLabel}: ${SHORT_DOTS} đồng chí; có mặt: ${SHORT_DOTS} đồng chí; vắng mặt: ${SHORT_DOTS} đồng chí.`, {
        indent: true,
      }),
      p(`Số tán thành: ${SHORT_DOTS} đồng chí; không tán thành: ${SHORT_DOTS} đồng chí.`, { indent: true }),
    ];
  }
  return [
    p(`Tổng số ${bodyLabel} được biểu quyết: ${v.eligible} đồng chí; có mặt: ${SHORT_DOTS} đồng chí; vắng mặt: ${SHORT_DOTS} đồng chí.`, {
      indent: true,
    }),
    p(
      [
        t('Số tán thành: '),
        b(`${v.for}/${v.eligible}`),
        t(` đồng chí (${percent(v.for, v.eligible)}); không tán thành: `),
        b(`${v.against}/${v.eligible}`),
        t(` đồng chí (${percent(v.against, v.eligible)})${v.required !== null ? `; cần ít nhất ${v.required} đồng chí tán thành` : ''}.`),
      ],
      { indent: true },
    ),
  ];
}

export const signature = (heading: string[], name?: string, note = '(Ký, ghi rõ họ tên)'): Block => ({
  kind: 'signatures',
  columns: [{ heading: [] }, { heading, note, ...(name ? { name: nfc(name) } : {}) }],
});

/** Signatures of a collective paper: the recipients ("Nơi nhận") on the left, the signer on the right. */
export function recipientsAndSignature(recipients: string[], heading: string[]): Block[] {
  return [
    {
      kind: 'signatures',
      columns: [
        { heading: ['Nơi nhận:', ...recipients.map((r) => `- ${r},`), '- Lưu.'] },
        { heading, note: '(Ký, ghi rõ họ tên, đóng dấu)' },
      ],
    },
  ];
}

export const meetingOpening = (ctx: PaperworkContext, body: Body, date: string | null, what: string): Block =>
  p([t(`Ngày ${dmy(date)}, ${ctx.org(body, date).name} họp xét ${what} `), b(nfc(ctx.person.fullName)), t('.')], { indent: true });

export const italicNote = (text: string): Block => p([i(text)], { indent: true });
