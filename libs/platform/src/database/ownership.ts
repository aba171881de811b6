import type { DB } from './schema.generated.js';

/**
 * Who owns each table (ADR 0004, "Ownership"): the owner is the only library whose SQL names it.
 * Every table of the generated schema has exactly one owner here, checked below, so a migration
 * that adds a table fails the type check until this says whose it is.
 */
export interface TableOwners {
  orgs:
    | 'organisations'
    | 'organisation_closure'
    | 'organisation_successions'
    | 'organisation_competences'
    | 'organisation_settings'
    | 'hamlets'
    | 'people'
    | 'memberships'
    | 'users'
    | 'role_grants'
    | 'refresh_tokens'
    | 'user_identities'
    | 'sso_handoffs';
  cases:
    | 'cases'
    | 'case_events'
    | 'votes'
    | 'decisions'
    | 'deadlines'
    | 'outbox'
    | 'idempotency_keys'
    | 'timer_repairs'
    | 'operations_log'
    | 'calendar_years';
  /** report_decision_facts: written by triggers of migration 1767600000110 only, read by the admissions report. */
  reports: 'violations' | 'violation_history' | 'targets' | 'jobs' | 'report_decision_facts';
  audit: 'audit_log' | 'audit_chain_heads' | 'audit_anchors' | 'audit_outbox';
  notifications: 'notifications' | 'notification_preferences' | 'deliveries' | 'webhook_endpoints';
  imports: 'import_jobs' | 'imported_cases';
  paperwork: 'documents' | 'case_documents' | 'case_document_versions' | 'document_blobs';
  /** The clock and TypeORM's own record of applied migrations. */
  platform: 'clock_settings' | 'migrations';
  /** apps/cli's key rotation (`keys:rotate`). */
  cli: 'key_rotations';
}

export type TableOwner = keyof TableOwners;

/** The schema narrowed to what `owner` owns: `Kysely<DatabaseOf<'notifications'>>` cannot name `users`. */
export type DatabaseOf<Owner extends TableOwner> = Pick<DB, TableOwners[Owner]>;

/**
 * A table with some columns typed more narrowly than the schema can say (a jsonb column's shape).
 * Only columns the table has may be named.
 */
export type Refine<Table, Columns extends { [K in keyof Columns]: K extends keyof Table ? unknown : never }> = Omit<Table, keyof Columns> &
  Columns;

// Every table has an owner, and no table two: a failure here names the table
// ("Type '"new_table"' does not satisfy the constraint 'never'").
type None<T extends never> = T;
type OwnedTwice = {
  [A in TableOwner]: { [B in Exclude<TableOwner, A>]: TableOwners[A] & TableOwners[B] }[Exclude<TableOwner, A>];
}[TableOwner];
export type TablesWithoutOwner = None<Exclude<keyof DB, TableOwners[TableOwner]>>;
export type OwnedTablesNotInSchema = None<Exclude<TableOwners[TableOwner], keyof DB>>;
export type TablesOwnedTwice = None<OwnedTwice>;

/** `notification_id` -> `notificationId`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A selected row with its columns renamed to camelCase, as `SELECT notification_id AS "notificationId"` answers it. */
export type Camelized<Row> = { [K in keyof Row as K extends string ? CamelCase<K> : K]: Row[K] };
