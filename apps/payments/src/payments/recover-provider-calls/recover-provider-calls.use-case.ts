import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaymentsConfig } from '../../config.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { ProviderCalls } from '../provider-calls.js';
import { ProviderIntentRepository } from '../provider-intent.repository.js';

/**
 * Calls to providers left unsettled (the process died between writing the intent and
 * recording the answer, or the provider did not answer) for longer than
 * PAYMENTS_INTENT_RECOVERY_AFTER_SECONDS are settled: the provider is asked what it has under
 * the reference, and the call is made only when it has nothing.
 */
@Injectable()
export class RecoverProviderCallsUseCase {
  private readonly logger = new Logger('RecoverProviderCalls');

  constructor(
    private readonly dataSource: DataSource,
    private readonly intents: ProviderIntentRepository,
    private readonly calls: ProviderCalls,
    @Inject(PAYMENTS_CONFIG)
    private readonly config: Pick<
      PaymentsConfig,
      'PAYMENTS_SWEEP_BATCH' | 'PAYMENTS_INTENT_RECOVERY_AFTER_SECONDS'
    >,
  ) {}

  /** How many unsettled calls were settled this round. */
  async execute(now = new Date()): Promise<number> {
    const claimed = await this.intents.claimUnsettled(
      this.dataSource.manager,
      new Date(now.getTime() - this.config.PAYMENTS_INTENT_RECOVERY_AFTER_SECONDS * 1_000),
      this.config.PAYMENTS_SWEEP_BATCH,
    );
    let settled = 0;
    for (const intent of claimed) {
      try {
        await this.calls.recover(intent);
        settled += 1;
      } catch (error) {
        this.logger.warn(
          `${intent.kind} call of ${intent.paymentId} still unsettled: ${(error as Error).message}`,
        );
      }
    }
    return settled;
  }
}
