import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DomainError,
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  PAYMENTS_REFUND_CREATE,
  SYSTEM_ACTOR,
  type RequestActor,
} from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../migrations/index.js';
import {
  balances,
  operationsUseCases,
  type OperationsUseCases,
} from '../testing/payments-operations.medium-fixture.js';
import { aUser } from '../testing/payments.medium-fixture.js';

/*
 * A property of the whole of payments, on its real schema: whatever random sequence of
 * invoices, online and counter payments (successes, declines, late successes after the invoice
 * closed), refunds (succeeded or refused by the provider, paid out at a till), waivers and
 * reductions, and expiries (of invoices past due, of unfinished payments) happens,
 *
 * - the trial balance is zero, and each payer's receivable is exactly what their open invoices
 *   still ask for once the provider has finished the refunds;
 * - every receipt number of the fiscal year is used exactly once, 1 to n without a gap, one
 *   receipt per successful payment and per successful refund, none for anything else.
 */

type Step =
  | { kind: 'issue'; amounts: number[]; pastDue: boolean }
  | { kind: 'pay-online'; pick: number; outcome: 'success' | 'failed' | 'leave'; fee: number }
  | { kind: 'pay-cash'; pick: number; method: 'cash' | 'card-terminal' }
  | { kind: 'refund'; pick: number; share: number; outcome: 'success' | 'error' }
  | { kind: 'adjust'; pick: number; waive: boolean; share: number; reject: boolean }
  | { kind: 'late-success'; pick: number }
  | { kind: 'expire-invoices' }
  | { kind: 'expire-payments' };

const steps: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      amounts: fc.array(fc.integer({ min: 1, max: 500_000 }), { minLength: 1, maxLength: 3 }),
      pastDue: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay-online' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('success' as const, 'failed' as const, 'leave' as const),
      fee: fc.integer({ min: 0, max: 300 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pay-cash' as const),
      pick: fc.nat(),
      method: fc.constantFrom('cash' as const, 'card-terminal' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(),
      share: fc.double({ min: 0.01, max: 1, noNaN: true }),
      outcome: fc.constantFrom('success' as const, 'error' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      pick: fc.nat(),
      waive: fc.boolean(),
      share: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      reject: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('late-success' as const), pick: fc.nat() }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire-invoices' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire-payments' as const }) },
);

/** A refusal the rules give (a paid invoice paid again, a refund of nothing left...). */
const refused = (error: unknown): boolean => error instanceof DomainError;

