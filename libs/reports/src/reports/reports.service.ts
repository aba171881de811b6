import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, type Actor, OrganisationService, type OrganisationView, type Role, forbidden, isIsoDate, validOn } from '#orgs';
import { ClockService } from '#platform';
import { addDays, localDateInVietnam, probationEnd } from '#procedure';
import { NEGATIVE_OUTCOMES } from '../compliance/checks.js';
import { ReportsError } from '../errors.js';
import {
  type Categories,
  type CategoryCounts,
  type PersonCategories,
  categoriesOf,
  countCategories,
  countInto,
  countOf,
  emptyCounts,
  percentOf,
} from './categories.js';
import { type Period, type PeriodSlot, periodSlots, slotOf } from './periods.js';
import { message } from '#messages';

/** Who may read reports (cell committees answer 403). */
export const REPORT_ROLES: readonly Role[] = ['organisationDepartment', 'inspection', 'competentStaff', 'baseCommitteeStaff', 'admin'];
/** Who sets targets (chỉ tiêu) within their subtree. */
export const TARGET_ROLES: readonly Role[] = ['organisationDepartment', 'admin'];

export const LAYOUT_NOTE = {
  vi: 'Mẫu trình bày riêng của hệ thống: chưa có biểu mẫu thống kê toàn quốc (HD 40-HD/BTCTW, 2025). Số liệu tổng hợp, không chứa dữ liệu cá nhân.',
  en: 'Our own layout: the national statistics forms (HD 40-HD/BTCTW, 2025) were not available. Aggregate figures only, no personal data.',
};

export interface OrgRef {
  id: string;
  code: string;
  name: string;
}

export interface RecognitionCounts {
  counts: CategoryCounts;
  /** With a late cell resolution or decision (a PROC-DEADLINES violation on those steps). */
  late: number;
  onTime: number;
  /** Effective (end of probation) before the period began: recognised late relative to the effective date. */
  effectiveBeforePeriod: number;
}

export interface RemovalCounts {
  total: number;
  late: number;
  onTime: number;
}

export interface PeriodFigures {
  key: string;
  from: string;
  to: string;
  admissions: CategoryCounts;
  recognitions: RecognitionCounts;
  removals: RemovalCounts;
}

export interface TargetProgress {
  category: string;
  target: number;
  actual: number;
  /** Rounded to a whole percent, as the seed article reports it (1,749 / 1,600 → 109). */
  percent: number | null;
  setBy: string | null;
  setAt: string | null;
}

export interface AdmissionsReport {
  organisation: OrgRef;
  year: number;
  period: Period;
  generatedAt: string;
  layoutNote: { vi: string; en: string };
  personalData: false;
  periods: PeriodFigures[];
  total: PeriodFigures;
  /** Direct sub-organisations standing at the year's end (or today), each with its roll-up; `other` covers the rest. */
  byOrganisation: { organisation: OrgRef | null; admissions: CategoryCounts; recognitions: number; removals: number }[];
  recognitionDates: { caseId: string; decisionDate: string; effectiveDate: string | null; late: boolean }[];
  targets: TargetProgress[];
}

interface DecisionFact extends PersonCategories {
  caseId: string;
  kind: 'admission' | 'recognition' | 'removal';
  signedOn: string;
  organisationId: string;
  effectiveOn: string | null;
  ceremonyDate: string | null;
  late: boolean;
}

const emptyFigures = (slot: PeriodSlot): PeriodFigures => ({
  key: slot.key,
  from: slot.from,
  to: slot.to,
  admissions: emptyCounts(),
  recognitions: { counts: emptyCounts(), late: 0, onTime: 0, effectiveBeforePeriod: 0 },
  removals: { total: 0, late: 0, onTime: 0 },
});

/** The categories of each fact, decided once per report (a fact is counted in its period, the total and its organisation). */
type CategoriesOf = Map<DecisionFact, Categories>;

function addFact(fig: PeriodFigures, d: DecisionFact, cats: CategoriesOf): void {
  if (d.kind === 'admission') countCategories(fig.admissions, cats.get(d)!);
  else if (d.kind === 'recognition') {
    countCategories(fig.recognitions.counts, cats.get(d)!);
    if (d.late) fig.recognitions.late += 1;
    else fig.recognitions.onTime += 1;
    if (d.effectiveOn && d.effectiveOn < fig.from) fig.recognitions.effectiveBeforePeriod += 1;
  } else {
    fig.removals.total += 1;
    if (d.late) fig.removals.late += 1;
    else fig.removals.onTime += 1;
  }
}

