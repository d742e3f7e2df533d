import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryAndCommit, readFirst, type SqlPartAt } from '#platform';
import { minorUnitsOf, type ReceiptView } from '#contracts';
import { fiscalYearOf, receiptNumber, type ReceiptSettings } from './receipt.js';

export interface NewReceipt {
  /** Chosen by the caller, so its events can name the receipt before it is issued. */
  id: string;
  kind: 'payment' | 'refund';
  invoiceId: string;
  paymentId: string;
  refundId?: string;
  payerId: string;
  amountMinor: number;
  currency: string;
  issuedAt: Date;
}

const query = <T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T> =>
  tx.query<T>(sql, params);

export interface IssuedReceipt {
  id: string;
  number: string;
  fiscalYear: number;
  /** The statement's row: the columns of the parts it carried (`also`). */
  columns: Record<string, unknown>;
}

interface ReceiptRow {
  id: string;
  number: string;
  kind: 'payment' | 'refund';
  fiscal_year: number;
  invoice_id: string;
  payment_id: string;
  refund_id: string | null;
  payer_id: string;
  amount_minor: string;
  currency: string;
  issued_at: Date;
  case_context: string;
  case_id: string;
  provider: string;
  provider_ref: string | null;
  lines: { revenue_code: string; description_key: string; amount_minor: number }[];
}

/**
 * Receipts and their gapless numbers. `issue` takes the next number of the receipt's fiscal
 * year from its counter row (`UPDATE … RETURNING`, the first of a year inserting it) and writes
 * the receipt, in the caller's transaction: the counter's row lock serialises only the
 * transactions that issue receipts, until they commit, and a rollback gives the number back, so
 * numbers are used exactly once and in order. Call it last in the transaction, so the lock is
 * held as briefly as possible.
 */
@Injectable()
export class ReceiptRepository {
  async issue(
    tx: EntityManager,
    receipt: NewReceipt,
    settings: ReceiptSettings,
    /**
     * Writes of the caller's (such as its events, `Outbox.appendAllCtes`) for the same
     * statement: they run before the counter is taken (their `last` CTEs are read first), so
     * the counter's lock is still the statement's last, as it is the transaction's; their
     * columns come back in `columns`.
     */
    also?: SqlPartAt,
    /**
     * The statement is the last of the caller's transaction: it commits it in the same round
     * trip (`queryAndCommit`), so the counter's lock is held for no round trip at all.
     */
    endsTransaction = false,
  ): Promise<IssuedReceipt> {
    const fiscalYear = fiscalYearOf(
      receipt.issuedAt,
      settings.PAYMENTS_TIME_ZONE,
      settings.PAYMENTS_FISCAL_YEAR_START_MONTH,
    );
    // One statement: the counter's row lock is taken here and held to the commit, so the
    // caller issues the receipt last, just before committing.
    const more = also?.(11);
    const issued = await (endsTransaction ? queryAndCommit : query)<
      ({ number: string; seq: number } & Record<string, unknown>)[]
    >(
      tx,
      `WITH ${more ? `${more.ctes},` : ''} counted AS (
         INSERT INTO receipt_counters (fiscal_year, last_number) SELECT $2::integer, 1${readFirst(more)}
         ON CONFLICT (fiscal_year) DO UPDATE SET last_number = receipt_counters.last_number + 1
         RETURNING last_number),
       receipt AS (
         INSERT INTO receipts (id, number, fiscal_year, seq, kind, invoice_id, payment_id, refund_id,
                               payer_id, amount_minor, currency, issued_at)
         SELECT $1, 'R-' || $2 || '-' || lpad(last_number::text, greatest(6, length(last_number::text)), '0'),
                $2, last_number, $3, $4, $5, $6, $7, $8, $9, $10
         FROM counted
         RETURNING number, seq)
       SELECT number, seq${more?.columns ? `, ${more.columns}` : ''} FROM receipt`,
      [
        receipt.id,
        fiscalYear,
        receipt.kind,
        receipt.invoiceId,
        receipt.paymentId,
        receipt.refundId ?? null,
        receipt.payerId,
        receipt.amountMinor,
        receipt.currency,
        receipt.issuedAt,
        ...(more?.params ?? []),
      ],
    );
    const id = receipt.id;
    const [row] = issued;
    // The format is written twice (the statement and `receiptNumber`): they must agree.
    if (!row || row.number !== receiptNumber(fiscalYear, row.seq))
      throw new Error(`receipt ${id} numbered ${row?.number} (seq ${row?.seq})`);
    return { id, number: row.number, fiscalYear, columns: row };
  }

  async findById(manager: EntityManager, id: string): Promise<ReceiptView | undefined> {
    const rows = await manager.query<ReceiptRow[]>(
      `SELECT r.id, r.number, r.kind, r.fiscal_year, r.invoice_id, r.payment_id, r.refund_id,
              r.payer_id, r.amount_minor, r.currency, r.issued_at,
              i.case_context, i.case_id, p.provider, coalesce(f.provider_ref, p.provider_ref) AS provider_ref,
              (SELECT coalesce(json_agg(json_build_object(
                        'revenue_code', l.revenue_code, 'description_key', l.description_key,
                        'amount_minor', l.amount_minor) ORDER BY l.line_no), '[]'::json)
                 FROM invoice_lines l WHERE l.invoice_id = r.invoice_id) AS lines
       FROM receipts r
       JOIN invoices i ON i.id = r.invoice_id
       JOIN payments p ON p.id = r.payment_id
       LEFT JOIN refunds f ON f.id = r.refund_id
       WHERE r.id = $1`,
      [id],
    );
    const row = rows[0];
    return row && receiptView(row);
  }

  /** The numbers issued in a fiscal year, in order (for the gapless checks). */
  async numbersOf(manager: EntityManager, fiscalYear: number): Promise<number[]> {
    const rows = await manager.query<{ seq: number }[]>(
      'SELECT seq FROM receipts WHERE fiscal_year = $1 ORDER BY seq',
      [fiscalYear],
    );
    return rows.map((r) => r.seq);
  }
}

function receiptView(row: ReceiptRow): ReceiptView {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    fiscalYear: row.fiscal_year,
    invoiceId: row.invoice_id,
    paymentId: row.payment_id,
    refundId: row.refund_id,
    caseRef: { context: row.case_context, id: row.case_id },
    payerAccountId: row.payer_id,
    amount: { amountMinor: minorUnitsOf(row.amount_minor), currency: row.currency },
    // A refund's receipt shows the refunded amount only; a payment's, the invoice's lines.
    lines:
      row.kind === 'payment'
        ? row.lines.map((l) => ({
            revenueCode: l.revenue_code,
            descriptionKey: l.description_key,
            amount: { amountMinor: minorUnitsOf(l.amount_minor), currency: row.currency },
          }))
        : [],
    provider: row.provider,
    providerRef: row.provider_ref,
    issuedAt: row.issued_at.toISOString(),
  };
}
