import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, CaseQueries } from '#cases';
import { AccessService, IdentityCipher, type Role } from '#orgs';
import { ProblemException, titlesFor } from '#platform';
import { EVENT_FORMS as F, EVENT_SCHEMAS } from '#procedure';
import { FORM_TEMPLATES } from '../../templates/index.js';
import { nfc } from '../format.js';
import { BLOB_STORE, PostgresBlobStore, type BlobStore } from './blob-store.js';
import { type DocumentMime, EXTENSION, MAX_DOCUMENT_BYTES, sniffMime } from './content-type.js';
import { message } from '#messages';

/** Who may upload or replace a document of a case in their scope (inspection reads only). */
export const DOCUMENT_WRITERS: readonly Role[] = [
  'cellCommittee',
  'baseCommitteeStaff',
  'competentStaff',
  'organisationDepartment',
  'admin',
];

/** Papers of the dossier the engine does not fill but a secretary files (scans), besides every form it fills. */
export const EXTRA_DOCUMENT_KINDS: Record<string, { vi: string; en: string }> = {
  [F['background.declared'].declaration]: { vi: 'Lý lịch của người xin vào Đảng', en: 'Background declaration' },
  [F['introduction.youthUnionResolved'].baseCommittee]: { vi: 'Nghị quyết giới thiệu đoàn viên ưu tú (BCH Đoàn cơ sở)', en: 'Youth Union introduction (base committee)' },
  [F['introduction.youthUnionResolved'].baseBranch]: { vi: 'Nghị quyết giới thiệu đoàn viên ưu tú (chi đoàn cơ sở)', en: 'Youth Union introduction (base branch)' },
  [F['introduction.tradeUnionResolved'].tradeUnion]: { vi: 'Nghị quyết giới thiệu đoàn viên công đoàn', en: 'Trade-union introduction' },
  [F['opinions.consolidated'].organisation]: { vi: 'Ý kiến nhận xét của đoàn thể', en: 'Opinion of a mass organisation' },
  [F['opinions.consolidated'].residence]: { vi: 'Ý kiến nhận xét của chi ủy nơi cư trú', en: 'Opinion of the residence cell committee' },
  [F['recognition.opinionsConsolidated'].organisation]: { vi: 'Ý kiến nhận xét của đoàn thể (dự bị)', en: 'Opinion of a mass organisation (probation)' },
  [F['recognition.opinionsConsolidated'].residence]: { vi: 'Ý kiến nhận xét của chi ủy nơi cư trú (dự bị)', en: 'Opinion of the residence cell committee (probation)' },
  GCN: { vi: 'Giấy chứng nhận (lớp bồi dưỡng)', en: 'Course certificate' },
  KHAC: { vi: 'Tài liệu khác', en: 'Other document' },
};

export function documentKindTitle(code: string): { vi: string; en: string } | undefined {
  return FORM_TEMPLATES.find((f) => f.code === code)?.title ?? EXTRA_DOCUMENT_KINDS[code];
}

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface DocumentVersionView {
  version: number;
  fileName: string;
  mimeType: DocumentMime;
  sizeBytes: number;
  sha256: string;
  reason: string | null;
  uploadedBy: string | null;
  uploadedAt: string;
}

export interface DocumentView {
  id: string;
  formCode: string;
  title: { vi: string; en: string };
  step: string;
  currentVersion: number;
  versions: DocumentVersionView[];
}

const bad = (field: string, vi: string, en: string, status = 400) => {
  const [title, titleEn] = titlesFor(status);
  return new ProblemException({
    status,
    title,
    titleEn,
    code: status === 415 ? 'DOCUMENT.TYPE' : status === 413 ? 'DOCUMENT.TOO_LARGE' : 'VALIDATION',
    errors: [{ field, messages: [`${vi} / ${en}`] }],
  });
};
const notFound = () => {
  const [title, titleEn] = titlesFor(404);
  return new ProblemException({ status: 404, title, titleEn, code: 'NOT_FOUND', detail: message('PAPERWORK.DOCUMENT_NOT_FOUND') });
};

