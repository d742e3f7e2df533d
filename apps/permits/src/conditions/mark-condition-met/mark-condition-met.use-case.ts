import { Injectable } from '@nestjs/common';
import {
  conditionMetRefusal,
  markConditionMet,
  PermitsApplicationErrors,
  throwRefusal,
  type ApplicationView,
  type MarkConditionMetBody,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { DataSource } from 'typeorm';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { ApplicationViewReply } from '../case-view-reply.js';
import { ConditionRepository } from '../condition.repository.js';

/**
 * `permits.application.condition.met`: staff on the case (clerk, supervisor, inspector; never
 * on their own case) mark a condition met, with an optional note (kept in `application_notes`).
 * Who and when are the transition's actor and time, written on the condition row by the
 * `condition-met` transition. The last one met on an approved case lets the workflow issue the
 * permit. Refused while the case is on hold (`PERMITS.APPLICATION_ON_HOLD`), for a condition
 * the case does not have (`PERMITS.CONDITION_NOT_FOUND`) or one met already
 * (`PERMITS.CONDITION_ALREADY_MET`).
 */
@Injectable()
export class MarkConditionMetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CaseCommands,
    private readonly idempotent: IdempotentCommands,
    private readonly cases: CaseRepository,
    private readonly conditions: ConditionRepository,
    private readonly reply: ApplicationViewReply,
  ) {}

  async execute(
    pattern: string,
    command: MarkConditionMetBody & { applicationId: string; conditionId: string },
    user: RequestActor,
  ): Promise<ApplicationView> {
    const row = await this.commands.load(command.applicationId);
    throwRefusal(conditionMetRefusal(user, caseFactsOf(row)));
    const condition = await this.conditions.findCondition(
      this.dataSource.manager,
      row.id,
      command.conditionId,
    );
    if (!condition)
      throw PermitsApplicationErrors.of(
        'PERMITS.CONDITION_NOT_FOUND',
        'no such condition on this application',
        { conditionId: command.conditionId },
      );
    const note = command.note?.trim();
    const noteId = note
      ? await this.idempotent.run(`${pattern}:note`, (tx) =>
          this.cases.insertNote(tx, {
            id: newId(),
            applicationId: row.id,
            kind: 'condition',
            authorId: user.userId,
            authorRole: user.role,
            body: note,
          }),
        )
      : undefined;
    await this.commands.send(row, pattern, markConditionMet, {
      actor: caseActorOf(user),
      conditionId: condition.id,
      ...(noteId ? { noteId } : {}),
    });
    return this.reply.of(row.id, user);
  }
}
