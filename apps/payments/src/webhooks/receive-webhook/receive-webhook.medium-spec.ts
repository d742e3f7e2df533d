import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { newId } from '#platform';
import { eventually } from '#testing';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../../migrations/index.js';
import {
  aUser,
  anInvoice,
  paymentsUseCases,
  type PaymentsUseCases,
} from '../../testing/payments.medium-fixture.js';

describe('ReceiveWebhookUseCase', () => {
  let db: MediumDatabase;
  let uc: PaymentsUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = paymentsUseCases(db);
  });
  afterAll(() => db?.close());

  async function aStartedPayment() {
    const payer = aUser();
    const invoice = await anInvoice(uc, payer);
    const payment = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
    return { payer, invoice, payment };
  }

  const receiptsOf = (paymentId: string) =>
    db.query<{ outcome: string; refusal: string | null }>(
      'SELECT outcome, refusal FROM webhook_receipts WHERE payment_id = $1 OR (payment_id IS NULL AND refusal IS NOT NULL AND body_sha256 = $2) ORDER BY received_at, id',
      [paymentId, ''],
    );

  it('applies a genuine webhook once: a replay answers duplicate and changes nothing', async () => {
    const { payer, invoice, payment } = await aStartedPayment();
    const webhook = uc.provider.webhook({
      id: `evt_${newId()}`,
      kind: 'payment',
      payment: uc.provider.set(payment.id, 'success', { feeMinor: 50 }),
    });
    expect(await uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook })).toEqual({
      outcome: 'accepted',
    });
    const replays = await Promise.all(
      [1, 2, 3].map(() => uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook })),
    );
    expect(replays).toEqual([1, 2, 3].map(() => ({ outcome: 'duplicate' })));
    expect((await uc.getPayment.execute({ paymentId: payment.id, user: payer })).state.status).toBe(
      'success',
    );
    expect(
      (await db.outboxRows()).filter(
        (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.payment.succeeded.v1',
      ),
    ).toHaveLength(1);
    expect((await receiptsOf(payment.id)).map((r) => r.outcome)).toEqual([
      'accepted',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
  });

  it('applies a webhook delivered twice at once exactly once', async () => {
    const { invoice, payment } = await aStartedPayment();
    const webhook = uc.provider.webhook({
      id: `evt_${newId()}`,
      kind: 'payment',
      payment: uc.provider.set(payment.id, 'success', { feeMinor: 50 }),
    });
    const outcomes = await Promise.all(
      [1, 2].map(() => uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook })),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['accepted', 'duplicate']);
    expect(
      (await db.outboxRows()).filter(
        (r) => r.aggregateId === invoice.id && r.subject === 'gov.payments.payment.succeeded.v1',
      ),
    ).toHaveLength(1);
  });

  it('refuses a forged, a stale and an unsigned webhook, records each, and changes nothing', async () => {
    const { payer, payment } = await aStartedPayment();
    const event = {
      id: `evt_${newId()}`,
      kind: 'payment' as const,
      payment: uc.provider.set(payment.id, 'success', { feeMinor: 0 }),
    };
    const forged = uc.provider.webhook(event, { secret: 'not-the-providers-secret-at-all' });
    const stale = uc.provider.webhook(event, { at: new Date(Date.now() - 6 * 60_000) });
    const genuine = uc.provider.webhook(event);
    const tampered = { ...genuine, rawBody: genuine.rawBody.replace('"success"', '"failed"') };
    const cases = [
      [forged, 'signature_invalid'],
      [stale, 'timestamp_stale'],
      [tampered, 'signature_invalid'],
      [{ rawBody: genuine.rawBody, headers: {} }, 'signature_missing'],
    ] as const;
    for (const [webhook, refusal] of cases)
      await expect(
        uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook }),
      ).rejects.toMatchObject({ code: 'PAYMENTS.WEBHOOK_REFUSED', details: { refusal } });
    expect(
      await db.query(
        'SELECT refusal FROM webhook_receipts WHERE outcome = $1 ORDER BY received_at',
        ['refused'],
      ),
    ).toEqual(cases.map(([, refusal]) => ({ refusal })));
    expect((await uc.getPayment.execute({ paymentId: payment.id, user: payer })).state.status).toBe(
      'started',
    );
    // The genuine one is still taken afterwards.
    expect(await uc.receiveWebhook.execute({ provider: 'sandbox', ...genuine })).toEqual({
      outcome: 'accepted',
    });
  });

  it('answers a webhook about nothing it knows as ignored, and an unknown provider as such', async () => {
    const webhook = uc.provider.webhook({
      id: `evt_${newId()}`,
      kind: 'payment',
      payment: {
        providerRef: 'pr_x',
        reference: newId(),
        status: 'success',
        amount: { amountMinor: 1, currency: 'EUR' },
      },
    });
    expect(await uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook })).toEqual({
      outcome: 'ignored',
    });
    expect(await uc.receiveWebhook.execute({ provider: 'sandbox', ...webhook })).toEqual({
      outcome: 'duplicate',
    });
    await expect(
      uc.receiveWebhook.execute({ provider: 'elsewhere', ...webhook }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.UNKNOWN_PROVIDER' });
  });

  it('keeps webhook receipts append-only', async () => {
    await expect(db.query('DELETE FROM webhook_receipts')).rejects.toThrow(/append-only/);
  });
  /** What a success left of `payment`, with its own ids and its payer's replaced. */
  async function whatSuccessLeft(
    started: Awaited<ReturnType<typeof aStartedPayment>>,
  ): Promise<unknown> {
    const { payer, invoice, payment } = started;
    const ids = (value: unknown): unknown =>
      JSON.parse(
        JSON.stringify(value)
          .replaceAll(payment.id, '<payment>')
          .replaceAll(invoice.id, '<invoice>')
          .replaceAll(payer.userId, '<payer>')
          .replaceAll(invoice.caseRef.id, '<case>')
          .replace(/R-\d{4}-\d{6}/g, '<number>')
          .replace(/"pr_\d+"/g, '"<provider ref>"')
          .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>')
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'),
      );
    const view = await uc.getPayment.execute({ paymentId: payment.id, user: payer });
    const byPayment = async (sql: string) => ids(await db.query(sql, [payment.id]));
    return ids({
      view: { ...view, createdAt: undefined, updatedAt: undefined, finishedAt: undefined },
      invoice: await uc.getInvoice.execute({ invoiceId: invoice.id, user: payer }),
      receipt: await uc.getReceipt.execute({ receiptId: view.receiptId ?? '', user: payer }),
      transitions: await byPayment(
        'SELECT from_status, to_status, found_by, code FROM payment_transitions WHERE payment_id = $1 ORDER BY id',
      ),
      intents: await byPayment(
        'SELECT kind, stage FROM provider_intents WHERE payment_id = $1 ORDER BY created_at, kind',
      ),
      postings: await byPayment(
        `SELECT e.kind, e.source_key, p.line_no, p.account, p.amount_minor, p.currency
         FROM journal_entries e JOIN postings p ON p.entry_id = e.id
         WHERE e.payment_id = $1 ORDER BY e.recorded_at, p.line_no`,
      ),
      events: (await db.outboxRows())
        .filter((r) => r.aggregateId === invoice.id)
        .map((r) => ({ subject: r.subject, sequence: r.aggregateSequence, data: r.envelope.data })),
    });
  }

  it('writes a success whose invoice it closes exactly in one statement, as the usual path writes it', async () => {
    const oneStatement = await aStartedPayment();
    const usual = await aStartedPayment();
    const news = (paymentId: string) => uc.provider.set(paymentId, 'success', { feeMinor: 75 });
    // Which path wrote each: the one statement carries the payment's change as a part.
    const asPart = jest.spyOn(uc.repositories.payments, 'changePart');
    await uc.receiveWebhook.execute({
      provider: 'sandbox',
      ...uc.provider.webhook({
        id: `evt_${newId()}`,
        kind: 'payment',
        payment: news(oneStatement.payment.id),
      }),
    });
    // The usual path: no invoice read locked, not the transaction's end.
    await db.outbox.transaction(db.manager, (tx) =>
      uc.outcomes.record(tx, usual.payment.id, news(usual.payment.id), 'webhook'),
    );
    expect(asPart.mock.calls.map(([payment]) => payment.id)).toEqual([oneStatement.payment.id]);
    asPart.mockRestore();
    const left = await whatSuccessLeft(oneStatement);
    expect(left).toEqual(await whatSuccessLeft(usual));
    expect(left).toMatchObject({
      view: { state: { status: 'success' } },
      invoice: { status: 'paid' },
      transitions: [
        { from_status: null, to_status: 'created' },
        { from_status: 'created', to_status: 'started' },
        { from_status: 'started', to_status: 'success', found_by: 'webhook' },
      ],
    });
  });

  it('takes the receipt counter last, after its events’ lock, as a refund’s recording does', async () => {
    // The year's counter row exists (an earlier success made it).
    const earlier = await aStartedPayment();
    await uc.receiveWebhook.execute({
      provider: 'sandbox',
      ...uc.provider.webhook({
        id: `evt_${newId()}`,
        kind: 'payment',
        payment: uc.provider.set(earlier.payment.id, 'success', { feeMinor: 0 }),
      }),
    });
    const { invoice, payment } = await aStartedPayment();
    // Another transaction holds the invoice's event counter, then wants the receipt counter.
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query('SELECT 1 FROM aggregate_sequences WHERE aggregate_id = $1 FOR UPDATE', [
        invoice.id,
      ]);
      const success = uc.receiveWebhook.execute({
        provider: 'sandbox',
        ...uc.provider.webhook({
          id: `evt_${newId()}`,
          kind: 'payment',
          payment: uc.provider.set(payment.id, 'success', { feeMinor: 0 }),
        }),
      });
      // The success waits for the event counter...
      await eventually(async () => {
        const waiting = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        return (waiting[0]?.n ?? 0) > 0 ? true : undefined;
      });
      // ...holding no receipt counter yet: the other transaction takes it at once.
      await other.query("SET LOCAL lock_timeout = '5s'");
      await other.query('SELECT 1 FROM receipt_counters FOR UPDATE');
      await other.commitTransaction();
      await expect(success).resolves.toEqual({ outcome: 'accepted' });
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });
});
