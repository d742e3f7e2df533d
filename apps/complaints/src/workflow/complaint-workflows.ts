import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import {
  COMPLAINT_WORKFLOW,
  complaintFeedback,
  complaintWorkflowId,
  ComplaintsErrors,
  DomainError,
  ERROR_CODES,
  MAIN_TASK_QUEUE,
  reopenComplaint,
  type ComplaintFeedbackArgs,
  type ComplaintWorkflowInput,
  type ReopenComplaintArgs,
} from '#contracts';
import { currentRequestKey, TemporalClientHolder } from '#platform';

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The Update id of a request: from its request key, so a retry is the same Update. */
export function updateIdOf(pattern: string, requestKey = currentRequestKey()): string {
  if (!requestKey) return `update-${randomUUID()}`;
  return `update-${createHash('sha256').update(`${requestKey}\n${pattern}`).digest('base64url')}`;
}

/**
 * The complaints service's side of its case workflows: one start per received request,
 * Updates for staff steps (refusals mapped to the service's own codes), Signals for the
 * reporter's reopen and feedback.
 */
@Injectable()
export class ComplaintWorkflows {
  constructor(private readonly temporal: TemporalClientHolder) {}

  /** Starts once: USE_EXISTING joins a running one, REJECT_DUPLICATE refuses after it closed. */
  async start(input: ComplaintWorkflowInput): Promise<'running' | 'closed'> {
    try {
      await this.temporal.client.workflow.start(COMPLAINT_WORKFLOW, {
        workflowId: complaintWorkflowId(input.requestId),
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

  async update<Ret, Arg>(
    requestId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId: string,
  ): Promise<Ret> {
    try {
      return await this.temporal.client.workflow
        .getHandle(complaintWorkflowId(requestId))
        .executeUpdate(definition, { args: [arg], updateId });
    } catch (error) {
      throw refusalOf(error);
    }
  }

  /** Signals a reopen; 'ended' when the execution has ended (the reopen window passed). */
  async reopen(requestId: string, args: ReopenComplaintArgs): Promise<'signalled' | 'ended'> {
    try {
      await this.temporal.client.workflow
        .getHandle(complaintWorkflowId(requestId))
        .signal(reopenComplaint, args);
      return 'signalled';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'ended';
      throw refusalOf(error);
    }
  }

  async feedback(requestId: string, args: ComplaintFeedbackArgs): Promise<void> {
    try {
      await this.temporal.client.workflow
        .getHandle(complaintWorkflowId(requestId))
        .signal(complaintFeedback, args);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return; // window over: feedback kept, no reopen
      throw error;
    }
  }
}

/** The DomainError a failed Update or Signal stands for. */
export function refusalOf(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type && KNOWN_CODES.has(cause.type)) {
      const details = cause.details?.[0];
      return new DomainError(
        cause.type,
        cause.message,
        typeof details === 'object' && details !== null
          ? (details as Record<string, unknown>)
          : undefined,
      );
    }
  }
  if (error instanceof WorkflowNotFoundError) return ComplaintsErrors.workflowUnavailable();
  return error;
}
