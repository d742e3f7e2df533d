import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Outbox } from '#platform';
import type { PaymentsConfig } from '../../config.js';
import { FaultInjection } from '../../faults.js';
import { PaymentOutcomes } from '../../payments/payment-outcomes.js';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { PaymentProviders } from '../../providers/payment-providers.js';
import { ProviderUnavailableError } from '../../providers/provider.js';
import { RefundRecordsRepository } from '../refund-records.repository.js';
import { RefundRepository } from '../refund.repository.js';

/**
 * The sweeper's re-check of refunds: a refund the provider took (its call answered
 * `submitted`) and that no webhook finished for `quietSince` is looked up at the provider
 * (`findRefund` by its id) and recorded as the provider has it (`PaymentOutcomes.recordRefund`:
 * success with its ledger entry, receipt and event, or error). A provider that does not answer
 * ends the round; the next asks again.
 */
@Injectable()
export class RecheckRefundsUseCase {
  private readonly logger = new Logger('RecheckRefunds');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly providers: PaymentProviders,
    private readonly payments: PaymentRepository,
    private readonly refunds: RefundRepository,
    private readonly records: RefundRecordsRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly faults: FaultInjection,
    @Inject(PAYMENTS_CONFIG) private readonly config: Pick<PaymentsConfig, 'PAYMENTS_SWEEP_BATCH'>,
  ) {}

  /** Refunds asked about, and of them those the provider's answer finished. */
  async execute(quietSince: Date): Promise<{ checked: number; finished: number }> {
    const round = { checked: 0, finished: 0 };
    const manager = this.dataSource.manager;
    for (;;) {
      const ids = await this.records.claimForRecheck(
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
            return round;
          }
          throw error;
        }
        this.faults.afterProviderAnswer(observed);
        round.checked += 1;
        if (!observed) continue;
        const recorded = await this.outbox.transaction(manager, (tx) =>
          this.outcomes.recordRefund(tx, observed),
        );
        if (recorded.changed) round.finished += 1;
      }
      if (ids.length < this.config.PAYMENTS_SWEEP_BATCH) return round;
    }
  }
}
