// What the case page derives from the case view, as a reader needs it: the open sub-steps of the
// current step in the procedure's order, the main stages of the path with their dates, the actions
// that make sense for this case now, and the checklist reconciled with the refusals beside it.
import type { CaseView, Requirement, RuleFailure } from '../api/types';
import type { Bilingual } from '../i18n';

/** The dossier's parallel parts in the order of procedure.md §3 B (steps 5–9). */
export const DOSSIER_PARTS = ['application', 'declaration', 'verification', 'introductions', 'opinions'] as const;

/** Leaves of the machine's state value that mean the part is done (final states). */
const DONE_LEAVES = new Set(['filed', 'declared', 'certified', 'complete', 'consolidated', 'done']);

export interface SubStep {
  /** The part's code (a label key: application, declaration, …). */
  part: string;
  done: boolean;
}

/** The parallel sub-steps of a state value ("a.b.application.filed,a.b.declaration.pending"), in §3 order. */
export function subSteps(state: string): SubStep[] {
  if (!state.includes(',')) return [];
  const steps = state.split(',').map((leaf) => {
    const parts = leaf.split('.');
    const last = parts[parts.length - 1];
    const done = DONE_LEAVES.has(last);
    const part = parts.length >= 2 ? parts[parts.length - 2] : last;
    return { part, done };
  });
  const rank = (p: string) => {
    const k = (DOSSIER_PARTS as readonly string[]).indexOf(p);
    return k < 0 ? DOSSIER_PARTS.length : k;
  };
  return steps.sort((a, b) => rank(a.part) - rank(b.part) || a.part.localeCompare(b.part));
}

/** "Bước hiện tại": the state, or only the open parallel sub-steps in §3 order (never a done one). */
export function currentStepCodes(state: string): string[] {
  const subs = subSteps(state);
  if (subs.length === 0) return [state];
  const open = subs.filter((s) => !s.done).map((s) => s.part);
  return open.length ? open : [state.split(',')[0]];
}

export interface Stage {
  key: string;
  label: Bilingual;
  /** Matches the machine state value (a leaf path) of the stage. */
  match: RegExp;
  /** The fact (a path into the case's evidence) that dates the stage's completion when the timeline lacks it (imports). */
  done?: string;
}

/** The main stages of the path (procedure.md §3 A–E), about ten, in order. */
export const STAGES: Stage[] = [
  {
    key: 'identified',
    label: { vi: 'Quần chúng ưu tú', en: 'Outstanding person' },
    match: /^candidacy\.identified/,
    done: 'sympathiserListedOn',
  },
  {
    key: 'sympathiser',
    label: { vi: 'Cảm tình Đảng, học lớp nhận thức', en: 'Sympathiser, awareness course' },
    match: /^candidacy\.sympathiser/,
    done: 'clearedOn',
  },
  { key: 'dossier', label: { vi: 'Lập hồ sơ', en: 'Dossier' }, match: /^candidacy\.dossier/, done: 'opinions.date' },
  {
    key: 'cellVote',
    label: { vi: 'Chi bộ xét, biểu quyết', en: 'Cell vote' },
    match: /^candidacy\.awaitingCellVote/,
    done: 'cellResolution.meetingDate',
  },
  {
    key: 'baseVote',
    label: { vi: 'Đảng ủy cơ sở xét', en: 'Base committee' },
    match: /^candidacy\.(cellResolved|subBaseAppraisal|awaitingBaseVote)/,
    done: 'baseResolution.meetingDate',
  },
  {
    key: 'decision',
    label: { vi: 'Quyết định kết nạp', en: 'Admission decision' },
    match: /^candidacy\.awaitingDecision/,
    done: 'decision.signedOn',
  },
  { key: 'ceremony', label: { vi: 'Lễ kết nạp', en: 'Ceremony' }, match: /^decided/, done: 'ceremony.heldOn' },
  {
    key: 'probation',
    label: { vi: 'Đảng viên dự bị', en: 'Probation' },
    match: /^membership\.probation/,
    done: 'recognitionCellResolution.meetingDate',
  },
  {
    key: 'recognition',
    label: { vi: 'Xét công nhận chính thức', en: 'Recognition' },
    match: /^membership\.recognition/,
    done: 'recognitionDecision.signedOn',
  },
  { key: 'fullMember', label: { vi: 'Đảng viên chính thức', en: 'Full member' }, match: /^fullMember/ },
];

/** The exits the case may take instead of the rest of the path. */
export const EXITS: Record<string, Bilingual> = {
  notAdmitted: { vi: 'Không kết nạp', en: 'Not admitted' },
  withdrawn: { vi: 'Rút đơn', en: 'Withdrawn' },
  removedFromSympathiserList: { vi: 'Đưa ra khỏi danh sách cảm tình Đảng', en: 'Removed from the sympathiser list' },
  cancelled: { vi: 'Hủy quyết định, xóa tên', en: 'Decision cancelled, name removed' },
  removed: { vi: 'Xóa tên đảng viên dự bị', en: 'Removed during probation' },
};

export const stageIndex = (state: string): number => STAGES.findIndex((s) => state.split(',').some((leaf) => s.match.test(leaf)));
export const exitOf = (state: string): string | null => Object.keys(EXITS).find((k) => state === k || state.startsWith(`${k}.`)) ?? null;

export interface StageView {
  key: string;
  label: Bilingual;
  status: 'done' | 'current' | 'todo' | 'exit';
  /** The date the stage was reached (the first act that led into it). */
  date: string | null;
}

