/**
 * Payments' operations through the real gateway, the real payments process and the sandbox
 * provider process: refunds by a cashier (raced against the 412 guard, finished by the
 * sandbox's signed webhook, refused by it) and by a workflow's compensation over NATS; the
 * receipt as a PDF; a counter till with cash, a payout and the count; a waiver decided by a
 * supervisor who did not propose it; the sandbox's own settlement report uploaded and
 * reconciled; the staff lists.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  PAYMENTS_INTERNAL_REFUND_CREATE,
  type DiscrepancyView,
  type InvoiceView,
  type PaymentView,
  type RefundDetails,
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
const REFUNDS_FAIL = '4000000000005126';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

describe('payments operations through the gateway and the sandbox provider', () => {
  let gateway: Gateway;
  let sandbox: TestPaymentSandbox;
  let payments: ManagedProcess;
  let worker: NatsConnection;
  let payer: Account;
  let stranger: Account;
  let cashier: Account;
  let supervisor: Account;
  let otherSupervisor: Account;
  let auditor: Account;

  const asActivity: ServiceClient['request'] = (pattern, data) =>
    runWithContext(
      { correlationId: randomUUID(), system: true, requestKey: `activity-${randomUUID()}` },
      () => new ServiceClient(worker, 10_000).request(pattern, data),
    );

  const anInvoice = (who: Account, amountMinor = 12_500): Promise<InvoiceView> =>
    asActivity(PAYMENTS_INTERNAL_INVOICE_CREATE, {
      payerAccountId: who.id,
      caseRef: { context: 'permits', id: randomUUID() },
      purpose: 'application-fee',
      lines: [{ revenueCode: 'permits.building', descriptionKey: 'fees.building', amountMinor }],
      dueAt: inDays(30),
    });

  const key = () => ({ 'idempotency-key': randomUUID() });

  const get = async <T>(who: Account, path: string): Promise<T> => {
    const reply = await call(gateway, 'GET', path, { token: who.token });
    expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    return reply.body as T;
  };

  /** An invoice paid by its payer on the sandbox's hosted page, its webhook received. */
  async function aPaidPayment(cardNumber = SUCCEEDS): Promise<PaymentView> {
    const invoice = await anInvoice(payer);
    const started = await call(gateway, 'POST', `/api/v1/invoices/${invoice.id}/payments`, {
      token: payer.token,
      headers: key(),
    });
    expect(started.status).toBe(201);
    const payment = started.body as unknown as PaymentView;
    expect((await fillInHostedPage(payment.nextUrl ?? '', card(cardNumber))).status).toBe(303);
    return eventually(async () => {
      const now = await get<PaymentView>(payer, `/api/v1/payments/${payment.id}`);
      return now.state.status === 'success' ? now : undefined;
    }, 30_000);
  }

  const refund = (payment: PaymentView, amount: number, available: number, who = cashier) =>
    call(gateway, 'POST', `/api/v1/payments/${payment.id}/refunds`, {
      token: who.token,
      headers: key(),
      body: { amount, refundAmountAvailable: available, reasonCode: 'application_withdrawn' },
    });

  const refundEnds = (id: string, status: 'success' | 'error') =>
    eventually(async () => {
      const now = await get<RefundDetails>(auditor, `/api/v1/refunds/${id}`);
      return now.status === status ? now : undefined;
    }, 30_000);

  const trialBalanceIsZero = async () => {
    const balance = await get<TrialBalance>(auditor, '/api/v1/ledger/trial-balance');
    for (const total of balance.totals) expect(total.balanceMinor).toBe(0);
    return new Map(balance.accounts.map((a) => [a.account, a.balanceMinor]));
  };

  beforeAll(async () => {
    gateway = await startGateway();
    sandbox = await startTestPaymentSandbox({
      webhookUrl: `${gateway.url}/api/v1/payments/webhooks/sandbox`,
    });
    payments = await startTestApp('payments', {
      TEMPORAL_ADDRESS: testEnv().temporalAddress,
      PAYMENTS_SWEEP_INTERVAL_SECONDS: '1',
      PAYMENTS_RECHECK_AFTER_SECONDS: '2',
      PAYMENTS_INTENT_RECOVERY_AFTER_SECONDS: '1',
      ...sandbox.paymentsEnv,
    });
    worker = await connectNats({
      name: 'itest-payments-operations-worker',
      servers: testEnv().natsUrl,
      auth: testEnv().serviceNatsAuth('worker'),
    });
    [payer, stranger, cashier, supervisor, otherSupervisor, auditor] = await Promise.all([
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'cashier'),
      anAccount(gateway, 'supervisor'),
      anAccount(gateway, 'supervisor'),
      anAccount(gateway, 'auditor'),
    ]);
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await payments?.stop('SIGTERM', 15_000);
    await sandbox?.stop();
    await worker?.close();
  });

  it('lets one of ten raced refunds through the 412 guard, and the sandbox’s webhook finishes it with a receipt', async () => {
    const payment = await aPaidPayment();
    expect(payment.refundSummary).toMatchObject({ amountAvailable: 12_500 });
    const raced = await Promise.all(
      Array.from({ length: 10 }, () => refund(payment, 5_000, 12_500)),
    );
    const won = raced.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    for (const lost of raced.filter((r) => r.status !== 201))
      expectProblem(lost, 412, 'PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH');
    const made = won[0]?.body as unknown as RefundDetails;
    expect(made).toMatchObject({ status: 'submitted', channel: 'provider' });
    const done = await refundEnds(made.id, 'success');
    expect(done.receiptId).not.toBeNull();
    const after = await get<PaymentView>(payer, `/api/v1/payments/${payment.id}`);
    expect(after.refundSummary).toEqual({
      status: 'available',
      amountAvailable: 7_500,
      amountSubmitted: 5_000,
    });
    // Asking with what remains goes through; more than remains, or a stale figure, does not.
    expectProblem(await refund(payment, 7_501, 7_500), 409, 'PAYMENTS.REFUND_EXCEEDS_AVAILABLE');
    expect((await refund(payment, 7_500, 7_500)).status).toBe(201);
    expectProblem(
      await refund(payment, 1, 7_500),
      412,
      'PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH',
    );
    // The payer reads their refund; a stranger does not; only cashiers refund.
    expect(
      (await call(gateway, 'GET', `/api/v1/refunds/${made.id}`, { token: payer.token })).status,
    ).toBe(200);
    expectProblem(
      await call(gateway, 'GET', `/api/v1/refunds/${made.id}`, { token: stranger.token }),
      403,
      'POLICY.NOT_OWNER',
    );
    expectProblem(await refund(payment, 1, 0, payer), 403, 'IDENTITY.FORBIDDEN');
    await trialBalanceIsZero();
  });

  it('answers a refund by its Idempotency-Key once, and records a refund the provider refuses as an error', async () => {
    const payment = await aPaidPayment(REFUNDS_FAIL);
    const headers = key();
    const body = { amount: 12_500, refundAmountAvailable: 12_500, reasonCode: 'overcharged' };
    const path = `/api/v1/payments/${payment.id}/refunds`;
    const first = await call(gateway, 'POST', path, { token: cashier.token, headers, body });
    const again = await call(gateway, 'POST', path, { token: cashier.token, headers, body });
    expect(first.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expectProblem(
      await call(gateway, 'POST', path, { token: cashier.token, body }),
      422,
      'VALIDATION_FAILED',
    );
    const failed = await refundEnds(first.body.id as string, 'error');
    expect(failed.receiptId).toBeNull();
    expect(
      (await get<PaymentView>(payer, `/api/v1/payments/${payment.id}`)).refundSummary
        .amountAvailable,
    ).toBe(12_500);
  });

  it('lets a workflow’s compensation refund its case’s payment over NATS', async () => {
    const payment = await aPaidPayment();
    const made = await asActivity(PAYMENTS_INTERNAL_REFUND_CREATE, {
      paymentId: payment.id,
      caseRef: payment.caseRef,
      amountMinor: 12_500,
      refundAmountAvailable: 12_500,
      reasonCode: 'application_withdrawn',
    });
    expect(made).toMatchObject({ paymentId: payment.id, status: 'submitted' });
    await refundEnds(made.id, 'success');
    // Staff see it among the refunds.
    const list = await get<{ items: RefundDetails[] }>(
      cashier,
      '/api/v1/refunds?status=success&limit=100',
    );
    expect(list.items.map((r) => r.id)).toContain(made.id);
  });

  it('gives a receipt as a PDF to its payer and to staff, and as JSON by default', async () => {
    const payment = await aPaidPayment();
    const path = `${gateway.url}/api/v1/receipts/${payment.receiptId ?? ''}`;
    for (const who of [payer, auditor]) {
      const pdf = await fetch(path, {
        headers: { authorization: `Bearer ${who.token}`, accept: 'application/pdf' },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toMatch(
        /^inline; filename="R-\d{4}-\d{6}\.pdf"$/,
      );
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    const json = await fetch(path, { headers: { authorization: `Bearer ${payer.token}` } });
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(((await json.json()) as { paymentId: string }).paymentId).toBe(payment.id);
    const refused = await fetch(path, {
      headers: { authorization: `Bearer ${stranger.token}`, accept: 'application/pdf' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('runs a till: cash taken and paid out, the count and its difference in the ledger', async () => {
    const opened = await call(gateway, 'POST', '/api/v1/till-sessions', {
      token: cashier.token,
      headers: key(),
      body: { tillId: `counter-${randomUUID().slice(0, 8)}`, openingFloatMinor: 5_000 },
    });
    expect(opened.status).toBe(201);
    const session = opened.body as { id: string; tillId: string };
    const invoice = await anInvoice(payer, 3_000);
    const taken = await call(gateway, 'POST', `/api/v1/till-sessions/${session.id}/payments`, {
      token: cashier.token,
      headers: key(),
      body: { invoiceId: invoice.id, method: 'cash' },
    });
    expect(taken.status).toBe(201);
    const payment = taken.body as unknown as PaymentView;
    expect(payment).toMatchObject({ provider: 'cash', state: { status: 'success' } });
    expect((await get<InvoiceView>(payer, `/api/v1/invoices/${invoice.id}`)).status).toBe('paid');
    const paidOut = await call(gateway, 'POST', `/api/v1/payments/${payment.id}/refunds`, {
      token: cashier.token,
      headers: key(),
      body: {
        amount: 1_000,
        refundAmountAvailable: 3_000,
        reasonCode: 'overcharged',
        tillSessionId: session.id,
      },
    });
    expect(paidOut.body).toMatchObject({ status: 'success', channel: 'counter' });
    const closed = await call(gateway, 'POST', `/api/v1/till-sessions/${session.id}/close`, {
      token: cashier.token,
      headers: key(),
      body: { countedMinor: 6_900 },
    });
    expect(closed.body).toMatchObject({
      status: 'closed',
      expected: { amountMinor: 7_000 },
      differenceMinor: -100,
    });
    const accounts = await trialBalanceIsZero();
    expect(accounts.get(`cash_till:${session.tillId}`)).toBe(1_900);
    expect(accounts.get(`till_differences:${session.tillId}`)).toBe(100);
    expectProblem(
      await call(gateway, 'POST', '/api/v1/till-sessions', {
        token: auditor.token,
        headers: key(),
        body: { tillId: 'counter-x', openingFloatMinor: 0 },
      }),
      403,
      'IDENTITY.FORBIDDEN',
    );
  });

  it('waives an invoice only with a supervisor who did not propose it', async () => {
    const invoice = await anInvoice(payer);
    const proposed = await call(gateway, 'POST', `/api/v1/invoices/${invoice.id}/adjustments`, {
      token: supervisor.token,
      headers: key(),
      body: { kind: 'waiver', reasonCode: 'hardship', note: 'Documented hardship.' },
    });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id as string;
    expectProblem(
      await call(gateway, 'POST', `/api/v1/adjustments/${id}/approve`, {
        token: supervisor.token,
        headers: key(),
      }),
      403,
      'POLICY.OWN_PROPOSAL',
    );
    expectProblem(
      await call(gateway, 'POST', `/api/v1/adjustments/${id}/approve`, {
        token: cashier.token,
        headers: key(),
      }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    const approved = await call(gateway, 'POST', `/api/v1/adjustments/${id}/approve`, {
      token: otherSupervisor.token,
      headers: key(),
    });
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: otherSupervisor.id });
    expect((await get<InvoiceView>(payer, `/api/v1/invoices/${invoice.id}`)).status).toBe('waived');
    const waived = await get<{ items: InvoiceView[] }>(
      auditor,
      '/api/v1/staff/invoices?status=waived&limit=100',
    );
    expect(waived.items.map((i) => i.id)).toContain(invoice.id);
    expectProblem(
      await call(gateway, 'GET', '/api/v1/staff/invoices', { token: payer.token }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    await trialBalanceIsZero();
  });

  it('reconciles the sandbox’s own settlement report, uploaded by a cashier, once per file', async () => {
    const payment = await aPaidPayment();
    const day = new Date().toISOString().slice(0, 10);
    const report = await sandbox.api('GET', `/v1/settlements/${day}`);
    expect(report.status).toBe(200);
    const csv = report.body as string;
    expect(csv).toContain(payment.providerRef ?? 'none');
    const upload = async () => {
      const form = new FormData();
      form.append('provider', 'sandbox');
      form.append('file', new Blob([csv], { type: 'text/csv' }), `settlement-${day}.csv`);
      const response = await fetch(`${gateway.url}/api/v1/reconciliation/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cashier.token}` },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const first = await upload();
    expect(first.status).toBe(201);
    const lines = csv.trim().split(/\r?\n/).length - 1;
    expect(first.body).toMatchObject({ provider: 'sandbox', lineCount: lines, days: [day] });
    expect(first.body.matchedCount).toBeGreaterThan(0);
    const again = await upload();
    expect(again.body.reportId).toBe(first.body.reportId);
    const found = await get<{ items: DiscrepancyView[] }>(
      cashier,
      `/api/v1/reconciliation/discrepancies?reportId=${first.body.reportId as string}&limit=100`,
    );
    // Every line of this sandbox's payments and refunds agrees with the ledger.
    expect(found.items.filter((d) => d.kind !== 'missing_at_provider')).toEqual([]);
    expect(found.items.map((d) => d.reference)).not.toContain(payment.id);
    const reports = await get<{ items: { reportId: string }[] }>(
      auditor,
      '/api/v1/reconciliation/reports?limit=5',
    );
    expect(reports.items.map((r) => r.reportId)).toContain(first.body.reportId);
    // A file that is not a settlement report is refused, naming the file.
    const form = new FormData();
    form.append('provider', 'sandbox');
    form.append('file', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'other.csv');
    const refused = await fetch(`${gateway.url}/api/v1/reconciliation/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cashier.token}` },
      body: form,
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      code: 'PAYMENTS.SETTLEMENT_REPORT_INVALID',
      errors: [{ field: 'file' }],
    });
  });
});
