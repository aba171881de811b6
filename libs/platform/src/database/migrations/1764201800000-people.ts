import type { MigrationInterface, QueryRunner } from 'typeorm';

/** People (citizen ID encrypted, keyed hash for uniqueness, diacritic-free name search) and memberships. */
export class People1764201800000 implements MigrationInterface {
  name = 'People1764201800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE person_sex AS ENUM ('male', 'female')`);
    await q.query(`
      CREATE TYPE occupation_category AS ENUM ('civilServant', 'publicEmployee', 'stateEnterprise', 'privateEnterprise',
        'fdiEnterprise', 'businessOwner', 'worker', 'farmer', 'pupil', 'student', 'armedForces', 'other')`);
    await q.query(
      `CREATE TYPE education_level AS ENUM ('literacyOnly', 'primary', 'lowerSecondary', 'upperSecondary', 'college', 'university', 'postgraduate')`,
    );
    await q.query(`
      CREATE TABLE people (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL,
        full_name text NOT NULL,
        name_search text GENERATED ALWAYS AS (lower(immutable_unaccent(full_name))) STORED,
        birth_date date NOT NULL,
        sex person_sex NOT NULL,
        ethnicity text NOT NULL,
        religion text NULL,
        occupation occupation_category NOT NULL,
        education_level education_level NOT NULL,
        citizen_id_encrypted text NULL,
        citizen_id_hmac char(64) NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT people_pkey PRIMARY KEY (id),
        CONSTRAINT people_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations(id),
        CONSTRAINT people_full_name_not_blank CHECK (length(btrim(full_name)) > 0),
        CONSTRAINT people_citizen_id_pair CHECK ((citizen_id_encrypted IS NULL) = (citizen_id_hmac IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX people_citizen_id_hmac_key ON people (citizen_id_hmac)`);
    await q.query(`CREATE INDEX people_organisation_id_idx ON people (organisation_id)`);
    await q.query(`CREATE INDEX people_name_search_trgm_idx ON people USING gin (name_search gin_trgm_ops)`);

    await q.query(`CREATE TYPE membership_role AS ENUM ('member', 'committeeMember', 'standingMember')`);
    await q.query(
      `CREATE TYPE membership_status AS ENUM ('full', 'probationary', 'suspended', 'temporarilyElsewhere', 'exempted', 'prosecutedOrDetained')`,
    );
    await q.query(`
      CREATE TABLE memberships (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        body_id uuid NOT NULL,
        role membership_role NOT NULL DEFAULT 'member',
        status membership_status NOT NULL,
        valid_from date NOT NULL,
        valid_to date NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_pkey PRIMARY KEY (id),
        CONSTRAINT memberships_person_fk FOREIGN KEY (person_id) REFERENCES people(id),
        CONSTRAINT memberships_body_fk FOREIGN KEY (body_id) REFERENCES organisations(id),
        CONSTRAINT memberships_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from),
        CONSTRAINT memberships_no_overlap EXCLUDE USING gist (person_id WITH =, body_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)
      )`);
    await q.query(`CREATE INDEX memberships_body_idx ON memberships (body_id, valid_from)`);
    await q.query(`CREATE INDEX memberships_person_idx ON memberships (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS memberships`);
    await q.query(`DROP TYPE IF EXISTS membership_status`);
    await q.query(`DROP TYPE IF EXISTS membership_role`);
    await q.query(`DROP TABLE IF EXISTS people`);
    await q.query(`DROP TYPE IF EXISTS education_level`);
    await q.query(`DROP TYPE IF EXISTS occupation_category`);
    await q.query(`DROP TYPE IF EXISTS person_sex`);
  }
}
