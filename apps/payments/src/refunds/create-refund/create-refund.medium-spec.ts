import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  PAYMENTS_INTERNAL_REFUND_CREATE,
  PAYMENTS_REFUND_CREATE,
  SYSTEM_ACTOR,
  type RequestActor,
} from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../../migrations/index.js';
import {
  aSucceededPayment,
  balances,
  lastEvent,
  operationsUseCases,
  subjectsOf,
  type OperationsUseCases,
} from '../../testing/payments-operations.medium-fixture.js';
import { aUser, withRequestKey } from '../../testing/payments.medium-fixture.js';

describe('CreateRefundUseCase: a cashier or a workflow refunds a payment', () => {
  let db: MediumDatabase;
  let uc: OperationsUseCases;
  const cashier = aUser('cashier');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = operationsUseCases(db);
  });
  afterAll(() => db?.close());

  const byCashier = (
    paymentId: string,
    amount: number,
    refundAmountAvailable: number,
    who: RequestActor = cashier,
  ) =>
    uc.createRefund.execute(PAYMENTS_REFUND_CREATE, {
      paymentId,
      amount,
      refundAmountAvailable,
      reasonCode: 'application_withdrawn',
      caller: { kind: 'user', userId: who.userId, role: who.role },
    });

  const refundRows = (paymentId: string) =>
    db.query<{ amount_minor: string; status: string }>(
      'SELECT amount_minor, status FROM refunds WHERE payment_id = $1 ORDER BY created_at',
      [paymentId],
    );

  it('refunds part of a payment through its provider: submitted, then its success booked with a receipt', async () => {
    const payer = aUser();
    const { invoice, payment } = await aSucceededPayment(uc, db, payer);
    expect(payment.refundSummary).toEqual({
      status: 'available',
      amountAvailable: 12_500,
      amountSubmitted: 0,
    });
    const refund = await byCashier(payment.id, 2_500, 12_500);
    expect(refund).toMatchObject({
      paymentId: payment.id,
      amount: { amountMinor: 2_500, currency: 'EUR' },
      status: 'submitted',
      channel: 'provider',
      automatic: false,
      reasonCode: 'application_withdrawn',
      receiptId: null,
    });
    // Submitted to the provider after the commit, under the refund's id.
    expect(await uc.provider.findRefund(refund.id)).toMatchObject({ status: 'submitted' });
    expect(
      (await uc.getPayment.execute({ paymentId: payment.id, user: payer })).refundSummary,
    ).toEqual({ status: 'available', amountAvailable: 10_000, amountSubmitted: 2_500 });
    expect(await lastEvent(db, invoice.id, 'gov.payments.refund.submitted.v1')).toMatchObject({
      refundId: refund.id,
      invoiceId: invoice.id,
      amountMinor: 2_500,
      automatic: false,
    });

    // The provider's webhook says it went through.
    const done = uc.provider.setRefund(refund.id, 'success');
    await db.outbox.transaction(db.manager, (tx) => uc.outcomes.recordRefund(tx, done));
    const after = await uc.getRefund.execute({ refundId: refund.id, user: payer });
    expect(after).toMatchObject({ status: 'success', providerRef: done.refundRef });
    expect(after.receiptId).not.toBeNull();
    expect(
      await uc.getReceipt.execute({ receiptId: after.receiptId ?? '', user: payer }),
    ).toMatchObject({ kind: 'refund', refundId: refund.id, amount: { amountMinor: 2_500 } });
    expect(await subjectsOf(db, invoice.id)).toEqual([
      'gov.payments.invoice.issued.v1',
      'gov.payments.payment.started.v1',
      'gov.payments.payment.succeeded.v1',
      'gov.payments.invoice.paid.v1',
      'gov.payments.refund.submitted.v1',
      'gov.payments.refund.succeeded.v1',
    ]);
    const accounts = await balances(uc);
    expect(accounts.get('refunds')).toBeGreaterThanOrEqual(2_500);
    expect(accounts.get(`receivable:${payer.userId}`)).toBe(0);
  });

  it('refuses a refundAmountAvailable that is not what remains (412), and more than remains, changing nothing', async () => {
    const { payment } = await aSucceededPayment(uc, db, aUser());
    await expect(byCashier(payment.id, 1_000, 12_000)).rejects.toMatchObject({
      code: 'PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH',
      details: { amountAvailable: 12_500 },
    });
    await expect(byCashier(payment.id, 12_501, 12_500)).rejects.toMatchObject({
      code: 'PAYMENTS.REFUND_EXCEEDS_AVAILABLE',
    });
    expect(await refundRows(payment.id)).toEqual([]);
    await byCashier(payment.id, 12_500, 12_500);
    await expect(byCashier(payment.id, 1, 0)).rejects.toMatchObject({
      code: 'PAYMENTS.REFUND_EXCEEDS_AVAILABLE',
    });
  });

  it('never lets concurrent refunds take more than was paid: one of twenty raced wins, the others are 412', async () => {
    const { payment } = await aSucceededPayment(uc, db, aUser());
    const raced = await Promise.allSettled(
      Array.from({ length: 20 }, () => byCashier(payment.id, 5_000, 12_500)),
    );
    const won = raced.filter((r) => r.status === 'fulfilled');
    const lost = raced.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(new Set(lost.map((r) => (r.reason as { code: string }).code))).toEqual(
      new Set(['PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH']),
    );
    // Each asking with what it last read: never more than the payment.
    let available = 7_500;
    const second = await Promise.allSettled(
      Array.from({ length: 10 }, () => byCashier(payment.id, 3_000, available)),
    );
    available -= 3_000 * second.filter((r) => r.status === 'fulfilled').length;
    const rows = await refundRows(payment.id);
    const taken = rows.reduce((sum, r) => sum + Number(r.amount_minor), 0);
    expect(taken).toBe(12_500 - available);
    expect(taken).toBeLessThanOrEqual(12_500);
  });

  it('has the database refuse a refund beyond the payment even when the code is bypassed', async () => {
    const { payment } = await aSucceededPayment(uc, db, aUser());
    await byCashier(payment.id, 12_000, 12_500);
    await expect(
      db.query(
        `INSERT INTO refunds (id, payment_id, invoice_id, amount_minor, currency, reason_code,
                              automatic, requested_by)
         VALUES ($1, $2, $3, 501, 'EUR', 'x', false, 'system')`,
        [newId(), payment.id, payment.invoiceId],
      ),
    ).rejects.toThrow(/would be 12501 of 12500/);
  });

  it('refuses a payment that did not succeed, one of the cashier’s own, and an auditor', async () => {
    const payer = aUser();
    const invoice = await uc.issueInvoice.execute('payments.internal.invoice.create', {
      payerId: payer.userId,
      caseRef: { context: 'permits', id: newId() },
      purpose: 'application-fee',
      lines: [{ revenueCode: 'permits.building', descriptionKey: 'fees.x', amountMinor: 900 }],
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      caller: SYSTEM_ACTOR,
    });
    const started = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    await expect(byCashier(started.id, 100, 0)).rejects.toMatchObject({
      code: 'PAYMENTS.REFUND_NOT_AVAILABLE',
    });
    const own = await aSucceededPayment(uc, db, cashier);
    await expect(byCashier(own.payment.id, 100, 12_500)).rejects.toMatchObject({
      code: 'POLICY.OWN_CASE',
    });
    await expect(byCashier(own.payment.id, 100, 12_500, aUser('auditor'))).rejects.toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
    await expect(byCashier(newId(), 100, 12_500)).rejects.toMatchObject({
      code: 'PAYMENTS.PAYMENT_NOT_FOUND',
    });
  });

  it('lets a workflow refund its case’s payment once per request key, and not another case’s', async () => {
    const { invoice, payment } = await aSucceededPayment(uc, db, aUser());
    const ask = {
      paymentId: payment.id,
      caseRef: invoice.caseRef,
      amount: 12_500,
      refundAmountAvailable: 12_500,
      reasonCode: 'application_withdrawn',
      caller: SYSTEM_ACTOR,
    };
    const key = `activity-${newId()}`;
    const first = await withRequestKey(key, () =>
      uc.createRefund.execute(PAYMENTS_INTERNAL_REFUND_CREATE, ask),
    );
    const again = await withRequestKey(key, () =>
      uc.createRefund.execute(PAYMENTS_INTERNAL_REFUND_CREATE, ask),
    );
    expect(again.id).toBe(first.id);
    expect(await refundRows(payment.id)).toHaveLength(1);
    await expect(
      uc.createRefund.execute(PAYMENTS_INTERNAL_REFUND_CREATE, {
        ...ask,
        caseRef: { context: 'permits', id: newId() },
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_CASE_MISMATCH' });
    const submitted = (await db.outboxRows()).find(
      (r) => r.subject === 'gov.payments.refund.submitted.v1' && r.aggregateId === invoice.id,
    );
    expect(submitted?.envelope.actor).toBe('system');
  });

  it('gives back what a refund the provider refused would have taken, with refund.failed', async () => {
    const { invoice, payment } = await aSucceededPayment(uc, db, aUser());
    const refund = await byCashier(payment.id, 12_500, 12_500);
    const refused = uc.provider.setRefund(refund.id, 'error');
    await db.outbox.transaction(db.manager, (tx) =>
      uc.outcomes.recordRefund(tx, { ...refused, code: 'refund_failed' }),
    );
    expect(await lastEvent(db, invoice.id, 'gov.payments.refund.failed.v1')).toMatchObject({
      refundId: refund.id,
      code: 'refund_failed',
    });
    const again = await byCashier(payment.id, 12_500, 12_500);
    expect(again.status).toBe('submitted');
  });

  it('keeps a refund submitted while the provider is down; the recovery submits it and the re-check finishes it', async () => {
    const { payment } = await aSucceededPayment(uc, db, aUser());
    uc.provider.down = true;
    let refundId: string;
    try {
      refundId = (await byCashier(payment.id, 4_000, 12_500)).id;
    } finally {
      uc.provider.down = false;
    }
    expect(await uc.provider.findRefund(refundId)).toBeUndefined();
    // The sweeper's recovery of unsettled calls asks again.
    await uc.recoverProviderCalls.execute(new Date(Date.now() + 3_600_000));
    expect(await uc.provider.findRefund(refundId)).toMatchObject({ status: 'submitted' });
    // No webhook ever comes: the re-check asks the provider.
    uc.provider.setRefund(refundId, 'success');
    expect(await uc.recheckRefunds.execute(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(
      1,
    );
    expect(await uc.getRefund.execute({ refundId, user: aUser('auditor') })).toMatchObject({
      status: 'success',
    });
    await balances(uc);
  });

  it('lists refunds for staff by status, newest first, a page at a time', async () => {
    const { payment } = await aSucceededPayment(uc, db, aUser());
    const made = [];
    for (let i = 0; i < 3; i += 1) made.push(await byCashier(payment.id, 100, 12_500 - 100 * i));
    const auditor = aUser('auditor');
    const first = await uc.listRefunds.execute({ status: 'submitted', limit: 2, user: auditor });
    expect(first.items.map((r) => r.id)).toEqual([made[2]?.id, made[1]?.id]);
    const second = await uc.listRefunds.execute({
      status: 'submitted',
      limit: 2,
      cursor: first.nextCursor ?? '',
      user: auditor,
    });
    expect(second.items[0]?.id).toBe(made[0]?.id);
    await expect(uc.listRefunds.execute({ user: aUser() })).rejects.toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });
});
