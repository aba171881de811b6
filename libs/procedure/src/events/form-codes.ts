/**
 * The model forms (mẫu biểu) of each step, numbered as in the guidance in force: Hướng dẫn
 * 38-HD/BTCTW of 29/9/2025 (replacing 12-HD/BTCTW of 18/01/2022, whose numbers procedure.md §3
 * still quotes). One table: the event labels print these codes and libs/paperwork fills its
 * templates under them (docs/forms.md, "Where the numbering changed").
 *
 * Source of the list: the handbook built on HD 38 (docs/forms.md, "Sources and numbering"); the
 * appendix of HD 38 itself wins where they differ. `1A-TN` and `6-TN` are Hanoi's (HD
 * 02-HD/BTCTU of 21/11/2025), not national: see HANOI_FORM_CODES.
 */
export const EVENT_FORMS = {
  'sympathiser.listed': { list: '1A-TN' },
  'dossier.cleared': { clearance: '6-TN' },
  'application.filed': { first: '1A-KNĐ', readmission: '1B-KNĐ' },
  'background.declared': { declaration: '2-KNĐ' },
  'introduction.memberRecorded': { letter: '3-KNĐ' },
  'introduction.youthUnionResolved': { baseCommittee: '4A-KNĐ', baseBranch: '4B-KNĐ', commune: '4C-KNĐ' },
  'introduction.tradeUnionResolved': { tradeUnion: '4D-KNĐ' },
  'opinions.consolidated': { organisation: '5A-KNĐ', residence: '5B-KNĐ', consolidated: '5D-KNĐ' },
  'cell.admissionVoted': { cell: '6-KNĐ', baseCell: '8C-KNĐ' },
  'subBase.appraised': { admission: '7-KNĐ', recognition: '14-KNĐ' },
  'base.admissionVoted': { base: '8A-KNĐ', delegated: '8B-KNĐ' },
  'decision.admissionSigned': { competent: '9A-KNĐ', delegated: '9B-KNĐ', readmission: '9C-KNĐ', provinceConsent: '9D-KNĐ', transfer: '9E-KNĐ' },
  'memberRecord.filed': { record: '1-HSĐV', cardSlip: '2-HSĐV', supplement: '3-HSĐV' },
  'recognition.selfReviewed': { selfReview: '10-KNĐ' },
  'recognition.helperAssessed': { assessment: '11-KNĐ' },
  'recognition.opinionsConsolidated': { organisation: '12A-KNĐ', residence: '12B-KNĐ', consolidated: '12C-KNĐ' },
  'cell.recognitionVoted': { cell: '13-KNĐ', baseCell: '15C-KNĐ' },
  'base.recognitionVoted': { base: '15A-KNĐ', delegated: '15B-KNĐ' },
  'decision.recognitionSigned': { competent: '16-KNĐ', delegated: '16B-KNĐ' },
  'decision.removalSigned': { competent: '9F-XTĐV', delegated: '9G-XTĐV' },
  'decision.cancelled': { admission: '9H-HKN', readmission: '9K-HKN', recognition: '9L-HCT' },
} as const;

export type FormStep = keyof typeof EVENT_FORMS;
export type FormCode = { [S in FormStep]: (typeof EVENT_FORMS)[S][keyof (typeof EVENT_FORMS)[S]] }[FormStep];

/** The source-pool forms of Hanoi's guidance, not of HD 38: the labels do not print them. */
export const HANOI_FORM_CODES: readonly FormCode[] = ['1A-TN', '6-TN'];

/** Every code of the table, each once. */
export const FORM_CODES: readonly FormCode[] = Object.values(EVENT_FORMS).flatMap((v) => Object.values(v) as FormCode[]);

/** The national codes of a step, as a label prints them: "6-KNĐ, 8C-KNĐ" (the kinds given, or all). */
export function formCodesOf(step: FormStep, kinds?: readonly string[]): string {
  const forms = EVENT_FORMS[step] as Record<string, FormCode>;
  return Object.entries(forms)
    .filter(([kind, code]) => (kinds ? kinds.includes(kind) : true) && !HANOI_FORM_CODES.includes(code))
    .map(([, code]) => code)
    .join(', ');
}
