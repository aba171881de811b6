import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseCommands, DeadlineRunner, type Actor } from '#cases';
import { PersonService, UserService, type AuthenticatedUser, type EducationLevel, type OccupationCategory } from '#orgs';
import { addDays, addMonths, type LocalDate } from '#procedure';
import { TargetsService, ViolationsService } from '#reports';

/**
 * Years of admissions for the demo (issue 19: "reports mean something"): from 2021 to this year,
 * people of every reporting category of procedure.md §9 (Youth Union members, women, ethnic
 * minorities, religious followers, civil servants, workers, farmers, students, armed forces,
 * private-enterprise staff, private-business owners, aged 18–30, schooling), each case's history
 * brought in through the engine as the go-live import does (`case.imported`), so decisions,
 * deadlines and the reports read them as they read live cases. A few cases are left behind on
 * purpose: probation long over without recognition, a ceremony never held; their deadlines are
 * fired by the deadline runner, which opens the violations a supervisor sees. Annual targets
 * (chỉ tiêu) are set per organisation. Idempotent: a person already there is skipped, targets
 * already set are kept.
 */

const FIRST_YEAR = 2021;
const PER_YEAR = 6;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh'];
const MIDDLE_M = ['Văn', 'Đức', 'Quang', 'Hữu', 'Minh'];
const GIVEN_F = ['Hoa', 'Mai', 'Linh', 'Trang', 'Hương', 'Yến', 'Thảo', 'Nhung', 'Hằng', 'Loan', 'Vân', 'Quyên'];
const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Phong', 'Khánh', 'Long', 'Sơn', 'Thắng', 'Hải', 'Kiên', 'Toàn', 'Việt'];
const MINORITIES = ['Tày', 'Thái', 'Mường', 'Nùng', "H'Mông", 'Dao'];
const RELIGIONS = ['Phật giáo', 'Công giáo', 'Cao Đài', 'Tin Lành'];

/** Occupations in turn (every §9 category appears each year or two), each admitted by a cell where it belongs. */
const JOBS: { occupation: OccupationCategory; education: EducationLevel; cells: string[] }[] = [
  { occupation: 'worker', education: 'upperSecondary', cells: ['DEMO-CB-TOMAY1'] },
  { occupation: 'student', education: 'upperSecondary', cells: ['DEMO-CB-SINHVIEN'] },
  { occupation: 'civilServant', education: 'university', cells: ['DEMO-CB-GIANGVIEN', 'DEMO-CBCS-THCS'] },
  { occupation: 'farmer', education: 'lowerSecondary', cells: ['DEMO-CB-TDP1'] },
  { occupation: 'privateEnterprise', education: 'college', cells: ['DEMO-CB-VANPHONG', 'DEMO-CB-TOMAY1'] },
  { occupation: 'armedForces', education: 'upperSecondary', cells: ['DEMO-CB-TDP1', 'DEMO-CBCS-THCS'] },
  { occupation: 'businessOwner', education: 'university', cells: ['DEMO-CB-VANPHONG', 'DEMO-CB-TDP1'] },
  { occupation: 'publicEmployee', education: 'postgraduate', cells: ['DEMO-CB-GIANGVIEN'] },
];

const HELPER = { memberId: 'dv-demo-helper', name: 'Trần Văn Minh', memberStatus: 'full' };
const vote = (motion: string, meetingDate: LocalDate, eligible: number, votesFor: number) => ({ motion, meetingDate, eligible, for: votesFor, against: eligible - votesFor });

export interface HistoryPerson {
  fullName: string;
  cell: string;
  birthDate: LocalDate;
  sex: 'male' | 'female';
  ethnicity: string;
  religion: string | null;
  occupation: OccupationCategory;
  educationLevel: EducationLevel;
  youthUnionMember: boolean;
  /** The admission decision's date. */
  decidedOn: LocalDate;
  /** Left behind on purpose: the step after the decision (ceremony) or after probation (recognition) never came. */
  neglected: 'ceremony' | 'recognition' | null;
}

