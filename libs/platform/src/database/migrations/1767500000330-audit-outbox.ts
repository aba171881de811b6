import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20, item 2: the audit trail is written through an outbox of its own (docs/adr/0005-audit-outbox.md).
 *
 * - audit_outbox: an entry as the caller recorded it (its time, actor, action, sanitized details and
 *   chain), one INSERT committed with the command it records. The chainer (libs/audit, one at a time
 *   under an advisory lock) moves entries in id order into audit_log with chain_seq, prev_hash and
 *   hash, and deletes them, in one transaction per batch.
 * - The id comes from audit_log's own sequence: the entry keeps it in audit_log, so an id handed out
 *   at record time is the id of the chained row, and the trail's id order is the recording order.
 * - ket_nap_app may insert, read and delete entries (the chainer runs as the application), never
 *   change one: an entry is hashed as it was recorded.
 */
export class AuditOutbox1767500000330 implements MigrationInterface {
  name = 'AuditOutbox1767500000330';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_outbox (
        id bigint NOT NULL DEFAULT nextval('audit_log_id_seq'::regclass),
        occurred_at timestamptz NOT NULL,
        actor_user_id uuid NULL,
        actor_role text NULL,
        session_id text NULL,
        ip text NULL,
        user_agent text NULL,
        request_id text NULL,
        action text NOT NULL,
        resource_type text NULL,
        resource_id text NULL,
        case_id uuid NULL,
        outcome text NOT NULL,
        status_code int NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        chain text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT audit_outbox_pkey PRIMARY KEY (id),
        CONSTRAINT audit_outbox_outcome CHECK (outcome IN ('ok', 'refused', 'error'))
      )`);
    await q.query(`DO $$ BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'ket_nap_app') THEN
          GRANT SELECT, INSERT, DELETE ON audit_outbox TO ket_nap_app;
          REVOKE UPDATE, TRUNCATE ON audit_outbox FROM ket_nap_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_outbox`);
  }
}
