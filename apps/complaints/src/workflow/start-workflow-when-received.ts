import { Controller, Inject, Logger } from '@nestjs/common';
import { COMPLAINT_RECEIVED_V1, type ComplaintPriority, type ComplaintRules } from '#contracts';
import { OnEvent, type EventContext, type EventOf } from '#platform';
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
 * Starts the request's workflow when complaints consumes its own `request.received` through its
 * inbox: the create use case commits the event with the request, and this start is retried
 * until it succeeds; a redelivered event never starts a second run. Its success is recorded
 * (`workflow_started`, `workflow_started_at`) with the inbox entry.
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

  @OnEvent(COMPLAINT_RECEIVED_V1)
  async handle(event: EventOf<typeof COMPLAINT_RECEIVED_V1>, context: EventContext): Promise<void> {
    const service = await this.catalogue.find(context.manager, event.data.serviceCode);
    if (!service) throw new Error(`service ${event.data.serviceCode} is not in the catalogue`);
    const outcome = await this.workflows.start({
      requestId: event.data.requestId,
      serviceCode: service.code,
      departmentCode: event.data.departmentCode,
      priority: event.data.priority,
      receivedAt: event.time,
      rules: rulesOf(service, this.config.COMPLAINTS_CLOSE_AFTER_DAYS),
    });
    if (outcome === 'closed')
      this.logger.log(`request ${event.data.requestId} closed already: nothing to start`);
    // Committed with the inbox entry: a failed start is redelivered (and retried) until it
    // succeeds, so no sweep is needed; a redelivery keeps the first time.
    await context.manager.query(
      `UPDATE requests SET workflow_started = true,
              workflow_started_at = coalesce(workflow_started_at, now())
        WHERE id = $1`,
      [event.data.requestId],
    );
  }
}
