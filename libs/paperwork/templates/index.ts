/** Every model form the engine fills, in the order of the path (docs/forms.md lists them with their sources). */
import { ADMISSION_FORMS } from './admission.js';
import type { FormTemplate } from './common.js';
import { EXIT_FORMS } from './exits.js';
import { MEMBER_RECORD_FORMS } from './member-record.js';
import { RECOGNITION_FORMS } from './recognition.js';

export type { FormTemplate, Text, Issuer } from './common.js';

export const FORM_TEMPLATES: readonly FormTemplate[] = [...ADMISSION_FORMS, ...MEMBER_RECORD_FORMS, ...RECOGNITION_FORMS, ...EXIT_FORMS];
