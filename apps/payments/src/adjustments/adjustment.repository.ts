import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf, type AdjustmentKind, type AdjustmentStatus } from '#contracts';
import { returnedRows } from '../sql.js';
import type { Adjustment } from './adjustment.js';
import type { Position } from '#platform';

interface AdjustmentRow {
  id: string;
  invoice_id: string;
  kind: AdjustmentKind;
  amount_minor: string;
  invoice_amount_minor: string;
  currency: string;
  reason_code: string;
  note: string | null;
  status: AdjustmentStatus;
  proposed_by: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_code: string | null;
  case_context: string;
  case_id: string;
  payer_id: string;
}

const toAdjustment = (row: AdjustmentRow): Adjustment => ({
  id: row.id,
  invoiceId: row.invoice_id,
  kind: row.kind,
  amountMinor: minorUnitsOf(row.amount_minor),
  invoiceAmountMinor: minorUnitsOf(row.invoice_amount_minor),
  currency: row.currency,
  reasonCode: row.reason_code,
  note: row.note,
  status: row.status,
  proposedBy: row.proposed_by,
  proposedAt: row.proposed_at,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  decisionCode: row.decision_code,
});

/** An adjustment with what its view shows of its invoice. */
export interface AdjustmentWithInvoice {
  adjustment: Adjustment;
  invoice: { caseRef: { context: string; id: string }; payerId: string };
}

const SELECT_ADJUSTMENT = `
  SELECT a.*, i.case_context, i.case_id, i.payer_id
  FROM invoice_adjustments a JOIN invoices i ON i.id = a.invoice_id`;

const withInvoice = (row: AdjustmentRow): AdjustmentWithInvoice => ({
  adjustment: toAdjustment(row),
  invoice: { caseRef: { context: row.case_context, id: row.case_id }, payerId: row.payer_id },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every statement on `invoice_adjustments`, and the one change an approved reduction makes to
 * its invoice (what it asks for), on the caller's manager.
 */
@Injectable()
export class AdjustmentRepository {
  async insert(tx: EntityManager, adjustment: Adjustment): Promise<void> {
    await tx.query(
      `INSERT INTO invoice_adjustments (id, invoice_id, kind, amount_minor, invoice_amount_minor,
                                        currency, reason_code, note, status, proposed_by, proposed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10)`,
      [
        adjustment.id,
        adjustment.invoiceId,
        adjustment.kind,
        adjustment.amountMinor,
        adjustment.invoiceAmountMinor,
        adjustment.currency,
        adjustment.reasonCode,
        adjustment.note,
        adjustment.proposedBy,
        adjustment.proposedAt,
      ],
    );
  }

  /** The proposal waiting on an invoice, if any. */
  async pendingOf(manager: EntityManager, invoiceId: string): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM invoice_adjustments WHERE invoice_id = $1 AND status = 'proposed'`,
      [invoiceId],
    );
    return rows[0]?.id ?? null;
  }

  async findById(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<AdjustmentWithInvoice | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await manager.query<AdjustmentRow[]>(
      `${SELECT_ADJUSTMENT} WHERE a.id = $1${options.lock ? ' FOR UPDATE OF a' : ''}`,
      [id],
    );
    const row = rows[0];
    return row && withInvoice(row);
  }

  async decide(
    tx: EntityManager,
    id: string,
    decision: {
      status: 'approved' | 'rejected';
      amountMinor: number;
      decidedBy: string;
      decisionCode: string | null;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE invoice_adjustments SET status = $2, amount_minor = $3, decided_by = $4,
              decision_code = $5, decided_at = $6
       WHERE id = $1 AND status = 'proposed'`,
      [
        id,
        decision.status,
        decision.amountMinor,
        decision.decidedBy,
        decision.decisionCode,
        decision.at,
      ],
    );
  }

  /** An approved reduction: the invoice asks for less (never nothing: that is a waiver). */
  async reduceInvoice(tx: EntityManager, invoiceId: string, byMinor: number): Promise<boolean> {
    const result: unknown = await tx.query(
      `UPDATE invoices SET amount_minor = amount_minor - $2
       WHERE id = $1 AND status = 'open' AND amount_minor > $2 RETURNING 1`,
      [invoiceId, byMinor],
    );
    return returnedRows(result).length > 0;
  }

  /** Adjustments by status and proposal time, newest first, after the cursor's position. */
  async list(
    manager: EntityManager,
    filter: { status?: AdjustmentStatus; from?: Date; to?: Date; after?: Position },
    limit: number,
  ): Promise<AdjustmentWithInvoice[]> {
    const rows = await manager.query<AdjustmentRow[]>(
      `${SELECT_ADJUSTMENT}
       WHERE ($1::text IS NULL OR a.status = $1)
         AND ($2::timestamptz IS NULL OR a.proposed_at >= $2)
         AND ($3::timestamptz IS NULL OR a.proposed_at < $3)
         AND ($4::timestamptz IS NULL OR (a.proposed_at, a.id) < ($4, $5::uuid))
       ORDER BY a.proposed_at DESC, a.id DESC LIMIT $6`,
      [
        filter.status ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        limit,
      ],
    );
    return rows.map(withInvoice);
  }
}