interface OrgSpan {
  id: string;
  validFrom: string;
  validTo: string | null;
}

/**
 * Where each organisation stands on a reference date: itself while it exists, else its successor
 * (followed transitively, successions effective by then). Figures are attributed to the standing
 * organisation, so a predecessor's admissions count in its successor's subtree and nowhere else.
 */
export class Attribution {
  private readonly spans = new Map<string, OrgSpan>();
  private readonly successors = new Map<string, { successorId: string; effectiveDate: string }[]>();
  private readonly cache = new Map<string, string>();

  constructor(
    readonly refDate: string,
    spans: readonly OrgSpan[],
    successions: readonly { predecessorId: string; successorId: string; effectiveDate: string }[],
  ) {
    for (const o of spans) this.spans.set(o.id, o);
    for (const s of successions) this.successors.set(s.predecessorId, [...(this.successors.get(s.predecessorId) ?? []), s]);
    for (const list of this.successors.values()) list.sort((a, b) => (a.successorId < b.successorId ? -1 : 1));
  }

  private valid(id: string): boolean {
    const o = this.spans.get(id);
    return !!o && o.validFrom <= this.refDate && (o.validTo === null || o.validTo > this.refDate);
  }

  standing(id: string): string {
    const hit = this.cache.get(id);
    if (hit) return hit;
    let cur = id;
    const seen = new Set<string>([cur]);
    while (!this.valid(cur)) {
      const next = (this.successors.get(cur) ?? []).find((s) => s.effectiveDate <= this.refDate && !seen.has(s.successorId));
      if (!next) break;
      cur = next.successorId;
      seen.add(cur);
    }
    this.cache.set(id, cur);
    return cur;
  }
}

