import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PERMIT_APPLICATION_WITHDRAWN_V1,
  PERMITS_APPLICATION_WITHDRAW,
  PermitsApplicationErrors,
  PermitsApplicationsAccess,
  type ApplicationView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { ApplicationRepository } from '../application.repository.js';
import { ApplicationViews } from '../application-views.js';
import { CaseUpdates } from './case-updates.js';

/**
 * The applicant withdraws their application. A draft is withdrawn here and now (no
 * compensation: nothing was asked for yet): `withdrawn`, the transition and
 * `application.withdrawn`, one transaction. After submission the case's workflow decides
 * (`CaseUpdates`: an Update that cancels the invoice or refunds first); the answer is the
 * application as the table then says.
 */
@Injectable()
export class WithdrawApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly applications: ApplicationRepository,
    private readonly views: ApplicationViews,
    private readonly caseUpdates: CaseUpdates,
  ) {}

  async execute(command: { applicationId: string; user: RequestActor }): Promise<ApplicationView> {
    const found = await this.applications.findById(this.dataSource.manager, command.applicationId);
    if (!found) throw PermitsApplicationErrors.applicationNotFound();
    enforce(command.user, { ownerId: found.applicantId }, ...PermitsApplicationsAccess.change());
    // A withdrawn draft goes the draft's way too: a repeated request key answers as before.
    const draft = found.status === 'draft' || (found.status === 'withdrawn' && !found.caseNumber);
    if (!draft) {
      await this.caseUpdates.withdraw(found, command.user);
      const after = await this.applications.findById(this.dataSource.manager, found.id);
      return this.views.view(this.dataSource.manager, after ?? found, command.user);
    }
    return this.commands.run(PERMITS_APPLICATION_WITHDRAW, async (tx) => {
      const application = await this.applications.findById(tx, command.applicationId, {
        lock: true,
      });
      if (!application) throw PermitsApplicationErrors.applicationNotFound();
      if (application.status !== 'draft')
        throw PermitsApplicationErrors.invalidTransition(application.status, application.step);
      const now = new Date();
      Object.assign(application, {
        status: 'withdrawn',
        step: 'closed',
        clock: 'done',
        closedAt: now,
        updatedAt: now,
      });
      await this.applications.save(tx, application);
      const event = await this.outbox.append(tx, {
        subject: PERMIT_APPLICATION_WITHDRAWN_V1,
        aggregateId: application.id,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          applicationId: application.id,
          permitType: application.permitType,
          typeVersion: application.typeVersion,
          compensation: 'none',
        },
      });
      await this.applications.insertTransition(tx, {
        id: newId(),
        applicationId: application.id,
        workflowSeq: null,
        transition: 'withdrawn',
        fromStatus: 'draft',
        toStatus: 'withdrawn',
        actorId: command.user.userId,
        actorRole: command.user.role,
        reasonCode: null,
        noteId: null,
        revisionItemKeys: [],
        facts: { compensation: 'none' },
        eventId: event.id,
        at: now,
      });
      return this.views.view(tx, application, command.user);
    });
  }
}
