import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { vi, type MessageKey } from './vi';

export type Lang = 'vi' | 'en';
export type Bilingual = { vi: string; en: string };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'kn.lang';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Picks the current language from a bilingual value the API sends ({ vi, en }). */
  pick(value: Bilingual | string | null | undefined): string;
  /** A local date (YYYY-MM-DD) as the user reads it: 07/11/2025 in Vietnamese. */
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
  /** A number with the language's grouping: 1.749 in Vietnamese, 1,749 in English. */
  num(value: number | null | undefined): string;
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  const dict = dictionaries[lang];
  return {
    lang,
    setLang,
    t: (key, params) => format(dict[key] ?? key, params),
    pick: (value) => (value == null ? '' : typeof value === 'string' ? value : (value[lang] ?? value.vi)),
    date: (value) => {
      if (!value) return '';
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
      if (!m) return value;
      return lang === 'vi' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
    },
    num: (value) => (value == null ? '—' : value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')),
    dateTime: (value) => {
      if (!value) return '';
      const d = new Date(value);
      if (Number.isNaN(d.getTime())) return value;
      // "11:27, 02/12/2026": the time in Vietnam, then the date as the language writes it.
      const local = new Date(d.getTime() + 7 * 3_600_000).toISOString();
      const day = lang === 'vi' ? `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}` : local.slice(0, 10);
      return `${local.slice(11, 16)}, ${day}`;
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n('vi', () => undefined));

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export type { MessageKey };
