import { Injectable } from '@nestjs/common';
import {
  holdRefusal,
  releaseCase,
  throwRefusal,
  type ApplicationView,
  type ReleaseApplicationBody,
  type RequestActor,
} from '#contracts';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
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
    private readonly reply: ApplicationViewReply,
  ) {}

  async execute(
    pattern: string,
    command: ReleaseApplicationBody & { applicationId: string },
    user: RequestActor,
  ): Promise<ApplicationView> {
    const row = await this.commands.load(command.applicationId);
    throwRefusal(holdRefusal(user, caseFactsOf(row)));
    const noteId = await this.commands.noteOnce(pattern, row.id, user, 'hold', command.note);
    await this.commands.send(row, pattern, releaseCase, {
      actor: caseActorOf(user),
      ...(noteId ? { noteId } : {}),
    });
    return this.reply.of(row.id, user);
  }
}