/** A file name kept for the download: NFC, no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string, mime: DocumentMime): string {
  const base = nfc(name.split(/[\\/]/).pop() ?? '')
    .replace(/\p{Cc}/gu, '')
    .replace(/["<>|:*?]/g, '')
    .trim()
    .slice(0, 120);
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'tai-lieu';
  return `${stem}.${EXTENSION[mime]}`;
}

/**
 * The dossier's uploaded documents: one per form and step, with versions. The bytes are encrypted
 * with the data key (AES-256-GCM, the case and version bound as associated data) and kept by the
 * blob store; metadata and the encrypted bytes are written in one transaction for PostgreSQL.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queries: CaseQueries,
    private readonly access: AccessService,
    private readonly cipher: IdentityCipher,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly postgres: PostgresBlobStore,
  ) {}

  private async caseFor(actor: Actor, caseId: string, write: boolean) {
    const view = await this.queries.view(actor, caseId);
    if (write && actor.kind === 'user') await this.access.assertCanAct(actor.user, DOCUMENT_WRITERS, String(view.organisation?.id));
    return view;
  }

  private checkFile(file: UploadedFile | undefined): DocumentMime {
    if (!file || !file.buffer?.length) throw bad('file', 'Cần một tệp (PDF, JPEG, PNG)', 'a file (PDF, JPEG, PNG) is required');
    if (file.size > MAX_DOCUMENT_BYTES) throw bad('file', 'Tệp lớn hơn 20 MB', 'the file is larger than 20 MB', 413);
    const mime = sniffMime(file.buffer);
    if (!mime)
      throw bad('file', 'Chỉ nhận PDF, JPEG hoặc PNG (xét theo nội dung tệp)', 'only PDF, JPEG or PNG (judged by the content)', 415);
    return mime;
  }

  async upload(
    actor: Actor,
    caseId: string,
    input: { formCode?: unknown; step?: unknown },
    file: UploadedFile | undefined,
  ): Promise<DocumentView> {
    const formCode = typeof input.formCode === 'string' ? input.formCode.normalize('NFC').trim() : '';
    const step = typeof input.step === 'string' ? input.step.trim() : '';
    const errors: { field: string; messages: string[] }[] = [];
    if (!documentKindTitle(formCode)) errors.push({ field: 'formCode', messages: [message('PAPERWORK.UNKNOWN_FORM_CODE')] });
    if (!(step in EVENT_SCHEMAS)) errors.push({ field: 'step', messages: [message('PAPERWORK.UNKNOWN_STEP')] });
    if (errors.length) {
      const [title, titleEn] = titlesFor(400);
      throw new ProblemException({ status: 400, title, titleEn, code: 'VALIDATION', errors });
    }
    await this.caseFor(actor, caseId, true);
    const mime = this.checkFile(file);
    const id = await this.db.transaction(async (em) => {
      const [doc] = await em.query(
        `INSERT INTO case_documents (case_id, form_code, step, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [caseId, formCode, step, actor.kind === 'user' ? actor.userId : null],
      );
      await this.writeVersion(em, caseId, doc.id, 1, file!, mime, null, actor);
      return doc.id as string;
    });
    return this.one(caseId, id);
  }

  async replace(
    actor: Actor,
    caseId: string,
    documentId: string,
    input: { reason?: unknown },
    file: UploadedFile | undefined,
  ): Promise<DocumentView> {
    const reason = typeof input.reason === 'string' ? input.reason.normalize('NFC').trim() : '';
    if (reason.length < 3 || reason.length > 1000)
      throw bad('reason', 'Cần lý do thay thế (3–1000 ký tự)', 'a reason for the replacement is required (3-1000 characters)');
    await this.caseFor(actor, caseId, true);
    const mime = this.checkFile(file);
    await this.db.transaction(async (em) => {
      const [doc] = await em.query(`SELECT id, current_version FROM case_documents WHERE id = $1 AND case_id = $2 FOR UPDATE`, [
        documentId,
        caseId,
      ]);
      if (!doc) throw notFound();
      const version = Number(doc.current_version) + 1;
      await this.writeVersion(em, caseId, documentId, version, file!, mime, reason, actor);
      await em.query(`UPDATE case_documents SET current_version = $2 WHERE id = $1`, [documentId, version]);
    });
    return this.one(caseId, documentId);
  }

  private async writeVersion(
    em: import('typeorm').EntityManager,
    caseId: string,
    documentId: string,
    version: number,
    file: UploadedFile,
    mime: DocumentMime,
    reason: string | null,
    actor: Actor,
  ) {
    const key = `${caseId}/${documentId}/${version}`;
    const sealed = this.cipher.encryptBytes(file.buffer, `document:${key}`);
    await this.store.put(key, sealed, em);
    await em.query(
      `INSERT INTO case_document_versions (document_id, version, file_name, mime_type, size_bytes, sha256, storage, storage_key, reason, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        documentId,
        version,
        cleanFileName(file.originalname ?? '', mime),
        mime,
        file.size,
        createHash('sha256').update(file.buffer).digest('hex'),
        this.store.kind,
        key,
        reason,
        actor.kind === 'user' ? actor.userId : null,
      ],
    );
  }

  async list(actor: Actor, caseId: string): Promise<DocumentView[]> {
    await this.caseFor(actor, caseId, false);
    return this.views(caseId);
  }

  private async views(caseId: string, documentId?: string): Promise<DocumentView[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT d.id, d.form_code, d.step, d.current_version, v.version, v.file_name, v.mime_type, v.size_bytes, v.sha256, v.reason, v.uploaded_by, v.uploaded_at
         FROM case_documents d JOIN case_document_versions v ON v.document_id = d.id
        WHERE d.case_id = $1 AND ($2::uuid IS NULL OR d.id = $2::uuid)
        ORDER BY d.created_at, d.id, v.version`,
      [caseId, documentId ?? null],
    );
    const docs = new Map<string, DocumentView>();
    for (const r of rows) {
      const id = String(r.id);
      if (!docs.has(id)) {
        const code = String(r.form_code);
        docs.set(id, {
          id,
          formCode: code,
          title: documentKindTitle(code) ?? { vi: code, en: code },
          step: String(r.step),
          currentVersion: Number(r.current_version),
          versions: [],
        });
      }
      docs.get(id)!.versions.push({
        version: Number(r.version),
        fileName: String(r.file_name),
        mimeType: r.mime_type as DocumentMime,
        sizeBytes: Number(r.size_bytes),
        sha256: String(r.sha256),
        reason: (r.reason as string | null) ?? null,
        uploadedBy: (r.uploaded_by as string | null) ?? null,
        uploadedAt: new Date(r.uploaded_at as string).toISOString(),
      });
    }
    return [...docs.values()];
  }

  private async one(caseId: string, documentId: string): Promise<DocumentView> {
    const [doc] = await this.views(caseId, documentId);
    if (!doc) throw notFound();
    return doc;
  }

  /** The bytes of a version (the current one by default), decrypted. */
  async download(
    actor: Actor,
    caseId: string,
    documentId: string,
    version?: number,
  ): Promise<{ fileName: string; mimeType: DocumentMime; bytes: Buffer }> {
    await this.caseFor(actor, caseId, false);
    return this.bytesOf(caseId, documentId, version);
  }

  async bytesOf(
    caseId: string,
    documentId: string,
    version?: number,
  ): Promise<{ fileName: string; mimeType: DocumentMime; bytes: Buffer }> {
    const [row] = await this.db.query(
      `SELECT v.file_name, v.mime_type, v.storage, v.storage_key, v.sha256 FROM case_documents d JOIN case_document_versions v ON v.document_id = d.id
        WHERE d.id = $1 AND d.case_id = $2 AND v.version = COALESCE($3::int, d.current_version)`,
      [documentId, caseId, version ?? null],
    );
    if (!row) throw notFound();
    // A version is read from the store that wrote it: PostgreSQL stays readable after a switch to S3.
    const store = row.storage === 'postgres' ? this.postgres : this.store;
    if (store.kind !== row.storage)
      throw new Error(`document version stored in ${String(row.storage)} but DOCUMENT_STORAGE is ${this.store.kind}`);
    const sealed = await store.get(row.storage_key);
    if (!sealed) throw notFound();
    const bytes = this.cipher.decryptBytes(sealed, `document:${row.storage_key}`);
    return { fileName: row.file_name, mimeType: row.mime_type, bytes };
  }
}
