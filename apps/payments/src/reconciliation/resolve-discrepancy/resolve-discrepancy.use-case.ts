import { Injectable } from '@nestjs/common';
import {
  DISCREPANCY_RESOLVED_V1,
  enforce,
  PAYMENTS_DISCREPANCY_RESOLVE,
  PaymentsAccess,
  PaymentsErrors,
  type DiscrepancyView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { ReconciliationRepository } from '../reconciliation.repository.js';

/**
 * A cashier resolves a discrepancy with a note of what they found and did, once per request
 * key: open → resolved, with `discrepancy.resolved` (the note stays here, never in the event).
 * A resolved one is not resolved again (`PAYMENTS.DISCREPANCY_RESOLVED`).
 */
@Injectable()
export class ResolveDiscrepancyUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly reconciliation: ReconciliationRepository,
  ) {}

  execute(command: {
    discrepancyId: string;
    note: string;
    user: RequestActor;
  }): Promise<DiscrepancyView> {
    return this.commands.run(PAYMENTS_DISCREPANCY_RESOLVE, async (tx) => {
      enforce(command.user, {}, ...PaymentsAccess.runCounter());
      const found = await this.reconciliation.discrepancy(tx, command.discrepancyId, {
        lock: true,
      });
      if (!found) throw PaymentsErrors.discrepancyNotFound();
      const { view, caseRef } = found;
      if (view.status !== 'open') throw PaymentsErrors.discrepancyResolved();
      const at = new Date();
      await this.reconciliation.resolve(tx, view.id, {
        note: command.note,
        resolvedBy: command.user.userId,
        at,
      });
      await this.outbox.append(tx, {
        subject: DISCREPANCY_RESOLVED_V1,
        aggregateId: view.reportId,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          discrepancyId: view.id,
          reportId: view.reportId,
          kind: view.kind,
          ...(view.invoiceId ? { invoiceId: view.invoiceId } : {}),
          ...(caseRef ? { caseContext: caseRef.context, caseId: caseRef.id } : {}),
        },
      });
      return {
        ...view,
        status: 'resolved',
        note: command.note,
        resolvedBy: command.user.userId,
        resolvedAt: at.toISOString(),
      };
    });
  }
}
