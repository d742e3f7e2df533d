import { Inject, Injectable } from '@nestjs/common';
import {
  enforce,
  INVOICE_ISSUED_V1,
  PaymentsAccess,
  PaymentsErrors,
  type InvoiceView,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { actorText, userOf, type Caller } from '../../actor.js';
import type { PaymentsConfig } from '../../config.js';
import { invoiceIssued } from '../../ledger/ledger.js';
import { LedgerRepository } from '../../ledger/ledger.repository.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import {
  invoiceEventFacts,
  invoiceView,
  ledgerFactsOf,
  NEXT_FEE_ADJUSTMENT,
  nextFeeAdjustment,
  sameInvoice,
  totalOf,
  type Invoice,
  type InvoiceLine,
} from '../invoice.js';
import { InvoiceRepository } from '../invoice.repository.js';

export interface IssueInvoice {
  payerId: string;
  /** Absent (a cashier's fee of its own): the case is `payments/<invoice id>`. */
  caseRef?: { context: string; id: string };
  /** `fee-adjustment` takes the case's next `fee-adjustment-<n>`. */
  purpose: string;
  lines: readonly InvoiceLine[];
  currency?: string;
  dueAt: string;
  caller: Caller;
}

/**
 * Issues an invoice: by a workflow activity for a case's fee
 * (`payments.internal.invoice.create`) or by a cashier for a miscellaneous fee. One invoice per
 * case and purpose: asking again with the same lines answers the first; other lines are refused
 * with the purpose of the next fee adjustment in the hint. The invoice, its ledger entry (the
 * payer owes it; revenue per code) and `invoice.issued` commit together, once per request key.
 */
@Injectable()
export class IssueInvoiceUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly invoices: InvoiceRepository,
    private readonly ledger: LedgerRepository,
    @Inject(PAYMENTS_CONFIG) private readonly config: Pick<PaymentsConfig, 'PAYMENTS_CURRENCY'>,
  ) {}

  async execute(pattern: string, command: IssueInvoice): Promise<InvoiceView> {
    const user = userOf(command.caller);
    if (user) enforce(user, { ownerId: command.payerId }, ...PaymentsAccess.manage());
    const currency = command.currency ?? this.config.PAYMENTS_CURRENCY;
    if (currency !== this.config.PAYMENTS_CURRENCY)
      throw PaymentsErrors.currencyNotAccepted(currency, this.config.PAYMENTS_CURRENCY);
    const amountMinor = totalOf(command.lines);
    // A due date already past is taken: the invoice expires at the sweeper's next round.
    const dueAt = new Date(command.dueAt);
    return this.commands.run(pattern, async (tx) => {
      const id = newId();
      const caseRef = command.caseRef ?? { context: 'payments', id };
      await this.invoices.lockCase(tx, caseRef);
      const purposes = await this.invoices.purposesOfCase(tx, caseRef);
      const purpose =
        command.purpose === NEXT_FEE_ADJUSTMENT ? nextFeeAdjustment(purposes) : command.purpose;
      const existing = await this.invoices.findByCase(tx, caseRef, purpose);
      if (existing) {
        if (
          sameInvoice(existing.invoice, {
            payerId: command.payerId,
            currency,
            lines: command.lines,
          })
        )
          return invoiceView(existing.invoice, existing.livePaymentId);
        throw PaymentsErrors.invoicePurposeTaken(existing.invoice.id, nextFeeAdjustment(purposes));
      }
      const now = new Date();
      const invoice: Invoice = {
        id,
        payerId: command.payerId,
        caseRef,
        purpose,
        amountMinor,
        currency,
        status: 'open',
        dueAt,
        issuedBy: actorText(command.caller),
        issuedAt: now,
        closedAt: null,
        closeReason: null,
        lines: command.lines.map((l) => ({
          revenueCode: l.revenueCode,
          descriptionKey: l.descriptionKey,
          amountMinor: l.amountMinor,
        })),
      };
      await this.invoices.insert(tx, invoice);
      await this.ledger.record(tx, invoiceIssued(ledgerFactsOf(invoice), now), invoice.issuedBy);
      await this.outbox.append(tx, {
        subject: INVOICE_ISSUED_V1,
        aggregateId: invoice.id,
        actor: command.caller,
        data: {
          ...invoiceEventFacts(invoice),
          purpose,
          payerAccountId: invoice.payerId,
          dueAt: dueAt.toISOString(),
        },
      });
      return invoiceView(invoice, null);
    });
  }
}
