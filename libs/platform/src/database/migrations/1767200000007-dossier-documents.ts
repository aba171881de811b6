import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dossier's uploaded documents (issue 18): a document per form and step of a case, its
 * versions (a replacement keeps the old version, with the reason), and the encrypted bytes in
 * PostgreSQL by default (document_blobs; the storage port can put them in an S3-compatible store
 * instead, `storage` says where each version is).
 */
export class DossierDocuments1767200000007 implements MigrationInterface {
  name = 'DossierDocuments1767200000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        form_code text NOT NULL CHECK (length(form_code) BETWEEN 1 AND 32),
        step text NOT NULL CHECK (length(step) BETWEEN 1 AND 64),
        current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_case_documents_case" ON case_documents (case_id, step)`);
    await q.query(`
      CREATE TABLE case_document_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES case_documents(id),
        version integer NOT NULL CHECK (version >= 1),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        mime_type text NOT NULL CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 20971520),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage text NOT NULL CHECK (storage IN ('postgres', 's3')),
        storage_key text NOT NULL,
        reason text CHECK (reason IS NULL OR length(reason) <= 1000),
        uploaded_by uuid REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_case_document_versions" UNIQUE (document_id, version)
      )`);
    await q.query(`
      CREATE TABLE document_blobs (
        key text PRIMARY KEY,
        ciphertext bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS document_blobs`);
    await q.query(`DROP TABLE IF EXISTS case_document_versions`);
    await q.query(`DROP TABLE IF EXISTS case_documents`);
  }
}
