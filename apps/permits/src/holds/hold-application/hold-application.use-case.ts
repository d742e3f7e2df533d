import { Injectable } from '@nestjs/common';
import {
  holdCase,
  holdRefusal,
  throwRefusal,
  type ApplicationView,
  type HoldApplicationBody,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { ApplicationViewReply } from '../../conditions/case-view-reply.js';

/**
 * `permits.application.hold`: a supervisor (never on their own case) puts the case on hold
 * with a reason code and optional free text (kept in `application_notes`, kind `hold`). The
 * `holdCase` Update stops a running review clock with its whole working days and records
 * `held`; until the release every step that moves the case is refused
 * `PERMITS.APPLICATION_ON_HOLD`.
 */
@Injectable()
export class HoldApplicationUseCase {
  constructor(
    private readonly commands: CaseCommands,
    private readonly idempotent: IdempotentCommands,
    private readonly cases: CaseRepository,
    private readonly reply: ApplicationViewReply,
  ) {}

  async execute(
    pattern: string,
    command: HoldApplicationBody & { applicationId: string },
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
    await this.commands.send(row, pattern, holdCase, {
      actor: caseActorOf(user),
      reasonCode: command.reasonCode,
      ...(noteId ? { noteId } : {}),
    });
    return this.reply.of(row.id, user);
  }
}
