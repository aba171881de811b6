import { OCCUPATION_CATEGORIES, REPORT_FLAGS, type OccupationCategory, type ReportFlag } from '#messages';

/** Report categories of glossary.md "Report categories": one occupation per person, any number of flags (listed in libs/messages). */
export const OCCUPATIONS: readonly OccupationCategory[] = OCCUPATION_CATEGORIES;
export const FLAGS = REPORT_FLAGS;
export type Flag = ReportFlag;

/** What a target may be set on: the total, an occupation or a flag. */
export const TARGET_CATEGORIES: readonly string[] = ['total', ...OCCUPATIONS, ...FLAGS];
export type TargetCategory = 'total' | OccupationCategory | Flag;

/** The labels come from the one catalogue (libs/messages), which the web reads too. */
export { CATEGORY_LABELS } from '#messages';

export interface CategoryCounts {
  total: number;
  occupation: Record<OccupationCategory, number>;
  flags: Record<Flag, number>;
}

export function emptyCounts(): CategoryCounts {
  return {
    total: 0,
    occupation: Object.fromEntries(OCCUPATIONS.map((o) => [o, 0])) as Record<OccupationCategory, number>,
    flags: Object.fromEntries(FLAGS.map((f) => [f, 0])) as Record<Flag, number>,
  };
}

/** What the report knows of the person behind a decision. */
export interface PersonCategories {
  occupation: string;
  sex: string;
  ethnicity: string | null;
  religion: string | null;
  educationLevel: string;
  birthDate: string;
  youthUnionMember: boolean;
}

const foldUncached = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .trim()
    .toLowerCase();

// Ethnicities and religions are a few dozen distinct strings: fold each once (a province report
// counts ~20,000 decisions, three times each), not once per call. Bounded.
const folded = new Map<string, string>();
const fold = (s: string): string => {
  let f = folded.get(s);
  if (f === undefined) {
    f = foldUncached(s);
    if (folded.size >= 10_000) folded.clear();
    folded.set(s, f);
  }
  return f;
};

const NO_RELIGION = ['', 'khong', 'none', 'no', 'khong theo ton giao'];

/** Age in full years on `on` (both ISO dates). */
export function fullYears(birthDate: string, on: string): number {
  // Both are ISO dates (YYYY-MM-DD): compared by parts without splitting (a province report calls this ~60,000 times).
  const by = Number(birthDate.slice(0, 4));
  const y = Number(on.slice(0, 4));
  const bmd = birthDate.slice(5, 10);
  const md = on.slice(5, 10);
  return y - by - (md < bmd ? 1 : 0);
}

/** The flags of a person at the decision date (glossary "Report categories"; definitions in docs/reports.md). */
export function flagsOf(p: PersonCategories, decisionDate: string): Flag[] {
  const out: Flag[] = [];
  if (p.youthUnionMember) out.push('youthUnionMember');
  if (p.sex === 'female') out.push('woman');
  if (p.ethnicity && fold(p.ethnicity) !== 'kinh' && fold(p.ethnicity) !== '') out.push('ethnicMinority');
  if (p.religion && !NO_RELIGION.includes(fold(p.religion))) out.push('religiousFollower');
  const age = fullYears(p.birthDate, decisionDate);
  if (age >= 18 && age <= 30) out.push('age18to30');
  if (['upperSecondary', 'college', 'university', 'postgraduate'].includes(p.educationLevel)) out.push('upperSecondary');
  if (['college', 'university', 'postgraduate'].includes(p.educationLevel)) out.push('collegeOrHigher');
  return out;
}

/** What a decision counts as: one occupation and its flags at the decision date. */
export interface Categories {
  occupation: OccupationCategory;
  flags: Flag[];
}

/** The categories of a person at a decision date (decided once; a fact is counted in several figures). */
export function categoriesOf(p: PersonCategories, decisionDate: string): Categories {
  const occupation = ((OCCUPATIONS as readonly string[]).includes(p.occupation) ? p.occupation : 'other') as OccupationCategory;
  return { occupation, flags: flagsOf(p, decisionDate) };
}

export function countCategories(c: CategoryCounts, cat: Categories): void {
  c.total += 1;
  c.occupation[cat.occupation] += 1;
  for (const f of cat.flags) c.flags[f] += 1;
}

export function countInto(c: CategoryCounts, p: PersonCategories, decisionDate: string): void {
  countCategories(c, categoriesOf(p, decisionDate));
}

/** The count of one target category in a CategoryCounts. */
export function countOf(c: CategoryCounts, category: string): number {
  if (category === 'total') return c.total;
  if ((OCCUPATIONS as readonly string[]).includes(category)) return c.occupation[category as OccupationCategory];
  if ((FLAGS as readonly string[]).includes(category)) return c.flags[category as Flag];
  return 0;
}

/** Progress as the seed article reports it: 1,749 against 1,600 is 109%. */
export function percentOf(actual: number, target: number): number | null {
  if (target <= 0) return null;
  return Math.round((actual * 100) / target);
}
