import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DeadlineRunner } from '../../libs/cases/src/index.js';
import { OrganisationService } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, s1Events, vote } from '../support/scenarios.js';

/**
 * S-1 as scenarios.md gives it: the demo's university committee is both BASE (8 sitting members)
 * and COMPETENT (a delegated base committee deciding with its 9 members in total).
 */
const s1 = s1Events;

/**
 * Issue 18: the official forms filled from a case walked through S-1 and recognition, opened with
 * real tools (unzip of the DOCX, pdftotext and pdftoppm of poppler-utils), the dossier's uploaded
 * documents (type from the content, 20 MB limit, replacement keeping the old version, encrypted at
 * rest) and the whole dossier as one ZIP.
 */
describe('paperwork: forms, documents, dossier (issue 18)', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: Client;
  let chiuy: Client;
  let caseId: string;
  let fullName: string;
  let work: string;
  const server = () => t.app.getHttpServer();
  const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const download = (client: Client, url: string) => client.get(url).buffer(true).parse(binary);
  const clock = (to: string) => admin.post('/api/v1/admin/clock', { to: `${to}T03:00:00Z` }).expect(200);
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
  const PDF = Buffer.from('%PDF-1.4\n% scanned resolution\n%%EOF\n');
  const uploadAs = (client: Client, body: { formCode: string; step: string }, file: Buffer, name: string) =>
    request(server())
      .post(`/api/v1/cases/${caseId}/documents`)
      .set('Authorization', `Bearer ${client.token}`)
      .field('formCode', body.formCode)
      .field('step', body.step)
      .attach('file', file, name);

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'paperwork-'));
    t = await startTestApp();
    ds = t.app.get(DataSource);
    const seeded = await seedDemo(t.app);
    await topUpRoll(ds, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    chiuy = await login(t.app, 'chiuy');
    await clock('2025-11-10');
    const opened = await openDemoCase(t.app, admin, seeded);
    caseId = opened.caseId;
    // The candidate of S-1, her name typed decomposed (NFD): the forms print it precomposed (NFC).
    fullName = 'Nguyễn Thị Lan';
    await ds.query(`UPDATE people SET full_name = $2, birth_date = '2004-05-12', sex = 'female' WHERE id = $1`, [
      opened.personId,
      fullName.normalize('NFD'),
    ]);
    const competent = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.facts.org.competentBody;
    const { version: afterCeremony } = await recordAll(admin, caseId, opened.version, s1(competent));
    await clock('2026-02-15');
    await recordAll(admin, caseId, afterCeremony, [
      { type: 'memberRecord.filed', date: '2025-11-20' },
      { type: 'newMemberCourse.certified', issuedOn: '2026-02-10' },
    ]);
    await clock('2026-12-20');
    await t.app.get(DeadlineRunner).sweep();
    const version = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.version;
    await recordAll(admin, caseId, version, [
      { type: 'recognition.selfReviewed', date: '2026-11-09' },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-11-10' },
      { type: 'recognition.opinionsConsolidated', date: '2026-11-11' },
      { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-11-16', 15, 12) },
      { type: 'base.recognitionVoted', vote: vote('recognise', '2026-11-19', 8, 7) },
      {
        type: 'decision.recognitionSigned',
        decisionNo: '45-QĐ/ĐU',
        signedOn: '2026-11-30',
        vote: vote('recognise', '2026-11-30', 9, 7),
        decidedBy: competent,
        partyCardDecided: true,
      },
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lists the forms of the S-1 and recognition path, every one ready, titled in Vietnamese and English', async () => {
    const res = await admin.get(`/api/v1/cases/${caseId}/forms`).expect(200);
    const codes = res.body.map((f: { code: string }) => f.code);
    // The demo university's base committee is delegated to admit: its numbering is 8B, 9B, 15B, 16B.
    expect(codes).toEqual([
      '1A-TN',
      '6-TN',
      '1A-KNĐ',
      '3-KNĐ',
      '5D-KNĐ',
      '6-KNĐ',
      '8B-KNĐ',
      '9B-KNĐ',
      '1-HSĐV',
      '2-HSĐV',
      '3-HSĐV',
      '10-KNĐ',
      '11-KNĐ',
      '12C-KNĐ',
      '13-KNĐ',
      '15B-KNĐ',
      '16B-KNĐ',
    ]);
    expect(res.body.find((f: { code: string }) => f.code === '6-KNĐ')).toMatchObject({
      step: 'cell.admissionVoted',
      ready: true,
      missing: [],
      title: { vi: expect.stringMatching(/Nghị quyết/), en: expect.any(String) },
      signedCopy: 'missing',
    });
    expect(res.body.every((f: { ready: boolean }) => f.ready)).toBe(true);
  });

  it('fills every ready form: the DOCX holds the Party header, the name in NFC, the meeting date; so does the PDF text', async () => {
    const forms: { code: string; ready: boolean }[] = (await admin.get(`/api/v1/cases/${caseId}/forms`).expect(200)).body;
    const nfc = fullName.normalize('NFC');
    // The date each resolution or decision prints: its meeting date (dd/mm/yyyy) or its signing date in the header.
    const dated: Record<string, string> = {
      '1A-TN': '06/01/2025',
      '6-KNĐ': '06/10/2025',
      '8B-KNĐ': '09/10/2025',
      '9B-KNĐ': 'ngày 20 tháng 10 năm 2025',
      '13-KNĐ': '16/11/2026',
      '15B-KNĐ': '19/11/2026',
      '16B-KNĐ': 'ngày 30 tháng 11 năm 2026',
    };
    expect(forms.filter((x) => x.code in dated)).toHaveLength(Object.keys(dated).length);
    for (const f of forms.filter((x) => x.ready)) {
      const docx = await download(admin, `/api/v1/cases/${caseId}/forms/${encodeURIComponent(f.code)}?format=docx`);
      expect(docx.status).toBe(200);
      expect(docx.headers['content-type']).toMatch(/wordprocessingml/);
      const xml = await (await JSZip.loadAsync(docx.body as Buffer)).file('word/document.xml')!.async('string');
      expect(xml).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
      expect(xml).toContain(nfc);
      expect(xml).not.toContain(fullName.normalize('NFD'));
      if (dated[f.code]) expect(xml).toContain(dated[f.code]);
      const pdf = await download(admin, `/api/v1/cases/${caseId}/forms/${encodeURIComponent(f.code)}?format=pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const file = path.join(work, `${f.code}.pdf`);
      writeFileSync(file, pdf.body as Buffer);
      // PAPERWORK_RENDER_DIR=/some/dir keeps the PDFs, to look at them (docs/forms.md has two).
      if (process.env.PAPERWORK_RENDER_DIR) writeFileSync(path.join(process.env.PAPERWORK_RENDER_DIR, `${f.code}.pdf`), pdf.body as Buffer);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
      expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
      expect(text).toContain(nfc);
      if (dated[f.code]) expect(text.replace(/\s+/g, ' ')).toContain(dated[f.code]);
      // The font is embedded (pdffonts lists it with emb = yes), so the PDF is the same everywhere.
      expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/DejaVuSerif\S*\s+CID TrueType\s+Identity-H\s+yes/);
    }
  }, 120_000);

  it('prints the cell resolution as recorded: the meeting date, the vote over its denominator, the organisations by name', async () => {
    const docx = await download(admin, `/api/v1/cases/${caseId}/forms/${encodeURIComponent('6-KNĐ')}?format=docx`);
    const xml = await (await JSZip.loadAsync(docx.body as Buffer)).file('word/document.xml')!.async('string');
    expect(xml).toContain('06/10/2025');
    expect(xml).toContain('ngày 6 tháng 10 năm 2025');
    expect(xml).toContain('11/15');
    expect(xml).toContain('CHI BỘ SINH VIÊN');
    expect(xml).toContain('ĐẢNG BỘ TRƯỜNG ĐẠI HỌC AN HÒA');
    expect(xml).toMatch(/…{6,}/);
    const pdf = await download(admin, `/api/v1/cases/${caseId}/forms/${encodeURIComponent('9B-KNĐ')}?format=pdf`);
    expect(pdf.status).toBe(200);
    const file = path.join(work, 'decision.pdf');
    writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(text).toContain('Số 123-QĐ/ĐU');
    expect(text).toContain('ngày 20 tháng 10 năm 2025');
    // Issued by the delegated base committee, under the commune's committee.
    expect(text).toContain('ĐẢNG ỦY TRƯỜNG ĐẠI HỌC AN HÒA');
    expect(text).toContain('ĐẢNG BỘ XÃ AN HÒA');
    expect(text).toMatch(/7\/9 đồng chí tán thành/);
    // A page renders (pdftoppm), with ink on it.
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', file, path.join(work, 'page')]);
    expect(readFileSync(path.join(work, 'page-1.png')).length).toBeGreaterThan(2000);
  });

  it('records each download as an audited read', async () => {
    await download(chiuy, `/api/v1/cases/${caseId}/forms/${encodeURIComponent('13-KNĐ')}?format=pdf`).expect(200);
    await t.app.get(AuditService).flush();
    const rows = await ds.query(`SELECT action, case_id, outcome FROM audit_log WHERE case_id = $1 AND action = 'case.form.download'`, [
      caseId,
    ]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses a form outside the path (404), a bad format (400) and a case outside the subtree (404)', async () => {
    await admin.get(`/api/v1/cases/${caseId}/forms/${encodeURIComponent('8C-KNĐ')}`).expect(404);
    await admin.get(`/api/v1/cases/${caseId}/forms/${encodeURIComponent('6-KNĐ')}?format=odt`).expect(400);
    const outsider = await login(t.app, 'danguy');
    // danguy's scope is the university's base committee: this case is inside; a case of another subtree is not.
    await outsider.get(`/api/v1/cases/${caseId}/forms`).expect(200);
    const other = await ds.query(`SELECT id FROM organisations WHERE code = 'DEMO-CB-TDP1'`);
    const person = await admin
      .post('/api/v1/admin/people', {
        organisationId: other[0].id,
        fullName: 'Lê Văn Nam',
        birthDate: '1990-01-01',
        sex: 'male',
        ethnicity: 'Kinh',
        occupation: 'worker',
        educationLevel: 'upperSecondary',
      })
      .expect(201);
    const foreign = await admin.post('/api/v1/cases', { personId: person.body.id, organisationId: other[0].id }).expect(201);
    await outsider.get(`/api/v1/cases/${foreign.body.id}/forms`).expect(404);
    await download(outsider, `/api/v1/cases/${foreign.body.id}/forms/${encodeURIComponent('1A-KNĐ')}?format=pdf`).expect(404);
    await download(outsider, `/api/v1/cases/${foreign.body.id}/dossier`).expect(404);
  });

  describe('documents of the dossier', () => {
    let documentId: string;

    it('uploads a signed scan, typed from its content, stored encrypted', async () => {
      const res = await uploadAs(chiuy, { formCode: '6-KNĐ', step: 'cell.admissionVoted' }, PNG, 'nghi-quyet.pdf');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        formCode: '6-KNĐ',
        step: 'cell.admissionVoted',
        currentVersion: 1,
        versions: [expect.objectContaining({ version: 1, mimeType: 'image/png', fileName: 'nghi-quyet.png', sizeBytes: PNG.length })],
      });
      documentId = res.body.id;
      const [blob] = await ds.query(`SELECT ciphertext FROM document_blobs WHERE key LIKE $1`, [`${caseId}/${documentId}/%`]);
      expect(Buffer.from(blob.ciphertext).includes(PNG.subarray(8, 40))).toBe(false);
      const forms = await admin.get(`/api/v1/cases/${caseId}/forms`).expect(200);
      expect(forms.body.find((f: { code: string }) => f.code === '6-KNĐ').signedCopy).toBe('uploaded');
    });

    it('refuses content that is not PDF, JPEG or PNG whatever its name (415), and unknown form codes or steps (400)', async () => {
      const fake = await uploadAs(
        chiuy,
        { formCode: '6-KNĐ', step: 'cell.admissionVoted' },
        Buffer.from('MZ not a pdf at all'),
        'scan.pdf',
      );
      expect(fake.status).toBe(415);
      expect(fake.body.errors[0].field).toBe('file');
      const badCode = await uploadAs(chiuy, { formCode: 'XYZ', step: 'nope' }, PDF, 'a.pdf');
      expect(badCode.status).toBe(400);
      expect(badCode.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['formCode', 'step']);
    });

    it('refuses a file over 20 MB with 413, and accepts one of 20 MB', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
      const res = await uploadAs(chiuy, { formCode: '9B-KNĐ', step: 'decision.admissionSigned' }, big, 'qd.pdf');
      expect(res.status).toBe(413);
      const exact = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 - PDF.length, 0x20)]);
      const ok = await uploadAs(chiuy, { formCode: '9B-KNĐ', step: 'decision.admissionSigned' }, exact, 'qd.pdf');
      expect(ok.status).toBe(201);
    }, 60_000);

    it('lists, downloads, and replaces with a reason keeping the old version', async () => {
      const replaced = await request(server())
        .post(`/api/v1/cases/${caseId}/documents/${documentId}/versions`)
        .set('Authorization', `Bearer ${chiuy.token}`)
        .field('reason', 'Bản quét rõ hơn, có dấu')
        .attach('file', PDF, 'nghi-quyet-ban-dong-dau.pdf');
      expect(replaced.status).toBe(201);
      expect(replaced.body.currentVersion).toBe(2);
      expect(replaced.body.versions.map((v: { version: number; reason: string | null }) => [v.version, v.reason])).toEqual([
        [1, null],
        [2, 'Bản quét rõ hơn, có dấu'],
      ]);
      const noReason = await request(server())
        .post(`/api/v1/cases/${caseId}/documents/${documentId}/versions`)
        .set('Authorization', `Bearer ${chiuy.token}`)
        .attach('file', PDF, 'x.pdf');
      expect(noReason.status).toBe(400);
      const list = await admin.get(`/api/v1/cases/${caseId}/documents`).expect(200);
      expect(list.body.find((d: { id: string }) => d.id === documentId).versions).toHaveLength(2);
      const current = await download(admin, `/api/v1/cases/${caseId}/documents/${documentId}/content`).expect(200);
      expect((current.body as Buffer).equals(PDF)).toBe(true);
      expect(current.headers['content-type']).toBe('application/pdf');
      const old = await download(admin, `/api/v1/cases/${caseId}/documents/${documentId}/content?version=1`).expect(200);
      expect((old.body as Buffer).equals(PNG)).toBe(true);
    });

    it('lets inspection read but not upload (403)', async () => {
      const kiemtra = await login(t.app, 'kiemtra');
      await kiemtra.get(`/api/v1/cases/${caseId}/documents`).expect(200);
      const res = await uploadAs(kiemtra, { formCode: '6-KNĐ', step: 'cell.admissionVoted' }, PDF, 'a.pdf');
      expect(res.status).toBe(403);
    });
  });

  describe('the exits: removal from the probationary list, cancellation of a decision', () => {
    const openWalked = async (events: object[]) => {
      const opened = await openDemoCase(t.app, admin);
      const competent = (await admin.get(`/api/v1/cases/${opened.caseId}`).expect(200)).body.facts.org.competentBody;
      const walked = await recordAll(admin, opened.caseId, opened.version, [...s1(competent).slice(0, 13), ...events]);
      return { id: opened.caseId, competent, version: walked.version };
    };
    const pdfText = async (id: string, code: string) => {
      const res = await download(admin, `/api/v1/cases/${id}/forms/${encodeURIComponent(code)}?format=pdf`).expect(200);
      const file = path.join(work, `exit-${code}.pdf`);
      writeFileSync(file, res.body as Buffer);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
    };

    it('fills the removal decision (9G-XTĐV, delegated base committee) once the competent body removes the name', async () => {
      await clock('2025-11-10');
      const c = await openWalked([]);
      const competent = c.competent;
      await recordAll(admin, c.id, c.version, [
        {
          type: 'decision.admissionSigned',
          decisionNo: '124-QĐ/ĐU',
          signedOn: '2025-10-20',
          vote: vote('admit', '2025-10-20', 9, 7),
          decidedBy: competent,
        },
        { type: 'decision.receivedByCell', receivedOn: '2025-10-21' },
        {
          type: 'ceremony.held',
          heldOn: '2025-11-07',
          helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' },
          oathRead: true,
        },
      ]);
      await clock('2026-12-20');
      await t.app.get(DeadlineRunner).sweep();
      const version = (await admin.get(`/api/v1/cases/${c.id}`).expect(200)).body.version;
      const before = (await admin.get(`/api/v1/cases/${c.id}/forms`).expect(200)).body.map((f: { code: string }) => f.code);
      expect(before).not.toContain('9G-XTĐV');
      await recordAll(admin, c.id, version, [
        { type: 'recognition.selfReviewed', date: '2026-11-09' },
        { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-11-10' },
        { type: 'recognition.opinionsConsolidated', date: '2026-11-11' },
        { type: 'cell.recognitionVoted', vote: vote('remove', '2026-11-16', 15, 11) },
        { type: 'base.recognitionVoted', vote: vote('remove', '2026-11-19', 8, 6) },
        {
          type: 'decision.removalSigned',
          decisionNo: '7-QĐ/ĐU',
          signedOn: '2026-11-27',
          vote: vote('remove', '2026-11-27', 8, 6),
          decidedBy: competent,
          receivedOn: '2026-11-30',
        },
      ]);
      const forms = (await admin.get(`/api/v1/cases/${c.id}/forms`).expect(200)).body;
      expect(forms.find((f: { code: string }) => f.code === '9G-XTĐV')).toMatchObject({ ready: true, step: 'decision.removalSigned' });
      expect(forms.map((f: { code: string }) => f.code)).not.toContain('16B-KNĐ');
      const text = await pdfText(c.id, '9G-XTĐV');
      expect(text).toContain('Số 7-QĐ/ĐU');
      expect(text).toContain('xóa tên trong danh sách đảng viên dự bị');
      expect(text).toContain('6/8 đồng chí tán thành');
      expect(text).toContain('16/11/2026');
    }, 60_000);

    it('fills the cancellation of a wrongful admission decision (9H-HKN) with the cancelled decision, its reason and proposer', async () => {
      await clock('2025-11-10');
      const c = await openWalked([]);
      const { version } = await recordAll(admin, c.id, c.version, [
        {
          type: 'decision.admissionSigned',
          decisionNo: '125-QĐ/ĐU',
          signedOn: '2025-10-20',
          vote: vote('admit', '2025-10-20', 9, 7),
          decidedBy: c.competent,
        },
      ]);
      await recordAll(admin, c.id, version, [
        {
          type: 'decision.cancelled',
          date: '2025-11-05',
          defect: 'substantive',
          reason: 'Không đủ tiêu chuẩn về tuổi',
          proposedBy: 'Ủy ban Kiểm tra Đảng ủy xã',
          decidedBy: 'Ban Thường vụ Đảng ủy xã',
        },
      ]);
      const forms = (await admin.get(`/api/v1/cases/${c.id}/forms`).expect(200)).body;
      expect(forms.find((f: { code: string }) => f.code === '9H-HKN')).toMatchObject({ ready: true, step: 'decision.cancelled' });
      const text = await pdfText(c.id, '9H-HKN');
      expect(text).toContain('125-QĐ/ĐU');
      expect(text).toContain('20/10/2025');
      expect(text).toContain('Không đủ tiêu chuẩn về tuổi');
      expect(text).toContain('Ủy ban Kiểm tra Đảng ủy xã');
      expect(text).toContain('ngày 5 tháng 11 năm 2025');
    }, 60_000);
  });

  it('bundles the whole dossier as one ZIP: the ready forms, the documents with their old versions, an index', async () => {
    const res = await download(admin, `/api/v1/cases/${caseId}/dossier`).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const names = Object.keys(zip.files);
    expect(names.filter((n) => n.startsWith('mau-bieu/') && n.endsWith('.pdf')).length).toBeGreaterThanOrEqual(17);
    expect(names.some((n) => /^mau-bieu\/Mau-6-KND-.*\.docx$/.test(n))).toBe(true);
    expect(names.some((n) => /^tai-lieu\/6-KND-v2-.*\.pdf$/.test(n))).toBe(true);
    expect(names.some((n) => /^tai-lieu\/phien-ban-cu\/6-KND-v1-.*\.png$/.test(n))).toBe(true);
    const index = await zip.file('MUC-LUC.txt')!.async('string');
    expect(index).toContain(fullName.normalize('NFC'));
    expect(index).toContain('Bản quét rõ hơn, có dấu');
  }, 60_000);

  it('names each body as it was on the date of the paper: after a merger, later papers name the successor', async () => {
    const orgs = t.app.get(OrganisationService);
    const base = await orgs.findByCode('DEMO-DU-DAIHOC');
    const commune = await orgs.findByCode('DEMO-XA-AN-HOA');
    await orgs.merge(
      [base!.id],
      { code: 'DEMO-DU-DHQT', name: 'Đảng bộ Trường Đại học Quốc tế An Hòa', kind: 'baseCommittee', parentId: commune!.id },
      '2026-01-01',
    );
    const text = async (code: string) => {
      const res = await download(admin, `/api/v1/cases/${caseId}/forms/${encodeURIComponent(code)}?format=docx`).expect(200);
      return (await JSZip.loadAsync(res.body as Buffer)).file('word/document.xml')!.async('string');
    };
    // The admission decision of 20/10/2025 keeps the old name; the recognition of 30/11/2026 and the
    // cell's recognition resolution (its superior) name the merged committee.
    const admission = await text('9B-KNĐ');
    expect(admission).toContain('ĐẢNG ỦY TRƯỜNG ĐẠI HỌC AN HÒA');
    expect(admission).not.toContain('QUỐC TẾ');
    expect(await text('16B-KNĐ')).toContain('ĐẢNG ỦY TRƯỜNG ĐẠI HỌC QUỐC TẾ AN HÒA');
    expect(await text('13-KNĐ')).toContain('ĐẢNG BỘ TRƯỜNG ĐẠI HỌC QUỐC TẾ AN HÒA');
    expect(await text('6-KNĐ')).toContain('ĐẢNG BỘ TRƯỜNG ĐẠI HỌC AN HÒA');
  });
});
