import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PermitsApplicationErrors,
  type Actor,
  type CaseUpdateReply,
  type CaseStep,
  type RecordTransitionRequest,
} from '#contracts';
import { newId, Outbox } from '#platform';
import { ConditionRepository } from '../../conditions/condition.repository.js';
import type { Application } from '../application.js';
import { ApplicationRepository } from '../application.repository.js';
import {
  clockAfter,
  CLOSED_STATUSES,
  decideTransition,
  MissingFact,
  transitionEvent,
} from '../transitions.js';
import { PermitIssuance } from './permit-issuance.js';

/**
 * `permits.internal.application.transition`: the workflow records a transition it drives. Once
 * per (application, seq): a repeat answers what was recorded and writes nothing. Checked
 * against the current status (`TRANSITION_RULES`); then, in one transaction, the application's
 * new status, step, assignee, due times, clock, fee, invoice, approvers and escalation from the
 * facts, the transition row, revision items (asked on `changes-requested`, answered on
 * `resubmitted`), inspection rows, and the transition's event through the outbox.
 */
@Injectable()
export class RecordTransitionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly applications: ApplicationRepository,
    private readonly issuance: PermitIssuance,
    private readonly conditions: ConditionRepository = new ConditionRepository(),
  ) {}

  execute(request: RecordTransitionRequest): Promise<CaseUpdateReply> {
    return this.outbox.transaction(this.dataSource.manager, async (tx) => {
      const application = await this.applications.findById(tx, request.applicationId, {
        lock: true,
      });
      if (!application) throw PermitsApplicationErrors.applicationNotFound();
      const recorded = await this.applications.transitionBySeq(tx, application.id, request.seq);
      if (recorded)
        return {
          applicationId: application.id,
          status: recorded.toStatus,
          step: (recorded.facts.step as CaseStep | undefined) ?? application.step,
        };
      const facts = request.facts ?? {};
      const decision = decideTransition(application.status, request.transition, facts.status);
      if (!decision.allowed)
        throw PermitsApplicationErrors.invalidTransition(application.status, application.step);
      if (
        request.noteId &&
        !(await this.applications.noteBelongs(tx, request.noteId, application.id))
      )
        throw PermitsApplicationErrors.of(
          'PERMITS.INVALID_TRANSITION',
          'the note does not belong to this application',
          { noteId: request.noteId },
        );
      const from = application.status;
      const now = new Date();
      const after = applyFacts(application, request, decision.to, now);

      if (request.transition === 'issued') {
        // Conditions of approval must all be met before a permit is issued.
        const unmet = await this.conditions.unmetCount(tx, application.id);
        if (unmet > 0) throw PermitsApplicationErrors.conditionsUnmet(unmet);
        await this.issuance.recordIssued(tx, after, request);
      }
      let eventId: string | null = null;
      try {
        const event = transitionEvent(after, request);
        if (event) {
          const appended = await this.outbox.append(tx, {
            subject: event.subject,
            aggregateId: after.id,
            actor: actorOf(request),
            data: event.data,
          });
          eventId = appended.id;
        }
      } catch (error) {
        if (error instanceof MissingFact)
          throw PermitsApplicationErrors.of('PERMITS.INVALID_TRANSITION', error.message, {
            transition: request.transition,
            missing: error.fact,
          });
        throw error;
      }
      await this.applications.save(tx, after);
      await this.applications.insertTransition(tx, {
        id: newId(),
        applicationId: after.id,
        workflowSeq: request.seq,
        transition: request.transition,
        fromStatus: from,
        toStatus: after.status,
        actorId: request.actor?.userId ?? null,
        actorRole: request.actor?.role ?? null,
        reasonCode: request.reasonCode ?? null,
        noteId: request.noteId ?? null,
        revisionItemKeys: request.revisionItemKeys ?? [],
        facts: { ...facts, step: after.step },
        eventId,
        at: now,
      });
      await this.sideRows(tx, after, request, now);
      return { applicationId: after.id, status: after.status, step: after.step };
    });
  }

  /** Revision items and inspections the transition asks, answers or records. */
  private async sideRows(
    tx: Parameters<ApplicationRepository['save']>[0],
    application: Application,
    request: RecordTransitionRequest,
    now: Date,
  ): Promise<void> {
    const facts = request.facts ?? {};
    const keys = request.revisionItemKeys ?? [];
    switch (request.transition) {
      case 'changes-requested':
        await this.applications.requestRevisions(
          tx,
          application.id,
          keys,
          keys.map(() => newId()),
          now,
        );
        return;
      case 'resubmitted':
        await this.applications.answerRevisions(tx, application.id, keys, now);
        await this.applications.lockDocuments(tx, application.id);
        return;
      case 'inspection-scheduled':
        await this.applications.insertInspection(tx, {
          id: facts.inspectionId as string,
          applicationId: application.id,
          round: facts.round as number,
          inspectorId: facts.inspectorId as string,
          scheduledFor: facts.scheduledFor as string,
          scheduledBy: request.actor?.userId ?? (facts.inspectorId as string),
          at: now,
        });
        return;
      case 'inspection-passed':
      case 'inspection-failed':
        await this.applications.recordInspectionResult(
          tx,
          facts.inspectionId as string,
          application.id,
          {
            status: request.transition === 'inspection-passed' ? 'passed' : 'failed',
            findingsId: facts.findingsId ?? null,
            at: now,
          },
        );
        return;
      case 'condition-added':
        if (!request.noteId || !facts.conditionId || !facts.conditionCode || !request.actor)
          throw PermitsApplicationErrors.of(
            'PERMITS.INVALID_TRANSITION',
            'a condition needs its id, code, text note and who added it',
            { transition: request.transition },
          );
        await this.conditions.insertCondition(tx, {
          id: facts.conditionId,
          applicationId: application.id,
          code: facts.conditionCode,
          textNoteId: request.noteId,
          addedBy: request.actor.userId,
          addedRole: request.actor.role,
          at: now,
        });
        return;
      case 'condition-met':
        await this.conditions.markMet(tx, {
          id: facts.conditionId as string,
          applicationId: application.id,
          metBy: request.actor?.userId as string,
          metRole: request.actor?.role as string,
          noteId: request.noteId ?? null,
          at: now,
        });
        return;
      case 'held':
        await this.conditions.insertHold(tx, {
          id: newId(),
          applicationId: application.id,
          reasonCode: request.reasonCode as string,
          noteId: request.noteId ?? null,
          heldBy: request.actor?.userId as string,
          heldRole: request.actor?.role as string,
          at: now,
        });
        return;
      case 'released':
        await this.conditions.releaseHold(tx, {
          applicationId: application.id,
          releasedBy: request.actor?.userId as string,
          releasedRole: request.actor?.role as string,
          noteId: request.noteId ?? null,
          at: now,
        });
        return;
      case 'completeness-confirmed':
      case 'payment-requested':
      case 'payment-reminded':
      case 'review-started':
      case 'assigned':
      case 'approval-recorded':
      case 'approved':
      case 'rejected':
      case 'withdrawn':
      case 'lapsed':
      case 'escalated':
      case 'deemed-approved':
      case 'deemed-refused':
      case 'fee-refunded':
      case 'issued':
        return;
    }
  }
}

