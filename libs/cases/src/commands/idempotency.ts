import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '#platform';
import { CASE_ERRORS, CaseError } from '../errors.js';
import { message } from '#messages';

/** Kept 24 hours (docs/api.md); an in-flight claim older than this is taken over (its request died). */
export const IDEMPOTENCY_TTL_HOURS = 24;
const IN_FLIGHT_TAKEOVER_SECONDS = 60;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** JSON with sorted keys, so the same body in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Idempotency keys scoped to (user, case). The claim is committed on its own before the command
 * runs, so a second request with the same key sees "in flight" (409) instead of waiting; the
 * response is stored in the command's own transaction, so it exists exactly when the effect does.
 */
export class IdempotencyStore {
  constructor(private readonly db: DataSource) {}

  /** Returns a stored response to replay, or null when the caller should run the command. */
  async claim(userId: string, caseId: string, key: string, hash: string): Promise<StoredResponse | null> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (user_id, case_id, key, request_hash, status)
       VALUES ($1, $2, $3, $4, 'inFlight') ON CONFLICT DO NOTHING RETURNING key`,
      [userId, caseId, key, hash],
    );
    if (inserted.length) return null;
    const [row] = (await this.db.query(
      `SELECT request_hash, status, response_status, response_body, created_at,
              (now() - created_at) > make_interval(hours => $4) AS expired,
              (now() - created_at) > make_interval(secs => $5) AS stale
         FROM idempotency_keys WHERE user_id = $1 AND case_id = $2 AND key = $3`,
      [userId, caseId, key, IDEMPOTENCY_TTL_HOURS, IN_FLIGHT_TAKEOVER_SECONDS],
    )) as { request_hash: string; status: string; response_status: number; response_body: unknown; expired: boolean; stale: boolean }[];
    if (!row) return this.claim(userId, caseId, key, hash);
    if (row.expired || (row.status === 'inFlight' && row.stale)) {
      const taken = rowsOf(await this.db.query(
        `UPDATE idempotency_keys SET request_hash = $4, status = 'inFlight', response_status = NULL, response_body = NULL, created_at = now()
          WHERE user_id = $1 AND case_id = $2 AND key = $3 AND created_at = (SELECT created_at FROM idempotency_keys WHERE user_id = $1 AND case_id = $2 AND key = $3)
          RETURNING key`,
        [userId, caseId, key, hash],
      ));
      if (taken.length) return null;
    }
    if (row.request_hash !== hash) {
      throw new CaseError(
        CASE_ERRORS.IDEMPOTENCY_MISMATCH,
        message('CASES.IDEMPOTENCY_KEY_WAS_USED_WITH'),
      );
    }
    if (row.status === 'inFlight') {
      throw new CaseError(CASE_ERRORS.IDEMPOTENCY_IN_FLIGHT, message('CASES.REQUEST_WITH_KEY_IN_FLIGHT'));
    }
    return { status: row.response_status, body: row.response_body };
  }

  /** Store the response inside the command's transaction. */
  async complete(manager: EntityManager, userId: string, caseId: string, key: string, response: StoredResponse): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET status = 'done', response_status = $4, response_body = $5 WHERE user_id = $1 AND case_id = $2 AND key = $3`,
      [userId, caseId, key, response.status, JSON.stringify(response.body)],
    );
  }

  /** The command failed without effect (e.g. a 422): release the claim so the key can be retried. */
  async release(userId: string, caseId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND case_id = $2 AND key = $3 AND status = 'inFlight'`, [userId, caseId, key]);
  }

  async purgeExpired(): Promise<number> {
    const rows = rowsOf(await this.db.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) RETURNING key`,
      [IDEMPOTENCY_TTL_HOURS],
    ));
    return rows.length;
  }
}
