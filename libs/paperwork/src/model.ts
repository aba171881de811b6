/**
 * The neutral content of one filled form: the per-form templates (libs/paperwork/templates) build
 * it from what the case records, and two renderers print the same content as DOCX and as PDF.
 */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Align = 'left' | 'center' | 'right' | 'justify';

export type Block =
  /** A paragraph of runs. `indent`: first-line indent, as in the model forms' body text. */
  | { kind: 'para'; runs: Run[]; align?: Align; indent?: boolean; size?: number; spaceBefore?: number }
  /** Lines of dots left for a person to write on (handwritten parts). */
  | { kind: 'lines'; count: number; label?: string }
  /** Signature blocks side by side (left and right); an unknown name stays a dotted line. */
  | { kind: 'signatures'; columns: SignatureColumn[] }
  /** A new page (e.g. one introduction letter per introducer). */
  | { kind: 'pageBreak' };

export interface SignatureColumn {
  /** Lines above the signature, e.g. ["T/M CHI BỘ", "BÍ THƯ"]. */
  heading: string[];
  /** Italic note under the heading, e.g. "(Ký, ghi rõ họ tên)". */
  note?: string;
  /** The signer's name when the case knows it; otherwise a dotted line is printed. */
  name?: string;
}

export interface FormHeader {
  /** The issuing body's superior, upper case (e.g. "ĐẢNG BỘ TRƯỜNG ĐẠI HỌC AN HÒA"); none for a person's own paper. */
  superior?: string;
  /** The issuing body, upper case (e.g. "CHI BỘ SINH VIÊN"). */
  issuer?: string;
  /** "Số 123-QĐ/ĐU" or a dotted number left for the office to fill. */
  number?: string;
  /** "An Hòa, ngày 6 tháng 10 năm 2025" (dotted parts when unknown). */
  placeAndDate: string;
}

export interface FormDocument {
  /** The model form's code, printed at the top right ("Mẫu 6-KNĐ"). */
  code: string;
  header: FormHeader;
  title: string;
  subtitle?: string;
  body: Block[];
}

/** Dots for a value only a person can fill (a handwritten part). */
export const DOTS = '…………………………';
export const SHORT_DOTS = '………';

/** The value, or dots when the case does not know it. */
export const orDots = (value: string | number | null | undefined, dots: string = DOTS): string =>
  value === null || value === undefined || value === '' ? dots : String(value);

export const p = (text: string | Run[], opts: { align?: Align; indent?: boolean; size?: number; spaceBefore?: number } = {}): Block => ({
  kind: 'para',
  runs: typeof text === 'string' ? [{ text }] : text,
  ...opts,
});
export const b = (text: string): Run => ({ text, bold: true });
export const i = (text: string): Run => ({ text, italic: true });
export const t = (text: string): Run => ({ text });
export const lines = (count: number, label?: string): Block => ({ kind: 'lines', count, ...(label ? { label } : {}) });
