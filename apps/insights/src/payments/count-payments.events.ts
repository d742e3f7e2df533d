import { Controller, Inject } from '@nestjs/common';
import { PAYMENT_SUCCEEDED_V1 } from '#contracts';
import { OnEvent, type EventContext, type EventOf } from '#platform';
import type { InsightsConfig } from '../config.js';
import { INSIGHTS_CONFIG } from '../insights.tokens.js';
import { monthOf } from '../months.js';
import { PaymentsMonthlyRepository } from './payments-monthly.repository.js';

/**
 * The payments stream's successful payments into `payments_monthly` (a count and a total per
 * month of the city's time zone and currency), in the transaction that records the event in the inbox. Nothing of the
 * payer, the invoice or the case is kept.
 */
@Controller()
export class CountPaymentsWhenPaymentSucceeded {
  constructor(
    private readonly payments: PaymentsMonthlyRepository,
    @Inject(INSIGHTS_CONFIG) private readonly config: Pick<InsightsConfig, 'CITY_TIME_ZONE'>,
  ) {}

  @OnEvent(PAYMENT_SUCCEEDED_V1)
  async succeeded(e: EventOf<typeof PAYMENT_SUCCEEDED_V1>, c: EventContext): Promise<void> {
    await this.payments.addPayment(
      c.manager,
      monthOf(e.time, this.config.CITY_TIME_ZONE),
      e.data.currency,
      e.data.amountMinor,
    );
  }
}
