import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf, type InvoiceStatus } from '#contracts';
import { runPart, type SqlPartAt } from '#platform';
import { returnedRows } from '../sql.js';
import type { Invoice, InvoiceLine } from './invoice.js';

interface InvoiceRow {
  id: string;
  payer_id: string;
  case_context: string;
  case_id: string;
  purpose: string;
  amount_minor: string;
  currency: string;
  status: InvoiceStatus;
  due_at: Date;
  issued_by: string;
  issued_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
  lines: { revenue_code: string; description_key: string; amount_minor: number }[];
  live_payment_id?: string | null;
}

// Its columns named, not `i.*`: a statement with a `*` column list is not prepared
// (libs/platform/src/database/prepared-statements.ts).
/** The unique index that allows one payment in progress per invoice. */
export const LIVE_PAYMENT_INDEX = 'payments_one_live_per_invoice';

const SELECT_INVOICE = `
  SELECT i.id, i.payer_id, i.case_context, i.case_id, i.purpose, i.amount_minor, i.currency,
         i.status, i.due_at, i.issued_by, i.issued_at, i.closed_at, i.close_reason,
         (SELECT coalesce(json_agg(json_build_object(
                   'revenue_code', l.revenue_code, 'description_key', l.description_key,
                   'amount_minor', l.amount_minor) ORDER BY l.line_no), '[]'::json)
            FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
         (SELECT p.id FROM payments p
           WHERE p.invoice_id = i.id AND p.status IN ('created', 'started', 'submitted')) AS live_payment_id
  FROM invoices i`;

const toInvoice = (row: InvoiceRow): Invoice => ({
  id: row.id,
  payerId: row.payer_id,
  caseRef: { context: row.case_context, id: row.case_id },
  purpose: row.purpose,
  amountMinor: minorUnitsOf(row.amount_minor),
  currency: row.currency,
  status: row.status,
  dueAt: row.due_at,
  issuedBy: row.issued_by,
  issuedAt: row.issued_at,
  closedAt: row.closed_at,
  closeReason: row.close_reason,
  lines: row.lines.map((l): InvoiceLine => ({
    revenueCode: l.revenue_code,
    descriptionKey: l.description_key,
    amountMinor: minorUnitsOf(l.amount_minor),
  })),
});

export interface InvoiceWithLivePayment {
  invoice: Invoice;
  livePaymentId: string | null;
}

const withLivePayment = (row: InvoiceRow): InvoiceWithLivePayment => ({
  invoice: toInvoice(row),
  livePaymentId: row.live_payment_id ?? null,
});

/** Every statement on `invoices` and `invoice_lines`, on the caller's manager. */
@Injectable()
export class InvoiceRepository {
  async insert(tx: EntityManager, invoice: Invoice): Promise<void> {
    await tx.query(
      `INSERT INTO invoices (id, payer_id, case_context, case_id, purpose, amount_minor, currency,
                             status, due_at, issued_by, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10)`,
      [
        invoice.id,
        invoice.payerId,
        invoice.caseRef.context,
        invoice.caseRef.id,
        invoice.purpose,
        invoice.amountMinor,
        invoice.currency,
        invoice.dueAt,
        invoice.issuedBy,
        invoice.issuedAt,
      ],
    );
    await tx.query(
      `INSERT INTO invoice_lines (invoice_id, line_no, revenue_code, description_key, amount_minor)
       SELECT $1, n, code, key, amount
       FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS l(code, key, amount, n)`,
      [
        invoice.id,
        invoice.lines.map((l) => l.revenueCode),
        invoice.lines.map((l) => l.descriptionKey),
        invoice.lines.map((l) => String(l.amountMinor)),
      ],
    );
  }