/** The people of the demo's years: deterministic, PER_YEAR a year from FIRST_YEAR to `today`'s year. */
export function historyPeople(today: LocalDate): HistoryPerson[] {
  const lastYear = Number(today.slice(0, 4));
  const out: HistoryPerson[] = [];
  let n = 0;
  for (let year = FIRST_YEAR; year <= lastYear; year++) {
    for (let k = 0; k < PER_YEAR; k++, n++) {
      const neglected = year === lastYear - 2 && k === 3 ? 'recognition' : year === lastYear && k === 5 ? 'ceremony' : null;
      // The ceremony never held is the students' cell's (the demo cell committee sees a violation of its own).
      const job = neglected === 'ceremony' ? JOBS[1]! : JOBS[n % JOBS.length]!;
      const cell = job.cells[Math.floor(n / JOBS.length) % job.cells.length]!;
      const female = (k + year) % 2 === 0;
      const month = 1 + ((k * 5 + year) % 12);
      const day = 3 + ((k * 7 + year) % 22);
      let decidedOn = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate;
      // This year's decisions are all behind today (two months at least: the ceremony is held or due).
      if (decidedOn > addMonths(today, -2)) decidedOn = addDays(addMonths(today, -2), -(k * 9));
      const age = job.occupation === 'student' ? 20 + (k % 3) : 19 + ((k * 5 + year) % 17);
      const birthYear = Number(decidedOn.slice(0, 4)) - age;
      const birthDate = `${birthYear}-${String(1 + ((n * 3) % 12)).padStart(2, '0')}-${String(1 + ((n * 11) % 27)).padStart(2, '0')}` as LocalDate;
      out.push({
        fullName: `${FAMILY[n % FAMILY.length]} ${(female ? MIDDLE_F : MIDDLE_M)[(n >> 1) % 5]} ${(female ? GIVEN_F : GIVEN_M)[(n * 7) % 12]}`,
        cell,
        birthDate,
        sex: female ? 'female' : 'male',
        ethnicity: n % 4 === 1 ? MINORITIES[n % MINORITIES.length]! : 'Kinh',
        religion: n % 5 === 2 ? RELIGIONS[n % RELIGIONS.length]! : null,
        occupation: job.occupation,
        educationLevel: job.education,
        // In youth age a candidate must be a Youth Union member, who is introduced by the Union (COND-INTRODUCERS).
        youthUnionMember: youthAge(birthDate, addMonths(decidedOn, -1)),
        decidedOn,
        neglected,
      });
    }
  }
  return out;
}

/** The go-live import of one person's history: the admission, the ceremony, and the recognition once probation is over. */
export function historyImport(p: HistoryPerson, today: LocalDate, competent: { id: string; kind: string }): Record<string, unknown> {
  const d = p.decidedOn;
  const ceremonyOn = addDays(d, 20);
  const evidence: Record<string, unknown> = {
    sympathiserListedOn: addMonths(d, -10),
    helper: { ...HELPER, assignedOn: addMonths(d, -10) },
    awarenessCertIssuedOn: addMonths(d, -9),
    clearedOn: addMonths(d, -7),
    applicationOn: addMonths(d, -7),
    declarationOn: addMonths(d, -7),
    backgroundCertifiedOn: addMonths(d, -5),
    // Youth age: the Youth Union's resolution and one full member; older: two full members (procedure.md §3 B).
    introducers: youthAge(p.birthDate, addMonths(d, -1))
      ? [
          { introducerId: 'doan-co-so', kind: 'youthUnion', name: 'Ban Chấp hành Đoàn cơ sở', date: addMonths(d, -4) },
          { introducerId: HELPER.memberId, kind: 'member', name: HELPER.name, memberStatus: 'full', alongsideSince: addMonths(d, -30), date: addMonths(d, -4) },
        ]
      : [
          { introducerId: HELPER.memberId, kind: 'member', name: HELPER.name, memberStatus: 'full', alongsideSince: addMonths(d, -30), date: addMonths(d, -4) },
          { introducerId: 'dv-demo-b', kind: 'member', name: 'Vũ Thị Bình', memberStatus: 'full', alongsideSince: addMonths(d, -40), date: addMonths(d, -4) },
        ],
    opinionsOn: addMonths(d, -4),
    cellResolution: vote('admit', addMonths(d, -1), 9, 8),
    ...(p.cell === 'DEMO-CB-TOMAY1' ? { subBaseReportOn: addDays(addMonths(d, -1), 2) } : {}),
    baseResolution: vote('admit', addDays(addMonths(d, -1), 4), 7, 6),
    decision: { decisionNo: `${(Number(d.slice(5, 7)) * 7 + Number(d.slice(8, 10))) % 97}-QĐ/ĐU`, signedOn: d, receivedOn: addDays(d, 1), decidedBy: competent },
  };
  if (p.neglected === 'ceremony' || ceremonyOn > today) return { stage: 'awaitingCeremony', evidence };
  evidence.ceremonyOn = ceremonyOn;
  evidence.memberRecordFiledOn = addDays(ceremonyOn, 10);
  const probationEnd = addMonths(ceremonyOn, 12);
  // Recognised when probation ended at least two months ago (the committee's steps took about a month).
  if (p.neglected === 'recognition' || addMonths(probationEnd, 2) > today) return { stage: 'probation', evidence };
  evidence.newMemberCertIssuedOn = addMonths(ceremonyOn, 3);
  evidence.selfReviewOn = addDays(probationEnd, 2);
  evidence.recognitionOpinionsOn = addDays(probationEnd, 3);
  evidence.recognitionCellResolution = vote('recognise', addDays(probationEnd, 7), 9, 9);
  evidence.recognitionDecision = { decisionNo: `${(Number(d.slice(8, 10)) * 3) % 89}-QĐ/ĐU`, signedOn: addDays(probationEnd, 25), decidedBy: competent };
  return { stage: 'fullMember', evidence };
}

