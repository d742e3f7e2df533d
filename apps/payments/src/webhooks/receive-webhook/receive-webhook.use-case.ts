import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PaymentsErrors, type WebhookReceipt } from '#contracts';
import { Outbox } from '#platform';
import { PaymentOutcomes, type Recorded } from '../../payments/payment-outcomes.js';
import { ProviderCalls } from '../../payments/provider-calls.js';
import { PaymentProviders } from '../../providers/payment-providers.js';
import { RefundRepository } from '../../refunds/refund.repository.js';
import { WebhookReceiptRepository, type WebhookAttempt } from '../webhook-receipt.repository.js';

export interface ReceiveWebhook {
  provider: string;
  rawBody: string;
  headers: Readonly<Record<string, string | undefined>>;
}

/**
 * A provider's webhook, as the gateway received it (raw body and headers untouched). The
 * provider checks it (`verifyWebhook`: the signature over the raw body with every configured
 * secret, the timestamp at most 5 minutes old): a forged, stale or malformed one is refused
 * (`PAYMENTS.WEBHOOK_REFUSED`), recorded, and changes nothing. A genuine one is recorded once
 * per provider event id in the transaction that applies it, so a crash before the commit
 * leaves no trace (the provider sends it again) and a repeat after it changes nothing (`200`,
 * `duplicate`). One about a payment or refund the platform does not know is recorded and
 * answered `ignored`, so the provider stops sending it.
 */
@Injectable()
export class ReceiveWebhookUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly providers: PaymentProviders,
    private readonly receipts: WebhookReceiptRepository,
    private readonly refunds: RefundRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly calls: ProviderCalls,
  ) {}

  async execute(command: ReceiveWebhook): Promise<WebhookReceipt> {
    const provider = this.providers.get(command.provider);
    const attempt: WebhookAttempt = {
      provider: provider.name,
      bodySha256: createHash('sha256').update(command.rawBody, 'utf8').digest('hex'),
      bodySize: Buffer.byteLength(command.rawBody, 'utf8'),
    };
    const verified = provider.verifyWebhook(command.rawBody, command.headers, new Date());
    if (!verified.ok) {
      await this.receipts.record(this.dataSource.manager, 'refused', {
        ...attempt,
        refusal: verified.refusal,
      });
      throw PaymentsErrors.webhookRefused(verified.refusal);
    }
    const { event } = verified;
    const manager = this.dataSource.manager;
    if (event.kind === 'payment') {
      // The payment is read locked in the transaction that records the webhook, by the
      // statement that claims the event: one statement, and the lock it takes anyway to record
      // the news.
      const reference = event.payment.reference;
      const result = await this.outbox.transaction(
        manager,
        async (tx): Promise<{ outcome: WebhookReceipt['outcome']; recorded?: Recorded }> => {
          // A success closes the invoice: read locked now, its writes can be one statement.
          const { claimed, payment, invoice } = await this.receipts.claimForPayment(
            tx,
            reference,
            { ...attempt, providerEventId: event.id },
            { lockInvoice: event.payment.status === 'success' },
          );
          const seen = { ...attempt, providerEventId: event.id, paymentId: payment?.id };
          if (!claimed) {
            await this.receipts.record(tx, 'duplicate', seen);
            return { outcome: 'duplicate' };
          }
          if (!payment) return { outcome: 'ignored' };
          // Nothing follows the recording: a success commits with its last statement.
          const recorded = await this.outcomes.record(tx, reference, event.payment, 'webhook', {
            locked: payment,
            ...(invoice ? { invoice } : {}),
            endsTransaction: true,
          });
          return { outcome: 'accepted', recorded };
        },
      );
      if (result.recorded) await this.calls.submitRefunds(result.recorded.refundsToSubmit);
      return { outcome: result.outcome };
    }
    const refundId = (await this.refunds.findById(manager, event.refund.reference))?.id;
    const seen = { ...attempt, providerEventId: event.id, refundId };
    const result = await this.outbox.transaction(
      manager,
      async (tx): Promise<{ outcome: WebhookReceipt['outcome']; recorded?: Recorded }> => {
        if (!(await this.receipts.claim(tx, refundId ? 'accepted' : 'ignored', seen))) {
          await this.receipts.record(tx, 'duplicate', seen);
          return { outcome: 'duplicate' };
        }
        if (!refundId) return { outcome: 'ignored' };
        const recorded = await this.outcomes.recordRefund(tx, event.refund);
        return { outcome: 'accepted', recorded };
      },
    );
    if (result.recorded) await this.calls.submitRefunds(result.recorded.refundsToSubmit);
    return { outcome: result.outcome };
  }
}
