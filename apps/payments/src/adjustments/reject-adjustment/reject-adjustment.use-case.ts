import { Injectable } from '@nestjs/common';
import {
  ADJUSTMENT_REJECTED_V1,
  enforce,
  PAYMENTS_ADJUSTMENT_REJECT,
  PaymentsAccess,
  PaymentsErrors,
  type AdjustmentView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { invoiceEventFacts } from '../../invoices/invoice.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { adjustmentView, assertProposed } from '../adjustment.js';
import { AdjustmentRepository } from '../adjustment.repository.js';

/**
 * A supervisor who did not propose it rejects a proposed waiver or reduction with a code, once
 * per request key: the adjustment is closed `rejected` with `adjustment.rejected`; the invoice
 * and the ledger are left as they are.
 */
@Injectable()
export class RejectAdjustmentUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly invoices: InvoiceRepository,
    private readonly adjustments: AdjustmentRepository,
  ) {}

  execute(command: {
    adjustmentId: string;
    decisionCode: string;
    user: RequestActor;
  }): Promise<AdjustmentView> {
    return this.commands.run(PAYMENTS_ADJUSTMENT_REJECT, async (tx) => {
      const found = await this.adjustments.findById(tx, command.adjustmentId, { lock: true });
      if (!found) throw PaymentsErrors.adjustmentNotFound();
      const { adjustment } = found;
      const invoiceFound = await this.invoices.findById(tx, adjustment.invoiceId);
      if (!invoiceFound) throw PaymentsErrors.invoiceNotFound();
      const { invoice } = invoiceFound;
      enforce(
        command.user,
        { ownerId: invoice.payerId, proposerId: adjustment.proposedBy },
        ...PaymentsAccess.decideAdjustment(),
      );
      assertProposed(adjustment);
      const at = new Date();
      await this.adjustments.decide(tx, adjustment.id, {
        status: 'rejected',
        amountMinor: adjustment.amountMinor,
        decidedBy: command.user.userId,
        decisionCode: command.decisionCode,
        at,
      });
      await this.outbox.append(tx, {
        subject: ADJUSTMENT_REJECTED_V1,
        aggregateId: invoice.id,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          ...invoiceEventFacts(invoice),
          adjustmentId: adjustment.id,
          kind: adjustment.kind,
          adjustmentMinor: adjustment.amountMinor,
          reasonCode: adjustment.reasonCode,
          decisionCode: command.decisionCode,
        },
      });
      return adjustmentView(
        {
          ...adjustment,
          status: 'rejected',
          decidedBy: command.user.userId,
          decidedAt: at,
          decisionCode: command.decisionCode,
        },
        invoice,
      );
    });
  }
}