/** The stepper: each main stage with its date, the current one marked; an exit replaces what is left. */
export function stagesOf(c: CaseView): StageView[] {
  const timeline = [...(c.timeline ?? [])].sort((a, b) => a.seq - b.seq);
  const evidence = (c.facts?.evidence ?? {}) as Record<string, unknown>;
  const exit = exitOf(c.state);
  // The furthest stage reached: the current one, or (after an exit) the last one the timeline passed.
  let current = stageIndex(c.state);
  const reachedOn = new Map<number, string>();
  for (const e of timeline) {
    const k = stageIndex(e.stateAfter);
    if (k >= 0 && !reachedOn.has(k)) reachedOn.set(k, e.eventDate);
    if (exit && k > current) current = k;
  }
  // A done stage is dated by the act that took the case out of it (the next stage's entry), or
  // for an imported history by the fact that completed it; the current one by its entry.
  const fact = (p: string): string | null => {
    const v = p
      .split('.')
      .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), evidence);
    return typeof v === 'string' ? v : null;
  };
  const leftOn = (k: number): string | null => {
    const next = [...reachedOn.entries()].filter(([j]) => j > k).sort((a, b) => a[0] - b[0])[0];
    const byTimeline = next ? timeline.find((e) => stageIndex(e.stateAfter) === next[0]) : undefined;
    const s = STAGES[k];
    if (byTimeline && byTimeline.type !== 'case.imported') return byTimeline.eventDate;
    return (s.done && fact(s.done)) ?? byTimeline?.eventDate ?? null;
  };
  const out: StageView[] = STAGES.map((s, k) => {
    const status: StageView['status'] = k < current || (k === current && exit) ? 'done' : k === current ? 'current' : 'todo';
    // The current stage began when the one before it was completed (an import's own date says nothing).
    const date = status === 'done' ? leftOn(k) : status === 'current' ? ((k > 0 ? leftOn(k - 1) : null) ?? reachedOn.get(k) ?? null) : null;
    return { key: s.key, label: s.label, status, date };
  });
  if (exit) {
    const cut = out.slice(0, Math.max(current + 1, 1));
    const exitDate = [...timeline].reverse().find((e) => exitOf(e.stateAfter) === exit)?.eventDate ?? c.closedOn ?? null;
    return [...cut, { key: exit, label: EXITS[exit], status: 'exit', date: exitDate }];
  }
  return out;
}

/** Age in full months on a date (I-2). */
export function fullMonths(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

/**
 * Steps recorded once on the path, with the fact that shows they were (an imported case has them
 * in its evidence, not on its timeline): offered again only through "Sửa" on the timeline.
 */
const ONCE: Record<string, string> = {
  'sympathiser.listed': 'sympathiserListedOn',
  'dossier.cleared': 'clearedOn',
  'application.filed': 'applicationOn',
  'background.declared': 'declarationOn',
  'background.certified': 'backgroundCertified',
  'introduction.youthUnionResolved': '',
  'introduction.tradeUnionResolved': '',
  'opinions.consolidated': 'opinions',
  'decision.receivedByCell': '',
  'ceremony.held': 'ceremony',
  'memberRecord.filed': 'memberRecordFiledOn',
  'newMemberCourse.certified': 'newMemberCert',
  'recognition.selfReviewed': 'selfReviewOn',
  'recognition.opinionsConsolidated': 'recognitionOpinionsOn',
};

/**
 * Whether a step the engine would accept makes sense for this case now: the over-60 attestation
 * only past 720 full months (I-2); a withdrawal only once there is an application to withdraw; an
 * answer only to a pending request; a one-time step not again (it is corrected from the timeline).
 */
export function relevant(c: CaseView, type: string, today: string): boolean {
  const evidence = (c.facts?.evidence ?? {}) as Record<string, unknown> & {
    applicationOn?: string;
    checks?: { answeredOn?: string }[];
    introducers?: { kind?: string; active?: boolean }[];
  };
  const person = (c.facts?.person ?? {}) as { birthDate?: string };
  const birth = person.birthDate ?? c.person?.birthDate ?? undefined;
  const recorded = new Set((c.timeline ?? []).filter((e) => !e.correctsSeq).map((e) => e.type));
  if (type in ONCE && (recorded.has(type) || (ONCE[type] !== '' && evidence[ONCE[type]] != null))) return false;
  const introducerKind =
    type === 'introduction.youthUnionResolved' ? 'youthUnion' : type === 'introduction.tradeUnionResolved' ? 'tradeUnion' : null;
  if (introducerKind && (evidence.introducers ?? []).some((x) => x.kind === introducerKind && x.active !== false)) return false;
  if (type === 'attestation.recorded') return !!birth && fullMonths(birth, today) > 720;
  if (type === 'case.withdrawn') return !!evidence.applicationOn || recorded.has('application.filed');
  if (type === 'backgroundCheck.answered') return (evidence.checks ?? []).some((x) => !x.answeredOn);
  return true;
}

/**
 * The checklist as the refusals beside it read it: a requirement the engine lists as met but a
 * blocked step names as unmet is shown unmet with that reason; a missing one carries the reason too.
 */
export function reconcile(
  requirements: Requirement[],
  blocked: { type: string; failures: RuleFailure[] }[],
): (Requirement & { steps: string[] })[] {
  return requirements.map((r) => {
    const hits = blocked.filter((b) => b.failures.some((f) => f.id === r.id));
    const failure = hits.flatMap((b) => b.failures).find((f) => f.id === r.id);
    if (!failure) return { ...r, steps: [] };
    return { ...r, status: r.status === 'passed' ? 'failed' : r.status, rule: r.rule ?? failure, steps: hits.map((b) => b.type) };
  });
}
