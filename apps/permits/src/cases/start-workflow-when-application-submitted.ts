import { Controller, Logger } from '@nestjs/common';
import { PERMIT_APPLICATION_SUBMITTED_V1 } from '#contracts';
import { OnEvent, type EventContext, type EventOf } from '#platform';
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
 */
@Controller()
export class StartWorkflowWhenApplicationSubmitted {
  private readonly logger = new Logger(StartWorkflowWhenApplicationSubmitted.name);

  constructor(
    private readonly cases: CaseRepository,
    private readonly types: PermitTypeRepository,
    private readonly workflows: CaseWorkflows,
  ) {}

  @OnEvent(PERMIT_APPLICATION_SUBMITTED_V1)
  async handle(
    event: EventOf<typeof PERMIT_APPLICATION_SUBMITTED_V1>,
    context: EventContext,
  ): Promise<void> {
    const row = await this.cases.find(context.manager, event.data.applicationId);
    if (!row || !row.caseNumber)
      throw new Error(`application ${event.data.applicationId} is not a submitted case`);
    const definition = await pinnedDefinition(
      this.types,
      context.manager,
      row.permitType,
      row.typeVersion,
    );
    const outcome = await this.workflows.start({
      applicationId: row.id,
      caseNumber: row.caseNumber,
      applicantId: row.applicantId,
      permitType: row.permitType,
      typeVersion: row.typeVersion,
      submittedAt: event.data.submittedAt,
      rules: caseRulesOf(definition),
    });
    if (outcome === 'closed')
      this.logger.log(`case ${row.id} closed already: its submitted event changes nothing`);
  }
}
