import { Injectable } from '@nestjs/common';
import {
  enforceOnCase,
  PermitsAccess,
  withdrawApplication,
  type CaseView,
  type RequestActor,
} from '#contracts';
import { caseActorOf } from '../case-actor.js';
import { CaseCommands, caseFactsOf } from '../case-commands.js';

/**
 * The seam the applications' withdraw use case calls for an application that is already a case
 * (submitted): withdrawal is then the `withdrawApplication` Update of its workflow, which
 * cancels an open invoice or refunds a paid fee (and waits for the refund) before it records
 * the withdrawal. A draft is withdrawn by the applications use case itself.
 */
@Injectable()
export class CaseUpdates {
  constructor(private readonly commands: CaseCommands) {}

  async withdraw(pattern: string, applicationId: string, user: RequestActor): Promise<CaseView> {
    const row = await this.commands.load(applicationId);
    enforceOnCase(user, caseFactsOf(row), PermitsAccess.applicant());
    await this.commands.send(row, pattern, withdrawApplication, { actor: caseActorOf(user) });
    return this.commands.view(row.id);
  }
}
