import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PERMIT_APPLICATION_SUBMITTED_V1,
  PERMIT_EXPIRED_V1,
  PERMIT_RENEWAL_REQUESTED_V1,
  PERMIT_REVOKED_V1,
  PermitsApplicationErrors,
  SYSTEM_ACTOR,
  type Actor,
  type PermitLifeReply,
  type PermitLifeStatus,
  type PermitRevocationReason,
  type RecordPermitTransitionRequest,
} from '#contracts';
import { newId, Outbox } from '#platform';
import { formatCaseNumber, type Application } from '../../applications/application.js';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { PermitLifeRepository, type PermitLifeRow } from '../permit-life.repository.js';

const TO_STATUS = {
  revoked: 'revoked',
  expired: 'expired',
  'renewal-requested': 'valid',
} as const satisfies Record<RecordPermitTransitionRequest['transition'], PermitLifeStatus>;

const replyOf = (permit: PermitLifeRow): PermitLifeReply => ({
  permitNumber: permit.permitNumber,
  status: permit.status,
  renewalApplicationId: permit.renewalApplicationId,
});

/**
 * `permits.internal.permit.transition`: the permit workflow's transitions (docs/permits.md,
 * "A permit's life"), each once per (permit, seq): asked again, it answers the permit as it is.
 * In one transaction: the permit's status, the transition row and its event, whose aggregate
 * (CloudEvents `subject`) is the permit number, so the audit log's proof of the permit carries
 * it. `renewal-requested` also creates the renewal application: its own id, `renewal_of` the
 * permit, pinned to the type's version in force, the original's title, site, details and
 * quantities, submitted (its `application.submitted` starts its own case workflow).
 */
@Injectable()
export class RecordPermitTransitionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly permits: PermitLifeRepository,
    private readonly applications: ApplicationRepository,
    private readonly types: PermitTypeRepository,
  ) {}

  execute(command: RecordPermitTransitionRequest): Promise<PermitLifeReply> {
    return this.outbox.transaction(this.dataSource.manager, async (tx) => {
      const permit = await this.permits.find(tx, command.permitNumber, { lock: true });
      if (!permit) throw PermitsApplicationErrors.permitNotFound();
      if (await this.permits.transitionAt(tx, permit.permitNumber, command.seq))
        return replyOf(permit);
      if (permit.status !== 'valid')
        throw PermitsApplicationErrors.of(
          'PERMITS.PERMIT_NOT_ACTIVE',
          `permit ${permit.permitNumber} is ${permit.status}`,
          { status: permit.status },
        );
      const at = new Date();
      const actor: Actor = command.actor
        ? { kind: 'user', userId: command.actor.userId, role: command.actor.role }
        : SYSTEM_ACTOR;
      const base = { permitNumber: permit.permitNumber, applicationId: permit.applicationId };
      let renewal: Application | undefined;
      let eventId: string;
      switch (command.transition) {
        case 'revoked':
          eventId = (
            await this.outbox.append(tx, {
              subject: PERMIT_REVOKED_V1,
              aggregateId: permit.permitNumber,
              actor,
              data: {
                ...base,
                reasonCode: command.reasonCode as PermitRevocationReason,
                revokedAt: at.toISOString(),
              },
            })
          ).id;
          break;
        case 'expired':
          eventId = (
            await this.outbox.append(tx, {
              subject: PERMIT_EXPIRED_V1,
              aggregateId: permit.permitNumber,
              actor,
              data: {
                ...base,
                validUntil: permit.validUntil.toISOString(),
                expiredAt: at.toISOString(),
              },
            })
          ).id;
          break;
        case 'renewal-requested': {
          renewal = await this.submitRenewal(tx, permit, actor, at);
          eventId = (
            await this.outbox.append(tx, {
              subject: PERMIT_RENEWAL_REQUESTED_V1,
              aggregateId: permit.permitNumber,
              actor,
              data: {
                ...base,
                renewalApplicationId: renewal.id,
                renewalCaseNumber: renewal.caseNumber as string,
                permitType: renewal.permitType,
                typeVersion: renewal.typeVersion,
              },
            })
          ).id;
          break;
        }
      }
      const toStatus = TO_STATUS[command.transition];
      await this.permits.record(
        tx,
        {
          id: newId(),
          permitNumber: permit.permitNumber,
          seq: command.seq,
          transition: command.transition,
          fromStatus: permit.status,
          toStatus,
          actorId: command.actor?.userId ?? null,
          actorRole: command.actor?.role ?? null,
          reasonCode: command.reasonCode ?? null,
          noteId: command.noteId ?? null,
          facts: renewal ? { renewalApplicationId: renewal.id } : {},
          eventId,
          at,
        },
        renewal ? { renewalApplicationId: renewal.id } : {},
      );
      return replyOf({
        ...permit,
        status: toStatus,
        renewalApplicationId: renewal?.id ?? permit.renewalApplicationId,
      });
    });
  }

  /** The renewal application, submitted under the type's version in force. */
  private async submitRenewal(
    tx: EntityManager,
    permit: PermitLifeRow,
    actor: Actor,
    at: Date,
  ): Promise<Application> {
    const original = await this.applications.findById(tx, permit.applicationId);
    if (!original) throw PermitsApplicationErrors.applicationNotFound();
    const type = await this.types.findCurrent(tx, permit.permitType);
    if (!type) throw PermitsApplicationErrors.permitTypeUnknown(permit.permitType);
    const year = at.getUTCFullYear();
    const n = await this.applications.nextNumber(tx, 'case', type.definition.prefix, year);
    const renewal: Application = {
      ...original,
      id: newId(),
      caseNumber: formatCaseNumber(type.definition.prefix, year, n),
      typeVersion: type.version,
      status: 'submitted',
      step: 'completeness_check',
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
      submittedAt: at,
      closedAt: null,
      createdAt: at,
      updatedAt: at,
      renewalOf: permit.permitNumber,
    };
    await this.applications.insert(tx, { ...renewal, caseNumber: null, status: 'draft' });
    await this.applications.save(tx, renewal);
    await this.permits.markRenewal(tx, renewal.id, permit.permitNumber);
    const event = await this.outbox.append(tx, {
      subject: PERMIT_APPLICATION_SUBMITTED_V1,
      aggregateId: renewal.id,
      actor,
      data: {
        applicationId: renewal.id,
        caseNumber: renewal.caseNumber as string,
        permitType: renewal.permitType,
        typeVersion: renewal.typeVersion,
        applicantId: renewal.applicantId,
        submittedAt: at.toISOString(),
        quantities: renewal.quantities,
      },
    });
    await this.applications.insertTransition(tx, {
      id: newId(),
      applicationId: renewal.id,
      workflowSeq: null,
      transition: 'submitted',
      fromStatus: null,
      toStatus: 'submitted',
      actorId: actor.kind === 'user' ? actor.userId : null,
      actorRole: actor.kind === 'user' ? actor.role : null,
      reasonCode: null,
      noteId: null,
      revisionItemKeys: [],
      facts: {
        typeVersion: renewal.typeVersion,
        caseNumber: renewal.caseNumber,
        renewalOf: permit.permitNumber,
      },
      eventId: event.id,
      at,
    });
    return renewal;
  }
}
