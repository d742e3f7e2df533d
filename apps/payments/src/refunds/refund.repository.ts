import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf } from '#contracts';
import type { ProviderRefundStatus } from '../providers/provider.js';
import { returnedRows } from '../sql.js';
import type { Refund } from './refund.js';

interface RefundRow {
  id: string;
  payment_id: string;
  invoice_id: string;
  amount_minor: string;
  currency: string;
  status: ProviderRefundStatus;
  reason_code: string;
  automatic: boolean;
  requested_by: string;
  provider_ref: string | null;
  code: string | null;
}

const toRefund = (r: RefundRow): Refund => ({
  id: r.id,
  paymentId: r.payment_id,
  invoiceId: r.invoice_id,
  amountMinor: minorUnitsOf(r.amount_minor),
  currency: r.currency,
  status: r.status,
  reasonCode: r.reason_code,
  automatic: r.automatic,
  requestedBy: r.requested_by,
  providerRef: r.provider_ref,
  code: r.code,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every statement on `refunds`, on the caller's manager. */
@Injectable()
export class RefundRepository {
  async insert(tx: EntityManager, refund: Refund): Promise<void> {
    await tx.query(
      `INSERT INTO refunds (id, payment_id, invoice_id, amount_minor, currency, status, reason_code,
                            automatic, requested_by)
       VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $8)`,
      [
        refund.id,
        refund.paymentId,
        refund.invoiceId,
        refund.amountMinor,
        refund.currency,
        refund.reasonCode,
        refund.automatic,
        refund.requestedBy,
      ],
    );
  }

  async findById(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<Refund | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await manager.query<RefundRow[]>(
      `SELECT * FROM refunds WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    const row = rows[0];
    return row && toRefund(row);
  }

  async finish(
    tx: EntityManager,
    id: string,
    change: { status: 'success' | 'error'; providerRef?: string; code?: string; at: Date },
  ): Promise<void> {
    await tx.query(
      `UPDATE refunds SET status = $2, provider_ref = coalesce(provider_ref, nullif($3, '')), code = $4,
              updated_at = $5, finished_at = $5
       WHERE id = $1 AND status = 'submitted'`,
      [id, change.status, change.providerRef ?? null, change.code ?? null, change.at],
    );
  }

  async noteProvider(tx: EntityManager, id: string, providerRef: string): Promise<void> {
    await tx.query(
      'UPDATE refunds SET provider_ref = coalesce(provider_ref, $2), updated_at = now() WHERE id = $1',
      [id, providerRef],
    );
  }

  /**
   * Claims refunds still `submitted` without news since `quietSince`, oldest first, for a
   * re-check at the provider (the claim, `checked_at = now`, makes other sweeps pass them by).
   */
  async claimForRecheck(
    manager: EntityManager,
    quietSince: Date,
    limit: number,
  ): Promise<string[]> {
    const result: unknown = await manager.query(
      `UPDATE refunds SET checked_at = now()
       WHERE id IN (
         SELECT id FROM refunds
         WHERE status = 'submitted'
           AND greatest(updated_at, coalesce(checked_at, '-infinity')) < $1
         ORDER BY updated_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [quietSince, limit],
    );
    return returnedRows<{ id: string }>(result).map((r) => r.id);
  }
}
