/**
 * Payments through the real gateway and the real payments process (NATS, PostgreSQL): invoices
 * issued by a workflow activity over `payments.internal.invoice.create` and by a cashier, who
 * sees what, cancelling, the trial balance, and the webhook route handing payments the raw
 * request. The payer's whole path through the sandbox provider is in payments-sandbox.int-spec.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { PAYMENTS_INTERNAL_INVOICE_CREATE, type InvoiceView } from '#contracts';
import type { ManagedProcess } from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { testEnv } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { startTestApp } from '../factories/apps.js';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

describe('payments through the gateway', () => {
  let gateway: Gateway;
  let payments: ManagedProcess;
  let worker: NatsConnection;
  let db: pg.Client;
  let payer: Account;
  let stranger: Account;
  let cashier: Account;
  let auditor: Account;

  /** Asks payments as a workflow activity does: the worker's NATS user, the system actor. */
  const asActivity: ServiceClient['request'] = (pattern, data) =>
    runWithContext(
      { correlationId: randomUUID(), system: true, requestKey: `activity-${randomUUID()}` },
      () => new ServiceClient(worker, 5_000).request(pattern, data),
    );

  const anInvoice = (payerId: string, amountMinor = 4_200): Promise<InvoiceView> =>
    asActivity(PAYMENTS_INTERNAL_INVOICE_CREATE, {
      payerAccountId: payerId,
      caseRef: { context: 'permits', id: randomUUID() },
      purpose: 'application-fee',
      lines: [{ revenueCode: 'permits.building', descriptionKey: 'fees.building', amountMinor }],
      dueAt: inDays(30),
    });

  beforeAll(async () => {
    payments = await startTestApp('payments', {
      TEMPORAL_ADDRESS: testEnv().temporalAddress,
      PAYMENTS_SWEEP_INTERVAL_SECONDS: '1',
    });
    gateway = await startGateway();
    worker = await connectNats({
      name: 'itest-payments-worker',
      servers: testEnv().natsUrl,
      auth: testEnv().serviceNatsAuth('worker'),
    });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=payments',
    });
    await db.connect();
    [payer, stranger, cashier, auditor] = await Promise.all([
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'cashier'),
      anAccount(gateway, 'auditor'),
    ]);
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await payments?.stop('SIGTERM', 15_000);
    await worker?.close();
    await db?.end();
  });

  it('lets a workflow activity issue an invoice that its payer, a cashier and an auditor see, and nobody else', async () => {
    const invoice = await anInvoice(payer.id);
    expect(invoice).toMatchObject({
      status: 'open',
      amount: { amountMinor: 4_200, currency: 'EUR' },
    });
    for (const who of [payer, cashier, auditor]) {
      const seen = await call(gateway, 'GET', `/api/v1/invoices/${invoice.id}`, {
        token: who.token,
      });
      expect({ role: who.role, status: seen.status }).toEqual({ role: who.role, status: 200 });
      expect(seen.body).toEqual(invoice);
    }
    const refused = await call(gateway, 'GET', `/api/v1/invoices/${invoice.id}`, {
      token: stranger.token,
    });
    expectProblem(refused, 403, 'POLICY.NOT_OWNER');
    const mine = await call(gateway, 'GET', '/api/v1/invoices?limit=1', { token: payer.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ items: [{ id: invoice.id }] });
    const none = await call(gateway, 'GET', '/api/v1/invoices', { token: stranger.token });
    expect(none.body).toEqual({ items: [], nextCursor: null });
    expectProblem(
      await call(gateway, 'GET', `/api/v1/invoices/${randomUUID()}`, { token: payer.token }),
      404,
      'PAYMENTS.INVOICE_NOT_FOUND',
    );
    expectProblem(
      await call(gateway, 'GET', '/api/v1/invoices/not-a-uuid', { token: payer.token }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('pages a payer’s invoices with a cursor', async () => {
    const someone = await anAccount(gateway, 'citizen');
    const issued = [];
    for (let i = 0; i < 3; i += 1) issued.push(await anInvoice(someone.id, 100 + i));
    const first = await call(gateway, 'GET', '/api/v1/invoices?limit=2', { token: someone.token });
    const second = await call(
      gateway,
      'GET',
      `/api/v1/invoices?limit=2&cursor=${String(first.body.nextCursor)}`,
      { token: someone.token },
    );
    const ids = [
      ...(first.body.items as InvoiceView[]),
      ...(second.body.items as InvoiceView[]),
    ].map((i) => i.id);
    expect(ids).toEqual(issued.map((i) => i.id).reverse());
    expect(second.body.nextCursor).toBeNull();
    expectProblem(
      await call(gateway, 'GET', '/api/v1/invoices?cursor=not-a-cursor', {
        token: someone.token,
      }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('lets a cashier issue a fee once per Idempotency-Key, and cancel it', async () => {
    const body = {
      payerAccountId: payer.id,
      purpose: 'copy-of-permit',
      lines: [{ revenueCode: 'fees.misc', descriptionKey: 'fees.copy', amountMinor: 1_500 }],
      dueAt: inDays(7),
    };
    const keyless = await call(gateway, 'POST', '/api/v1/invoices', { token: cashier.token, body });
    expectProblem(keyless, 422, 'VALIDATION_FAILED');
    const headers = { 'idempotency-key': randomUUID() };
    const issued = await call(gateway, 'POST', '/api/v1/invoices', {
      token: cashier.token,
      body,
      headers,
    });
    expect(issued.status).toBe(201);
    const again = await call(gateway, 'POST', '/api/v1/invoices', {
      token: cashier.token,
      body,
      headers,
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(issued.body);
    const id = issued.body.id as string;
    expect(
      await db.query(
        'SELECT count(*)::int AS n FROM invoices WHERE payer_id = $1 AND purpose = $2',
        [payer.id, 'copy-of-permit'],
      ),
    ).toMatchObject({ rows: [{ n: 1 }] });

    const cancelled = await call(gateway, 'POST', `/api/v1/invoices/${id}/cancel`, {
      token: cashier.token,
      body: { reasonCode: 'issued_in_error' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', closeReason: 'issued_in_error' });
    const byCitizen = await call(gateway, 'POST', `/api/v1/invoices/${id}/cancel`, {
      token: payer.token,
      body: { reasonCode: 'x' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expectProblem(byCitizen, 403, 'IDENTITY.FORBIDDEN');
    // A cashier may not issue a fee to themselves.
    const own = await call(gateway, 'POST', '/api/v1/invoices', {
      token: cashier.token,
      body: { ...body, payerAccountId: cashier.id },
      headers: { 'idempotency-key': randomUUID() },
    });
    expectProblem(own, 403, 'POLICY.OWN_CASE');
    // The currency is the platform's: a cashier does not send one.
    const withCurrency = await call(gateway, 'POST', '/api/v1/invoices', {
      token: cashier.token,
      body: { ...body, currency: 'USD' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expectProblem(withCurrency, 422, 'VALIDATION_FAILED');
  });

  it('shows cashiers and auditors a trial balance whose total is zero, and nobody else', async () => {
    await anInvoice(payer.id);
    for (const who of [cashier, auditor]) {
      const balance = await call(gateway, 'GET', '/api/v1/ledger/trial-balance', {
        token: who.token,
      });
      expect(balance.status).toBe(200);
      const totals = balance.body.totals as { currency: string; balanceMinor: number }[];
      expect(totals.length).toBeGreaterThan(0);
      for (const total of totals) expect(total.balanceMinor).toBe(0);
    }
    const past = await call(
      gateway,
      'GET',
      '/api/v1/ledger/trial-balance?at=2000-01-01T00:00:00Z',
      { token: auditor.token },
    );
    expect(past.body).toMatchObject({ accounts: [], totals: [] });
    expectProblem(
      await call(gateway, 'GET', '/api/v1/ledger/trial-balance', { token: payer.token }),
      403,
      'IDENTITY.FORBIDDEN',
    );
  });

  it('hands a webhook to payments as it came, and answers an unknown provider 404', async () => {
    const reply = await call(gateway, 'POST', '/api/v1/payments/webhooks/elsewhere', {
      raw: 'not even json',
      contentType: 'text/plain',
    });
    expectProblem(reply, 404, 'PAYMENTS.UNKNOWN_PROVIDER');
    expectProblem(
      await call(gateway, 'POST', '/api/v1/payments/webhooks/Not_A_Provider', { raw: '{}' }),
      422,
      'VALIDATION_FAILED',
    );
  });
});
