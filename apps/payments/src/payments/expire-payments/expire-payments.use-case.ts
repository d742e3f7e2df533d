import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaymentsConfig } from '../../config.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { ProviderUnavailableError } from '../../providers/provider.js';
import { PaymentRepository } from '../payment.repository.js';
import { ProviderCalls } from '../provider-calls.js';

/**
 * Unfinished payments past their expiry (PAYMENTS_PAYMENT_EXPIRY_SECONDS after they were made)
 * are cancelled at their provider and end `failed` / `P0020` with `payment.expired`; one the
 * provider finished meanwhile ends as it finished (a late success is recorded, and refunded if
 * its invoice has closed). A provider that does not answer: tried again at a later round.
 */
@Injectable()
export class ExpirePaymentsUseCase {
  private readonly logger = new Logger('ExpirePayments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
    private readonly calls: ProviderCalls,
    @Inject(PAYMENTS_CONFIG)
    private readonly config: Pick<
      PaymentsConfig,
      'PAYMENTS_SWEEP_BATCH' | 'PAYMENTS_SWEEP_INTERVAL_SECONDS'
    >,
  ) {}

  /** How many expired payments were handled this round. */
  async execute(now = new Date()): Promise<number> {
    const ids = await this.payments.claimExpired(
      this.dataSource.manager,
      now,
      this.config.PAYMENTS_SWEEP_INTERVAL_SECONDS,
      this.config.PAYMENTS_SWEEP_BATCH,
    );
    let handled = 0;
    for (const id of ids) {
      try {
        await this.calls.cancelExpired(id);
        handled += 1;
      } catch (error) {
        if (!(error instanceof ProviderUnavailableError)) throw error;
        this.logger.warn(`payment ${id} not cancelled yet: ${error.message}`);
        return handled;
      }
    }
    return handled;
  }
}
