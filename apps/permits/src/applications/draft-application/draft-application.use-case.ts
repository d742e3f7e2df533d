import { Injectable } from '@nestjs/common';
import {
  PERMIT_APPLICATION_DRAFTED_V1,
  PERMITS_APPLICATION_DRAFT,
  PermitsApplicationErrors,
  type ApplicationView,
  type DraftApplicationRequest,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { channelFacts, type Application } from '../application.js';
import { ApplicationRepository } from '../application.repository.js';
import { ApplicationViews } from '../application-views.js';
import { filingOf } from '../acting-for.js';

export type DraftApplication = DraftApplicationRequest & { user: RequestActor };

/**
 * An applicant starts a draft of a permit type that exists, pinned to the type's version in
 * force (re-pinned to the then-current version when submitted): the row, its first transition
 * (`drafted`) and `application.drafted`, once per request key.
 */
@Injectable()
export class DraftApplicationUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly applications: ApplicationRepository,
    private readonly permitTypes: PermitTypeRepository,
    private readonly views: ApplicationViews,
  ) {}

  execute(command: DraftApplication): Promise<ApplicationView> {
    return this.commands.run(PERMITS_APPLICATION_DRAFT, async (tx) => {
      const type = await this.permitTypes.findCurrent(tx, command.permitType);
      if (!type) throw PermitsApplicationErrors.permitTypeUnknown(command.permitType);
      const filing = filingOf(command.user, command.onBehalfOf);
      const now = new Date();
      const application: Application = {
        id: newId(),
        caseNumber: null,
        ...filing,
        permitType: type.code,
        typeVersion: type.version,
        status: 'draft',
        step: 'drafting',
        title: command.title,
        site: {
          address: command.site.address,
          lat: command.site.lat ?? null,
          lon: command.site.lon ?? null,
        },
        details: command.details ?? {},
        quantities: command.quantities ?? {},
        assigneeId: null,
        escalated: false,
        secondApprovalRequired: false,
        approverIds: [],
        feeMinor: null,
        currency: null,
        invoiceId: null,
        completenessDueAt: null,
        paymentDueAt: null,
        reviewDueAt: null,
        workingDaysLeft: null,
        clock: 'not_started',
        lastSeq: 0,
        submittedAt: null,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.applications.insert(tx, application);
      const event = await this.outbox.append(tx, {
        subject: PERMIT_APPLICATION_DRAFTED_V1,
        aggregateId: application.id,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          applicationId: application.id,
          permitType: application.permitType,
          typeVersion: application.typeVersion,
          applicantId: application.applicantId,
          ...channelFacts(application, command.onBehalfOf?.delegationId),
        },
      });
      await this.applications.insertTransition(tx, {
        id: newId(),
        applicationId: application.id,
        workflowSeq: null,
        transition: 'drafted',
        fromStatus: null,
        toStatus: 'draft',
        actorId: command.user.userId,
        actorRole: command.user.role,
        reasonCode: null,
        noteId: null,
        revisionItemKeys: [],
        facts: {},
        eventId: event.id,
        at: now,
      });
      return this.views.view(tx, application, command.user);
    });
  }
}
