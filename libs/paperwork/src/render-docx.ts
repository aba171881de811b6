import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
} from 'docx';
import { nfc } from './format.js';
import type { Align, Block, FormDocument, Run } from './model.js';

/** Party documents are set in Times New Roman 14 pt (size in half-points); Word substitutes if absent. */
const FONT = 'Times New Roman';
const SIZE = 28;
const DOT_LINE = '.'.repeat(110);

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const run = (r: Run, size = SIZE) => new TextRun({ text: nfc(r.text), bold: r.bold, italics: r.italic, font: FONT, size });
const line = (text: string, opts: { bold?: boolean; italic?: boolean; underline?: boolean; size?: number; align?: Align } = {}) =>
  new Paragraph({
    alignment: ALIGN[opts.align ?? 'center'],
    children: [
      new TextRun({
        text: nfc(text),
        bold: opts.bold,
        italics: opts.italic,
        font: FONT,
        size: opts.size ?? SIZE,
        ...(opts.underline ? { underline: { type: UnderlineType.SINGLE } } : {}),
      }),
    ],
  });

function cell(children: Paragraph[], widthPct: number): TableCell {
  return new TableCell({
    children,
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
  });
}

function block(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'para':
      return [
        new Paragraph({
          alignment: ALIGN[b.align ?? 'justify'],
          spacing: { before: b.spaceBefore ?? 60, after: 60 },
          ...(b.indent ? { indent: { firstLine: 567 } } : {}),
          children: b.runs.map((r) => run(r, b.size ? b.size * 2 : SIZE)),
        }),
      ];
    case 'lines':
      return [
        ...(b.label ? [line(b.label, { align: 'left' })] : []),
        ...Array.from({ length: b.count }, () => line(DOT_LINE, { align: 'left', size: 24 })),
      ];
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
    case 'signatures': {
      const cols = b.columns;
      const width = Math.floor(100 / cols.length);
      return [
        new Paragraph({ text: '' }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          borders: NO_BORDERS,
          rows: [
            new TableRow({
              children: cols.map((c, k) => {
                const left = k === 0 && cols.length > 1 && c.heading[0] === 'Nơi nhận:';
                const paras = c.heading.map((h, j) =>
                  line(h, { bold: !left || j === 0, italic: left && j === 0, size: left ? 22 : SIZE, align: left ? 'left' : 'center' }),
                );
                if (c.note) paras.push(line(c.note, { italic: true, size: 24 }));
                if (!left && (c.note || c.name !== undefined)) {
                  paras.push(line(''), line(''), line(''), line(c.name ?? '……………………………', { bold: Boolean(c.name) }));
                }
                return cell(paras, width);
              }),
            }),
          ],
        }),
      ];
    }
  }
}

/** The form as a Word document (A4, Party header as a borderless two-column table). */
export async function renderDocx(doc: FormDocument): Promise<Buffer> {
  const h = doc.header;
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              ...(h.superior ? [line(h.superior, { size: 26 })] : []),
              ...(h.issuer ? [line(h.issuer, { bold: true, size: 26 })] : []),
              ...(h.issuer ? [line('*')] : []),
              ...(h.number ? [line(h.number, { size: 26 })] : []),
            ],
            45,
          ),
          cell(
            [
              line('ĐẢNG CỘNG SẢN VIỆT NAM', { bold: true, underline: true, size: 30 }),
              line(''),
              line(h.placeAndDate, { italic: true, size: 26 }),
            ],
            55,
          ),
        ],
      }),
    ],
  });
  const document = new Document({
    creator: 'ket-nap',
    title: `Mẫu ${doc.code}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } },
        children: [
          line(`Mẫu ${doc.code}`, { align: 'right', size: 24 }),
          header,
          line(''),
          line(doc.title, { bold: true, size: 32 }),
          ...(doc.subtitle ? [line(doc.subtitle, { bold: true })] : []),
          line('-----'),
          ...doc.body.flatMap(block),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
