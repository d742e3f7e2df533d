import { Injectable } from '@nestjs/common';
import {
  reassignCase,
  reassignRefusal,
  throwRefusal,
  type CaseView,
  type RequestActor,
} from '#contracts';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';

/**
 * `permits.task.reassign`: a supervisor gives a case to someone else (never a case of their own,
 * and never to its applicant). An Update of the case's workflow.
 */
@Injectable()
export class ReassignTaskUseCase {
  constructor(private readonly commands: CaseCommands) {}

  async execute(
    pattern: string,
    command: { applicationId: string; assigneeId: string },
    user: RequestActor,
  ): Promise<CaseView> {
    const row = await this.commands.load(command.applicationId);
    throwRefusal(reassignRefusal(user, caseFactsOf(row), command.assigneeId));
    await this.commands.send(row, pattern, reassignCase, {
      actor: caseActorOf(user),
      assigneeId: command.assigneeId,
    });
    return this.commands.view(row.id);
  }
}
