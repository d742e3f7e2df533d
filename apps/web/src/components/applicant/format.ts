import type { Language } from '../../i18n/i18n';

const LOCALES: Record<Language, string> = { en: 'en-GB', hi: 'hi-IN' };

/** An amount in minor units of its currency, in the page's language (never a float sum). */
export const formatMoney = (amountMinor: number, currency: string, language: Language): string => {
  const format = new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
};

/** A file's size in kB or MB, in the page's language. */
export const formatBytes = (bytes: number, language: Language): string => {
  const format = new Intl.NumberFormat(LOCALES[language], {
    style: 'unit',
    unit: bytes >= 1_000_000 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  });
  return format.format(bytes >= 1_000_000 ? bytes / 1_000_000 : Math.max(bytes / 1_000, 0.1));
};

/** A key for one command (the gateway's Idempotency-Key): a retried click acts once. */
export const newKey = (): string => crypto.randomUUID();
