import type { MigrationInterface, QueryRunner } from 'typeorm';

/** History tables of this migration: append-only, as the core's are. */
export const PAYMENTS_OPERATIONS_APPEND_ONLY = [
  'counter_payments',
  'settlement_reports',
  'settlement_lines',
] as const;

/**
 * The payments service's day-to-day operations (docs/payments.md):
 *
 * - refunds asked by cashiers and workflows: the database itself keeps every payment's
 *   refunds (those not ended in error) within what was paid, whatever the code does (a trigger
 *   that locks the payment's row and sums its refunds before each insert);
 * - counter tills: `till_sessions` (one open per till, and per cashier), `counter_payments`
 *   (cash or card terminal, each a successful payment of `payments`), refunds of counter
 *   payments paid out from a session (`refunds.till_session_id`);
 * - waivers and reductions of invoices, proposed and decided by different people
 *   (`invoice_adjustments`, one waiting per invoice); a waived invoice is closed `waived`;
 * - reconciliation: `settlement_reports` (one per file's SHA-256), their `settlement_lines`,
 *   and the `reconciliation_discrepancies` a cashier resolves with a note;
 * - the ledger's `till_differences` accounts (a till counted over or short).
 */
export class PaymentsOperations1767000000000 implements MigrationInterface {
  name = 'PaymentsOperations1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE invoices DROP CONSTRAINT invoices_status_check');
    await q.query(`
      ALTER TABLE invoices ADD CONSTRAINT invoices_status_check
        CHECK (status IN ('open', 'paid', 'cancelled', 'expired', 'waived'))`);
    await q.query('ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check');
    await q.query(`
      ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check CHECK (kind IN
        ('receivable', 'cash_provider', 'cash_till', 'revenue', 'refunds', 'provider_fees',
         'waivers', 'till_differences'))`);
    await q.query('CREATE INDEX payments_listed ON payments (created_at DESC, id DESC)');
    await q.query('CREATE INDEX invoices_listed ON invoices (issued_at DESC, id DESC)');

    // ---- refunds: never more than was paid -------------------------------------------------
    await q.query(`
      CREATE FUNCTION refunds_within_payment() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        paid record;
        taken bigint;
      BEGIN
        -- The payment's row lock serialises the refunds of one payment until they commit.
        SELECT status, amount_minor, currency INTO paid FROM payments
          WHERE id = NEW.payment_id FOR UPDATE;
        IF paid.status IS DISTINCT FROM 'success' THEN
          RAISE EXCEPTION 'refund of payment % that is %, not success', NEW.payment_id, paid.status
            USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.currency <> paid.currency THEN
          RAISE EXCEPTION 'refund in % of a payment in %', NEW.currency, paid.currency
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT coalesce(sum(amount_minor), 0) INTO taken FROM refunds
          WHERE payment_id = NEW.payment_id AND status <> 'error';
        IF taken + NEW.amount_minor > paid.amount_minor THEN
          RAISE EXCEPTION 'refunds of payment % would be % of %', NEW.payment_id,
            taken + NEW.amount_minor, paid.amount_minor
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER refunds_within_payment BEFORE INSERT ON refunds
      FOR EACH ROW EXECUTE FUNCTION refunds_within_payment()`);
    await q.query('CREATE INDEX refunds_listed ON refunds (created_at DESC, id DESC)');

    // ---- counter tills ---------------------------------------------------------------------
    await q.query(`
      CREATE TABLE till_sessions (
        id                  uuid PRIMARY KEY,
        till_id             text NOT NULL CHECK (till_id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
        cashier_id          uuid NOT NULL,
        currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        opening_float_minor bigint NOT NULL CHECK (opening_float_minor >= 0),
        status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        opened_at           timestamptz NOT NULL,
        closed_at           timestamptz,
        expected_minor      bigint CHECK (expected_minor >= 0),
        counted_minor       bigint CHECK (counted_minor >= 0),
        difference_minor    bigint,
        CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
        CHECK ((status = 'closed') =
               (expected_minor IS NOT NULL AND counted_minor IS NOT NULL AND difference_minor IS NOT NULL)),
        CHECK (difference_minor IS NULL OR difference_minor = counted_minor - expected_minor)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX till_sessions_one_open_per_till ON till_sessions (till_id)
      WHERE status = 'open'`);
    await q.query(`
      CREATE UNIQUE INDEX till_sessions_one_open_per_cashier ON till_sessions (cashier_id)
      WHERE status = 'open'`);
    await q.query('CREATE INDEX till_sessions_listed ON till_sessions (opened_at DESC, id DESC)');
    await q.query(`
      CREATE TABLE counter_payments (
        payment_id      uuid PRIMARY KEY REFERENCES payments (id),
        till_session_id uuid NOT NULL REFERENCES till_sessions (id),
        method          text NOT NULL CHECK (method IN ('cash', 'card-terminal')),
        amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
        recorded_by     uuid NOT NULL,
        recorded_at     timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX counter_payments_session ON counter_payments (till_session_id)');
    await q.query(
      'ALTER TABLE refunds ADD COLUMN till_session_id uuid REFERENCES till_sessions (id)',
    );
    await q.query(`
      CREATE INDEX refunds_till_session ON refunds (till_session_id)
      WHERE till_session_id IS NOT NULL`);

    // ---- waivers and adjustments -----------------------------------------------------------
    await q.query(`
      CREATE TABLE invoice_adjustments (
        id                   uuid PRIMARY KEY,
        invoice_id           uuid NOT NULL REFERENCES invoices (id),
        kind                 text NOT NULL CHECK (kind IN ('waiver', 'reduction')),
        amount_minor         bigint NOT NULL CHECK (amount_minor > 0),
        invoice_amount_minor bigint NOT NULL CHECK (invoice_amount_minor > 0),
        currency             text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        reason_code          text NOT NULL,
        note                 text,
        status               text NOT NULL DEFAULT 'proposed'
                               CHECK (status IN ('proposed', 'approved', 'rejected')),
        proposed_by          uuid NOT NULL,
        proposed_at          timestamptz NOT NULL,
        decided_by           uuid,
        decided_at           timestamptz,
        decision_code        text,
        CHECK ((status = 'proposed') = (decided_at IS NULL)),
        CHECK ((status = 'proposed') = (decided_by IS NULL)),
        CHECK (decided_by IS DISTINCT FROM proposed_by),
        CHECK (kind = 'waiver' OR amount_minor < invoice_amount_minor)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX invoice_adjustments_one_proposed ON invoice_adjustments (invoice_id)
      WHERE status = 'proposed'`);
    await q.query(
      'CREATE INDEX invoice_adjustments_listed ON invoice_adjustments (proposed_at DESC, id DESC)',
    );

    // ---- reconciliation --------------------------------------------------------------------
    await q.query(`
      CREATE TABLE settlement_reports (
        id                uuid PRIMARY KEY,
        provider          text NOT NULL,
        file_key          text NOT NULL,
        sha256            text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size              bigint NOT NULL CHECK (size > 0),
        file_name         text NOT NULL,
        imported_by       text NOT NULL,
        imported_at       timestamptz NOT NULL,
        line_count        integer NOT NULL CHECK (line_count >= 0),
        matched_count     integer NOT NULL CHECK (matched_count >= 0),
        discrepancy_count integer NOT NULL CHECK (discrepancy_count >= 0),
        days              text[] NOT NULL
      )`);
    await q.query(
      'CREATE INDEX settlement_reports_listed ON settlement_reports (imported_at DESC, id DESC)',
    );
    await q.query(`
      CREATE TABLE settlement_lines (
        report_id            uuid NOT NULL REFERENCES settlement_reports (id),
        line_no              integer NOT NULL CHECK (line_no >= 1),
        record_type          text NOT NULL CHECK (record_type IN ('payment', 'refund')),
        provider_ref         text NOT NULL,
        reference            text NOT NULL,
        payment_provider_ref text NOT NULL,
        settled_at           timestamptz NOT NULL,
        currency             text NOT NULL,
        gross_minor          bigint NOT NULL,
        fee_minor            bigint NOT NULL,
        net_minor            bigint NOT NULL,
        matched              boolean NOT NULL,
        PRIMARY KEY (report_id, line_no)
      )`);
    await q.query(
      'CREATE INDEX settlement_lines_reference ON settlement_lines (record_type, reference)',
    );
    await q.query(`
      CREATE TABLE reconciliation_discrepancies (
        id             uuid PRIMARY KEY,
        report_id      uuid NOT NULL REFERENCES settlement_reports (id),
        provider       text NOT NULL,
        kind           text NOT NULL
                         CHECK (kind IN ('missing_at_provider', 'missing_here', 'amount_mismatch', 'fee')),
        record_type    text NOT NULL CHECK (record_type IN ('payment', 'refund')),
        reference      text NOT NULL,
        provider_ref   text,
        payment_id     uuid,
        refund_id      uuid,
        invoice_id     uuid,
        currency       text NOT NULL,
        expected_minor bigint,
        reported_minor bigint,
        status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        note           text,
        resolved_by    uuid,
        resolved_at    timestamptz,
        found_at       timestamptz NOT NULL,
        CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
        CHECK ((status = 'resolved') = (note IS NOT NULL AND resolved_by IS NOT NULL))
      )`);
    await q.query(`
      CREATE INDEX reconciliation_discrepancies_listed ON reconciliation_discrepancies
        (found_at DESC, id DESC)`);
    await q.query(
      'CREATE INDEX reconciliation_discrepancies_report ON reconciliation_discrepancies (report_id)',
    );

    for (const table of PAYMENTS_OPERATIONS_APPEND_ONLY) {
      await q.query(`
        CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION payments_history_is_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION payments_history_is_append_only()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
  }

  async down(): Promise<void> {
    throw new Error('the ledger is append-only: its migrations cannot be undone');
  }
}
