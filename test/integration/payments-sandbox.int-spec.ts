/**
 * The payer's whole path through the real gateway, payments and the sandbox provider process:
 * an invoice issued by a workflow activity, a payment started with an Idempotency-Key, the
 * sandbox's hosted page filled in as a browser does, its signed webhook received back through
 * the gateway, the ledger and the receipt. And what must hold when things go wrong: fifty
 * requests with one key, two payments raced on one invoice, forged, stale and replayed webhooks,
 * a provider timeout then a late success, the provider down, and the payments service killed
 * between a provider's answer and the ledger write.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import {
  PAYMENTS_INTERNAL_INVOICE_CANCEL,
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  type InvoiceView,
  type PaymentView,
  type TrialBalance,
} from '#contracts';
import type { ManagedProcess } from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { eventually, testEnv } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { startTestApp } from '../factories/apps.js';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';
import {
  card,
  fillInHostedPage,
  startTestPaymentSandbox,
  type TestPaymentSandbox,
} from '../factories/payment-sandbox.js';

const SUCCEEDS = '4242424242424242';
const DECLINED = '4000000000000002';
const TIMES_OUT = '4000000000000119';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/** The gateway, a sandbox whose webhooks reach it, and payments using that sandbox. */
interface Stack {
  gateway: Gateway;
  sandbox: TestPaymentSandbox;
  payments: ManagedProcess;
  paymentsEnv: NodeJS.ProcessEnv;
}

const PAYMENTS_ENV = {
  PAYMENTS_SWEEP_INTERVAL_SECONDS: '1',
  PAYMENTS_RECHECK_AFTER_SECONDS: '2',
  PAYMENTS_INTENT_RECOVERY_AFTER_SECONDS: '1',
};

const startPayments = (env: NodeJS.ProcessEnv): Promise<ManagedProcess> =>
  startTestApp('payments', { TEMPORAL_ADDRESS: testEnv().temporalAddress, ...env });

/**
 * `webhooksTo`: `gateway` (the sandbox's webhooks reach the platform) or `nowhere` (they never
 * do: only the sweeper can learn what happened).
 */
async function startStack(webhooksTo: 'gateway' | 'nowhere'): Promise<Stack> {
  const gateway = await startGateway();
  const sandbox = await startTestPaymentSandbox({
    webhookUrl:
      webhooksTo === 'gateway'
        ? `${gateway.url}/api/v1/payments/webhooks/sandbox`
        : 'http://127.0.0.1:9/nowhere',
  });
  const paymentsEnv = { ...PAYMENTS_ENV, ...sandbox.paymentsEnv };
  const payments = await startPayments(paymentsEnv);
  return { gateway, sandbox, payments, paymentsEnv };
}

async function stopStack(stack: Stack | undefined): Promise<void> {
  await stack?.gateway.process.stop('SIGTERM', 15_000);
  await stack?.payments.stop('SIGTERM', 15_000);
  await stack?.sandbox.stop();
}

