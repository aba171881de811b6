import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations over time: the tree (with a trigger-maintained closure table), successions for
 * mergers and dissolutions, dated competence and settings, hamlets for coverage reports.
 */
export class Orgs1764201700000 implements MigrationInterface {
  name = 'Orgs1764201700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(
      `CREATE TYPE organisation_kind AS ENUM ('provincialCommittee', 'upperCommittee', 'districtCommittee', 'baseCommittee', 'subBaseCommittee', 'cell', 'baseCell')`,
    );
    await q.query(`
      CREATE TABLE organisations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL,
        name text NOT NULL,
        kind organisation_kind NOT NULL,
        parent_id uuid NULL,
        valid_from date NOT NULL,
        valid_to date NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisations_pkey PRIMARY KEY (id),
        CONSTRAINT organisations_parent_fk FOREIGN KEY (parent_id) REFERENCES organisations(id),
        CONSTRAINT organisations_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from),
        CONSTRAINT organisations_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_code_key ON organisations (code)`);
    await q.query(`CREATE INDEX organisations_parent_id_idx ON organisations (parent_id)`);

    await q.query(`
      CREATE TABLE organisation_closure (
        ancestor_id uuid NOT NULL,
        descendant_id uuid NOT NULL,
        depth int NOT NULL,
        CONSTRAINT organisation_closure_pkey PRIMARY KEY (ancestor_id, descendant_id),
        CONSTRAINT organisation_closure_ancestor_fk FOREIGN KEY (ancestor_id) REFERENCES organisations(id) ON DELETE CASCADE,
        CONSTRAINT organisation_closure_descendant_fk FOREIGN KEY (descendant_id) REFERENCES organisations(id) ON DELETE CASCADE,
        CONSTRAINT organisation_closure_depth CHECK (depth >= 0)
      )`);
    await q.query(`CREATE INDEX organisation_closure_descendant_idx ON organisation_closure (descendant_id, depth)`);
    // The closure follows the tree by itself: a row for every ancestor on insert; parents are immutable
    // (a reorganisation creates a new organisation and a succession instead).
    await q.query(`
      CREATE FUNCTION organisations_closure_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO organisation_closure (ancestor_id, descendant_id, depth)
        SELECT NEW.id, NEW.id, 0
        UNION ALL
        SELECT c.ancestor_id, NEW.id, c.depth + 1 FROM organisation_closure c WHERE c.descendant_id = NEW.parent_id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER organisations_closure_insert AFTER INSERT ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_closure_insert()`,
    );
    await q.query(`
      CREATE FUNCTION organisations_parent_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.id <> OLD.id THEN
          RAISE EXCEPTION 'organisation parent is immutable: end it and create a successor' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER organisations_parent_immutable BEFORE UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_parent_immutable()`,
    );

    await q.query(`CREATE TYPE succession_kind AS ENUM ('merger', 'split', 'renaming', 'transfer', 'dissolution')`);
    await q.query(`
      CREATE TABLE organisation_successions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        predecessor_id uuid NOT NULL,
        successor_id uuid NOT NULL,
        kind succession_kind NOT NULL,
        effective_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_successions_pkey PRIMARY KEY (id),
        CONSTRAINT organisation_successions_predecessor_fk FOREIGN KEY (predecessor_id) REFERENCES organisations(id),
        CONSTRAINT organisation_successions_successor_fk FOREIGN KEY (successor_id) REFERENCES organisations(id),
        CONSTRAINT organisation_successions_distinct CHECK (predecessor_id <> successor_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX organisation_successions_pair_key ON organisation_successions (predecessor_id, successor_id)`);
    await q.query(`CREATE INDEX organisation_successions_successor_idx ON organisation_successions (successor_id)`);

    await q.query(
      `CREATE TYPE competent_body_kind AS ENUM ('standingCommittee', 'delegatedBaseCommittee', 'provincialStandingMembers', 'specialCentralRules')`,
    );
    await q.query(`
      CREATE TABLE organisation_competences (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL,
        competent_committee_id uuid NOT NULL,
        body competent_body_kind NOT NULL,
        supervisor_id uuid NULL,
        valid_from date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_competences_pkey PRIMARY KEY (id),
        CONSTRAINT organisation_competences_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations(id),
        CONSTRAINT organisation_competences_committee_fk FOREIGN KEY (competent_committee_id) REFERENCES organisations(id),
        CONSTRAINT organisation_competences_supervisor_fk FOREIGN KEY (supervisor_id) REFERENCES organisations(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX organisation_competences_org_from_key ON organisation_competences (organisation_id, valid_from)`);

    await q.query(`
      CREATE TABLE organisation_settings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL,
        valid_from date NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_settings_pkey PRIMARY KEY (id),
        CONSTRAINT organisation_settings_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX organisation_settings_org_from_key ON organisation_settings (organisation_id, valid_from)`);

    await q.query(`
      CREATE TABLE hamlets (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL,
        name text NOT NULL,
        area_organisation_id uuid NOT NULL,
        cell_id uuid NULL,
        valid_from date NOT NULL,
        valid_to date NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT hamlets_pkey PRIMARY KEY (id),
        CONSTRAINT hamlets_area_organisation_fk FOREIGN KEY (area_organisation_id) REFERENCES organisations(id),
        CONSTRAINT hamlets_cell_fk FOREIGN KEY (cell_id) REFERENCES organisations(id),
        CONSTRAINT hamlets_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from)
      )`);
    await q.query(`CREATE UNIQUE INDEX hamlets_code_key ON hamlets (code)`);
    await q.query(`CREATE INDEX hamlets_area_organisation_idx ON hamlets (area_organisation_id)`);
    await q.query(`CREATE INDEX hamlets_cell_idx ON hamlets (cell_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS hamlets`);
    await q.query(`DROP TABLE IF EXISTS organisation_settings`);
    await q.query(`DROP TABLE IF EXISTS organisation_competences`);
    await q.query(`DROP TYPE IF EXISTS competent_body_kind`);
    await q.query(`DROP TABLE IF EXISTS organisation_successions`);
    await q.query(`DROP TYPE IF EXISTS succession_kind`);
    await q.query(`DROP TABLE IF EXISTS organisation_closure`);
    await q.query(`DROP TABLE IF EXISTS organisations`);
    await q.query(`DROP FUNCTION IF EXISTS organisations_closure_insert()`);
    await q.query(`DROP FUNCTION IF EXISTS organisations_parent_immutable()`);
    await q.query(`DROP TYPE IF EXISTS organisation_kind`);
  }
}
