import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditAnchorService, AuditChainer, AuditService, AuditVerifier, type AuditEntry, verifyAuditAt } from '#audit';
import { dataSourceOptions } from '#platform';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** Real PostgreSQL, cloned from the template migrated with the real migrations. */
describe('audit trail (tamper evidence)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let audit: AuditService;
  let verifier: AuditVerifier;
  let anchors: AuditAnchorService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 25 }));
    await ds.initialize();
    audit = new AuditService(ds);
    verifier = new AuditVerifier(ds);
    anchors = new AuditAnchorService(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const entry = (caseId: string, n: number): AuditEntry => ({
    action: 'case.event',
    outcome: 'ok',
    caseId,
    actorUserId: randomUUID(),
    actorRole: 'cellCommittee',
    requestId: `req-${n}`,
    statusCode: 200,
    details: { eventType: 'cell.resolutionPassed', n, nested: { b: 2, a: [1, 'x', null] } },
  });

  async function appendCase(rows: number): Promise<{ caseId: string; chain: string; ids: string[] }> {
    const caseId = randomUUID();
    const ids: string[] = [];
    for (let i = 1; i <= rows; i++) ids.push((await audit.record(entry(caseId, i))).id);
    await audit.flush();
    return { caseId, chain: `case:${caseId}`, ids };
  }

  /** Tampering as the superuser, with the append-only trigger switched off for the statement. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await ds.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      await m.query(sql, params);
      await m.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    });
  }

  it('appends continuous, linked rows per chain and verifies clean', async () => {
    const a = await appendCase(5);
    const b = await appendCase(3);
    const session = await audit.record({ action: 'auth.login', outcome: 'ok', sessionId: 'sess-1', actorUserId: randomUUID(), ip: '127.0.0.1', userAgent: 'x'.repeat(1000) });
    expect(session.chain).toBe('session:sess-1');
    await audit.flush();
    const rows = (await ds.query(`SELECT chain_seq, prev_hash, hash, user_agent FROM audit_log WHERE chain = $1 ORDER BY chain_seq`, [a.chain])) as {
      chain_seq: number;
      prev_hash: string;
      hash: string;
    }[];
    expect(rows.map((r) => r.chain_seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const [ua] = (await ds.query(`SELECT user_agent FROM audit_log WHERE chain = 'session:sess-1'`)) as { user_agent: string }[];
    expect(ua!.user_agent).toHaveLength(256);

    const all = await verifier.verify();
    expect(all).toMatchObject({ ok: true, firstProblem: null, problems: [] });
    expect(all.rowsChecked).toBeGreaterThanOrEqual(9);
    expect(await verifier.verify({ chain: b.chain })).toMatchObject({ ok: true, chainsChecked: 1, rowsChecked: 3 });
  });

  it('records one outbox row; the chainer moves it into audit_log with the same id', async () => {
    const caseId = randomUUID();
    // Another "process" holds the chainer's lock: the entry stays pending, and drain waits for it.
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('audit:chainer'))`);
    const r = await audit.record(entry(caseId, 1));
    await new Promise((ok) => setTimeout(ok, 100));
    const [pending] = (await ds.query(`SELECT id::text, chain, action FROM audit_outbox WHERE id = $1`, [r.id])) as { id: string }[];
    expect(pending).toEqual({ id: r.id, chain: `case:${caseId}`, action: 'case.event' });
    expect(await ds.query(`SELECT 1 FROM audit_log WHERE case_id = $1`, [caseId])).toHaveLength(0);
    const flushed = audit.flush();
    await new Promise((ok) => setTimeout(ok, 100));
    await holder.query(`SELECT pg_advisory_unlock(hashtext('audit:chainer'))`);
    await holder.release();
    await flushed;
    expect(await ds.query(`SELECT 1 FROM audit_outbox WHERE id = $1`, [r.id])).toHaveLength(0);
    expect(await ds.query(`SELECT id::text, chain, chain_seq FROM audit_log WHERE case_id = $1`, [caseId])).toEqual([{ id: r.id, chain: `case:${caseId}`, chain_seq: 1 }]);
    const [head] = (await ds.query(`SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain = $1`, [`case:${caseId}`])) as { last_seq: number; last_hash: string }[];
    const [row] = (await ds.query(`SELECT hash FROM audit_log WHERE id = $1`, [r.id])) as { hash: string }[];
    expect(head).toEqual({ last_seq: 1, last_hash: row!.hash });
  });

  it('several chainers at once (one per process) chain every entry exactly once, in id order per chain', async () => {
    const cases = Array.from({ length: 5 }, () => randomUUID());
    const ids: string[] = [];
    for (let i = 0; i < 600; i++) ids.push((await audit.record(entry(cases[i % 5]!, i))).id);
    const others = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const o = new DataSource(dataSourceOptions({ url: db.url, poolSize: 2 }));
        await o.initialize();
        return o;
      }),
    );
    try {
      const chained = await Promise.all(others.map((o) => new AuditChainer(o).drain({ batch: 25 })));
      await audit.flush();
      expect(chained.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(600);
    } finally {
      await Promise.all(others.map((o) => o.destroy()));
    }
    for (const caseId of cases) {
      const rows = (await ds.query(`SELECT id, chain_seq FROM audit_log WHERE case_id = $1 ORDER BY id`, [caseId])) as { id: string; chain_seq: number }[];
      expect(rows.map((r) => r.chain_seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      expect((await verifier.verify({ chain: `case:${caseId}` })).ok).toBe(true);
    }
    const [{ n }] = (await ds.query(`SELECT count(DISTINCT id)::int AS n FROM audit_log WHERE id = ANY($1::bigint[])`, [ids])) as { n: number }[];
    expect(n).toBe(600);
    expect(await ds.query(`SELECT 1 FROM audit_outbox`)).toHaveLength(0);
  });

  it("chains an entry as soon as the caller's transaction commits (no poll loop runs here)", async () => {
    const caseId = randomUUID();
    await ds.transaction(async (m) => {
      await audit.record(entry(caseId, 1), m);
    });
    const until = Date.now() + 5_000;
    let rows: unknown[] = [];
    while (rows.length === 0 && Date.now() < until) {
      await new Promise((ok) => setTimeout(ok, 10));
      rows = await ds.query(`SELECT chain_seq FROM audit_log WHERE case_id = $1`, [caseId]);
    }
    expect(rows).toEqual([{ chain_seq: 1 }]);
  });

  it('drops personal-data keys from details', async () => {
    const r = await audit.record({ action: 'export.personalData', outcome: 'ok', actorUserId: randomUUID(), details: { personId: 'p-1', fullName: 'Nguyễn Văn A', nested: { citizenId: '0123' } } });
    await audit.flush();
    const [row] = (await ds.query(`SELECT details FROM audit_log WHERE id = $1`, [r.id])) as { details: unknown }[];
    expect(row!.details).toEqual({ personId: 'p-1', nested: {} });
    expect((await verifier.verify({ chain: r.chain })).ok).toBe(true);
  });

  it("commits with the caller's transaction and leaves nothing when it rolls back", async () => {
    const caseId = randomUUID();
    await expect(
      ds.transaction(async (m: EntityManager) => {
        await audit.record(entry(caseId, 1), m);
        throw new Error('command refused');
      }),
    ).rejects.toThrow('command refused');
    await audit.flush();
    expect(await ds.query(`SELECT 1 FROM audit_outbox WHERE case_id = $1`, [caseId])).toHaveLength(0);
    expect(await ds.query(`SELECT 1 FROM audit_log WHERE case_id = $1`, [caseId])).toHaveLength(0);
    await ds.transaction(async (m) => {
      await audit.record(entry(caseId, 1), m);
      await audit.record(entry(caseId, 2), m);
    });
    await audit.flush();
    const seqs = (await ds.query(`SELECT chain_seq FROM audit_log WHERE case_id = $1 ORDER BY chain_seq`, [caseId])) as { chain_seq: number }[];
    expect(seqs.map((r) => r.chain_seq)).toEqual([1, 2]);
    expect((await verifier.verify({ chain: `case:${caseId}` })).ok).toBe(true);
  });

  it('names exactly the row whose details were altered', async () => {
    const c = await appendCase(6);
    const victim = c.ids[3]!; // seq 4
    await tamper(`UPDATE audit_log SET details = jsonb_set(details, '{eventType}', '"cell.resolutionFailed"') WHERE id = $1`, [victim]);
    const r = await verifier.verify({ chain: c.chain });
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ chain: c.chain, seq: 4, id: victim, problem: 'hash mismatch' });
    expect(r.problems).toHaveLength(1);
    // The whole-trail walk names it too.
    const all = await verifier.verify();
    expect(all.problems).toContainEqual(expect.objectContaining({ chain: c.chain, seq: 4, id: victim, problem: 'hash mismatch' }));
  });

  it('names a deleted middle row as a gap', async () => {
    const c = await appendCase(5);
    await tamper(`DELETE FROM audit_log WHERE id = $1`, [c.ids[2]]); // seq 3
    const r = await verifier.verify({ chain: c.chain });
    expect(r.firstProblem).toMatchObject({ chain: c.chain, seq: 3, id: c.ids[3], problem: 'gap' });
  });

  it('detects a row relinked with a recomputed hash (broken link)', async () => {
    const c = await appendCase(4);
    await tamper(`UPDATE audit_log SET prev_hash = $2 WHERE id = $1`, [c.ids[1], 'f'.repeat(64)]);
    // Recompute seq 2's hash so its content matches: only the link to seq 1 is then wrong.
    const { rowHash } = await import('#audit');
    const [row] = (await ds.query(`SELECT * FROM audit_log WHERE id = $1`, [c.ids[1]])) as Record<string, unknown>[];
    const recomputed = rowHash({
      occurredAt: row!.occurred_at as Date,
      actorUserId: row!.actor_user_id as string,
      actorRole: row!.actor_role as string,
      sessionId: null,
      ip: null,
      userAgent: null,
      requestId: row!.request_id as string,
      action: row!.action as string,
      resourceType: null,
      resourceId: null,
      caseId: row!.case_id as string,
      outcome: 'ok',
      statusCode: 200,
      details: row!.details as Record<string, never>,
      chain: c.chain,
      chainSeq: 2,
      prevHash: 'f'.repeat(64),
    });
    await tamper(`UPDATE audit_log SET hash = $2 WHERE id = $1`, [c.ids[1], recomputed]);
    const r = await verifier.verify({ chain: c.chain });
    expect(r.firstProblem).toMatchObject({ chain: c.chain, seq: 2, id: c.ids[1], problem: 'broken link' });
  });

  it('detects the tail of a chain removed after an anchor, and a whole chain removed', async () => {
    const c = await appendCase(5);
    const gone = await appendCase(2);
    const anchor = await anchors.anchor();
    expect(anchor).not.toBeNull();
    expect(anchor!.heads[c.chain]).toMatchObject({ seq: 5 });
    expect(await anchors.anchor()).toBeNull(); // nothing moved: nothing written

    // Remove seq 4 and 5: the remaining chain is internally consistent, only the anchor knows.
    await tamper(`DELETE FROM audit_log WHERE chain = $1 AND chain_seq >= 4`, [c.chain]);
    await tamper(`DELETE FROM audit_log WHERE chain = $1`, [gone.chain]);
    const r = await verifier.verify({ chain: c.chain });
    expect(r.firstProblem).toMatchObject({ chain: c.chain, seq: 4, id: null, problem: 'tail removed after anchor' });
    expect(r.latestAnchor).toMatchObject({ seq: anchor!.seq, hash: anchor!.hash });
    const all = await verifier.verify();
    expect(all.problems).toContainEqual(expect.objectContaining({ chain: gone.chain, problem: 'tail removed after anchor' }));
  });

  it('detects a chain rewritten up to an anchored row (anchor mismatch)', async () => {
    const caseId = randomUUID();
    await audit.record(entry(caseId, 1));
    await audit.flush();
    await anchors.anchor();
    // Replace the whole chain with a forged, self-consistent one.
    await tamper(`DELETE FROM audit_log WHERE case_id = $1`, [caseId]);
    await ds.query(`UPDATE audit_chain_heads SET last_seq = 0, last_hash = $2 WHERE chain = $1`, [`case:${caseId}`, '0'.repeat(64)]);
    await audit.record({ ...entry(caseId, 1), details: { eventType: 'forged' } });
    await audit.flush();
    const r = await verifier.verify({ chain: `case:${caseId}` });
    expect(r.firstProblem).toMatchObject({ seq: 1, problem: 'anchor mismatch' });
  });

  it('detects a tampered anchor', async () => {
    await appendCase(1);
    const a = await anchors.anchor();
    await ds.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_anchors DISABLE TRIGGER audit_anchors_append_only`);
      await m.query(`UPDATE audit_anchors SET heads = '{}'::jsonb WHERE id = $1`, [a!.id]);
      await m.query(`ALTER TABLE audit_anchors ENABLE TRIGGER audit_anchors_append_only`);
    });
    const r = await verifier.verify();
    expect(r.firstProblem).toMatchObject({ chain: 'anchors', seq: a!.seq, id: a!.id, problem: 'hash mismatch' });
    expect((await verifyAuditAt(db.url)).ok).toBe(false);
  });

  it('keeps every sequence continuous under concurrent appends to 20 chains', async () => {
    const chains = Array.from({ length: 20 }, () => randomUUID());
    const perChain = 15;
    const started = Date.now();
    await Promise.all(chains.flatMap((caseId) => Array.from({ length: perChain }, (_, i) => audit.record(entry(caseId, i + 1)))));
    await audit.flush();
    const elapsed = Date.now() - started;
    for (const caseId of chains) {
      const seqs = (await ds.query(`SELECT chain_seq FROM audit_log WHERE case_id = $1 ORDER BY chain_seq`, [caseId])) as { chain_seq: number }[];
      expect(seqs.map((r) => r.chain_seq)).toEqual(Array.from({ length: perChain }, (_, i) => i + 1));
      expect((await verifier.verify({ chain: `case:${caseId}` })).ok).toBe(true);
    }
    expect(elapsed).toBeLessThan(20_000);
  });

  it('serialises concurrent appends to one chain without losing a seq', async () => {
    const caseId = randomUUID();
    await Promise.all(Array.from({ length: 30 }, (_, i) => audit.record(entry(caseId, i + 1))));
    await audit.flush();
    const seqs = (await ds.query(`SELECT chain_seq FROM audit_log WHERE case_id = $1 ORDER BY chain_seq`, [caseId])) as { chain_seq: number }[];
    expect(seqs.map((r) => r.chain_seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await verifier.verify({ chain: `case:${caseId}` })).ok).toBe(true);
  });

  describe('the application role ket_nap_app', () => {
    async function asApp<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
      return ds.transaction(async (m) => {
        await m.query(`SET LOCAL ROLE ket_nap_app`);
        return fn(m);
      });
    }

    it('may insert and read audit rows', async () => {
      const caseId = randomUUID();
      const r = await asApp((m) => audit.record(entry(caseId, 1), m));
      await audit.flush();
      const rows = await asApp((m) => m.query(`SELECT id::text, chain_seq FROM audit_log WHERE case_id = $1`, [caseId]));
      expect(rows).toEqual([{ id: r.id, chain_seq: 1 }]);
    });

    it('runs the whole service (record, anchor, verify) when connected with role=ket_nap_app (docs/security.md)', async () => {
      const url = new URL(db.url);
      url.searchParams.set('options', '-c role=ket_nap_app');
      const app = new DataSource(dataSourceOptions({ url: url.toString(), poolSize: 2 }));
      await app.initialize();
      try {
        expect(await app.query(`SELECT current_user AS u`)).toEqual([{ u: 'ket_nap_app' }]);
        const caseId = randomUUID();
        const service = new AuditService(app);
        await service.record(entry(caseId, 1));
        await service.flush();
        expect(await new AuditAnchorService(app).anchor()).not.toBeNull();
        const r = await new AuditVerifier(app).verify({ chain: `case:${caseId}` });
        expect(r).toMatchObject({ ok: true, rowsChecked: 1 });
        await expect(app.query(`DELETE FROM audit_log WHERE case_id = $1`, [caseId])).rejects.toThrow(/permission denied/);
      } finally {
        await app.destroy();
      }
    });

    it.each([
      ['UPDATE', `UPDATE audit_log SET outcome = 'error'`],
      ['DELETE', `DELETE FROM audit_log`],
      ['TRUNCATE', `TRUNCATE audit_log`],
      ['UPDATE anchors', `UPDATE audit_anchors SET heads = '{}'::jsonb`],
      ['DELETE anchors', `DELETE FROM audit_anchors`],
      ['UPDATE pending entries', `UPDATE audit_outbox SET outcome = 'error'`],
    ])('may not %s', async (_name, sql) => {
      await expect(asApp((m) => m.query(sql))).rejects.toThrow(/permission denied/);
    });

    it('is stopped by the trigger even where a role holds UPDATE/DELETE (the owner)', async () => {
      await expect(ds.query(`UPDATE audit_log SET outcome = 'error'`)).rejects.toThrow(/append-only/);
      await expect(ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    });
  });
});
