import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Where the dossier's encrypted bytes live: PostgreSQL by default (document_blobs), or an
 * S3-compatible bucket (S3BlobStore) when DOCUMENT_STORAGE=s3 (docs/forms.md, "Storage"). The
 * bytes given here are already encrypted with the data key: a store never sees a document in clear.
 */
export interface BlobStore {
  readonly kind: 'postgres' | 's3';
  /** Stores the bytes under the key; inside the caller's transaction when the store can join it. */
  put(key: string, bytes: Buffer, em?: EntityManager): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

@Injectable()
export class PostgresBlobStore implements BlobStore {
  readonly kind = 'postgres' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async put(key: string, bytes: Buffer, em: EntityManager = this.db.manager): Promise<void> {
    await em.query(`INSERT INTO document_blobs (key, ciphertext) VALUES ($1, $2)`, [key, bytes]);
  }

  async get(key: string): Promise<Buffer | null> {
    const [row] = await this.db.query(`SELECT ciphertext FROM document_blobs WHERE key = $1`, [key]);
    return row ? (row.ciphertext as Buffer) : null;
  }
}
