import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { money } from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../migrations/index.js';
import { ReceiptRepository } from '../receipts/receipt.repository.js';
import {
  Accounts,
  credit,
  debit,
  invoiceIssued,
  journalEntry,
  paymentSucceeded,
  trialBalance,
} from './ledger.js';
import { LedgerRepository } from './ledger.repository.js';

const at = new Date('2026-03-01T10:00:00Z');

describe('the ledger on its real schema', () => {
  let db: MediumDatabase;
  const ledger = new LedgerRepository();

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
  });
  afterAll(() => db?.close());

  const invoice = () => ({
    id: newId(),
    payerId: newId(),
    currency: 'EUR',
    lines: [
      { revenueCode: 'permits.building', amountMinor: 7_000 },
      { revenueCode: 'fees.misc', amountMinor: 500 },
    ],
  });

  it('appends an entry with its postings, once per source, and sums to a zero trial balance', async () => {
    const issued = invoiceIssued(invoice(), at);
    expect(await db.dataSource.transaction((tx) => ledger.record(tx, issued, 'system'))).toBe(true);
    // The same source again: nothing written.
    expect(await db.dataSource.transaction((tx) => ledger.record(tx, issued, 'system'))).toBe(
      false,
    );
    const rows = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM journal_entries WHERE source_key = $1',
      [issued.sourceKey],
    );
    expect(rows).toEqual([{ n: '1' }]);
    const balance = trialBalance(await ledger.totals(db.manager, new Date()));
    expect(balance.totals).toEqual([
      { currency: 'EUR', debitMinor: 7_500, creditMinor: 7_500, balanceMinor: 0 },
    ]);
    expect(
      balance.accounts.find((a) => a.kind === 'revenue' && a.balanceMinor === -7_000),
    ).toBeDefined();
  });

  it('leaves out entries recorded after the moment asked', async () => {
    const before = new Date();
    await db.dataSource.transaction((tx) =>
      ledger.record(tx, invoiceIssued(invoice(), at), 'system'),
    );
    const then = trialBalance(await ledger.totals(db.manager, before));
    const now = trialBalance(await ledger.totals(db.manager, new Date()));
    expect(now.totals[0]!.debitMinor - then.totals[0]!.debitMinor).toBe(7_500);
  });

  it('refuses at commit an entry whose postings do not balance, or that has one posting', async () => {
    const entry = journalEntry({ kind: 'test', sourceKey: `t:${newId()}`, effectiveAt: at }, [
      debit(Accounts.refunds(), money(100, 'EUR')),
      credit(Accounts.waivers(), money(100, 'EUR')),
    ]);
    // Written by hand, around the pure check: the database is the last line.
    const unbalanced = {
      ...entry,
      postings: [entry.postings[0]!, { ...entry.postings[1]!, amountMinor: -99 }],
    };
    await expect(
      db.dataSource.transaction((tx) => ledger.record(tx, unbalanced, 'system')),
    ).rejects.toThrow(/does not balance/);
    const single = { ...entry, sourceKey: `t:${newId()}`, postings: [entry.postings[0]!] };
    await expect(
      db.dataSource.transaction((tx) => ledger.record(tx, single, 'system')),
    ).rejects.toThrow(/needs two at least/);
    const rows = await db.query('SELECT 1 FROM journal_entries WHERE source_key = $1', [
      entry.sourceKey,
    ]);
    expect(rows).toEqual([]);
  });

  it('refuses postings added to an entry by a later statement, in its transaction or after', async () => {
    const entry = journalEntry({ kind: 'test', sourceKey: `t:${newId()}`, effectiveAt: at }, [
      debit(Accounts.refunds(), money(100, 'EUR')),
      credit(Accounts.waivers(), money(100, 'EUR')),
    ]);
    await db.dataSource.transaction((tx) => ledger.record(tx, entry, 'system'));
    const [written] = await db.query<{ id: string }>(
      'SELECT id FROM journal_entries WHERE source_key = $1',
      [entry.sourceKey],
    );
    const id = written!.id;
    // A balanced pair added to the committed entry: it would balance, and is still refused.
    const addPair = `INSERT INTO postings (entry_id, line_no, account, amount_minor, currency)
       VALUES ($1, 3, 'refunds', 5, 'EUR'), ($1, 4, 'waivers', -5, 'EUR')`;
    await expect(db.query(addPair, [id])).rejects.toThrow(/written in one statement/);
    // In the entry's own transaction, after its balance was checked on demand.
    const other = { ...entry, sourceKey: `t:${newId()}` };
    await expect(
      db.dataSource.transaction(async (tx) => {
        await ledger.record(tx, other, 'system');
        await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
        const [row] = await tx.query<{ id: string }[]>(
          'SELECT id FROM journal_entries WHERE source_key = $1',
          [other.sourceKey],
        );
        await tx.query(addPair.replace("'refunds', 5", "'refunds', 7"), [row!.id]);
      }),
    ).rejects.toThrow(/written in one statement/);
    expect(
      await db.query('SELECT 1 FROM journal_entries WHERE source_key = $1', [other.sourceKey]),
    ).toEqual([]);
    expect(await db.query('SELECT 1 FROM postings WHERE entry_id = $1', [id])).toHaveLength(2);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the ledger', async () => {
    const payment = {
      id: newId(),
      invoiceId: newId(),
      payerId: newId(),
      provider: 'sandbox',
      amount: money(2_000, 'EUR'),
      feeMinor: 20,
    };
    await db.dataSource.transaction((tx) =>
      ledger.record(tx, paymentSucceeded(payment, at), 'system'),
    );
    for (const statement of [
      'UPDATE postings SET amount_minor = amount_minor * 2',
      'DELETE FROM postings',
      'UPDATE journal_entries SET actor = $$someone$$',
      'DELETE FROM journal_entries',
      'TRUNCATE postings CASCADE',
      'TRUNCATE journal_entries CASCADE',
      'DELETE FROM ledger_accounts',
    ])
      await expect(db.query(statement)).rejects.toThrow(/append-only/);
  });
});

