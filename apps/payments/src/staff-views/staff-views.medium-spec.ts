import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../migrations/index.js';
import {
  aSucceededPayment,
  operationsUseCases,
  type OperationsUseCases,
} from '../testing/payments-operations.medium-fixture.js';
import { aUser, anInvoice } from '../testing/payments.medium-fixture.js';

describe('staff views: everyone’s invoices and payments by status and date, a page at a time', () => {
  let db: MediumDatabase;
  let uc: OperationsUseCases;
  const cashier = aUser('cashier');
  const auditor = aUser('auditor');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = operationsUseCases(db);
  });
  afterAll(() => db?.close());

  it('pages every payer’s invoices newest first, by status and issue date', async () => {
    const since = new Date().toISOString();
    const open = [];
    for (let i = 0; i < 3; i += 1) open.push(await anInvoice(uc, aUser()));
    const { invoice: paid } = await aSucceededPayment(uc, db, aUser());
    const first = await uc.listStaffInvoices.execute({
      status: 'open',
      from: since,
      limit: 2,
      user: cashier,
    });
    expect(first.items.map((i) => i.id)).toEqual([open[2]?.id, open[1]?.id]);
    const second = await uc.listStaffInvoices.execute({
      status: 'open',
      from: since,
      limit: 2,
      cursor: first.nextCursor ?? '',
      user: cashier,
    });
    expect(second.items.map((i) => i.id)).toEqual([open[0]?.id]);
    expect(second.nextCursor).toBeNull();
    const paidOnes = await uc.listStaffInvoices.execute({
      status: 'paid',
      from: since,
      user: auditor,
    });
    expect(paidOnes.items.map((i) => i.id)).toEqual([paid.id]);
    const before = await uc.listStaffInvoices.execute({ to: since, user: auditor });
    expect(before.items).toEqual([]);
    await expect(uc.listStaffInvoices.execute({ user: aUser() })).rejects.toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });

  it('pages every payer’s payments by status, with their refund summaries', async () => {
    const since = new Date().toISOString();
    const { payment } = await aSucceededPayment(uc, db, aUser());
    const payer = aUser();
    const started = await uc.startPayment.execute({
      invoiceId: (await anInvoice(uc, payer)).id,
      user: payer,
    });
    const successes = await uc.listStaffPayments.execute({
      status: 'success',
      from: since,
      user: auditor,
    });
    expect(successes.items.map((p) => p.id)).toEqual([payment.id]);
    expect(successes.items[0]?.refundSummary.amountAvailable).toBe(12_500);
    const all = await uc.listStaffPayments.execute({ from: since, limit: 1, user: cashier });
    expect(all.items.map((p) => p.id)).toEqual([started.id]);
    const next = await uc.listStaffPayments.execute({
      from: since,
      cursor: all.nextCursor ?? '',
      user: cashier,
    });
    expect(next.items.map((p) => p.id)).toEqual([payment.id]);
  });

  it('pages a payer’s own payments newest first, each with its receipt and refund summary, and no one else’s', async () => {
    const payer = aUser();
    const { payment: paid } = await aSucceededPayment(uc, db, payer);
    await aSucceededPayment(uc, db, aUser());
    const started = await uc.startPayment.execute({
      invoiceId: (await anInvoice(uc, payer)).id,
      user: payer,
    });
    const first = await uc.listOwnPayments.execute({ limit: 1, user: payer });
    expect(first.items).toMatchObject([{ id: started.id, receiptId: null }]);
    const second = await uc.listOwnPayments.execute({
      limit: 1,
      cursor: first.nextCursor ?? '',
      user: payer,
    });
    expect(second.items).toMatchObject([
      { id: paid.id, receiptId: expect.any(String), refundSummary: { amountAvailable: 12_500 } },
    ]);
    expect(second.nextCursor).toBeNull();
  });
});
