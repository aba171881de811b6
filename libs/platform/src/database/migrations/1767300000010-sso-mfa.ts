import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on and the second factor (issue 21, item 6):
 * - user_identities links a user to an identity provider's (issuer, subject);
 * - role_grants.source tells the grants an SSO login writes from the provider's claims ('oidc',
 *   replaced at each SSO login) from the ones an administrator gave ('local', never touched by SSO);
 * - users.totp_*: the TOTP secret (AES-256-GCM with the data key), when it was activated, and the
 *   last time step accepted (a code is good once);
 * - sso_handoffs: the one-time codes the OIDC callback hands the web app (hashed, 60 s, used once).
 */
export class SsoMfa1767300000010 implements MigrationInterface {
  name = 'SsoMfa1767300000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX user_identities_issuer_subject_key ON user_identities (issuer, subject)`);
    await q.query(`CREATE INDEX user_identities_user_idx ON user_identities (user_id)`);
    await q.query(`ALTER TABLE role_grants ADD COLUMN source text NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc'))`);
    await q.query(`ALTER TABLE users ADD COLUMN totp_secret text NULL, ADD COLUMN totp_enabled_at timestamptz NULL, ADD COLUMN totp_last_step bigint NULL`);
    await q.query(`
      CREATE TABLE sso_handoffs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code_hash char(64) NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX sso_handoffs_code_hash_key ON sso_handoffs (code_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sso_handoffs`);
    await q.query(`ALTER TABLE users DROP COLUMN totp_last_step, DROP COLUMN totp_enabled_at, DROP COLUMN totp_secret`);
    await q.query(`ALTER TABLE role_grants DROP COLUMN source`);
    await q.query(`DROP TABLE user_identities`);
  }
}