describe('payments through the gateway and the sandbox provider', () => {
  let worker: NatsConnection;
  let db: pg.Client;

  /** Asks payments as a workflow activity does: the worker's NATS user, the system actor. */
  const asActivity: ServiceClient['request'] = (pattern, data) =>
    runWithContext(
      { correlationId: randomUUID(), system: true, requestKey: `activity-${randomUUID()}` },
      () => new ServiceClient(worker, 10_000).request(pattern, data),
    );

  const anInvoice = (payer: Account, amountMinor = 12_500): Promise<InvoiceView> =>
    asActivity(PAYMENTS_INTERNAL_INVOICE_CREATE, {
      payerAccountId: payer.id,
      caseRef: { context: 'permits', id: randomUUID() },
      purpose: 'application-fee',
      lines: [{ revenueCode: 'permits.building', descriptionKey: 'fees.building', amountMinor }],
      dueAt: inDays(30),
    });

  const pay = (gateway: Gateway, payer: Account, invoiceId: string, key = randomUUID()) =>
    call(gateway, 'POST', `/api/v1/invoices/${invoiceId}/payments`, {
      token: payer.token,
      headers: { 'idempotency-key': key },
    });

  const paymentOf = async (gateway: Gateway, who: Account, id: string): Promise<PaymentView> =>
    (await call(gateway, 'GET', `/api/v1/payments/${id}`, { token: who.token }))
      .body as unknown as PaymentView;

  /** Waits until the payment's status is `status` (a webhook or a sweep brought it). */
  const until = (gateway: Gateway, who: Account, id: string, status: string) =>
    eventually(
      async () => {
        const payment = await paymentOf(gateway, who, id);
        return payment.state.status === status ? payment : undefined;
      },
      30_000,
      `payment ${id} ${status}`,
    );

  const trialBalanceIsZero = async (gateway: Gateway, auditor: Account) => {
    const reply = await call(gateway, 'GET', '/api/v1/ledger/trial-balance', {
      token: auditor.token,
    });
    const balance = reply.body as unknown as TrialBalance;
    for (const total of balance.totals) expect(total.balanceMinor).toBe(0);
    return balance;
  };

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]?.n ??
    0;

  /** A webhook in the sandbox's form about `object`, signed as the sandbox signs (or not). */
  const sandboxEvent = (object: Record<string, unknown>, type: string) => {
    const body = JSON.stringify({
      id: `evt_${randomUUID()}`,
      type,
      created: new Date().toISOString(),
      data: { object: { ...object, object: 'payment' } },
    });
    const signed = (secret: string, at = new Date()) => {
      const t = Math.floor(at.getTime() / 1_000);
      const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
      return { 'sandbox-signature': `t=${t},v1=${v1}` };
    };
    return { body, signed };
  };

  /** The payment as the sandbox has it (its API's JSON). */
  const atSandbox = async (sandbox: TestPaymentSandbox, paymentId: string) =>
    (
      (await sandbox.api('GET', `/v1/payments?reference=${paymentId}`)).body as {
        results: Record<string, unknown>[];
      }
    ).results[0] ?? {};

  beforeAll(async () => {
    worker = await connectNats({
      name: 'itest-payments-sandbox-worker',
      servers: testEnv().natsUrl,
      auth: testEnv().serviceNatsAuth('worker'),
    });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=payments',
    });
    await db.connect();
  });

  afterAll(async () => {
    await worker?.close();
    await db?.end();
  });

  describe('with webhooks reaching the gateway', () => {
    let stack: Stack;
    let payer: Account;
    let auditor: Account;

    beforeAll(async () => {
      stack = await startStack('gateway');
      [payer, auditor] = await Promise.all([
        anAccount(stack.gateway, 'citizen'),
        anAccount(stack.gateway, 'auditor'),
      ]);
    });
    afterAll(() => stopStack(stack));

    it("takes the payer's whole path: the hosted page, the signed webhook, the ledger and the receipt", async () => {
      const { gateway } = stack;
      const invoice = await anInvoice(payer);
      const started = await pay(gateway, payer, invoice.id);
      expect(started.status).toBe(201);
      const payment = started.body as unknown as PaymentView;
      expect(payment).toMatchObject({
        amount: { amountMinor: 12_500, currency: 'EUR' },
        state: { status: 'started', finished: false },
      });
      expect(payment.nextUrl).toMatch(new RegExp(`^${stack.sandbox.url}/`));
      const page = await fillInHostedPage(payment.nextUrl ?? '', card(SUCCEEDS));
      expect(page.status).toBe(303);
      expect(page.location).toBe(payment.returnUrl);

      const paid = await until(gateway, payer, payment.id, 'success');
      expect(paid.nextUrl).toBeUndefined();
      expect(paid.fee?.amountMinor).toBeGreaterThan(0);
      const receipt = await call(gateway, 'GET', `/api/v1/receipts/${paid.receiptId ?? ''}`, {
        token: payer.token,
      });
      expect(receipt.status).toBe(200);
      expect(receipt.body).toMatchObject({
        kind: 'payment',
        paymentId: payment.id,
        amount: { amountMinor: 12_500, currency: 'EUR' },
      });
      expect(receipt.body.number).toMatch(/^R-\d{4}-\d{6}$/);
      const invoiceNow = await call(gateway, 'GET', `/api/v1/invoices/${invoice.id}`, {
        token: payer.token,
      });
      expect(invoiceNow.body).toMatchObject({ status: 'paid' });
      const balance = await trialBalanceIsZero(gateway, auditor);
      expect(balance.accounts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ account: `receivable:${payer.id}`, balanceMinor: 0 }),
        ]),
      );
      // On the stream: payment.succeeded then invoice.paid, both with the case reference.
      const events = await eventually(async () => {
        const rows = await db.query<{ subject: string; sent: boolean }>(
          `SELECT subject, sent_at IS NOT NULL AS sent FROM outbox WHERE aggregate_id = $1
           ORDER BY aggregate_sequence`,
          [invoice.id],
        );
        return rows.rows.every((r) => r.sent) ? rows.rows.map((r) => r.subject) : undefined;
      });
      expect(events).toEqual([
        'gov.payments.invoice.issued.v1',
        'gov.payments.payment.started.v1',
        'gov.payments.payment.succeeded.v1',
        'gov.payments.invoice.paid.v1',
      ]);
      // The payer's own list shows it.
      const mine = await call(gateway, 'GET', '/api/v1/payments', { token: payer.token });
      expect(mine.body).toMatchObject({ items: [{ id: payment.id }] });
    });

    it('makes one payment of fifty parallel requests with one Idempotency-Key', async () => {
      const { gateway } = stack;
      const invoice = await anInvoice(payer);
      const key = randomUUID();
      const replies = await Promise.all(
        Array.from({ length: 50 }, () => pay(gateway, payer, invoice.id, key)),
      );
      const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id as string));
      expect(ids.size).toBe(1);
      for (const reply of replies) expect([201, 409]).toContain(reply.status);
      for (const reply of replies.filter((r) => r.status === 409))
        expect(reply.body.code).toBe('PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT');
      const again = await pay(gateway, payer, invoice.id, key);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe([...ids][0]);
      expect(await count('payments WHERE invoice_id = $1', [invoice.id])).toBe(1);
      const atProvider = await stack.sandbox.api(
        'GET',
        `/v1/payments?reference=${[...ids][0] ?? ''}`,
      );
      expect((atProvider.body as { results: unknown[] }).results).toHaveLength(1);
    });

    it('lets one of two payments raced on one invoice through, and refuses the other', async () => {
      const { gateway } = stack;
      const invoice = await anInvoice(payer);
      const replies = await Promise.all([
        pay(gateway, payer, invoice.id),
        pay(gateway, payer, invoice.id),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
      const refused = replies.find((r) => r.status === 409);
      expect(refused?.body).toMatchObject({ code: 'PAYMENTS.PAYMENT_IN_PROGRESS' });
      expect(await count('payments WHERE invoice_id = $1', [invoice.id])).toBe(1);
    });

    it('refuses forged and stale webhooks, records them, and applies a replayed one once', async () => {
      const { gateway, sandbox } = stack;
      const invoice = await anInvoice(payer);
      const started = (await pay(gateway, payer, invoice.id)).body as unknown as PaymentView;
      const { body, signed } = sandboxEvent(
        { ...(await atSandbox(sandbox, started.id)), status: 'failed', code: 'card_declined' },
        'payment.failed',
      );
      const secret = sandbox.credentials.webhookSecrets[0] ?? '';
      const send = (headers: Record<string, string>) =>
        call(gateway, 'POST', '/api/v1/payments/webhooks/sandbox', { raw: body, headers });

      const refusals = await db.query(
        'SELECT count(*)::int AS n FROM webhook_receipts WHERE outcome = $1',
        ['refused'],
      );
      expectProblem(
        await send(signed('a-forger-does-not-know-the-secret')),
        401,
        'PAYMENTS.WEBHOOK_REFUSED',
      );
      expectProblem(
        await send(signed(secret, new Date(Date.now() - 6 * 60_000))),
        401,
        'PAYMENTS.WEBHOOK_REFUSED',
      );
      expectProblem(await send({}), 401, 'PAYMENTS.WEBHOOK_REFUSED');
      expect(await count('webhook_receipts WHERE outcome = $1', ['refused'])).toBe(
        (refusals.rows[0] as { n: number }).n + 3,
      );
      expect((await paymentOf(gateway, payer, started.id)).state.status).toBe('started');

      const genuine = signed(secret);
      const first = await send(genuine);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ outcome: 'accepted' });
      const replayed = await Promise.all([send(genuine), send(genuine)]);
      expect(replayed.map((r) => r.body)).toEqual([
        { outcome: 'duplicate' },
        { outcome: 'duplicate' },
      ]);
      expect(await paymentOf(gateway, payer, started.id)).toMatchObject({
        state: { status: 'failed', code: 'P0010' },
      });
      expect(
        await count('outbox WHERE aggregate_id = $1 AND subject = $2', [
          invoice.id,
          'gov.payments.payment.failed.v1',
        ]),
      ).toBe(1);
    });

    it('waits out a provider timeout and records the late success', async () => {
      const { gateway } = stack;
      const invoice = await anInvoice(payer);
      const payment = (await pay(gateway, payer, invoice.id)).body as unknown as PaymentView;
      const page = await fillInHostedPage(payment.nextUrl ?? '', card(TIMES_OUT));
      expect(page.status).toBe(303);
      const submitted = await until(gateway, payer, payment.id, 'submitted');
      expect(submitted.state.finished).toBe(false);
      await until(gateway, payer, payment.id, 'success');
      await trialBalanceIsZero(gateway, auditor);
    });

    it('does not cancel an invoice while its payment is pending; paid, it stays paid', async () => {
      const { gateway } = stack;
      const invoice = await anInvoice(payer);
      const payment = (await pay(gateway, payer, invoice.id)).body as unknown as PaymentView;
      await fillInHostedPage(payment.nextUrl ?? '', card(TIMES_OUT));
      await until(gateway, payer, payment.id, 'submitted');
      await expect(
        asActivity(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
          invoiceId: invoice.id,
          caseRef: invoice.caseRef,
          reasonCode: 'application_withdrawn',
        }),
      ).rejects.toMatchObject({ code: 'PAYMENTS.PAYMENT_IN_PROGRESS' });
      await until(gateway, payer, payment.id, 'success');
      await expect(
        asActivity(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
          invoiceId: invoice.id,
          caseRef: invoice.caseRef,
          reasonCode: 'application_withdrawn',
        }),
      ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_NOT_OPEN' });
      // A declined payment leaves the invoice open, and then it may be cancelled.
      const declined = await anInvoice(payer);
      const first = (await pay(gateway, payer, declined.id)).body as unknown as PaymentView;
      await fillInHostedPage(first.nextUrl ?? '', card(DECLINED));
      await until(gateway, payer, first.id, 'failed');
      const cancelled = await asActivity(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
        invoiceId: declined.id,
        caseRef: declined.caseRef,
        reasonCode: 'application_withdrawn',
      });
      expect(cancelled.status).toBe('cancelled');
      await trialBalanceIsZero(gateway, auditor);
    });

    it('refunds automatically, at the provider, a success that arrives after its invoice closed', async () => {
      const { gateway, sandbox } = stack;
      // A payer of their own: their receivable is this payment's alone.
      const payer = await anAccount(gateway, 'citizen');
      const invoice = await anInvoice(payer);
      const payment = (await pay(gateway, payer, invoice.id)).body as unknown as PaymentView;
      // The payer submits the timeout card; before its late success, a (genuine, signed)
      // message says the payment failed, and the case is withdrawn.
      await fillInHostedPage(payment.nextUrl ?? '', card(TIMES_OUT));
      await until(gateway, payer, payment.id, 'submitted');
      const failed = sandboxEvent(
        { ...(await atSandbox(sandbox, payment.id)), status: 'failed', code: 'card_declined' },
        'payment.failed',
      );
      const secret = sandbox.credentials.webhookSecrets[0] ?? '';
      expect(
        (
          await call(gateway, 'POST', '/api/v1/payments/webhooks/sandbox', {
            raw: failed.body,
            headers: failed.signed(secret),
          })
        ).body,
      ).toEqual({ outcome: 'accepted' });
      const cancelled = await asActivity(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
        invoiceId: invoice.id,
        caseRef: invoice.caseRef,
        reasonCode: 'application_withdrawn',
      });
      expect(cancelled.status).toBe('cancelled');
      // The provider's late success comes: recorded, corrected, and refunded in full.
      const refunded = await eventually(
        async () => {
          const view = await paymentOf(gateway, payer, payment.id);
          return view.refundSummary.status === 'full' && view.state.status === 'success'
            ? view
            : undefined;
        },
        30_000,
        'the automatic refund',
      );
      expect(refunded.refundSummary.amountSubmitted).toBe(12_500);
      const refund = await eventually(async () => {
        const rows = await db.query<{ status: string; automatic: boolean }>(
          'SELECT status, automatic FROM refunds WHERE payment_id = $1',
          [payment.id],
        );
        return rows.rows[0]?.status === 'success' ? rows.rows[0] : undefined;
      });
      expect(refund).toEqual({ status: 'success', automatic: true });
      const subjects = (
        await db.query<{ subject: string }>(
          'SELECT subject FROM outbox WHERE aggregate_id = $1 ORDER BY aggregate_sequence',
          [invoice.id],
        )
      ).rows.map((r) => r.subject);
      expect(subjects).toEqual(
        expect.arrayContaining([
          'gov.payments.payment.corrected.v1',
          'gov.payments.refund.submitted.v1',
          'gov.payments.refund.succeeded.v1',
        ]),
      );
      expect(await count('receipts WHERE payment_id = $1', [payment.id])).toBe(2);
      const balance = await trialBalanceIsZero(gateway, auditor);
      expect(balance.accounts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ account: `receivable:${payer.id}`, balanceMinor: 0 }),
        ]),
      );
    });
  });

  describe('with webhooks that never arrive', () => {
    let stack: Stack;
    let payer: Account;
    let auditor: Account;

    beforeAll(async () => {
      stack = await startStack('nowhere');
      [payer, auditor] = await Promise.all([
        anAccount(stack.gateway, 'citizen'),
        anAccount(stack.gateway, 'auditor'),
      ]);
    });
    afterAll(() => stopStack(stack));

    it('lets payments wait while the provider is down; the sweeper finishes them, saying so', async () => {
      const { gateway, sandbox } = stack;
      const invoice = await anInvoice(payer);
      const payment = (await pay(gateway, payer, invoice.id)).body as unknown as PaymentView;
      await fillInHostedPage(payment.nextUrl ?? '', card(TIMES_OUT));
      await sandbox.stop('SIGKILL');
      // Down for longer than the re-check delay: the sweeps find nobody answering.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect((await paymentOf(gateway, payer, payment.id)).state.finished).toBe(false);
      await sandbox.restart({ SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:9/nowhere' });
      await until(gateway, payer, payment.id, 'success');
      expect(
        await count('outbox WHERE aggregate_id = $1 AND subject = $2', [
          invoice.id,
          'gov.payments.payment.corrected.v1',
        ]),
      ).toBeGreaterThanOrEqual(1);
      await trialBalanceIsZero(gateway, auditor);
    });

    it('keeps the ledger complete and balanced when payments dies between the provider’s answer and the ledger write', async () => {
      const { gateway } = stack;
      const invoice = await anInvoice(payer);
      const payment = (await pay(gateway, payer, invoice.id)).body as unknown as PaymentView;
      await fillInHostedPage(payment.nextUrl ?? '', card(SUCCEEDS));
      // The next answer a provider gives this payments process kills it: the sweep's
      // re-check of the paid payment, before anything of it is recorded.
      await stack.payments.stop('SIGTERM', 15_000);
      const doomed = await startPayments({
        ...stack.paymentsEnv,
        PAYMENTS_FAULT_KILL_AT: 'after-success-answer',
      });
      await eventually(async () => (doomed.hasExited ? true : undefined), 30_000, 'the kill');
      expect(await count('journal_entries WHERE payment_id = $1', [payment.id])).toBe(0);
      stack.payments = await startPayments(stack.paymentsEnv);
      await until(gateway, payer, payment.id, 'success');
      expect(await count('journal_entries WHERE payment_id = $1', [payment.id])).toBe(1);
      expect(await count('receipts WHERE payment_id = $1', [payment.id])).toBe(1);
      expect(
        await count('outbox WHERE aggregate_id = $1 AND subject = $2', [
          invoice.id,
          'gov.payments.payment.succeeded.v1',
        ]),
      ).toBe(1);
      await trialBalanceIsZero(gateway, auditor);
    });
  });
});
