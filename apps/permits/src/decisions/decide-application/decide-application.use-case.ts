import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  decideApplication,
  permitDecisionRefusal,
  PermitsApplicationErrors,
  throwRefusal,
  type ApplicationView,
  type DecideApplicationBody,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { ApplicationViews } from '../../applications/application-views.js';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
import { CaseRepository } from '../../cases/case.repository.js';

/** The decision's free text: its note, then each revision item's note under its key. */
export function decisionNoteBody(body: DecideApplicationBody): string | null {
  const parts = [
    ...(body.note ? [body.note] : []),
    ...(body.revisionItems ?? []).flatMap((item) =>
      item.note ? [`[${item.key}] ${item.note}`] : [],
    ),
  ];
  return parts.length > 0 ? parts.join('\n\n').slice(0, 10_000) : null;
}

/**
 * `permits.application.decide`: a clerk's or supervisor's decision (confirm complete, approve,
 * reject, request changes). The service checks the role, never one's own application and the
 * separation of duties with the shared rules, stores the free text in `application_notes`
 * (once per request key) and sends `decideApplication`, whose validator re-checks the same
 * rules and the state from workflow state; a refusal there is the same code. Two clerks at
 * once: the workflow takes one decision at a time, the other is refused (409). The answer is
 * the whole application view (as `permits.application.get` gives it) after the transition was
 * recorded.
 */
@Injectable()
export class DecideApplicationUseCase {
  constructor(
    private readonly commands: CaseCommands,
    private readonly idempotent: IdempotentCommands,
    private readonly cases: CaseRepository,
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly views: ApplicationViews,
  ) {}

  async execute(
    pattern: string,
    command: DecideApplicationBody & { applicationId: string },
    user: RequestActor,
  ): Promise<ApplicationView> {
    const row = await this.commands.load(command.applicationId);
    const revisionItemKeys = (command.revisionItems ?? []).map((item) => item.key);
    throwRefusal(
      permitDecisionRefusal(user, caseFactsOf(row), {
        decision: command.decision,
        ...(command.reasonCode ? { reasonCode: command.reasonCode } : {}),
        revisionItemKeys,
      }),
    );
    const body = decisionNoteBody(command);
    const noteId = body
      ? await this.idempotent.run(`${pattern}:note`, (tx) =>
          this.cases.insertNote(tx, {
            id: newId(),
            applicationId: row.id,
            kind: 'decision',
            authorId: user.userId,
            authorRole: user.role,
            body,
          }),
        )
      : undefined;
    await this.commands.send(row, pattern, decideApplication, {
      actor: caseActorOf(user),
      decision: command.decision,
      ...(command.reasonCode ? { reasonCode: command.reasonCode } : {}),
      ...(noteId ? { noteId } : {}),
      ...(revisionItemKeys.length > 0 ? { revisionItemKeys: [...new Set(revisionItemKeys)] } : {}),
    });
    const db = this.dataSource.manager;
    const application = await this.applications.findById(db, row.id);
    if (!application) throw PermitsApplicationErrors.applicationNotFound();
    return this.views.view(db, application, user);
  }
}