describe('receipt numbers on the real schema', () => {
  let db: MediumDatabase;
  const receipts = new ReceiptRepository();
  const settings = { PAYMENTS_TIME_ZONE: 'UTC', PAYMENTS_FISCAL_YEAR_START_MONTH: 1 };

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
  });
  afterAll(() => db?.close());

  /** An invoice and a payment for the receipts to refer to. */
  async function aPayment(): Promise<{ invoiceId: string; paymentId: string; payerId: string }> {
    const invoiceId = newId();
    const paymentId = newId();
    const payerId = newId();
    await db.query(
      `INSERT INTO invoices (id, payer_id, case_context, case_id, purpose, amount_minor, currency, due_at, issued_by)
       VALUES ($1, $2, 'permits', $3, 'application-fee', 100, 'EUR', now() + interval '1 day', 'system')`,
      [invoiceId, payerId, invoiceId],
    );
    await db.query(
      `INSERT INTO payments (id, invoice_id, payer_id, amount_minor, currency, provider, return_url, expires_at)
       VALUES ($1, $2, $3, 100, 'EUR', 'sandbox', 'http://x/return', now() + interval '1 hour')`,
      [paymentId, invoiceId, payerId],
    );
    return { invoiceId, paymentId, payerId };
  }

  const receiptOf = (
    p: { invoiceId: string; paymentId: string; payerId: string },
    issuedAt: Date,
  ) => ({
    id: randomUUID(),
    kind: 'payment' as const,
    ...p,
    amountMinor: 100,
    currency: 'EUR',
    issuedAt,
  });

  it('numbers receipts without gaps per fiscal year, and a rollback gives its number back', async () => {
    const inYear = new Date('2031-05-01T00:00:00Z');
    const first = await db.dataSource.transaction(async (tx) =>
      receipts.issue(tx, receiptOf(await aPayment(), inYear), settings),
    );
    expect(first.number).toBe('R-2031-000001');
    const other = await aPayment();
    await expect(
      db.dataSource.transaction(async (tx) => {
        await receipts.issue(tx, receiptOf(other, inYear), settings);
        throw new Error('the rest of the transaction failed');
      }),
    ).rejects.toThrow('failed');
    const second = await db.dataSource.transaction((tx) =>
      receipts.issue(tx, receiptOf(other, inYear), settings),
    );
    expect(second.number).toBe('R-2031-000002');
    const nextYear = await db.dataSource.transaction(async (tx) =>
      receipts.issue(tx, receiptOf(await aPayment(), new Date('2032-01-01T00:00:00Z')), settings),
    );
    expect(nextYear.number).toBe('R-2032-000001');
  });

  it('gives concurrent transactions consecutive numbers, each used once', async () => {
    const inYear = new Date('2033-02-01T00:00:00Z');
    const payments = await Promise.all(Array.from({ length: 12 }, () => aPayment()));
    await Promise.all(
      payments.map((p) =>
        db.dataSource.transaction((tx) => receipts.issue(tx, receiptOf(p, inYear), settings)),
      ),
    );
    expect(await receipts.numbersOf(db.manager, 2033)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('keeps one receipt per payment and refuses changing one', async () => {
    const p = await aPayment();
    const issued = await db.dataSource.transaction((tx) =>
      receipts.issue(tx, receiptOf(p, new Date('2034-01-01T00:00:00Z')), settings),
    );
    await expect(
      db.dataSource.transaction((tx) =>
        receipts.issue(tx, receiptOf(p, new Date('2034-01-01T00:00:00Z')), settings),
      ),
    ).rejects.toThrow(/receipts_one_per_payment/);
    await expect(
      db.query('UPDATE receipts SET amount_minor = 1 WHERE id = $1', [issued.id]),
    ).rejects.toThrow(/append-only/);
    const view = await receipts.findById(db.manager, issued.id);
    expect(view).toMatchObject({ number: 'R-2034-000001', kind: 'payment', lines: [] });
  });

  it('refuses a second live payment on one invoice', async () => {
    const p = await aPayment();
    await expect(
      db.query(
        `INSERT INTO payments (id, invoice_id, payer_id, amount_minor, currency, provider, return_url, expires_at)
         VALUES ($1, $2, $3, 100, 'EUR', 'sandbox', 'http://x/return', now() + interval '1 hour')`,
        [newId(), p.invoiceId, p.payerId],
      ),
    ).rejects.toThrow(/payments_one_live_per_invoice/);
  });
});
