import { Injectable } from '@nestjs/common';
import {
  addCondition,
  addConditionRefusal,
  throwRefusal,
  type AddConditionBody,
  type ApplicationView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { ApplicationViewReply } from '../case-view-reply.js';

/**
 * `permits.application.condition.add`: a clerk or supervisor attaches a condition of approval
 * (never on their own case). The text is stored in `application_notes` (kind `condition`) and
 * the condition id allocated, once per request key; the `addCondition` Update's validator
 * re-checks the rule and the state (open, or approved and waiting for its conditions; allowed
 * while on hold) and records `condition-added`, whose writer inserts the condition row.
 */
@Injectable()
export class AddConditionUseCase {
  constructor(
    private readonly commands: CaseCommands,
    private readonly idempotent: IdempotentCommands,
    private readonly cases: CaseRepository,
    private readonly reply: ApplicationViewReply,
  ) {}

  async execute(
    pattern: string,
    command: AddConditionBody & { applicationId: string },
    user: RequestActor,
  ): Promise<ApplicationView> {
    const row = await this.commands.load(command.applicationId);
    throwRefusal(addConditionRefusal(user, caseFactsOf(row)));
    const { conditionId, noteId } = await this.idempotent.run(
      `${pattern}:condition`,
      async (tx) => ({
        conditionId: newId(),
        noteId: await this.cases.insertNote(tx, {
          id: newId(),
          applicationId: row.id,
          kind: 'condition',
          authorId: user.userId,
          authorRole: user.role,
          body: command.text.trim(),
        }),
      }),
    );
    await this.commands.send(row, pattern, addCondition, {
      actor: caseActorOf(user),
      conditionId,
      code: command.code,
      noteId,
    });
    return this.reply.of(row.id, user);
  }
}
