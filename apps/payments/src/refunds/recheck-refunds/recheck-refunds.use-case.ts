import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Outbox } from '#platform';
import type { PaymentsConfig } from '../../config.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { PaymentOutcomes } from '../../payments/payment-outcomes.js';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { PaymentProviders } from '../../providers/payment-providers.js';
import { ProviderUnavailableError } from '../../providers/provider.js';
import { RefundRepository } from '../refund.repository.js';

/**
 * The sweeper's re-check of refunds: those still `submitted` without news since `quietSince`
 * are looked up at their provider (`findRefund` by reference) and recorded as it says (a
 * success books the money back and issues the refund's receipt). One the provider never got is
 * the intents' recovery's to submit. A provider that does not answer ends the round.
 */
@Injectable()
export class RecheckRefundsUseCase {
  private readonly logger = new Logger('RecheckRefunds');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly providers: PaymentProviders,
    private readonly refunds: RefundRepository,
    private readonly payments: PaymentRepository,
    private readonly outcomes: PaymentOutcomes,
    @Inject(PAYMENTS_CONFIG) private readonly config: Pick<PaymentsConfig, 'PAYMENTS_SWEEP_BATCH'>,
  ) {}

  /** How many refunds the provider's answers finished. */
  async execute(quietSince: Date): Promise<number> {
    const manager = this.dataSource.manager;
    let finished = 0;
    for (;;) {
      const ids = await this.refunds.claimForRecheck(
        manager,
        quietSince,
        this.config.PAYMENTS_SWEEP_BATCH,
      );
      for (const id of ids) {
        const refund = await this.refunds.findById(manager, id);
        const payment = refund && (await this.payments.findById(manager, refund.paymentId));
        if (!refund || !payment) continue;
        let observed;
        try {
          observed = await this.providers.get(payment.provider).findRefund(refund.id);
        } catch (error) {
          if (error instanceof ProviderUnavailableError) {
            this.logger.warn(`provider ${payment.provider} not answering: ${error.message}`);
            return finished;
          }
          throw error;
        }
        if (!observed) continue;
        const recorded = await this.outbox.transaction(manager, (tx) =>
          this.outcomes.recordRefund(tx, observed),
        );
        if (recorded.changed) finished += 1;
      }
      if (ids.length < this.config.PAYMENTS_SWEEP_BATCH) return finished;
    }
  }
}
