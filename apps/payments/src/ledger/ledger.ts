import { money, type Money } from '#contracts';

/*
 * The double-entry ledger as pure functions: accounts, postings and the bookings of each money
 * movement. A posting's amount is signed (positive: debit, negative: credit); an entry's
 * postings sum to zero per currency, which `journalEntry` checks here and the database checks
 * again at commit. Nothing here does I/O; `ledger.repository.ts` writes and sums.
 *
 * The chart of accounts (balance = debits - credits):
 *
 * | account                      | kind          | normal side | holds                               |
 * | ---------------------------- | ------------- | ----------- | ----------------------------------- |
 * | `receivable:<payer id>`      | receivable    | debit       | what a payer owes (credit: is owed) |
 * | `cash_provider:<provider>`   | cash_provider | debit       | money held by a payment provider    |
 * | `cash_till:<till id>`        | cash_till     | debit       | money in a counter's till           |
 * | `revenue:<revenue code>`     | revenue       | credit      | fees charged, per revenue code      |
 * | `refunds`                    | refunds       | debit       | fees given back (contra-revenue)    |
 * | `provider_fees:<provider>`   | provider_fees | debit       | what providers kept as their fee    |
 * | `waivers`                    | waivers       | debit       | fees waived or reduced (contra)     |
 * | `till_differences:<till id>` | till_diff...  | debit       | a till counted short (credit: over) |
 *
 * Fees are revenue when invoiced (the payer then owes them); a cancelled or expired invoice
 * reverses that; a payment moves the debt to cash at the provider, less its fee.
 */

