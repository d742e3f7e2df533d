import { Controller, Inject } from '@nestjs/common';
import {
  COMPLAINT_ASSIGNED_V1,
  COMPLAINT_CLOSED_V1,
  COMPLAINT_DUPLICATE_LINKED_V1,
  COMPLAINT_ESCALATED_V1,
  COMPLAINT_RATED_V1,
  COMPLAINT_RECEIVED_V1,
  COMPLAINT_REOPENED_V1,
  COMPLAINT_RESOLVED_V1,
  COMPLAINT_TRIAGED_V1,
} from '#contracts';
import { OnEvent, type EventContext, type EventOf } from '#platform';
import { applyComplaintFact, type ComplaintFact } from './complaint-case.js';
import { ComplaintCasesRepository } from './complaint-cases.repository.js';
import type { InsightsConfig } from '../config.js';
import { INSIGHTS_CONFIG } from '../insights.tokens.js';
import { monthOf } from '../months.js';

type Facts = { requestId: string; serviceCode: string; status: string };
const of = (event: { time: string; data: Facts }, kind: ComplaintFact['kind']): ComplaintFact => ({
  requestId: event.data.requestId,
  serviceCode: event.data.serviceCode,
  status: event.data.status,
  at: event.time,
  kind,
});

/**
 * The complaints stream into `complaint_cases` and the monthly feedback sums, in the
 * transaction that records each event in the inbox (an event delivered twice counts once).
 * Only scores cross: the comment stays in the complaints service.
 */
@Controller()
export class CountComplaintsWhenComplaintsEvents {
  constructor(
    private readonly cases: ComplaintCasesRepository,
    @Inject(INSIGHTS_CONFIG) private readonly config: Pick<InsightsConfig, 'CITY_TIME_ZONE'>,
  ) {}

  private async apply(context: EventContext, fact: ComplaintFact): Promise<void> {
    const current = await this.cases.find(context.manager, fact.requestId);
    await this.cases.save(context.manager, applyComplaintFact(current, fact));
  }

  @OnEvent(COMPLAINT_RECEIVED_V1)
  received(e: EventOf<typeof COMPLAINT_RECEIVED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'received'));
  }

  @OnEvent(COMPLAINT_TRIAGED_V1)
  triaged(e: EventOf<typeof COMPLAINT_TRIAGED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'changed'));
  }

  @OnEvent(COMPLAINT_ASSIGNED_V1)
  assigned(e: EventOf<typeof COMPLAINT_ASSIGNED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'changed'));
  }

  @OnEvent(COMPLAINT_REOPENED_V1)
  reopened(e: EventOf<typeof COMPLAINT_REOPENED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'changed'));
  }

  @OnEvent(COMPLAINT_DUPLICATE_LINKED_V1)
  duplicate(e: EventOf<typeof COMPLAINT_DUPLICATE_LINKED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'changed'));
  }

  @OnEvent(COMPLAINT_ESCALATED_V1)
  escalated(e: EventOf<typeof COMPLAINT_ESCALATED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'escalated'));
  }

  @OnEvent(COMPLAINT_RESOLVED_V1)
  resolved(e: EventOf<typeof COMPLAINT_RESOLVED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'resolved'));
  }

  @OnEvent(COMPLAINT_CLOSED_V1)
  closed(e: EventOf<typeof COMPLAINT_CLOSED_V1>, c: EventContext) {
    return this.apply(c, of(e, 'closed'));
  }

  @OnEvent(COMPLAINT_RATED_V1)
  async rated(e: EventOf<typeof COMPLAINT_RATED_V1>, c: EventContext) {
    await this.apply(c, of(e, 'changed'));
    await this.cases.addFeedback(
      c.manager,
      monthOf(e.time, this.config.CITY_TIME_ZONE),
      e.data.serviceCode,
      e.data.rating,
      e.data.recommendScore,
    );
  }
}
