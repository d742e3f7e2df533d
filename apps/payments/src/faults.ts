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

  /**
   * A provider has answered, and nothing of the answer is recorded yet: `after-success-answer`
   * kills the process when the answer says a payment succeeded (money moved, its ledger entry
   * and receipt not yet written).
   */
  afterProviderAnswer(answer: unknown): void {
    if (
      this.config.PAYMENTS_FAULT_KILL_AT === 'after-success-answer' &&
      (answer as { status?: unknown } | undefined)?.status === 'success'
    )
      process.kill(process.pid, 'SIGKILL');
  }
}
