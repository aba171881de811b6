import type { LocalDate } from '../dates.js';
import { editionOn } from '../editions.js';
import { resolveCitations } from './define-rule.js';
import { RULES_BY_ID } from './rulebook.js';
import type { RuleId, RuleResult } from './rule.types.js';

/**
 * A passed rule stored by reference (issue 20, item 4): its id, and only what the rulebook cannot
 * give back — the facts it saw and its flags. The kind, texts, citation and edition are rebuilt
 * from the rule id and the measuring date by the rulebook's own citation lookup.
 */
export type PassedRuleRef = RuleId | ({ id: RuleId; on?: LocalDate } & Record<string, unknown>);

/**
 * `case_events.rule_results` in the compact shape: the results in their order, each a full result
 * (a failure, or anything the rulebook would not rebuild exactly) or a reference to a passed rule.
 * Rows written before this shape hold the plain array of full results; both are read.
 */
export interface CompactRuleResults {
  compact: 1;
  /** The measuring date of the references (each may carry its own `on`). */
  on: LocalDate | null;
  results: (RuleResult | PassedRuleRef)[];
}

export type StoredRuleResults = RuleResult[] | CompactRuleResults;

const FIXED_KEYS = new Set(['id', 'kind', 'blocking', 'vi', 'en', 'citation', 'on', 'edition', 'passed']);

/** What the rulebook gives for a passed rule evaluated on `on`, before its own outcome's keys. */
function rebuild(id: RuleId, on: LocalDate, rest: Record<string, unknown>): RuleResult | null {
  const rule = RULES_BY_ID[id];
  if (!rule) return null;
  const result = {
    id: rule.id,
    kind: rule.kind,
    blocking: rule.blocking,
    vi: rule.vi,
    en: rule.en,
    citation: resolveCitations(rule.citations, on),
    on,
    passed: true,
    facts: {},
    ...rest,
  } as RuleResult;
  try {
    result.edition = editionOn(on).id;
  } catch {
    // Before the first edition: imported history, no edition (as defineRule does).
  }
  return result;
}

/** Deep equality of two JSON values as stored (key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The stored form of an event's rule results: failures in full, passed rules as references. A
 * passed result is referenced only when its expansion gives it back exactly (checked here), so
 * nothing a reader saw can be lost.
 */
export function compactRuleResults(results: readonly RuleResult[]): CompactRuleResults {
  const on = results.find((r) => r.passed)?.on ?? results[0]?.on ?? null;
  const out: (RuleResult | PassedRuleRef)[] = [];
  for (const r of results) {
    if (!r.passed) {
      out.push(r);
      continue;
    }
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!FIXED_KEYS.has(k) && v !== undefined) rest[k] = v;
    if (sameJson(rest.facts, {})) delete rest.facts;
    const ref: PassedRuleRef = Object.keys(rest).length === 0 && r.on === on ? r.id : { id: r.id, ...(r.on !== on ? { on: r.on } : {}), ...rest };
    const back = expandOne(ref, on);
    out.push(back && sameJson(back, r) ? ref : r);
  }
  return { compact: 1, on, results: out };
}

function expandOne(entry: RuleResult | PassedRuleRef, on: LocalDate | null): RuleResult | null {
  if (typeof entry === 'string') return on ? rebuild(entry, on, {}) : null;
  if ('citation' in entry) return entry as RuleResult;
  const { id, on: own, ...rest } = entry;
  const date = (own as LocalDate | undefined) ?? on;
  return date ? rebuild(id, date, rest) : null;
}

/**
 * What readers see: the full results in their order, from either stored shape (the old plain
 * array is returned as it is). A reference to a rule the rulebook no longer knows is kept as
 * `{ id, passed: true }` rather than dropped.
 */
export function expandRuleResults(stored: unknown): RuleResult[] {
  if (Array.isArray(stored)) return stored as RuleResult[];
  if (!stored || typeof stored !== 'object' || (stored as { compact?: unknown }).compact !== 1) return [];
  const c = stored as CompactRuleResults;
  return c.results.map(
    (entry) => expandOne(entry, c.on) ?? ({ id: typeof entry === 'string' ? entry : entry.id, passed: true } as unknown as RuleResult),
  );
}
