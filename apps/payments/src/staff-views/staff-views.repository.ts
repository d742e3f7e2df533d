import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InvoiceStatus, PaymentStatus } from '#contracts';
import type { Position } from '#platform';

export interface StaffFilter<S extends string> {
  status?: S;
  from?: Date;
  to?: Date;
  after?: Position;
}

/**
 * The staff lists' queries: which invoices and payments a page shows, by status and date,
 * newest first. The rows themselves are read by the core's repositories.
 */
@Injectable()
export class StaffViewsRepository {
  async invoiceIds(
    manager: EntityManager,
    filter: StaffFilter<InvoiceStatus>,
    limit: number,
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM invoices
       WHERE ($1::text IS NULL OR status = $1)
         AND ($2::timestamptz IS NULL OR issued_at >= $2)
         AND ($3::timestamptz IS NULL OR issued_at < $3)
         AND ($4::timestamptz IS NULL OR (issued_at, id) < ($4, $5::uuid))
       ORDER BY issued_at DESC, id DESC LIMIT $6`,
      params(filter, limit),
    );
    return rows.map((r) => r.id);
  }

  async paymentIds(
    manager: EntityManager,
    filter: StaffFilter<PaymentStatus>,
    limit: number,
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM payments
       WHERE ($1::text IS NULL OR status = $1)
         AND ($2::timestamptz IS NULL OR created_at >= $2)
         AND ($3::timestamptz IS NULL OR created_at < $3)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      params(filter, limit),
    );
    return rows.map((r) => r.id);
  }
}

const params = (filter: StaffFilter<string>, limit: number): unknown[] => [
  filter.status ?? null,
  filter.from ?? null,
  filter.to ?? null,
  filter.after?.at ?? null,
  filter.after?.id ?? null,
  limit,
];
