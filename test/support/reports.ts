import type { DataSource } from 'typeorm';
import { type CaseEvidence, type CaseFacts, emptyEvidence } from '../../libs/procedure/src/index.js';

/**
 * Cases built directly in SQL, as imported history would arrive: a person, the case row with a
 * snapshot shaped like the machine's (snapshot.context.facts = CaseFacts), its events, votes,
 * decisions and deadlines. For compliance and report tests.
 */
export interface PersonSpec {
  fullName?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  ethnicity?: string;
  religion?: string | null;
  occupation?: string;
  educationLevel?: string;
}

export interface CaseSpec {
  organisationId: string;
  person?: PersonSpec;
  youthUnionMember?: boolean;
  status?: 'open' | 'closed';
  stage?: string;
  state?: string;
  openedOn?: string;
  evidence?: Partial<CaseEvidence>;
  variant?: CaseFacts['variant'];
  transfers?: CaseFacts['transfers'];
  events?: { type: string; date: string; stateChange?: boolean }[];
  votes?: {
    body: 'CELL' | 'BASE' | 'COMPETENT';
    motion: 'admit' | 'recognise' | 'remove';
    date: string;
    eligible: number;
    for: number;
    against?: number;
    passed: boolean;
    required?: number;
  }[];
  decisions?: { kind: string; date: string; outcome?: string; receivedOn?: string }[];
  deadlines?: {
    key: string;
    timerId?: string;
    start: string;
    due: string | null;
    extendedTo?: string;
    status?: 'pending' | 'met' | 'fired' | 'cancelled';
    responsible?: string;
  }[];
  decisionDate?: string;
  ceremonyDate?: string;
  recognitionDate?: string;
}

let counter = 0;

export async function insertPerson(ds: DataSource, organisationId: string, p: PersonSpec = {}): Promise<string> {
  counter += 1;
  const [row] = await ds.query(
    `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, religion, occupation, education_level)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      organisationId,
      p.fullName ?? `Người thử ${counter}`,
      p.birthDate ?? '1998-05-10',
      p.sex ?? 'male',
      p.ethnicity ?? 'Kinh',
      p.religion ?? null,
      p.occupation ?? 'other',
      p.educationLevel ?? 'lowerSecondary',
    ],
  );
  return row.id;
}

export async function insertCase(ds: DataSource, spec: CaseSpec): Promise<string> {
  const personId = await insertPerson(ds, spec.organisationId, spec.person);
  const facts: CaseFacts = {
    caseId: '',
    person: {
      fullName: spec.person?.fullName ?? 'x',
      birthDate: spec.person?.birthDate ?? '1998-05-10',
      vietnameseCitizen: true,
      education: 'upperSecondaryOrHigher',
      youthUnionMember: spec.youthUnionMember ?? false,
    },
    org: {
      organisationId: spec.organisationId,
      hasSubBase: false,
      isBaseCell: false,
      youthUnionExists: true,
      tradeUnionExists: true,
      delegatedBase: false,
      competentBody: { id: spec.organisationId, kind: 'upperStandingCommittee' },
    },
    variant: spec.variant ?? {},
    evidence: { ...emptyEvidence(), ...spec.evidence },
    votes: [],
    transfers: spec.transfers ?? [],
  };
  const snapshot = {
    machineVersion: 1,
    status: 'active',
    value: { imported: 'history' },
    context: { machineVersion: 1, facts, openDeadlines: {}, settings: {} },
  };
  const [c] = await ds.query(
    `INSERT INTO cases (person_id, organisation_id, status, state, stage, snapshot, machine_version, opened_on, decision_date, ceremony_date, recognition_date)
     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10) RETURNING id`,
    [
      personId,
      spec.organisationId,
      spec.status ?? 'open',
      spec.state ?? 'imported',
      spec.stage ?? 'imported',
      JSON.stringify(snapshot),
      spec.openedOn ?? '2020-01-01',
      spec.decisionDate ?? null,
      spec.ceremonyDate ?? null,
      spec.recognitionDate ?? null,
    ],
  );
  const caseId: string = c.id;
  facts.caseId = caseId;
  await ds.query(`UPDATE cases SET snapshot = jsonb_set(snapshot, '{context,facts,caseId}', to_jsonb($2::text)) WHERE id = $1`, [
    caseId,
    caseId,
  ]);
  let seq = 0;
  const event = async (type: string, date: string, stateChange = true): Promise<string> => {
    seq += 1;
    const [e] = await ds.query(
      `INSERT INTO case_events (case_id, seq, type, payload, event_date, state_before, state_after, machine_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
      [caseId, seq, type, JSON.stringify({ type }), date, stateChange ? `before-${seq}` : 'same', stateChange ? `after-${seq}` : 'same'],
    );
    return e.id;
  };
  const importId = await event('case.imported', spec.openedOn ?? '2020-01-01');
  for (const e of spec.events ?? []) await event(e.type, e.date, e.stateChange ?? true);
  for (const v of spec.votes ?? []) {
    await ds.query(
      `INSERT INTO votes (case_id, event_id, body, motion, meeting_date, eligible, votes_for, votes_against, required, passed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [caseId, importId, v.body, v.motion, v.date, v.eligible, v.for, v.against ?? v.eligible - v.for, v.required ?? null, v.passed],
    );
  }
  for (const d of spec.decisions ?? []) {
    await ds.query(
      `INSERT INTO decisions (case_id, event_id, kind, body, signed_on, received_on, outcome) VALUES ($1, $2, $3, 'COMPETENT', $4, $5, $6)`,
      [caseId, importId, d.kind, d.date, d.receivedOn ?? null, d.outcome ?? 'admitted'],
    );
  }
  for (const d of spec.deadlines ?? []) {
    await ds.query(
      `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, extended_to, calendar_status, status, responsible)
       VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', $7, $8)`,
      [caseId, d.key, d.timerId ?? d.key, d.start, d.due, d.extendedTo ?? null, d.status ?? 'met', d.responsible ?? null],
    );
  }
  return caseId;
}

/** A small tree: province → base committee → cell, created with plain SQL (the closure trigger fills the closure). */
export async function insertOrg(
  ds: DataSource,
  code: string,
  kind: string,
  parentId: string | null,
  validFrom = '2015-01-01',
  validTo: string | null = null,
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO organisations (code, name, kind, parent_id, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [code, `Tổ chức ${code}`, kind, parentId, validFrom, validTo],
  );
  return row.id;
}
