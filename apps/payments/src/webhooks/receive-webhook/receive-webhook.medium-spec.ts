import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
