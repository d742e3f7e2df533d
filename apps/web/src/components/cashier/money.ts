import type { components } from '../../api/schema';

export type Money = components['schemas']['MoneyView'];
export type Invoice = components['schemas']['InvoiceView'];
export type Payment = components['schemas']['PaymentView'];
export type Refund = components['schemas']['RefundDetails'];
export type TillSession = components['schemas']['TillSessionView'];
export type Adjustment = components['schemas']['AdjustmentView'];
export type Discrepancy = components['schemas']['DiscrepancyView'];

/** Minor units per major unit of a currency (ISO 4217 exponent, as Intl knows it). */
export const minorPerMajor = (currency: string): number =>
  10 **
  (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2);

/** An amount in the page's language: integer minor units shown in major units. */
export const formatMoney = (locale: string, amountMinor: number, currency: string): string =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    amountMinor / minorPerMajor(currency),
  );

/**
 * What a person typed ("12.50", "12") as integer minor units; undefined when it is not an
 * amount with at most the currency's decimals. Never a float crossing the boundary.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const digits = Math.log10(minorPerMajor(currency));
  const match = new RegExp(`^(\\d{1,12})(?:\\.(\\d{1,${digits}}))?$`).exec(
    text.trim().replace(/,/g, ''),
  );
  if (!match || (digits === 0 && match[2])) return undefined;
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  return Number(match[1]) * minorPerMajor(currency) + Number(fraction || '0');
}

/**
 * The last eight characters of an id: enough to tell rows apart on a screen (a UUIDv7 begins
 * with its time, so ids made in the same minute share their first characters).
 */
export const shortId = (id: string): string => id.slice(-8);
