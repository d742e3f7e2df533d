import { Injectable } from '@nestjs/common';
import {
  PERMIT_APPLICATION_SUBMITTED_V1,
  PERMITS_APPLICATION_SUBMIT,
  PermitsApplicationErrors,
  type ApplicationView,
  type OnBehalfOf,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { channelFacts, checkCompleteness, formatCaseNumber, isComplete } from '../application.js';
import { enforceChange } from '../acting-for.js';
import { ApplicationRepository } from '../application.repository.js';
import { ApplicationViews } from '../application-views.js';
import { FormValidators } from '../form-validators.js';

/**
 * The applicant submits a draft. Refused with every missing document and invalid field at once
 * (`PERMITS.APPLICATION_INCOMPLETE`); else, in one transaction: pinned to the type's version in
 * force, a case number from the gapless counter of its prefix and year, its documents locked,
 * `submitted` at the completeness check, the transition, and `application.submitted` (which
 * starts the case's workflow).
 */
@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly applications: ApplicationRepository,
    private readonly permitTypes: PermitTypeRepository,
    private readonly validators: FormValidators,
    private readonly views: ApplicationViews,
  ) {}

  execute(command: {
    applicationId: string;
    onBehalfOf?: OnBehalfOf;
    user: RequestActor;
  }): Promise<ApplicationView> {
    return this.commands.run(PERMITS_APPLICATION_SUBMIT, async (tx) => {
      const application = await this.applications.findById(tx, command.applicationId, {
        lock: true,
      });
      if (!application) throw PermitsApplicationErrors.applicationNotFound();
      enforceChange(command.user, application, command.onBehalfOf);
      if (application.status !== 'draft')
        throw PermitsApplicationErrors.invalidTransition(application.status, application.step);
      const type = await this.permitTypes.findCurrent(tx, application.permitType);
      if (!type) throw PermitsApplicationErrors.permitTypeUnknown(application.permitType);
      const documents = await this.applications.documentsOf(tx, application.id);
      const completeness = checkCompleteness(
        type.definition,
        application,
        documents,
        this.validators.of(type),
      );
      if (!isComplete(completeness))
        throw PermitsApplicationErrors.incomplete(
          completeness.missingDocuments,
          completeness.invalidFields,
        );
      // The documents first: the case number's counter row stays locked until the commit, so
      // what needs no number comes before it (submissions of one type wait on that row).
      await this.applications.lockDocuments(tx, application.id);
      const now = new Date();
      const year = now.getUTCFullYear();
      const n = await this.applications.nextNumber(tx, 'case', type.definition.prefix, year);
      Object.assign(application, {
        caseNumber: formatCaseNumber(type.definition.prefix, year, n),
        typeVersion: type.version,
        status: 'submitted',
        step: 'completeness_check',
        submittedAt: now,
        updatedAt: now,
      });
      await this.applications.save(tx, application);
      const event = await this.outbox.append(tx, {
        subject: PERMIT_APPLICATION_SUBMITTED_V1,
        aggregateId: application.id,
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
        data: {
          applicationId: application.id,
          caseNumber: application.caseNumber as string,
          permitType: application.permitType,
          typeVersion: application.typeVersion,
          applicantId: application.applicantId,
          submittedAt: now.toISOString(),
          quantities: application.quantities,
          ...channelFacts(application, command.onBehalfOf?.delegationId),
        },
      });
      await this.applications.insertTransition(tx, {
        id: newId(),
        applicationId: application.id,
        workflowSeq: null,
        transition: 'submitted',
        fromStatus: 'draft',
        toStatus: 'submitted',
        actorId: command.user.userId,
        actorRole: command.user.role,
        reasonCode: null,
        noteId: null,
        revisionItemKeys: [],
        facts: { typeVersion: application.typeVersion, caseNumber: application.caseNumber },
        eventId: event.id,
        at: now,
      });
      return this.views.view(tx, application, command.user);
    });
  }
}
