/**
 * The sandbox payment provider as a real process over HTTP: its API (bearer key, idempotent by
 * reference), the hosted page filled in as a browser does, webhooks received by a real HTTP
 * listener with valid signatures (retried with backoff while the listener fails, each attempt
 * signed afresh, two signatures while a secret is rotated), the timeout card's late success,
 * refunds, the daily settlement CSV, and state and pending webhooks kept across a restart and
 * a kill.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newSandboxCredentials } from '#devstack';
import { eventually } from '#testing';
import {
  card,
  fillInHostedPage,
  startTestPaymentSandbox,
  startWebhookReceiver,
  type ReceivedWebhook,
  type TestPaymentSandbox,
  type WebhookReceiver,
} from '../factories/payment-sandbox.js';

const RETURN_URL = 'https://city.example/payments/return?session=abc';

interface Payment {
  payment_id: string;
  reference: string;
  status: string;
  code?: string;
  fee?: number;
  net_amount?: number;
  next_url?: string;
  refund_summary: { amount_available: number };
}

interface Event {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

/** The signature header checked independently of the sandbox's code: t, and each v1. */
function signatureOf(webhook: ReceivedWebhook, secrets: string[]): { t: number; valid: boolean[] } {
  const header = String(webhook.headers['sandbox-signature']);
  const parts = header.split(',').map((p) => p.split('=') as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const v1 = parts.filter(([k]) => k === 'v1').map(([, v]) => v);
  return {
    t,
    valid: v1.map((given, i) => {
      const secret = secrets[i] as string;
      return given === createHmac('sha256', secret).update(`${t}.${webhook.body}`).digest('hex');
    }),
  };
}

const eventOf = (webhook: ReceivedWebhook) => JSON.parse(webhook.body) as Event;

let seq = 0;
const reference = (tag: string) => `${tag}-${process.pid}-${Date.now()}-${(seq += 1)}`;

describe('the payment sandbox process', () => {
  let receiver: WebhookReceiver;
  let sandbox: TestPaymentSandbox;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startTestPaymentSandbox({ webhookUrl: receiver.url });
  });

  afterAll(async () => {
    await sandbox?.stop();
    await receiver?.close();
  });

  const create = async (ref: string, amount = 1_000): Promise<Payment> => {
    const answer = await sandbox.api('POST', '/v1/payments', {
      reference: ref,
      amount,
      currency: 'GBP',
      description: 'Market stall licence fee',
      return_url: RETURN_URL,
    });
    expect(answer.status).toBe(201);
    return answer.body as Payment;
  };
  const get = async (id: string) =>
    (await sandbox.api('GET', `/v1/payments/${id}`)).body as Payment;
  const webhooksFor = (objectId: string, from = receiver) =>
    from.received.filter((w) => {
      const object = eventOf(w).data.object;
      return object.payment_id === objectId || object.refund_id === objectId;
    });
  const delivered = (objectId: string, type: string, from = receiver) =>
    eventually(
      async () =>
        webhooksFor(objectId, from).find((w) => w.status === 200 && eventOf(w).type === type),
      30_000,
      `${type} of ${objectId}`,
    );

  it('refuses the API without its key, and with a wrong one', async () => {
    const none = await fetch(`${sandbox.url}/v1/payments?reference=x`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${sandbox.url}/v1/payments?reference=x`, {
      headers: { authorization: 'Bearer not-the-key' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      code: 'unauthorised',
      description: 'a valid API key is required',
    });
  });

  it('takes a test card on the hosted page, sends the payer back, and signs the webhook', async () => {
    const payment = await create(reference('pay'));
    expect(payment).toMatchObject({ status: 'created', next_url: expect.any(String) as unknown });

    const posted = await fillInHostedPage(payment.next_url as string, card('4242424242424242'));
    expect({ status: posted.status, location: posted.location }).toEqual({
      status: 303,
      location: RETURN_URL,
    });
    expect(await get(payment.payment_id)).toMatchObject({
      status: 'success',
      fee: 34,
      net_amount: 966,
    });

    const webhook = await delivered(payment.payment_id, 'payment.succeeded');
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(webhook.headers['sandbox-event-id']).toBe(eventOf(webhook).id);
    expect(eventOf(webhook)).toMatchObject({
      id: expect.stringMatching(/^evt_[0-9a-f-]{36}$/) as unknown,
      type: 'payment.succeeded',
      data: {
        object: {
          object: 'payment',
          payment_id: payment.payment_id,
          reference: payment.reference,
          status: 'success',
          amount: 1_000,
          currency: 'GBP',
          fee: 34,
        },
      },
    });
    const signature = signatureOf(webhook, [...sandbox.credentials.webhookSecrets]);
    expect(signature.valid).toEqual([true]);
    expect(Math.abs(signature.t - Date.now() / 1000)).toBeLessThan(300);
    // No card data, and no cardholder name, ever leaves the page.
    expect(webhook.body).not.toContain('4242424242424242');
    expect(webhook.body).not.toContain('Test Payer');

    // Posting the form again (a double click) changes nothing and sends the payer back.
    const again = await fillInHostedPage(payment.next_url as string, card('4000000000000002'));
    expect({ status: again.status, location: again.location }).toEqual({
      status: 303,
      location: RETURN_URL,
    });
    expect((await get(payment.payment_id)).status).toBe('success');
  });

  it('answers the page again, with the errors, for invalid card details', async () => {
    const payment = await create(reference('invalid'));
    const posted = await fillInHostedPage(payment.next_url as string, {
      ...card('4242424242424241'),
      expiry_month: '13',
      cvc: '1',
      cardholder_name: '<script>alert(1)</script>',
    });
    expect(posted.status).toBe(422);
    expect(posted.html).toContain('There is a problem');
    expect(posted.html).toContain('Enter a valid card number');
    expect(posted.html).toContain('Enter a month from 01 to 12');
    expect(posted.html).toContain('Enter the 3 or 4 digit security code');
    expect(posted.html).not.toContain('<script>alert(1)</script>');
    expect(posted.html).toContain('&lt;script&gt;');
    expect(posted.html).not.toContain('4242424242424241');
    expect((await get(payment.payment_id)).status).toBe('created');
    expect(webhooksFor(payment.payment_id)).toEqual([]);
  });

  it('fails a declined card with its code, and lets the payer cancel', async () => {
    const declined = await create(reference('declined'));
    await fillInHostedPage(declined.next_url as string, card('4000000000000002'));
    const failed = await delivered(declined.payment_id, 'payment.failed');
    expect(eventOf(failed).data.object).toMatchObject({ status: 'failed', code: 'card_declined' });

    const cancelled = await create(reference('payer-cancels'));
    const answer = await fillInHostedPage(cancelled.next_url as string, {}, 'cancel');
    expect(answer.location).toBe(RETURN_URL);
    expect(await get(cancelled.payment_id)).toMatchObject({
      status: 'failed',
      code: 'cancelled_by_payer',
    });
  });

  it('is idempotent by reference: the same payment again, a conflict for other details', async () => {
    const ref = reference('idem');
    const first = await create(ref);
    const body = {
      reference: ref,
      amount: 1_000,
      currency: 'GBP',
      description: 'Market stall licence fee',
      return_url: RETURN_URL,
    };
    const again = await sandbox.api('POST', '/v1/payments', body);
    expect(again.status).toBe(200);
    expect((again.body as Payment).payment_id).toBe(first.payment_id);
    const other = await sandbox.api('POST', '/v1/payments', { ...body, amount: 1_001 });
    expect(other).toEqual({
      status: 409,
      body: {
        code: 'reference_conflict',
        field: 'reference',
        description: 'a payment with this reference exists with other details',
      },
    });
    const found = await sandbox.api('GET', `/v1/payments?reference=${ref}`);
    expect((found.body as { results: Payment[] }).results.map((p) => p.payment_id)).toEqual([
      first.payment_id,
    ]);
    expect(await sandbox.api('GET', '/v1/payments?reference=never-made')).toEqual({
      status: 200,
      body: { results: [] },
    });
  });

  it('names the field of a bad request', async () => {
    for (const [body, field] of [
      [
        { reference: 'r', amount: 10.5, currency: 'GBP', description: 'd', return_url: RETURN_URL },
        'amount',
      ],
      [
        { reference: 'r', amount: 10, currency: 'gbp', description: 'd', return_url: RETURN_URL },
        'currency',
      ],
      [
        {
          reference: 'r',
          amount: 10,
          currency: 'GBP',
          description: 'd',
          return_url: 'javascript:x',
        },
        'return_url',
      ],
      [
        {
          reference: 'r',
          amount: 10,
          currency: 'GBP',
          description: 'd',
          return_url: RETURN_URL,
          extra: 1,
        },
        'extra',
      ],
    ] as const) {
      const answer = await sandbox.api('POST', '/v1/payments', body);
      expect({ status: answer.status, field: (answer.body as { field: string }).field }).toEqual({
        status: 400,
        field,
      });
    }
  });

  it('keeps a timeout card submitted, then sends its late success', async () => {
    const payment = await create(reference('late'));
    const posted = await fillInHostedPage(payment.next_url as string, card('4000000000000119'));
    expect(posted.location).toBe(RETURN_URL);
    expect((await get(payment.payment_id)).status).toBe('submitted');
    const submitted = await delivered(payment.payment_id, 'payment.submitted');
    expect(eventOf(submitted).data.object.status).toBe('submitted');
    await delivered(payment.payment_id, 'payment.succeeded');
    expect(await get(payment.payment_id)).toMatchObject({ status: 'success', fee: 34 });
    // In the order they happened.
    expect(webhooksFor(payment.payment_id).map((w) => eventOf(w).type)).toEqual([
      'payment.submitted',
      'payment.succeeded',
    ]);
  });

  it('cancels an unfinished payment for the platform', async () => {
    const payment = await create(reference('cancel'));
    const answer = await sandbox.api('POST', `/v1/payments/${payment.payment_id}/cancel`);
    expect(answer).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    await delivered(payment.payment_id, 'payment.cancelled');
    // Its page sends a late payer back to the service.
    const page = await fetch(payment.next_url as string, { redirect: 'manual' });
    expect({ status: page.status, location: page.headers.get('location') }).toEqual({
      status: 303,
      location: RETURN_URL,
    });
  });

  it('refunds part, refuses more than is left, refunds the rest, idempotent by reference', async () => {
    const payment = await create(reference('refund'), 2_500);
    await fillInHostedPage(payment.next_url as string, card('4242424242424242'));
    const path = `/v1/payments/${payment.payment_id}/refunds`;
    const first = await sandbox.api('POST', path, { reference: reference('r1'), amount: 1_000 });
    expect(first).toMatchObject({ status: 201, body: { status: 'submitted', amount: 1_000 } });
    const { refund_id: refundId, reference: refundRef } = first.body as {
      refund_id: string;
      reference: string;
    };
    expect(await sandbox.api('POST', path, { reference: refundRef, amount: 1_000 })).toMatchObject({
      status: 200,
      body: { refund_id: refundId },
    });
    expect(await sandbox.api('POST', path, { reference: reference('r2'), amount: 1_501 })).toEqual({
      status: 422,
      body: {
        code: 'refund_amount_exceeds_available',
        field: 'amount',
        description: 'at most 1500 minor units are left to refund',
      },
    });
    const refunded = await delivered(refundId, 'refund.succeeded');
    expect(eventOf(refunded).data.object).toMatchObject({
      object: 'refund',
      refund_id: refundId,
      payment_id: payment.payment_id,
      status: 'success',
      amount: 1_000,
    });
    expect(signatureOf(refunded, [...sandbox.credentials.webhookSecrets]).valid).toEqual([true]);
    const rest = await sandbox.api('POST', path, { reference: reference('r3'), amount: 1_500 });
    expect(rest.status).toBe(201);
    expect((await get(payment.payment_id)).refund_summary.amount_available).toBe(0);
    const byReference = await sandbox.api('GET', `/v1/refunds?reference=${refundRef}`);
    expect((byReference.body as { results: { refund_id: string }[] }).results).toEqual([
      expect.objectContaining({ refund_id: refundId, status: 'success' }),
    ]);
  });

  it('fails the refunds of the refund-fails card', async () => {
    const payment = await create(reference('refund-fails'));
    await fillInHostedPage(payment.next_url as string, card('4000000000005126'));
    const answer = await sandbox.api('POST', `/v1/payments/${payment.payment_id}/refunds`, {
      reference: reference('rf'),
      amount: 1_000,
    });
    const refundId = (answer.body as { refund_id: string }).refund_id;
    const failed = await delivered(refundId, 'refund.failed');
    expect(eventOf(failed).data.object).toMatchObject({ status: 'error', code: 'refund_failed' });
  });

  it("reports the day's successful payments and refunds with fee and net (CSV)", async () => {
    const payment = await create(reference('settle'), 10_000);
    await fillInHostedPage(payment.next_url as string, card('5555555555554444'));
    const refund = await sandbox.api('POST', `/v1/payments/${payment.payment_id}/refunds`, {
      reference: reference('settle-r'),
      amount: 2_500,
    });
    const refundId = (refund.body as { refund_id: string }).refund_id;
    await delivered(refundId, 'refund.succeeded');
    const today = new Date().toISOString().slice(0, 10);
    const response = await fetch(`${sandbox.url}/v1/settlements/${today}`, {
      headers: { authorization: `Bearer ${sandbox.credentials.apiKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe(
      'record_type,provider_reference,reference,payment_provider_reference,settled_at,currency,gross_minor,fee_minor,net_minor',
    );
    const line = (id: string) => lines.find((l) => l.split(',')[1] === id)?.split(',');
    expect(line(payment.payment_id)).toEqual([
      'payment',
      payment.payment_id,
      payment.reference,
      payment.payment_id,
      expect.stringMatching(new RegExp(`^${today}T`)) as unknown,
      'GBP',
      '10000',
      '160', // 1.4% of 10000 + 20
      '9840',
    ]);
    expect(line(refundId)).toEqual([
      'refund',
      refundId,
      (refund.body as { reference: string }).reference,
      payment.payment_id,
      expect.stringMatching(new RegExp(`^${today}T`)) as unknown,
      'GBP',
      '-2500',
      '0',
      '-2500',
    ]);
    // Declined payments are not settled.
    expect(lines.every((l) => l === '' || l.split(',').length === 9)).toBe(true);
    expect((await sandbox.api('GET', '/v1/settlements/2026-02-30')).status).toBe(400);
  });
});

describe('webhook delivery', () => {
  it('retries a failing receiver with backoff until 2xx, signing each attempt afresh', async () => {
    const receiver = await startWebhookReceiver();
    // The receiver fails its first three requests.
    receiver.answer = (n) => (n < 3 ? 503 : 200);
    const sandbox = await startTestPaymentSandbox({
      webhookUrl: receiver.url,
      // Attempts about 0.7 s, 1.4 s and 2.8 s apart: their timestamps (seconds) must move on.
      env: { SANDBOX_WEBHOOK_RETRY_BASE_MS: '700', SANDBOX_WEBHOOK_RETRY_MAX_MS: '10000' },
    });
    try {
      const created = await sandbox.api('POST', '/v1/payments', {
        reference: reference('retry'),
        amount: 500,
        currency: 'EUR',
        description: 'Parking permit',
        return_url: RETURN_URL,
      });
      await fillInHostedPage(
        (created.body as Payment).next_url as string,
        card('4242424242424242'),
      );
      await eventually(async () =>
        receiver.received.some((w) => w.status === 200) ? true : undefined,
      );
      const attempts = receiver.received;
      expect(attempts.map((w) => w.status)).toEqual([503, 503, 503, 200]);
      // One event, the same body each time; a fresh timestamp and a valid signature each time.
      expect(new Set(attempts.map((w) => eventOf(w).id)).size).toBe(1);
      expect(new Set(attempts.map((w) => w.body)).size).toBe(1);
      const signatures = attempts.map((w) =>
        signatureOf(w, [...sandbox.credentials.webhookSecrets]),
      );
      expect(signatures.map((s) => s.valid)).toEqual([[true], [true], [true], [true]]);
      const times = signatures.map((s) => s.t);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times.at(-1)).toBeGreaterThan(times[0] as number);
      expect(new Set(attempts.map((w) => w.headers['sandbox-signature'])).size).toBeGreaterThan(1);
      // Delivered: never sent again.
      const health = (await (await fetch(`${sandbox.url}/health/ready`)).json()) as {
        webhooks: { pending: number; delivered: number };
      };
      expect(health.webhooks).toMatchObject({ pending: 0, delivered: 1 });
    } finally {
      await sandbox.stop();
      await receiver.close();
    }
  });

  it('signs with both secrets while a secret is rotated', async () => {
    const receiver = await startWebhookReceiver();
    const next = newSandboxCredentials().webhookSecrets[0] as string;
    const current = newSandboxCredentials();
    const sandbox = await startTestPaymentSandbox({
      webhookUrl: receiver.url,
      credentials: { apiKey: current.apiKey, webhookSecrets: [next, ...current.webhookSecrets] },
    });
    try {
      const created = await sandbox.api('POST', '/v1/payments', {
        reference: reference('rotate'),
        amount: 500,
        currency: 'GBP',
        description: 'Rotation',
        return_url: RETURN_URL,
      });
      await fillInHostedPage(
        (created.body as Payment).next_url as string,
        card('4242424242424242'),
      );
      const webhook = await eventually(async () => receiver.received[0]);
      expect(String(webhook.headers['sandbox-signature']).match(/v1=/g)).toHaveLength(2);
      expect(signatureOf(webhook, [next, current.webhookSecrets[0] as string]).valid).toEqual([
        true,
        true,
      ]);
    } finally {
      await sandbox.stop();
      await receiver.close();
    }
  });

  it('keeps payments, refunds and pending webhooks across a restart and a kill', async () => {
    const receiver = await startWebhookReceiver();
    // The receiver is down (503) until told otherwise.
    let up = false;
    receiver.answer = () => (up ? 200 : 503);
    const sandbox = await startTestPaymentSandbox({
      webhookUrl: receiver.url,
      env: { SANDBOX_WEBHOOK_RETRY_BASE_MS: '200', SANDBOX_WEBHOOK_RETRY_MAX_MS: '500' },
    });
    try {
      const created = (
        await sandbox.api('POST', '/v1/payments', {
          reference: reference('restart'),
          amount: 1_000,
          currency: 'GBP',
          description: 'Restart',
          return_url: RETURN_URL,
        })
      ).body as Payment;
      await fillInHostedPage(created.next_url as string, card('4242424242424242'));
      await eventually(async () => (receiver.received.length > 0 ? true : undefined));

      // A graceful restart: the state is there, the webhook still pending.
      await sandbox.stop('SIGTERM');
      await sandbox.restart();
      expect((await sandbox.api('GET', `/v1/payments/${created.payment_id}`)).body).toMatchObject({
        status: 'success',
        fee: 34,
      });
      const refund = await sandbox.api('POST', `/v1/payments/${created.payment_id}/refunds`, {
        reference: reference('restart-r'),
        amount: 300,
      });
      expect(refund.status).toBe(201);

      // A kill: nothing committed is lost.
      await sandbox.stop('SIGKILL');
      const before = receiver.received.length;
      await sandbox.restart();
      expect((await sandbox.api('GET', `/v1/payments/${created.payment_id}`)).body).toMatchObject({
        status: 'success',
        refund_summary: { amount_available: 700 },
      });

      // The receiver comes back: the pending webhooks arrive, each once, in order per object.
      up = true;
      await eventually(async () => {
        const types = receiver.received.filter((w) => w.status === 200).map((w) => eventOf(w).type);
        return types.includes('payment.succeeded') && types.includes('refund.succeeded')
          ? true
          : undefined;
      });
      expect(receiver.received.length).toBeGreaterThan(before);
      const succeeded = receiver.received.filter((w) => w.status === 200);
      expect(succeeded.map((w) => eventOf(w).type).sort()).toEqual([
        'payment.succeeded',
        'refund.succeeded',
      ]);
      for (const webhook of succeeded)
        expect(signatureOf(webhook, [...sandbox.credentials.webhookSecrets]).valid).toEqual([true]);
    } finally {
      await sandbox.stop();
      await receiver.close();
    }
  });
});
