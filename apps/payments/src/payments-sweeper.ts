import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { PaymentsConfig } from './config.js';
import { ExpireInvoicesUseCase } from './invoices/expire-invoices/expire-invoices.use-case.js';
import { ExpirePaymentsUseCase } from './payments/expire-payments/expire-payments.use-case.js';
import { RecheckPaymentsUseCase } from './payments/recheck-payments/recheck-payments.use-case.js';
import { RecoverProviderCallsUseCase } from './payments/recover-provider-calls/recover-provider-calls.use-case.js';
import { PAYMENTS_CONFIG } from './payments.tokens.js';
import { RecheckRefundsUseCase } from './refunds/recheck-refunds/recheck-refunds.use-case.js';

/**
 * The payments service's clock: every PAYMENTS_SWEEP_INTERVAL_SECONDS it settles provider
 * calls left unsettled, expires payments past their time (cancelling them at the provider),
 * re-checks payments and refunds pending without news for PAYMENTS_RECHECK_AFTER_SECONDS,
 * re-checks every unfinished one every PAYMENTS_FULL_SWEEP_SECONDS, and expires invoices past due (not
 * those with a payment in progress). Every replica runs it; each step claims its rows, so two
 * replicas never handle one payment at once.
 */
@Injectable()
export class PaymentsSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PaymentsSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastFullSweep = 0;

  constructor(
    private readonly recoverCalls: RecoverProviderCallsUseCase,
    private readonly expirePayments: ExpirePaymentsUseCase,
    private readonly recheckPayments: RecheckPaymentsUseCase,
    private readonly recheckRefunds: RecheckRefundsUseCase,
    private readonly expireInvoices: ExpireInvoicesUseCase,
    @Inject(PAYMENTS_CONFIG)
    private readonly config: Pick<
      PaymentsConfig,
      | 'PAYMENTS_SWEEP_INTERVAL_SECONDS'
      | 'PAYMENTS_RECHECK_AFTER_SECONDS'
      | 'PAYMENTS_FULL_SWEEP_SECONDS'
    >,
  ) {}

  onApplicationBootstrap(): void {
    // The first full sweep comes one interval after start (a restart re-checks everything).
    this.lastFullSweep = Date.now() - this.config.PAYMENTS_FULL_SWEEP_SECONDS * 1_000;
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.config.PAYMENTS_SWEEP_INTERVAL_SECONDS * 1_000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round of every step; a failing step is logged and the others still run. */
  async sweep(now = new Date()): Promise<void> {
    await this.step('recover provider calls', () => this.recoverCalls.execute(now));
    await this.step('expire payments', () => this.expirePayments.execute(now));
    const quiet = new Date(now.getTime() - this.config.PAYMENTS_RECHECK_AFTER_SECONDS * 1_000);
    await this.step('re-check pending payments', () =>
      this.recheckPayments.execute(quiet, 'sweep'),
    );
    await this.step('re-check pending refunds', () => this.recheckRefunds.execute(quiet));
    if (now.getTime() - this.lastFullSweep >= this.config.PAYMENTS_FULL_SWEEP_SECONDS * 1_000) {
      this.lastFullSweep = now.getTime();
      await this.step('re-check every unfinished payment', () =>
        this.recheckPayments.execute(now, 'full-sweep'),
      );
      await this.step('re-check every pending refund', () => this.recheckRefunds.execute(now));
    }
    await this.step('expire invoices', () => this.expireInvoices.execute(now));
  }

  private async step(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`${name}: ${(error as Error).message}`);
    }
  }
}
