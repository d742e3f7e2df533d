import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Outbox } from '#platform';
import type { PaymentsConfig } from '../../config.js';
import { FaultInjection } from '../../faults.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { PaymentProviders } from '../../providers/payment-providers.js';
import { ProviderUnavailableError } from '../../providers/provider.js';
import { PaymentOutcomes } from '../payment-outcomes.js';
import { PaymentRepository } from '../payment.repository.js';
import { ProviderCalls } from '../provider-calls.js';

export interface RecheckRound {
  /** Payments asked about. */
  checked: number;
  /** Of them, those whose record the provider's answer changed. */
  corrected: number;
}

/**
 * The sweeper's re-check: unfinished payments without news since `quietSince` are looked up
 * at their provider (`findPayment` by reference), and the record follows the provider's
 * answer. What a sweep finds different from the record is announced (`payment.corrected`,
 * then the events of the new state). Run for payments pending longer than
 * PAYMENTS_RECHECK_AFTER_SECONDS (`sweep`), and over every unfinished payment every
 * PAYMENTS_FULL_SWEEP_SECONDS (`full-sweep`). A provider that does not answer ends the round:
 * the payments wait as they are and the next round asks again.
 */
@Injectable()
export class RecheckPaymentsUseCase {
  private readonly logger = new Logger('RecheckPayments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly providers: PaymentProviders,
    private readonly payments: PaymentRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly calls: ProviderCalls,
    private readonly faults: FaultInjection,
    @Inject(PAYMENTS_CONFIG) private readonly config: Pick<PaymentsConfig, 'PAYMENTS_SWEEP_BATCH'>,
  ) {}

  async execute(quietSince: Date, foundBy: 'sweep' | 'full-sweep'): Promise<RecheckRound> {
    const round: RecheckRound = { checked: 0, corrected: 0 };
    const manager = this.dataSource.manager;
    for (;;) {
      const ids = await this.payments.claimForRecheck(
        manager,
        quietSince,
        this.config.PAYMENTS_SWEEP_BATCH,
      );
      for (const id of ids) {
        const payment = await this.payments.findById(manager, id);
        if (!payment) continue;
        let observed;
        try {
          observed = await this.providers.get(payment.provider).findPayment(payment.id);
        } catch (error) {
          if (error instanceof ProviderUnavailableError) {
            this.logger.warn(`provider ${payment.provider} not answering: ${error.message}`);
            return round;
          }
          throw error;
        }
        this.faults.afterProviderAnswer(observed);
        round.checked += 1;
        // Never reached the provider: its create call is settled by the intents' recovery.
        if (!observed) continue;
        const recorded = await this.outbox.transaction(manager, (tx) =>
          this.outcomes.record(tx, id, observed, foundBy),
        );
        if (recorded.changed) round.corrected += 1;
        await this.calls.submitRefunds(recorded.refundsToSubmit);
      }
      if (ids.length < this.config.PAYMENTS_SWEEP_BATCH) return round;
    }
  }
}
