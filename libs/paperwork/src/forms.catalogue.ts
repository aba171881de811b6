import { FORM_TEMPLATES, type FormTemplate, type Issuer, type Text } from '../templates/index.js';
import type { PaperworkContext } from './context.js';

export interface FormListing {
  code: string;
  title: Text;
  step: string;
  issuer: Issuer;
  ready: boolean;
  missing: Text[];
}

/** The forms on this case's path so far, in path order, with what each still needs. */
export function formsFor(ctx: PaperworkContext): FormListing[] {
  return FORM_TEMPLATES.filter((f) => f.applies(ctx) && f.belongs(ctx)).map((f) => {
    const missing = f.missing(ctx);
    return { code: f.code, title: f.title, step: f.step, issuer: f.issuer, ready: missing.length === 0, missing };
  });
}

/** The template of a form on the case's path, or undefined (404). */
export function templateFor(ctx: PaperworkContext, code: string): FormTemplate | undefined {
  const wanted = code.normalize('NFC');
  return FORM_TEMPLATES.find((f) => f.code === wanted && f.applies(ctx) && f.belongs(ctx));
}