/**
 * The organisation departments' figures (procedure.md §9): admissions, recognitions and removals by
 * decision date per period over a subtree with predecessors rolled in, progress against targets,
 * coverage and the pipeline. Every method checks the caller's scope first (404 / 403).
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly orgs: OrganisationService,
    private readonly clock: ClockService,
  ) {}

  async today(): Promise<string> {
    return localDateInVietnam(await this.clock.now());
  }

  /** The organisation a report is about: the given one (404/403 per scope and role) or the caller's only scope root. */
  async resolveRoot(user: Actor, organisationId: string | undefined, roles: readonly Role[] = REPORT_ROLES): Promise<OrganisationView> {
    if (organisationId) {
      await this.access.assertCanAct(user, roles, organisationId);
      return this.orgs.get(organisationId);
    }
    const roots = this.access.scopeRoots(user, roles);
    if (roots !== 'all' && roots.length === 0) throw forbidden();
    if (roots === 'all' || roots.length > 1)
      throw new ReportsError('REPORTS.INVALID_INPUT', message('REPORTS.ORGANISATIONID_REQUIRED'));
    return this.orgs.get(roots[0]!);
  }

  /**
   * Positive decisions of the kinds signed in [from, to] on cases in the roll-up of `rootId` (its
   * subtree and what rolled into it: the cases' scope key), one per case and kind (the latest).
   * Read from `report_decision_facts` (migration 1767600000110): the decisions with the columns of
   * their case and person that the report reads, kept by triggers, so neither the cases nor the
   * people table is scanned. `late` is asked once per fact (after DISTINCT ON) against one hashed
   * set of the late cases. The facts come back as one JSON value (one row).
   */
  async decisionFacts(
    rootId: string,
    from: string,
    to: string,
    kinds: readonly string[] = ['admission', 'recognition', 'removal'],
  ): Promise<DecisionFact[]> {
    // One row: the facts as one JSON array of arrays (a province year is ~20,000 facts; one JSON.parse
    // costs the API a fraction of decoding as many rows field by field).
    const [{ facts }]: { facts: string | null }[] = await this.ds.query(
      `SELECT json_agg(json_build_array(f.case_id, f.kind, f.signed_on, f.organisation_id,
                       COALESCE(f.recognition_date::text, f.report_effective_on), COALESCE(f.ceremony_date::text, f.report_ceremony_on),
                       f.occupation, f.sex, f.ethnicity, f.religion, f.education_level, f.birth_date,
                       f.report_youth_union_member IS TRUE,
                       f.case_id IN (SELECT v.case_id FROM violations v WHERE v.rule_id = 'PROC-DEADLINES'
                                       AND v.step IN ('cellRecognitionResolution', 'recognitionDecision') AND NOT v.cleared_by_audit)))::text AS facts
         FROM (SELECT DISTINCT ON (f.case_id, f.kind)
                      f.case_id, f.kind, f.signed_on, f.organisation_id, f.recognition_date, f.report_effective_on, f.ceremony_date,
                      f.report_ceremony_on, f.occupation, f.sex, f.ethnicity, f.religion, f.education_level, f.birth_date, f.report_youth_union_member
                 FROM report_decision_facts f
                WHERE f.kind = ANY($2::text[]) AND f.signed_on BETWEEN $3::date AND $4::date AND NOT (f.outcome = ANY($5::text[]))
                  AND f.scope_ids && ARRAY[$1::uuid]
                ORDER BY f.case_id, f.kind, f.signed_on DESC, f.decision_id DESC) f`,
      [rootId, kinds, from, to, NEGATIVE_OUTCOMES],
    );
    if (facts === null) return [];
    type Row = [string, DecisionFact['kind'], string, string, string | null, string | null, string, string, string, string | null, string, string, boolean, boolean];
    return (JSON.parse(facts) as Row[]).map((r) => {
      const [caseId, kind, signedOn, organisationId, effective, ceremonyDate] = r;
      const effectiveOn = kind === 'recognition' && !effective && ceremonyDate ? probationEnd(ceremonyDate) : effective;
      return {
        caseId,
        kind,
        signedOn,
        organisationId,
        effectiveOn,
        ceremonyDate,
        occupation: r[6],
        sex: r[7],
        ethnicity: r[8],
        religion: r[9],
        educationLevel: r[10],
        birthDate: r[11],
        youthUnionMember: r[12],
        late: r[13],
      };
    });
  }

  async admissions(user: Actor, q: { organisationId?: string; year: number; period: Period }): Promise<AdmissionsReport> {
    const root = await this.resolveRoot(user, q.organisationId);
    const slots = periodSlots(q.year, q.period);
    const yearFrom = `${q.year}-01-01`;
    const yearTo = `${q.year}-12-31`;
    const { facts, attribution } = await this.subtreeFacts(root, yearFrom, yearTo);
    const cats: CategoriesOf = new Map();
    for (const d of facts) if (d.kind !== 'removal') cats.set(d, categoriesOf(d, d.signedOn));

    const periods = slots.map(emptyFigures);
    const total = emptyFigures({ key: String(q.year), from: yearFrom, to: yearTo });
    for (const d of facts) {
      const slot = slotOf(slots, d.signedOn);
      const fig = slot ? periods[slots.indexOf(slot)] : undefined;
      if (fig) addFact(fig, d, cats);
      addFact(total, d, cats);
    }

    // Direct sub-organisations standing on the reference date; each fact goes to the one holding its standing organisation.
    const children: OrgRef[] = await this.ds.query(
      `SELECT o.id, o.code, o.name FROM organisations o WHERE o.parent_id = $1 AND ${validOn('o', '$2')} ORDER BY o.code`,
      [root.id, attribution.refDate],
    );
    // One pass over the facts: each standing organisation's child looked up once (the first child, in code order, holding it).
    const closures = await this.closureOf(children.map((c) => c.id));
    const childOf = new Map<string, number>();
    children.forEach((child, i) => {
      for (const id of closures.get(child.id) ?? []) if (!childOf.has(id)) childOf.set(id, i);
    });
    const perChild: DecisionFact[][] = children.map(() => []);
    const rest: DecisionFact[] = [];
    for (const d of facts) {
      const i = childOf.get(attribution.standing(d.organisationId));
      if (i === undefined) rest.push(d);
      else perChild[i]!.push(d);
    }
    const byOrganisation: AdmissionsReport['byOrganisation'] = children.map((child, i) => this.orgFigures(child, perChild[i]!, cats));
    if (rest.length > 0) byOrganisation.push(this.orgFigures(null, rest, cats));

    return {
      organisation: { id: root.id, code: root.code, name: root.name },
      year: q.year,
      period: q.period,
      generatedAt: new Date().toISOString(),
      layoutNote: LAYOUT_NOTE,
      personalData: false,
      periods,
      total,
      byOrganisation,
      recognitionDates: facts
        .filter((d) => d.kind === 'recognition')
        .map((d) => ({ caseId: d.caseId, decisionDate: d.signedOn, effectiveDate: d.effectiveOn, late: d.late }))
        .sort((a, b) => (a.decisionDate < b.decisionDate ? -1 : a.decisionDate > b.decisionDate ? 1 : 0)),
      targets: await this.progressFor(root.id, q.year, total.admissions),
    };
  }

  private orgFigures(org: OrgRef | null, facts: DecisionFact[], cats: CategoriesOf): AdmissionsReport['byOrganisation'][number] {
    const admissions = emptyCounts();
    for (const d of facts) if (d.kind === 'admission') countCategories(admissions, cats.get(d)!);
    return {
      organisation: org,
      admissions,
      recognitions: facts.filter((d) => d.kind === 'recognition').length,
      removals: facts.filter((d) => d.kind === 'removal').length,
    };
  }

  /** Organisations under each root (closure, any date). */
  private async closureOf(roots: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (roots.length === 0) return out;
    const rows: { root: string; id: string }[] = await this.ds.query(
      `SELECT ancestor_id AS root, descendant_id AS id FROM organisation_closure WHERE ancestor_id = ANY($1::uuid[])`,
      [roots],
    );
    for (const r of rows) {
      const set = out.get(r.root) ?? new Set<string>();
      set.add(r.id);
      out.set(r.root, set);
    }
    return out;
  }

  /** The reference date of a report on `root` (today while it exists, else its last day) and the standing of every organisation then. */
  async attribution(root: OrganisationView): Promise<Attribution> {
    const today = await this.today();
    const ref = root.validTo === null || root.validTo > today ? today : addDays(root.validTo, -1);
    const [spans, successions] = await Promise.all([
      this.ds.query(`SELECT id, valid_from::text AS "validFrom", valid_to::text AS "validTo" FROM organisations`) as Promise<OrgSpan[]>,
      this.ds.query(
        `SELECT predecessor_id AS "predecessorId", successor_id AS "successorId", effective_date::text AS "effectiveDate" FROM organisation_successions`,
      ) as Promise<{ predecessorId: string; successorId: string; effectiveDate: string }[]>,
    ]);
    return new Attribution(ref, spans, successions);
  }

  /** Decisions of [from, to] whose organisation stands inside the root's subtree on the reference date (predecessors rolled in). */
  async subtreeFacts(
    root: OrganisationView,
    from: string,
    to: string,
    kinds?: readonly string[],
  ): Promise<{ facts: DecisionFact[]; attribution: Attribution }> {
    const attribution = await this.attribution(root);
    const inside = (await this.closureOf([root.id])).get(root.id) ?? new Set<string>();
    const facts = (await this.decisionFacts(root.id, from, to, kinds)).filter((d) => inside.has(attribution.standing(d.organisationId)));
    return { facts, attribution };
  }

  /** Admission counts of one organisation's subtree for a year. */
  async yearCounts(organisationId: string, year: number): Promise<CategoryCounts> {
    const { facts } = await this.subtreeFacts(await this.orgs.get(organisationId), `${year}-01-01`, `${year}-12-31`, ['admission']);
    const counts = emptyCounts();
    for (const d of facts) countInto(counts, d, d.signedOn);
    return counts;
  }

  private async progressFor(organisationId: string, year: number, counts?: CategoryCounts): Promise<TargetProgress[]> {
    const targets: { category: string; target: number; setBy: string | null; setAt: Date | null }[] = await this.ds.query(
      `SELECT category, target, set_by AS "setBy", set_at AS "setAt" FROM targets WHERE organisation_id = $1 AND year = $2 ORDER BY category = 'total' DESC, category`,
      [organisationId, year],
    );
    if (targets.length === 0) return [];
    const c = counts ?? (await this.yearCounts(organisationId, year));
    return targets.map((t) => {
      const actual = countOf(c, t.category);
      return {
        category: t.category,
        target: t.target,
        actual,
        percent: percentOf(actual, t.target),
        setBy: t.setBy,
        setAt: t.setAt ? t.setAt.toISOString() : null,
      };
    });
  }

  /** Targets and progress of the organisation and of its direct sub-organisations that have targets. */
  async targets(user: Actor, q: { organisationId?: string; year: number }) {
    const root = await this.resolveRoot(user, q.organisationId);
    const children: OrgRef[] = await this.ds.query(
      `SELECT DISTINCT o.id, o.code, o.name FROM organisations o JOIN targets t ON t.organisation_id = o.id AND t.year = $2 WHERE o.parent_id = $1 ORDER BY o.code`,
      [root.id, q.year],
    );
    return {
      organisation: { id: root.id, code: root.code, name: root.name },
      year: q.year,
      items: await this.progressFor(root.id, q.year),
      children: await Promise.all(children.map(async (c) => ({ organisation: c, items: await this.progressFor(c.id, q.year) }))),
    };
  }

  /** Coverage: hamlets with no cell or no full member; share of base organisations that admitted anyone in [from, to]. */
  async coverage(user: Actor, q: { organisationId?: string; asOf?: string; from?: string; to?: string }) {
    const root = await this.resolveRoot(user, q.organisationId);
    const asOf = q.asOf ?? (await this.today());
    const from = q.from ?? `${asOf.slice(0, 4)}-01-01`;
    const to = q.to ?? asOf;
    for (const d of [asOf, from, to])
      if (!isIsoDate(d)) throw new ReportsError('REPORTS.INVALID_INPUT', message('COMMON.INVALID_DATE'));
    const hamlets = await this.orgs.hamletCoverage(root.id, asOf);
    const gaps = hamlets
      .filter((h) => h.cellId === null || h.fullMembers === 0)
      .map((h) => ({
        id: h.id,
        code: h.code,
        name: h.name,
        cellId: h.cellId,
        fullMembers: h.fullMembers,
        gap: h.cellId === null ? ('noCell' as const) : ('noMember' as const),
      }));
    const bases: OrgRef[] = await this.ds.query(
      `SELECT o.id, o.code, o.name FROM organisation_closure c JOIN organisations o ON o.id = c.descendant_id
        WHERE c.ancestor_id = $1 AND o.kind IN ('baseCommittee', 'baseCell') AND ${validOn('o', '$2')} ORDER BY o.code`,
      [root.id, asOf],
    );
    const closures = await this.closureOf(bases.map((b) => b.id));
    const { facts, attribution } = await this.subtreeFacts(root, from, to, ['admission']);
    const admittedBy = bases.map((b) => {
      const ids = closures.get(b.id) ?? new Set<string>();
      return { base: b, admitted: facts.filter((d) => ids.has(attribution.standing(d.organisationId))).length };
    });
    const admitting = admittedBy.filter((x) => x.admitted > 0).length;
    return {
      organisation: { id: root.id, code: root.code, name: root.name },
      asOf,
      from,
      to,
      hamlets: {
        total: hamlets.length,
        noCell: gaps.filter((g) => g.gap === 'noCell').length,
        noMember: gaps.filter((g) => g.gap === 'noMember').length,
        gaps,
      },
      baseOrganisations: {
        total: bases.length,
        admitting,
        share: bases.length ? Math.round((admitting * 1000) / bases.length) / 10 : null,
        items: admittedBy.map((x) => ({ ...x.base, admitted: x.admitted })),
      },
    };
  }

  /** Open cases by stage and how long they have waited since their last state change. */
  async pipeline(user: Actor, q: { organisationId?: string; asOf?: string }) {
    const root = await this.resolveRoot(user, q.organisationId);
    const asOf = q.asOf ?? (await this.today());
    if (!isIsoDate(asOf)) throw new ReportsError('REPORTS.INVALID_INPUT', message('COMMON.INVALID_DATE'));
    // stage_entered_on: the last uncorrected state change, kept by a trigger on case_events (migration 1767400000012).
    const rows: { stage: string; overdue: boolean; waited: number }[] = await this.ds.query(
      `SELECT c.stage, c.overdue, ($2::date - COALESCE(c.stage_entered_on, c.opened_on))::int AS waited
         FROM cases c WHERE c.status = 'open' AND c.scope_ids && ARRAY[$1::uuid]`,
      [root.id, asOf],
    );
    const byStage = new Map<string, { stage: string; cases: number; overdue: number; waited: number[] }>();
    for (const r of rows) {
      const s = byStage.get(r.stage) ?? { stage: r.stage, cases: 0, overdue: 0, waited: [] };
      s.cases += 1;
      if (r.overdue) s.overdue += 1;
      s.waited.push(Math.max(0, r.waited));
      byStage.set(r.stage, s);
    }
    const stages = [...byStage.values()]
      .sort((a, b) => (a.stage < b.stage ? -1 : 1))
      .map((s) => {
        const w = [...s.waited].sort((a, b) => a - b);
        return {
          stage: s.stage,
          cases: s.cases,
          overdue: s.overdue,
          waitingDays: {
            average: Math.round(w.reduce((a, b) => a + b, 0) / w.length),
            median: w[Math.floor((w.length - 1) / 2)]!,
            max: w[w.length - 1]!,
          },
          buckets: {
            upTo30: w.filter((d) => d <= 30).length,
            upTo90: w.filter((d) => d > 30 && d <= 90).length,
            upTo180: w.filter((d) => d > 90 && d <= 180).length,
            over180: w.filter((d) => d > 180).length,
          },
        };
      });
    return { organisation: { id: root.id, code: root.code, name: root.name }, asOf, openCases: rows.length, stages };
  }
}
