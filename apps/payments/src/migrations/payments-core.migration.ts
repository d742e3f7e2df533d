import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows are history: the database refuses UPDATE, DELETE and TRUNCATE on them. */
export const PAYMENTS_APPEND_ONLY = [
  'invoice_lines',
  'payment_transitions',
  'webhook_receipts',
  'ledger_accounts',
  'journal_entries',
  'postings',
  'receipts',
] as const;

/**
 * The payments schema (docs/payments.md):
 *
 * - `invoices` (+ `invoice_lines` with revenue codes), one per case reference and purpose;
 * - `payments` in GOV.UK Pay's states, at most one live (unfinished) per invoice, enforced by a
 *   partial unique index; `payment_transitions` records every change of state and what saw it;
 * - `refunds` (the automatic refund of a payment for a closed invoice today; cashiers' and
 *   workflows' refunds build on it);
 * - `provider_intents`: every call to a provider is written down (`ready`) with the change that
 *   needs it, marked `submitted` just before the call and `done` with the provider's answer
 *   after it, so a crash in between is settled by asking the provider (`findPayment`), never by
 *   guessing;
 * - `webhook_receipts`: each webhook once per provider event id; refused attempts recorded
 *   (their body's SHA-256 and size only);
 * - the double-entry ledger: `ledger_accounts`, `journal_entries` and their `postings`
 *   (positive: debit, negative: credit). A deferred constraint trigger checks at commit that
 *   each entry's postings sum to zero per currency and that it has at least two; balances are
 *   sums, never kept;
 * - `receipts`, numbered without gaps per fiscal year from `receipt_counters` (one row per
 *   year, incremented with UPDATE … RETURNING in the transaction that writes the receipt: the
 *   row lock serialises only those transactions, and a rollback gives the number back).
 *
 * History tables are append-only (triggers refuse UPDATE, DELETE and TRUNCATE, as the audit
 * log's do).
 */
