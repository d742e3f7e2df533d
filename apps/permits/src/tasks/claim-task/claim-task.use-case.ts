import { Injectable } from '@nestjs/common';
import {
  claimCase,
  claimRefusal,
  throwRefusal,
  type CaseView,
  type RequestActor,
} from '#contracts';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';

/**
 * `permits.task.claim`: a clerk or supervisor takes a case (never their own). An Update of the
 * case's workflow, so its assignee search attribute stays true; the workflow refuses a case
 * in a step nobody works.
 */
@Injectable()
export class ClaimTaskUseCase {
  constructor(private readonly commands: CaseCommands) {}

  async execute(pattern: string, applicationId: string, user: RequestActor): Promise<CaseView> {
    const row = await this.commands.load(applicationId);
    throwRefusal(claimRefusal(user, caseFactsOf(row)));
    await this.commands.send(row, pattern, claimCase, { actor: caseActorOf(user) });
    return this.commands.view(row.id);
  }
}