const actorOf = (request: RecordTransitionRequest): Actor =>
  request.actor
    ? { kind: 'user', userId: request.actor.userId, role: request.actor.role }
    : { kind: 'system' };

/** The application after the transition: its new status and what the facts set. */
export function applyFacts(
  before: Application,
  request: RecordTransitionRequest,
  to: Application['status'],
  now: Date,
): Application {
  const facts = request.facts ?? {};
  const a: Application = { ...before, status: to, lastSeq: Math.max(before.lastSeq, request.seq) };
  const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
  if (facts.step !== undefined) a.step = facts.step;
  else if (CLOSED_STATUSES.includes(to)) a.step = 'closed';
  if (facts.assigneeId !== undefined) a.assigneeId = facts.assigneeId;
  if (facts.completenessDueAt !== undefined) a.completenessDueAt = date(facts.completenessDueAt);
  // A resubmission starts a new completeness check whose deadline is the workflow's: the last
  // one no longer holds, so none is shown (never a false "overdue") until it is recorded.
  else if (request.transition === 'resubmitted' && a.step === 'completeness_check')
    a.completenessDueAt = null;
  if (facts.paymentDueAt !== undefined) a.paymentDueAt = date(facts.paymentDueAt);
  if (facts.reviewDueAt !== undefined) a.reviewDueAt = date(facts.reviewDueAt);
  if (facts.workingDaysLeft !== undefined) a.workingDaysLeft = facts.workingDaysLeft;
  if (facts.invoiceId !== undefined) a.invoiceId = facts.invoiceId;
  if (facts.feeMinor !== undefined && request.transition !== 'fee-refunded')
    a.feeMinor = facts.feeMinor;
  if (facts.currency !== undefined) a.currency = facts.currency;
  if (facts.quantities !== undefined) a.quantities = facts.quantities;
  if (facts.secondApprovalRequired !== undefined)
    a.secondApprovalRequired = facts.secondApprovalRequired;
  if (facts.approverIds !== undefined) a.approverIds = facts.approverIds;
  else if (request.transition === 'approval-recorded' && request.actor)
    a.approverIds = [...before.approverIds, request.actor.userId];
  if (facts.escalated !== undefined) a.escalated = facts.escalated;
  else if (request.transition === 'escalated') a.escalated = true;
  a.clock = clockAfter(
    before.clock,
    request.transition,
    to,
    facts.clockStage,
    Boolean(facts.reviewDueAt),
  );
  if (CLOSED_STATUSES.includes(to) && !before.closedAt) a.closedAt = now;
  a.updatedAt = now;
  return a;
}
