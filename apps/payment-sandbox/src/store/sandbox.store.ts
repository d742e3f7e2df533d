import type { DatabaseSync, StatementSync } from 'node:sqlite';

export type PaymentStatus = 'created' | 'submitted' | 'success' | 'failed' | 'cancelled' | 'error';
export type RefundStatus = 'submitted' | 'success' | 'error';

export interface PaymentRow {
  id: string;
  reference: string;
  page_token: string;
  amount: number;
  currency: string;
  description: string;
  return_url: string;
  status: PaymentStatus;
  code: string | null;
  fee: number | null;
  refunds_fail: number;
  created_at: number;
  updated_at: number;
  expires_at: number;
  complete_at: number | null;
  succeeded_at: number | null;
}

export interface RefundRow {
  id: string;
  reference: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  code: string | null;
  created_at: number;
  updated_at: number;
  complete_at: number | null;
  succeeded_at: number | null;
}

export interface DeliveryRow {
  seq: number;
  event_id: string;
  object_id: string;
  type: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  abandoned_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
}

type Params = Record<string, string | number | null>;

/** Every SQL statement of the sandbox (prepared once); the callers hold the transactions. */
export class SandboxStore {
  private readonly statements = new Map<string, StatementSync>();

  constructor(readonly db: DatabaseSync) {}