describe('property: payments, refunds, waivers and expiries keep the books', () => {
  let db: MediumDatabase;
  let uc: OperationsUseCases;
  const cashier = aUser('cashier');
  const supervisor = aUser('supervisor');
  const auditor = aUser('auditor');
  let tillSessionId: string;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = operationsUseCases(db);
    tillSessionId = (
      await uc.openTill.execute({
        tillId: 'counter-prop',
        openingFloatMinor: 1_000_000_000,
        user: cashier,
      })
    ).id;
  });
  afterAll(() => db?.close());

  /** One random sequence, for one payer; the invariants are checked after it. */
  async function run(sequence: Step[]): Promise<void> {
    const payer: RequestActor = aUser();
    const invoices: string[] = [];
    const payments: string[] = [];
    const pickOf = <T>(list: T[], pick: number): T | undefined =>
      list.length === 0 ? undefined : list[pick % list.length];

    const act = async (step: Step): Promise<void> => {
      switch (step.kind) {
        case 'issue': {
          const invoice = await uc.issueInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CREATE, {
            payerId: payer.userId,
            caseRef: { context: 'permits', id: newId() },
            purpose: 'application-fee',
            lines: step.amounts.map((amountMinor, i) => ({
              revenueCode: `permits.code-${i}`,
              descriptionKey: 'fees.any',
              amountMinor,
            })),
            dueAt: new Date(Date.now() + (step.pastDue ? -60_000 : 30 * 86_400_000)).toISOString(),
            caller: SYSTEM_ACTOR,
          });
          invoices.push(invoice.id);
          return;
        }
        case 'pay-online': {
          const invoiceId = pickOf(invoices, step.pick);
          if (!invoiceId) return;
          const payment = await uc.startPayment.execute({ invoiceId, user: payer });
          payments.push(payment.id);
          if (step.outcome === 'leave') return;
          const news =
            step.outcome === 'success'
              ? uc.provider.set(payment.id, 'success', { feeMinor: step.fee })
              : uc.provider.set(payment.id, 'failed', { code: 'card_declined' });
          await db.outbox.transaction(db.manager, (tx) =>
            uc.outcomes.record(tx, payment.id, news, 'webhook'),
          );
          return;
        }
        case 'pay-cash': {
          const invoiceId = pickOf(invoices, step.pick);
          if (!invoiceId) return;
          const payment = await uc.recordCounterPayment.execute({
            tillSessionId,
            invoiceId,
            method: step.method,
            user: cashier,
          });
          payments.push(payment.id);
          return;
        }
        case 'refund': {
          const paymentId = pickOf(payments, step.pick);
          if (!paymentId) return;
          const payment = await uc.getPayment.execute({ paymentId, user: payer });
          const available = payment.refundSummary.amountAvailable;
          const amount = Math.max(1, Math.floor(available * step.share));
          const counter = payment.provider === 'cash' || payment.provider === 'card-terminal';
          const refund = await uc.createRefund.execute(PAYMENTS_REFUND_CREATE, {
            paymentId,
            amount,
            refundAmountAvailable: available,
            reasonCode: 'property',
            ...(counter ? { tillSessionId } : {}),
            caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
          });
          if (counter) return;
          const answer = uc.provider.setRefund(refund.id, step.outcome);
          await db.outbox.transaction(db.manager, (tx) => uc.outcomes.recordRefund(tx, answer));
          return;
        }
        case 'adjust': {
          const invoiceId = pickOf(invoices, step.pick);
          if (!invoiceId) return;
          const invoice = await uc.getInvoice.execute({ invoiceId, user: payer });
          const proposed = await uc.proposeAdjustment.execute({
            invoiceId,
            kind: step.waive ? 'waiver' : 'reduction',
            ...(step.waive
              ? {}
              : { amountMinor: Math.max(1, Math.floor(invoice.amount.amountMinor * step.share)) }),
            reasonCode: 'property',
            user: cashier,
          });
          if (step.reject)
            await uc.rejectAdjustment.execute({
              adjustmentId: proposed.id,
              decisionCode: 'property',
              user: supervisor,
            });
          else
            await uc.approveAdjustment
              .execute({ adjustmentId: proposed.id, user: supervisor })
              .catch(async (error: unknown) => {
                // Not approvable now (a payment in progress...): it is rejected instead.
                await uc.rejectAdjustment.execute({
                  adjustmentId: proposed.id,
                  decisionCode: 'not_now',
                  user: supervisor,
                });
                throw error;
              });
          return;
        }
        case 'late-success': {
          // A payment left unfinished succeeds at the provider now, whatever became of its
          // invoice meanwhile (a closed one's payment is refunded automatically).
          const paymentId = pickOf(payments, step.pick);
          if (!paymentId || !uc.provider.has(paymentId)) return;
          const held = await uc.provider.findPayment(paymentId);
          // Cancelled by the platform's expiry, and succeeded anyway (the race of a late success).
          if (!held || !['created', 'submitted', 'cancelled'].includes(held.status)) return;
          const news = uc.provider.set(paymentId, 'success', { feeMinor: 0 });
          const recorded = await db.outbox.transaction(db.manager, (tx) =>
            uc.outcomes.record(tx, paymentId, news, 'webhook'),
          );
          await uc.calls.submitRefunds(recorded.refundsToSubmit);
          return;
        }
        case 'expire-invoices':
          await uc.expireInvoices.execute(new Date());
          return;
        case 'expire-payments':
          // As if the payments' time had run out: the unfinished ones are cancelled.
          await uc.expirePayments.execute(new Date(Date.now() + 2 * 3_600_000));
          return;
      }
    };

    for (const step of sequence) {
      try {
        await act(step);
      } catch (error) {
        if (!refused(error)) throw error;
      }
    }
    // The provider finishes the refunds still in its hands (automatic ones included).
    const pending = await db.query<{ id: string }>(
      `SELECT r.id FROM refunds r JOIN payments p ON p.id = r.payment_id
       WHERE r.status = 'submitted' AND p.payer_id = $1 AND p.provider = 'sandbox'`,
      [payer.userId],
    );
    for (const { id } of pending) {
      await uc.calls.refund(id);
      const done = uc.provider.setRefund(id, 'success');
      await db.outbox.transaction(db.manager, (tx) => uc.outcomes.recordRefund(tx, done));
    }
    await expectTheBooksKept(payer);
  }

  async function expectTheBooksKept(payer: RequestActor): Promise<void> {
    // The trial balance is zero (balances() throws otherwise); the payer owes what is open.
    const accounts = await balances(uc);
    const open = await db.query<{ owed: string | null }>(
      `SELECT sum(amount_minor) AS owed FROM invoices WHERE payer_id = $1 AND status = 'open'`,
      [payer.userId],
    );
    expect(accounts.get(`receivable:${payer.userId}`) ?? 0).toBe(Number(open[0]?.owed ?? 0));
    // Every receipt number of each fiscal year used once, 1..n, as the counter says.
    const years = await db.query<{ fiscal_year: number; seqs: number[]; last: number }>(
      `SELECT r.fiscal_year, array_agg(r.seq ORDER BY r.seq) AS seqs, c.last_number AS last
       FROM receipts r JOIN receipt_counters c ON c.fiscal_year = r.fiscal_year
       GROUP BY r.fiscal_year, c.last_number`,
    );
    expect(years.length).toBeGreaterThan(0);
    for (const year of years)
      expect(year.seqs).toEqual(Array.from({ length: year.last }, (_, i) => i + 1));
    // One receipt per success, none for anything else.
    const unreceipted = await db.query(
      `SELECT p.id FROM payments p
       WHERE (p.status = 'success') <> EXISTS (SELECT 1 FROM receipts c
                                              WHERE c.payment_id = p.id AND c.kind = 'payment')
       UNION ALL
       SELECT r.id FROM refunds r
       WHERE (r.status = 'success') <> EXISTS (SELECT 1 FROM receipts c
                                              WHERE c.refund_id = r.id AND c.kind = 'refund')`,
    );
    expect(unreceipted).toEqual([]);
    // And nothing refunded beyond what was paid.
    const over = await db.query(
      `SELECT p.id FROM payments p
       WHERE p.amount_minor < (SELECT coalesce(sum(amount_minor), 0) FROM refunds r
                               WHERE r.payment_id = p.id AND r.status <> 'error')`,
    );
    expect(over).toEqual([]);
  }

  /** A sequence that goes through every kind of booking, tried before the random ones. */
  const everyKind: Step[] = [
    { kind: 'issue', amounts: [5_000], pastDue: true },
    { kind: 'pay-online', pick: 0, outcome: 'leave', fee: 0 },
    { kind: 'expire-payments' },
    { kind: 'expire-invoices' },
    { kind: 'late-success', pick: 0 },
    { kind: 'issue', amounts: [7_000, 3_000], pastDue: false },
    { kind: 'pay-online', pick: 1, outcome: 'success', fee: 100 },
    { kind: 'refund', pick: 1, share: 0.5, outcome: 'success' },
    { kind: 'refund', pick: 1, share: 1, outcome: 'error' },
    { kind: 'issue', amounts: [4_000], pastDue: false },
    { kind: 'adjust', pick: 2, waive: true, share: 0.5, reject: false },
    { kind: 'issue', amounts: [9_000], pastDue: false },
    { kind: 'adjust', pick: 3, waive: false, share: 0.3, reject: false },
    { kind: 'pay-cash', pick: 3, method: 'cash' },
    { kind: 'refund', pick: 2, share: 0.4, outcome: 'success' },
  ];

  it('holds over random sequences of payments, refunds, waivers and expiries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(steps, { minLength: 5, maxLength: 40, size: 'max' }), (sequence) =>
        run(sequence),
      ),
      { numRuns: 60, examples: [[everyKind]] },
    );
    const summary = await db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM journal_entries GROUP BY kind ORDER BY kind`,
    );
    // The runs went through every kind of booking, not only the easy ones.
    expect(summary.map((s) => s.kind)).toEqual(
      expect.arrayContaining([
        'invoice_issued',
        'invoice_expired',
        'payment_succeeded',
        'refund_succeeded',
        'overpayment_refunded',
        'invoice_waived',
        'invoice_reduced',
      ]),
    );
    expect(
      (await uc.listStaffInvoices.execute({ status: 'waived', user: auditor })).items.length,
    ).toBeGreaterThan(0);
  });
});
