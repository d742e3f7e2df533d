import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  PAYMENTS_INTERNAL_INVOICE_CANCEL,
  PAYMENTS_INVOICE_CANCEL,
  SYSTEM_ACTOR,
} from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../../migrations/index.js';
import {
  aUser,
  anInvoice,
  paymentsUseCases,
  type PaymentsUseCases,
} from '../../testing/payments.medium-fixture.js';
import { trialBalance } from '../../ledger/ledger.js';

describe('CancelInvoiceUseCase', () => {
  let db: MediumDatabase;
  let uc: PaymentsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = paymentsUseCases(db);
  });
  afterAll(() => db?.close());

  it('cancels an open invoice for its case: the issue is reversed and invoice.cancelled emitted', async () => {
    const invoice = await anInvoice(uc, aUser());
    const cancelled = await uc.cancelInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
      invoiceId: invoice.id,
      caseRef: invoice.caseRef,
      reasonCode: 'application_withdrawn',
      caller: SYSTEM_ACTOR,
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', closeReason: 'application_withdrawn' });
    expect(await uc.repositories.ledger.entriesOf(db.manager, { invoiceId: invoice.id })).toEqual([
      { kind: 'invoice_issued', sourceKey: `invoice:${invoice.id}:issued` },
      { kind: 'invoice_cancelled', sourceKey: `invoice:${invoice.id}:cancelled` },
    ]);
    const events = (await db.outboxRows()).filter((r) => r.aggregateId === invoice.id);
    expect(events.map((e) => e.subject)).toEqual([
      'gov.payments.invoice.issued.v1',
      'gov.payments.invoice.cancelled.v1',
    ]);
    expect(events[1]?.envelope.data).toMatchObject({
      caseContext: invoice.caseRef.context,
      caseId: invoice.caseRef.id,
      reasonCode: 'application_withdrawn',
    });
    // Cancelling again answers it as it is, and books nothing more.
    const again = await uc.cancelInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
      invoiceId: invoice.id,
      caseRef: invoice.caseRef,
      reasonCode: 'application_withdrawn',
      caller: SYSTEM_ACTOR,
    });
    expect(again.status).toBe('cancelled');
    expect((await db.outboxRows()).filter((r) => r.aggregateId === invoice.id)).toHaveLength(2);
    expect(
      trialBalance(await uc.repositories.ledger.totals(db.manager, new Date())).totals,
    ).toEqual([expect.objectContaining({ balanceMinor: 0 })]);
  });

  it('refuses the invoice of another case', async () => {
    const invoice = await anInvoice(uc, aUser());
    await expect(
      uc.cancelInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
        invoiceId: invoice.id,
        caseRef: { context: 'permits', id: 'another-case' },
        reasonCode: 'x',
        caller: SYSTEM_ACTOR,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_CASE_MISMATCH' });
  });

  it('does not cancel while a payment is in progress, nor an invoice that is not open', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const payment = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    const cashier = aUser('cashier');
    const asCashier = { kind: 'user' as const, userId: cashier.userId, role: 'cashier' };
    await expect(
      uc.cancelInvoice.execute(PAYMENTS_INVOICE_CANCEL, {
        invoiceId: invoice.id,
        reasonCode: 'issued_in_error',
        caller: asCashier,
      }),
    ).rejects.toMatchObject({
      code: 'PAYMENTS.PAYMENT_IN_PROGRESS',
      details: { paymentId: payment.id },
    });
    // The payer pays: the invoice is paid, and a cancellation is refused.
    uc.provider.set(payment.id, 'success', { feeMinor: 0 });
    await uc.recheckPayments.execute(new Date(Date.now() + 1_000), 'sweep');
    await expect(
      uc.cancelInvoice.execute(PAYMENTS_INVOICE_CANCEL, {
        invoiceId: invoice.id,
        reasonCode: 'issued_in_error',
        caller: asCashier,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_NOT_OPEN', details: { status: 'paid' } });
  });

  it('is refused to an auditor and on a missing invoice', async () => {
    const invoice = await anInvoice(uc, aUser());
    const auditor = aUser('auditor');
    await expect(
      uc.cancelInvoice.execute(PAYMENTS_INVOICE_CANCEL, {
        invoiceId: invoice.id,
        reasonCode: 'x',
        caller: { kind: 'user', userId: auditor.userId, role: 'auditor' },
      }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    await expect(
      uc.cancelInvoice.execute(PAYMENTS_INVOICE_CANCEL, {
        invoiceId: '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
        reasonCode: 'x',
        caller: SYSTEM_ACTOR,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_NOT_FOUND' });
  });
});
