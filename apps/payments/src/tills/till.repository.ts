import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf, type CounterMethod, type TillSessionStatus } from '#contracts';
import { returnedRows } from '../sql.js';
import type { TillSession, TillTotals } from './till.js';
import type { Position } from '#platform';

interface TillSessionRow {
  id: string;
  till_id: string;
  cashier_id: string;
  currency: string;
  opening_float_minor: string;
  status: TillSessionStatus;
  opened_at: Date;
  closed_at: Date | null;
  expected_minor: string | null;
  counted_minor: string | null;
  difference_minor: string | null;
}

const orNull = (value: string | null): number | null =>
  value === null ? null : minorUnitsOf(value);

const toSession = (row: TillSessionRow): TillSession => ({
  id: row.id,
  tillId: row.till_id,
  cashierId: row.cashier_id,
  currency: row.currency,
  openingFloatMinor: minorUnitsOf(row.opening_float_minor),
  status: row.status,
  openedAt: row.opened_at,
  closedAt: row.closed_at,
  expectedMinor: orNull(row.expected_minor),
  countedMinor: orNull(row.counted_minor),
  differenceMinor: orNull(row.difference_minor),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every statement on `till_sessions` and `counter_payments`, on the caller's manager. */
@Injectable()
export class TillRepository {
  /** Opens a session; false when the till or the cashier already has an open one. */
  async open(tx: EntityManager, session: TillSession): Promise<boolean> {
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO till_sessions (id, till_id, cashier_id, currency, opening_float_minor, status,
                                  opened_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [
        session.id,
        session.tillId,
        session.cashierId,
        session.currency,
        session.openingFloatMinor,
        session.openedAt,
      ],
    );
    return inserted.length > 0;
  }

  /** The open session of this till or of this cashier. */
  async openOf(
    manager: EntityManager,
    by: { tillId: string; cashierId: string },
  ): Promise<TillSession | undefined> {
    const rows = await manager.query<TillSessionRow[]>(
      `SELECT * FROM till_sessions WHERE status = 'open' AND (till_id = $1 OR cashier_id = $2)
       LIMIT 1`,
      [by.tillId, by.cashierId],
    );
    const row = rows[0];
    return row && toSession(row);
  }

  /** The session (`lock`: its row locked until commit, serialising what is recorded in it). */
  async findById(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<TillSession | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await manager.query<TillSessionRow[]>(
      `SELECT * FROM till_sessions WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    const row = rows[0];
    return row && toSession(row);
  }

  async close(
    tx: EntityManager,
    id: string,
    result: { expectedMinor: number; countedMinor: number; differenceMinor: number; at: Date },
  ): Promise<boolean> {
    const updated: unknown = await tx.query(
      `UPDATE till_sessions SET status = 'closed', closed_at = $2, expected_minor = $3,
              counted_minor = $4, difference_minor = $5
       WHERE id = $1 AND status = 'open' RETURNING 1`,
      [id, result.at, result.expectedMinor, result.countedMinor, result.differenceMinor],
    );
    return returnedRows(updated).length > 0;
  }

  async addCounterPayment(
    tx: EntityManager,
    payment: {
      paymentId: string;
      tillSessionId: string;
      method: CounterMethod;
      amountMinor: number;
      recordedBy: string;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO counter_payments (payment_id, till_session_id, method, amount_minor, recorded_by,
                                     recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        payment.paymentId,
        payment.tillSessionId,
        payment.method,
        payment.amountMinor,
        payment.recordedBy,
        payment.at,
      ],
    );
  }

  /** What a session recorded: payments taken, refunds paid out (cash counts in the till). */
  async totals(manager: EntityManager, sessionId: string): Promise<TillTotals> {
    const rows = await manager.query<
      {
        cash_in: string;
        card_terminal: string;
        payments: number;
        cash_out: string;
        payouts: number;
      }[]
    >(
      `SELECT
         (SELECT coalesce(sum(amount_minor) FILTER (WHERE method = 'cash'), 0)
            FROM counter_payments WHERE till_session_id = $1) AS cash_in,
         (SELECT coalesce(sum(amount_minor) FILTER (WHERE method = 'card-terminal'), 0)
            FROM counter_payments WHERE till_session_id = $1) AS card_terminal,
         (SELECT count(*)::int FROM counter_payments WHERE till_session_id = $1) AS payments,
         (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r JOIN payments p ON p.id = r.payment_id
            WHERE r.till_session_id = $1 AND r.status = 'success' AND p.provider = 'cash') AS cash_out,
         (SELECT count(*)::int FROM refunds r
            WHERE r.till_session_id = $1 AND r.status = 'success') AS payouts`,
      [sessionId],
    );
    const row = rows[0];
    return {
      cashInMinor: minorUnitsOf(row?.cash_in ?? 0),
      cashOutMinor: minorUnitsOf(row?.cash_out ?? 0),
      cardTerminalMinor: minorUnitsOf(row?.card_terminal ?? 0),
      paymentCount: row?.payments ?? 0,
      payoutCount: row?.payouts ?? 0,
    };
  }

  /** Sessions by status and opening time, newest first, after the cursor's position. */
  async list(
    manager: EntityManager,
    filter: { status?: TillSessionStatus; from?: Date; to?: Date; after?: Position },
    limit: number,
  ): Promise<TillSession[]> {
    const rows = await manager.query<TillSessionRow[]>(
      `SELECT * FROM till_sessions
       WHERE ($1::text IS NULL OR status = $1)
         AND ($2::timestamptz IS NULL OR opened_at >= $2)
         AND ($3::timestamptz IS NULL OR opened_at < $3)
         AND ($4::timestamptz IS NULL OR (opened_at, id) < ($4, $5::uuid))
       ORDER BY opened_at DESC, id DESC LIMIT $6`,
      [
        filter.status ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        limit,
      ],
    );
    return rows.map(toSession);
  }
}
