import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admissions report at province scale (issue 20, item 5; docs/performance.md "The admissions
 * report at province scale").
 *
 * The report read one row per decision of a year, each joined to its case (a 54 MB heap at province
 * scale, scanned whole for the province) and to the person (210,000 rows, hashed whole): ~500 ms of
 * the ~1.4 s request. `report_decision_facts` is that join stored: one narrow row per decision with
 * the case's and the person's columns the report reads, as they are (raw inputs: the categories
 * are still decided by libs/reports categories.ts, never here). The report scans a date range of
 * it (`signed_on`) or, for a small scope, the GIN index on the copied `scope_ids`.
 *
 * Kept by triggers, so it holds whatever path writes:
 * - decisions: INSERT, UPDATE of case, kind, date or outcome (per row), DELETE (the foreign key
 *   cascades);
 * - cases: UPDATE of the columns copied (organisation, scope key, person, recognition and ceremony
 *   dates, the three generated report columns of 1767400000220), per row and only when one changed
 *   (a transition that changes none of them does not touch the table);
 * - people: UPDATE of the category inputs (occupation, sex, ethnicity, religion, education, birth
 *   date), e.g. a correction of the birth date.
 * The insert path reads the case and the person FOR SHARE, so a concurrent change of either waits
 * for it (or it for the change) and the row copies the committed values.
 * Backfilled from the existing rows.
 */
export class ReportDecisionFacts1767600000110 implements MigrationInterface {
  name = 'ReportDecisionFacts1767600000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_decision_facts (
        decision_id bigint PRIMARY KEY REFERENCES decisions(id) ON DELETE CASCADE,
        case_id uuid NOT NULL,
        kind text NOT NULL,
        signed_on date NOT NULL,
        outcome text NOT NULL,
        organisation_id uuid NOT NULL,
        scope_ids uuid[] NOT NULL,
        person_id uuid NOT NULL,
        recognition_date date,
        ceremony_date date,
        report_effective_on text,
        report_ceremony_on text,
        report_youth_union_member boolean,
        occupation occupation_category NOT NULL,
        sex person_sex NOT NULL,
        ethnicity text NOT NULL,
        religion text,
        education_level education_level NOT NULL,
        birth_date date NOT NULL
      )`);

    // The one statement that (re)writes the row of a decision from the decision, its case and its person.
    // Row by row (a statement trigger with a transition table cost ~0.6 ms per inserted decision,
    // this ~0.07 ms), plpgsql so that its plan is kept for the session.
    await q.query(`
      CREATE FUNCTION report_decision_facts_write(d decisions) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_decision_facts (decision_id, case_id, kind, signed_on, outcome, organisation_id, scope_ids, person_id,
                                           recognition_date, ceremony_date, report_effective_on, report_ceremony_on, report_youth_union_member,
                                           occupation, sex, ethnicity, religion, education_level, birth_date)
        SELECT d.id, d.case_id, d.kind, d.signed_on, d.outcome, c.organisation_id, c.scope_ids, c.person_id,
               c.recognition_date, c.ceremony_date, c.report_effective_on, c.report_ceremony_on, c.report_youth_union_member,
               p.occupation, p.sex, p.ethnicity, p.religion, p.education_level, p.birth_date
          FROM cases c JOIN people p ON p.id = c.person_id
         WHERE c.id = d.case_id
           FOR SHARE OF c, p
        ON CONFLICT (decision_id) DO UPDATE SET
          case_id = EXCLUDED.case_id, kind = EXCLUDED.kind, signed_on = EXCLUDED.signed_on, outcome = EXCLUDED.outcome,
          organisation_id = EXCLUDED.organisation_id, scope_ids = EXCLUDED.scope_ids, person_id = EXCLUDED.person_id,
          recognition_date = EXCLUDED.recognition_date, ceremony_date = EXCLUDED.ceremony_date,
          report_effective_on = EXCLUDED.report_effective_on, report_ceremony_on = EXCLUDED.report_ceremony_on,
          report_youth_union_member = EXCLUDED.report_youth_union_member,
          occupation = EXCLUDED.occupation, sex = EXCLUDED.sex, ethnicity = EXCLUDED.ethnicity, religion = EXCLUDED.religion,
          education_level = EXCLUDED.education_level, birth_date = EXCLUDED.birth_date;
      END $$`);

    // decisions
    await q.query(`
      CREATE FUNCTION decisions_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM report_decision_facts_write(NEW);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER decisions_insert_report_facts AFTER INSERT ON decisions
        FOR EACH ROW EXECUTE FUNCTION decisions_report_facts()`);
    await q.query(`
      CREATE TRIGGER decisions_update_report_facts AFTER UPDATE OF case_id, kind, signed_on, outcome ON decisions
        FOR EACH ROW WHEN ((OLD.case_id, OLD.kind, OLD.signed_on, OLD.outcome) IS DISTINCT FROM (NEW.case_id, NEW.kind, NEW.signed_on, NEW.outcome))
        EXECUTE FUNCTION decisions_report_facts()`);

    // cases: the copied case columns; a new person brings the person's columns too.
    await q.query(`
      CREATE FUNCTION cases_update_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.person_id IS DISTINCT FROM OLD.person_id THEN
          PERFORM report_decision_facts_write(d) FROM decisions d WHERE d.case_id = NEW.id;
        ELSE
          UPDATE report_decision_facts SET
              organisation_id = NEW.organisation_id, scope_ids = NEW.scope_ids,
              recognition_date = NEW.recognition_date, ceremony_date = NEW.ceremony_date,
              report_effective_on = NEW.report_effective_on, report_ceremony_on = NEW.report_ceremony_on,
              report_youth_union_member = NEW.report_youth_union_member
            WHERE case_id = NEW.id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_update_report_facts AFTER UPDATE ON cases
        FOR EACH ROW WHEN (
          (OLD.organisation_id, OLD.scope_ids, OLD.person_id, OLD.recognition_date, OLD.ceremony_date,
           OLD.report_effective_on, OLD.report_ceremony_on, OLD.report_youth_union_member)
          IS DISTINCT FROM
          (NEW.organisation_id, NEW.scope_ids, NEW.person_id, NEW.recognition_date, NEW.ceremony_date,
           NEW.report_effective_on, NEW.report_ceremony_on, NEW.report_youth_union_member))
        EXECUTE FUNCTION cases_update_report_facts()`);

    // people: the category inputs.
    await q.query(`
      CREATE FUNCTION people_update_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE report_decision_facts SET
            occupation = NEW.occupation, sex = NEW.sex, ethnicity = NEW.ethnicity, religion = NEW.religion,
            education_level = NEW.education_level, birth_date = NEW.birth_date
          WHERE person_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER people_update_report_facts AFTER UPDATE OF occupation, sex, ethnicity, religion, education_level, birth_date ON people
        FOR EACH ROW WHEN (
          (OLD.occupation, OLD.sex, OLD.ethnicity, OLD.religion, OLD.education_level, OLD.birth_date)
          IS DISTINCT FROM (NEW.occupation, NEW.sex, NEW.ethnicity, NEW.religion, NEW.education_level, NEW.birth_date))
        EXECUTE FUNCTION people_update_report_facts()`);

    // Backfill, then the indexes (built once over the filled table).
    await q.query(`DO $$ BEGIN PERFORM report_decision_facts_write(d) FROM decisions d; END $$`);
    await q.query(`CREATE INDEX "IDX_report_decision_facts_signed" ON report_decision_facts (signed_on)`);
    await q.query(`CREATE INDEX "IDX_report_decision_facts_scope" ON report_decision_facts USING gin (scope_ids)`);
    await q.query(`CREATE INDEX "IDX_report_decision_facts_case" ON report_decision_facts (case_id)`);
    await q.query(`CREATE INDEX "IDX_report_decision_facts_person" ON report_decision_facts (person_id)`);
    await q.query(`ANALYZE report_decision_facts`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS people_update_report_facts ON people`);
    await q.query(`DROP TRIGGER IF EXISTS cases_update_report_facts ON cases`);
    await q.query(`DROP TRIGGER IF EXISTS decisions_update_report_facts ON decisions`);
    await q.query(`DROP TRIGGER IF EXISTS decisions_insert_report_facts ON decisions`);
    await q.query(`DROP FUNCTION IF EXISTS people_update_report_facts()`);
    await q.query(`DROP FUNCTION IF EXISTS cases_update_report_facts()`);
    await q.query(`DROP FUNCTION IF EXISTS decisions_report_facts()`);
    await q.query(`DROP FUNCTION IF EXISTS report_decision_facts_write(decisions)`);
    await q.query(`DROP TABLE IF EXISTS report_decision_facts`);
  }
}
