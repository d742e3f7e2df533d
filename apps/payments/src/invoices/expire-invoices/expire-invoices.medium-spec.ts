import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../../migrations/index.js';
import {
  aUser,
  anInvoice,
  inDays,
  paymentsUseCases,
  type PaymentsUseCases,
} from '../../testing/payments.medium-fixture.js';

describe('ExpireInvoicesUseCase', () => {
  let db: MediumDatabase;
  let uc: PaymentsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = paymentsUseCases(db);
  });
  afterAll(() => db?.close());

  const statusOf = async (id: string) =>
    (await db.query<{ status: string }>('SELECT status FROM invoices WHERE id = $1', [id]))[0]
      ?.status;

  it('expires open invoices past due, but waits for a payment in progress to finish', async () => {
    const payer = aUser();
    const idle = await anInvoice(uc, payer, { dueAt: inDays(1) });
    const paying = await anInvoice(uc, payer, { dueAt: inDays(1) });
    const notYet = await anInvoice(uc, payer, { dueAt: inDays(3) });
    const payment = await uc.startPayment.execute({ invoiceId: paying.id, user: payer });
    const later = new Date(Date.now() + 2 * 86_400_000);

    await uc.expireInvoices.execute(later);
    expect(await statusOf(idle.id)).toBe('expired');
    expect(await statusOf(paying.id)).toBe('open');
    expect(await statusOf(notYet.id)).toBe('open');
    const expired = (await db.outboxRows()).filter(
      (r) => r.subject === 'gov.payments.invoice.expired.v1',
    );
    expect(expired.map((e) => e.aggregateId)).toEqual([idle.id]);
    expect(expired[0]?.envelope.data).toMatchObject({
      caseContext: idle.caseRef.context,
      caseId: idle.caseRef.id,
      dueAt: idle.dueAt,
    });
    expect(await uc.repositories.ledger.entriesOf(db.manager, { invoiceId: idle.id })).toEqual([
      { kind: 'invoice_issued', sourceKey: `invoice:${idle.id}:issued` },
      { kind: 'invoice_expired', sourceKey: `invoice:${idle.id}:expired` },
    ]);

    // The payment is declined: the invoice expires at the next round.
    uc.provider.set(payment.id, 'failed', { code: 'card_declined' });
    await uc.recheckPayments.execute(new Date(Date.now() + 1_000), 'sweep');
    await uc.expireInvoices.execute(later);
    expect(await statusOf(paying.id)).toBe('expired');
  });

  it('never expires an invoice twice', async () => {
    const invoice = await anInvoice(uc, aUser(), { dueAt: inDays(1) });
    const later = new Date(Date.now() + 2 * 86_400_000);
    await Promise.all([uc.expireInvoices.execute(later), uc.expireInvoices.execute(later)]);
    await uc.expireInvoices.execute(later);
    const expired = (await db.outboxRows()).filter(
      (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.invoice.expired.v1',
    );
    expect(expired).toHaveLength(1);
  });
});
