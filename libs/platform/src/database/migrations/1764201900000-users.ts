import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, scoped role grants and rotating refresh tokens (stored hashed). */
export class Users1764201900000 implements MigrationInterface {
  name = 'Users1764201900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE user_role AS ENUM ('cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin')`,
    );
    await q.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        password_hash text NOT NULL,
        failed_attempts int NOT NULL DEFAULT 0,
        locked_until timestamptz NULL,
        person_id uuid NULL,
        disabled_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_pkey PRIMARY KEY (id),
        CONSTRAINT users_person_fk FOREIGN KEY (person_id) REFERENCES people(id),
        CONSTRAINT users_username_lowercase CHECK (username = lower(username))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (username)`);

    await q.query(`
      CREATE TABLE role_grants (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        role user_role NOT NULL,
        organisation_id uuid NULL,
        valid_from date NOT NULL,
        valid_to date NULL,
        granted_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT role_grants_pkey PRIMARY KEY (id),
        CONSTRAINT role_grants_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT role_grants_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations(id),
        CONSTRAINT role_grants_granted_by_fk FOREIGN KEY (granted_by) REFERENCES users(id),
        CONSTRAINT role_grants_scope CHECK (organisation_id IS NOT NULL OR role = 'admin'),
        CONSTRAINT role_grants_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from)
      )`);
    await q.query(`CREATE INDEX role_grants_user_idx ON role_grants (user_id)`);
    await q.query(`CREATE INDEX role_grants_organisation_idx ON role_grants (organisation_id)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz NULL,
        revoked_at timestamptz NULL,
        replaced_by_id uuid NULL,
        CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT refresh_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash)`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS refresh_tokens`);
    await q.query(`DROP TABLE IF EXISTS role_grants`);
    await q.query(`DROP TABLE IF EXISTS users`);
    await q.query(`DROP TYPE IF EXISTS user_role`);
  }
}
