import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { AppConfig } from '#platform';
import type { BlobStore } from './blob-store.js';

/** What the S3 adapter needs, read from AppConfig (S3_*). */
export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export function s3Settings(config: AppConfig): S3Settings {
  if (!config.S3_BUCKET) throw new Error('S3_BUCKET is required when DOCUMENT_STORAGE=s3');
  return {
    endpoint: config.S3_ENDPOINT,
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  };
}

/**
 * The dossier's documents in an S3-compatible bucket (MinIO, a cloud store), with
 * `@aws-sdk/client-s3` PutObject/GetObject. The bytes it is given are already sealed with the data
 * key (AES-256-GCM, DocumentsService): the bucket never holds a document in clear. An object store
 * cannot join the PostgreSQL transaction: the object is written first, under a key unique to the
 * case, document and version, so a rolled-back upload leaves at most an unreferenced sealed object
 * that a retry of the same version overwrites.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      if (!res.Body) return null;
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return null;
      throw err;
    }
  }

  /** Closes the client's sockets (at shutdown). */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}
