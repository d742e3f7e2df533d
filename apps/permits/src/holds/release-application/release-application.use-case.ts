import { Injectable } from '@nestjs/common';
import {
  holdRefusal,
  releaseCase,
  throwRefusal,
  type ApplicationView,
  type ReleaseApplicationBody,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { ApplicationViewReply } from '../../conditions/case-view-reply.js';

/**
 * `permits.application.release`: a supervisor ends the hold (`PERMITS.APPLICATION_NOT_ON_HOLD`
 * when there is none). The `releaseCase` Update restarts a review clock the hold stopped with
 * the whole working days it kept, counted from the next working day, and records `released`.
 */
@Injectable()
export class ReleaseApplicationUseCase {
  constructor(
    private readonly commands: CaseCommands,
    private readonly idempotent: IdempotentCommands,
    private readonly cases: CaseRepository,
    private readonly reply: ApplicationViewReply,
  ) {}

  async execute(
    pattern: string,
    command: ReleaseApplicationBody & { applicationId: string },
    user: RequestActor,
  ): Promise<ApplicationView> {
    const row = await this.commands.load(command.applicationId);
    throwRefusal(holdRefusal(user, caseFactsOf(row)));
    const note = command.note?.trim();
    const noteId = note
      ? await this.idempotent.run(`${pattern}:note`, (tx) =>
          this.cases.insertNote(tx, {
            id: newId(),
            applicationId: row.id,
            kind: 'hold',
            authorId: user.userId,
            authorRole: user.role,
            body: note,
          }),
        )
      : undefined;
    await this.commands.send(row, pattern, releaseCase, {
      actor: caseActorOf(user),
      ...(noteId ? { noteId } : {}),
    });
    return this.reply.of(row.id, user);
  }
}
