import { Controller } from '@nestjs/common';
import {
  PERMIT_APPLICATION_APPROVED_V1,
  PERMIT_APPLICATION_CHANGES_REQUESTED_V1,
  PERMIT_APPLICATION_DEEMED_APPROVED_V1,
  PERMIT_APPLICATION_DEEMED_REFUSED_V1,
  PERMIT_APPLICATION_ESCALATED_V1,
  PERMIT_APPLICATION_FEE_REFUNDED_V1,
  PERMIT_APPLICATION_HELD_V1,
  PERMIT_APPLICATION_LAPSED_V1,
  PERMIT_APPLICATION_PAYMENT_REQUESTED_V1,
  PERMIT_APPLICATION_REJECTED_V1,
  PERMIT_APPLICATION_RELEASED_V1,
  PERMIT_APPLICATION_RESUBMITTED_V1,
  PERMIT_APPLICATION_REVIEW_STARTED_V1,
  PERMIT_APPLICATION_SUBMITTED_V1,
  PERMIT_APPLICATION_WITHDRAWN_V1,
  PERMIT_ISSUED_V1,
} from '#contracts';
import { OnEvent, type EventContext, type EventOf } from '#platform';
import { applyApplicationFact, type ApplicationFact } from './application-case.js';
import { ApplicationCasesRepository } from './application-cases.repository.js';

type Facts = { applicationId: string; permitType: string };
/** Every fact's common part: the application, its type and the event's time. */
const of = (event: { time: string; data: Facts }) => ({
  applicationId: event.data.applicationId,
  permitType: event.data.permitType,
  at: event.time,
});

/**
 * The permits stream into `application_cases`: each event of an application moves its row
 * through `applyApplicationFact`, in the transaction that records the event in the inbox, so
 * an event delivered twice is counted once.
 */
@Controller()
export class CountApplicationsWhenPermitsEvents {
  constructor(private readonly cases: ApplicationCasesRepository) {}

  private async apply(context: EventContext, fact: ApplicationFact): Promise<void> {
    const current = await this.cases.find(context.manager, fact.applicationId);
    await this.cases.save(context.manager, applyApplicationFact(current, fact));
  }

  @OnEvent(PERMIT_APPLICATION_SUBMITTED_V1)
  submitted(e: EventOf<typeof PERMIT_APPLICATION_SUBMITTED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'submitted', submittedAt: e.data.submittedAt });
  }

  @OnEvent(PERMIT_APPLICATION_PAYMENT_REQUESTED_V1)
  paymentRequested(e: EventOf<typeof PERMIT_APPLICATION_PAYMENT_REQUESTED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'payment-requested' });
  }

  @OnEvent(PERMIT_APPLICATION_REVIEW_STARTED_V1)
  reviewStarted(e: EventOf<typeof PERMIT_APPLICATION_REVIEW_STARTED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'review-started', reviewDueAt: e.data.reviewDueAt });
  }

  @OnEvent(PERMIT_APPLICATION_CHANGES_REQUESTED_V1)
  changesRequested(e: EventOf<typeof PERMIT_APPLICATION_CHANGES_REQUESTED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'changes-requested' });
  }

  @OnEvent(PERMIT_APPLICATION_RESUBMITTED_V1)
  resubmitted(e: EventOf<typeof PERMIT_APPLICATION_RESUBMITTED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'resubmitted' });
  }

  @OnEvent(PERMIT_APPLICATION_HELD_V1)
  held(e: EventOf<typeof PERMIT_APPLICATION_HELD_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'held' });
  }

  @OnEvent(PERMIT_APPLICATION_RELEASED_V1)
  released(e: EventOf<typeof PERMIT_APPLICATION_RELEASED_V1>, c: EventContext) {
    return this.apply(c, {
      ...of(e),
      kind: 'released',
      ...(e.data.reviewDueAt ? { reviewDueAt: e.data.reviewDueAt } : {}),
    });
  }

  @OnEvent(PERMIT_APPLICATION_APPROVED_V1)
  approved(e: EventOf<typeof PERMIT_APPLICATION_APPROVED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'approved', deemed: false });
  }

  @OnEvent(PERMIT_APPLICATION_DEEMED_APPROVED_V1)
  deemedApproved(e: EventOf<typeof PERMIT_APPLICATION_DEEMED_APPROVED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'approved', deemed: true });
  }

  @OnEvent(PERMIT_APPLICATION_REJECTED_V1)
  rejected(e: EventOf<typeof PERMIT_APPLICATION_REJECTED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'rejected', deemed: false });
  }

  @OnEvent(PERMIT_APPLICATION_DEEMED_REFUSED_V1)
  deemedRefused(e: EventOf<typeof PERMIT_APPLICATION_DEEMED_REFUSED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'rejected', deemed: true });
  }

  @OnEvent(PERMIT_APPLICATION_WITHDRAWN_V1)
  withdrawn(e: EventOf<typeof PERMIT_APPLICATION_WITHDRAWN_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'withdrawn' });
  }

  @OnEvent(PERMIT_APPLICATION_LAPSED_V1)
  lapsed(e: EventOf<typeof PERMIT_APPLICATION_LAPSED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'lapsed' });
  }

  @OnEvent(PERMIT_APPLICATION_ESCALATED_V1)
  escalated(e: EventOf<typeof PERMIT_APPLICATION_ESCALATED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'deadline-breached' });
  }

  @OnEvent(PERMIT_APPLICATION_FEE_REFUNDED_V1)
  feeRefunded(e: EventOf<typeof PERMIT_APPLICATION_FEE_REFUNDED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'deadline-breached' });
  }

  @OnEvent(PERMIT_ISSUED_V1)
  issued(e: EventOf<typeof PERMIT_ISSUED_V1>, c: EventContext) {
    return this.apply(c, { ...of(e), kind: 'issued' });
  }
}