  private stmt(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private one<T>(sql: string, params: Params = {}): T | undefined {
    return this.stmt(sql).get(params) as T | undefined;
  }

  private many<T>(sql: string, params: Params = {}): T[] {
    return this.stmt(sql).all(params) as T[];
  }

  private run(sql: string, params: Params = {}): number {
    return Number(this.stmt(sql).run(params).changes);
  }

  // --- payments -------------------------------------------------------------------------

  paymentById(id: string): PaymentRow | undefined {
    return this.one('SELECT * FROM payments WHERE id = $id', { id });
  }

  paymentByReference(reference: string): PaymentRow | undefined {
    return this.one('SELECT * FROM payments WHERE reference = $reference', { reference });
  }

  paymentByToken(token: string): PaymentRow | undefined {
    return this.one('SELECT * FROM payments WHERE page_token = $token', { token });
  }

  insertPayment(row: PaymentRow): void {
    this.run(
      `INSERT INTO payments (id, reference, page_token, amount, currency, description, return_url,
         status, code, fee, refunds_fail, created_at, updated_at, expires_at, complete_at, succeeded_at)
       VALUES ($id, $reference, $page_token, $amount, $currency, $description, $return_url,
         $status, $code, $fee, $refunds_fail, $created_at, $updated_at, $expires_at, $complete_at,
         $succeeded_at)`,
      { ...row },
    );
  }

  /** Writes the changed fields of a payment whose status is still `from`; false when it moved. */
  updatePayment(
    id: string,
    from: PaymentStatus,
    change: Pick<PaymentRow, 'status' | 'code' | 'fee' | 'updated_at' | 'complete_at'> &
      Partial<Pick<PaymentRow, 'refunds_fail' | 'succeeded_at'>>,
  ): boolean {
    return (
      this.run(
        `UPDATE payments SET status = $status, code = $code, fee = $fee, updated_at = $updated_at,
           complete_at = $complete_at, refunds_fail = coalesce($refunds_fail, refunds_fail),
           succeeded_at = coalesce($succeeded_at, succeeded_at)
         WHERE id = $id AND status = $from`,
        {
          id,
          from,
          status: change.status,
          code: change.code,
          fee: change.fee,
          updated_at: change.updated_at,
          complete_at: change.complete_at,
          refunds_fail: change.refunds_fail ?? null,
          succeeded_at: change.succeeded_at ?? null,
        },
      ) === 1
    );
  }

  /** Submitted payments whose late result is due. */
  paymentsDue(now: number, limit: number): PaymentRow[] {
    return this.many(
      `SELECT * FROM payments WHERE status = 'submitted' AND complete_at <= $now
       ORDER BY complete_at LIMIT $limit`,
      { now, limit },
    );
  }

  /** Payments whose page was never completed in time. */
  paymentsExpired(now: number, limit: number): PaymentRow[] {
    return this.many(
      `SELECT * FROM payments WHERE status = 'created' AND expires_at <= $now
       ORDER BY expires_at LIMIT $limit`,
      { now, limit },
    );
  }

  /** The earliest moment a timer of a payment or refund falls due, if any. */
  nextTimer(): number | undefined {
    const row = this.one<{ at: number | null }>(
      `SELECT min(at) AS at FROM (
         SELECT min(complete_at) AS at FROM payments WHERE status = 'submitted'
         UNION ALL SELECT min(expires_at) FROM payments WHERE status = 'created'
         UNION ALL SELECT min(complete_at) FROM refunds WHERE status = 'submitted')`,
    );
    return row?.at ?? undefined;
  }

  paymentsSucceededBetween(from: number, to: number): PaymentRow[] {
    return this.many(
      `SELECT * FROM payments WHERE succeeded_at >= $from AND succeeded_at < $to
       ORDER BY succeeded_at, id`,
      { from, to },
    );
  }

  // --- refunds --------------------------------------------------------------------------

  refundById(id: string): RefundRow | undefined {
    return this.one('SELECT * FROM refunds WHERE id = $id', { id });
  }

  refundByReference(reference: string): RefundRow | undefined {
    return this.one('SELECT * FROM refunds WHERE reference = $reference', { reference });
  }

  /** Submitted and successful refunds of a payment, in minor units. */
  refundedOrPending(paymentId: string): { submitted: number; succeeded: number } {
    const row = this.one<{ submitted: number | null; succeeded: number | null }>(
      `SELECT sum(CASE WHEN status = 'submitted' THEN amount END) AS submitted,
              sum(CASE WHEN status = 'success' THEN amount END) AS succeeded
       FROM refunds WHERE payment_id = $paymentId`,
      { paymentId },
    );
    return { submitted: row?.submitted ?? 0, succeeded: row?.succeeded ?? 0 };
  }

  insertRefund(row: RefundRow): void {
    this.run(
      `INSERT INTO refunds (id, reference, payment_id, amount, currency, status, code, created_at,
         updated_at, complete_at, succeeded_at)
       VALUES ($id, $reference, $payment_id, $amount, $currency, $status, $code, $created_at,
         $updated_at, $complete_at, $succeeded_at)`,
      { ...row },
    );
  }

  finishRefund(
    id: string,
    change: Pick<RefundRow, 'status' | 'code' | 'updated_at' | 'succeeded_at'>,
  ): boolean {
    return (
      this.run(
        `UPDATE refunds SET status = $status, code = $code, updated_at = $updated_at,
           succeeded_at = $succeeded_at, complete_at = NULL
         WHERE id = $id AND status = 'submitted'`,
        { id, ...change },
      ) === 1
    );
  }

  refundsDue(now: number, limit: number): RefundRow[] {
    return this.many(
      `SELECT * FROM refunds WHERE status = 'submitted' AND complete_at <= $now
       ORDER BY complete_at LIMIT $limit`,
      { now, limit },
    );
  }

  refundsSucceededBetween(from: number, to: number): RefundRow[] {
    return this.many(
      `SELECT * FROM refunds WHERE succeeded_at >= $from AND succeeded_at < $to
       ORDER BY succeeded_at, id`,
      { from, to },
    );
  }

  // --- webhook deliveries ---------------------------------------------------------------

  insertDelivery(
    row: Pick<DeliveryRow, 'event_id' | 'object_id' | 'type' | 'body' | 'created_at'>,
  ): void {
    this.run(
      `INSERT INTO deliveries (event_id, object_id, type, body, next_attempt_at, created_at)
       VALUES ($event_id, $object_id, $type, $body, $created_at, $created_at)`,
      { ...row },
    );
  }

  /**
   * Pending deliveries that are due, oldest first; only the earliest pending one of each
   * object, so a receiver sees one object's changes in the order they happened. Those in
   * `busy` (being attempted) are passed over in the query, not read and dropped.
   */
  dueDeliveries(now: number, limit: number, busy: Iterable<number> = []): DeliveryRow[] {
    return this.many(
      `SELECT d.* FROM deliveries d
       WHERE d.delivered_at IS NULL AND d.abandoned_at IS NULL AND d.next_attempt_at <= $now
         AND d.seq NOT IN (SELECT value FROM json_each($busy))
         AND NOT EXISTS (
           SELECT 1 FROM deliveries e
           WHERE e.object_id = d.object_id AND e.seq < d.seq
             AND e.delivered_at IS NULL AND e.abandoned_at IS NULL)
       ORDER BY d.next_attempt_at, d.seq LIMIT $limit`,
      { now, limit, busy: JSON.stringify([...busy]) },
    );
  }

  /** When the next pending delivery falls due, if any. */
  nextDelivery(): number | undefined {
    const row = this.one<{ at: number | null }>(
      `SELECT min(next_attempt_at) AS at FROM deliveries
       WHERE delivered_at IS NULL AND abandoned_at IS NULL`,
    );
    return row?.at ?? undefined;
  }

  markDelivered(seq: number, now: number, status: number): void {
    this.run(
      `UPDATE deliveries SET delivered_at = $now, attempts = attempts + 1, last_status = $status,
         last_error = NULL WHERE seq = $seq`,
      { seq, now, status },
    );
  }

  markFailed(
    seq: number,
    outcome: { status: number | null; error: string; nextAttemptAt: number | null; now: number },
  ): void {
    this.run(
      `UPDATE deliveries SET attempts = attempts + 1, last_status = $status, last_error = $error,
         next_attempt_at = coalesce($next, next_attempt_at),
         abandoned_at = CASE WHEN $next IS NULL THEN $now END
       WHERE seq = $seq`,
      {
        seq,
        status: outcome.status,
        error: outcome.error.slice(0, 500),
        next: outcome.nextAttemptAt,
        now: outcome.now,
      },
    );
  }

  deliveryCounts(): { pending: number; delivered: number; abandoned: number } {
    const row = this.one<{ pending: number; delivered: number; abandoned: number }>(
      `SELECT count(*) FILTER (WHERE delivered_at IS NULL AND abandoned_at IS NULL) AS pending,
              count(delivered_at) AS delivered, count(abandoned_at) AS abandoned
       FROM deliveries`,
    );
    return row ?? { pending: 0, delivered: 0, abandoned: 0 };
  }
}
