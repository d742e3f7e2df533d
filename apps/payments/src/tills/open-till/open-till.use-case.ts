import { Inject, Injectable } from '@nestjs/common';
import {
  enforce,
  PAYMENTS_TILL_OPEN,
  PaymentsAccess,
  PaymentsErrors,
  TILL_OPENED_V1,
  type RequestActor,
  type TillSessionView,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import type { PaymentsConfig } from '../../config.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { NO_TOTALS, tillSessionView, type TillSession } from '../till.js';
import { TillRepository } from '../till.repository.js';

/**
 * A cashier opens a till session with the float put in the till, once per request key. One
 * open session per till and one per cashier (partial unique indexes: a second is refused
 * `PAYMENTS.TILL_ALREADY_OPEN`, naming the open one); `till.opened` commits with it.
 */
@Injectable()
export class OpenTillUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly tills: TillRepository,
    @Inject(PAYMENTS_CONFIG) private readonly config: Pick<PaymentsConfig, 'PAYMENTS_CURRENCY'>,
  ) {}

  execute(command: {
    tillId: string;
    openingFloatMinor: number;
    user: RequestActor;
  }): Promise<TillSessionView> {
    return this.commands.run(PAYMENTS_TILL_OPEN, async (tx) => {
      enforce(command.user, {}, ...PaymentsAccess.runCounter());
      const session: TillSession = {
        id: newId(),
        tillId: command.tillId,
        cashierId: command.user.userId,
        currency: this.config.PAYMENTS_CURRENCY,
        openingFloatMinor: command.openingFloatMinor,
        status: 'open',
        openedAt: new Date(),
        closedAt: null,
        expectedMinor: null,
        countedMinor: null,
        differenceMinor: null,
      };
      if (!(await this.tills.open(tx, session))) {
        const open = await this.tills.openOf(tx, {
          tillId: command.tillId,
          cashierId: command.user.userId,
        });
        throw PaymentsErrors.tillAlreadyOpen(open?.id ?? 'unknown');
      }
      await this.outbox.append(tx, {
        subject: TILL_OPENED_V1,
        aggregateId: session.id,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          tillSessionId: session.id,
          tillId: session.tillId,
          currency: session.currency,
          openingFloatMinor: session.openingFloatMinor,
          cashierId: session.cashierId,
        },
      });
      return tillSessionView(session, NO_TOTALS);
    });
  }
}
