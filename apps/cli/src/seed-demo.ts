import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseCommands, userActor } from '#cases';
import { PersonService, UserService, seedDemoOrgs, type AuthenticatedUser } from '#orgs';
import { ClockService, type AppConfig } from '#platform';
import { addDays, addMonths, localDateInVietnam, type LocalDate } from '#procedure';
import { withOperatorContext } from './operator-context.js';
import { seedDemoHistory } from './seed-demo-history.js';

const HELPER = { memberId: 'dv-demo-helper', name: 'Trần Văn Minh', memberStatus: 'full' };

interface DemoCandidate {
  fullName: string;
  birthDate: LocalDate;
  sex: 'male' | 'female';
  occupation: 'student' | 'worker' | 'civilServant' | 'privateEnterprise';
  cell: string;
  /** Builds the go-live import of the candidate's history, relative to today. */
  history: (today: LocalDate, competent: { id: string; kind: string }) => Record<string, unknown> | null;
}

const v = (motion: string, meetingDate: LocalDate, eligible: number, votesFor: number) => ({ motion, meetingDate, eligible, for: votesFor, against: eligible - votesFor });

/** Candidates at several stages, their history imported as the go-live import would bring it. */
const CANDIDATES: DemoCandidate[] = [
  { fullName: 'Nguyễn Thị Lan', birthDate: '2004-05-12', sex: 'female', occupation: 'student', cell: 'DEMO-CB-SINHVIEN', history: () => null },
  {
    fullName: 'Phạm Minh Đức',
    birthDate: '2003-09-02',
    sex: 'male',
    occupation: 'student',
    cell: 'DEMO-CB-SINHVIEN',
    history: (today) => ({
      stage: 'dossier',
      evidence: {
        sympathiserListedOn: addMonths(today, -5),
        helper: { ...HELPER, assignedOn: addMonths(today, -5) },
        awarenessCertIssuedOn: addMonths(today, -4),
        clearedOn: addMonths(today, -2),
        applicationOn: addDays(addMonths(today, -2), 5),
      },
    }),
  },
  {
    fullName: 'Lê Thu Hà',
    birthDate: '2002-01-20',
    sex: 'female',
    occupation: 'student',
    cell: 'DEMO-CB-SINHVIEN',
    history: (today, competent) => ({
      stage: 'awaitingCeremony',
      evidence: {
        sympathiserListedOn: addMonths(today, -11),
        helper: { ...HELPER, assignedOn: addMonths(today, -11) },
        awarenessCertIssuedOn: addMonths(today, -10),
        clearedOn: addMonths(today, -8),
        applicationOn: addMonths(today, -8),
        declarationOn: addMonths(today, -8),
        backgroundCertifiedOn: addMonths(today, -6),
        introducers: [
          { introducerId: 'doan-co-so', kind: 'youthUnion', name: 'Ban Chấp hành Đoàn trường', date: addMonths(today, -5) },
          { introducerId: HELPER.memberId, kind: 'member', name: HELPER.name, memberStatus: 'full', alongsideSince: addMonths(today, -30), date: addMonths(today, -5) },
        ],
        opinionsOn: addMonths(today, -5),
        cellResolution: v('admit', addMonths(today, -2), 12, 10),
        baseResolution: v('admit', addDays(addMonths(today, -2), 4), 8, 6),
        decision: { decisionNo: '15-QĐ/ĐU', signedOn: addMonths(today, -1), receivedOn: addDays(addMonths(today, -1), 1), decidedBy: competent },
      },
    }),
  },
  {
    fullName: 'Hoàng Văn Nam',
    birthDate: '1995-07-15',
    sex: 'male',
    occupation: 'worker',
    cell: 'DEMO-CB-TOMAY1',
    history: (today, competent) => ({
      stage: 'probation',
      evidence: {
        sympathiserListedOn: addMonths(today, -24),
        helper: { ...HELPER, assignedOn: addMonths(today, -24) },
        awarenessCertIssuedOn: addMonths(today, -23),
        clearedOn: addMonths(today, -22),
        applicationOn: addMonths(today, -22),
        declarationOn: addMonths(today, -22),
        backgroundCertifiedOn: addMonths(today, -20),
        introducers: [
          { introducerId: 'dv-demo-a', kind: 'member', name: 'Đỗ Văn An', memberStatus: 'full', alongsideSince: addMonths(today, -60), date: addMonths(today, -19) },
          { introducerId: 'dv-demo-b', kind: 'member', name: 'Vũ Thị Bình', memberStatus: 'full', alongsideSince: addMonths(today, -48), date: addMonths(today, -19) },
        ],
        opinionsOn: addMonths(today, -19),
        cellResolution: v('admit', addMonths(today, -13), 9, 8),
        subBaseReportOn: addDays(addMonths(today, -13), 1),
        baseResolution: v('admit', addDays(addMonths(today, -13), 3), 7, 6),
        decision: { decisionNo: '88-QĐ/ĐU', signedOn: addDays(addMonths(today, -12), -20), receivedOn: addDays(addMonths(today, -12), -19), decidedBy: competent },
        // Probation ends in about a month: the reminders are armed.
        ceremonyOn: addDays(addMonths(today, -11), 3),
        memberRecordFiledOn: addDays(addMonths(today, -11), 10),
      },
    }),
  },
];