export class PaymentsCore1766000000000 implements MigrationInterface {
  name = 'PaymentsCore1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invoices (
        id             uuid PRIMARY KEY,
        payer_id       uuid NOT NULL,
        case_context   text NOT NULL CHECK (case_context ~ '^[a-z][a-z0-9-]{0,31}$'),
        case_id        text NOT NULL CHECK (length(case_id) BETWEEN 1 AND 100),
        purpose        text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]{0,63}$'),
        amount_minor   bigint NOT NULL CHECK (amount_minor > 0),
        currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        status         text NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'paid', 'cancelled', 'expired')),
        due_at         timestamptz NOT NULL,
        issued_by      text NOT NULL,
        issued_at      timestamptz NOT NULL DEFAULT now(),
        closed_at      timestamptz,
        close_reason   text,
        CHECK ((status = 'open') = (closed_at IS NULL)),
        UNIQUE (case_context, case_id, purpose)
      )`);
    await q.query('CREATE INDEX invoices_payer ON invoices (payer_id, issued_at DESC, id DESC)');
    await q.query("CREATE INDEX invoices_open_due ON invoices (due_at) WHERE status = 'open'");
    await q.query('CREATE INDEX invoices_status ON invoices (status, issued_at, id)');
    await q.query(`
      CREATE TABLE invoice_lines (
        invoice_id      uuid NOT NULL REFERENCES invoices (id),
        line_no         smallint NOT NULL CHECK (line_no >= 1),
        revenue_code    text NOT NULL CHECK (revenue_code ~ '^[a-z][a-z0-9.-]{0,63}$'),
        description_key text NOT NULL,
        amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
        PRIMARY KEY (invoice_id, line_no)
      )`);

    await q.query(`
      CREATE TABLE payments (
        id            uuid PRIMARY KEY,
        invoice_id    uuid NOT NULL REFERENCES invoices (id),
        payer_id      uuid NOT NULL,
        amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
        currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        provider      text NOT NULL,
        provider_ref  text,
        status        text NOT NULL DEFAULT 'created' CHECK (status IN
                        ('created', 'started', 'submitted', 'success', 'failed', 'cancelled', 'error')),
        -- GOV.UK Pay's code for a payment that did not succeed (P0010, P0020, ...).
        code          text,
        -- The provider's own reason (card_declined, ...).
        provider_code text,
        next_url      text,
        return_url    text NOT NULL,
        fee_minor     bigint CHECK (fee_minor >= 0),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        finished_at   timestamptz,
        -- When a sweep last asked the provider (a claim, so replicas do not ask twice).
        checked_at    timestamptz,
        CHECK ((status IN ('success', 'failed', 'cancelled', 'error')) = (finished_at IS NOT NULL))
      )`);
    // One live payment per invoice, whatever the application does.
    await q.query(`
      CREATE UNIQUE INDEX payments_one_live_per_invoice ON payments (invoice_id)
      WHERE status IN ('created', 'started', 'submitted')`);
    await q.query(`
      CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref)
      WHERE provider_ref IS NOT NULL`);
    await q.query(`
      CREATE INDEX payments_unfinished ON payments (updated_at)
      WHERE status IN ('created', 'started', 'submitted')`);
    await q.query('CREATE INDEX payments_invoice ON payments (invoice_id)');
    await q.query('CREATE INDEX payments_payer ON payments (payer_id, created_at DESC, id DESC)');
    await q.query('CREATE INDEX payments_status ON payments (status, created_at, id)');
    await q.query(`
      CREATE TABLE payment_transitions (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        payment_id  uuid NOT NULL REFERENCES payments (id),
        from_status text,
        to_status   text NOT NULL,
        found_by    text NOT NULL,
        code        text,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX payment_transitions_payment ON payment_transitions (payment_id, id)',
    );

    await q.query(`
      CREATE TABLE refunds (
        id            uuid PRIMARY KEY,
        payment_id    uuid NOT NULL REFERENCES payments (id),
        invoice_id    uuid NOT NULL REFERENCES invoices (id),
        amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
        currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        status        text NOT NULL DEFAULT 'submitted'
                        CHECK (status IN ('submitted', 'success', 'error')),
        reason_code   text NOT NULL,
        automatic     boolean NOT NULL,
        requested_by  text NOT NULL,
        provider_ref  text,
        code          text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        checked_at    timestamptz,
        CHECK ((status <> 'submitted') = (finished_at IS NOT NULL))
      )`);
    await q.query('CREATE INDEX refunds_payment ON refunds (payment_id)');
    await q.query(
      "CREATE INDEX refunds_unfinished ON refunds (updated_at) WHERE status = 'submitted'",
    );
    await q.query('CREATE INDEX refunds_status ON refunds (status, created_at, id)');

    await q.query(`
      CREATE TABLE provider_intents (
        id            uuid PRIMARY KEY,
        provider      text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('create', 'cancel', 'refund', 'capture')),
        payment_id    uuid NOT NULL REFERENCES payments (id),
        refund_id     uuid REFERENCES refunds (id),
        -- ready: written with the change that needs it; submitted: the call is being made;
        -- done: the provider answered (outcome); abandoned: no longer needed.
        stage         text NOT NULL DEFAULT 'ready'
                        CHECK (stage IN ('ready', 'submitted', 'done', 'abandoned')),
        attempts      integer NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        submitted_at  timestamptz,
        settled_at    timestamptz,
        outcome       jsonb,
        last_error    text,
        CHECK ((kind = 'refund') = (refund_id IS NOT NULL))
      )`);
    // One call of each kind per payment (refunds: per refund).
    await q.query(`
      CREATE UNIQUE INDEX provider_intents_once ON provider_intents
        (payment_id, kind, coalesce(refund_id, '00000000-0000-0000-0000-000000000000'::uuid))`);
    await q.query(`
      CREATE INDEX provider_intents_unsettled ON provider_intents (created_at)
      WHERE stage IN ('ready', 'submitted')`);

    await q.query(`
      CREATE TABLE webhook_receipts (
        id                uuid PRIMARY KEY,
        provider          text NOT NULL,
        provider_event_id text,
        outcome           text NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'ignored', 'refused')),
        refusal           text,
        body_sha256       text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
        body_size         integer NOT NULL CHECK (body_size >= 0),
        payment_id        uuid,
        refund_id         uuid,
        received_at       timestamptz NOT NULL DEFAULT now(),
        CHECK ((outcome = 'refused') = (refusal IS NOT NULL))
      )`);
    // A provider event is processed once: the first accepted (or ignored) receipt holds its id.
    await q.query(`
      CREATE UNIQUE INDEX webhook_receipts_once ON webhook_receipts (provider, provider_event_id)
      WHERE outcome IN ('accepted', 'ignored')`);
    await q.query('CREATE INDEX webhook_receipts_received ON webhook_receipts (received_at)');

    await q.query(`
      CREATE TABLE ledger_accounts (
        code       text PRIMARY KEY CHECK (code ~ '^[a-z_]+(:[A-Za-z0-9._-]+)?$'),
        kind       text NOT NULL CHECK (kind IN
                     ('receivable', 'cash_provider', 'cash_till', 'revenue', 'refunds',
                      'provider_fees', 'waivers')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE journal_entries (
        id           uuid PRIMARY KEY,
        kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,63}$'),
        -- What the entry is the booking of, once: a second booking of it is refused.
        source_key   text NOT NULL UNIQUE,
        invoice_id   uuid,
        payment_id   uuid,
        refund_id    uuid,
        actor        text NOT NULL,
        effective_at timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query('CREATE INDEX journal_entries_recorded ON journal_entries (recorded_at)');
    await q.query('CREATE INDEX journal_entries_invoice ON journal_entries (invoice_id)');
    await q.query('CREATE INDEX journal_entries_payment ON journal_entries (payment_id)');
    await q.query(`
      CREATE TABLE postings (
        entry_id     uuid NOT NULL REFERENCES journal_entries (id),
        line_no      smallint NOT NULL CHECK (line_no >= 1),
        account      text NOT NULL REFERENCES ledger_accounts (code),
        -- Positive: debit; negative: credit. Never zero.
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        PRIMARY KEY (entry_id, line_no)
      )`);
    await q.query('CREATE INDEX postings_account ON postings (account, currency)');
    // At commit, each entry written in the transaction balances per currency and has two
    // postings at least (deferred: the postings are written after the entry).
    await q.query(`
      CREATE FUNCTION ledger_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        entry uuid;
        unbalanced record;
        lines integer;
      BEGIN
        IF TG_TABLE_NAME = 'postings' THEN entry := NEW.entry_id; ELSE entry := NEW.id; END IF;
        SELECT count(*) INTO lines FROM postings WHERE entry_id = entry;
        IF lines < 2 THEN
          RAISE EXCEPTION 'journal entry % has % posting(s); an entry needs two at least', entry, lines
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT currency, sum(amount_minor) AS total INTO unbalanced
          FROM postings WHERE entry_id = entry
          GROUP BY currency HAVING sum(amount_minor) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'journal entry % does not balance: % % off', entry, unbalanced.total, unbalanced.currency
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_entries_balance AFTER INSERT ON journal_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balances()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER postings_balance AFTER INSERT ON postings
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balances()`);

    await q.query(`
      CREATE TABLE receipt_counters (
        fiscal_year integer PRIMARY KEY,
        last_number integer NOT NULL CHECK (last_number >= 0)
      )`);
    await q.query(`
      CREATE TABLE receipts (
        id           uuid PRIMARY KEY,
        number       text NOT NULL UNIQUE CHECK (number ~ '^R-[0-9]{4}-[0-9]{6,}$'),
        fiscal_year  integer NOT NULL,
        seq          integer NOT NULL CHECK (seq >= 1),
        kind         text NOT NULL CHECK (kind IN ('payment', 'refund')),
        invoice_id   uuid NOT NULL REFERENCES invoices (id),
        payment_id   uuid NOT NULL REFERENCES payments (id),
        refund_id    uuid REFERENCES refunds (id),
        payer_id     uuid NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        issued_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (fiscal_year, seq),
        CHECK ((kind = 'refund') = (refund_id IS NOT NULL))
      )`);
    // One receipt per successful payment, and per successful refund.
    await q.query(`
      CREATE UNIQUE INDEX receipts_one_per_payment ON receipts (payment_id) WHERE kind = 'payment'`);
    await q.query(`
      CREATE UNIQUE INDEX receipts_one_per_refund ON receipts (refund_id) WHERE kind = 'refund'`);
    await q.query('CREATE INDEX receipts_payer ON receipts (payer_id, issued_at DESC)');

    await q.query(`
      CREATE FUNCTION payments_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payments history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of PAYMENTS_APPEND_ONLY) {
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
    throw new Error('the ledger is append-only: its migration cannot be undone');
  }
}
