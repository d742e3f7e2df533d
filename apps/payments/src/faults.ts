import { Inject, Injectable } from '@nestjs/common';
import type { PaymentsConfig } from './config.js';
import { PAYMENTS_CONFIG } from './payments.tokens.js';

/**
 * TEST ONLY (PAYMENTS_FAULT_KILL_AT, refused in production): the process kills itself with
 * SIGKILL at a named point, so that the tests prove what a crash there leaves behind.
 */
@Injectable()
export class FaultInjection {
  constructor(
    @Inject(PAYMENTS_CONFIG)
    private readonly config: Pick<PaymentsConfig, 'PAYMENTS_FAULT_KILL_AT'>,
  ) {}

  /** A provider has answered and nothing of the answer is recorded yet. */
  afterProviderAnswer(): void {
    if (this.config.PAYMENTS_FAULT_KILL_AT === 'after-provider-answer')
      process.kill(process.pid, 'SIGKILL');
  }
}
