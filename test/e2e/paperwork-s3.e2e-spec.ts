import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import S3rver from 's3rver';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IdentityCipher } from '../../libs/orgs/src/index.js';
import { BLOB_STORE, type BlobStore } from '../../libs/paperwork/src/index.js';
import { S3BlobStore } from '../../libs/paperwork/src/documents/s3-blob-store.js';
import { loadConfig } from '../../libs/platform/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';

/**
 * Issue 18, storage: the dossier's documents in an S3-compatible bucket (DOCUMENT_STORAGE=s3). The
 * bucket is served by s3rver 3.7.1 (npm), a real HTTP server speaking the S3 REST protocol, started
 * here on a free port and storing the objects in files; the adapter is @aws-sdk/client-s3. What is
 * exercised: PutObject and GetObject over HTTP with path-style URLs and SigV4-signed requests (the
 * access key id is checked: an unknown one is refused with InvalidAccessKeyId), NoSuchKey as null.
 * What is not: MinIO itself, the V4 signature's value (s3rver does not verify it), virtual-host
 * URLs, multipart uploads (objects are at most 20 MB and sent in one PUT).
 */
describe('paperwork: documents in an S3-compatible bucket (issue 18)', () => {
  const BUCKET = 'ket-nap-documents';
  let s3dir: string;
  let s3: S3rver;
  let endpoint: string;
  let raw: S3Client;
  let t: TestApp;
  let ds: DataSource;
  let chiuy: Client;
  let admin: Client;
  let caseId: string;
  const server = () => t.app.getHttpServer();
  const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const download = (client: Client, url: string) => client.get(url).buffer(true).parse(binary);
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('Biên bản họp chi bộ — bản quét '.repeat(8))]);
  const PDF = Buffer.from('%PDF-1.4\n% Quyết định kết nạp, bản ký\n%%EOF\n');
  const upload = (body: { formCode: string; step: string }, file: Buffer, name: string) =>
    request(server())
      .post(`/api/v1/cases/${caseId}/documents`)
      .set('Authorization', `Bearer ${chiuy.token}`)
      .field('formCode', body.formCode)
      .field('step', body.step)
      .attach('file', file, name);
  const objectBytes = async (key: string) =>
    Buffer.from(await (await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());
  /** Every file s3rver wrote under its directory (its filesystem store), concatenated. */
  const onDisk = (dir: string): Buffer =>
    Buffer.concat(
      readdirSync(dir).map((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? onDisk(p) : readFileSync(p);
      }),
    );

  beforeAll(async () => {
    s3dir = mkdtempSync(path.join(tmpdir(), 's3rver-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    raw = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await raw.send(new CreateBucketCommand({ Bucket: BUCKET }));
    t = await startTestApp({
      DOCUMENT_STORAGE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    });
    ds = t.app.get(DataSource);
    const seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    chiuy = await login(t.app, 'chiuy');
    caseId = (await openDemoCase(t.app, admin, seeded)).caseId;
  });

  afterAll(async () => {
    await t?.close();
    raw?.destroy();
    await s3?.close();
    if (s3dir) rmSync(s3dir, { recursive: true, force: true });
  });

  it('validates the S3 settings at boot: the bucket is required, the credentials come in pairs', () => {
    const base = {
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      REDIS_URL: 'redis://127.0.0.1:6379',
      AUTH_TOKEN_SECRET: 'x'.repeat(32),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      IDENTITY_HMAC_KEY: 'h'.repeat(32),
    };
    expect(loadConfig(base).DOCUMENT_STORAGE).toBe('postgres');
    expect(() => loadConfig({ ...base, DOCUMENT_STORAGE: 'disk' })).toThrow(/DOCUMENT_STORAGE/);
    expect(() => loadConfig({ ...base, DOCUMENT_STORAGE: 's3' })).toThrow(/S3_BUCKET: required when DOCUMENT_STORAGE=s3/);
    expect(() => loadConfig({ ...base, DOCUMENT_STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET must be a bucket name/);
    expect(() => loadConfig({ ...base, S3_ACCESS_KEY_ID: 'k' })).toThrow(/give both or neither/);
    expect(() => loadConfig({ ...base, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT must be an http/);
    const ok = loadConfig({ ...base, DOCUMENT_STORAGE: 's3', S3_BUCKET: 'docs', S3_FORCE_PATH_STYLE: 'true', S3_ENDPOINT: 'http://minio:9000' });
    expect(ok).toMatchObject({ DOCUMENT_STORAGE: 's3', S3_BUCKET: 'docs', S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
  });

  it('binds the storage port to the S3 adapter when DOCUMENT_STORAGE=s3', () => {
    const store = t.app.get<BlobStore>(BLOB_STORE);
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(store.kind).toBe('s3');
  });

  it('uploads into the bucket sealed with the data key, nothing in document_blobs, and downloads the same bytes', async () => {
    const res = await upload({ formCode: '6-KNĐ', step: 'cell.admissionVoted' }, PNG, 'nghi-quyet.png');
    expect(res.status).toBe(201);
    const documentId = res.body.id as string;
    const key = `${caseId}/${documentId}/1`;
    const [version] = await ds.query(
      `SELECT storage, storage_key, sha256 FROM case_document_versions WHERE document_id = $1 AND version = 1`,
      [documentId],
    );
    expect(version).toMatchObject({ storage: 's3', storage_key: key });
    expect(await ds.query(`SELECT key FROM document_blobs`)).toEqual([]);

    const listed = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${caseId}/` }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
    const sealed = await objectBytes(key);
    // The object store never sees the document: neither over the protocol nor in its files on disk.
    expect(sealed.includes(PNG.subarray(8, 48))).toBe(false);
    expect(onDisk(s3dir).includes(PNG.subarray(8, 48))).toBe(false);
    const cipher = t.app.get(IdentityCipher);
    expect(cipher.decryptBytes(sealed, `document:${key}`).equals(PNG)).toBe(true);

    const back = await download(chiuy, `/api/v1/cases/${caseId}/documents/${documentId}/content`).expect(200);
    expect(back.headers['content-type']).toMatch(/image\/png/);
    expect(Buffer.from(back.body).equals(PNG)).toBe(true);
  });

  it('replaces a document: the new version is a second object, the old one stays downloadable', async () => {
    const first = await upload({ formCode: '9B-KNĐ', step: 'decision.admissionSigned' }, PDF, 'qd.pdf');
    expect(first.status).toBe(201);
    const documentId = first.body.id as string;
    const PDF2 = Buffer.from('%PDF-1.4\n% Quyết định kết nạp, bản ký lại đúng ngày\n%%EOF\n');
    const replaced = await request(server())
      .post(`/api/v1/cases/${caseId}/documents/${documentId}/versions`)
      .set('Authorization', `Bearer ${chiuy.token}`)
      .field('reason', 'Bản quét trước thiếu trang chữ ký')
      .attach('file', PDF2, 'qd-2.pdf');
    expect(replaced.status).toBe(201);
    const keys = (await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${caseId}/${documentId}/` }))).Contents!.map((o) => o.Key).sort();
    expect(keys).toEqual([`${caseId}/${documentId}/1`, `${caseId}/${documentId}/2`]);
    const current = await download(chiuy, `/api/v1/cases/${caseId}/documents/${documentId}/content`).expect(200);
    expect(Buffer.from(current.body).equals(PDF2)).toBe(true);
    const old = await download(chiuy, `/api/v1/cases/${caseId}/documents/${documentId}/content?version=1`).expect(200);
    expect(Buffer.from(old.body).equals(PDF)).toBe(true);

    const zip = await JSZip.loadAsync((await download(admin, `/api/v1/cases/${caseId}/dossier`).expect(200)).body);
    const files = Object.keys(zip.files);
    const currentInZip = files.find((f) => f.startsWith('tai-lieu/') && !f.includes('phien-ban-cu') && f.endsWith('qd-2.pdf'));
    expect(currentInZip).toBeDefined();
    expect((await zip.file(currentInZip!)!.async('nodebuffer')).equals(PDF2)).toBe(true);
  });

  it('reads a version from the store that wrote it: one kept in PostgreSQL before the switch still downloads', async () => {
    const res = await upload({ formCode: '2-KNĐ', step: 'dossier.cleared' }, PDF, 'ly-lich.pdf');
    expect(res.status).toBe(201);
    const documentId = res.body.id as string;
    const key = `${caseId}/${documentId}/1`;
    // As if written before DOCUMENT_STORAGE=s3: the sealed bytes in document_blobs, none in the bucket.
    await ds.query(`INSERT INTO document_blobs (key, ciphertext) VALUES ($1, $2)`, [key, await objectBytes(key)]);
    await ds.query(`UPDATE case_document_versions SET storage = 'postgres' WHERE storage_key = $1`, [key]);
    await raw.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    const back = await download(chiuy, `/api/v1/cases/${caseId}/documents/${documentId}/content`).expect(200);
    expect(Buffer.from(back.body).equals(PDF)).toBe(true);
  });

  it('gives null for a missing object and fails on refused credentials', async () => {
    const settings = { endpoint, bucket: BUCKET, region: 'us-east-1', forcePathStyle: true };
    const good = new S3BlobStore({ ...settings, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    const bad = new S3BlobStore({ ...settings, accessKeyId: 'NOT-A-KEY', secretAccessKey: 'S3RVER' });
    try {
      expect(await good.get('no/such/key')).toBeNull();
      await good.put('probe/1', Buffer.from([0, 1, 2, 255]));
      expect((await good.get('probe/1'))!.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
      await expect(bad.put('probe/2', Buffer.from('x'))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
      await expect(bad.get('probe/1')).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    } finally {
      good.onModuleDestroy();
      bad.onModuleDestroy();
    }
  });
});