export const ACCOUNT_KINDS = [
  'receivable',
  'cash_provider',
  'cash_till',
  'revenue',
  'refunds',
  'provider_fees',
  'waivers',
  'till_differences',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface LedgerAccount {
  readonly code: string;
  readonly kind: AccountKind;
}

const account = (kind: AccountKind, key?: string): LedgerAccount => {
  if (key !== undefined && !/^[A-Za-z0-9._-]+$/.test(key))
    throw new LedgerError(`${key} cannot name a ${kind} account`);
  return { code: key === undefined ? kind : `${kind}:${key}`, kind };
};

export const Accounts = {
  receivable: (payerId: string) => account('receivable', payerId),
  cashAtProvider: (provider: string) => account('cash_provider', provider),
  cashInTill: (tillId: string) => account('cash_till', tillId),
  revenue: (revenueCode: string) => account('revenue', revenueCode),
  refunds: () => account('refunds'),
  providerFees: (provider: string) => account('provider_fees', provider),
  waivers: () => account('waivers'),
  tillDifferences: (tillId: string) => account('till_differences', tillId),
} as const;

export interface Posting {
  readonly account: LedgerAccount;
  /** Positive: debit; negative: credit. */
  readonly amountMinor: number;
  readonly currency: string;
}

export const debit = (to: LedgerAccount, amount: Money): Posting => ({
  account: to,
  amountMinor: amount.amountMinor,
  currency: amount.currency,
});

export const credit = (to: LedgerAccount, amount: Money): Posting => ({
  account: to,
  amountMinor: -amount.amountMinor,
  currency: amount.currency,
});

/** What an entry is the booking of; `sourceKey` is unique, so nothing is booked twice. */
export interface EntrySource {
  readonly kind: string;
  /** E.g. `payment:<id>:success`: the database refuses a second entry with the same key. */
  readonly sourceKey: string;
  readonly invoiceId?: string;
  readonly paymentId?: string;
  readonly refundId?: string;
  readonly effectiveAt: Date;
}

export interface JournalEntry extends EntrySource {
  readonly postings: readonly Posting[];
}

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

/**
 * A balanced entry: zero amounts are left out, and what remains must be two postings at least
 * of whole amounts summing to zero in each currency. Throws `LedgerError` otherwise.
 */
export function journalEntry(source: EntrySource, postings: readonly Posting[]): JournalEntry {
  const kept = postings.filter((p) => p.amountMinor !== 0);
  if (kept.length < 2)
    throw new LedgerError(`${source.kind}: an entry needs two non-zero postings at least`);
  const totals = new Map<string, number>();
  for (const p of kept) {
    money(p.amountMinor, p.currency); // a whole, safe amount and a currency code
    const total = (totals.get(p.currency) ?? 0) + p.amountMinor;
    if (!Number.isSafeInteger(total)) throw new LedgerError(`${source.kind}: amounts overflow`);
    totals.set(p.currency, total);
  }
  for (const [currency, total] of totals)
    if (total !== 0)
      throw new LedgerError(`${source.kind}: postings do not balance (${total} ${currency} off)`);
  return { ...source, postings: kept };
}

// ---- the bookings --------------------------------------------------------------------------

export interface InvoiceFacts {
  readonly id: string;
  readonly payerId: string;
  readonly currency: string;
  readonly lines: readonly { revenueCode: string; amountMinor: number }[];
  /**
   * What the payer still owes, when an approved reduction made it less than the lines (the
   * difference was booked to `waivers`); the lines' total otherwise.
   */
  readonly outstandingMinor?: number;
}

/** Each revenue code's total over an invoice's lines, in the order the codes first appear. */
function revenueByCode(invoice: InvoiceFacts): [string, number][] {
  const byCode = new Map<string, number>();
  for (const line of invoice.lines)
    byCode.set(line.revenueCode, (byCode.get(line.revenueCode) ?? 0) + line.amountMinor);
  return [...byCode];
}

const totalOf = (invoice: InvoiceFacts): Money =>
  money(
    invoice.lines.reduce((sum, l) => sum + l.amountMinor, 0),
    invoice.currency,
  );

/** Issued: the payer owes the fee; it is revenue of each line's code. */
export function invoiceIssued(invoice: InvoiceFacts, at: Date): JournalEntry {
  return journalEntry(
    {
      kind: 'invoice_issued',
      sourceKey: `invoice:${invoice.id}:issued`,
      invoiceId: invoice.id,
      effectiveAt: at,
    },
    [
      debit(Accounts.receivable(invoice.payerId), totalOf(invoice)),
      ...revenueByCode(invoice).map(([code, amount]) =>
        credit(Accounts.revenue(code), money(amount, invoice.currency)),
      ),
    ],
  );
}

/**
 * Cancelled or expired unpaid: the issue is reversed (nobody owes it, it is no revenue), and
 * so are the reductions approved meanwhile (their waivers).
 */
export function invoiceReleased(
  invoice: InvoiceFacts,
  why: 'cancelled' | 'expired',
  at: Date,
): JournalEntry {
  const total = totalOf(invoice);
  const owed = money(invoice.outstandingMinor ?? total.amountMinor, invoice.currency);
  return journalEntry(
    {
      kind: `invoice_${why}`,
      sourceKey: `invoice:${invoice.id}:${why}`,
      invoiceId: invoice.id,
      effectiveAt: at,
    },
    [
      ...revenueByCode(invoice).map(([code, amount]) =>
        debit(Accounts.revenue(code), money(amount, invoice.currency)),
      ),
      credit(Accounts.receivable(invoice.payerId), owed),
      credit(Accounts.waivers(), money(total.amountMinor - owed.amountMinor, invoice.currency)),
    ],
  );
}

export interface PaymentFacts {
  readonly id: string;
  readonly invoiceId: string;
  readonly payerId: string;
  readonly provider: string;
  readonly amount: Money;
  /** The provider's fee, when known (0 or absent: none booked). */
  readonly feeMinor?: number | null;
}

/**
 * A payment succeeded at a provider: the payer's debt becomes cash the provider holds, less
 * the fee it keeps. For a closed invoice the payer is then owed the amount (a credit on their
 * receivable) until the automatic refund pays it back. A counter payment names where its money
 * went instead (`cash`: a till's cash, or the card terminal's acquirer).
 */
export function paymentSucceeded(
  payment: PaymentFacts,
  at: Date,
  cash: LedgerAccount = Accounts.cashAtProvider(payment.provider),
): JournalEntry {
  const fee = money(payment.feeMinor ?? 0, payment.amount.currency);
  return journalEntry(
    {
      kind: 'payment_succeeded',
      sourceKey: `payment:${payment.id}:success`,
      invoiceId: payment.invoiceId,
      paymentId: payment.id,
      effectiveAt: at,
    },
    [
      debit(cash, payment.amount),
      credit(Accounts.receivable(payment.payerId), payment.amount),
      debit(Accounts.providerFees(payment.provider), fee),
      credit(cash, fee),
    ],
  );
}

export interface RefundFacts {
  readonly id: string;
  readonly payment: PaymentFacts;
  readonly amount: Money;
  /**
   * `overpayment`: the money was never owed (a payment for a closed invoice), so it comes off
   * the payer's credit; `revenue`: a fee is given back (contra-revenue `refunds`).
   */
  readonly of: 'overpayment' | 'revenue';
  /** Where the money goes back from (a till paying out); the payment's provider otherwise. */
  readonly cash?: LedgerAccount;
}

/** A refund succeeded at the provider: cash goes back to the payer. */
export function refundSucceeded(refund: RefundFacts, at: Date): JournalEntry {
  const from =
    refund.of === 'overpayment' ? Accounts.receivable(refund.payment.payerId) : Accounts.refunds();
  return journalEntry(
    {
      kind: refund.of === 'overpayment' ? 'overpayment_refunded' : 'refund_succeeded',
      sourceKey: `refund:${refund.id}:success`,
      invoiceId: refund.payment.invoiceId,
      paymentId: refund.payment.id,
      refundId: refund.id,
      effectiveAt: at,
    },
    [
      debit(from, refund.amount),
      credit(refund.cash ?? Accounts.cashAtProvider(refund.payment.provider), refund.amount),
    ],
  );
}

export interface AdjustmentFacts {
  readonly id: string;
  readonly invoiceId: string;
  readonly payerId: string;
  /** What is taken off the payer's debt. */
  readonly amount: Money;
  readonly kind: 'waiver' | 'reduction';
}

/**
 * An approved waiver or reduction: the payer owes that much less, and it is booked to
 * `waivers` (contra-revenue), so revenue stays as invoiced and the waiver shows.
 */
export function invoiceAdjusted(adjustment: AdjustmentFacts, at: Date): JournalEntry {
  return journalEntry(
    {
      kind: adjustment.kind === 'waiver' ? 'invoice_waived' : 'invoice_reduced',
      sourceKey: `adjustment:${adjustment.id}:approved`,
      invoiceId: adjustment.invoiceId,
      effectiveAt: at,
    },
    [
      debit(Accounts.waivers(), adjustment.amount),
      credit(Accounts.receivable(adjustment.payerId), adjustment.amount),
    ],
  );
}

/**
 * A till counted at closing against the cash expected: over (`difference` > 0) is cash in
 * the till the ledger did not know of, short (< 0) is cash gone; either way the till's account
 * then holds what was counted (less its float) and the difference shows in `till_differences`.
 * No difference, no entry.
 */
export function tillDifference(
  session: { id: string; tillId: string; currency: string },
  differenceMinor: number,
  at: Date,
): JournalEntry | undefined {
  if (differenceMinor === 0) return undefined;
  const amount = money(Math.abs(differenceMinor), session.currency);
  const till = Accounts.cashInTill(session.tillId);
  const differences = Accounts.tillDifferences(session.tillId);
  return journalEntry(
    {
      kind: differenceMinor > 0 ? 'till_over' : 'till_short',
      sourceKey: `till-session:${session.id}:difference`,
      effectiveAt: at,
    },
    differenceMinor > 0
      ? [debit(till, amount), credit(differences, amount)]
      : [debit(differences, amount), credit(till, amount)],
  );
}

// ---- balances ------------------------------------------------------------------------------

export interface AccountTotals {
  readonly account: string;
  readonly kind: AccountKind;
  readonly currency: string;
  readonly debitMinor: number;
  readonly creditMinor: number;
}

export interface TrialBalanceLines {
  accounts: (AccountTotals & { balanceMinor: number })[];
  totals: { currency: string; debitMinor: number; creditMinor: number; balanceMinor: number }[];
}

/** Each account's balance (debits - credits) and each currency's totals (balance 0). */
export function trialBalance(rows: readonly AccountTotals[]): TrialBalanceLines {
  const totals = new Map<string, { debitMinor: number; creditMinor: number }>();
  for (const row of rows) {
    const t = totals.get(row.currency) ?? { debitMinor: 0, creditMinor: 0 };
    t.debitMinor += row.debitMinor;
    t.creditMinor += row.creditMinor;
    totals.set(row.currency, t);
  }
  return {
    accounts: rows.map((r) => ({ ...r, balanceMinor: r.debitMinor - r.creditMinor })),
    totals: [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({ currency, ...t, balanceMinor: t.debitMinor - t.creditMinor })),
  };
}
