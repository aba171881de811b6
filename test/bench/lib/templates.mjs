// Template cases produced by the real, pure engine (dist/libs/procedure through the case library's
// MachineProcedure adapter and DeadlinePlanner): the S-1 path (scenarios.md) to full member, and the
// "not admitted" exit, for a handful of candidates and competent bodies, shifted by whole years to
// spread five years of history. The generator copies these with ids substituted.
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));

/** Placeholders substituted in SQL (replace() on the JSON text). */
export const TPL = {
  caseId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  orgId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  competentId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
  name: '__BENCH_NAME__',
};

/** Candidates (a handful, as the people rows of the generator are made from them). */
export const PEOPLE = [
  { sex: 'female', birth: '2004-05-12', occupation: 'student', education: 'upperSecondary' },
  { sex: 'male', birth: '1996-09-03', occupation: 'worker', education: 'upperSecondary' },
  { sex: 'female', birth: '1999-02-21', occupation: 'publicEmployee', education: 'university' },
  { sex: 'male', birth: '2001-11-30', occupation: 'privateEnterprise', education: 'college' },
];
/** Competent bodies: the upper committee's standing committee, or a delegated base committee. */
export const ORG_KINDS = ['standingCommittee', 'delegatedBaseCommittee'];

const minh = { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' };
const BENCH_ROLL = 'Dữ liệu đo: danh sách đảng viên sinh ngẫu nhiên / benchmark data: generated roll';
const vote = (motion, meetingDate, eligible, votesFor) => ({ motion, meetingDate, eligible, for: votesFor, against: eligible - votesFor });

/** The S-1 dossier and admission, as test/e2e/case-s1.e2e-spec.ts records them over HTTP. */
export function s1Events(competentBody) {
  return [
    { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: minh },
    { type: 'awarenessCourse.certified', issuedOn: '2025-02-14', certificateNo: 'GCN-01' },
    { type: 'dossier.cleared', decisionDate: '2025-03-03' },
    { type: 'application.filed', date: '2025-03-10' },
    { type: 'background.declared', date: '2025-03-12' },
    {
      type: 'backgroundCheck.requested',
      requestId: 'r1',
      subject: 'candidate',
      abroad: false,
      sentOn: '2025-03-13',
      receivedOn: '2025-03-14',
    },
    { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-04-08', finding: 'clear' },
    { type: 'background.certified', date: '2025-04-10', politicalIssue: false },
    { type: 'introduction.youthUnionResolved', resolutionDate: '2025-04-21', resolutionNo: '12-NQ/ĐTN' },
    {
      type: 'introduction.memberRecorded',
      introducerId: 'dv-minh',
      name: 'Trần Văn Minh',
      memberStatus: 'full',
      alongsideSince: '2023-09-01',
      letterDate: '2025-04-21',
    },
    { type: 'opinions.consolidated', date: '2025-04-25', residence: 'included', massOrganisations: ['Đoàn trường'] },
    // The generated cells' and committees' rolls are not S-1's 15, 8 and 9: the minutes say why (PROC-CELL-VOTE,
    // PROC-BASE-VOTE and PROC-COMPETENT-VOTE accept and flag it).
    { type: 'cell.admissionVoted', vote: { ...vote('admit', '2025-10-06', 15, 9), mismatchReason: BENCH_ROLL } },
    { type: 'cell.admissionVoted', vote: { ...vote('admit', '2025-10-06', 15, 11), mismatchReason: BENCH_ROLL } },
    { type: 'base.admissionVoted', vote: { ...vote('admit', '2025-10-09', 8, 6), mismatchReason: BENCH_ROLL } },
    {
      type: 'decision.admissionSigned',
      decisionNo: '123-QĐ/ĐU',
      signedOn: '2025-10-20',
      vote: { ...vote('admit', '2025-10-20', 9, 7), mismatchReason: BENCH_ROLL },
      decidedBy: competentBody,
    },
    { type: 'decision.receivedByCell', receivedOn: '2025-10-21' },
    { type: 'ceremony.held', heldOn: '2025-11-07', helper: minh, oathRead: true },
  ];
}

function recognitionEvents(competentBody) {
  return [
    { type: 'memberRecord.filed', date: '2025-11-20' },
    { type: 'newMemberCourse.certified', issuedOn: '2026-03-01' },
    { type: 'deadline.fired', timerId: 'probationEnd', dueDate: '2026-11-07' },
    { type: 'recognition.selfReviewed', date: '2026-11-07' },
    { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-11-08' },
    { type: 'recognition.opinionsConsolidated', date: '2026-11-09' },
    { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-11-16', 16, 13) },
    { type: 'base.recognitionVoted', vote: { ...vote('recognise', '2026-11-18', 8, 7), mismatchReason: BENCH_ROLL } },
    {
      type: 'decision.recognitionSigned',
      decisionNo: '45-QĐ/ĐU',
      signedOn: '2026-11-25',
      partyCardDecided: true,
      vote: { ...vote('recognise', '2026-11-25', 9, 7), mismatchReason: BENCH_ROLL },
      decidedBy: competentBody,
    },
  ];
}

function notAdmittedEvents(competentBody) {
  const dossier = s1Events(competentBody).slice(0, 11);
  return [
    ...dossier,
    { type: 'cell.admissionVoted', vote: vote('admit', '2025-09-01', 9, 3) },
    { type: 'case.notAdmitted', date: '2025-09-10', reason: 'chi bộ không xét lại' },
  ];
}

export const PATHS = {
  admit: (cb) => [...s1Events(cb), ...recognitionEvents(cb)],
  notAdmitted: notAdmittedEvents,
};

const DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
/** Shift every ISO date of a JSON value by whole years (no 29 February occurs in the paths). */
export function shiftYears(value, years) {
  if (!years) return value;
  return JSON.parse(JSON.stringify(value).replace(DATE, (_m, y, mo, d) => `${Number(y) + years}-${mo}-${d}`));
}

export function loadEngine() {
  const { MachineProcedure } = require('./dist/libs/cases/src/procedure/machine-procedure.js');
  const { DeadlinePlanner } = require('./dist/libs/cases/src/deadlines/deadline-planner.js');
  const { CalendarStore } = require('./dist/libs/cases/src/calendar/calendar.store.js');
  const proc = require('./dist/libs/procedure/src/index.js');
  const calendar = proc.createWorkingCalendar(CalendarStore.readConfigYears());
  return { mp: new MachineProcedure(), planner: new DeadlinePlanner(calendar, undefined), proc };
}

/**
 * Run one path for one (person, org kind, cohort) through the engine. Returns one template per step
 * (step 0 = just opened) and the event, vote, decision, deadline and violation rows, as the real
 * CaseCommands.write() derives them from the engine's answer.
 */
export function runPath(engine, { pathName, person, orgKind, cohort }) {
  const { mp, planner } = engine;
  const competentBody = {
    id: TPL.competentId,
    kind: orgKind === 'delegatedBaseCommittee' ? 'delegatedBaseCommittee' : 'upperStandingCommittee',
  };
  const events = shiftYears(PATHS[pathName](competentBody), cohort);
  const openedOn = shiftYears('2025-01-05', cohort);
  const opened = mp.open({
    caseId: TPL.caseId,
    person: {
      full_name: TPL.name,
      birth_date: shiftYears(person.birth, cohort),
      sex: person.sex,
      ethnicity: 'Kinh',
      occupation: person.occupation,
      education_level: person.education,
    },
    org: { id: TPL.orgId, kind: 'cell', has_sub_base: false, competent_id: TPL.competentId, competent_kind: orgKind },
    candidate: { youthUnionMember: true },
    openedOn,
  });
  const steps = [];
  const rows = { events: [], votes: [], decisions: [], deadlines: [], violations: [] };
  const deadlines = new Map();
  let snapshot = opened.snapshot;
  let state = opened.state;
  let facts = {};
  rows.events.push({
    seq: 1,
    type: 'case.opened',
    payload: { variant: null },
    event_date: openedOn,
    acting_body: 'CELL',
    actor_role: null,
    state_before: null,
    state_after: state,
    rule_results: [],
    edition: null,
  });
  const snap = (seq, status, stage, outcome, closedOn) => ({
    step: seq - 1,
    version: seq,
    state,
    stage,
    status,
    outcome: outcome ?? null,
    snapshot,
    opened_on: openedOn,
    closed_on: closedOn ?? null,
    decision_date: facts.decisionDate ?? null,
    ceremony_date: facts.ceremonyDate ?? null,
    recognition_date: facts.recognitionDate ?? null,
    edition: facts.edition ?? null,
    deadlines: [...deadlines.values()].map((d) => ({ ...d })),
  });
  steps.push(snap(1, 'open', opened.stage));
  let seq = 1;
  for (const event of events) {
    const asOf = mp.eventDate(event);
    const dueDates = Object.fromEntries(
      [...deadlines.values()].filter((d) => d.status === 'pending' && d.due_date).map((d) => [d.key, d.due_date]),
    );
    const r = mp.apply(snapshot, event, { asOf, dueDates });
    if (!r.accepted)
      throw new Error(
        `template ${pathName}/${orgKind}/${cohort}: ${event.type} refused: ${JSON.stringify(r.failures.map((f) => f.id))} ${r.message ?? ''}`,
      );
    seq += 1;
    const roles = mp.rolesFor(event.type) ?? [];
    rows.events.push({
      seq,
      type: event.type,
      payload: event,
      event_date: asOf ?? null,
      acting_body: mp.actingBody(event.type) ?? null,
      actor_role: roles[0] ?? null,
      state_before: state,
      state_after: r.state,
      rule_results: r.ruleResults,
      edition: r.ruleResults.find((x) => x.edition)?.edition ?? null,
    });
    const rec = mp.recordsOf(event, r.ruleResults);
    for (const v of rec.votes) rows.votes.push({ seq, ...v });
    for (const d of rec.decisions) rows.decisions.push({ seq, ...d });
    for (const i of r.deadlines) {
      const old = deadlines.get(i.key);
      if (i.kind === 'schedule') {
        const d = planner.compute(i.timerId, i.start, i);
        deadlines.set(i.key, {
          key: i.key,
          timer_id: i.timerId,
          start_date: i.start,
          due_date: d.due,
          extended_due_date: d.extendedDue,
          calendar_status: d.status,
          calendar_years: d.calendarYears,
          edition: d.edition,
          responsible: d.responsible,
          reminders: d.reminders,
          basis: d.basis,
          status: 'pending',
          fence: (old?.fence ?? 0) + 1,
        });
      } else if (old && (old.status === 'pending' || old.status === 'fired')) {
        deadlines.set(i.key, { ...old, status: 'cancelled', fence: old.fence + 1 });
      }
    }
    for (const v of r.violations)
      rows.violations.push({ seq, rule_id: v.ruleId, step: v.step, actual_date: asOf ?? null, details: v.details ?? {} });
    snapshot = r.snapshot;
    state = r.state;
    facts = mp.facts(snapshot);
    steps.push(snap(seq, r.closed ? 'closed' : 'open', r.stage, r.outcome, r.closed ? asOf : null));
  }
  return { pathName, orgKind, cohort, person, steps, rows };
}

/** Every template the generator uses: paths × people × org kinds × cohorts (0 = 2025-26, -4 = 2021-22). */
export function buildTemplates({ cohorts = [0, -1, -2, -3, -4] } = {}) {
  const engine = loadEngine();
  const out = [];
  for (const pathName of Object.keys(PATHS))
    for (const [pi, person] of PEOPLE.entries())
      for (const orgKind of ORG_KINDS)
        for (const cohort of cohorts)
          out.push({
            key: `${pathName}|${pi}|${orgKind}|${cohort}`,
            personIndex: pi,
            ...runPath(engine, { pathName, person, orgKind, cohort }),
          });
  return out;
}
