import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  PAYMENTS_INTERNAL_REFUND_CREATE,
  PAYMENTS_REFUND_CREATE,
  SYSTEM_ACTOR,
  type RequestActor,
} from '#contracts';
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
import { aUser, anInvoice, withRequestKey } from '../testing/payments.medium-fixture.js';

describe('counter tills: a session, cash and card terminal payments, payouts, the count', () => {
  let db: MediumDatabase;
  let uc: OperationsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = operationsUseCases(db);
  });
  afterAll(() => db?.close());

  const aTill = () => `counter-${newId().slice(-8)}`;
  const open = (cashier: RequestActor, tillId = aTill(), openingFloatMinor = 5_000) =>
    uc.openTill.execute({ tillId, openingFloatMinor, user: cashier });

  it('takes cash against an invoice: paid, receipted, booked as cash in the till', async () => {
    const cashier = aUser('cashier');
    const payer = aUser();
    const session = await open(cashier);
    expect(session).toMatchObject({ status: 'open', openingFloat: { amountMinor: 5_000 } });
    const invoice = await anInvoice(uc, payer);
    const payment = await uc.recordCounterPayment.execute({
      tillSessionId: session.id,
      invoiceId: invoice.id,
      method: 'cash',
      user: cashier,
    });
    expect(payment).toMatchObject({
      provider: 'cash',
      amount: { amountMinor: 12_500, currency: 'EUR' },
      state: { status: 'success', finished: true },
      refundSummary: { status: 'available', amountAvailable: 12_500 },
    });
    expect(payment.nextUrl).toBeUndefined();
    expect(payment.receiptId).not.toBeNull();
    expect((await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer })).status).toBe(
      'paid',
    );
    expect(await subjectsOf(db, invoice.id)).toEqual([
      'gov.payments.invoice.issued.v1',
      'gov.payments.payment.succeeded.v1',
      'gov.payments.invoice.paid.v1',
    ]);
    const succeeded = (await db.outboxRows()).find(
      (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.payment.succeeded.v1',
    );
    expect(succeeded?.envelope.actor).toBe(`user:${cashier.userId}:cashier`);
    const accounts = await balances(uc);
    expect(accounts.get(`cash_till:${session.tillId}`)).toBe(12_500);
    expect(accounts.get(`receivable:${payer.userId}`)).toBe(0);
    expect(
      await uc.getTill.execute({ tillSessionId: session.id, user: aUser('auditor') }),
    ).toMatchObject({
      cashIn: { amountMinor: 12_500 },
      expected: { amountMinor: 17_500 },
      paymentCount: 1,
    });
    const receipt = await uc.renderReceiptPdf.execute({
      receiptId: payment.receiptId ?? '',
      user: payer,
    });
    expect(Buffer.from(receipt.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes a card terminal payment outside the till’s cash, and refuses what an online payment would', async () => {
    const cashier = aUser('cashier');
    const session = await open(cashier);
    const invoice = await anInvoice(uc, aUser());
    const card = await uc.recordCounterPayment.execute({
      tillSessionId: session.id,
      invoiceId: invoice.id,
      method: 'card-terminal',
      user: cashier,
    });
    expect(card.provider).toBe('card-terminal');
    const accounts = await balances(uc);
    expect(accounts.get(`cash_till:${session.tillId}`)).toBeUndefined();
    expect(accounts.get('cash_provider:card-terminal')).toBeGreaterThanOrEqual(12_500);
    // The invoice is paid now: a second payment of it is refused, nothing recorded.
    await expect(
      uc.recordCounterPayment.execute({
        tillSessionId: session.id,
        invoiceId: invoice.id,
        method: 'cash',
        user: cashier,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.INVOICE_NOT_OPEN' });
    // An invoice with an online payment in progress is not taken at the counter.
    const payer = aUser();
    const online = await anInvoice(uc, payer);
    const started = await uc.startPayment.execute({ invoiceId: online.id, user: payer });
    await expect(
      uc.recordCounterPayment.execute({
        tillSessionId: session.id,
        invoiceId: online.id,
        method: 'cash',
        user: cashier,
      }),
    ).rejects.toMatchObject({
      code: 'PAYMENTS.PAYMENT_IN_PROGRESS',
      details: { paymentId: started.id },
    });
    // Nor the cashier's own invoice.
    const own = await anInvoice(uc, cashier);
    await expect(
      uc.recordCounterPayment.execute({
        tillSessionId: session.id,
        invoiceId: own.id,
        method: 'cash',
        user: cashier,
      }),
    ).rejects.toMatchObject({ code: 'POLICY.OWN_CASE' });
    expect(
      (await uc.getTill.execute({ tillSessionId: session.id, user: cashier })).paymentCount,
    ).toBe(1);
  });

  it('records a counter payment once per request key', async () => {
    const cashier = aUser('cashier');
    const session = await open(cashier);
    const invoice = await anInvoice(uc, aUser());
    const key = `key-${newId()}`;
    const take = () =>
      withRequestKey(key, () =>
        uc.recordCounterPayment.execute({
          tillSessionId: session.id,
          invoiceId: invoice.id,
          method: 'cash',
          user: cashier,
        }),
      );
    const [first, second] = await Promise.all([take(), take()]);
    expect(second.id).toBe(first.id);
    expect(
      await db.query('SELECT count(*)::int AS n FROM counter_payments WHERE till_session_id = $1', [
        session.id,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('keeps one open session per till and per cashier, worked by its cashier only', async () => {
    const cashier = aUser('cashier');
    const tillId = aTill();
    const session = await open(cashier, tillId);
    await expect(open(aUser('cashier'), tillId)).rejects.toMatchObject({
      code: 'PAYMENTS.TILL_ALREADY_OPEN',
      details: { sessionId: session.id },
    });
    await expect(open(cashier)).rejects.toMatchObject({ code: 'PAYMENTS.TILL_ALREADY_OPEN' });
    const invoice = await anInvoice(uc, aUser());
    await expect(
      uc.recordCounterPayment.execute({
        tillSessionId: session.id,
        invoiceId: invoice.id,
        method: 'cash',
        user: aUser('cashier'),
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.TILL_SESSION_NOT_YOURS' });
    await expect(open(aUser('auditor'))).rejects.toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });

  it('pays out cash and card terminal refunds at the counter, receipted, the cash from the till', async () => {
    const cashier = aUser('cashier');
    const payer = aUser();
    const session = await open(cashier, aTill(), 1_000);
    const invoice = await anInvoice(uc, payer, {
      lines: [{ revenueCode: 'fees.misc', descriptionKey: 'fees.copy', amountMinor: 3_000 }],
    });
    const payment = await uc.recordCounterPayment.execute({
      tillSessionId: session.id,
      invoiceId: invoice.id,
      method: 'cash',
      user: cashier,
    });
    const refund = (amount: number, available: number, tillSessionId?: string) =>
      uc.createRefund.execute(PAYMENTS_REFUND_CREATE, {
        paymentId: payment.id,
        amount,
        refundAmountAvailable: available,
        reasonCode: 'overcharged',
        ...(tillSessionId ? { tillSessionId } : {}),
        caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
      });
    await expect(refund(1_000, 3_000)).rejects.toMatchObject({
      code: 'PAYMENTS.REFUND_NEEDS_TILL_SESSION',
    });
    const paid = await refund(1_000, 3_000, session.id);
    expect(paid).toMatchObject({
      status: 'success',
      channel: 'counter',
      tillSessionId: session.id,
    });
    expect(paid.receiptId).not.toBeNull();
    expect(await subjectsOf(db, invoice.id)).toEqual(
      expect.arrayContaining([
        'gov.payments.refund.submitted.v1',
        'gov.payments.refund.succeeded.v1',
      ]),
    );
    // The till holds 1 000 + 3 000 - 1 000 = 3 000 now.
    await refund(1_500, 2_000, session.id);
    const other = await anInvoice(uc, aUser(), {
      lines: [{ revenueCode: 'fees.misc', descriptionKey: 'fees.copy', amountMinor: 5_000 }],
    });
    const card = await uc.recordCounterPayment.execute({
      tillSessionId: session.id,
      invoiceId: other.id,
      method: 'card-terminal',
      user: cashier,
    });
    await expect(
      uc.createRefund.execute(PAYMENTS_REFUND_CREATE, {
        paymentId: payment.id,
        amount: 500,
        refundAmountAvailable: 500,
        reasonCode: 'overcharged',
        tillSessionId: session.id,
        caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
      }),
    ).resolves.toMatchObject({ status: 'success' });
    // Card terminal refunds leave the till's cash alone.
    await uc.createRefund.execute(PAYMENTS_REFUND_CREATE, {
      paymentId: card.id,
      amount: 5_000,
      refundAmountAvailable: 5_000,
      reasonCode: 'overcharged',
      tillSessionId: session.id,
      caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
    });
    const view = await uc.getTill.execute({ tillSessionId: session.id, user: cashier });
    expect(view).toMatchObject({
      cashIn: { amountMinor: 3_000 },
      cashOut: { amountMinor: 3_000 },
      cardTerminal: { amountMinor: 5_000 },
      expected: { amountMinor: 1_000 },
      payoutCount: 4,
    });
    const again = await anInvoice(uc, aUser(), {
      lines: [{ revenueCode: 'fees.misc', descriptionKey: 'fees.copy', amountMinor: 700 }],
    });
    const small = await uc.recordCounterPayment.execute({
      tillSessionId: session.id,
      invoiceId: again.id,
      method: 'cash',
      user: cashier,
    });
    const accounts = await balances(uc);
    expect(accounts.get(`cash_till:${session.tillId}`)).toBe(700);
    expect(small.provider).toBe('cash');
  });

  it('refuses to pay out more cash than the session’s till holds', async () => {
    const cashier = aUser('cashier');
    const first = await open(cashier, aTill(), 0);
    const invoice = await anInvoice(uc, aUser());
    const payment = await uc.recordCounterPayment.execute({
      tillSessionId: first.id,
      invoiceId: invoice.id,
      method: 'cash',
      user: cashier,
    });
    await uc.closeTill.execute({ tillSessionId: first.id, countedMinor: 12_500, user: cashier });
    const second = await open(cashier, aTill(), 1_000);
    await expect(
      uc.createRefund.execute(PAYMENTS_REFUND_CREATE, {
        paymentId: payment.id,
        amount: 1_001,
        refundAmountAvailable: 12_500,
        reasonCode: 'overcharged',
        tillSessionId: second.id,
        caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
      }),
    ).rejects.toMatchObject({
      code: 'PAYMENTS.TILL_CASH_INSUFFICIENT',
      details: { cashMinor: 1_000 },
    });
    expect(
      await db.query('SELECT count(*)::int AS n FROM refunds WHERE payment_id = $1', [payment.id]),
    ).toEqual([{ n: 0 }]);
    await uc.closeTill.execute({ tillSessionId: second.id, countedMinor: 1_000, user: cashier });
  });

  it('leaves a workflow’s refund of a cash payment waiting until a cashier pays it out', async () => {
    const cashier = aUser('cashier');
    const session = await open(cashier, aTill(), 0);
    const invoice = await anInvoice(uc, aUser());
    const payment = await uc.recordCounterPayment.execute({
      tillSessionId: session.id,
      invoiceId: invoice.id,
      method: 'cash',
      user: cashier,
    });
    const waiting = await uc.createRefund.execute(PAYMENTS_INTERNAL_REFUND_CREATE, {
      paymentId: payment.id,
      caseRef: invoice.caseRef,
      amount: 12_500,
      refundAmountAvailable: 12_500,
      reasonCode: 'application_withdrawn',
      caller: SYSTEM_ACTOR,
    });
    expect(waiting).toMatchObject({ status: 'submitted', channel: 'counter', tillSessionId: null });
    // The sweeper's re-check of refunds passes it by: no provider holds it.
    await uc.recheckRefunds.execute(new Date(Date.now() + 3_600_000));
    expect((await uc.getRefund.execute({ refundId: waiting.id, user: cashier })).status).toBe(
      'submitted',
    );
    await expect(
      uc.payoutRefund.execute({
        refundId: waiting.id,
        tillSessionId: session.id,
        user: aUser('cashier'),
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.TILL_SESSION_NOT_YOURS' });
    const paid = await uc.payoutRefund.execute({
      refundId: waiting.id,
      tillSessionId: session.id,
      user: cashier,
    });
    expect(paid).toMatchObject({ status: 'success', tillSessionId: session.id });
    await expect(
      uc.payoutRefund.execute({ refundId: waiting.id, tillSessionId: session.id, user: cashier }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.REFUND_NOT_AWAITING_PAYOUT' });
  });

  it('closes with the count: the difference is booked and announced, and the session takes nothing more', async () => {
    const cashier = aUser('cashier');
    const session = await open(cashier, aTill(), 2_000);
    const invoice = await anInvoice(uc, aUser());
    await uc.recordCounterPayment.execute({
      tillSessionId: session.id,
      invoiceId: invoice.id,
      method: 'cash',
      user: cashier,
    });
    await expect(
      uc.closeTill.execute({ tillSessionId: session.id, countedMinor: 1, user: aUser('cashier') }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.TILL_SESSION_NOT_YOURS' });
    const closed = await uc.closeTill.execute({
      tillSessionId: session.id,
      countedMinor: 14_300,
      user: cashier,
    });
    expect(closed).toMatchObject({
      status: 'closed',
      expected: { amountMinor: 14_500 },
      counted: { amountMinor: 14_300 },
      differenceMinor: -200,
    });
    expect(await lastEvent(db, session.id, 'gov.payments.till.closed.v1')).toMatchObject({
      expectedMinor: 14_500,
      countedMinor: 14_300,
      differenceMinor: -200,
    });
    const accounts = await balances(uc);
    expect(accounts.get(`till_differences:${session.tillId}`)).toBe(200);
    expect(accounts.get(`cash_till:${session.tillId}`)).toBe(12_300);
    await expect(
      uc.closeTill.execute({ tillSessionId: session.id, countedMinor: 0, user: cashier }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.TILL_SESSION_CLOSED' });
    await expect(
      uc.recordCounterPayment.execute({
        tillSessionId: session.id,
        invoiceId: (await anInvoice(uc, aUser())).id,
        method: 'cash',
        user: cashier,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.TILL_SESSION_CLOSED' });
    // Counted over: booked the other way. A till that agrees books nothing.
    const next = await open(cashier, session.tillId, 0);
    await uc.closeTill.execute({ tillSessionId: next.id, countedMinor: 50, user: cashier });
    expect((await balances(uc)).get(`till_differences:${session.tillId}`)).toBe(150);
    const quiet = await open(cashier, session.tillId, 100);
    await uc.closeTill.execute({ tillSessionId: quiet.id, countedMinor: 100, user: cashier });
    expect(
      await db.query('SELECT count(*)::int AS n FROM journal_entries WHERE source_key = $1', [
        `till-session:${quiet.id}:difference`,
      ]),
    ).toEqual([{ n: 0 }]);
    const page = await uc.listTills.execute({
      status: 'closed',
      limit: 2,
      user: aUser('auditor'),
    });
    expect(page.items.map((s) => s.id)).toEqual([quiet.id, next.id]);
  });
});
