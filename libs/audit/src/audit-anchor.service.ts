import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, anchorHash } from './audit.hash.js';
import type { AnchorHeads, AuditAnchor } from './audit.types.js';

/** Serialises anchor writers (two workers running the job at once). */
const ANCHOR_LOCK_KEY = 'audit:anchors';

/**
 * Chains the heads of every chain that moved since the previous anchor into audit_anchors. A chain's
 * tail removed after it was anchored (or a chain rewritten up to an anchored row) is then detected.
 * Idempotent: with nothing new it writes nothing (the job runs every 10 minutes, at least once).
 */
@Injectable()
export class AuditAnchorService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async anchor(): Promise<AuditAnchor | null> {
    return this.ds.transaction('READ COMMITTED', async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [ANCHOR_LOCK_KEY]);
      // SKIP LOCKED: a chain whose writer is mid-transaction is anchored next time, and the anchor
      // never waits on (or deadlocks with) a caller's long transaction.
      const moved = (await m.query(
        `SELECT chain, last_seq, last_hash FROM audit_chain_heads WHERE last_seq > anchored_seq ORDER BY chain FOR UPDATE SKIP LOCKED`,
      )) as { chain: string; last_seq: number; last_hash: string }[];
      if (moved.length === 0) return null;
      const [prev] = (await m.query(`SELECT seq, hash FROM audit_anchors ORDER BY seq DESC LIMIT 1`)) as { seq: number; hash: string }[];
      const heads: AnchorHeads = {};
      for (const h of moved) heads[h.chain] = { seq: h.last_seq, hash: h.last_hash };
      const anchor = { seq: (prev?.seq ?? 0) + 1, createdAt: new Date(), heads, prevHash: prev?.hash ?? GENESIS_HASH };
      const hash = anchorHash(anchor);
      const [row] = (await m.query(
        `INSERT INTO audit_anchors (seq, created_at, heads, prev_hash, hash) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`,
        [anchor.seq, anchor.createdAt, JSON.stringify(heads), anchor.prevHash, hash],
      )) as { id: string }[];
      await m.query(
        `UPDATE audit_chain_heads h SET anchored_seq = v.seq
         FROM unnest($1::text[], $2::int[]) AS v(chain, seq) WHERE h.chain = v.chain`,
        [moved.map((h) => h.chain), moved.map((h) => h.last_seq)],
      );
      return { id: String(row!.id), ...anchor, hash };
    });
  }
}
