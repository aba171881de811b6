import { createHash } from 'node:crypto';
import type { AnchorHeads, HashedRowFields } from './audit.types.js';

export type { HashedRowFields };

/** prev_hash of the first row of every chain and of the first anchor. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the hashed field set ever changes; old rows keep verifying under their version. */
export const HASH_VERSION = 1;

/** JSON with object keys sorted at every level and undefined dropped: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function rowHash(f: HashedRowFields): string {
  return sha256Hex(
    canonicalJson({
      v: HASH_VERSION,
      occurredAt: f.occurredAt.toISOString(),
      actorUserId: f.actorUserId,
      actorRole: f.actorRole,
      sessionId: f.sessionId,
      ip: f.ip,
      userAgent: f.userAgent,
      requestId: f.requestId,
      action: f.action,
      resourceType: f.resourceType,
      resourceId: f.resourceId,
      caseId: f.caseId,
      outcome: f.outcome,
      statusCode: f.statusCode,
      details: f.details,
      chain: f.chain,
      chainSeq: f.chainSeq,
      prevHash: f.prevHash,
    }),
  );
}

export function anchorHash(a: { seq: number; createdAt: Date; heads: AnchorHeads; prevHash: string }): string {
  return sha256Hex(canonicalJson({ v: HASH_VERSION, seq: a.seq, createdAt: a.createdAt.toISOString(), heads: a.heads, prevHash: a.prevHash }));
}
