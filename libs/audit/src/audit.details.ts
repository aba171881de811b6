import type { AuditJson } from './audit.types.js';

/**
 * Keys whose values are personal data or secrets: dropped from `details` wherever they appear.
 * The audit trail records ids and codes; the values live (encrypted) in their own tables.
 */
const FORBIDDEN_KEYS = new Set(
  ['fullName', 'name', 'citizenId', 'birthDate', 'dateOfBirth', 'email', 'phone', 'address', 'password', 'token', 'accessToken', 'refreshToken', 'authorization', 'cookie'].map(
    (k) => k.toLowerCase(),
  ),
);

const MAX_STRING = 200;
const MAX_DEPTH = 5;

/** A JSON-safe copy of `details` without personal-data keys, long strings cut, depth bounded. */
export function sanitizeDetails(details: Record<string, unknown> | undefined): Record<string, AuditJson> {
  const out = clean(details ?? {}, 0);
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? out : {};
}

function clean(value: unknown, depth: number): AuditJson {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.replaceAll(String.fromCharCode(0), '').slice(0, MAX_STRING);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => clean(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, AuditJson> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || FORBIDDEN_KEYS.has(k.toLowerCase())) continue;
      out[k] = clean(v, depth + 1);
    }
    return out;
  }
  return null;
}