  /**
   * Serialises the transactions that issue invoices for one case (until they commit), so that
   * two requests for one case and purpose, or for its next fee adjustment, cannot both insert.
   */
  async lockCase(tx: EntityManager, caseRef: { context: string; id: string }): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 12))', [
      `invoice-case:${caseRef.context}:${caseRef.id}`,
    ]);
  }

  /** The invoice and its payment in progress; `lock`: its row is locked until commit. */
  async findById(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<InvoiceWithLivePayment | undefined> {
    if (options.lock) await manager.query('SELECT 1 FROM invoices WHERE id = $1 FOR UPDATE', [id]);
    const rows = await manager.query<InvoiceRow[]>(`${SELECT_INVOICE} WHERE i.id = $1`, [id]);
    const row = rows[0];
    return row && withLivePayment(row);
  }

  /** Invoices by id (for a list's views), in one statement, in the order of `ids`; an id not found is left out. */
  async findMany(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<InvoiceWithLivePayment[]> {
    if (ids.length === 0) return [];
    const rows = await manager.query<InvoiceRow[]>(
      `${SELECT_INVOICE} WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, withLivePayment(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async findByCase(
    manager: EntityManager,
    caseRef: { context: string; id: string },
    purpose: string,
  ): Promise<InvoiceWithLivePayment | undefined> {
    const rows = await manager.query<InvoiceRow[]>(
      `${SELECT_INVOICE} WHERE i.case_context = $1 AND i.case_id = $2 AND i.purpose = $3`,
      [caseRef.context, caseRef.id, purpose],
    );
    const row = rows[0];
    return row && withLivePayment(row);
  }

  async purposesOfCase(
    manager: EntityManager,
    caseRef: { context: string; id: string },
  ): Promise<string[]> {
    const rows = await manager.query<{ purpose: string }[]>(
      'SELECT purpose FROM invoices WHERE case_context = $1 AND case_id = $2',
      [caseRef.context, caseRef.id],
    );
    return rows.map((r) => r.purpose);
  }

  /** Closes an open invoice; false when it was no longer open. */
  async close(
    tx: EntityManager,
    id: string,
    status: Exclude<InvoiceStatus, 'open'>,
    reason: string,
    at: Date,
  ): Promise<boolean> {
    const result: unknown = await tx.query(
      `UPDATE invoices SET status = $2, close_reason = $3, closed_at = $4
       WHERE id = $1 AND status = 'open' RETURNING 1`,
      [id, status, reason, at],
    );
    return returnedRows(result).length > 0;
  }

  /**
   * Closes the invoice as paid by a payment if it is still open, in one statement (its row
   * locked until commit, as `close`): what it asks (amount, currency) when it was open and is
   * now paid, undefined when it was already closed.
   */
  async closePaid(
    tx: EntityManager,
    id: string,
    reason: string,
    at: Date,
  ): Promise<{ amountMinor: number; currency: string } | undefined> {
    const { part, paid } = this.closePaidPart(id, reason, at);
    return paid(await runPart(tx, part));
  }

  /**
   * `closePaid` as a part of another statement (`SqlPart`): `paid` reads the statement's row,
   * the invoice's amount when this closed it, undefined when it was not open.
   */
  closePaidPart(
    id: string,
    reason: string,
    at: Date,
  ): {
    part: SqlPartAt;
    paid: (row: Record<string, unknown>) => { amountMinor: number; currency: string } | undefined;
  } {
    const part: SqlPartAt = (first) => ({
      ctes: `invoice_paid AS (
         UPDATE invoices SET status = 'paid', close_reason = $${first + 1}::text,
                closed_at = $${first + 2}::timestamptz
         WHERE id = $${first}::uuid AND status = 'open' RETURNING amount_minor, currency)`,
      columns: `(SELECT amount_minor FROM invoice_paid) AS invoice_paid_amount,
                (SELECT currency FROM invoice_paid) AS invoice_paid_currency`,
      params: [id, reason, at],
      last: 'invoice_paid',
    });
    const paid = (row: Record<string, unknown>) =>
      row.invoice_paid_amount === null || row.invoice_paid_amount === undefined
        ? undefined
        : {
            amountMinor: minorUnitsOf(row.invoice_paid_amount as string),
            currency: row.invoice_paid_currency as string,
          };
    return { part, paid };
  }

  /** A payer's invoices, newest first, after the cursor's `(issued_at, id)`. */
  async listByPayer(
    manager: EntityManager,
    payerId: string,
    after: { at: Date; id: string } | undefined,
    limit: number,
  ): Promise<InvoiceWithLivePayment[]> {
    const rows = await manager.query<InvoiceRow[]>(
      `${SELECT_INVOICE}
       WHERE i.payer_id = $1 AND ($2::timestamptz IS NULL OR (i.issued_at, i.id) < ($2, $3::uuid))
       ORDER BY i.issued_at DESC, i.id DESC LIMIT $4`,
      [payerId, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows.map(withLivePayment);
  }

  /**
   * Open invoices past their due date with no payment in progress, locked for this
   * transaction (others' sweeps skip them).
   */
  async claimOverdue(tx: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(
      `SELECT i.id FROM invoices i
       WHERE i.status = 'open' AND i.due_at <= $1
         AND NOT EXISTS (SELECT 1 FROM payments p
                         WHERE p.invoice_id = i.id AND p.status IN ('created', 'started', 'submitted'))
       ORDER BY i.due_at LIMIT $2
       FOR UPDATE OF i SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }
}
