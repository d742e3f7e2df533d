import { createContext, use, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './messages.en';

/**
 * Two languages, English and Hindi; every text of the UI comes from the message files, with
 * `{name}` placeholders filled in (never concatenated). The choice is kept in localStorage
 * (a preference, nothing personal) and set as the document's `lang`.
 */
export const LANGUAGES = { en: 'English', hi: 'हिन्दी' } as const;
export type Language = keyof typeof LANGUAGES;

/**
 * English is in the entry chunk; Hindi is a chunk of its own, loaded when a page is first shown
 * in it (before the first render, when it is the stored choice): a reader of one language does
 * not download the other's texts.
 */
const loaded: Partial<Record<Language, Messages>> = { en };
export const loadLanguage = async (language: Language): Promise<void> => {
  if (language === 'hi' && !loaded.hi) loaded.hi = (await import('./messages.hi')).hi;
};
const STORAGE_KEY = 'civic.language';
const LOCALES: Record<Language, string> = { en: 'en-GB', hi: 'hi-IN' };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  formatDate: (iso: string) => string;
  formatDateTime: (date: Date) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export const initialLanguage = (): Language => {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'hi' || stored === 'en' ? stored : 'en';
};

export function I18nProvider({ children }: { children: ReactNode }) {
  // The stored choice, once its texts are here (main.tsx loads them before the first render).
  const [language, setLanguageState] = useState<Language>(() => {
    const stored = initialLanguage();
    return loaded[stored] ? stored : 'en';
  });
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const messages = loaded[language] ?? en;
    const dates = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long' });
    const times = new Intl.DateTimeFormat(LOCALES[language], {
      dateStyle: 'long',
      timeStyle: 'medium',
    });
    return {
      language,
      // The page changes language once the texts are here (lang and text switch together).
      setLanguage: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        void loadLanguage(next).then(() => setLanguageState(next));
      },
      t: (key, values) =>
        messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
          values && name in values ? String(values[name]) : whole,
        ),
      formatDate: (iso) => dates.format(new Date(iso)),
      formatDateTime: (date) => times.format(date),
    };
  }, [language]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export const useI18n = (): I18n => {
  const value = use(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
};
