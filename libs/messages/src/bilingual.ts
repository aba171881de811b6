/** A text in both languages of the application: Vietnamese first, English second. */
export interface Bilingual {
  vi: string;
  en: string;
}

export type Lang = keyof Bilingual;
