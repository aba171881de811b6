// Names of the procedure's stages, states, bodies and event types as users read them. The machine
// owns the codes; unknown codes fall back to a readable form of the code itself.
import { CATEGORY_LABELS, EDUCATION_LABELS, EDUCATION_LEVELS, OCCUPATION_CATEGORIES, PROCEDURE_LABELS as L, REPORT_FLAGS } from '#messages';
import type { Bilingual, Lang } from './i18n';

// One catalogue for the API and the web (libs/messages): the codes and their labels, re-exported for the pages.
export { CATEGORY_LABELS, EDUCATION_LABELS, EDUCATION_LEVELS, OCCUPATION_CATEGORIES, REPORT_FLAGS };

/** "awarenessCourseAttended" → "Awareness course attended". */
export function humanize(code: string): string {
  const s = code
    .replace(/[_.-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function label(code: string | null | undefined, lang: Lang, fromApi?: Bilingual | string | null): string {
  if (fromApi) return typeof fromApi === 'string' ? fromApi : (fromApi[lang] ?? fromApi.vi);
  if (!code) return '';
  // Parallel regions of the machine come joined by commas.
  if (code.includes(','))
    return code
      .split(',')
      .map((c) => label(c, lang))
      .join(' · ');
  const known = L[code];
  if (known) return known[lang];
  // A nested machine state ("candidacy.dossier.application"): the innermost part we know.
  if (code.includes('.')) {
    const parts = code.split('.');
    for (let k = parts.length - 1; k >= 0; k--) if (L[parts[k]]) return L[parts[k]][lang];
    return humanize(parts[parts.length - 1]);
  }
  return humanize(code);
}

/** The order stages appear on the board; unknown stages follow in the order the API sent them. */
export const STAGE_ORDER = [
  'sourcing',
  'sourcePool',
  'candidacy',
  'identified',
  'sympathiser',
  'dossier',
  'awaitingCellVote',
  'subBaseAppraisal',
  'awaitingBaseVote',
  'awaitingDecision',
  'admission',
  'decided',
  'membership',
  'probation',
  'recognition',
  'fullMember',
  'closed',
  'exit',
];

export function categoryLabel(code: string, lang: Lang): string {
  return CATEGORY_LABELS[code]?.[lang] ?? label(code, lang);
}

/** "2025-Q1" → "Quý 1", "2025-03" → "Tháng 3", "2025-H2" → "6 tháng cuối năm", "2025" → "Cả năm". */
export function periodLabel(key: string, lang: Lang): string {
  const vi = lang === 'vi';
  let m = /-Q(\d)$/.exec(key);
  if (m) return vi ? `Quý ${m[1]}` : `Q${m[1]}`;
  m = /-H(\d)$/.exec(key);
  if (m) return m[1] === '1' ? (vi ? '6 tháng đầu năm' : 'First half') : vi ? '6 tháng cuối năm' : 'Second half';
  m = /-(\d\d)$/.exec(key);
  if (m)
    return vi
      ? `Tháng ${Number(m[1])}`
      : new Date(Date.UTC(2000, Number(m[1]) - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return vi ? 'Cả năm' : 'Whole year';
}
