import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: the in-app inbox (one row per user and event), planned deliveries over email and
 * signed webhooks (retried with backoff, dead when they give up), per-user delivery preferences
 * (immediate or a daily digest) and per-organisation webhook endpoints (secret encrypted).
 * case_id is kept without a foreign key so that notifications outlive any case housekeeping.
 */
export class Notifications1764205000000 implements MigrationInterface {
  name = 'Notifications1764205000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE notification_kind AS ENUM ('reminder', 'escalation', 'decision', 'caseUpdate')`);
    await q.query(`CREATE TYPE delivery_channel AS ENUM ('email', 'webhook')`);
    await q.query(`CREATE TYPE delivery_status AS ENUM ('pending', 'sent', 'failed', 'dead')`);
    await q.query(`CREATE TYPE email_mode AS ENUM ('immediate', 'dailyDigest')`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        kind notification_kind NOT NULL,
        case_id uuid NULL,
        organisation_id uuid NULL,
        template text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        title_vi text NOT NULL,
        title_en text NOT NULL,
        body_vi text NOT NULL,
        body_en text NOT NULL,
        idempotency_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz NULL,
        CONSTRAINT notifications_pkey PRIMARY KEY (id),
        CONSTRAINT notifications_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT notifications_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX notifications_user_idempotency_key ON notifications (user_id, idempotency_key)`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX notifications_created_idx ON notifications (created_at)`);

    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL,
        email text NULL,
        email_mode email_mode NOT NULL DEFAULT 'immediate',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_preferences_pkey PRIMARY KEY (user_id),
        CONSTRAINT notification_preferences_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT notification_preferences_email_shape CHECK (email IS NULL OR email ~ '^[^@\\s]+@[^@\\s]+$')
      )`);

    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL,
        url text NOT NULL,
        secret_encrypted text NOT NULL,
        kinds notification_kind[] NULL,
        active boolean NOT NULL DEFAULT true,
        created_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_endpoints_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations(id),
        CONSTRAINT webhook_endpoints_created_by_fk FOREIGN KEY (created_by) REFERENCES users(id),
        CONSTRAINT webhook_endpoints_url_shape CHECK (url ~ '^https?://')
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_organisation_idx ON webhook_endpoints (organisation_id) WHERE active`);

    await q.query(`
      CREATE TABLE deliveries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        notification_id uuid NULL,
        user_id uuid NULL,
        digest_date date NULL,
        channel delivery_channel NOT NULL,
        target text NOT NULL,
        idempotency_key text NOT NULL,
        payload jsonb NOT NULL,
        status delivery_status NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text NULL,
        sent_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_pkey PRIMARY KEY (id),
        CONSTRAINT deliveries_notification_fk FOREIGN KEY (notification_id) REFERENCES notifications(id) ON DELETE CASCADE,
        CONSTRAINT deliveries_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT deliveries_attempts CHECK (attempts >= 0 AND attempts <= 8),
        CONSTRAINT deliveries_source CHECK (channel = 'webhook' OR notification_id IS NOT NULL OR digest_date IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX deliveries_idempotency_key ON deliveries (idempotency_key)`);
    await q.query(`CREATE INDEX deliveries_notification_idx ON deliveries (notification_id)`);
    await q.query(`CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed')`);
    await q.query(`CREATE INDEX deliveries_dead_idx ON deliveries (updated_at DESC, id DESC) WHERE status = 'dead'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS deliveries`);
    await q.query(`DROP TABLE IF EXISTS webhook_endpoints`);
    await q.query(`DROP TABLE IF EXISTS notification_preferences`);
    await q.query(`DROP TABLE IF EXISTS notifications`);
    await q.query(`DROP TYPE IF EXISTS email_mode`);
    await q.query(`DROP TYPE IF EXISTS delivery_status`);
    await q.query(`DROP TYPE IF EXISTS delivery_channel`);
    await q.query(`DROP TYPE IF EXISTS notification_kind`);
  }
}
