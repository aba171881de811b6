import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { WorkingCalendar, type CalendarYear } from '../calendar/working-days.js';
import { type LocalDate } from '../dates.js';
import { computeDeadline } from '../deadlines/compute.js';
import { type CaseEvent } from '../events/case-event.event.js';
import { replayLog, type ReplayAct } from '../machine/replay.js';
import { admissionEvents, dossierEvents, start } from '../machine/testing/case.fixture.js';
import { DEFAULT_ORG_SETTINGS } from './org-settings.js';
import { compactRuleResults, expandRuleResults } from './rule-results.js';
import type { RuleResult } from './rule.types.js';

const calendar = new WorkingCalendar(
  fs
    .readdirSync(path.join(process.cwd(), 'config/calendar'))
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(process.cwd(), 'config/calendar', f), 'utf8')) as CalendarYear),
);

/** The rule results of every act of the S-1 path, as the engine produced them (passed rules with facts, flags, editions). */
function s1RuleResults(): RuleResult[][] {
  const events: CaseEvent[] = [...dossierEvents(), ...admissionEvents()];
  const acts: ReplayAct[] = events.map((event, n) => {
    const e = event as unknown as Record<string, unknown>;
    const asOf = ((e['vote'] as { meetingDate?: string } | undefined)?.meetingDate ??
      e['resolutionDate'] ?? e['issuedOn'] ?? e['decisionDate'] ?? e['date'] ?? e['sentOn'] ?? e['answeredOn'] ?? e['signedOn'] ?? e['receivedOn'] ?? e['heldOn']) as LocalDate;
    return { seq: n + 2, event, asOf, recordedOn: asOf, settings: DEFAULT_ORG_SETTINGS };
  });
  const r = replayLog(start(), acts, { today: '2025-12-01', compute: (timerId, on, o) => computeDeadline(timerId, on, { calendar, ...o }) });
  if (!r.ok) throw new Error('replay failed');
  return r.acts.map((x) => x.ruleResults);
}

// Through JSON, as the jsonb column stores it.
const stored = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('compact rule results (issue 20, item 4)', () => {
  const all = s1RuleResults();

  it('expands to exactly what was evaluated, for every act of the S-1 path', () => {
    expect(all.length).toBeGreaterThan(10);
    for (const results of all) expect(expandRuleResults(stored(compactRuleResults(results)))).toEqual(stored(results));
  });

  it('stores passed rules by id and failures in full, and is much smaller', () => {
    let full = 0;
    let compact = 0;
    for (const results of all) {
      const c = compactRuleResults(results);
      full += JSON.stringify(results).length;
      compact += JSON.stringify(c).length;
      results.forEach((r, i) => {
        const entry = c.results[i]!;
        if (!r.passed) expect(entry).toEqual(r);
        else expect(typeof entry === 'string' ? entry : (entry as { id: string }).id).toBe(r.id);
      });
    }
    expect(all.flat().some((r) => r.passed)).toBe(true);
    expect(compact).toBeLessThan(full / 3);
  });

  it('keeps a failure with its reason and citation as it was', () => {
    const results = all.flat();
    const passed = results.find((r) => r.passed)!;
    const failed: RuleResult = { ...passed, passed: false, reason: { vi: 'thiếu', en: 'missing' }, facts: { x: 1 } };
    const c = compactRuleResults([failed, passed]);
    expect(c.results[0]).toEqual(failed);
    expect(expandRuleResults(stored(c))).toEqual(stored([failed, passed]));
  });

  it('keeps a passed result the rulebook would not rebuild (another citation) in full', () => {
    const passed = all.flat().find((r) => r.passed)!;
    const odd: RuleResult = { ...passed, citation: [{ instrument: 'X', section: '1', title: 'other' }] };
    expect(compactRuleResults([odd]).results[0]).toEqual(odd);
  });

  it('reads the old shape (the plain array) as it is, and nothing else as results', () => {
    const old = stored(all[0]);
    expect(expandRuleResults(old)).toEqual(old);
    expect(expandRuleResults(null)).toEqual([]);
    expect(expandRuleResults({ something: 'else' })).toEqual([]);
  });
});
