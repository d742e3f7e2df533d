import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../../migrations/index.js';
import {
  aUser,
  anInvoice,
  paymentsUseCases,
  withRequestKey,
  type PaymentsUseCases,
} from '../../testing/payments.medium-fixture.js';

describe('StartPaymentUseCase', () => {
  let db: MediumDatabase;
  let uc: PaymentsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = paymentsUseCases(db);
  });
  afterAll(() => db?.close());

  const transitionsOf = (paymentId: string) =>
    db.query(
      'SELECT from_status, to_status, found_by FROM payment_transitions WHERE payment_id = $1 ORDER BY id',
      [paymentId],
    );

  const paymentsOf = (invoiceId: string) =>
    db.query<{ id: string; status: string }>(
      'SELECT id, status FROM payments WHERE invoice_id = $1',
      [invoiceId],
    );

  it('makes the payment at the provider with the invoice amount and the server’s return URL', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const payment = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    expect(payment).toMatchObject({
      invoiceId: invoice.id,
      caseRef: invoice.caseRef,
      amount: { amountMinor: 12_500, currency: 'EUR' },
      state: { status: 'started', finished: false },
      nextUrl: `https://stand-in.example/pay/${payment.id}`,
      returnUrl: `https://city.example/payments/${payment.id}/return`,
      provider: 'sandbox',
      receiptId: null,
      refundSummary: { status: 'pending', amountAvailable: 0, amountSubmitted: 0 },
    });
    expect(payment.providerRef).toMatch(/^pr_/);
    // The create call was written down before it was made, and settled with the answer.
    expect(
      await db.query('SELECT kind, stage, attempts FROM provider_intents WHERE payment_id = $1', [
        payment.id,
      ]),
    ).toEqual([{ kind: 'create', stage: 'done', attempts: 1 }]);
    expect(await transitionsOf(payment.id)).toEqual([
      { from_status: null, to_status: 'created', found_by: 'create' },
      { from_status: 'created', to_status: 'started', found_by: 'create' },
    ]);
    const events = (await db.outboxRows()).filter((r) => r.aggregateId === invoice.id);
    expect(events.map((e) => e.subject)).toEqual([
      'gov.payments.invoice.issued.v1',
      'gov.payments.payment.started.v1',
    ]);
    expect(events[1]?.envelope.data).toMatchObject({
      paymentId: payment.id,
      caseContext: invoice.caseRef.context,
      caseId: invoice.caseRef.id,
    });
    const view = await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer });
    expect(view.livePaymentId).toBe(payment.id);
  });

  it('records the answer to the create call as usual when news of the payment overtook it', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    // The payer was quicker than the answer: the provider's webhook says submitted first.
    uc.provider.beforeCreateAnswer = async (reference) => {
      const webhook = uc.provider.webhook({
        id: `evt_${newId()}`,
        kind: 'payment',
        payment: uc.provider.set(reference, 'submitted'),
      });
      await uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook });
    };
    let payment;
    try {
      payment = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    } finally {
      uc.provider.beforeCreateAnswer = undefined;
    }
    // The late answer (`created` at the provider) moves nothing back; its page is noted.
    expect(payment).toMatchObject({
      state: { status: 'submitted', finished: false },
      nextUrl: `https://stand-in.example/pay/${payment.id}`,
    });
    expect(await transitionsOf(payment.id)).toEqual([
      { from_status: null, to_status: 'created', found_by: 'create' },
      { from_status: 'created', to_status: 'submitted', found_by: 'webhook' },
    ]);
    expect(
      await db.query('SELECT stage FROM provider_intents WHERE payment_id = $1', [payment.id]),
    ).toEqual([{ stage: 'done' }]);
    const events = (await db.outboxRows()).filter((r) => r.aggregateId === invoice.id);
    expect(events.map((e) => e.subject)).toEqual([
      'gov.payments.invoice.issued.v1',
      'gov.payments.payment.started.v1',
    ]);
  });

  it('refuses a second live payment, someone else’s invoice and a closed one', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const first = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    await expect(
      uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
    ).rejects.toMatchObject({
      code: 'PAYMENTS.PAYMENT_IN_PROGRESS',
      details: { paymentId: first.id },
    });
    await expect(
      uc.startPayment.execute({ invoiceId: invoice.id, user: aUser() }),
    ).rejects.toMatchObject({ code: 'POLICY.NOT_OWNER' });
    uc.provider.set(first.id, 'success', { feeMinor: 0 });
    await uc.recheckPayments.execute(new Date(Date.now() + 1_000), 'sweep');
    await expect(
      uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_NOT_OPEN', details: { status: 'paid' } });
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
  });

  it('makes one payment of fifty concurrent requests with one key, and answers them all with it', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const key = `gateway-key-${newId()}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        withRequestKey(key, () => uc.startPayment.execute({ invoiceId: invoice.id, user: payer })),
      ),
    );
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    expect(uc.provider.calls.filter((c) => c === 'createPayment').length).toBeGreaterThan(0);
  });

  it('lets one of two payments raced on one invoice through, and refuses the other', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const results = await Promise.allSettled(
      ['a', 'b'].map((k) =>
        withRequestKey(`race-${k}-${newId()}`, () =>
          uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'PAYMENTS.PAYMENT_IN_PROGRESS' },
    });
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
  });

  it('answers a repeat of the key with the first payment after it failed, making no second', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const key = `gateway-key-${newId()}`;
    const first = await withRequestKey(key, () =>
      uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
    );
    // The first payment fails; the invoice is open again, so only the key tells a repeat.
    await uc.receiveWebhook.execute({
      provider: 'sandbox',
      ...uc.provider.webhook({
        id: `evt_${newId()}`,
        kind: 'payment',
        payment: uc.provider.set(first.id, 'failed', { code: 'card_declined' }),
      }),
    });
    const repeat = await withRequestKey(key, () =>
      uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
    );
    expect(repeat).toMatchObject({ id: first.id, state: { status: 'failed', finished: true } });
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    // A new key makes a new payment.
    const next = await withRequestKey(`gateway-key-${newId()}`, () =>
      uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
    );
    expect(next.id).not.toBe(first.id);
  });

  it('keeps the payment when the provider does not answer; the same request finishes it', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const key = `gateway-key-${newId()}`;
    uc.provider.down = true;
    try {
      await expect(
        withRequestKey(key, () => uc.startPayment.execute({ invoiceId: invoice.id, user: payer })),
      ).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_UNAVAILABLE' });
    } finally {
      uc.provider.down = false;
    }
    const [kept] = await paymentsOf(invoice.id);
    expect(kept?.status).toBe('created');
    expect(
      await db.query('SELECT stage, attempts FROM provider_intents WHERE payment_id = $1', [
        kept?.id,
      ]),
    ).toEqual([{ stage: 'submitted', attempts: 1 }]);
    // The retry asks the provider what it has (nothing), then makes the payment: one payment.
    const retried = await withRequestKey(key, () =>
      uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
    );
    expect(retried).toMatchObject({ id: kept?.id, state: { status: 'started' } });
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
  });
});