/** Full years at `on` (the cell's vote) under 30: the Youth Union introduces (procedure.md §3 B). */
function youthAge(birthDate: LocalDate, on: LocalDate): boolean {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (on.slice(5) < birthDate.slice(5) ? 1 : 0);
  return years < 30;
}

/** Targets per organisation and year: the province, the two upper committees; a total and a few categories. */
const TARGETS: { org: string; share: number }[] = [
  { org: 'DEMO-TU', share: 1 },
  { org: 'DEMO-XA-AN-HOA', share: 0.6 },
  { org: 'DEMO-PHUONG-BINH-MINH', share: 0.4 },
];

export async function seedDemoHistory(
  app: INestApplicationContext,
  ctx: { organisations: Record<string, string>; actor: Actor; today: LocalDate },
): Promise<string> {
  const ds = app.get(DataSource);
  const commands = app.get(CaseCommands);
  const people = app.get(PersonService);
  let created = 0;
  const neglectedCases: string[] = [];
  // Three cases at a time: each is its own transaction; the database works while the engine thinks.
  const queue = historyPeople(ctx.today);
  const one = async (p: HistoryPerson): Promise<void> => {
    const cellId = ctx.organisations[p.cell];
    if (!cellId) return;
    const existing: { id: string }[] = await ds.query(
      `SELECT c.id FROM people pe LEFT JOIN cases c ON c.person_id = pe.id WHERE pe.organisation_id = $1 AND pe.full_name = $2 AND pe.birth_date = $3`,
      [cellId, p.fullName, p.birthDate],
    );
    if (existing.length) {
      if (p.neglected && existing[0]!.id) neglectedCases.push(existing[0]!.id);
      return;
    }
    const person = await people.create({
      organisationId: cellId,
      fullName: p.fullName,
      birthDate: p.birthDate,
      sex: p.sex,
      ethnicity: p.ethnicity,
      religion: p.religion,
      occupation: p.occupation,
      educationLevel: p.educationLevel,
    });
    const caseId = await commands.open(ctx.actor, { personId: person.id, organisationId: cellId, candidate: { youthUnionMember: p.youthUnionMember } });
    const competent = (await ds.query(`SELECT snapshot #> '{context,facts,org,competentBody}' AS c FROM cases WHERE id = $1`, [caseId]))[0].c;
    const result = await commands.apply(ctx.actor, {
      caseId,
      expectedVersion: 1,
      event: { type: 'case.imported', importedOn: ctx.today, source: 'demo', ...historyImport(p, ctx.today, competent) },
    });
    if (result.status !== 200) throw new Error(`demo history of ${p.fullName}: the engine refused the import (${result.status})`);
    if (p.neglected) neglectedCases.push(caseId);
    created++;
  };
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await one(p);
    }),
  );
  // The neglected cases' overdue deadlines fire as the worker would fire them: violations open.
  const runner = app.get(DeadlineRunner);
  let fired = 0;
  if (neglectedCases.length) {
    const due: { id: string; fence: number }[] = await ds.query(
      `SELECT id, fence FROM deadlines WHERE case_id = ANY($1::uuid[]) AND status = 'pending' AND COALESCE(extended_to, due_date) < $2::date`,
      [neglectedCases, ctx.today],
    );
    for (const d of due) if ((await runner.wake(d.id, d.fence)) === 'done') fired++;
  }

  // The go-live import carries no probation helper's assessment (the paper record has it): each imported
  // recognition is flagged COND-RECOGNITION-DOSSIER; the organisation department explains, inspection resolves.
  const explained = await settleImportedGaps(app, ctx.organisations);

  // Annual targets, where none is set yet for the organisation and year.
  const targets = app.get(TargetsService);
  let set = 0;
  for (let year = FIRST_YEAR; year <= Number(ctx.today.slice(0, 4)); year++) {
    for (const t of TARGETS) {
      const orgId = ctx.organisations[t.org];
      if (!orgId) continue;
      const there: unknown[] = await ds.query(`SELECT 1 FROM targets WHERE organisation_id = $1 AND year = $2 LIMIT 1`, [orgId, year]);
      if (there.length) continue;
      const total = Math.max(1, Math.round(PER_YEAR * t.share * (year % 2 === 0 ? 1.1 : 0.9)));
      await targets.set(ctx.actor.kind === 'user' ? ctx.actor.user : (undefined as never), {
        organisationId: orgId,
        year,
        targets: [
          { category: 'total', target: total },
          { category: 'woman', target: Math.max(1, Math.round(total / 2)) },
          { category: 'youthUnionMember', target: Math.max(1, Math.round(total * 0.6)) },
          { category: 'age18to30', target: Math.max(1, Math.round(total * 0.7)) },
          { category: 'student', target: Math.max(1, Math.round(total / 5)) },
        ],
      });
      set++;
    }
  }
  return [
    created ? `${created} admissions ${FIRST_YEAR}–${ctx.today.slice(0, 4)}` : 'admissions already there',
    fired ? `${fired} missed deadlines fired` : null,
    explained ? `${explained} imported dossier gaps explained and resolved` : null,
    set ? `${set} annual targets` : null,
  ]
    .filter(Boolean)
    .join('; ');
}

