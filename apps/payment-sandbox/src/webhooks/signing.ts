import { createHmac } from 'node:crypto';

/** The header that carries a webhook's signature (Stripe's scheme). */
export const SIGNATURE_HEADER = 'Sandbox-Signature';
/** The header that carries the webhook's event id (also in the body as `id`). */
export const EVENT_ID_HEADER = 'Sandbox-Event-Id';

/** Hex HMAC-SHA256 of `<t>.<body>` under `secret`. */
export function signaturePart(body: string, secret: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/**
 * `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`: one `v1` per configured secret, so a receiver
 * that knows either the old or the new secret accepts it while the secret is rotated. The
 * timestamp is the moment of sending: every retry is signed afresh.
 */
export function signatureHeader(
  body: string,
  secrets: readonly string[],
  timestampSeconds: number,
): string {
  if (secrets.length === 0) throw new Error('no webhook signing secret');
  return [
    `t=${timestampSeconds}`,
    ...secrets.map((secret) => `v1=${signaturePart(body, secret, timestampSeconds)}`),
  ].join(',');
}
