import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf } from '#contracts';
import { newId, runPart, type SqlPartAt } from '#platform';
import type { AccountKind, AccountTotals, JournalEntry } from './ledger.js';

/**
 * The ledger's SQL. Entries are appended, never changed (the database refuses it); balances
 * are sums of postings. `record` runs inside the caller's transaction, so an entry commits with
 * the state change it books, and the deferred trigger checks its balance at that commit.
 */
@Injectable()
export class LedgerRepository {
  /**
   * Accounts known to exist (committed: an account is never deleted), so that an entry on
   * them writes no account row. Only accounts found already there are remembered, never one
   * this transaction made (it may still roll back).
   */
  private readonly knownAccounts = new Set<string>();

  /**
   * Appends an entry and its postings, with the accounts they need (made when missing), in one
   * statement; `false` when its source was booked before (its `sourceKey` is taken), in which
   * case nothing is written.
   */
  async record(tx: EntityManager, entry: JournalEntry, actor: string): Promise<boolean> {
    const { part, booked } = this.bookingPart(entry, actor);
    return booked(await runPart(tx, part));
  }

  /**
   * `record` as a part of another statement (`SqlPart`): `booked` reads the statement's row
   * (and remembers the accounts found to exist), once it has run in the caller's transaction.
   */
  bookingPart(
    entry: JournalEntry,
    actor: string,
  ): { part: SqlPartAt; booked: (row: Record<string, unknown>) => boolean } {
    const accounts = new Map(
      entry.postings
        .filter((p) => !this.knownAccounts.has(p.account.code))
        .map((p) => [p.account.code, p.account.kind]),
    );
    const part: SqlPartAt = (first) => {
      const $ = (n: number) => `$${first + n - 1}`;
      return {
        ctes: `ledger_a AS (
         INSERT INTO ledger_accounts (code, kind)
         SELECT * FROM unnest(${$(10)}::text[], ${$(11)}::text[]) ORDER BY 1
         ON CONFLICT (code) DO NOTHING
         RETURNING code),
       ledger_e AS (
         INSERT INTO journal_entries
           (id, kind, source_key, invoice_id, payment_id, refund_id, actor, effective_at)
         VALUES (${$(1)}::uuid, ${$(2)}::text, ${$(3)}::text, ${$(4)}::uuid, ${$(5)}::uuid,
                 ${$(6)}::uuid, ${$(7)}::text, ${$(8)}::timestamptz)
         ON CONFLICT (source_key) DO NOTHING
         RETURNING id),
       ledger_p AS (
         INSERT INTO postings (entry_id, line_no, account, amount_minor, currency)
         SELECT ledger_e.id, n, account, amount, currency
         FROM ledger_e, unnest(${$(9)}::text[], ${$(12)}::bigint[], ${$(13)}::text[])
                   WITH ORDINALITY AS p(account, amount, currency, n)
         RETURNING 1)`,
        columns: `(SELECT array_agg(code) FROM ledger_a) AS ledger_made,
                  EXISTS (SELECT 1 FROM ledger_e) AS ledger_booked`,
        last: ['ledger_a', 'ledger_e', 'ledger_p'],
        params: [
          newId(),
          entry.kind,
          entry.sourceKey,
          entry.invoiceId ?? null,
          entry.paymentId ?? null,
          entry.refundId ?? null,
          actor,
          entry.effectiveAt,
          entry.postings.map((p) => p.account.code),
          [...accounts.keys()],
          [...accounts.values()],
          entry.postings.map((p) => String(p.amountMinor)),
          entry.postings.map((p) => p.currency),
        ],
      };
    };
    const booked = (row: Record<string, unknown>): boolean => {
      const made = new Set((row.ledger_made as string[] | null) ?? []);
      for (const code of accounts.keys()) if (!made.has(code)) this.knownAccounts.add(code);
      return (row.ledger_booked as boolean | undefined) ?? false;
    };
    return { part, booked };
  }

  /**
   * Debits and credits of every account over the entries recorded up to `at`, or over all of
   * them (what is committed now) without it. Not `at = new Date()` for "now": the database records entries to
   * the microsecond and a JavaScript date has milliseconds, so an entry recorded in the same
   * millisecond would be left out of "now".
   */
  async totals(manager: EntityManager, at: Date | undefined): Promise<AccountTotals[]> {
    const rows = await manager.query<
      { account: string; kind: AccountKind; currency: string; debit: string; credit: string }[]
    >(
      `SELECT a.code AS account, a.kind, p.currency,
              coalesce(sum(p.amount_minor) FILTER (WHERE p.amount_minor > 0), 0) AS debit,
              coalesce(-sum(p.amount_minor) FILTER (WHERE p.amount_minor < 0), 0) AS credit
       FROM postings p
       JOIN journal_entries e ON e.id = p.entry_id
       JOIN ledger_accounts a ON a.code = p.account
       WHERE $1::timestamptz IS NULL OR e.recorded_at <= $1
       GROUP BY a.code, a.kind, p.currency
       ORDER BY a.code, p.currency`,
      [at ?? null],
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
