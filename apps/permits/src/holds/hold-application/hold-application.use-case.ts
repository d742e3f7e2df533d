import { Injectable } from '@nestjs/common';
import {
  holdCase,
  holdRefusal,
  throwRefusal,
  type ApplicationView,
  type HoldApplicationBody,
  type RequestActor,
} from '#contracts';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
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
    private readonly reply: ApplicationViewReply,
  ) {}

  async execute(
    pattern: string,
    command: HoldApplicationBody & { applicationId: string },
    user: RequestActor,
  ): Promise<ApplicationView> {
    const row = await this.commands.load(command.applicationId);
    throwRefusal(holdRefusal(user, caseFactsOf(row)));
    const noteId = await this.commands.noteOnce(pattern, row.id, user, 'hold', command.note);
    await this.commands.send(row, pattern, holdCase, {
      actor: caseActorOf(user),
      reasonCode: command.reasonCode,
      ...(noteId ? { noteId } : {}),
    });
    return this.reply.of(row.id, user);
  }
}
