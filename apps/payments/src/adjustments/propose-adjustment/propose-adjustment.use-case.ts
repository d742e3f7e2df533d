import { Injectable } from '@nestjs/common';
import {
  ADJUSTMENT_PROPOSED_V1,
  enforce,
  PAYMENTS_ADJUSTMENT_PROPOSE,
  PaymentsAccess,
  PaymentsErrors,
  type AdjustmentKind,
  type AdjustmentView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { invoiceEventFacts } from '../../invoices/invoice.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { adjustmentView, decideProposal, type Adjustment } from '../adjustment.js';
import { AdjustmentRepository } from '../adjustment.repository.js';

export interface ProposeAdjustment {
  invoiceId: string;
  kind: AdjustmentKind;
  amountMinor?: number;
  reasonCode: string;
  note?: string;
  user: RequestActor;
}

/**
 * A cashier or supervisor proposes to waive or reduce an open invoice with a reason (and a
 * note for whoever decides), once per request key: the invoice locked, one proposal waiting per
 * invoice (a partial unique index holds it too), `adjustment.proposed`. Nothing changes in the
 * invoice or the ledger until a supervisor who is not the proposer approves it.
 */
@Injectable()
export class ProposeAdjustmentUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly invoices: InvoiceRepository,
    private readonly adjustments: AdjustmentRepository,
  ) {}

  execute(command: ProposeAdjustment): Promise<AdjustmentView> {
    return this.commands.run(PAYMENTS_ADJUSTMENT_PROPOSE, async (tx) => {
      const found = await this.invoices.findById(tx, command.invoiceId, { lock: true });
      if (!found) throw PaymentsErrors.invoiceNotFound();
      const { invoice } = found;
      enforce(command.user, { ownerId: invoice.payerId }, ...PaymentsAccess.proposeAdjustment());
      const { amountMinor } = decideProposal(
        invoice,
        await this.adjustments.pendingOf(tx, invoice.id),
        {
          kind: command.kind,
          ...(command.amountMinor !== undefined ? { amountMinor: command.amountMinor } : {}),
        },
      );
      const adjustment: Adjustment = {
        id: newId(),
        invoiceId: invoice.id,
        kind: command.kind,
        amountMinor,
        invoiceAmountMinor: invoice.amountMinor,
        currency: invoice.currency,
        reasonCode: command.reasonCode,
        note: command.note ?? null,
        status: 'proposed',
        proposedBy: command.user.userId,
        proposedAt: new Date(),
        decidedBy: null,
        decidedAt: null,
        decisionCode: null,
      };
      await this.adjustments.insert(tx, adjustment);
      await this.outbox.append(tx, {
        subject: ADJUSTMENT_PROPOSED_V1,
        aggregateId: invoice.id,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          ...invoiceEventFacts(invoice),
          adjustmentId: adjustment.id,
          kind: adjustment.kind,
          adjustmentMinor: amountMinor,
          reasonCode: adjustment.reasonCode,
        },
      });
      return adjustmentView(adjustment, invoice);
    });
  }
}
