/**
 * The payments service's SandboxProvider (apps/payments/src/providers/sandbox) against the real
 * sandbox process: every call of the provider interface over HTTP, the webhooks the sandbox
 * sends accepted by verifyWebhook as they arrive (and refused once tampered with or replayed
 * late), the settlement report read back, and the errors that tell the service what to do
 * (unavailable: ask again later; refused: asking again changes nothing).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '#devstack';
import { eventually } from '#testing';
import {
  ProviderRequestRefusedError,
  ProviderUnavailableError,
  type ProviderWebhookEvent,
} from '../../apps/payments/src/providers/provider.js';
import {
  parseSandboxSettlementReport,
  SandboxProvider,
} from '../../apps/payments/src/providers/sandbox/index.js';
import {
  card,
  fillInHostedPage,
  startTestPaymentSandbox,
  startWebhookReceiver,
  type ReceivedWebhook,
  type TestPaymentSandbox,
  type WebhookReceiver,
} from '../factories/payment-sandbox.js';

const RETURN_URL = 'http://127.0.0.1:3000/payments/return';
const GBP = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });

describe('SandboxProvider against the sandbox process', () => {
  let receiver: WebhookReceiver;
  let sandbox: TestPaymentSandbox;
  let provider: SandboxProvider;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startTestPaymentSandbox({ webhookUrl: receiver.url });
    provider = new SandboxProvider({
      baseUrl: sandbox.paymentsEnv.PAYMENTS_SANDBOX_URL as string,
      apiKey: sandbox.paymentsEnv.PAYMENTS_SANDBOX_API_KEY as string,
      webhookSecrets: (sandbox.paymentsEnv.PAYMENTS_SANDBOX_WEBHOOK_SECRETS as string).split(','),
      timeoutMs: 5_000,
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
    await receiver?.close();
  });

  const headersOf = (webhook: ReceivedWebhook) =>
    Object.fromEntries(
      Object.entries(webhook.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
    );

  /** The verified events of the webhooks received so far, as the service would read them. */
  const verifiedEvents = () =>
    receiver.received.map((w) => {
      const result = provider.verifyWebhook(w.body, headersOf(w), new Date());
      if (!result.ok) throw new Error(`a genuine webhook was refused: ${result.refusal}`);
      return result.event;
    });

  const eventFor = (predicate: (e: ProviderWebhookEvent) => boolean) =>
    eventually(async () => verifiedEvents().find(predicate), 30_000, 'a webhook');

  it('creates a payment, learns its success by a verified webhook and by asking', async () => {
    const reference = randomUUID();
    const created = await provider.createPayment({
      reference,
      amount: GBP(4_200),
      description: 'Building permit fee',
      returnUrl: RETURN_URL,
    });
    expect(created).toMatchObject({
      reference,
      status: 'created',
      amount: GBP(4_200),
      nextUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/pay\//) as unknown,
    });

    // Asked again with the same reference (a retry after a crash): the same payment.
    const again = await provider.createPayment({
      reference,
      amount: GBP(4_200),
      description: 'Building permit fee',
      returnUrl: RETURN_URL,
    });
    expect(again.providerRef).toBe(created.providerRef);

    const page = await fillInHostedPage(created.nextUrl, card('4242424242424242'));
    expect(page.location).toBe(RETURN_URL);

    const event = await eventFor(
      (e) => e.kind === 'payment' && e.payment.providerRef === created.providerRef,
    );
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/) as unknown,
      kind: 'payment',
      payment: {
        providerRef: created.providerRef,
        reference,
        status: 'success',
        amount: GBP(4_200),
        feeMinor: 79, // 1.4% of 4200 = 58.8 -> 59, + 20
      },
    });
    expect(await provider.findPayment(reference)).toEqual(
      event.kind === 'payment' ? event.payment : undefined,
    );
    // A finished payment's creation answered again still carries a page (it sends the payer back).
    const replay = await provider.createPayment({
      reference,
      amount: GBP(4_200),
      description: 'Building permit fee',
      returnUrl: RETURN_URL,
    });
    expect(replay).toMatchObject({ status: 'success', nextUrl: created.nextUrl });
  });

  it('refuses what the sandbox sent once it is tampered with or arrives too late', async () => {
    const webhook = await eventually(async () => receiver.received[0]);
    const headers = headersOf(webhook);
    expect(provider.verifyWebhook(webhook.body, headers, new Date()).ok).toBe(true);
    expect(
      provider.verifyWebhook(
        webhook.body.replace('"status":"success"', '"status":"failed"'),
        headers,
        new Date(),
      ),
    ).toEqual({ ok: false, refusal: 'signature_invalid' });
    const tenMinutesLater = new Date(Date.now() + 10 * 60_000);
    expect(provider.verifyWebhook(webhook.body, headers, tenMinutesLater)).toEqual({
      ok: false,
      refusal: 'timestamp_stale',
    });
    const { 'sandbox-signature': _dropped, ...unsigned } = headers;
    expect(provider.verifyWebhook(webhook.body, unsigned, new Date())).toEqual({
      ok: false,
      refusal: 'signature_missing',
    });
  });

  it('says a reference that never reached the sandbox is unknown', async () => {
    expect(await provider.findPayment(randomUUID())).toBeUndefined();
    expect(await provider.findRefund(randomUUID())).toBeUndefined();
  });

  it('maps declined and provider-error cards, and cancels an unfinished payment', async () => {
    const declined = await provider.createPayment({
      reference: randomUUID(),
      amount: GBP(100),
      description: 'Declined',
      returnUrl: RETURN_URL,
    });
    await fillInHostedPage(declined.nextUrl, card('4000000000000002'));
    expect(await provider.findPayment(declined.reference)).toMatchObject({
      status: 'failed',
      code: 'card_declined',
    });

    const broken = await provider.createPayment({
      reference: randomUUID(),
      amount: GBP(100),
      description: 'Provider error',
      returnUrl: RETURN_URL,
    });
    await fillInHostedPage(broken.nextUrl, card('4000000000000036'));
    expect(await provider.findPayment(broken.reference)).toMatchObject({
      status: 'error',
      code: 'provider_error',
    });

    const open = await provider.createPayment({
      reference: randomUUID(),
      amount: GBP(100),
      description: 'Cancelled',
      returnUrl: RETURN_URL,
    });
    expect(await provider.cancelPayment(open.providerRef)).toMatchObject({
      status: 'cancelled',
      code: 'cancelled_by_merchant',
    });
    // A finished payment is returned as it is.
    expect(await provider.cancelPayment(declined.providerRef)).toMatchObject({ status: 'failed' });
  });

  it('keeps a timeout payment submitted, then reports its late success', async () => {
    const late = await provider.createPayment({
      reference: randomUUID(),
      amount: GBP(1_000),
      description: 'Provider timeout',
      returnUrl: RETURN_URL,
    });
    await fillInHostedPage(late.nextUrl, card('4000000000000119'));
    expect(await provider.findPayment(late.reference)).toMatchObject({ status: 'submitted' });
    await eventFor(
      (e) =>
        e.kind === 'payment' &&
        e.payment.providerRef === late.providerRef &&
        e.payment.status === 'success',
    );
    expect(await provider.findPayment(late.reference)).toMatchObject({
      status: 'success',
      feeMinor: 34,
    });
  });

  it('refunds part and the rest, idempotent by reference, refusing more than is left', async () => {
    const payment = await provider.createPayment({
      reference: randomUUID(),
      amount: GBP(2_000),
      description: 'Refunded',
      returnUrl: RETURN_URL,
    });
    await fillInHostedPage(payment.nextUrl, card('4242424242424242'));
    const first = {
      reference: randomUUID(),
      providerPaymentRef: payment.providerRef,
      amount: GBP(1_200),
    };
    const refund = await provider.refund(first);
    expect(refund).toMatchObject({
      reference: first.reference,
      providerPaymentRef: payment.providerRef,
      status: 'submitted',
      amount: GBP(1_200),
    });
    expect((await provider.refund(first)).refundRef).toBe(refund.refundRef);

    const tooMuch = provider.refund({
      reference: randomUUID(),
      providerPaymentRef: payment.providerRef,
      amount: GBP(801),
    });
    await expect(tooMuch).rejects.toBeInstanceOf(ProviderRequestRefusedError);
    await expect(tooMuch).rejects.toMatchObject({
      code: 'refund_amount_exceeds_available',
      httpStatus: 422,
    });

    const event = await eventFor(
      (e) => e.kind === 'refund' && e.refund.refundRef === refund.refundRef,
    );
    expect(event).toMatchObject({ kind: 'refund', refund: { status: 'success' } });
    expect(await provider.findRefund(first.reference)).toMatchObject({ status: 'success' });
    expect(
      await provider.refund({
        reference: randomUUID(),
        providerPaymentRef: payment.providerRef,
        amount: GBP(800),
      }),
    ).toMatchObject({ status: 'submitted' });

    // Another currency than the payment's is refused.
    await expect(
      provider.refund({
        reference: randomUUID(),
        providerPaymentRef: payment.providerRef,
        amount: { amountMinor: 1, currency: 'EUR' },
      }),
    ).rejects.toMatchObject({ code: 'currency_mismatch' });
  });

  it("reads the day's settlement report the sandbox writes", async () => {
    const payment = await provider.createPayment({
      reference: randomUUID(),
      amount: GBP(5_000),
      description: 'Settled',
      returnUrl: RETURN_URL,
    });
    await fillInHostedPage(payment.nextUrl, card('4242424242424242'));
    const today = new Date().toISOString().slice(0, 10);
    const lines = parseSandboxSettlementReport(await provider.settlementReport(today));
    expect(lines.find((l) => l.providerRef === payment.providerRef)).toEqual({
      recordType: 'payment',
      providerRef: payment.providerRef,
      reference: payment.reference,
      providerPaymentRef: payment.providerRef,
      settledAt: expect.any(Date) as unknown,
      currency: 'GBP',
      grossMinor: 5_000,
      feeMinor: 90,
      netMinor: 4_910,
    });
    expect(lines.some((l) => l.recordType === 'refund' && l.grossMinor < 0)).toBe(true);
  });

  it('is refused with a wrong key, and unavailable when the sandbox does not answer', async () => {
    const wrongKey = new SandboxProvider({
      baseUrl: sandbox.url,
      apiKey: 'not-the-key',
      webhookSecrets: [],
      timeoutMs: 5_000,
    });
    await expect(wrongKey.findPayment('x')).rejects.toMatchObject({
      name: 'ProviderRequestRefusedError',
      code: 'unauthorised',
      httpStatus: 401,
    });

    const nobody = new SandboxProvider({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      apiKey: 'k',
      webhookSecrets: [],
      timeoutMs: 5_000,
    });
    await expect(
      nobody.createPayment({
        reference: randomUUID(),
        amount: GBP(1),
        description: 'Nobody home',
        returnUrl: RETURN_URL,
      }),
    ).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('finds a payment created while the client lost the answer, after the sandbox restarts', async () => {
    // The call reaches the sandbox; the client never reads the answer (its process died).
    const reference = randomUUID();
    await sandbox.api('POST', '/v1/payments', {
      reference,
      amount: 700,
      currency: 'GBP',
      description: 'Interrupted',
      return_url: RETURN_URL,
    });
    await sandbox.stop('SIGKILL');
    await expect(provider.findPayment(reference)).rejects.toBeInstanceOf(ProviderUnavailableError);
    await sandbox.restart();
    expect(await provider.findPayment(reference)).toMatchObject({
      reference,
      status: 'created',
      amount: GBP(700),
    });
  });
});
