import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PAYMENTS_INTERNAL_INVOICE_CANCEL, SYSTEM_ACTOR } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../migrations/index.js';
import {
  aUser,
  anInvoice,
  paymentsUseCases,
  type PaymentsUseCases,
} from '../testing/payments.medium-fixture.js';
import type { ProviderPayment } from '../providers/provider.js';

describe('PaymentOutcomes: what a provider says, recorded with its money', () => {
  let db: MediumDatabase;
  let uc: PaymentsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = paymentsUseCases(db);
  });
  afterAll(() => db?.close());

  /** An invoice and a started payment of it. */
  async function aStartedPayment() {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const payment = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    return { payer, invoice, payment };
  }

  const record = (
    paymentId: string,
    observed: ProviderPayment,
    foundBy: 'webhook' | 'sweep' = 'webhook',
  ) =>
    db.outbox.transaction(db.manager, (tx) => uc.outcomes.record(tx, paymentId, observed, foundBy));

  const subjectsOf = async (invoiceId: string) =>
    (await db.outboxRows()).filter((r) => r.aggregateId === invoiceId).map((r) => r.subject);

  const balanceIsZero = async () => {
    const balance = await uc.trialBalance.execute({ user: aUser('auditor') });
    for (const total of balance.totals) expect(total.balanceMinor).toBe(0);
    return balance;
  };

  it('books a success once: cash at the provider less its fee, a receipt, the invoice paid', async () => {
    const { payer, invoice, payment } = await aStartedPayment();
    const success = uc.provider.set(payment.id, 'success', { feeMinor: 125 });
    expect(await record(payment.id, success)).toMatchObject({ changed: true });
    // The same news again (a webhook delivered twice, a sweep after it) changes nothing.
    expect(await record(payment.id, success)).toMatchObject({ changed: false });

    const view = await uc.getPayment.execute({ paymentId: payment.id, user: payer });
    expect(view).toMatchObject({
      state: { status: 'success', finished: true },
      fee: { amountMinor: 125, currency: 'EUR' },
      refundSummary: { status: 'available', amountAvailable: 12_500, amountSubmitted: 0 },
    });
    expect(view.nextUrl).toBeUndefined();
    expect(await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).toMatchObject({
      status: 'paid',
      closeReason: `payment:${payment.id}`,
      livePaymentId: null,
    });
    expect(await uc.repositories.ledger.entriesOf(db.manager, { paymentId: payment.id })).toEqual([
      { kind: 'payment_succeeded', sourceKey: `payment:${payment.id}:success` },
    ]);
    const receipt = await uc.getReceipt.execute({ receiptId: view.receiptId ?? '', user: payer });
    expect(receipt).toMatchObject({
      kind: 'payment',
      paymentId: payment.id,
      amount: { amountMinor: 12_500, currency: 'EUR' },
      lines: [
        { revenueCode: 'permits.building', amount: { amountMinor: 10_000 } },
        { revenueCode: 'permits.inspection', amount: { amountMinor: 2_500 } },
      ],
    });
    expect(receipt.number).toMatch(/^R-\d{4}-\d{6}$/);
    await expect(
      uc.getReceipt.execute({ receiptId: receipt.id, user: aUser() }),
    ).rejects.toMatchObject({ code: 'POLICY.NOT_OWNER' });
    expect(await subjectsOf(invoice.id)).toEqual([
      'gov.payments.invoice.issued.v1',
      'gov.payments.payment.started.v1',
      'gov.payments.payment.succeeded.v1',
      'gov.payments.invoice.paid.v1',
    ]);
    const succeeded = (await db.outboxRows()).find(
      (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.payment.succeeded.v1',
    );
    expect(succeeded?.envelope.data).toMatchObject({
      paymentId: payment.id,
      caseContext: invoice.caseRef.context,
      caseId: invoice.caseRef.id,
      feeMinor: 125,
      receiptId: receipt.id,
      invoiceClosed: false,
    });
    const balance = await balanceIsZero();
    expect(balance.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: `receivable:${payer.userId}`, balanceMinor: 0 }),
      ]),
    );
  });

  it('records a decline as failed with GOV.UK Pay’s code, books nothing, keeps the invoice open', async () => {
    const { payer, invoice, payment } = await aStartedPayment();
    await record(payment.id, uc.provider.set(payment.id, 'failed', { code: 'card_declined' }));
    expect(await uc.getPayment.execute({ paymentId: payment.id, user: payer })).toMatchObject({
      state: {
        status: 'failed',
        finished: true,
        code: 'P0010',
        message: 'Payment method rejected',
      },
      refundSummary: { status: 'unavailable' },
    });
    expect((await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).status).toBe(
      'open',
    );
    expect(await uc.repositories.ledger.entriesOf(db.manager, { paymentId: payment.id })).toEqual(
      [],
    );
    expect(await subjectsOf(invoice.id)).toContain('gov.payments.payment.failed.v1');
    // An older webhook arriving late (submitted) does not reopen it.
    expect(
      await record(payment.id, { ...uc.provider.set(payment.id, 'failed'), status: 'submitted' }),
    ).toMatchObject({ changed: false });
  });

  it('corrects a failure the provider later says succeeded, with an explicit event', async () => {
    const { payer, invoice, payment } = await aStartedPayment();
    await record(payment.id, uc.provider.set(payment.id, 'error'));
    const success = uc.provider.set(payment.id, 'success', { feeMinor: 0 });
    expect(await record(payment.id, success, 'sweep')).toMatchObject({ changed: true });
    expect((await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).status).toBe(
      'paid',
    );
    const corrected = (await db.outboxRows()).find(
      (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.payment.corrected.v1',
    );
    expect(corrected?.envelope.data).toMatchObject({
      from: 'error',
      to: 'success',
      foundBy: 'sweep',
    });
    await balanceIsZero();
  });

  it('leaves a recorded success alone when the provider says otherwise later', async () => {
    const { payer, payment } = await aStartedPayment();
    await record(payment.id, uc.provider.set(payment.id, 'success', { feeMinor: 0 }));
    expect(await record(payment.id, uc.provider.set(payment.id, 'failed'), 'sweep')).toMatchObject({
      changed: false,
    });
    expect((await uc.getPayment.execute({ paymentId: payment.id, user: payer })).state.status).toBe(
      'success',
    );
  });

  it('refunds a success that arrives for a closed invoice automatically, and the ledger ends at zero', async () => {
    const { payer, invoice, payment } = await aStartedPayment();
    // The payment expired here and its cancellation never reached the provider; the case
    // was withdrawn meanwhile.
    await db.outbox.transaction(db.manager, (tx) =>
      uc.outcomes.recordOutcome(tx, payment.id, { status: 'failed', code: 'P0020' }, {}, 'expiry'),
    );
    await uc.cancelInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
      invoiceId: invoice.id,
      caseRef: invoice.caseRef,
      reasonCode: 'application_withdrawn',
      caller: SYSTEM_ACTOR,
    });
    const late = uc.provider.set(payment.id, 'success', { feeMinor: 0 });
    const recorded = await record(payment.id, late, 'sweep');
    expect(recorded.refundsToSubmit).toHaveLength(1);
    const [refundId] = recorded.refundsToSubmit as [string];
    expect((await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).status).toBe(
      'cancelled',
    );
    const rows = await db.outboxRows();
    const refundSubmitted = rows.find(
      (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.refund.submitted.v1',
    );
    expect(refundSubmitted?.envelope.data).toMatchObject({
      refundId,
      paymentId: payment.id,
      caseContext: invoice.caseRef.context,
      caseId: invoice.caseRef.id,
      reasonCode: 'invoice_closed',
      automatic: true,
    });
    expect(
      rows.find(
        (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.payment.succeeded.v1',
      )?.envelope.data,
    ).toMatchObject({ invoiceClosed: true });
    // Until the refund succeeds, the payer is owed the payment.
    const before = await balanceIsZero();
    expect(before.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: `receivable:${payer.userId}`, balanceMinor: -12_500 }),
      ]),
    );
    await uc.calls.submitRefunds([refundId]);
    expect(await uc.provider.findRefund(refundId)).toMatchObject({ status: 'submitted' });
    const done = uc.provider.setRefund(refundId, 'success');
    await db.outbox.transaction(db.manager, (tx) => uc.outcomes.recordRefund(tx, done));
    const after = await balanceIsZero();
    expect(after.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: `receivable:${payer.userId}`, balanceMinor: 0 }),
      ]),
    );
    expect(
      (await uc.getPayment.execute({ paymentId: payment.id, user: payer })).refundSummary,
    ).toEqual({ status: 'full', amountAvailable: 0, amountSubmitted: 12_500 });
    const receipts = await db.query<{ kind: string }>(
      'SELECT kind FROM receipts WHERE payment_id = $1 ORDER BY seq',
      [payment.id],
    );
    expect(receipts).toEqual([{ kind: 'payment' }, { kind: 'refund' }]);
    expect(
      (await db.outboxRows()).filter(
        (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.refund.succeeded.v1',
      ),
    ).toHaveLength(1);
  });
});
