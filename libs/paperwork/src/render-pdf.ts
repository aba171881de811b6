import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { paths } from '#platform';
import { nfc } from './format.js';
import type { Block, FormDocument, Run } from './model.js';

/**
 * The form as PDF, from the same content as the DOCX. The font is DejaVu Serif (Bitstream Vera
 * licence, shipped in config/fonts and copied into the image), embedded as a subset: it carries
 * every Vietnamese letter, so the PDF looks the same on every machine.
 */
const FONT_FILES = { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf' } as const;
const SIZE = 12;
const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 56, bottom: 56, left: 85, right: 56 };

export function fontPath(file: string): string {
  const p = paths.config('fonts', file);
  if (!existsSync(p)) throw new Error(`font missing: ${p}`);
  return p;
}

/** The font files, read once per process (about 1 MB). */
let fontCache: Record<string, Buffer> | null = null;
function fonts(): Record<string, Buffer> {
  fontCache ??= Object.fromEntries(Object.entries(FONT_FILES).map(([key, file]) => [key, readFileSync(fontPath(file))]));
  return fontCache;
}

const fontOf = (r: { bold?: boolean; italic?: boolean }) => (r.bold ? 'bold' : r.italic ? 'italic' : 'regular');

export async function renderPdf(doc: FormDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: A4,
    margins: MARGIN,
    info: { Title: `Mẫu ${doc.code}`, Creator: 'ket-nap', Producer: 'ket-nap', CreationDate: new Date(0) },
    autoFirstPage: true,
    compress: true,
  });
  for (const [key, bytes] of Object.entries(fonts())) pdf.registerFont(key, bytes);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = A4[0] - MARGIN.left - MARGIN.right;
  const x0 = MARGIN.left;
  const center = (text: string, font: string, size: number, x = x0, w = width, opts: { underline?: boolean } = {}) => {
    pdf.font(font).fontSize(size).text(nfc(text), x, undefined, { width: w, align: 'center', underline: opts.underline });
  };

  pdf
    .font('regular')
    .fontSize(10)
    .text(`Mẫu ${doc.code}`, x0, MARGIN.top - 20, { width, align: 'right' });
  // Party header: two columns.
  const top = MARGIN.top;
  const leftW = width * 0.5;
  const rightX = x0 + leftW;
  const rightW = width - leftW;
  pdf.x = x0;
  pdf.y = top;
  const h = doc.header;
  if (h.superior) center(h.superior, 'regular', 10.5, x0, leftW);
  if (h.issuer) center(h.issuer, 'bold', 10.5, x0, leftW);
  if (h.issuer) center('*', 'regular', 11, x0, leftW);
  if (h.number) center(h.number, 'regular', 11, x0, leftW);
  const leftBottom = pdf.y;
  pdf.y = top;
  center('ĐẢNG CỘNG SẢN VIỆT NAM', 'bold', 12, rightX, rightW, { underline: true });
  pdf.moveDown(0.6);
  center(h.placeAndDate, 'italic', 11, rightX, rightW);
  pdf.y = Math.max(leftBottom, pdf.y) + 18;

  center(doc.title, 'bold', 14);
  if (doc.subtitle) center(doc.subtitle, 'bold', SIZE);
  center('-----', 'regular', SIZE);
  pdf.moveDown(0.5);

  for (const b of doc.body) drawBlock(pdf, b, x0, width);
  pdf.end();
  return done;
}

/**
 * Lays out runs of mixed fonts word by word (pdfkit's `continued` text breaks lines after a font
 * change): each line is filled to the width, then drawn token by token; full lines of a justified
 * paragraph spread their spaces.
 */
