import { Injectable } from '@nestjs/common';
import {
  PAYMENTS_TILL_CLOSE,
  PaymentsErrors,
  TILL_CLOSED_V1,
  formatActor,
  type RequestActor,
  type TillSessionView,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { tillDifference } from '../../ledger/ledger.js';
import { LedgerRepository } from '../../ledger/ledger.repository.js';
import { assertWorkable, decideClose, tillSessionView } from '../till.js';
import { TillRepository } from '../till.repository.js';

/**
 * The cashier closes their till session with the cash counted, once per request key: the
 * session locked (nothing more is recorded in it meanwhile), the cash expected (float + cash
 * in - cash paid out) compared with the count, the difference booked (`till_differences`, an
 * entry only when there is one) and `till.closed` with both, in one transaction.
 */
@Injectable()
export class CloseTillUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly tills: TillRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  execute(command: {
    tillSessionId: string;
    countedMinor: number;
    user: RequestActor;
  }): Promise<TillSessionView> {
    return this.commands.run(PAYMENTS_TILL_CLOSE, async (tx) => {
      const session = await this.tills.findById(tx, command.tillSessionId, { lock: true });
      if (!session) throw PaymentsErrors.tillSessionNotFound();
      assertWorkable(session, command.user);
      const totals = await this.tills.totals(tx, session.id);
      const { expectedMinor, differenceMinor } = decideClose(session, totals, command.countedMinor);
      const at = new Date();
      await this.tills.close(tx, session.id, {
        expectedMinor,
        countedMinor: command.countedMinor,
        differenceMinor,
        at,
      });
      const actor = { kind: 'user' as const, userId: command.user.userId, role: command.user.role };
      const entry = tillDifference(session, differenceMinor, at);
      if (entry) await this.ledger.record(tx, entry, formatActor(actor));
      await this.outbox.append(tx, {
        subject: TILL_CLOSED_V1,
        aggregateId: session.id,
        actor,
        data: {
          tillSessionId: session.id,
          tillId: session.tillId,
          currency: session.currency,
          openingFloatMinor: session.openingFloatMinor,
          expectedMinor,
          countedMinor: command.countedMinor,
          differenceMinor,
        },
      });
      return tillSessionView(
        {
          ...session,
          status: 'closed',
          closedAt: at,
          expectedMinor,
          countedMinor: command.countedMinor,
          differenceMinor,
        },
        totals,
      );
    });
  }
}
