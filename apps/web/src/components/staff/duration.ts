import type { Language } from '../../i18n/i18n';

/** The locale of numbers, units and lists in the page's language (as i18n's dates). */
export const LOCALES: Record<Language, string> = { en: 'en-GB', hi: 'hi-IN' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How far a due time is, in the largest whole unit: days from a day on, hours from an hour on,
 * else minutes (at least one). The unit's name comes from Intl in the page's language.
 */
export function durationText(ms: number, language: Language): string {
  const abs = Math.abs(ms);
  const [value, unit] =
    abs >= DAY
      ? [Math.floor(abs / DAY), 'day']
      : abs >= HOUR
        ? [Math.floor(abs / HOUR), 'hour']
        : [Math.max(1, Math.floor(abs / 60_000)), 'minute'];
  return new Intl.NumberFormat(LOCALES[language], {
    style: 'unit',
    unit,
    unitDisplay: 'long',
  }).format(value);
}
