import { Controller, Inject, Logger } from '@nestjs/common';
import { msToNumber } from '@temporalio/common';
import { workingDayDeadline, type BusinessCalendar } from '#calendar';
import { PERMIT_APPLICATION_SUBMITTED_V1, type PermitApplicationInput } from '#contracts';
import {
  currentContext,
  normaliseCorrelationId,
  OnEvents,
  runAtMost,
  runWithContext,
  type EventContext,
  type EventOf,
} from '#platform';
import { businessCalendarOf } from '../calendar/calendar.js';
import { GetCalendarUseCase } from '../calendar/get-calendar/get-calendar.use-case.js';
import type { PermitsConfig } from '../config.js';
import { PERMITS_CONFIG } from '../permits.tokens.js';
import type { PermitTypeDefinition } from '../permit-types/permit-type.js';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflows } from './case-workflows.js';
import { PermitTypeRepository } from '../permit-types/permit-type.repository.js';
import { caseRulesOf, pinnedDefinition } from './pinned-type-versions.js';

/**
 * Starts the case's workflow when permits consumes its own `application.submitted` through its
 * inbox, so a submission can never lose its workflow: the submit use case commits the event
 * with the application, and this start is retried until it succeeds. The workflow id is the
 * application's, with "use existing" and "reject duplicate": a redelivered event, even after
 * the case closed, never starts a second run. Its input comes from the application row and its
 * pinned type version.
 *
 * Under load it takes the submissions that arrived together (@OnEvents) and starts their
 * workflows side by side (STARTS_AT_ONCE at a time), each with its own event's correlation id:
 * one start is a round trip to Temporal, and one after the other they held every later
 * submission back (issue 13, "Figures"). If one start fails the batch is retried event by event, and the starts that
 * succeeded meet "use existing".
 */
const STARTS_AT_ONCE = 16;

@Controller()
export class StartWorkflowWhenApplicationSubmitted {
  private readonly logger = new Logger(StartWorkflowWhenApplicationSubmitted.name);

  private readonly workingDayMs: number | undefined;

  constructor(
    private readonly cases: CaseRepository,
    private readonly types: PermitTypeRepository,
    private readonly workflows: CaseWorkflows,
    private readonly calendar: GetCalendarUseCase,
    @Inject(PERMITS_CONFIG) config: Pick<PermitsConfig, 'PERMITS_WORKING_DAY_DURATION'>,
  ) {
    this.workingDayMs = config.PERMITS_WORKING_DAY_DURATION
      ? msToNumber(config.PERMITS_WORKING_DAY_DURATION)
      : undefined;
  }

  /**
   * The first completeness deadline, as the worker's `permitsDeadline` computes it: the legal
   * due time from the business calendar; the timer ends then, or after the scaled test days.
   */
  private completenessDue(
    submittedAt: string,
    workingDays: number,
    calendar: BusinessCalendar,
  ): NonNullable<PermitApplicationInput['completenessDue']> {
    const { dueAt, timerEndsAt } = workingDayDeadline(
      new Date(submittedAt),
      workingDays,
      calendar,
      this.workingDayMs,
    );
    return { dueAt: dueAt.toISOString(), timerEndsAt: timerEndsAt.toISOString() };
  }

  @OnEvents(PERMIT_APPLICATION_SUBMITTED_V1)
  async handle(
    events: EventOf<typeof PERMIT_APPLICATION_SUBMITTED_V1>[],
    context: EventContext,
  ): Promise<void> {
    // The first event's context (correlation id and trace) is the one the handler runs in.
    const first = currentContext();
    const definitions = new Map<string, PermitTypeDefinition>();
    const calendar = businessCalendarOf(await this.calendar.execute());
    const starts: (() => Promise<void>)[] = [];
    const due: { applicationId: string; dueAt: string }[] = [];
    for (const event of events) {
      const row = await this.cases.find(context.manager, event.data.applicationId);
      if (!row || !row.caseNumber)
        throw new Error(`application ${event.data.applicationId} is not a submitted case`);
      const pinned = `${row.permitType}@${row.typeVersion}`;
      let definition = definitions.get(pinned);
      if (!definition) {
        definition = await pinnedDefinition(
          this.types,
          context.manager,
          row.permitType,
          row.typeVersion,
        );
        definitions.set(pinned, definition);
      }
      // A renewal runs the shorter review clock its type declares for renewals.
      const rules = row.renewalOf
        ? { ...caseRulesOf(definition), reviewDays: definition.renewalReviewDays }
        : caseRulesOf(definition);
      const completenessDue = this.completenessDue(
        event.data.submittedAt,
        rules.completenessCheckDays,
        calendar,
      );
      const input: PermitApplicationInput = {
        applicationId: row.id,
        caseNumber: row.caseNumber,
        applicantId: row.applicantId,
        permitType: row.permitType,
        typeVersion: row.typeVersion,
        submittedAt: event.data.submittedAt,
        rules,
        completenessDue,
      };
      due.push({ applicationId: row.id, dueAt: completenessDue.dueAt });
      starts.push(() =>
        runWithContext(
          event === events[0] && first
            ? first
            : { correlationId: normaliseCorrelationId(event.correlationid) },
          async () => {
            const outcome = await this.workflows.start(input);
            if (outcome === 'closed')
              this.logger.log(`case ${row.id} closed already: its submitted event changes nothing`);
          },
        ),
      );
    }
    // At most STARTS_AT_ONCE at a time: a large batch must not flood the Temporal frontend.
    await runAtMost(STARTS_AT_ONCE, starts);
    // The queue and the status page show the first completeness deadline at once, committed
    // with this batch's inbox records (after the starts, so no row is locked while they run; a
    // case whose workflow has already moved on, or a redelivery, writes nothing new).
    await this.cases.setFirstCompletenessDue(context.manager, due);
  }
}
