import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { dataSourceOptions, kyselyFor, type DatabaseOf } from '../../libs/platform/src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// The adapter of ADR 0004 stage 2 (libs/platform/src/database/kysely.ts): Kysely on TypeORM's pool,
// and inside a running TypeORM transaction, so queries can move from `.query()` one at a time.
type Db = DatabaseOf<'platform'>;

describe('Kysely over TypeORM (kyselyFor)', () => {
  let database: TestDatabase;
  let ds: DataSource;
  const count = async (on: DataSource) => Number((await on.query(`SELECT count(*) AS n FROM clock_settings`))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = new DataSource(dataSourceOptions({ url: database.url, poolSize: 3 }));
    await ds.initialize();
    await ds.query(`DELETE FROM clock_settings`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  it('runs on the pool: selects typed rows, counts affected rows, parses date and bigint as data-source.ts does', async () => {
    const db = kyselyFor<Db>(ds);
    expect(kyselyFor<Db>(ds)).toBe(db);
    await db.insertInto('clock_settings').values({ id: true, offset_ms: 5_000 }).execute();
    const row = await db
      .selectFrom('clock_settings')
      .select(['offset_ms', sql<string>`DATE '2026-03-05'`.as('day')])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ offset_ms: 5_000, day: '2026-03-05' });
    const updated = await db.updateTable('clock_settings').set({ offset_ms: 7_000 }).where('id', '=', true).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
    const deleted = await db.deleteFrom('clock_settings').executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(1n);
    // Every connection borrowed went back to the pool.
    const pool = (ds.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it("runs inside a TypeORM transaction: sees its writes, and the caller's rollback undoes its own", async () => {
    await expect(
      ds.transaction(async (em) => {
        const tx = kyselyFor<Db>(em);
        await em.query(`INSERT INTO clock_settings (id, offset_ms) VALUES (true, 1)`);
        expect(await tx.selectFrom('clock_settings').select('offset_ms').executeTakeFirst()).toEqual({ offset_ms: 1 });
        await tx.updateTable('clock_settings').set({ offset_ms: 2 }).execute();
        expect((await em.query(`SELECT offset_ms FROM clock_settings`))[0].offset_ms).toBe(2);
        // Outside the transaction nothing shows yet.
        expect(await count(ds)).toBe(0);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count(ds)).toBe(0);
  });

  it('a Kysely transaction inside a TypeORM one is a savepoint; one on the pool is a transaction', async () => {
    await ds.transaction(async (em) => {
      await em.query(`INSERT INTO clock_settings (id, offset_ms) VALUES (true, 1)`);
      await expect(
        kyselyFor<Db>(em)
          .transaction()
          .execute(async (trx) => {
            await trx.updateTable('clock_settings').set({ offset_ms: 99 }).execute();
            throw new Error('inner');
          }),
      ).rejects.toThrow('inner');
      expect((await em.query(`SELECT offset_ms FROM clock_settings`))[0].offset_ms).toBe(1);
    });
    expect(await count(ds)).toBe(1);
    await expect(
      kyselyFor<Db>(ds)
        .transaction()
        .execute(async (trx) => {
          await trx.deleteFrom('clock_settings').execute();
          throw new Error('undo');
        }),
    ).rejects.toThrow('undo');
    expect(await count(ds)).toBe(1);
    await kyselyFor<Db>(ds)
      .transaction()
      .setIsolationLevel('serializable')
      .execute((trx) => trx.deleteFrom('clock_settings').execute());
    expect(await count(ds)).toBe(0);
  });
});
