import { Injectable } from '@nestjs/common';
import {
  ADJUSTMENT_APPROVED_V1,
  enforce,
  formatActor,
  INVOICE_WAIVED_V1,
  money,
  PAYMENTS_ADJUSTMENT_APPROVE,
  PaymentsAccess,
  PaymentsErrors,
  type AdjustmentView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { invoiceEventFacts } from '../../invoices/invoice.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { invoiceAdjusted } from '../../ledger/ledger.js';
import { LedgerRepository } from '../../ledger/ledger.repository.js';
import { adjustmentView, decideApproval } from '../adjustment.js';
import { AdjustmentRepository } from '../adjustment.repository.js';

/**
 * A supervisor approves a proposed waiver or reduction, once per request key: never on an
 * invoice of their own, never one they proposed (`POLICY.OWN_PROPOSAL`; the database refuses
 * it too). In one transaction, the adjustment and its invoice locked: the invoice still open
 * with no payment in progress, the adjustment approved, the invoice asking for less (a
 * reduction) or closed `waived`, the ledger entry (waivers / the payer's receivable),
 * `adjustment.approved` and, for a waiver, `invoice.waived`.
 */
@Injectable()
export class ApproveAdjustmentUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly invoices: InvoiceRepository,
    private readonly adjustments: AdjustmentRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  execute(command: { adjustmentId: string; user: RequestActor }): Promise<AdjustmentView> {
    return this.commands.run(PAYMENTS_ADJUSTMENT_APPROVE, async (tx) => {
      const found = await this.adjustments.findById(tx, command.adjustmentId, { lock: true });
      if (!found) throw PaymentsErrors.adjustmentNotFound();
      const { adjustment } = found;
      const invoiceFound = await this.invoices.findById(tx, adjustment.invoiceId, { lock: true });
      if (!invoiceFound) throw PaymentsErrors.invoiceNotFound();
      const { invoice, livePaymentId } = invoiceFound;
      enforce(
        command.user,
        { ownerId: invoice.payerId, proposerId: adjustment.proposedBy },
        ...PaymentsAccess.decideAdjustment(),
      );
      const decision = decideApproval(adjustment, invoice, livePaymentId);
      const at = new Date();
      await this.adjustments.decide(tx, adjustment.id, {
        status: 'approved',
        amountMinor: decision.amountMinor,
        decidedBy: command.user.userId,
        decisionCode: null,
        at,
      });
      if (decision.invoiceStatus === 'waived')
        await this.invoices.close(tx, invoice.id, 'waived', `adjustment:${adjustment.id}`, at);
      else await this.adjustments.reduceInvoice(tx, invoice.id, decision.amountMinor);
      const actor = { kind: 'user' as const, userId: command.user.userId, role: command.user.role };
      await this.ledger.record(
        tx,
        invoiceAdjusted(
          {
            id: adjustment.id,
            invoiceId: invoice.id,
            payerId: invoice.payerId,
            amount: money(decision.amountMinor, invoice.currency),
            kind: adjustment.kind,
          },
          at,
        ),
        formatActor(actor),
      );
      const facts = invoiceEventFacts(invoice);
      await this.outbox.append(tx, {
        subject: ADJUSTMENT_APPROVED_V1,
        aggregateId: invoice.id,
        actor,
        data: {
          ...facts,
          adjustmentId: adjustment.id,
          kind: adjustment.kind,
          adjustmentMinor: decision.amountMinor,
          reasonCode: adjustment.reasonCode,
          invoiceAmountMinor: decision.invoiceAmountMinor,
          invoiceStatus: decision.invoiceStatus,
        },
      });
      if (decision.invoiceStatus === 'waived')
        await this.outbox.append(tx, {
          subject: INVOICE_WAIVED_V1,
          aggregateId: invoice.id,
          actor,
          data: { ...facts, adjustmentId: adjustment.id, waivedAt: at.toISOString() },
        });
      return adjustmentView(
        {
          ...adjustment,
          amountMinor: decision.amountMinor,
          status: 'approved',
          decidedBy: command.user.userId,
          decidedAt: at,
        },
        invoice,
      );
    });
  }
}
