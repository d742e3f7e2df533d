import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  PAYMENTS_INVOICE_CREATE,
  SYSTEM_ACTOR,
} from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../../migrations/index.js';
import {
  aUser,
  anInvoice,
  inDays,
  paymentsUseCases,
  withRequestKey,
  type PaymentsUseCases,
} from '../../testing/payments.medium-fixture.js';

describe('IssueInvoiceUseCase', () => {
  let db: MediumDatabase;
  let uc: PaymentsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = paymentsUseCases(db);
  });
  afterAll(() => db?.close());

  const eventsOf = async (invoiceId: string) =>
    (await db.outboxRows()).filter((r) => r.aggregateId === invoiceId);

  it('issues an invoice: its lines, its ledger entry and invoice.issued with the case reference', async () => {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    expect(invoice).toMatchObject({
      status: 'open',
      purpose: 'application-fee',
      payerAccountId: payer.userId,
      amount: { amountMinor: 12_500, currency: 'EUR' },
      livePaymentId: null,
    });
    expect(
      await db.query(
        'SELECT line_no, revenue_code, amount_minor FROM invoice_lines WHERE invoice_id = $1 ORDER BY line_no',
        [invoice.id],
      ),
    ).toEqual([
      { line_no: 1, revenue_code: 'permits.building', amount_minor: '10000' },
      { line_no: 2, revenue_code: 'permits.inspection', amount_minor: '2500' },
    ]);
    expect(await uc.repositories.ledger.entriesOf(db.manager, { invoiceId: invoice.id })).toEqual([
      { kind: 'invoice_issued', sourceKey: `invoice:${invoice.id}:issued` },
    ]);
    const [event] = await eventsOf(invoice.id);
    expect(event?.subject).toBe('gov.payments.invoice.issued.v1');
    expect(event?.envelope.data).toEqual({
      invoiceId: invoice.id,
      caseContext: invoice.caseRef.context,
      caseId: invoice.caseRef.id,
      amountMinor: 12_500,
      currency: 'EUR',
      purpose: 'application-fee',
      payerAccountId: payer.userId,
      dueAt: invoice.dueAt,
    });
    expect(event?.envelope.actor).toBe('system');
  });

  it('answers a repeat for the same case and purpose with the first invoice, once', async () => {
    const payer = aUser();
    const caseRef = { context: 'permits', id: newId() };
    const first = await anInvoice(uc, payer, { caseRef });
    const again = await anInvoice(uc, payer, { caseRef });
    expect(again.id).toBe(first.id);
    expect(await eventsOf(first.id)).toHaveLength(1);
  });

  it('refuses other lines for a case and purpose it has, and names the next fee adjustment', async () => {
    const payer = aUser();
    const caseRef = { context: 'permits', id: newId() };
    const first = await anInvoice(uc, payer, { caseRef });
    const changed = [
      { revenueCode: 'permits.building', descriptionKey: 'fees.x', amountMinor: 99 },
    ];
    await expect(anInvoice(uc, payer, { caseRef, lines: changed })).rejects.toMatchObject({
      code: 'PAYMENTS.INVOICE_PURPOSE_TAKEN',
      details: { invoiceId: first.id },
    });
    const adjustment = await anInvoice(uc, payer, {
      caseRef,
      purpose: 'fee-adjustment',
      lines: changed,
    });
    expect(adjustment.purpose).toBe('fee-adjustment-1');
    const next = await anInvoice(uc, payer, { caseRef, purpose: 'fee-adjustment', lines: changed });
    expect(next.purpose).toBe('fee-adjustment-2');
  });

  it('issues once per request key, even when the request comes back after the first', async () => {
    const payer = aUser();
    const caseRef = { context: 'permits', id: newId() };
    const key = `activity-key-${newId()}`;
    const ask = () =>
      withRequestKey(key, () => anInvoice(uc, payer, { caseRef, purpose: 'fee-adjustment' }));
    const [a, b] = await Promise.all([ask(), ask()]);
    expect(b.id).toBe(a.id);
    expect(await db.query('SELECT purpose FROM invoices WHERE case_id = $1', [caseRef.id])).toEqual(
      [{ purpose: 'fee-adjustment-1' }],
    );
  });

  it("refuses another currency than the platform's", async () => {
    await expect(anInvoice(uc, aUser(), { currency: 'USD' })).rejects.toMatchObject({
      code: 'PAYMENTS.CURRENCY_NOT_ACCEPTED',
    });
  });

  it("lets a cashier issue a fee of its own, never to the cashier's own account", async () => {
    const cashier = aUser('cashier');
    const payer = aUser();
    const fee = await uc.issueInvoice.execute(PAYMENTS_INVOICE_CREATE, {
      payerId: payer.userId,
      purpose: 'copy-of-permit',
      lines: [{ revenueCode: 'fees.misc', descriptionKey: 'fees.copy', amountMinor: 1_500 }],
      dueAt: inDays(14),
      caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
    });
    expect(fee.caseRef).toEqual({ context: 'payments', id: fee.id });
    const [event] = await eventsOf(fee.id);
    expect(event?.envelope.actor).toBe(`user:${cashier.userId}:cashier`);
    await expect(
      uc.issueInvoice.execute(PAYMENTS_INVOICE_CREATE, {
        payerId: cashier.userId,
        purpose: 'copy-of-permit',
        lines: [{ revenueCode: 'fees.misc', descriptionKey: 'fees.copy', amountMinor: 1_500 }],
        dueAt: inDays(14),
        caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
      }),
    ).rejects.toMatchObject({ code: 'POLICY.OWN_CASE' });
  });

  it('is a workflow activity’s to ask with the system actor, for any payer', async () => {
    const invoice = await uc.issueInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CREATE, {
      payerId: newId(),
      caseRef: { context: 'permits', id: newId() },
      purpose: 'application-fee',
      lines: [{ revenueCode: 'permits.building', descriptionKey: 'fees.b', amountMinor: 100 }],
      dueAt: inDays(1),
      caller: SYSTEM_ACTOR,
    });
    expect(invoice.status).toBe('open');
  });
});
