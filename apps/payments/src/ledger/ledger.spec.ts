import { describe, expect, it } from '@jest/globals';
import { money } from '#contracts';
import {
  Accounts,
  credit,
  debit,
  invoiceIssued,
  invoiceReleased,
  journalEntry,
  LedgerError,
  paymentSucceeded,
  refundSucceeded,
  trialBalance,
  type JournalEntry,
  type PaymentFacts,
} from './ledger.js';

const at = new Date('2026-03-01T10:00:00Z');
const invoice = {
  id: 'inv-1',
  payerId: 'payer-1',
  currency: 'EUR',
  lines: [
    { revenueCode: 'permits.building', amountMinor: 10_000 },
    { revenueCode: 'permits.inspection', amountMinor: 2_500 },
    { revenueCode: 'permits.building', amountMinor: 500 },
  ],
};
const payment: PaymentFacts = {
  id: 'pay-1',
  invoiceId: 'inv-1',
  payerId: 'payer-1',
  provider: 'sandbox',
  amount: money(13_000, 'EUR'),
  feeMinor: 130,
};

/** Each account's balance over some entries. */
const balances = (...entries: JournalEntry[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const p of entries.flatMap((e) => e.postings))
    out[p.account.code] = (out[p.account.code] ?? 0) + p.amountMinor;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== 0));
};

describe('a journal entry', () => {
  it('balances per currency, or is refused', () => {
    const source = { kind: 'test', sourceKey: 'k', effectiveAt: at };
    const eur = money(100, 'EUR');
    expect(
      journalEntry(source, [debit(Accounts.refunds(), eur), credit(Accounts.waivers(), eur)])
        .postings,
    ).toHaveLength(2);
    expect(() =>
      journalEntry(source, [
        debit(Accounts.refunds(), eur),
        credit(Accounts.waivers(), money(99, 'EUR')),
      ]),
    ).toThrow(LedgerError);
    // Balanced in sum but not per currency.
    expect(() =>
      journalEntry(source, [
        debit(Accounts.refunds(), eur),
        credit(Accounts.waivers(), money(100, 'GBP')),
      ]),
    ).toThrow(/do not balance/);
  });

  it('leaves zero postings out and needs two at least', () => {
    const source = { kind: 'test', sourceKey: 'k', effectiveAt: at };
    const zero = money(0, 'EUR');
    expect(() =>
      journalEntry(source, [debit(Accounts.refunds(), zero), credit(Accounts.waivers(), zero)]),
    ).toThrow(/two non-zero postings/);
  });

  it('refuses a fractional amount', () => {
    const source = { kind: 'test', sourceKey: 'k', effectiveAt: at };
    expect(() =>
      journalEntry(source, [
        { account: Accounts.refunds(), amountMinor: 0.5, currency: 'EUR' },
        { account: Accounts.waivers(), amountMinor: -0.5, currency: 'EUR' },
      ]),
    ).toThrow(/whole number/);
  });

  it('refuses an account key that could forge another account', () => {
    expect(() => Accounts.revenue('a:b')).toThrow(LedgerError);
  });
});

describe('the bookings', () => {
  it('given an invoice, when it is issued, the payer owes it and each revenue code earns its lines', () => {
    const entry = invoiceIssued(invoice, at);
    expect(entry.sourceKey).toBe('invoice:inv-1:issued');
    expect(balances(entry)).toEqual({
      'receivable:payer-1': 13_000,
      'revenue:permits.building': -10_500,
      'revenue:permits.inspection': -2_500,
    });
  });

  it('given an issued invoice, when it is cancelled or expires, nothing is owed or earned', () => {
    for (const why of ['cancelled', 'expired'] as const) {
      const released = invoiceReleased(invoice, why, at);
      expect(released.kind).toBe(`invoice_${why}`);
      expect(balances(invoiceIssued(invoice, at), released)).toEqual({});
    }
  });

  it('given an issued invoice, when it is paid, the provider holds the cash less its fee', () => {
    const entry = paymentSucceeded(payment, at);
    expect(entry.sourceKey).toBe('payment:pay-1:success');
    expect(balances(invoiceIssued(invoice, at), entry)).toEqual({
      'cash_provider:sandbox': 12_870,
      'provider_fees:sandbox': 130,
      'revenue:permits.building': -10_500,
      'revenue:permits.inspection': -2_500,
    });
  });

  it('books no fee when the provider told none', () => {
    expect(paymentSucceeded({ ...payment, feeMinor: null }, at).postings).toHaveLength(2);
  });

  it('given a payment for a closed invoice, when it is refunded, everything is back to zero', () => {
    const entries = [
      invoiceIssued(invoice, at),
      invoiceReleased(invoice, 'cancelled', at),
      paymentSucceeded({ ...payment, feeMinor: 0 }, at),
    ];
    // Before the refund the payer is owed the payment (a credit on their receivable).
    expect(balances(...entries)['receivable:payer-1']).toBe(-13_000);
    const refund = refundSucceeded(
      { id: 'ref-1', payment, amount: payment.amount, of: 'overpayment' },
      at,
    );
    expect(balances(...entries, refund)).toEqual({});
  });

  it('books a refund of a fee against the refunds account', () => {
    const refund = refundSucceeded(
      { id: 'ref-2', payment, amount: money(1_000, 'EUR'), of: 'revenue' },
      at,
    );
    expect(balances(refund)).toEqual({ refunds: 1_000, 'cash_provider:sandbox': -1_000 });
  });
});

describe('the trial balance', () => {
  it('lists each account with its balance and totals that are zero', () => {
    const lines = trialBalance([
      {
        account: 'cash_provider:sandbox',
        kind: 'cash_provider',
        currency: 'EUR',
        debitMinor: 500,
        creditMinor: 0,
      },
      {
        account: 'receivable:p',
        kind: 'receivable',
        currency: 'EUR',
        debitMinor: 500,
        creditMinor: 500,
      },
      {
        account: 'revenue:x',
        kind: 'revenue',
        currency: 'EUR',
        debitMinor: 0,
        creditMinor: 500,
      },
    ]);
    expect(lines.accounts.map((a) => a.balanceMinor)).toEqual([500, 0, -500]);
    expect(lines.totals).toEqual([
      { currency: 'EUR', debitMinor: 1_000, creditMinor: 1_000, balanceMinor: 0 },
    ]);
  });
});
