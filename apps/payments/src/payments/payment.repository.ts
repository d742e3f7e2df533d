import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf, type PaymentStatus } from '#contracts';
import { allParts, joinParts, type SqlPartAt } from '#platform';
import { returnedRows } from '../sql.js';
import { isFinished, type FoundBy, type Payment, type RefundLine } from './payment.js';

export interface PaymentRow {
  id: string;
  invoice_id: string;
  case_context: string;
  case_id: string;
  payer_id: string;
  amount_minor: string;
  currency: string;
  provider: string;
  provider_ref: string | null;
  status: PaymentStatus;
  code: string | null;
  provider_code: string | null;
  next_url: string | null;
  return_url: string;
  fee_minor: string | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  finished_at: Date | null;
}

/**
 * A payment row's columns, named (with the table's alias when given): a statement with a `*`
 * column list is not prepared (libs/platform/src/database/prepared-statements.ts).
 */
export const paymentColumns = (alias?: string): string =>
  [
    'id',
    'invoice_id',
    'payer_id',
    'amount_minor',
    'currency',
    'provider',
    'provider_ref',
    'status',
    'code',
    'provider_code',
    'next_url',
    'return_url',
    'fee_minor',
    'created_at',
    'updated_at',
    'expires_at',
    'finished_at',
  ]
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

/** The columns unaliased (a statement on `payments` alone), made once. */
const PAYMENT_COLUMNS = paymentColumns();

/** A payment with its case (from its invoice); `p` is the payment. */
export const SELECT_PAYMENT = `
  SELECT ${paymentColumns('p')}, i.case_context, i.case_id
  FROM payments p JOIN invoices i ON i.id = p.invoice_id`;

/** A payment with what its view shows beside it: its receipt and its refunds. */
export interface PaymentWithExtras {
  payment: Payment;
  receiptId: string | null;
  refunds: RefundLine[];
}

interface ExtrasRow {
  receipt_id: string | null;
  refunds: { amount_minor: number; status: RefundLine['status'] }[];
}

type PaymentWithExtrasRow = PaymentRow & ExtrasRow;

/** A payment's receipt and refunds as two columns, for the payment whose id is `paymentId`. */
const extrasColumns = (paymentId: string): string => `
  (SELECT r.id FROM receipts r WHERE r.payment_id = ${paymentId} AND r.kind = 'payment') AS receipt_id,
  (SELECT coalesce(json_agg(json_build_object('amount_minor', f.amount_minor, 'status', f.status)), '[]'::json)
     FROM refunds f WHERE f.payment_id = ${paymentId}) AS refunds`;

const SELECT_EXTRAS = `SELECT ${extrasColumns('$1')}`;

const SELECT_PAYMENT_WITH_EXTRAS = `
  SELECT ${paymentColumns('p')}, i.case_context, i.case_id, ${extrasColumns('p.id')}
  FROM payments p JOIN invoices i ON i.id = p.invoice_id`;

const toExtras = (row: ExtrasRow | undefined): Omit<PaymentWithExtras, 'payment'> => ({
  receiptId: row?.receipt_id ?? null,
  refunds: (row?.refunds ?? []).map((r) => ({
    amountMinor: minorUnitsOf(r.amount_minor),
    status: r.status,
  })),
});

const toPaymentWithExtras = (row: PaymentWithExtrasRow): PaymentWithExtras => ({
  payment: toPayment(row),
  ...toExtras(row),
});

export const toPayment = (row: PaymentRow): Payment => ({
  id: row.id,
  invoiceId: row.invoice_id,
  caseRef: { context: row.case_context, id: row.case_id },
  payerId: row.payer_id,
  amountMinor: minorUnitsOf(row.amount_minor),
  currency: row.currency,
  provider: row.provider,
  providerRef: row.provider_ref,
  status: row.status,
  code: row.code,
  providerCode: row.provider_code,
  nextUrl: row.next_url,
  returnUrl: row.return_url,
  feeMinor: row.fee_minor === null ? null : minorUnitsOf(row.fee_minor),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  expiresAt: row.expires_at,
  finishedAt: row.finished_at,
});

