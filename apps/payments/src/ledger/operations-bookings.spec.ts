import { describe, expect, it } from '@jest/globals';
import { money } from '#contracts';
import {
  Accounts,
  invoiceAdjusted,
  invoiceReleased,
  paymentSucceeded,
  refundSucceeded,
  tillDifference,
} from './ledger.js';

const at = new Date('2026-03-14T10:00:00Z');
const postings = (entry: {
  postings: readonly { account: { code: string }; amountMinor: number }[];
}) => entry.postings.map((p) => [p.account.code, p.amountMinor]);

describe('the bookings of counters, waivers and tills', () => {
  it('books a counter payment to where its money is', () => {
    const entry = paymentSucceeded(
      {
        id: 'p-1',
        invoiceId: 'i-1',
        payerId: 'u-1',
        provider: 'cash',
        amount: money(3_000, 'EUR'),
      },
      at,
      Accounts.cashInTill('counter-1'),
    );
    expect(postings(entry)).toEqual([
      ['cash_till:counter-1', 3_000],
      ['receivable:u-1', -3_000],
    ]);
  });

  it('pays a counter refund out of the till', () => {
    const entry = refundSucceeded(
      {
        id: 'r-1',
        payment: {
          id: 'p-1',
          invoiceId: 'i-1',
          payerId: 'u-1',
          provider: 'cash',
          amount: money(3_000, 'EUR'),
        },
        amount: money(1_000, 'EUR'),
        of: 'revenue',
        cash: Accounts.cashInTill('counter-1'),
      },
      at,
    );
    expect(postings(entry)).toEqual([
      ['refunds', 1_000],
      ['cash_till:counter-1', -1_000],
    ]);
  });

  it('books a waiver or reduction to waivers, off the payer’s debt', () => {
    const entry = invoiceAdjusted(
      {
        id: 'a-1',
        invoiceId: 'i-1',
        payerId: 'u-1',
        amount: money(2_500, 'EUR'),
        kind: 'reduction',
      },
      at,
    );
    expect(entry).toMatchObject({ kind: 'invoice_reduced', sourceKey: 'adjustment:a-1:approved' });
    expect(postings(entry)).toEqual([
      ['waivers', 2_500],
      ['receivable:u-1', -2_500],
    ]);
  });

  it('reverses a reduced invoice with its waiver when it is released', () => {
    const entry = invoiceReleased(
      {
        id: 'i-1',
        payerId: 'u-1',
        currency: 'EUR',
        lines: [{ revenueCode: 'fees.misc', amountMinor: 10_000 }],
        outstandingMinor: 7_500,
      },
      'cancelled',
      at,
    );
    expect(postings(entry)).toEqual([
      ['revenue:fees.misc', 10_000],
      ['receivable:u-1', -7_500],
      ['waivers', -2_500],
    ]);
  });

  it('books a till counted short or over, and nothing when it agrees', () => {
    const session = { id: 's-1', tillId: 'counter-1', currency: 'EUR' };
    expect(postings(tillDifference(session, -200, at) ?? { postings: [] })).toEqual([
      ['till_differences:counter-1', 200],
      ['cash_till:counter-1', -200],
    ]);
    expect(tillDifference(session, 50, at)).toMatchObject({ kind: 'till_over' });
    expect(tillDifference(session, 0, at)).toBeUndefined();
  });
});
