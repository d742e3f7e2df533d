import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import {
  MAIN_TASK_QUEUE,
  PERMIT_WORKFLOW,
  permitLifeState,
  permitWorkflowId,
  PermitsApplicationErrors,
  type PermitLifeInput,
  type PermitLifeState,
} from '#contracts';
import { TemporalClientHolder } from '#platform';
import { refusalOf, updateIdOf } from '../cases/case-workflows.js';

/**
 * The permits service's side of its permits' workflows (`permit-<permitNumber>`): started once
 * per issued permit, Updates for revocation and renewal (refusals mapped to the same stable
 * codes the service gives), and the Query operators and tests use.
 */
@Injectable()
export class PermitWorkflows {
  constructor(private readonly temporal: TemporalClientHolder) {}

  /**
   * Starts the permit's workflow once: a start while it runs joins it (USE_EXISTING), and one
   * refused because a closed run exists (REJECT_DUPLICATE) counts as done.
   */
  async start(input: PermitLifeInput): Promise<'running' | 'closed'> {
    try {
      await this.temporal.client.workflow.start(PERMIT_WORKFLOW, {
        workflowId: permitWorkflowId(input.permitNumber),
        taskQueue: MAIN_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return 'running';
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
      throw error;
    }
  }

  state(permitNumber: string): Promise<PermitLifeState> {
    return this.temporal.client.workflow
      .getHandle(permitWorkflowId(permitNumber))
      .query(permitLifeState);
  }

  /**
   * Sends an Update (its id from the request key and the pattern) and waits for its result;
   * a refusal is the DomainError of its code. A permit whose workflow has not started yet is
   * `PERMITS.CASE_NOT_STARTED` (ask again).
   */
  async update<Ret, Arg>(
    permitNumber: string,
    pattern: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
  ): Promise<Ret> {
    try {
      return await this.temporal.client.workflow
        .getHandle(permitWorkflowId(permitNumber))
        .executeUpdate(definition, { args: [arg], updateId: updateIdOf(pattern) });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw PermitsApplicationErrors.of(
          'PERMITS.CASE_NOT_STARTED',
          'the permit is being set up; ask again in a moment',
        );
      throw refusalOf(error, { status: 'issued', step: 'closed' });
    }
  }
}
