import { createHmac } from 'node:crypto';
import type { PermitTypeDefinition } from '../permit-types/permit-type.js';

/*
 * An issued permit's numbers and facts, pure: its number, validity, the holder's salted hash
 * and the display name public verification may show.
 */

/** `<prefix>-P-<year>-<6 digits>`: numbered per type and year from `number_counters`. */
export const permitNumberOf = (prefix: string, year: number, counter: number): string =>
  `${prefix}-P-${year}-${String(counter).padStart(6, '0')}`;

/** Valid from `from` for `months` calendar months (UTC; the 31st becomes the month's last day). */
export function validityOf(from: Date, months: number): { validFrom: Date; validUntil: Date } {
  const until = new Date(from.getTime());
  const day = until.getUTCDate();
  until.setUTCDate(1);
  until.setUTCMonth(until.getUTCMonth() + months);
  const last = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() + 1, 0)).getUTCDate();
  until.setUTCDate(Math.min(day, last));
  return { validFrom: from, validUntil: until };
}

/** HMAC-SHA256 (hex) of the holder's account id with the permits salt: events bind, never name. */
export const holderHashOf = (salt: string, holderId: string): string =>
  createHmac('sha256', salt).update(holderId).digest('hex');

/**
 * The holder's display name verification may show: only where the type declares the field
 * public (a trade licence's business name), from the application's details.
 */
export function publicHolderNameOf(
  def: PermitTypeDefinition,
  details: Record<string, unknown>,
): string | null {
  if (!def.publicHolderField) return null;
  const value = details[def.publicHolderField];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null;
}
