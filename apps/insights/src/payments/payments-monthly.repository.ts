import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The monthly payment sums, written on the event's transaction. */
@Injectable()
export class PaymentsMonthlyRepository {
  async addPayment(
    manager: EntityManager,
    month: string,
    currency: string,
    amountMinor: number,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO payments_monthly AS p (month, currency, payments, amount_minor)
       VALUES ($1, $2, 1, $3)
       ON CONFLICT (month, currency) DO UPDATE SET
         payments = p.payments + 1, amount_minor = p.amount_minor + EXCLUDED.amount_minor`,
      [month, currency, amountMinor],
    );
  }
}
