import { beforeEach, describe, expect, it } from '@jest/globals';
import { parseDay, settlementReport } from '../settlement/settlement-report.js';
import { openDatabase } from '../store/database.js';
import { SandboxStore } from '../store/sandbox.store.js';
import { CardProvider } from './card-provider.js';
import { TEST_CARDS, type TestCard } from './test-cards.js';

const card = (number: string): TestCard => TEST_CARDS.find((c) => c.number === number) as TestCard;
const SUCCESS = card('4242424242424242');
const DECLINED = card('4000000000000002');
const LATE = card('4000000000000119');
const REFUNDS_FAIL = card('4000000000005126');
const ERROR = card('4000000000000036');

const T0 = Date.parse('2026-03-01T10:00:00Z');
const input = (reference: string, amount = 1_000) => ({
  reference,
  amount,
  currency: 'GBP',
  description: 'Street trading permit fee',
  return_url: 'http://127.0.0.1:3000/payments/return',
});

/** The card provider on an in-memory SQLite database (the same schema as the file). */
describe('the card provider', () => {
  let store: SandboxStore;
  let provider: CardProvider;
  let timers: number[];

  beforeEach(() => {
    store = new SandboxStore(openDatabase(':memory:'));
    timers = [];
    provider = new CardProvider(
      store,
      {
        publicUrl: 'http://sandbox.test',
        fees: { basisPoints: 140, fixedMinor: 20 },
        lateSuccessDelayMs: 60_000,
        refundDelayMs: 1_000,
        paymentExpiryMs: 90 * 60_000,
      },
      { enqueued: () => undefined, timerSet: (at) => timers.push(at) },
    );
  });

  const webhooks = () =>
    store.dueDeliveries(Number.MAX_SAFE_INTEGER, 1_000).map((d) => ({
      type: d.type,
      object: (JSON.parse(d.body) as { data: { object: Record<string, unknown> } }).data.object,
    }));
  const allWebhookTypes = () => {
    const types: string[] = [];
    for (;;) {
      const due = store.dueDeliveries(Number.MAX_SAFE_INTEGER, 1_000);
      if (due.length === 0) return types;
      for (const d of due) {
        types.push(d.type);
        store.markDelivered(d.seq, T0, 200);
      }
    }
  };
  const created = (reference: string, amount = 1_000) => {
    const result = provider.createPayment(input(reference, amount), T0);
    if (result.outcome === 'reference_conflict') throw new Error('conflict');
    return result.payment;
  };
  const tokenOf = (nextUrl: string | undefined) => (nextUrl as string).split('/pay/')[1] as string;
  const paid = (reference: string, with_ = SUCCESS, amount = 1_000, at = T0 + 1_000) => {
    const payment = created(reference, amount);
    provider.submitCard(tokenOf(payment.next_url), with_, at);
    return payment.payment_id;
  };

  it('creates a payment waiting for its card, with the hosted page as next_url', () => {
    const payment = created('pay-1');
    expect(payment).toMatchObject({
      reference: 'pay-1',
      status: 'created',
      finished: false,
      amount: 1_000,
      currency: 'GBP',
      next_url: expect.stringMatching(/^http:\/\/sandbox\.test\/pay\/[\w-]{32}$/) as unknown,
    });
    expect(timers).toEqual([T0 + 90 * 60_000]);
  });

  it('answers a repeated creation with the first payment, and refuses the reference with other details', () => {
    const first = created('pay-1');
    expect(provider.createPayment(input('pay-1'), T0 + 5)).toEqual({
      outcome: 'existing',
      payment: first,
    });
    expect(provider.createPayment(input('pay-1', 999), T0).outcome).toBe('reference_conflict');
  });

  it('takes a successful card once: success with its fee, one webhook; a second post changes nothing', () => {
    const payment = created('pay-1');
    const token = tokenOf(payment.next_url);
    provider.submitCard(token, SUCCESS, T0 + 1_000);
    provider.submitCard(token, DECLINED, T0 + 2_000);
    expect(provider.payment(payment.payment_id)).toMatchObject({
      status: 'success',
      finished: true,
      fee: 34,
      net_amount: 966,
      refund_summary: { status: 'available', amount_available: 1_000 },
    });
    expect(provider.payment(payment.payment_id)).not.toHaveProperty('next_url');
    expect(webhooks()).toEqual([
      { type: 'payment.succeeded', object: expect.objectContaining({ status: 'success' }) },
    ]);
  });

  it.each([
    [DECLINED, 'failed', 'card_declined', 'payment.failed'],
    [ERROR, 'error', 'provider_error', 'payment.error'],
  ])('a %j card ends the payment in %s', (which, status, code, type) => {
    const id = paid('pay-1', which);
    expect(provider.payment(id)).toMatchObject({ status, code, finished: true });
    expect(provider.payment(id)).not.toHaveProperty('fee');
    expect(webhooks().map((w) => w.type)).toEqual([type]);
  });

  it('keeps a timeout card submitted, then succeeds when its timer falls due', () => {
    const id = paid('pay-1', LATE);
    expect(provider.payment(id)).toMatchObject({ status: 'submitted', finished: false });
    expect(timers).toContain(T0 + 1_000 + 60_000);
    expect(provider.runTimers(T0 + 60_000)).toBe(0);
    expect(provider.runTimers(T0 + 61_000)).toBe(1);
    expect(provider.payment(id)).toMatchObject({ status: 'success', fee: 34 });
    expect(allWebhookTypes()).toEqual(['payment.submitted', 'payment.succeeded']);
  });

  it('sends one object’s webhooks in order: the second waits until the first is delivered', () => {
    paid('pay-1', LATE);
    provider.runTimers(T0 + 61_000);
    expect(webhooks().map((w) => w.type)).toEqual(['payment.submitted']);
  });

  it('writes each webhook with the payment as a read of it gives, without reading it back', () => {
    const success = paid('pay-1');
    const late = paid('pay-2', LATE);
    provider.runTimers(T0 + 61_000);
    const cancelled = created('pay-3');
    provider.cancel(cancelled.payment_id, T0 + 2_000);
    const declined = paid('pay-4', DECLINED);
    const objects = new Map<string, Record<string, unknown>[]>();
    for (;;) {
      const due = store.dueDeliveries(Number.MAX_SAFE_INTEGER, 1_000);
      if (due.length === 0) break;
      for (const d of due) {
        const { object } = (JSON.parse(d.body) as { data: { object: Record<string, unknown> } })
          .data;
        objects.set(d.object_id, [...(objects.get(d.object_id) ?? []), object]);
        store.markDelivered(d.seq, T0, 200);
      }
    }
    for (const id of [success, late, cancelled.payment_id, declined])
      expect(objects.get(id)?.at(-1)).toEqual(provider.payment(id));
    expect(objects.get(late)?.map((o) => o.status)).toEqual(['submitted', 'success']);
  });

  it('passes over the deliveries being attempted, in the query', () => {
    paid('pay-1');
    paid('pay-2');
    const [first, second] = store.dueDeliveries(Number.MAX_SAFE_INTEGER, 10);
    expect(second).toBeDefined();
    expect(store.dueDeliveries(Number.MAX_SAFE_INTEGER, 10, [first?.seq ?? 0])).toEqual([second]);
    expect(store.dueDeliveries(Number.MAX_SAFE_INTEGER, 1)).toEqual([first]);
    expect(
      store.dueDeliveries(Number.MAX_SAFE_INTEGER, 10, [first?.seq ?? 0, second?.seq ?? 0]),
    ).toEqual([]);
  });

  it('expires a page not completed in time: failed, payment_expired', () => {
    const payment = created('pay-1');
    provider.runTimers(T0 + 90 * 60_000);
    expect(provider.payment(payment.payment_id)).toMatchObject({
      status: 'failed',
      code: 'payment_expired',
    });
  });

  it('lets the payer cancel on the page: failed, cancelled_by_payer', () => {
    const payment = created('pay-1');
    provider.payerCancels(tokenOf(payment.next_url), T0);
    expect(provider.payment(payment.payment_id)).toMatchObject({
      status: 'failed',
      code: 'cancelled_by_payer',
    });
  });

  it('cancels an unfinished payment for the platform, and returns a finished one as it is', () => {
    const open = created('pay-1');
    expect(provider.cancel(open.payment_id, T0)).toMatchObject({
      status: 'cancelled',
      code: 'cancelled_by_merchant',
    });
    const done = paid('pay-2');
    expect(provider.cancel(done, T0)).toMatchObject({ status: 'success' });
    expect(provider.cancel('pay_none', T0)).toBeUndefined();
  });

  it('a cancelled timeout payment never succeeds late', () => {
    const id = paid('pay-1', LATE);
    provider.cancel(id, T0 + 2_000);
    provider.runTimers(T0 + 120_000);
    expect(provider.payment(id)).toMatchObject({ status: 'cancelled' });
  });

  describe('refunds', () => {
    it('are submitted, then succeed; never above what is left; idempotent by reference', () => {
      const id = paid('pay-1');
      const first = provider.refund(id, { reference: 'ref-1', amount: 600 }, T0 + 2_000);
      expect(first).toMatchObject({
        outcome: 'created',
        refund: { status: 'submitted', amount: 600, currency: 'GBP', payment_id: id },
      });
      expect(provider.refund(id, { reference: 'ref-1', amount: 600 }, T0 + 3_000)).toEqual({
        ...first,
        outcome: 'existing',
      });
      expect(provider.refund(id, { reference: 'ref-2', amount: 401 }, T0)).toEqual({
        outcome: 'amount_exceeds_available',
        amountAvailable: 400,
      });
      expect(provider.payment(id)?.refund_summary).toEqual({
        status: 'available',
        amount_available: 400,
        amount_submitted: 600,
        amount_refunded: 0,
      });
      provider.runTimers(T0 + 3_000);
      expect(provider.refundByReference('ref-1')).toMatchObject({ status: 'success' });
      expect(provider.refund(id, { reference: 'ref-2', amount: 400 }, T0).outcome).toBe('created');
      provider.runTimers(T0 + 10_000);
      expect(provider.payment(id)?.refund_summary).toEqual({
        status: 'full',
        amount_available: 0,
        amount_submitted: 0,
        amount_refunded: 1_000,
      });
      expect(allWebhookTypes()).toEqual([
        'payment.succeeded',
        'refund.succeeded',
        'refund.succeeded',
      ]);
    });

    it('are refused for an unpaid payment, another currency, or a reused reference', () => {
      const open = created('pay-1');
      expect(provider.refund(open.payment_id, { reference: 'r', amount: 1 }, T0)).toEqual({
        outcome: 'payment_not_refundable',
        status: 'created',
      });
      const id = paid('pay-2');
      expect(provider.refund(id, { reference: 'r', amount: 1, currency: 'EUR' }, T0).outcome).toBe(
        'currency_mismatch',
      );
      provider.refund(id, { reference: 'r', amount: 1 }, T0);
      expect(provider.refund(id, { reference: 'r', amount: 2 }, T0).outcome).toBe(
        'reference_conflict',
      );
      expect(provider.refund('pay_none', { reference: 'x', amount: 1 }, T0).outcome).toBe(
        'payment_not_found',
      );
    });

    it('of the refund-fails card end in error and free the amount again', () => {
      const id = paid('pay-1', REFUNDS_FAIL);
      provider.refund(id, { reference: 'ref-1', amount: 1_000 }, T0);
      provider.runTimers(T0 + 1_000);
      expect(provider.refundByReference('ref-1')).toMatchObject({
        status: 'error',
        code: 'refund_failed',
      });
      expect(provider.payment(id)?.refund_summary.amount_available).toBe(1_000);
      expect(allWebhookTypes()).toEqual(['payment.succeeded', 'refund.failed']);
    });
  });

  it('reports a day’s successful payments and refunds with fee and net, in minor units', () => {
    const a = paid('pay-a', SUCCESS, 1_000);
    const b = paid('pay-b', SUCCESS, 2_500, T0 + 2_000);
    paid('pay-c', DECLINED);
    provider.refund(a, { reference: 'ref-a', amount: 300 }, T0 + 5_000);
    provider.runTimers(T0 + 6_000);
    const csv = settlementReport(store, parseDay('2026-03-01') as { from: number; to: number });
    expect(csv.split('\r\n')).toEqual([
      'record_type,provider_reference,reference,payment_provider_reference,settled_at,currency,gross_minor,fee_minor,net_minor',
      `payment,${a},pay-a,${a},2026-03-01T10:00:01.000Z,GBP,1000,34,966`,
      `payment,${b},pay-b,${b},2026-03-01T10:00:02.000Z,GBP,2500,55,2445`,
      expect.stringMatching(
        new RegExp(`^refund,rfd_[0-9a-f]{24},ref-a,${a},2026-03-01T10:00:06.000Z,GBP,-300,0,-300$`),
      ),
      '',
    ]);
    expect(settlementReport(store, parseDay('2026-03-02') as { from: number; to: number })).toBe(
      'record_type,provider_reference,reference,payment_provider_reference,settled_at,currency,gross_minor,fee_minor,net_minor\r\n',
    );
  });

  it('reads days as real UTC calendar days only', () => {
    expect(parseDay('2026-02-29')).toBeUndefined();
    expect(parseDay('2026-2-1')).toBeUndefined();
    expect(parseDay('2028-02-29')).toEqual({
      from: Date.parse('2028-02-29T00:00:00Z'),
      to: Date.parse('2028-03-01T00:00:00Z'),
    });
  });
});
