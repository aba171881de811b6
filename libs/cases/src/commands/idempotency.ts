import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
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

/** A record past its 24 hours, and a claim whose request died: both are taken over (SQL over the alias's created_at). */
const EXPIRED = (k: string) => `(now() - ${k}.created_at) > make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
const STALE = (k: string) => `(now() - ${k}.created_at) > make_interval(secs => ${IN_FLIGHT_TAKEOVER_SECONDS})`;

/** An idempotency record as the transition's one read returns it (`idempotencyRecordSql`). */
export interface StoredIdempotency {
  hash: string;
  status: 'inFlight' | 'done';
  responseStatus: number | null;
  responseBody: unknown;
  expired: boolean;
  stale: boolean;
}

/**
 * The caller's record for the case row `c` as one column of the transition's read (null: none),
 * `user` and `key` being the statement's placeholders.
 */
export function idempotencyRecordSql(user: string, key: string): string {
  return `(SELECT json_build_object('hash', k.request_hash, 'status', k.status, 'responseStatus', k.response_status, 'responseBody', k.response_body,
            'expired', ${EXPIRED('k')}, 'stale', ${STALE('k')})
       FROM idempotency_keys k WHERE k.user_id = ${user}::uuid AND k.case_id = c.id AND k.key = ${key})`;
}

/**
 * What a request with an idempotency key does, given the record the read found: run (null), or
 * replay the stored answer; a key used with another body is a 422, a key in flight a 409. An
 * expired record, or a claim whose request died, is taken over by the write.
 */
export function replayOf(found: StoredIdempotency | null | undefined, hash: string): StoredResponse | null {
  if (!found || found.expired || (found.status === 'inFlight' && found.stale)) return null;
  if (found.hash !== hash) throw new CaseError(CASE_ERRORS.IDEMPOTENCY_MISMATCH, message('CASES.IDEMPOTENCY_KEY_WAS_USED_WITH'));
  if (found.status === 'inFlight') throw new CaseError(CASE_ERRORS.IDEMPOTENCY_IN_FLIGHT, message('CASES.REQUEST_WITH_KEY_IN_FLIGHT'));
  return { status: found.responseStatus ?? 200, body: found.responseBody };
}

/**
 * The record of a successful transition as a part of its writable CTE (`c`: the version-checked
 * update): it exists exactly when the transition does. It replaces whatever the key held (an
 * expired answer, a dead claim): the version check already made this request the one that happened.
 */
export function idempotencyWritePart(bind: (value: unknown) => string, userId: string, key: string, hash: string): string {
  return `ik AS (
        INSERT INTO idempotency_keys AS k (user_id, case_id, key, request_hash, status, response_status, response_body)
        SELECT ${bind(userId)}::uuid, c.id, ${bind(key)}, ${bind(hash)}, 'done', 200, jsonb_build_object('version', c.version) FROM c
        ON CONFLICT (user_id, case_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = 'done', response_status = 200,
          response_body = EXCLUDED.response_body, created_at = now())`;
}

/**
 * Idempotency keys scoped to (user, case). A success is recorded by the transition's own statement
 * (`idempotencyWritePart`), so the record exists exactly when the effect does; the record is read
 * with the case (`idempotencyRecordSql`). Two requests with one key race on the case's version:
 * the loser finds the winner's answer (`answered`) and gives it. Keys past their lifetime are
 * deleted by the worker's hourly `maintenance.purgeIdempotency` (`purgeExpired`).
 */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A refusal by the rules, stored as the key's final answer (its own statement; a concurrent first answer stays). */
  async storeRefusal(userId: string, caseId: string, key: string, hash: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `INSERT INTO idempotency_keys AS k (user_id, case_id, key, request_hash, status, response_status, response_body)
       VALUES ($1, $2, $3, $4, 'done', $5, $6)
       ON CONFLICT (user_id, case_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = 'done', response_status = EXCLUDED.response_status,
         response_body = EXCLUDED.response_body, created_at = now()
       WHERE ${EXPIRED('k')} OR (k.status = 'inFlight' AND ${STALE('k')})`,
      [userId, caseId, key, hash, response.status, JSON.stringify(response.body)],
    );
  }

  /** The stored answer for a key, after a version conflict: the concurrent request with the same key that won (null: none). */
  async answered(userId: string, caseId: string, key: string, hash: string): Promise<StoredResponse | null> {
    const [row] = (await this.db.query(
      `SELECT ${idempotencyRecordSql('$1', '$3')} AS found FROM cases c WHERE c.id = $2`,
      [userId, caseId, key],
    )) as { found: StoredIdempotency | null }[];
    return row?.found?.status === 'done' ? replayOf(row.found, hash) : null;
  }

  /** Deletes the keys past their lifetime (an expired key is never answered from: `EXPIRED`); the number deleted. */
  async purgeExpired(): Promise<number> {
    const result: [unknown, number] = await this.db.query(`DELETE FROM idempotency_keys k WHERE ${EXPIRED('k')}`);
    return result[1];
  }
}
