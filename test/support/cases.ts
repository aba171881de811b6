import type { NestExpressApplication } from '@nestjs/platform-express';
import { expect } from '@jest/globals';
import type { Client } from './http.js';
import { seedDemo } from './http.js';

/** A demo province, an admin client and a fresh case of a new candidate in the students' cell. */
export async function openDemoCase(app: NestExpressApplication, admin: Client, seeded?: Awaited<ReturnType<typeof seedDemo>>, cellCode = 'DEMO-CB-SINHVIEN') {
  const s = seeded ?? (await seedDemo(app));
  const cellId = s.organisations[cellCode]!;
  const n = Math.floor(Math.random() * 1e9);
  const person = await admin
    .post('/api/v1/admin/people', {
      organisationId: cellId,
      fullName: `Ứng viên ${n}`,
      birthDate: '2003-03-03',
      sex: 'male',
      ethnicity: 'Kinh',
      occupation: 'student',
      educationLevel: 'upperSecondary',
    })
    .expect(201);
  const created = await admin.post('/api/v1/cases', { personId: person.body.id, organisationId: cellId, candidate: { youthUnionMember: true } });
  expect(created.status).toBe(201);
  return { seeded: s, cellId, personId: person.body.id as string, caseId: created.body.id as string, version: created.body.version as number };
}

export const MINH = { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' };
