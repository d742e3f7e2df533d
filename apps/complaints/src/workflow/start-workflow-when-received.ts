import { Controller, Inject, Logger } from '@nestjs/common';
import { COMPLAINT_RECEIVED_V1, type ComplaintPriority, type ComplaintRules } from '#contracts';
import {
  currentContext,
  normaliseCorrelationId,
  OnEvents,
  runAtMost,
  runWithContext,
  type EventContext,
  type EventOf,
} from '#platform';
import type { CatalogueService } from '../catalogue/catalogue.js';
import { CatalogueRepository } from '../catalogue/catalogue.repository.js';
import { COMPLAINTS_CONFIG } from '../complaints.tokens.js';
import type { ComplaintsConfig } from '../config.js';
import { ComplaintWorkflows } from './complaint-workflows.js';

/** Relative weight of the resolution SLA per priority (the service's own priority is 1). */
const PRIORITY_FACTOR: Record<ComplaintPriority, number> = {
  urgent: 0.25,
  high: 0.5,
  normal: 1,
  low: 2,
};

/** The service's SLA rules as the workflow pins them. */
export function rulesOf(service: CatalogueService, closeAfterDays: number): ComplaintRules {
  const base = service.resolutionDays / PRIORITY_FACTOR[service.priority];
  const by = (p: ComplaintPriority) => Math.max(1, Math.round(base * PRIORITY_FACTOR[p]));
  return {
    triageDays: service.triageDays,
    resolutionDays: {
      urgent: by('urgent'),
      high: by('high'),
      normal: by('normal'),
      low: by('low'),
    },
    closeAfterDays,
    reopenWindowDays: service.reopenWindowDays,
  };
}

/**
 * At most this many starts in flight per batch: a large batch must not flood the Temporal
 * frontend (as permits' starter does).
 */
const STARTS_AT_ONCE = 16;

/**
 * Starts the request's workflow when complaints consumes its own `request.received` through its
 * inbox: the create use case commits the event with the request, and this start is retried
 * until it succeeds; a redelivered event never starts a second run. Its success is recorded
 * (`workflow_started`, `workflow_started_at`) with the inbox entry.
 *
 * Under load it takes the reports that arrived together (@OnEvents): each service's catalogue
 * entry is read once, the starts go side by side (STARTS_AT_ONCE at a time), each in its own
 * event's correlation id, and one statement records them all. One start is a round trip to
 * Temporal: one after the other they held every later report back (issue 14, "Figures"). If
 * one start fails the batch is retried event by event, and the starts that succeeded meet "use
 * existing".
 */
@Controller()
export class StartWorkflowWhenReceived {
  private readonly logger = new Logger(StartWorkflowWhenReceived.name);

  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly workflows: ComplaintWorkflows,
    @Inject(COMPLAINTS_CONFIG)
    private readonly config: Pick<ComplaintsConfig, 'COMPLAINTS_CLOSE_AFTER_DAYS'>,
  ) {}

  @OnEvents(COMPLAINT_RECEIVED_V1)
  async handle(
    events: EventOf<typeof COMPLAINT_RECEIVED_V1>[],
    context: EventContext,
  ): Promise<void> {
    // The first event's context (correlation id and trace) is the one the handler runs in.
    const first = currentContext();
    const services = new Map<string, CatalogueService>();
    const starts: (() => Promise<void>)[] = [];
    for (const event of events) {
      const code = event.data.serviceCode;
      let service = services.get(code);
      if (!service) {
        service = await this.catalogue.findCached(context.manager, code);
        if (!service) throw new Error(`service ${code} is not in the catalogue`);
        services.set(code, service);
      }
      const input = {
        requestId: event.data.requestId,
        serviceCode: service.code,
        departmentCode: event.data.departmentCode,
        priority: event.data.priority,
        receivedAt: event.time,
        rules: rulesOf(service, this.config.COMPLAINTS_CLOSE_AFTER_DAYS),
      };
      starts.push(() =>
        runWithContext(
          event === events[0] && first
            ? first
            : { correlationId: normaliseCorrelationId(event.correlationid) },
          async () => {
            const outcome = await this.workflows.start(input);
            if (outcome === 'closed')
              this.logger.log(`request ${input.requestId} closed already: nothing to start`);
          },
        ),
      );
    }
    // At most STARTS_AT_ONCE at a time: a large batch must not flood the Temporal frontend.
    await runAtMost(STARTS_AT_ONCE, starts);
    // Committed with the inbox entries: a failed start is redelivered (and retried) until it
    // succeeds, so no sweep is needed; a redelivery keeps the first time.
    await context.manager.query(
      `UPDATE requests SET workflow_started = true,
              workflow_started_at = coalesce(workflow_started_at, now())
        WHERE id = ANY($1::uuid[])`,
      [events.map((e) => e.data.requestId)],
    );
  }
}
