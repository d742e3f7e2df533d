import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PAYMENTS_INTERNAL_INVOICE_CANCEL, SYSTEM_ACTOR } from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../migrations/index.js';
import {
  aUser,
  anInvoice,
  paymentsUseCases,
  withRequestKey,
  type PaymentsUseCases,
} from '../testing/payments.medium-fixture.js';

/** The sweeper's steps: re-checks, expiry with cancel at the provider, recovery of calls. */
describe('the payments sweeps', () => {
  let db: MediumDatabase;
  let uc: PaymentsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = paymentsUseCases(db);
  });
  afterAll(() => db?.close());

  async function aStartedPayment() {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const payment = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    return { payer, invoice, payment };
  }

  const statusOf = async (paymentId: string) =>
    (
      await db.query<{ status: string; code: string | null }>(
        'SELECT status, code FROM payments WHERE id = $1',
        [paymentId],
      )
    )[0];

  const soon = () => new Date(Date.now() + 1_000);

  it('finishes a payment whose webhook never came, announcing the correction', async () => {
    const { invoice, payment } = await aStartedPayment();
    uc.provider.set(payment.id, 'submitted');
    uc.provider.set(payment.id, 'success', { feeMinor: 10 });
    // Not quiet long enough yet: left alone.
    await uc.recheckPayments.execute(new Date(Date.now() - 60_000), 'sweep');
    expect((await statusOf(payment.id))?.status).toBe('started');
    const round = await uc.recheckPayments.execute(soon(), 'sweep');
    expect(round.corrected).toBeGreaterThanOrEqual(1);
    expect((await statusOf(payment.id))?.status).toBe('success');
    const subjects = (await db.outboxRows())
      .filter((r) => r.aggregateId === invoice.id)
      .map((r) => r.subject);
    expect(subjects.slice(-3)).toEqual([
      'gov.payments.payment.corrected.v1',
      'gov.payments.payment.succeeded.v1',
      'gov.payments.invoice.paid.v1',
    ]);
  });

  it('lets payments wait while the provider is down, and finishes them when it is back', async () => {
    const { payment } = await aStartedPayment();
    uc.provider.set(payment.id, 'success', { feeMinor: 0 });
    uc.provider.down = true;
    try {
      expect(await uc.recheckPayments.execute(soon(), 'full-sweep')).toEqual({
        checked: 0,
        corrected: 0,
      });
    } finally {
      uc.provider.down = false;
    }
    expect((await statusOf(payment.id))?.status).toBe('started');
    await uc.recheckPayments.execute(soon(), 'full-sweep');
    expect((await statusOf(payment.id))?.status).toBe('success');
  });

  it('expires an unfinished payment past its time and cancels it at the provider', async () => {
    const { payer, invoice, payment } = await aStartedPayment();
    const later = new Date(Date.now() + 91 * 60_000);
    expect(await uc.expirePayments.execute(new Date())).toBe(0);
    await uc.expirePayments.execute(later);
    expect(await statusOf(payment.id)).toEqual({ status: 'failed', code: 'P0020' });
    expect((await uc.provider.findPayment(payment.id))?.status).toBe('cancelled');
    expect(
      (await db.outboxRows())
        .filter((r) => r.aggregateId === invoice.id)
        .map((r) => r.subject)
        .slice(-1),
    ).toEqual(['gov.payments.payment.expired.v1']);
    // The invoice is open again for a new payment.
    const again = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    expect(again.state.status).toBe('started');
  });

  it('records a success the provider took before the expiry reached it', async () => {
    const { invoice, payment } = await aStartedPayment();
    uc.provider.set(payment.id, 'success', { feeMinor: 0 });
    await uc.expirePayments.execute(new Date(Date.now() + 91 * 60_000));
    expect((await statusOf(payment.id))?.status).toBe('success');
    const paid = await db.query<{ status: string }>('SELECT status FROM invoices WHERE id = $1', [
      invoice.id,
    ]);
    expect(paid).toEqual([{ status: 'paid' }]);
  });

  it('settles a call left unsettled by a crash by asking the provider, making nothing twice', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const key = `gateway-key-${newId()}`;
    // The process "dies" after the provider made the payment and before the answer was
    // recorded: here, the provider answers and then the connection to it fails.
    uc.provider.down = true;
    await expect(
      withRequestKey(key, () => uc.startPayment.execute({ invoiceId: invoice.id, user: payer })),
    ).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_UNAVAILABLE' });
    uc.provider.down = false;
    const [row] = await db.query<{ id: string }>('SELECT id FROM payments WHERE invoice_id = $1', [
      invoice.id,
    ]);
    const paymentId = row?.id ?? '';
    await uc.provider.createPayment({
      reference: paymentId,
      amount: { amountMinor: 12_500, currency: 'EUR' },
      description: 'made before the crash',
      returnUrl: 'https://city.example/r',
    });
    const creates = () => uc.provider.calls.filter((c) => c === 'createPayment').length;
    const before = creates();
    expect(await uc.recoverProviderCalls.execute(new Date(Date.now() + 60_000))).toBe(1);
    expect(creates()).toBe(before);
    expect(await statusOf(paymentId)).toEqual({ status: 'started', code: null });
    expect(
      await db.query('SELECT stage FROM provider_intents WHERE payment_id = $1', [paymentId]),
    ).toEqual([{ stage: 'done' }]);
    // A payment that the provider never had is made by the recovery.
    const other = await anInvoice(uc, payer);
    uc.provider.down = true;
    await expect(
      uc.startPayment.execute({ invoiceId: other.id, user: payer }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.PROVIDER_UNAVAILABLE' });
    uc.provider.down = false;
    await uc.recoverProviderCalls.execute(new Date(Date.now() + 60_000));
    const [made] = await db.query<{ status: string }>(
      'SELECT status FROM payments WHERE invoice_id = $1',
      [other.id],
    );
    expect(made?.status).toBe('started');
  });

  it('submits an automatic refund left unsubmitted when the provider was down', async () => {
    const { payer, invoice, payment } = await aStartedPayment();
    await db.outbox.transaction(db.manager, (tx) =>
      uc.outcomes.recordOutcome(tx, payment.id, { status: 'failed', code: 'P0020' }, {}, 'expiry'),
    );
    await uc.cancelInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
      invoiceId: invoice.id,
      caseRef: invoice.caseRef,
      reasonCode: 'withdrawn',
      caller: SYSTEM_ACTOR,
    });
    // The late success comes by webhook while the provider's API is down: the refund is
    // written with its intent, and its submission fails after the commit.
    const webhook = uc.provider.webhook({
      id: `evt_${newId()}`,
      kind: 'payment',
      payment: uc.provider.set(payment.id, 'success', { feeMinor: 0 }),
    });
    uc.provider.down = true;
    try {
      expect(await uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook })).toEqual({
        outcome: 'accepted',
      });
    } finally {
      uc.provider.down = false;
    }
    const [refund] = await db.query<{ id: string; status: string }>(
      'SELECT id, status FROM refunds WHERE payment_id = $1',
      [payment.id],
    );
    expect(refund?.status).toBe('submitted');
    expect(await uc.provider.findRefund(refund?.id ?? '')).toBeUndefined();
    expect(await uc.recoverProviderCalls.execute(new Date(Date.now() + 60_000))).toBe(1);
    expect(await uc.provider.findRefund(refund?.id ?? '')).toMatchObject({ status: 'submitted' });
    // Its result never comes by webhook: the re-check of pending refunds finishes it.
    uc.provider.setRefund(refund?.id ?? '', 'success');
    expect(await uc.recheckRefunds.execute(soon())).toBe(1);
    const [done] = await db.query<{ status: string }>('SELECT status FROM refunds WHERE id = $1', [
      refund?.id,
    ]);
    expect(done?.status).toBe('success');
    const balance = await uc.trialBalance.execute({ user: aUser('auditor') });
    for (const total of balance.totals) expect(total.balanceMinor).toBe(0);
    expect(balance.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: `receivable:${payer.userId}`, balanceMinor: 0 }),
      ]),
    );
  });
});