function runs(pdf: PDFKit.PDFDocument, list: Run[], x: number, width: number, align: string, indent: boolean, size: number) {
  const lineHeight = size * 1.35;
  type Token = { text: string; font: string; w: number; space: boolean };
  const tokens: Token[] = [];
  for (const r of list) {
    const font = fontOf(r);
    pdf.font(font).fontSize(size);
    for (const part of nfc(r.text).split(/(\s+)/)) {
      if (part === '') continue;
      const space = /^\s+$/.test(part);
      tokens.push({ text: space ? ' ' : part, font, w: pdf.widthOfString(space ? ' ' : part), space });
    }
  }
  const lines: Token[][] = [];
  let current: Token[] = [];
  let used = indent ? 28 : 0;
  for (const tok of tokens) {
    if (!tok.space && used + tok.w > width && current.some((c) => !c.space)) {
      while (current.length && current[current.length - 1]!.space) current.pop();
      lines.push(current);
      current = [];
      used = 0;
    }
    if (tok.space && current.length === 0) continue;
    current.push(tok);
    used += tok.w;
  }
  while (current.length && current[current.length - 1]!.space) current.pop();
  if (current.length) lines.push(current);
  lines.forEach((line, k) => {
    if (pdf.y + lineHeight > pdf.page.height - MARGIN.bottom) pdf.addPage();
    const start = k === 0 && indent ? 28 : 0;
    const total = line.reduce((a, tkn) => a + tkn.w, 0);
    const spaces = line.filter((tkn) => tkn.space).length;
    const last = k === lines.length - 1;
    // Justified lines spread their spaces, but never into gaps wider than about half an em (a line
    // broken before a long dotted blank stays left-aligned instead of showing holes).
    const spread = align === 'justify' && !last && spaces > 0 ? (width - start - total) / spaces : 0;
    const extra = spread <= size * 0.5 ? spread : 0;
    let cx = align === 'center' ? x + (width - total) / 2 : align === 'right' ? x + width - total : x + start;
    const y = pdf.y;
    for (const tkn of line) {
      if (!tkn.space) pdf.font(tkn.font).fontSize(size).text(tkn.text, cx, y, { lineBreak: false });
      cx += tkn.w + (tkn.space ? extra : 0);
    }
    pdf.x = x;
    pdf.y = y + lineHeight;
  });
}

function drawBlock(pdf: PDFKit.PDFDocument, b: Block, x: number, width: number) {
  switch (b.kind) {
    case 'para':
      if (b.spaceBefore) pdf.moveDown(b.spaceBefore / 240);
      runs(pdf, b.runs, x, width, b.align ?? 'justify', Boolean(b.indent), b.size ?? SIZE);
      pdf.moveDown(0.2);
      return;
    case 'lines':
      if (b.label) pdf.font('regular').fontSize(SIZE).text(b.label, x, undefined, { width });
      for (let k = 0; k < b.count; k++) {
        pdf
          .font('regular')
          .fontSize(SIZE)
          .text('.'.repeat(200), x, undefined, { width, lineBreak: false, height: SIZE * 1.6, ellipsis: false });
        pdf.moveDown(0.35);
      }
      return;
    case 'pageBreak':
      pdf.addPage();
      return;
    case 'signatures': {
      pdf.moveDown(1);
      if (pdf.y > pdf.page.height - 200) pdf.addPage();
      const top = pdf.y;
      const colW = width / b.columns.length;
      let bottom = top;
      b.columns.forEach((c, k) => {
        const cx = x + k * colW;
        pdf.y = top;
        const recipients = c.heading[0] === 'Nơi nhận:';
        c.heading.forEach((line, j) => {
          pdf
            .font(recipients ? (j === 0 ? 'bold' : 'regular') : 'bold')
            .fontSize(recipients ? 10 : SIZE)
            .text(nfc(line), cx, undefined, { width: colW, align: recipients ? 'left' : 'center' });
        });
        if (c.note) pdf.font('italic').fontSize(10).text(c.note, cx, undefined, { width: colW, align: 'center' });
        if (!recipients && (c.note || c.name !== undefined)) {
          pdf.moveDown(3.5);
          pdf
            .font(c.name ? 'bold' : 'regular')
            .fontSize(SIZE)
            .text(c.name ? nfc(c.name) : '……………………………', cx, undefined, { width: colW, align: 'center' });
        }
        bottom = Math.max(bottom, pdf.y);
      });
      pdf.x = x;
      pdf.y = bottom;
      return;
    }
  }
}
