import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { COUNTER_METHODS, minorUnitsOf, type RefundDetails, type RefundStatus } from '#contracts';
import type { Position } from '#platform';

interface RefundDetailsRow {
  id: string;
  payment_id: string;
  invoice_id: string;
  case_context: string;
  case_id: string;
  payer_id: string;
  amount_minor: string;
  currency: string;
  status: RefundStatus;
  reason_code: string;
  automatic: boolean;
  provider: string;
  till_session_id: string | null;
  provider_ref: string | null;
  code: string | null;
  receipt_id: string | null;
  created_at: Date;
  finished_at: Date | null;
  /** `created_at` to the millisecond: the list's order and cursor. */
  listed_at: Date;
}

// Refunds are written with `created_at = now()` (microseconds): lists order and page by the
// millisecond, as their cursors carry it.
const SELECT_REFUND = `
  SELECT r.id, r.payment_id, r.invoice_id, i.case_context, i.case_id, p.payer_id, r.amount_minor,
         r.currency, r.status, r.reason_code, r.automatic, p.provider, r.till_session_id,
         r.provider_ref, r.code, r.created_at, r.finished_at,
         date_trunc('milliseconds', r.created_at) AS listed_at,
         (SELECT c.id FROM receipts c WHERE c.refund_id = r.id AND c.kind = 'refund') AS receipt_id
  FROM refunds r
  JOIN payments p ON p.id = r.payment_id
  JOIN invoices i ON i.id = r.invoice_id`;

const toDetails = (row: RefundDetailsRow): RefundDetails => ({
  id: row.id,
  paymentId: row.payment_id,
  invoiceId: row.invoice_id,
  caseRef: { context: row.case_context, id: row.case_id },
  payerAccountId: row.payer_id,
  amount: { amountMinor: minorUnitsOf(row.amount_minor), currency: row.currency },
  status: row.status,
  reasonCode: row.reason_code,
  automatic: row.automatic,
  channel: (COUNTER_METHODS as readonly string[]).includes(row.provider) ? 'counter' : 'provider',
  tillSessionId: row.till_session_id,
  providerRef: row.provider_ref,
  code: row.code,
  receiptId: row.receipt_id,
  requestedAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

export interface RefundFilter {
  status?: RefundStatus;
  from?: Date;
  to?: Date;
  after?: Position;
}

/**
 * The statements on `refunds` that refunds asked by people need beyond the core's
 * (`refund.repository.ts`): the till session that paid one out, the views and lists.
 */
@Injectable()
export class RefundRecordsRepository {
  /** The till session that pays out a counter payment's refund. */
  async setTillSession(tx: EntityManager, refundId: string, tillSessionId: string): Promise<void> {
    await tx.query('UPDATE refunds SET till_session_id = $2 WHERE id = $1', [
      refundId,
      tillSessionId,
    ]);
  }

  async details(manager: EntityManager, id: string): Promise<RefundDetails | undefined> {
    const rows = await manager.query<RefundDetailsRow[]>(`${SELECT_REFUND} WHERE r.id = $1`, [id]);
    const row = rows[0];
    return row && toDetails(row);
  }

  /** Refunds by status and request time, newest first, after the cursor's position. */
  async list(
    manager: EntityManager,
    filter: RefundFilter,
    limit: number,
  ): Promise<{ refund: RefundDetails; position: Position }[]> {
    const rows = await manager.query<RefundDetailsRow[]>(
      `${SELECT_REFUND}
       WHERE ($1::text IS NULL OR r.status = $1)
         AND ($2::timestamptz IS NULL OR r.created_at >= $2)
         AND ($3::timestamptz IS NULL OR r.created_at < $3)
         AND ($4::timestamptz IS NULL OR (date_trunc('milliseconds', r.created_at), r.id) < ($4, $5::uuid))
       ORDER BY date_trunc('milliseconds', r.created_at) DESC, r.id DESC LIMIT $6`,
      [
        filter.status ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        limit,
      ],
    );
    return rows.map((row) => ({
      refund: toDetails(row),
      position: { at: row.listed_at, id: row.id },
    }));
  }
}
