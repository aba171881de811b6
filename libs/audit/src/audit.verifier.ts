import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { GENESIS_HASH, anchorHash, rowHash } from './audit.hash.js';
import { toRecord, type AuditRow } from './audit.service.js';
import type { AnchorHeads, AuditProblem, AuditVerification } from './audit.types.js';

const BATCH = 2000;
const MAX_PROBLEMS = 100;
export const ANCHOR_CHAIN = 'anchors';

interface AnchorRow {
  id: string;
  seq: number;
  created_at: Date;
  heads: AnchorHeads;
  prev_hash: string;
  hash: string;
}

/** What the anchors say each chain had reached, folded over every anchor in order. */
type AnchoredHeads = Map<string, { seq: number; hash: string; anchorSeq: number }>;

/**
 * Walks every chain (or one) in a consistent snapshot: recomputes each row's hash, checks that seqs
 * run 1, 2, 3... and that each row links to the previous row's hash, then checks the anchors
 * (their own chain, and that every anchored head is still there with the same hash).
 */
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async verify(options: { chain?: string } = {}): Promise<AuditVerification> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const result = await this.run(runner.manager, options.chain);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async run(m: EntityManager, onlyChain: string | undefined): Promise<AuditVerification> {
    const problems: AuditProblem[] = [];
    const { anchored, anchorsChecked, latestAnchor, anchorProblem } = await this.checkAnchors(m);
    if (anchorProblem && onlyChain === undefined) problems.push(anchorProblem);

    let chainsChecked = 0;
    let rowsChecked = 0;
    const seen = new Set<string>();
    let state: ChainState | null = null;
    const finish = (s: ChainState): void => {
      chainsChecked++;
      seen.add(s.chain);
      const p = s.problem ?? checkAnchoredHead(s, anchored.get(s.chain));
      if (p) problems.push(p);
    };

    let after: [string, number] | null = onlyChain === undefined ? null : [onlyChain, 0];
    for (;;) {
      const params: unknown[] = [];
      let where = '';
      if (onlyChain !== undefined) {
        params.push(onlyChain, after![1]);
        where = 'WHERE chain = $1 AND chain_seq > $2';
      } else if (after) {
        params.push(after[0], after[1]);
        where = 'WHERE (chain, chain_seq) > ($1, $2)';
      }
      params.push(BATCH);
      const rows = (await m.query(
        `SELECT * FROM audit_log ${where} ORDER BY chain, chain_seq LIMIT $${params.length}`,
        params,
      )) as AuditRow[];
      for (const row of rows) {
        if (!state || state.chain !== row.chain) {
          if (state) finish(state);
          state = { chain: row.chain, expectedSeq: 1, prevHash: GENESIS_HASH, lastSeq: 0, hashAtSeq: new Map(), problem: null };
        }
        rowsChecked++;
        checkRow(state, row, anchored.get(row.chain)?.seq);
      }
      if (rows.length < BATCH) break;
      const last = rows[rows.length - 1]!;
      after = [last.chain, last.chain_seq];
    }
    if (state) finish(state);

    // Chains the anchors know but whose rows are all gone.
    for (const [chain, head] of [...anchored].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (seen.has(chain) || (onlyChain !== undefined && chain !== onlyChain)) continue;
      chainsChecked++;
      problems.push({ chain, seq: 1, id: null, problem: 'tail removed after anchor', detail: `anchor ${head.anchorSeq} recorded seq ${head.seq}; no row of this chain is left` });
    }

    problems.sort((a, b) => (a.chain === ANCHOR_CHAIN ? -1 : b.chain === ANCHOR_CHAIN ? 1 : a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
    const capped = problems.slice(0, MAX_PROBLEMS);
    return { ok: problems.length === 0, chainsChecked, rowsChecked, anchorsChecked, latestAnchor, firstProblem: capped[0] ?? null, problems: capped };
  }

  private async checkAnchors(m: EntityManager): Promise<{
    anchored: AnchoredHeads;
    anchorsChecked: number;
    latestAnchor: AuditVerification['latestAnchor'];
    anchorProblem: AuditProblem | null;
  }> {
    const anchored: AnchoredHeads = new Map();
    let anchorsChecked = 0;
    let latestAnchor: AuditVerification['latestAnchor'] = null;
    let anchorProblem: AuditProblem | null = null;
    let expected = 1;
    let prevHash = GENESIS_HASH;
    let lastSeq = 0;
    for (;;) {
      const rows = (await m.query(`SELECT * FROM audit_anchors WHERE seq > $1 ORDER BY seq LIMIT $2`, [lastSeq, BATCH])) as AnchorRow[];
      for (const a of rows) {
        anchorsChecked++;
        const id = String(a.id);
        if (!anchorProblem) {
          if (a.seq !== expected) anchorProblem = { chain: ANCHOR_CHAIN, seq: expected, id, problem: 'gap', detail: `anchor ${expected} missing (next present: ${a.seq})` };
          else if (anchorHash({ seq: a.seq, createdAt: a.created_at, heads: a.heads, prevHash: a.prev_hash }) !== a.hash)
            anchorProblem = { chain: ANCHOR_CHAIN, seq: a.seq, id, problem: 'hash mismatch', detail: 'the anchor’s content does not match its hash' };
          else if (a.prev_hash !== prevHash)
            anchorProblem = { chain: ANCHOR_CHAIN, seq: a.seq, id, problem: 'broken link', detail: `prev_hash does not match the hash of anchor ${a.seq - 1}` };
        }
        // Later anchors only move heads forward; fold them all (even past a problem: more to check).
        for (const [chain, head] of Object.entries(a.heads)) {
          const known = anchored.get(chain);
          if (!known || head.seq >= known.seq) anchored.set(chain, { seq: head.seq, hash: head.hash, anchorSeq: a.seq });
        }
        expected = a.seq + 1;
        prevHash = a.hash;
        lastSeq = a.seq;
        latestAnchor = { id, seq: a.seq, createdAt: a.created_at.toISOString(), hash: a.hash };
      }
      if (rows.length < BATCH) break;
    }
    return { anchored, anchorsChecked, latestAnchor, anchorProblem };
  }
}

interface ChainState {
  chain: string;
  expectedSeq: number;
  prevHash: string;
  lastSeq: number;
  /** The hash of the row at the anchored seq, to compare with the anchor. */
  hashAtSeq: Map<number, { id: string; hash: string }>;
  problem: AuditProblem | null;
}

function checkRow(s: ChainState, row: AuditRow, anchoredSeq: number | undefined): void {
  const id = String(row.id);
  s.lastSeq = row.chain_seq;
  if (row.chain_seq === anchoredSeq) s.hashAtSeq.set(row.chain_seq, { id, hash: row.hash });
  if (s.problem) return;
  const at = (problem: AuditProblem['problem'], detail: string, seq = row.chain_seq): void => {
    s.problem = { chain: s.chain, seq, id, problem, detail };
  };
  if (row.chain_seq !== s.expectedSeq) {
    at('gap', `seq ${s.expectedSeq}${row.chain_seq - s.expectedSeq > 1 ? `..${row.chain_seq - 1}` : ''} missing (next present: ${row.chain_seq}, id ${id})`, s.expectedSeq);
    return;
  }
  const record = toRecord(row);
  if (rowHash(record) !== row.hash) {
    at('hash mismatch', 'the row’s content does not match its hash (altered after it was written)');
    return;
  }
  if (row.prev_hash !== s.prevHash) {
    at('broken link', `prev_hash does not match the hash of seq ${row.chain_seq - 1}`);
    return;
  }
  s.expectedSeq = row.chain_seq + 1;
  s.prevHash = row.hash;
}

function checkAnchoredHead(s: ChainState, head: { seq: number; hash: string; anchorSeq: number } | undefined): AuditProblem | null {
  if (!head) return null;
  if (s.lastSeq < head.seq) {
    return {
      chain: s.chain,
      seq: s.lastSeq + 1,
      id: null,
      problem: 'tail removed after anchor',
      detail: `anchor ${head.anchorSeq} recorded seq ${head.seq}; the chain now ends at seq ${s.lastSeq}`,
    };
  }
  const row = s.hashAtSeq.get(head.seq);
  if (row && row.hash !== head.hash) {
    return { chain: s.chain, seq: head.seq, id: row.id, problem: 'anchor mismatch', detail: `the row differs from the one anchor ${head.anchorSeq} recorded (chain rewritten)` };
  }
  return null;
}
