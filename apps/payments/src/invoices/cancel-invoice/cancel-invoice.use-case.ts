import { Injectable } from '@nestjs/common';
import {
  enforce,
  INVOICE_CANCELLED_V1,
  PaymentsAccess,
  PaymentsErrors,
  type InvoiceView,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { actorText, userOf, type Caller } from '../../actor.js';
import { invoiceReleased } from '../../ledger/ledger.js';
import { LedgerRepository } from '../../ledger/ledger.repository.js';
import { decideClose, invoiceEventFacts, invoiceView, ledgerFactsOf } from '../invoice.js';
import { InvoiceRepository } from '../invoice.repository.js';

export interface CancelInvoice {
  invoiceId: string;
  reasonCode: string;
  /** The owning context names its case: an invoice of another case is refused. */
  caseRef?: { context: string; id: string };
  caller: Caller;
}

/**
 * Cancels an open invoice: by its owning context (`payments.internal.invoice.cancel`) or a
 * cashier. Not while a payment of it is in progress (`PAYMENTS.PAYMENT_IN_PROGRESS`: ask again
 * once it has finished; if it succeeded, the invoice is paid). The close, the reversal of its
 * ledger entry and `invoice.cancelled` commit together; cancelling a cancelled invoice again
 * answers it unchanged.
 */
@Injectable()
export class CancelInvoiceUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly invoices: InvoiceRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  execute(pattern: string, command: CancelInvoice): Promise<InvoiceView> {
    return this.commands.run(pattern, async (tx) => {
      const found = await this.invoices.findById(tx, command.invoiceId, { lock: true });
      if (!found) throw PaymentsErrors.invoiceNotFound();
      const { invoice, livePaymentId } = found;
      if (
        command.caseRef &&
        (command.caseRef.context !== invoice.caseRef.context ||
          command.caseRef.id !== invoice.caseRef.id)
      )
        throw PaymentsErrors.invoiceCaseMismatch();
      const user = userOf(command.caller);
      if (user) enforce(user, { ownerId: invoice.payerId }, ...PaymentsAccess.manage());
      const decision = decideClose(invoice, 'cancelled', livePaymentId);
      if (decision.kind === 'unchanged') return invoiceView(invoice, livePaymentId);
      if (decision.kind === 'wait') throw PaymentsErrors.paymentInProgress(decision.paymentId);
      const now = new Date();
      await this.invoices.close(tx, invoice.id, 'cancelled', command.reasonCode, now);
      await this.ledger.record(
        tx,
        invoiceReleased(ledgerFactsOf(invoice), 'cancelled', now),
        actorText(command.caller),
      );
      await this.outbox.append(tx, {
        subject: INVOICE_CANCELLED_V1,
        aggregateId: invoice.id,
        actor: command.caller,
        data: { ...invoiceEventFacts(invoice), reasonCode: command.reasonCode },
      });
      return invoiceView(
        { ...invoice, status: 'cancelled', closedAt: now, closeReason: command.reasonCode },
        null,
      );
    });
  }
}
