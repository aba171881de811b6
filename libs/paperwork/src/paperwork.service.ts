import { Injectable } from '@nestjs/common';
import JSZip from 'jszip';
import type { Actor } from '#cases';
import { ProblemException, titlesFor } from '#platform';
import { PaperworkContextLoader } from './context.loader.js';
import { DocumentsService, type DocumentView } from './documents/documents.service.js';
import { type FormListing, formsFor, templateFor } from './forms.catalogue.js';
import { renderDocx } from './render-docx.js';
import { renderPdf } from './render-pdf.js';
import { message } from '#messages';

export type FormFormat = 'docx' | 'pdf';

export const CONTENT_TYPES: Record<FormFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export interface FormListItem extends FormListing {
  /** Whether a signed or scanned copy of this form is on file (information, never a block). */
  signedCopy: 'uploaded' | 'missing';
}

/** "Mau-6-KND-nguyen-thi-lan.pdf": ASCII for the header's filename, the UTF-8 name beside it. */
export function fileNameFor(code: string, fullName: string, format: string): { ascii: string; utf8: string } {
  const slug = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return { ascii: `Mau-${slug(code)}-${slug(fullName).toLowerCase()}.${format}`, utf8: `Mẫu ${code} - ${fullName}.${format}` };
}

@Injectable()
export class PaperworkService {
  constructor(
    private readonly loader: PaperworkContextLoader,
    private readonly documents: DocumentsService,
  ) {}

  async forms(actor: Actor, caseId: string): Promise<FormListItem[]> {
    const ctx = await this.loader.load(actor, caseId);
    const docs = await this.documents.list(actor, caseId);
    return formsFor(ctx).map((f) => ({ ...f, signedCopy: docs.some((d) => d.formCode === f.code) ? 'uploaded' : 'missing' }));
  }

  async render(
    actor: Actor,
    caseId: string,
    code: string,
    format: FormFormat,
  ): Promise<{ bytes: Buffer; contentType: string; fileName: { ascii: string; utf8: string } }> {
    const ctx = await this.loader.load(actor, caseId);
    const template = templateFor(ctx, code);
    if (!template) {
      const [title, titleEn] = titlesFor(404);
      throw new ProblemException({
        status: 404,
        title,
        titleEn,
        code: 'NOT_FOUND',
        detail: message('PAPERWORK.FORM_NOT_ON_CASE_PATH'),
      });
    }
    const doc = template.build(ctx);
    const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
    return { bytes, contentType: CONTENT_TYPES[format], fileName: fileNameFor(template.code, ctx.person.fullName, format) };
  }

  /**
   * The whole dossier as one ZIP for the upper committee: every ready form (DOCX and PDF), the
   * current version of every uploaded document (older versions under "phien-ban-cu/"), and an
   * index listing both with what is still missing.
   */
  async dossier(actor: Actor, caseId: string): Promise<{ bytes: Buffer; fileName: { ascii: string; utf8: string } }> {
    const ctx = await this.loader.load(actor, caseId);
    const list = formsFor(ctx);
    const docs: DocumentView[] = await this.documents.list(actor, caseId);
    const zip = new JSZip();
    const index: string[] = [`HỒ SƠ: ${ctx.person.fullName}`, '', 'MẪU BIỂU (điền từ dữ liệu hồ sơ):'];
    for (const f of list) {
      const tpl = templateFor(ctx, f.code)!;
      const doc = tpl.build(ctx);
      const name = fileNameFor(f.code, ctx.person.fullName, 'x').ascii.replace(/\.x$/, '');
      if (f.ready) {
        zip.file(`mau-bieu/${name}.docx`, await renderDocx(doc));
        zip.file(`mau-bieu/${name}.pdf`, await renderPdf(doc));
      }
      index.push(
        `- Mẫu ${f.code}: ${f.title.vi}${f.ready ? '' : ` — CHƯA ĐỦ: ${f.missing.map((m) => m.vi).join('; ')}`}${f.ready && !docs.some((d) => d.formCode === f.code) ? ' — chưa có bản ký' : ''}`,
      );
    }
    index.push('', 'TÀI LIỆU ĐÃ TẢI LÊN:');
    for (const d of docs) {
      for (const v of d.versions) {
        const file = await this.documents.bytesOf(caseId, d.id, v.version);
        const folder = v.version === d.currentVersion ? 'tai-lieu' : 'tai-lieu/phien-ban-cu';
        zip.file(
          `${folder}/${d.formCode
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .replace(/Đ/g, 'D')}-v${v.version}-${file.fileName}`,
          file.bytes,
        );
        index.push(
          `- ${d.title.vi} (${d.formCode}), phiên bản ${v.version}${v.reason ? `, thay thế vì: ${v.reason}` : ''}: ${file.fileName}`,
        );
      }
    }
    if (!docs.length) index.push('- (chưa có)');
    zip.file('MUC-LUC.txt', index.join('\n') + '\n');
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const names = fileNameFor('HS', ctx.person.fullName, 'zip');
    return { bytes, fileName: { ascii: names.ascii.replace(/^Mau-HS-/, 'Ho-so-'), utf8: `Hồ sơ - ${ctx.person.fullName}.zip` } };
  }
}