async function settleImportedGaps(app: INestApplicationContext, organisations: Record<string, string>): Promise<number> {
  const ds = app.get(DataSource);
  const gaps: { id: string }[] = await ds.query(
    `SELECT v.id FROM violations v WHERE v.rule_id = 'COND-RECOGNITION-DOSSIER' AND v.step = 'case.imported' AND v.status = 'open'
        AND v.details->'reason'->>'en' LIKE '%: helperAssessment'`,
  );
  if (gaps.length === 0) return 0;
  const users = app.get(UserService);
  const as = async (username: string): Promise<AuthenticatedUser | null> => {
    const [u]: { id: string }[] = await ds.query(`SELECT id FROM users WHERE username = $1`, [username]);
    return u ? ({ ...(await users.get(u.id)), sessionId: 'seed-demo', grants: await users.grantsOf(u.id) } as AuthenticatedUser) : null;
  };
  const [department, inspection] = [await as('bantochuc'), await as('kiemtra')];
  if (!department || !inspection || !organisations['DEMO-TU']) return 0;
  const violations = app.get(ViolationsService);
  for (const g of gaps) {
    await violations.explain(department, g.id, 'Hồ sơ nhập từ sổ sách trước khi dùng hệ thống: nhận xét của đảng viên giúp đỡ trong thời kỳ dự bị lưu trong hồ sơ giấy.');
    await violations.resolve(inspection, g.id, 'Đã đối chiếu hồ sơ giấy: có nhận xét của đảng viên giúp đỡ. Không vi phạm.');
  }
  return gaps.length;
}
