import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases and everything a transition writes in one transaction: the snapshot (with its version
 * for optimistic concurrency), the append-only event log, votes, decisions, documents, deadlines
 * (the source of truth for every legal timer), violations, the outbox and idempotency keys.
 */
export class Cases1764203000000 implements MigrationInterface {
  name = 'Cases1764203000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE case_status AS ENUM ('open', 'closed')`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES people(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        status case_status NOT NULL DEFAULT 'open',
        state text NOT NULL,
        stage text NOT NULL,
        outcome text,
        snapshot jsonb NOT NULL,
        machine_version integer NOT NULL,
        edition text,
        version integer NOT NULL DEFAULT 1,
        readmission boolean NOT NULL DEFAULT false,
        opened_on date NOT NULL,
        closed_on date,
        decision_date date,
        ceremony_date date,
        recognition_date date,
        next_due date,
        overdue boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_cases_one_open_per_person" ON cases (person_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX "IDX_cases_org_state" ON cases (organisation_id, status, stage)`);
    await q.query(`CREATE INDEX "IDX_cases_updated" ON cases (updated_at DESC, id DESC)`);
    await q.query(`CREATE INDEX "IDX_cases_next_due" ON cases (next_due) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        seq integer NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        event_date date,
        acting_body text,
        actor_role text,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        state_before text,
        state_after text NOT NULL,
        rule_results jsonb NOT NULL DEFAULT '[]',
        machine_version integer NOT NULL,
        edition text,
        CONSTRAINT "UQ_case_events_seq" UNIQUE (case_id, seq)
      )`);
    await q.query(`CREATE INDEX "IDX_case_events_type_date" ON case_events (type, event_date)`);

    await q.query(`CREATE TYPE vote_motion AS ENUM ('admit', 'recognise', 'remove')`);
    await q.query(`
      CREATE TABLE votes (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        event_id bigint NOT NULL REFERENCES case_events(id),
        body text NOT NULL,
        motion vote_motion NOT NULL,
        meeting_date date NOT NULL,
        eligible integer NOT NULL CHECK (eligible >= 0),
        votes_for integer NOT NULL CHECK (votes_for >= 0),
        votes_against integer NOT NULL CHECK (votes_against >= 0),
        required integer,
        passed boolean NOT NULL,
        roster_eligible integer,
        mismatch_reason text
      )`);
    await q.query(`CREATE INDEX "IDX_votes_case" ON votes (case_id)`);

    await q.query(`
      CREATE TABLE decisions (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        event_id bigint NOT NULL REFERENCES case_events(id),
        kind text NOT NULL,
        body text NOT NULL,
        number text,
        signed_on date NOT NULL,
        received_on date,
        outcome text NOT NULL
      )`);
    await q.query(`CREATE INDEX "IDX_decisions_kind_signed" ON decisions (kind, signed_on)`);
    await q.query(`CREATE INDEX "IDX_decisions_case" ON decisions (case_id)`);

    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        event_id bigint REFERENCES case_events(id),
        form_code text NOT NULL,
        number text,
        dated date NOT NULL,
        issuer text,
        file_name text,
        mime_type text CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes integer CHECK (size_bytes <= 10485760),
        file_encrypted bytea,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_documents_case" ON documents (case_id)`);

    await q.query(`CREATE TYPE deadline_status AS ENUM ('pending', 'met', 'fired', 'cancelled')`);
    await q.query(`CREATE TYPE deadline_calendar_status AS ENUM ('confirmed', 'provisional', 'awaitingCalendar', 'noEdition')`);
    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        key text NOT NULL,
        timer_id text NOT NULL,
        start_date date NOT NULL,
        due_date date,
        extended_due_date date,
        extended_to date,
        calendar_status deadline_calendar_status NOT NULL,
        calendar_years integer[] NOT NULL DEFAULT '{}',
        edition text,
        responsible text,
        reminders jsonb NOT NULL DEFAULT '[]',
        reminders_sent jsonb NOT NULL DEFAULT '[]',
        status deadline_status NOT NULL DEFAULT 'pending',
        fence integer NOT NULL DEFAULT 1,
        met_on date,
        fired_at timestamptz,
        escalated_at timestamptz,
        basis jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_deadlines_case_key" UNIQUE (case_id, key)
      )`);
    await q.query(`CREATE INDEX "IDX_deadlines_pending_due" ON deadlines (due_date) WHERE status = 'pending'`);

    await q.query(`CREATE TYPE violation_status AS ENUM ('open', 'explained', 'resolved')`);
    await q.query(`
      CREATE TABLE violations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        rule_id text NOT NULL,
        step text NOT NULL,
        responsible text,
        organisation_id uuid REFERENCES organisations(id),
        due_date date,
        actual_date date,
        details jsonb NOT NULL DEFAULT '{}',
        status violation_status NOT NULL DEFAULT 'open',
        explanation text,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_violations_case_rule_step" UNIQUE (case_id, rule_id, step)
      )`);
    await q.query(`CREATE INDEX "IDX_violations_org_status" ON violations (organisation_id, status)`);

    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX "IDX_outbox_unprocessed" ON outbox (id) WHERE processed_at IS NULL`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        case_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status text NOT NULL CHECK (status IN ('inFlight', 'done')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, case_id, key)
      )`);
    await q.query(`CREATE INDEX "IDX_idempotency_created" ON idempotency_keys (created_at)`);

    // The working-day calendar, one row per year, seeded from config/calendar and corrected by operators.
    await q.query(`
      CREATE TABLE calendar_years (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2200),
        status text NOT NULL CHECK (status IN ('confirmed', 'provisional')),
        data jsonb NOT NULL,
        origin text NOT NULL CHECK (origin IN ('config', 'operator')),
        updated_by uuid REFERENCES users(id),
        reason text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Operator actions on deadlines and the calendar, each with its reason (the tamper-evident
    // audit trail records the HTTP command too; this table keeps the domain details).
    await q.query(`
      CREATE TABLE operations_log (
        id bigserial PRIMARY KEY,
        case_id uuid REFERENCES cases(id),
        action text NOT NULL,
        details jsonb NOT NULL,
        actor_user_id uuid REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now()
      )`);

    // The settable clock (demos and tests only; refused in production by configuration).
    await q.query(`
      CREATE TABLE clock_settings (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        offset_ms bigint NOT NULL DEFAULT 0,
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['operations_log', 'clock_settings', 'calendar_years', 'idempotency_keys', 'outbox', 'violations', 'deadlines', 'documents', 'decisions', 'votes', 'case_events', 'cases']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    for (const t of ['violation_status', 'deadline_calendar_status', 'deadline_status', 'vote_motion', 'case_status']) {
      await q.query(`DROP TYPE IF EXISTS ${t}`);
    }
  }
}
