import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs, type DemoSeedResult } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientFor } from '../support/http.js';
import { S1_CANDIDATE } from '../support/scenarios.js';

jest.setTimeout(60_000);

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** Scope: out of scope answers 404 exactly like a missing record; a role lacking permission answers 403. */
describe('admin endpoints and access scopes (demo province)', () => {
  let t: TestApp;
  let ds: DataSource;
  let seed: DemoSeedResult;
  const token: Record<string, string> = {};
  const org = (code: string): string => seed.organisations[code]!;
  const as = (user: string) => clientFor(t.app, token[user]!);
  const personIn = async (code: string): Promise<string> =>
    (await ds.query(`SELECT person_id AS id FROM memberships WHERE body_id = $1 ORDER BY person_id LIMIT 1`, [org(code)]))[0].id;
  const sameProblem = (a: request.Response, b: request.Response): void => {
    expect(a.status).toBe(b.status);
    expect({ ...a.body, instance: undefined }).toEqual({ ...b.body, instance: undefined });
  };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get((await import('typeorm')).DataSource);
    seed = await seedDemoOrgs(ds);
    for (const user of ['admin', 'chiuy', 'danguy', 'bantochuc', 'kiemtra']) {
      const res = await request(t.app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username: user, password: DEMO_PASSWORD })
        .expect(200);
      token[user] = res.body.accessToken;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a cell committee user of one cell', () => {
    it('sees its own cell and nothing else', async () => {
      await as('chiuy')
        .get(`/api/v1/admin/organisations/${org('DEMO-CB-SINHVIEN')}`)
        .expect(200);
      const list = await as('chiuy').get('/api/v1/admin/organisations').expect(200);
      expect(list.body.map((o: { code: string }) => o.code)).toEqual(['DEMO-CB-SINHVIEN']);
    });

    it("cannot read another cell's organisation: 404, the same answer as a missing one", async () => {
      const other = await as('chiuy')
        .get(`/api/v1/admin/organisations/${org('DEMO-CB-GIANGVIEN')}`)
        .expect(404);
      const missing = await as('chiuy').get(`/api/v1/admin/organisations/${NO_SUCH_ID}`).expect(404);
      sameProblem(other, missing);
      await as('chiuy')
        .get(`/api/v1/admin/organisations/${org('DEMO-DU-DAIHOC')}`)
        .expect(404);
      await as('chiuy')
        .get(`/api/v1/admin/organisations/${org('DEMO-CB-GIANGVIEN')}/members`)
        .expect(404);
      await as('chiuy')
        .get(`/api/v1/admin/organisations/${org('DEMO-CB-GIANGVIEN')}/cell-vote-basis?date=2025-10-06`)
        .expect(404);
    });

    it("cannot read another cell's people (404), nor find them by name", async () => {
      await as('chiuy')
        .get(`/api/v1/admin/people/${await personIn('DEMO-CB-SINHVIEN')}`)
        .expect(200);
      const other = await as('chiuy')
        .get(`/api/v1/admin/people/${await personIn('DEMO-CB-GIANGVIEN')}`)
        .expect(404);
      sameProblem(other, await as('chiuy').get(`/api/v1/admin/people/${NO_SUCH_ID}`).expect(404));
      await as('chiuy')
        .get(`/api/v1/admin/people/${await personIn('DEMO-CB-GIANGVIEN')}/memberships`)
        .expect(404);
      const own = new Set<string>(
        (await ds.query(`SELECT person_id FROM memberships WHERE body_id = $1`, [org('DEMO-CB-SINHVIEN')])).map(
          (r: { person_id: string }) => r.person_id,
        ),
      );
      const found = await as('chiuy').get('/api/v1/admin/people?q=nguyen').expect(200);
      expect(found.body.every((p: { id: string }) => own.has(p.id))).toBe(true);
      const everyone = await as('admin').get('/api/v1/admin/people?q=nguyen').expect(200);
      expect(everyone.body.length).toBeGreaterThan(found.body.length);
    });

    it('cannot act elsewhere: 404 where its role could act, 403 where its role never can, never depending on existence', async () => {
      const person = {
        fullName: 'Phạm Thu Hà',
        birthDate: '2003-02-01',
        sex: 'female',
        ethnicity: 'Kinh',
        occupation: 'student',
        educationLevel: 'upperSecondary',
      };
      await as('chiuy')
        .post('/api/v1/admin/people', { ...person, organisationId: org('DEMO-CB-SINHVIEN') })
        .expect(201);
      const other = await as('chiuy')
        .post('/api/v1/admin/people', { ...person, organisationId: org('DEMO-CB-GIANGVIEN') })
        .expect(404);
      sameProblem(
        other,
        await as('chiuy')
          .post('/api/v1/admin/people', { ...person, organisationId: NO_SUCH_ID })
          .expect(404),
      );

      // Settings and memberships are not for the cell committee role: 403 in its own cell, elsewhere, or for nothing.
      const body = { validFrom: '2026-01-01', settings: { tradeUnionPathPastYouth: true } };
      const own = await as('chiuy')
        .put(`/api/v1/admin/organisations/${org('DEMO-CB-SINHVIEN')}/settings`, body)
        .expect(403);
      sameProblem(
        own,
        await as('chiuy')
          .put(`/api/v1/admin/organisations/${org('DEMO-CB-GIANGVIEN')}/settings`, body)
          .expect(403),
      );
      sameProblem(own, await as('chiuy').put(`/api/v1/admin/organisations/${NO_SUCH_ID}/settings`, body).expect(403));
      await as('chiuy')
        .post('/api/v1/admin/memberships', {
          personId: await personIn('DEMO-CB-GIANGVIEN'),
          bodyId: org('DEMO-CB-GIANGVIEN'),
          status: 'full',
          validFrom: '2026-01-01',
        })
        .expect(403);
      await as('chiuy').post('/api/v1/admin/users', { username: 'x-user', password: 'long-enough-password' }).expect(403);
    });
  });

  describe('base committee staff', () => {
    it('adds memberships within its base committee (201) and nowhere else (404)', async () => {
      const p = await as('danguy')
        .post('/api/v1/admin/people', {
          organisationId: org('DEMO-CB-GIANGVIEN'),
          fullName: 'Võ Minh Khoa',
          birthDate: '1990-03-03',
          sex: 'male',
          ethnicity: 'Kinh',
          occupation: 'publicEmployee',
          educationLevel: 'postgraduate',
        })
        .expect(201);
      const m = await as('danguy')
        .post('/api/v1/admin/memberships', {
          personId: p.body.id,
          bodyId: org('DEMO-CB-GIANGVIEN'),
          status: 'probationary',
          validFrom: '2025-11-07',
        })
        .expect(201);
      expect(m.body).toMatchObject({ role: 'member', status: 'probationary', validTo: null });
      await as('danguy')
        .post('/api/v1/admin/memberships', { personId: p.body.id, bodyId: org('DEMO-CB-TDP1'), status: 'full', validFrom: '2025-11-07' })
        .expect(404);
      await as('danguy').post(`/api/v1/admin/memberships/${m.body.id}/end`, { validTo: '2025-12-01' }).expect(201);
    });
  });

  describe('the organisation department (province scope)', () => {
    it('computes the S-2 roll and denominator for a meeting date', async () => {
      const res = await as('bantochuc')
        .get(`/api/v1/admin/organisations/${org('DEMO-CB-TDP1')}/cell-vote-basis?date=2025-10-06`)
        .expect(200);
      expect(res.body).toMatchObject({ roll: 9, eligible: 8, rollBelowMinimum: false });
      expect(res.body.excluded.temporarilyElsewhere).toHaveLength(1);
    });

    it('creates organisations in its subtree and answers subtree and resolution queries', async () => {
      const created = await as('bantochuc')
        .post('/api/v1/admin/organisations', {
          code: 'DEMO-CB-MOI',
          name: 'Chi bộ Khu phố mới',
          kind: 'cell',
          parentId: org('DEMO-DU-KDC'),
          validFrom: '2026-01-01',
        })
        .expect(201);
      expect(created.body).toMatchObject({ code: 'DEMO-CB-MOI', kind: 'cell', validTo: null });
      await as('bantochuc')
        .post('/api/v1/admin/organisations', { code: 'DEMO-TU-2', name: 'Tỉnh khác', kind: 'provincialCommittee', validFrom: '2026-01-01' })
        .expect(403);
      const subtree = await as('bantochuc')
        .get(`/api/v1/admin/organisations/${org('DEMO-DU-KDC')}/subtree?asOf=2025-12-31`)
        .expect(200);
      expect(subtree.body.map((o: { code: string }) => o.code)).toEqual(['DEMO-DU-KDC', 'DEMO-CB-TDP1']);
      const resolution = await as('bantochuc').get(`/api/v1/admin/organisations/${created.body.id}/resolution?asOf=2026-02-01`).expect(200);
      expect(resolution.body.competence).toMatchObject({ body: 'standingCommittee', delegated: false });
      expect(resolution.body.competence.competentCommittee.code).toBe('DEMO-PHUONG-BINH-MINH');
      expect(resolution.body.competence.supervisor.code).toBe('DEMO-TU');
    });

    it('sets local settings that tighten (200) and refuses those that loosen (422)', async () => {
      const ok = await as('bantochuc')
        .put(`/api/v1/admin/organisations/${org('DEMO-XA-AN-HOA')}/settings`, {
          validFrom: '2026-01-01',
          settings: { timerTightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 40 }] },
        })
        .expect(200);
      expect(ok.body.effective.timerTightenings).toEqual([{ timer: 'admissionDecision', edition: '2025-07', length: 40 }]);
      const loose = await as('bantochuc')
        .put(`/api/v1/admin/organisations/${org('DEMO-DU-MAY')}/settings`, {
          validFrom: '2026-02-01',
          settings: { timerTightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 60 }] },
        })
        .expect(422);
      expect(loose.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(loose.body).toMatchObject({
        status: 422,
        code: 'ORGS.SETTING_LOOSENS',
        rules: [expect.objectContaining({ id: 'I-7', field: 'settings.timerTightenings[0].length' })],
      });
      const bad = await as('bantochuc')
        .put(`/api/v1/admin/organisations/${org('DEMO-DU-MAY')}/settings`, { validFrom: '2026-02-01', settings: { nonsense: 1 } })
        .expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'settings.nonsense' })]);
    });

    it('cannot create users (admin only)', async () => {
      await as('bantochuc').post('/api/v1/admin/users', { username: 'someone', password: 'long-enough-password' }).expect(403);
    });
  });

  describe('the inspection commission', () => {
    it('reads across its scope but writes nothing', async () => {
      await as('kiemtra')
        .get(`/api/v1/admin/organisations/${org('DEMO-CB-GIANGVIEN')}`)
        .expect(200);
      await as('kiemtra')
        .put(`/api/v1/admin/organisations/${org('DEMO-CB-GIANGVIEN')}/settings`, { validFrom: '2026-01-01', settings: {} })
        .expect(403);
    });
  });

  describe('admin', () => {
    const person = { ...S1_CANDIDATE, citizenId: '001304012345' };

    it('registers people with the citizen ID masked, refuses a duplicate (409) and finds them without diacritics', async () => {
      const res = await as('admin')
        .post('/api/v1/admin/people', { ...person, organisationId: org('DEMO-CB-SINHVIEN') })
        .expect(201);
      expect(res.body.citizenIdMasked).toBe('*********345');
      expect(JSON.stringify(res.body)).not.toContain('001304012345');
      const dup = await as('admin')
        .post('/api/v1/admin/people', { ...person, fullName: 'Người khác', organisationId: org('DEMO-CB-TDP1') })
        .expect(409);
      expect(dup.body).toMatchObject({ status: 409, code: 'ORGS.CONFLICT' });
      const found = await as('admin').get('/api/v1/admin/people?q=nguyen%20thi%20lan').expect(200);
      expect(found.body.map((p: { id: string }) => p.id)).toContain(res.body.id);
      const got = await as('admin').get(`/api/v1/admin/people/${res.body.id}`).expect(200);
      expect(got.body.citizenIdMasked).toBe('*********345');
    });

    it('refuses invalid input with field messages (400)', async () => {
      const res = await as('admin')
        .post('/api/v1/admin/people', {
          ...person,
          organisationId: 'nope',
          birthDate: '12/05/2004',
          sex: 'x',
          citizenId: '12',
          unknown: true,
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'birthDate',
        'citizenId',
        'organisationId',
        'sex',
        'unknown',
      ]);
    });

    it('creates users and grants scoped roles; the new user sees exactly that scope', async () => {
      const u = await as('admin').post('/api/v1/admin/users', { username: 'chiuy2', password: 'another-long-password' }).expect(201);
      expect(JSON.stringify(u.body)).not.toMatch(/password|hash/i);
      await as('admin')
        .post(`/api/v1/admin/users/${u.body.id}/grants`, {
          role: 'cellCommittee',
          organisationId: org('DEMO-CB-TDP1'),
          validFrom: '2025-01-01',
        })
        .expect(201);
      await as('admin').post(`/api/v1/admin/users/${u.body.id}/grants`, { role: 'cellCommittee', validFrom: '2025-01-01' }).expect(400);
      const login = await request(t.app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username: 'chiuy2', password: 'another-long-password' })
        .expect(200);
      const me = await request(t.app.getHttpServer())
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
      expect(me.body.scopes).toEqual([expect.objectContaining({ role: 'cellCommittee', organisationCode: 'DEMO-CB-TDP1' })]);
      await as('admin').post('/api/v1/admin/users', { username: 'chiuy2', password: 'another-long-password' }).expect(409);
    });
  });
});
