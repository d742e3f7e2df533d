import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INVOICE_EXPIRED_V1, SYSTEM_ACTOR } from '#contracts';
import { Outbox } from '#platform';
import type { PaymentsConfig } from '../../config.js';
import { invoiceReleased } from '../../ledger/ledger.js';
import { LedgerRepository } from '../../ledger/ledger.repository.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { invoiceEventFacts, ledgerFactsOf } from '../invoice.js';
import { InvoiceRepository } from '../invoice.repository.js';

/**
 * The sweeper's part for invoices: open invoices past their due date expire, except those with
 * a payment in progress (they wait until it has finished, and expire at a later round if it did
 * not succeed). Each expiry reverses the invoice's ledger entry and emits `invoice.expired`, in
 * the transaction that claimed it (replicas skip what another has claimed).
 */
@Injectable()
export class ExpireInvoicesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly invoices: InvoiceRepository,
    private readonly ledger: LedgerRepository,
    @Inject(PAYMENTS_CONFIG) private readonly config: Pick<PaymentsConfig, 'PAYMENTS_SWEEP_BATCH'>,
  ) {}

  /** Expires what is due now; how many. */
  async execute(now = new Date()): Promise<number> {
    return this.outbox.transaction(this.dataSource.manager, async (tx) => {
      const ids = await this.invoices.claimOverdue(tx, now, this.config.PAYMENTS_SWEEP_BATCH);
      for (const id of ids) {
        const found = await this.invoices.findById(tx, id);
        if (!found) continue;
        const { invoice } = found;
        await this.invoices.close(tx, invoice.id, 'expired', 'past_due', now);
        await this.ledger.record(
          tx,
          invoiceReleased(ledgerFactsOf(invoice), 'expired', now),
          'system',
        );
        await this.outbox.append(tx, {
          subject: INVOICE_EXPIRED_V1,
          aggregateId: invoice.id,
          actor: SYSTEM_ACTOR,
          data: { ...invoiceEventFacts(invoice), dueAt: invoice.dueAt.toISOString() },
        });
      }
      return ids.length;
    });
  }
}
