import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PaymentsErrors, type RequestActor } from '#contracts';
import { PaymentOutcomes } from '../payments/payment-outcomes.js';
import type { Payment } from '../payments/payment.js';
import { assertCashFor, assertWorkable, cashAccountFor } from '../tills/till.js';
import { TillRepository } from '../tills/till.repository.js';
import type { Refund } from './refund.js';
import { RefundRecordsRepository } from './refund-records.repository.js';
import { counterMethodOf } from './refund-rules.js';

/**
 * A counter payment's refund paid out by a cashier within their open till session, in the
 * caller's transaction: the session is locked (what it records is serialised with its
 * closing), cash must be in the till, and the refund is recorded as a success through the
 * core's `PaymentOutcomes.recordRefund` with the till's cash as where the money left from: its
 * ledger entry (refunds / cash in the till), its receipt and `refund.succeeded`.
 */
@Injectable()
export class CounterPayouts {
  constructor(
    private readonly tills: TillRepository,
    private readonly records: RefundRecordsRepository,
    private readonly outcomes: PaymentOutcomes,
  ) {}

  async payOut(
    tx: EntityManager,
    refund: Pick<Refund, 'id' | 'amountMinor'>,
    payment: Pick<Payment, 'provider'>,
    tillSessionId: string,
    user: RequestActor,
  ): Promise<void> {
    const method = counterMethodOf(payment);
    if (!method) throw PaymentsErrors.refundNotAwaitingPayout('not a counter payment');
    const session = await this.tills.findById(tx, tillSessionId, { lock: true });
    if (!session) throw PaymentsErrors.tillSessionNotFound();
    assertWorkable(session, user);
    if (method === 'cash')
      assertCashFor(session, await this.tills.totals(tx, session.id), refund.amountMinor);
    await this.records.setTillSession(tx, refund.id, session.id);
    await this.outcomes.recordRefund(
      tx,
      { reference: refund.id, refundRef: '', status: 'success' },
      {
        cash: cashAccountFor(method, session.tillId),
        actor: { kind: 'user', userId: user.userId, role: user.role },
      },
    );
  }
}
