import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { InstanceChecker, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * Typed queries (ADR 0004) on the connections TypeORM already holds: a Kysely instance whose
 * every statement goes through a TypeORM QueryRunner, so it uses the one `pg` pool, shows in the
 * same logs and spans, and, given the EntityManager of a running `ds.transaction(...)`, runs
 * inside that transaction. Queries move from `.query()` to Kysely one at a time.
 *
 * - `kyselyFor<Db>(ds)` (or a manager outside a transaction): each statement borrows a pooled
 *   connection and returns it, as `ds.query()` does. `db.transaction().execute(...)` works too.
 * - `kyselyFor<Db>(em)` inside `ds.transaction((em) => ...)`: every statement runs on the
 *   transaction's connection; a Kysely transaction opened on it is a savepoint (TypeORM's nesting).
 *
 * `Db` is the caller's narrowed schema (`DatabaseOf<'notifications'>`, ownership.ts), so the
 * compiler refuses a table the library does not own.
 *
 * Traps: an array of an enum (`notification_kind[]`) comes back from `pg` as its text
 * (`'{a,b}'`): select it cast, `sql<Kind[]>\`kinds::text[]\``. `date` is a 'YYYY-MM-DD' string and
 * `bigint` a number (data-source.ts), as schema.generated.ts says.
 */
export function kyselyFor<Db>(on: DataSource | EntityManager): Kysely<Db> {
  const ds = InstanceChecker.isDataSource(on) ? on : on.dataSource;
  const runner = InstanceChecker.isDataSource(on) ? undefined : on.queryRunner;
  const key: object = runner ?? ds;
  let db = instances.get(key);
  if (!db) {
    db = new Kysely<unknown>({ dialect: new TypeOrmDialect(runner ? { runner } : { ds }) });
    instances.set(key, db);
  }
  return db as Kysely<Db>;
}

/** One Kysely per DataSource, and one per transaction's QueryRunner while it lives. */
const instances = new WeakMap<object, Kysely<unknown>>();

type Source = { runner: QueryRunner } | { ds: DataSource };

class TypeOrmDialect implements Dialect {
  constructor(private readonly source: Source) {}
  createAdapter(): PostgresAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new TypeOrmDriver(this.source);
  }
  createQueryCompiler(): PostgresQueryCompiler {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): PostgresIntrospector {
    return new PostgresIntrospector(db);
  }
}

class TypeOrmConnection implements DatabaseConnection {
  constructor(
    readonly runner: QueryRunner,
    /** True when this connection borrowed its runner and gives it back on release. */
    readonly owned: boolean,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // The structured result: rows and the affected count alike for every kind of statement
    // (plain `.query()` answers UPDATE/DELETE with `[rows, count]`, see rowsOf in data-source.ts).
    const result = await this.runner.query(compiled.sql, [...compiled.parameters], true);
    const rows = (Array.isArray(result.records) ? result.records : []) as R[];
    return typeof result.affected === 'number' ? { rows, numAffectedRows: BigInt(result.affected) } : { rows };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('kyselyFor: streaming is not supported over a TypeORM QueryRunner');
  }
}

const ISOLATION = {
  'read uncommitted': 'READ UNCOMMITTED',
  'read committed': 'READ COMMITTED',
  'repeatable read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
} as const;

class TypeOrmDriver implements Driver {
  constructor(private readonly source: Source) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if ('runner' in this.source) return new TypeOrmConnection(this.source.runner, false);
    return new TypeOrmConnection(this.source.ds.createQueryRunner(), true);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.accessMode) throw new Error('kyselyFor: transaction access modes are not supported');
    const level = settings.isolationLevel;
    if (level && !(level in ISOLATION)) throw new Error(`kyselyFor: isolation level ${level} is not PostgreSQL's`);
    await runnerOf(connection).startTransaction(level ? ISOLATION[level as keyof typeof ISOLATION] : undefined);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await runnerOf(connection).commitTransaction();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await runnerOf(connection).rollbackTransaction();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as TypeOrmConnection;
    if (c.owned && !c.runner.isReleased) await c.runner.release();
  }

  /** The pool belongs to TypeORM's DataSource: nothing to close here. */
  async destroy(): Promise<void> {}
}

function runnerOf(connection: DatabaseConnection): QueryRunner {
  return (connection as TypeOrmConnection).runner;
}