export interface PaymentChange {
  status: PaymentStatus;
  code: string | null;
  providerCode?: string | null;
  providerRef?: string | null;
  nextUrl?: string | null;
  feeMinor?: number | null;
  at: Date;
}

/** A row of `payments` alone (its invoice's case comes from the caller's payment). */
type PaymentRowOnly = Omit<PaymentRow, 'case_context' | 'case_id'>;

/** The payment a row of `payments` alone describes, its case taken from `current`. */
const withCaseOf = (row: PaymentRowOnly, current: Payment): Payment =>
  toPayment({ ...row, case_context: current.caseRef.context, case_id: current.caseRef.id });

/** A change's first eight parameters ($1 to $8), as `change` and `advanceIfUnmoved` number them. */
const changeParams = (current: Payment, change: PaymentChange): unknown[] => [
  current.id,
  change.status,
  change.code,
  change.providerCode ?? null,
  change.providerRef ?? null,
  change.nextUrl ?? null,
  change.feeMinor ?? null,
  change.at,
];

/** `PaymentRepository.changePart` (also the first part of `changeWith`'s statement). */
function changePartOf(
  current: Payment,
  change: PaymentChange,
  foundBy: FoundBy,
  options: { abandonCreate?: boolean },
): SqlPartAt {
  const finished = isFinished(change.status);
  return (first) => {
    const $ = (n: number) => `$${first + n - 1}`;
    return {
      ctes: `pay_u AS (
       UPDATE payments SET status = ${$(2)}, code = ${$(3)},
              provider_code = coalesce(${$(4)}, provider_code),
              provider_ref = coalesce(provider_ref, nullif(${$(5)}, '')),
              next_url = CASE WHEN ${$(9)} THEN NULL ELSE coalesce(${$(6)}, next_url) END,
              fee_minor = coalesce(${$(7)}, fee_minor),
              updated_at = ${$(8)},
              finished_at = CASE WHEN ${$(9)} THEN coalesce(finished_at, ${$(8)}) ELSE NULL END
       WHERE id = ${$(1)}
       RETURNING ${PAYMENT_COLUMNS}),
     pay_t AS (
       INSERT INTO payment_transitions (payment_id, from_status, to_status, found_by, code)
       SELECT id, ${$(10)}, ${$(2)}, ${$(11)}, ${$(3)} FROM pay_u
       RETURNING 1),
     pay_a AS (
       UPDATE provider_intents SET stage = 'abandoned', settled_at = now()
       WHERE ${$(12)} AND payment_id = ${$(1)} AND kind = 'create' AND stage IN ('ready', 'submitted')
       RETURNING 1)`,
      columns: 'EXISTS (SELECT 1 FROM pay_u) AS payment_changed',
      params: [
        ...changeParams(current, change),
        finished,
        current.status,
        foundBy,
        options.abandonCreate ?? false,
      ],
      last: ['pay_u', 'pay_t', 'pay_a'],
    };
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every statement on `payments` and `payment_transitions`, on the caller's manager. */
@Injectable()
export class PaymentRepository {
  /**
   * A payment started on an open invoice of `payerId`, in one statement with no transaction
   * around it: the invoice read locked and checked, the payment in `created` (amount and
   * currency from the invoice), its first transition, its create intent (already `submitted`:
   * the call follows) and `also` (the request key, `IdempotentCommands.keyPart` on `p`).
   * Undefined, with nothing written, when the invoice is not there, not the payer's or not
   * open; a payment in progress on it fails the statement (`LIVE_PAYMENT_INDEX`).
   */
  async startOnInvoice(
    manager: EntityManager,
    start: {
      id: string;
      invoiceId: string;
      payerId: string;
      provider: string;
      returnUrl: string;
      at: Date;
      expiresAt: Date;
      intentId: string;
    },
    also: readonly SqlPartAt[],
  ): Promise<Payment | undefined> {
    const more = joinParts(also, 9);
    const rows = await manager.query<PaymentRow[]>(
      `WITH i AS (
         SELECT id, amount_minor, currency, case_context, case_id FROM invoices
         WHERE id = $2 AND payer_id = $3 AND status = 'open'
         FOR UPDATE),
       p AS (
         INSERT INTO payments (id, invoice_id, payer_id, amount_minor, currency, provider, status,
                               return_url, created_at, updated_at, expires_at)
         SELECT $1, i.id, $3, i.amount_minor, i.currency, $4, 'created', $5, $6, $6, $7 FROM i
         RETURNING ${PAYMENT_COLUMNS}),
       t AS (
         INSERT INTO payment_transitions (payment_id, from_status, to_status, found_by, code)
         SELECT id, NULL, 'created', 'create', NULL FROM p),
       k AS (
         INSERT INTO provider_intents (id, provider, kind, payment_id, stage, attempts, submitted_at)
         SELECT $8, $4, 'create', id, 'submitted', 1, now() FROM p)${
           more.ctes ? `,\n${more.ctes}` : ''
         }
       SELECT ${paymentColumns('p')}, i.case_context, i.case_id FROM p, i`,
      [
        start.id,
        start.invoiceId,
        start.payerId,
        start.provider,
        start.returnUrl,
        start.at,
        start.expiresAt,
        start.intentId,
        ...more.params,
      ],
    );
    const row = rows[0];
    return row && toPayment(row);
  }

  /**
   * Writes a new payment in `created` with its first transition, in one statement; with
   * `createIntent`, also the intent of its create call, already `submitted` (the caller makes
   * the call right after this commits: the intent is committed before the call, and one that
   * never got an answer is settled by asking the provider first, as any submitted intent).
   */
  async insert(tx: EntityManager, payment: Payment, createIntent?: { id: string }): Promise<void> {
    await tx.query(
      `WITH p AS (
         INSERT INTO payments (id, invoice_id, payer_id, amount_minor, currency, provider, status,
                               return_url, created_at, updated_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'created', $7, $8, $8, $9)
         RETURNING id),
       t AS (
         INSERT INTO payment_transitions (payment_id, from_status, to_status, found_by, code)
         SELECT id, NULL, 'created', 'create', NULL FROM p)
       INSERT INTO provider_intents (id, provider, kind, payment_id, stage, attempts, submitted_at)
       SELECT $10, $6, 'create', id, 'submitted', 1, now() FROM p WHERE $10::uuid IS NOT NULL`,
      [
        payment.id,
        payment.invoiceId,
        payment.payerId,
        payment.amountMinor,
        payment.currency,
        payment.provider,
        payment.returnUrl,
        payment.createdAt,
        payment.expiresAt,
        createIntent?.id ?? null,
      ],
    );
  }

  /**
   * The payment (`lock`: its row locked until commit); undefined for an unknown id. With
   * `settleIntent`, the same statement settles that provider intent with the provider's answer
   * (as `ProviderIntentRepository.settle`: done, unless it was settled already), whether or not
   * the payment is found.
   */
  async findById(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean; settleIntent?: { id: string; outcome: unknown } } = {},
  ): Promise<Payment | undefined> {
    if (!UUID.test(id)) return undefined;
    const lock = options.lock ? ' FOR UPDATE OF p' : '';
    const rows = options.settleIntent
      ? await manager.query<PaymentRow[]>(
          `WITH s AS (
             UPDATE provider_intents SET stage = 'done', settled_at = now(), outcome = $3
             WHERE id = $2 AND stage IN ('ready', 'submitted'))
           ${SELECT_PAYMENT} WHERE p.id = $1${lock}`,
          [id, options.settleIntent.id, JSON.stringify(options.settleIntent.outcome)],
        )
      : await manager.query<PaymentRow[]>(`${SELECT_PAYMENT} WHERE p.id = $1${lock}`, [id]);
    const row = rows[0];
    return row && toPayment(row);
  }

  /**
   * Moves the payment and records the transition, in one statement; with `abandonCreate`, the
   * payment's unsettled create intent is abandoned in it too (the payment finished by other news).
   * Returns the payment as written.
   */
  async change(
    tx: EntityManager,
    current: Payment,
    change: PaymentChange,
    foundBy: FoundBy,
    options: { abandonCreate?: boolean } = {},
  ): Promise<Payment> {
    return (await this.changeWith(tx, current, change, foundBy, options, [])).payment;
  }

  /**
   * `change`, with other writes of the caller's transaction in the same statement (`parts`,
   * e.g. the ledger's entry and the invoice's close for a success); `row` holds their columns.
   */
  async changeWith(
    tx: EntityManager,
    current: Payment,
    change: PaymentChange,
    foundBy: FoundBy,
    options: { abandonCreate?: boolean },
    parts: readonly SqlPartAt[],
  ): Promise<{ payment: Payment; row: Record<string, unknown> }> {
    const { ctes, columns, params } = allParts(
      changePartOf(current, change, foundBy, options),
      ...parts,
    )(1);
    const rows = await tx.query<Partial<PaymentRowOnly>[]>(
      `WITH ${ctes}
       SELECT ${paymentColumns('pay_u')}${columns ? `, ${columns}` : ''}
       FROM (SELECT 1) AS one LEFT JOIN pay_u ON true`,
      [...params],
    );
    const row: Record<string, unknown> = rows[0] ?? {};
    // The row as written (the caller read it locked: it is there).
    const written = rows[0]?.id ? (rows[0] as PaymentRowOnly) : undefined;
    return { payment: written ? withCaseOf(written, current) : current, row };
  }

  /**
   * `change` as a part of another statement (`SqlPart`, the caller's transaction having read
   * the payment locked): the move (`pay_u`, the row as written), its transition and, with
   * `abandonCreate`, the create intent abandoned; `payment_changed` says whether it moved.
   */
  changePart(
    current: Payment,
    change: PaymentChange,
    foundBy: FoundBy,
    options: { abandonCreate?: boolean },
  ): SqlPartAt {
    return changePartOf(current, change, foundBy, options);
  }

  /**
   * `change` to a state that does not finish the payment, in one statement of its own and only
   * while the payment is still in `current.status` (states only advance, so the same news on the
   * same state decides the same way): the statement's row lock and that condition stand in for
   * reading it locked first. In the same statement the
   * provider intent `settleIntent` is settled and `also` written (further CTEs, such as the
   * outbox's, guarded by the moved row `u`), so that all of it is one round trip and one commit.
   * Returns the payment as written, or undefined when it had moved meanwhile: then nothing at
   * all was written, and the caller records the news the usual way.
   */
  async advanceIfUnmoved(
    manager: EntityManager,
    current: Payment,
    change: PaymentChange,
    foundBy: FoundBy,
    settleIntent: { id: string; outcome: unknown },
    also: SqlPartAt,
  ): Promise<Payment | undefined> {
    const more = also(13);
    const rows = await manager.query<PaymentRowOnly[]>(
      `WITH u AS (
         UPDATE payments SET status = $2, code = $3,
                provider_code = coalesce($4, provider_code),
                provider_ref = coalesce(provider_ref, nullif($5, '')),
                next_url = coalesce($6, next_url),
                fee_minor = coalesce($7, fee_minor),
                updated_at = $8
         WHERE id = $1 AND status = $9
         RETURNING ${PAYMENT_COLUMNS}),
       t AS (
         INSERT INTO payment_transitions (payment_id, from_status, to_status, found_by, code)
         SELECT id, $9, $2, $10, $3 FROM u),
       s AS (
         UPDATE provider_intents SET stage = 'done', settled_at = now(), outcome = $11
         WHERE id = $12 AND stage IN ('ready', 'submitted') AND EXISTS (SELECT 1 FROM u)),
       ${more.ctes}
       SELECT ${PAYMENT_COLUMNS} FROM u`,
      [
        ...changeParams(current, change),
        current.status,
        foundBy,
        JSON.stringify(settleIntent.outcome),
        settleIntent.id,
        ...more.params,
      ],
    );
    const row = rows[0];
    return row && withCaseOf(row, current);
  }

  /** Records only that the provider has the payment now (its reference, its page). */
  async noteProvider(
    tx: EntityManager,
    id: string,
    providerRef: string | undefined,
    nextUrl: string | undefined,
  ): Promise<void> {
    await tx.query(
      `UPDATE payments SET provider_ref = coalesce(provider_ref, nullif($2, '')),
                           next_url = CASE WHEN finished_at IS NULL THEN coalesce($3, next_url) END
       WHERE id = $1`,
      [id, providerRef ?? null, nextUrl ?? null],
    );
  }

  /** The receipt of a successful payment, and its refunds (for the view). */
  async extrasOf(
    manager: EntityManager,
    paymentId: string,
  ): Promise<{ receiptId: string | null; refunds: RefundLine[] }> {
    const rows = await manager.query<ExtrasRow[]>(SELECT_EXTRAS, [paymentId]);
    return toExtras(rows[0]);
  }

  /** The payment with its receipt and refunds (for the view), in one statement. */
  async findWithExtras(manager: EntityManager, id: string): Promise<PaymentWithExtras | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await manager.query<PaymentWithExtrasRow[]>(
      `${SELECT_PAYMENT_WITH_EXTRAS} WHERE p.id = $1`,
      [id],
    );
    const row = rows[0];
    return row && toPaymentWithExtras(row);
  }

  /**
   * Payments with their receipts and refunds (for a list's views), in one statement, in the
   * order of `ids`; an id not found is left out.
   */
  async findManyWithExtras(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<PaymentWithExtras[]> {
    const wanted = ids.filter((id) => UUID.test(id));
    if (wanted.length === 0) return [];
    const rows = await manager.query<PaymentWithExtrasRow[]>(
      `${SELECT_PAYMENT_WITH_EXTRAS} WHERE p.id = ANY($1::uuid[])`,
      [wanted],
    );
    const byId = new Map(rows.map((row) => [row.id, toPaymentWithExtras(row)]));
    return wanted.flatMap((id) => byId.get(id) ?? []);
  }

  /** A payer's payments with their receipts and refunds, newest first, after the cursor's `(created_at, id)`. */
  async listByPayer(
    manager: EntityManager,
    payerId: string,
    after: { at: Date; id: string } | undefined,
    limit: number,
  ): Promise<PaymentWithExtras[]> {
    const rows = await manager.query<PaymentWithExtrasRow[]>(
      `${SELECT_PAYMENT_WITH_EXTRAS}
       WHERE p.payer_id = $1 AND ($2::timestamptz IS NULL OR (p.created_at, p.id) < ($2, $3::uuid))
       ORDER BY p.created_at DESC, p.id DESC LIMIT $4`,
      [payerId, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows.map(toPaymentWithExtras);
  }

  /**
   * Claims unfinished payments for a re-check at the provider: those without news (and not
   * asked) since `quietSince`, not yet expired, oldest first. The claim is `checked_at = now`,
   * so another replica's sweep (and the next batch of this one) passes them by.
   */
  async claimForRecheck(
    manager: EntityManager,
    quietSince: Date,
    limit: number,
  ): Promise<string[]> {
    const result: unknown = await manager.query(
      `UPDATE payments SET checked_at = now()
       WHERE id IN (
         SELECT id FROM payments
         WHERE status IN ('created', 'started', 'submitted')
           AND greatest(updated_at, coalesce(checked_at, '-infinity')) < $1
           AND expires_at > now()
         ORDER BY updated_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [quietSince, limit],
    );
    return returnedRows<{ id: string }>(result).map((r) => r.id);
  }

  /**
   * Claims unfinished payments past their expiry (not claimed in the last `retrySeconds`, so
   * one whose cancellation failed is tried again later).
   */
  async claimExpired(
    manager: EntityManager,
    now: Date,
    retrySeconds: number,
    limit: number,
  ): Promise<string[]> {
    const result: unknown = await manager.query(
      `UPDATE payments SET checked_at = now()
       WHERE id IN (
         SELECT id FROM payments
         WHERE status IN ('created', 'started', 'submitted') AND expires_at <= $1
           AND coalesce(checked_at, '-infinity') <= now() - $2 * interval '1 second'
         ORDER BY expires_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [now, retrySeconds, limit],
    );
    return returnedRows<{ id: string }>(result).map((r) => r.id);
  }
}
