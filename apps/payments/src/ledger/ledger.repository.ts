import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf } from '#contracts';
import { newId } from '#platform';
import type { AccountKind, AccountTotals, JournalEntry } from './ledger.js';

/**
 * The ledger's SQL. Entries are appended, never changed (the database refuses it); balances
 * are sums of postings. `record` runs inside the caller's transaction, so an entry commits with
 * the state change it books, and the deferred trigger checks its balance at that commit.
 */
@Injectable()
export class LedgerRepository {
  /**
   * Appends an entry and its postings; `false` when its source was booked before (its
   * `sourceKey` is taken), in which case nothing is written.
   */
  async record(tx: EntityManager, entry: JournalEntry, actor: string): Promise<boolean> {
    const accounts = new Map(entry.postings.map((p) => [p.account.code, p.account.kind]));
    await tx.query(
      `INSERT INTO ledger_accounts (code, kind)
       SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1
       ON CONFLICT (code) DO NOTHING`,
      [[...accounts.keys()], [...accounts.values()]],
    );
    const id = newId();
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO journal_entries
         (id, kind, source_key, invoice_id, payment_id, refund_id, actor, effective_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (source_key) DO NOTHING RETURNING 1`,
      [
        id,
        entry.kind,
        entry.sourceKey,
        entry.invoiceId ?? null,
        entry.paymentId ?? null,
        entry.refundId ?? null,
        actor,
        entry.effectiveAt,
      ],
    );
    if (inserted.length === 0) return false;
    await tx.query(
      `INSERT INTO postings (entry_id, line_no, account, amount_minor, currency)
       SELECT $1, n, account, amount, currency
       FROM unnest($2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS p(account, amount, currency, n)`,
      [
        id,
        entry.postings.map((p) => p.account.code),
        entry.postings.map((p) => String(p.amountMinor)),
        entry.postings.map((p) => p.currency),
      ],
    );
    return true;
  }

  /** Debits and credits of every account over the entries recorded up to `at`. */
  async totals(manager: EntityManager, at: Date): Promise<AccountTotals[]> {
    const rows = await manager.query<
      { account: string; kind: AccountKind; currency: string; debit: string; credit: string }[]
    >(
      `SELECT a.code AS account, a.kind, p.currency,
              coalesce(sum(p.amount_minor) FILTER (WHERE p.amount_minor > 0), 0) AS debit,
              coalesce(-sum(p.amount_minor) FILTER (WHERE p.amount_minor < 0), 0) AS credit
       FROM postings p
       JOIN journal_entries e ON e.id = p.entry_id
       JOIN ledger_accounts a ON a.code = p.account
       WHERE e.recorded_at <= $1
       GROUP BY a.code, a.kind, p.currency
       ORDER BY a.code, p.currency`,
      [at],
    );
    return rows.map((r) => ({
      account: r.account,
      kind: r.kind,
      currency: r.currency,
      debitMinor: minorUnitsOf(r.debit),
      creditMinor: minorUnitsOf(r.credit),
    }));
  }

  /** The entries booked for a source (a payment, an invoice), oldest first: for tests and views. */
  async entriesOf(
    manager: EntityManager,
    by: { invoiceId?: string; paymentId?: string },
  ): Promise<{ kind: string; sourceKey: string }[]> {
    const rows = await manager.query<{ kind: string; source_key: string }[]>(
      `SELECT kind, source_key FROM journal_entries
       WHERE ($1::uuid IS NULL OR invoice_id = $1) AND ($2::uuid IS NULL OR payment_id = $2)
       ORDER BY recorded_at, id`,
      [by.invoiceId ?? null, by.paymentId ?? null],
    );
    return rows.map((r) => ({ kind: r.kind, sourceKey: r.source_key }));
  }
}
