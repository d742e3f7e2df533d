/*
 * Receipts: a number per fiscal year without gaps (`R-2026-000001`), for every successful
 * payment and refund. The year is the fiscal year of the moment the receipt is issued, in the
 * city's time zone (PAYMENTS_TIME_ZONE), starting in PAYMENTS_FISCAL_YEAR_START_MONTH and named
 * by the calendar year it starts in.
 */

/** One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The fiscal year `at` falls in. */
export function fiscalYearOf(at: Date, timeZone: string, startMonth: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return month >= startMonth ? year : year - 1;
}

/** `R-<year>-<number>`, the number at least six digits. */
export const receiptNumber = (fiscalYear: number, seq: number): string =>
  `R-${fiscalYear}-${String(seq).padStart(6, '0')}`;

export interface ReceiptSettings {
  PAYMENTS_TIME_ZONE: string;
  PAYMENTS_FISCAL_YEAR_START_MONTH: number;
}
