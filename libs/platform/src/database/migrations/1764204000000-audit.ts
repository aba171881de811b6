import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail (docs/security.md, "Audit trail").
 * - audit_log: append-only rows, hash-chained per chain ('case:<id>', 'session:<id>', ...).
 * - audit_chain_heads: the last seq + hash of each chain; writers lock their chain's row
 *   (INSERT ... ON CONFLICT DO UPDATE), so chains never wait on each other. Not trusted by the
 *   verifier: it is a lock target and the anchor job's to-do list.
 * - audit_anchors: a periodic hash chain over the heads that moved, so a removed tail is detected.
 * - ket_nap_app: the application's database role; it may insert and read audit rows, never change
 *   or remove them. Roles are cluster-wide, hence the idempotent creation.
 */
export class Audit1764204000000 implements MigrationInterface {
  name = 'Audit1764204000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial NOT NULL,
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
        chain_seq int NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT audit_log_pkey PRIMARY KEY (id),
        CONSTRAINT audit_log_chain_seq_key UNIQUE (chain, chain_seq),
        CONSTRAINT audit_log_outcome CHECK (outcome IN ('ok', 'refused', 'error')),
        CONSTRAINT audit_log_chain_seq_positive CHECK (chain_seq >= 1),
        CONSTRAINT audit_log_hash_format CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX audit_log_case_idx ON audit_log (case_id, id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id) WHERE actor_user_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at)`);

    await q.query(`
      CREATE TABLE audit_chain_heads (
        chain text NOT NULL,
        last_seq int NOT NULL,
        last_hash text NOT NULL,
        anchored_seq int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (chain)
      )`);
    await q.query(`CREATE INDEX audit_chain_heads_unanchored_idx ON audit_chain_heads (chain) WHERE last_seq > anchored_seq`);

    await q.query(`
      CREATE TABLE audit_anchors (
        id bigserial NOT NULL,
        seq int NOT NULL,
        created_at timestamptz NOT NULL,
        heads jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT audit_anchors_pkey PRIMARY KEY (id),
        CONSTRAINT audit_anchors_seq_key UNIQUE (seq)
      )`);

    // Defence in depth: even a role with UPDATE/DELETE (the owner) is stopped by the trigger;
    // only a superuser who disables it on purpose can change history, and the hashes show it.
    await q.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_log', 'audit_anchors']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    }

    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ket_nap_app') THEN
          BEGIN
            CREATE ROLE ket_nap_app NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created meanwhile by another database's migration
          END;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ket_nap_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ket_nap_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ket_nap_app`);
    // Tables and sequences created by later migrations (run by the same owner) get the same grants.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ket_nap_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ket_nap_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_anchors FROM ket_nap_app`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ket_nap_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role stays: it is cluster-wide and other databases may use it.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ket_nap_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ket_nap_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ket_nap_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ket_nap_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ket_nap_app`);
    await q.query(`DROP TABLE IF EXISTS audit_anchors`);
    await q.query(`DROP TABLE IF EXISTS audit_chain_heads`);
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP FUNCTION IF EXISTS audit_append_only()`);
  }
}
