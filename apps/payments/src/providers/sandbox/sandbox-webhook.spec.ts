import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parseSignatureHeader } from './sandbox-signature.js';
import { SandboxProvider } from './sandbox.provider.js';

const CURRENT = 'whsec-current-0123456789abcdef';
const NEXT = 'whsec-next-0123456789abcdef0';
const NOW = new Date('2026-03-01T10:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

const provider = (secrets: string[]) =>
  new SandboxProvider({
    baseUrl: 'http://sandbox.invalid',
    apiKey: 'unused-in-these-specs',
    webhookSecrets: secrets,
    timeoutMs: 1_000,
  });

const sign = (body: string, secret: string, t: number) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

const header = (body: string, secrets: string[], t = nowSeconds) =>
  [`t=${t}`, ...secrets.map((s) => `v1=${sign(body, s, t)}`)].join(',');

const paymentEvent = JSON.stringify({
  id: 'evt_6b1f0c1e-6a3c-4bd5-9b1e-2f0b9a3c1d11',
  type: 'payment.succeeded',
  created: nowSeconds,
  data: {
    object: {
      object: 'payment',
      payment_id: 'pay_0123456789abcdef01234567',
      reference: '01950000-0000-7000-8000-000000000001',
      amount: 1_000,
      currency: 'GBP',
      description: 'Street trading permit fee',
      status: 'success',
      finished: true,
      fee: 34,
      net_amount: 966,
      return_url: 'http://127.0.0.1:3000/return',
      refund_summary: {
        status: 'available',
        amount_available: 1_000,
        amount_submitted: 0,
        amount_refunded: 0,
      },
      created_date: '2026-03-01T09:59:00.000Z',
      updated_date: '2026-03-01T10:00:00.000Z',
    },
  },
});

const verify = (
  body: string,
  headers: Record<string, string | undefined>,
  secrets = [CURRENT],
  now = NOW,
) => provider(secrets).verifyWebhook(body, headers, now);

describe('SandboxProvider.verifyWebhook', () => {
  it('accepts a genuine webhook and reads the payment it reports', () => {
    expect(verify(paymentEvent, { 'sandbox-signature': header(paymentEvent, [CURRENT]) })).toEqual({
      ok: true,
      event: {
        id: 'evt_6b1f0c1e-6a3c-4bd5-9b1e-2f0b9a3c1d11',
        kind: 'payment',
        payment: {
          providerRef: 'pay_0123456789abcdef01234567',
          reference: '01950000-0000-7000-8000-000000000001',
          status: 'success',
          amount: { amountMinor: 1_000, currency: 'GBP' },
          feeMinor: 34,
        },
      },
    });
  });

  it('reads a refund event', () => {
    const body = JSON.stringify({
      id: 'evt_2',
      type: 'refund.failed',
      created: nowSeconds,
      data: {
        object: {
          object: 'refund',
          refund_id: 'rfd_1',
          reference: 'refund-1',
          payment_id: 'pay_1',
          amount: 400,
          currency: 'GBP',
          status: 'error',
          code: 'refund_failed',
        },
      },
    });
    expect(verify(body, { 'Sandbox-Signature': header(body, [CURRENT]) })).toEqual({
      ok: true,
      event: {
        id: 'evt_2',
        kind: 'refund',
        refund: {
          refundRef: 'rfd_1',
          reference: 'refund-1',
          providerPaymentRef: 'pay_1',
          status: 'error',
          amount: { amountMinor: 400, currency: 'GBP' },
          code: 'refund_failed',
        },
      },
    });
  });

  describe('forged', () => {
    it('refuses a signature made with another secret', () => {
      expect(
        verify(paymentEvent, {
          'sandbox-signature': header(paymentEvent, ['a-forger-guessed-this']),
        }),
      ).toEqual({ ok: false, refusal: 'signature_invalid' });
    });

    it('refuses a genuine signature over a changed body (an amount raised)', () => {
      const signed = header(paymentEvent, [CURRENT]);
      const changed = paymentEvent.replace('"amount":1000', '"amount":100000');
      expect(verify(changed, { 'sandbox-signature': signed })).toEqual({
        ok: false,
        refusal: 'signature_invalid',
      });
    });

    it('refuses a genuine signature moved to another timestamp', () => {
      const genuine = sign(paymentEvent, CURRENT, nowSeconds - 600);
      expect(
        verify(paymentEvent, { 'sandbox-signature': `t=${nowSeconds},v1=${genuine}` }),
      ).toEqual({ ok: false, refusal: 'signature_invalid' });
    });

    it('refuses a forgery even when its timestamp is stale (named as the forgery it is)', () => {
      expect(
        verify(paymentEvent, {
          'sandbox-signature': header(paymentEvent, ['a-forger-guessed-this'], nowSeconds - 3_600),
        }),
      ).toEqual({ ok: false, refusal: 'signature_invalid' });
    });

    it('refuses everything when no secret is configured', () => {
      expect(
        verify(paymentEvent, { 'sandbox-signature': header(paymentEvent, [CURRENT]) }, []),
      ).toEqual({
        ok: false,
        refusal: 'signature_invalid',
      });
    });
  });

  describe('stale', () => {
    it('accepts a timestamp 5 minutes old, and refuses one a second older (a replay)', () => {
      const at = (t: number) => ({ 'sandbox-signature': header(paymentEvent, [CURRENT], t) });
      expect(verify(paymentEvent, at(nowSeconds - 300)).ok).toBe(true);
      expect(verify(paymentEvent, at(nowSeconds - 301))).toEqual({
        ok: false,
        refusal: 'timestamp_stale',
      });
    });

    it('refuses a timestamp more than 5 minutes in the future', () => {
      const at = (t: number) => ({ 'sandbox-signature': header(paymentEvent, [CURRENT], t) });
      expect(verify(paymentEvent, at(nowSeconds + 300)).ok).toBe(true);
      expect(verify(paymentEvent, at(nowSeconds + 301))).toEqual({
        ok: false,
        refusal: 'timestamp_stale',
      });
    });
  });

  describe('rotated', () => {
    it('accepts a webhook signed with both secrets by a receiver that knows either', () => {
      const both = { 'sandbox-signature': header(paymentEvent, [NEXT, CURRENT]) };
      expect(verify(paymentEvent, both, [CURRENT]).ok).toBe(true);
      expect(verify(paymentEvent, both, [NEXT]).ok).toBe(true);
    });

    it('accepts the old and the new secret while the receiver lists both', () => {
      for (const secret of [CURRENT, NEXT])
        expect(
          verify(paymentEvent, { 'sandbox-signature': header(paymentEvent, [secret]) }, [
            NEXT,
            CURRENT,
          ]).ok,
        ).toBe(true);
    });

    it('refuses the old secret once the receiver dropped it', () => {
      expect(
        verify(paymentEvent, { 'sandbox-signature': header(paymentEvent, [CURRENT]) }, [NEXT]),
      ).toEqual({ ok: false, refusal: 'signature_invalid' });
    });
  });

  describe('malformed', () => {
    it('says a missing signature header is missing', () => {
      expect(verify(paymentEvent, {})).toEqual({ ok: false, refusal: 'signature_missing' });
      expect(verify(paymentEvent, { 'sandbox-signature': ' ' })).toEqual({
        ok: false,
        refusal: 'signature_missing',
      });
    });

    it.each([
      ['v1 only', `v1=${sign(paymentEvent, CURRENT, nowSeconds)}`],
      ['t only', `t=${nowSeconds}`],
      [
        'two timestamps',
        `t=${nowSeconds},t=${nowSeconds},v1=${sign(paymentEvent, CURRENT, nowSeconds)}`,
      ],
      ['a short v1', `t=${nowSeconds},v1=abcdef`],
      ['a non-numeric t', `t=soon,v1=${sign(paymentEvent, CURRENT, nowSeconds)}`],
      ['no key=value', `garbage`],
      [
        'an enormous header',
        `t=${nowSeconds},${'x=1,'.repeat(1_000)}v1=${sign(paymentEvent, CURRENT, nowSeconds)}`,
      ],
    ])('refuses a header with %s', (_what, value) => {
      expect(verify(paymentEvent, { 'sandbox-signature': value })).toEqual({
        ok: false,
        refusal: 'malformed',
      });
    });

    it('ignores signature schemes it does not know, as long as a v1 matches', () => {
      const value = `t=${nowSeconds},v0=deadbeef,v1=${sign(paymentEvent, CURRENT, nowSeconds)}`;
      expect(verify(paymentEvent, { 'sandbox-signature': value }).ok).toBe(true);
    });

    it.each([
      ['not JSON', 'this is not json'],
      ['not an event', JSON.stringify({ hello: 'world' })],
      ['an unknown status', paymentEvent.replace('"status":"success"', '"status":"teleported"')],
      ['an amount as a float', paymentEvent.replace('"amount":1000', '"amount":10.5')],
      [
        'a type that does not fit its object',
        paymentEvent.replace('payment.succeeded', 'refund.succeeded'),
      ],
    ])('refuses a correctly signed body that is %s', (_what, body) => {
      expect(verify(body, { 'sandbox-signature': header(body, [CURRENT]) })).toEqual({
        ok: false,
        refusal: 'malformed',
      });
    });
  });

  it('reads a header with spaces after its commas', () => {
    expect(parseSignatureHeader(`t=1, v1=${'a'.repeat(64)}`)).toEqual({
      timestamp: 1,
      signatures: [Buffer.from('a'.repeat(64), 'hex')],
    });
  });
});
