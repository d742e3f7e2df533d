import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PAYMENTS_INVOICE_CANCEL, type RequestActor } from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../migrations/index.js';
import {
  balances,
  lastEvent,
  operationsUseCases,
  subjectsOf,
  type OperationsUseCases,
} from '../testing/payments-operations.medium-fixture.js';
import { aUser, anInvoice } from '../testing/payments.medium-fixture.js';

describe('waivers and reductions: proposed by one, decided by another supervisor', () => {
  let db: MediumDatabase;
  let uc: OperationsUseCases;
  const cashier = aUser('cashier');
  const supervisor = aUser('supervisor');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = operationsUseCases(db);
  });
  afterAll(() => db?.close());

  const propose = (
    invoiceId: string,
    ask: { kind: 'waiver' | 'reduction'; amountMinor?: number },
    user: RequestActor = cashier,
  ) =>
    uc.proposeAdjustment.execute({
      invoiceId,
      ...ask,
      reasonCode: 'hardship',
      note: 'Payer lost their job; see file 12.',
      user,
    });

  it('waives an invoice once a supervisor who did not propose it approves: closed waived, booked to waivers', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const proposed = await propose(invoice.id, { kind: 'waiver' });
    expect(proposed).toMatchObject({
      status: 'proposed',
      kind: 'waiver',
      amount: { amountMinor: 12_500 },
      proposedBy: cashier.userId,
      note: 'Payer lost their job; see file 12.',
    });
    // Nothing changes before the decision.
    expect((await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).status).toBe(
      'open',
    );
    // A cashier decides nothing; a supervisor on their own invoice neither.
    await expect(
      uc.approveAdjustment.execute({ adjustmentId: proposed.id, user: aUser('cashier') }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    const approved = await uc.approveAdjustment.execute({
      adjustmentId: proposed.id,
      user: supervisor,
    });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: supervisor.userId });
    expect(await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).toMatchObject({
      status: 'waived',
      closeReason: `adjustment:${proposed.id}`,
    });
    expect(await subjectsOf(db, invoice.id)).toEqual([
      'gov.payments.invoice.issued.v1',
      'gov.payments.adjustment.proposed.v1',
      'gov.payments.adjustment.approved.v1',
      'gov.payments.invoice.waived.v1',
    ]);
    const event = await lastEvent(db, invoice.id, 'gov.payments.adjustment.proposed.v1');
    expect(event).not.toHaveProperty('note');
    const accounts = await balances(uc);
    expect(accounts.get(`receivable:${payer.userId}`)).toBe(0);
    expect(accounts.get('waivers')).toBeGreaterThanOrEqual(12_500);
    // A waived invoice is not paid any more.
    await expect(
      uc.startPayment.execute({ invoiceId: invoice.id, user: payer }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_NOT_OPEN' });
    await expect(
      uc.approveAdjustment.execute({ adjustmentId: proposed.id, user: aUser('supervisor') }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.ADJUSTMENT_NOT_PROPOSED' });
  });

  it('refuses the proposer who approves their own proposal, with a stable code, and the database refuses it too', async () => {
    const invoice = await anInvoice(uc, aUser());
    const proposed = await propose(invoice.id, { kind: 'reduction', amountMinor: 500 }, supervisor);
    await expect(
      uc.approveAdjustment.execute({ adjustmentId: proposed.id, user: supervisor }),
    ).rejects.toMatchObject({ code: 'POLICY.OWN_PROPOSAL' });
    await expect(
      uc.rejectAdjustment.execute({
        adjustmentId: proposed.id,
        decisionCode: 'x',
        user: supervisor,
      }),
    ).rejects.toMatchObject({ code: 'POLICY.OWN_PROPOSAL' });
    expect(
      (await uc.getAdjustment.execute({ adjustmentId: proposed.id, user: cashier })).status,
    ).toBe('proposed');
    await expect(
      db.query(
        `UPDATE invoice_adjustments SET status = 'approved', decided_by = proposed_by,
                decided_at = now() WHERE id = $1`,
        [proposed.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('reduces an invoice: the payment takes the reduced amount, and the ledger shows revenue less the waiver', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const proposed = await propose(invoice.id, { kind: 'reduction', amountMinor: 2_500 });
    await uc.approveAdjustment.execute({ adjustmentId: proposed.id, user: supervisor });
    expect(await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).toMatchObject({
      status: 'open',
      amount: { amountMinor: 10_000 },
    });
    expect(await lastEvent(db, invoice.id, 'gov.payments.adjustment.approved.v1')).toMatchObject({
      adjustmentMinor: 2_500,
      invoiceAmountMinor: 10_000,
      invoiceStatus: 'open',
    });
    const started = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    expect(started.amount.amountMinor).toBe(10_000);
    // While the payment is in progress, another adjustment waits for it.
    const second = await propose(invoice.id, { kind: 'waiver' });
    await expect(
      uc.approveAdjustment.execute({ adjustmentId: second.id, user: supervisor }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.PAYMENT_IN_PROGRESS' });
    await db.outbox.transaction(db.manager, (tx) =>
      uc.outcomes.record(tx, started.id, uc.provider.set(started.id, 'success'), 'webhook'),
    );
    expect((await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).status).toBe(
      'paid',
    );
    await expect(
      uc.approveAdjustment.execute({ adjustmentId: second.id, user: supervisor }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_NOT_OPEN' });
    await uc.rejectAdjustment.execute({
      adjustmentId: second.id,
      decisionCode: 'already_paid',
      user: supervisor,
    });
    expect((await balances(uc)).get(`receivable:${payer.userId}`)).toBe(0);
  });

  it('refunds what a payment started before a reduction paid beyond it, when it succeeds late', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const started = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    // The payment runs out of time (cancelled at the provider); the invoice is reduced.
    await uc.expirePayments.execute(new Date(Date.now() + 2 * 3_600_000));
    const proposed = await propose(invoice.id, { kind: 'reduction', amountMinor: 2_500 });
    await uc.approveAdjustment.execute({ adjustmentId: proposed.id, user: supervisor });
    // And yet the provider took the 12 500 it was asked for.
    const late = uc.provider.set(started.id, 'success', { feeMinor: 0 });
    const recorded = await db.outbox.transaction(db.manager, (tx) =>
      uc.outcomes.record(tx, started.id, late, 'sweep'),
    );
    expect(recorded.refundsToSubmit).toHaveLength(1);
    expect((await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).status).toBe(
      'paid',
    );
    expect(await lastEvent(db, invoice.id, 'gov.payments.refund.submitted.v1')).toMatchObject({
      amountMinor: 2_500,
      reasonCode: 'invoice_reduced',
      automatic: true,
    });
    expect((await balances(uc)).get(`receivable:${payer.userId}`)).toBe(-2_500);
    const [refundId] = recorded.refundsToSubmit as [string];
    await uc.calls.submitRefunds([refundId]);
    const done = uc.provider.setRefund(refundId, 'success');
    await db.outbox.transaction(db.manager, (tx) => uc.outcomes.recordRefund(tx, done));
    expect((await balances(uc)).get(`receivable:${payer.userId}`)).toBe(0);
  });

  it('reverses a reduction’s waiver with the invoice when it is cancelled', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const proposed = await propose(invoice.id, { kind: 'reduction', amountMinor: 2_500 });
    await uc.approveAdjustment.execute({ adjustmentId: proposed.id, user: supervisor });
    const before = await balances(uc);
    await uc.cancelInvoice.execute(PAYMENTS_INVOICE_CANCEL, {
      invoiceId: invoice.id,
      reasonCode: 'issued_in_error',
      caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
    });
    const after = await balances(uc);
    expect(after.get(`receivable:${payer.userId}`)).toBe(0);
    expect((before.get('waivers') ?? 0) - (after.get('waivers') ?? 0)).toBe(2_500);
  });

  it('keeps one proposal waiting per invoice, refuses a reduction of all and a waiver with an amount, and lists the queue', async () => {
    const invoice = await anInvoice(uc, aUser());
    await expect(
      propose(invoice.id, { kind: 'reduction', amountMinor: 12_500 }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.ADJUSTMENT_TOO_LARGE' });
    await expect(propose(invoice.id, { kind: 'waiver', amountMinor: 100 })).rejects.toMatchObject({
      code: 'PLATFORM.VALIDATION_FAILED',
    });
    const first = await propose(invoice.id, { kind: 'reduction', amountMinor: 100 });
    await expect(propose(invoice.id, { kind: 'waiver' })).rejects.toMatchObject({
      code: 'PAYMENTS.ADJUSTMENT_PENDING',
      details: { adjustmentId: first.id },
    });
    const queue = await uc.listAdjustments.execute({
      status: 'proposed',
      limit: 1,
      user: supervisor,
    });
    expect(queue.items.map((a) => a.id)).toEqual([first.id]);
    expect(queue.nextCursor).not.toBeNull();
    const rejected = await uc.rejectAdjustment.execute({
      adjustmentId: first.id,
      decisionCode: 'not_eligible',
      user: supervisor,
    });
    expect(rejected).toMatchObject({ status: 'rejected', decisionCode: 'not_eligible' });
    expect(await lastEvent(db, invoice.id, 'gov.payments.adjustment.rejected.v1')).toMatchObject({
      adjustmentId: first.id,
      decisionCode: 'not_eligible',
    });
    await propose(invoice.id, { kind: 'waiver' });
    await expect(propose(newId(), { kind: 'waiver' })).rejects.toMatchObject({
      code: 'PAYMENTS.INVOICE_NOT_FOUND',
    });
    await expect(propose(invoice.id, { kind: 'waiver' }, aUser('auditor'))).rejects.toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });
});
