import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookRefusal } from '../provider.js';

/** The header the sandbox signs its webhooks in: `t=<unix seconds>,v1=<hex>[,v1=<hex>]`. */
export const SANDBOX_SIGNATURE_HEADER = 'sandbox-signature';
/** How far a webhook's timestamp may be from now, either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const MAX_HEADER_LENGTH = 2_048;

export interface ParsedSignature {
  readonly timestamp: number;
  /** The `v1` signatures (32 bytes each). */
  readonly signatures: readonly Buffer[];
}

/**
 * Reads a signature header: exactly one `t` (unix seconds) and one or more `v1` (64 hex
 * digits); other schemes are ignored, as Stripe's receivers do. `undefined` when it is not
 * of that form.
 */
export function parseSignatureHeader(header: string): ParsedSignature | undefined {
  if (header.length > MAX_HEADER_LENGTH) return undefined;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * Checks a webhook's signature header against its raw body: some `v1` must be the HMAC-SHA256
 * of `<t>.<raw body>` under one of `secrets` (several while a secret is rotated), compared in
 * constant time; then `t` must be within `toleranceSeconds` of `now`, either way (a replay of
 * an old message, or a clock far off). The signature is checked first, so a forgery is named
 * as one whatever its timestamp.
 */
export function checkSignature(
  rawBody: string,
  header: string | undefined,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): { ok: true } | { ok: false; refusal: WebhookRefusal } {
  if (header === undefined || header.trim() === '')
    return { ok: false, refusal: 'signature_missing' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, refusal: 'malformed' };
  const signed = `${parsed.timestamp}.${rawBody}`;
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(signed).digest();
    // Every pair is compared, so the time taken says nothing about which one matched.
    for (const given of parsed.signatures) if (timingSafeEqual(given, expected)) valid = true;
  }
  if (!valid) return { ok: false, refusal: 'signature_invalid' };
  if (Math.abs(now.getTime() / 1000 - parsed.timestamp) > toleranceSeconds)
    return { ok: false, refusal: 'timestamp_stale' };
  return { ok: true };
}

/** A header's value whatever the case of its name (the first, if repeated). */
export function headerValue(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  return undefined;
}
