import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signatureHeader, signaturePart } from './signing.js';
import { retryDelayMs } from './webhook-deliverer.js';

const body = '{"id":"evt_1","type":"payment.succeeded"}';

describe('webhook signatures', () => {
  it('are HMAC-SHA256 over "<t>.<raw body>" in hex, with the timestamp in the header', () => {
    const expected = createHmac('sha256', 'secret-one-0123456789')
      .update(`1700000000.${body}`)
      .digest('hex');
    expect(signatureHeader(body, ['secret-one-0123456789'], 1_700_000_000)).toBe(
      `t=1700000000,v1=${expected}`,
    );
  });

  it('carry one v1 per secret while a secret is rotated, newest first as configured', () => {
    const header = signatureHeader(body, ['new-secret-0123456789', 'old-secret-0123456789'], 5);
    expect(header.split(',')).toEqual([
      't=5',
      `v1=${signaturePart(body, 'new-secret-0123456789', 5)}`,
      `v1=${signaturePart(body, 'old-secret-0123456789', 5)}`,
    ]);
  });

  it('change with the timestamp, so each retry is signed afresh', () => {
    expect(signaturePart(body, 's', 1)).not.toBe(signaturePart(body, 's', 2));
  });

  it('change with a single byte of the body', () => {
    expect(signaturePart(body, 's', 1)).not.toBe(signaturePart(`${body} `, 's', 1));
  });

  it('need a secret', () => {
    expect(() => signatureHeader(body, [], 1)).toThrow('no webhook signing secret');
  });
});

describe('webhook retry backoff', () => {
  const settings = { retryBaseMs: 1_000, retryMaxMs: 60_000 };

  it('doubles from the base after each failed attempt', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, settings, noJitter))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000,
    ]);
  });

  it('is capped at the maximum', () => {
    expect(retryDelayMs(30, settings, () => 0)).toBe(60_000);
  });

  it('adds at most a tenth as jitter, so receivers back from an outage are not hit at once', () => {
    expect(retryDelayMs(1, settings, () => 0.999)).toBe(1_100);
  });
});
