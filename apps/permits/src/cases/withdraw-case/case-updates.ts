import { Injectable } from '@nestjs/common';
import {
  applicantRefusal,
  PERMITS_APPLICATION_WITHDRAW,
  throwRefusal,
  withdrawApplication,
  type CaseUpdateReply,
  type RequestActor,
} from '#contracts';
import type { Application } from '../../applications/application.js';
import { CaseUpdates } from '../../applications/withdraw-application/case-updates.js';
import { caseActorOf } from '../case-actor.js';
import { CaseCommands, caseFactsOf } from '../case-commands.js';

/**
 * What the applications' withdraw use case calls for an application that is already a case
 * (submitted): withdrawal is the `withdrawApplication` Update of its workflow (its id from the
 * request key), which cancels an open invoice or refunds a paid fee (and waits for the refund)
 * before it records the withdrawal. A draft is withdrawn by the applications use case itself.
 */
@Injectable()
export class WorkflowCaseUpdates extends CaseUpdates {
  constructor(private readonly commands: CaseCommands) {
    super();
  }

  async withdraw(application: Application, user: RequestActor): Promise<CaseUpdateReply> {
    const row = await this.commands.load(application.id);
    throwRefusal(applicantRefusal(user, caseFactsOf(row)));
    return this.commands.send(row, PERMITS_APPLICATION_WITHDRAW, withdrawApplication, {
      actor: caseActorOf(user),
    });
  }
}