/**
 * The demo dataset, idempotent: the small province with a user per role (libs/orgs), candidates at
 * several stages of the procedure, and the years of admissions that make the reports mean
 * something (seed-demo-history.ts); each part is skipped when it is already there.
 */
export async function seedDemo(config: AppConfig): Promise<string> {
  return withOperatorContext(config, (app) => seedDemoData(app));
}

/** The same dataset on an application already running (the browser tests and the screenshots use it). */
export async function seedDemoData(app: INestApplicationContext): Promise<string> {
  const ds = app.get(DataSource);
  const orgs = await seedDemoOrgs(ds);
  const parts = [`${Object.keys(orgs.organisations).length} organisations, ${Object.keys(orgs.users).length} users`];
  const users = app.get(UserService);
  const adminId = orgs.users['admin'];
  if (!adminId) return parts.join('; ');
  const admin: AuthenticatedUser = { ...(await users.get(adminId)), sessionId: 'seed-demo', grants: await users.grantsOf(adminId) } as AuthenticatedUser;
  const actor = userActor(admin);
  const commands = app.get(CaseCommands);
  const people = app.get(PersonService);
  const today = localDateInVietnam(await app.get(ClockService).now());
  let created = 0;
  for (const c of CANDIDATES) {
    const cellId = orgs.organisations[c.cell];
    if (!cellId) continue;
    const existing: unknown[] = await ds.query(`SELECT 1 FROM people WHERE organisation_id = $1 AND full_name = $2`, [cellId, c.fullName]);
    if (existing.length) continue;
    const person = await people.create({
      organisationId: cellId,
      fullName: c.fullName,
      birthDate: c.birthDate,
      sex: c.sex,
      ethnicity: 'Kinh',
      occupation: c.occupation,
      educationLevel: 'upperSecondary',
    });
    const caseId = await commands.open(actor, { personId: person.id, organisationId: cellId, candidate: { youthUnionMember: c.occupation === 'student' } });
    const competent = (await ds.query(`SELECT snapshot #> '{context,facts,org,competentBody}' AS c FROM cases WHERE id = $1`, [caseId]))[0].c;
    const history = c.history(today, competent);
    if (history) {
      await commands.apply(actor, {
        caseId,
        expectedVersion: 1,
        event: { type: 'case.imported', importedOn: today, source: 'demo', ...history },
      });
    }
    created++;
  }
  parts.push(created ? `${created} candidates at several stages` : 'candidates already there');
  parts.push(await seedDemoHistory(app, { organisations: orgs.organisations, actor, today }));
  return parts.join('; ');
}
