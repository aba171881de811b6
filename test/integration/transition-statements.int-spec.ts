import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { CaseCommands } from '../../libs/cases/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { s1Events } from '../support/scenarios.js';

/**
 * Issue 20, items 1-3: a transition is one read and one write. Every SQL statement the API sends
 * through `pg` while `CaseCommands.apply` runs is counted (a hook on pg.Client.prototype.query,
 * attributed through AsyncLocalStorage, so nothing else in the process is counted), along the
 * S-1 path over HTTP. The bounds are the numbers reached; a regression fails here.
 */
interface Count {
  statements: string[];
}
const counting = new AsyncLocalStorage<Count>();
const original = pg.Client.prototype.query;

describe('statements and commits of one transition', () => {
  let t: TestApp;
  let admin: Client;
  const perEvent: { type: string; statements: string[] }[] = [];

  beforeAll(async () => {
    (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
      const c = counting.getStore();
      if (c) c.statements.push(typeof config === 'string' ? config : String((config as { text?: string })?.text ?? ''));
      return (original as (...a: unknown[]) => unknown).call(this, config, ...rest);
    };
    t = await startTestApp();
    const seeded = await seedDemo(t.app);
    await topUpRoll(t.app.get(DataSource), seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-01-05T03:00:00Z' }).expect(200);
    // The audit chainer, woken by the commit, writes the hash chain afterwards in its own
    // transactions (docs/adr/0005) and in its own async context (AuditChainer.detached): it follows
    // the transition, it is not part of it, so none of its statements is counted here.
    const commands = t.app.get(CaseCommands);
    const apply = commands.apply.bind(commands);
    commands.apply = (actor, cmd) => {
      const c: Count = { statements: [] };
      return counting.run(c, async () => {
        try {
          return await apply(actor, cmd);
        } finally {
          perEvent.push({ type: cmd.event.type, statements: c.statements });
        }
      });
    };
    const person = await admin
      .post('/api/v1/admin/people', {
        organisationId: seeded.organisations['DEMO-CB-SINHVIEN'],
        fullName: 'Nguyễn Thị Đếm',
        birthDate: '2004-05-12',
        sex: 'female',
        ethnicity: 'Kinh',
        occupation: 'student',
        educationLevel: 'upperSecondary',
      })
      .expect(201);
    const created = await admin
      .post('/api/v1/cases', { personId: person.body.id, organisationId: seeded.organisations['DEMO-CB-SINHVIEN'], candidate: { youthUnionMember: true } })
      .expect(201);
    let version = created.body.version as number;
    // Warm the caches (settings, closure, calendar) with a first transition, not counted.
    for (const event of s1Events(created.body.facts.org.competentBody)) {
      const res = await admin.post(`/api/v1/cases/${created.body.id}/events`, event, { 'If-Match': `"${version}"` });
      if (res.status !== 200) throw new Error(`${(event as { type: string }).type}: ${res.status} ${JSON.stringify(res.body).slice(0, 800)}`);
      version = res.body.version;
    }
    perEvent.shift();
  });
  afterAll(async () => {
    pg.Client.prototype.query = original;
    await t?.close();
  });

  const isCommit = (s: string) => /^\s*commit\b/i.test(s);
  const isBegin = (s: string) => /^\s*(begin|start transaction)\b/i.test(s);
  const isWrite = (s: string) => /^\s*(insert|update|delete)\b|^\s*with\b[\s\S]*\b(insert|update|delete)\b/i.test(s);

  /** Commits a list of statements makes: its COMMITs plus every write sent outside a transaction (autocommitted). */
  const commitsOf = (statements: string[]) => {
    let inside = false;
    let commits = 0;
    for (const s of statements) {
      if (isBegin(s)) inside = true;
      else if (isCommit(s)) {
        inside = false;
        commits++;
      } else if (isWrite(s) && !inside) commits++;
    }
    return commits;
  };

  it('commits once per transition: one autocommitted statement that writes everything, the audit entry included', () => {
    expect(perEvent.length).toBe(15);
    for (const e of perEvent) {
      expect({ type: e.type, commits: commitsOf(e.statements) }).toEqual({ type: e.type, commits: 1 });
      // Along S-1 the compliance catalogue has nothing to change: no transaction is opened, and the
      // one write carries the case, the event, its rows, the outbox and the request's audit entry.
      const writes = e.statements.filter(isWrite);
      expect({ type: e.type, begins: e.statements.filter(isBegin).length, writes: writes.length }).toEqual({ type: e.type, begins: 0, writes: 1 });
      expect({ type: e.type, audited: /INSERT INTO audit_outbox/.test(writes[0] ?? '') }).toEqual({ type: e.type, audited: true });
    }
  });

  it('reads the case once and writes it with one UPDATE cases', () => {
    for (const e of perEvent) {
      const caseReads = e.statements.filter((s) => /\bFROM cases c WHERE c\.id = \$1/.test(s));
      expect({ type: e.type, caseReads: caseReads.length }).toEqual({ type: e.type, caseReads: 1 });
      const caseUpdates = e.statements.filter((s) => /UPDATE cases\b/i.test(s));
      expect({ type: e.type, caseUpdates: caseUpdates.length }).toEqual({ type: e.type, caseUpdates: 1 });
      // The organisation closure and the settings come from the caches: no access or settings query
      // (a vote's roster figures, below, walk the closure to the committee).
      if (!/Voted|Signed/.test(e.type)) expect(e.statements.filter((s) => /org_scope_ids|organisation_settings|organisation_closure/.test(s))).toEqual([]);
    }
  });

  it('stays within the statement count reached (one read, one write; the test clock adds one read)', () => {
    const counts = perEvent.map((e) => ({ type: e.type, statements: e.statements.length }));
    // Events without a roster: the read, the settable clock of the tests (no SQL in production), the write.
    for (const c of counts.filter((x) => !/Voted|Signed/.test(x.type))) expect(c.statements).toBeLessThanOrEqual(3);
    // Votes add the roster figures of the meeting date (RosterService, per body).
    for (const c of counts.filter((x) => /Voted|Signed/.test(x.type))) expect(c.statements).toBeLessThanOrEqual(7);
    const mean = counts.reduce((n, c) => n + c.statements, 0) / counts.length;
    expect(mean).toBeLessThanOrEqual(3.5);
    process.stdout.write(`statements per transition (S-1): ${JSON.stringify(counts)} mean ${mean.toFixed(2)}\n`);
  });
});
