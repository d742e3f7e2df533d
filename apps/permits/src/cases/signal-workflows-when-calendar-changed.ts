import { Controller } from '@nestjs/common';
import { CALENDAR_CHANGED_V1 } from '#contracts';
import { OnEvent, type EventContext, type EventOf } from '#platform';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflows } from './case-workflows.js';

/**
 * The business calendar changed: every open case's workflow gets `calendarChanged` and
 * recomputes its due times through its activities. A signal repeated after a redelivery only
 * recomputes the same instants again.
 */
@Controller()
export class SignalWorkflowsWhenCalendarChanged {
  constructor(
    private readonly cases: CaseRepository,
    private readonly workflows: CaseWorkflows,
  ) {}

  @OnEvent(CALENDAR_CHANGED_V1)
  async handle(event: EventOf<typeof CALENDAR_CHANGED_V1>, context: EventContext): Promise<void> {
    const ids = await this.cases.openCaseIds(context.manager);
    for (const id of ids) await this.workflows.signalCalendarChanged(id, event.data.version);
  }
}
