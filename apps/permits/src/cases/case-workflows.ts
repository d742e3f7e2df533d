import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  defineSearchAttributeKey,
  WorkflowNotFoundError,
  type UpdateDefinition,
} from '@temporalio/common';
import {
  calendarChanged,
  DomainError,
  ERROR_CODES,
  MAIN_TASK_QUEUE,
  PERMIT_APPLICATION_WORKFLOW,
  paymentsFact,
  permitApplicationWorkflowId,
  permitCaseState,
  PermitsApplicationErrors,
  type PaymentsFact,
  type PermitApplicationInput,
  type PermitCaseState,
} from '#contracts';
import { DataSource } from 'typeorm';
import { currentRequestKey, TemporalClientHolder } from '#platform';
import { CLOSED_STATUSES } from '../applications/transitions.js';
import { CaseRepository, type CaseRow } from './case.repository.js';

export const CASE_STATUS_ATTRIBUTE = defineSearchAttributeKey('CaseStatus', 'KEYWORD');
export const CASE_TYPE_ATTRIBUTE = defineSearchAttributeKey('CaseType', 'KEYWORD');
export const CASE_ASSIGNEE_ATTRIBUTE = defineSearchAttributeKey('CaseAssignee', 'KEYWORD');

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Refusals from workflow state that a workflow a moment behind its table gives: the table
 * holds a transition (written by the activity) whose completion the workflow has not yet
 * processed, e.g. `review-started`, or an inspection result its child recorded.
 */
const STATE_REFUSALS: ReadonlySet<string> = new Set([
  'PERMITS.INVALID_TRANSITION',
  'PERMITS.INSPECTION_REQUIRED',
]);
/**
 * How long an Update waits for its workflow to catch up with the table before it is refused:
 * well within the gateway's NATS request timeout (5 s), the Update itself still to run.
 */
const CATCH_UP_MS = 2_500;
const CATCH_UP_POLL_MS = 50;

/**
 * The Update id of a request: derived from its request key (the gateway's hash of account,
 * path, Idempotency-Key and body) and the pattern, so a retried request is the same Update and
 * the workflow applies it once; a request without a key gets a fresh id.
 */
export function updateIdOf(pattern: string, requestKey = currentRequestKey()): string {
  if (!requestKey) return `update-${randomUUID()}`;
  return `update-${createHash('sha256').update(`${requestKey}\n${pattern}`).digest('base64url')}`;
}

/**
 * The permits service's side of its case workflows: starting one per submitted application,
 * Signals for outside facts, Updates for human steps (refusals mapped to the same stable codes
 * the service gives), and the Query operators and tests use.
 */
@Injectable()
export class CaseWorkflows {
  constructor(
    private readonly temporal: TemporalClientHolder,
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
  ) {}

  private handle(applicationId: string): WorkflowHandle {
    return this.temporal.client.workflow.getHandle(permitApplicationWorkflowId(applicationId));
  }

  /**
   * Starts the case's workflow once: a start while it runs joins it (USE_EXISTING), and one
   * refused because a closed run exists (REJECT_DUPLICATE) counts as done, so a submitted event
   * delivered again never starts a second run.
   */
  async start(input: PermitApplicationInput): Promise<'running' | 'closed'> {
    try {
      await this.temporal.client.workflow.start(PERMIT_APPLICATION_WORKFLOW, {
        workflowId: permitApplicationWorkflowId(input.applicationId),
        taskQueue: MAIN_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: CASE_STATUS_ATTRIBUTE, value: 'submitted' },
          { key: CASE_TYPE_ATTRIBUTE, value: input.permitType },
        ],
      });
      return 'running';
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
      throw error;
    }
  }

  async signalPaymentsFact(applicationId: string, fact: PaymentsFact): Promise<void> {
    await this.handle(applicationId).signal(paymentsFact, fact);
  }

  /** Tells an open case the calendar changed; a case closed meanwhile has nothing to redo. */
  async signalCalendarChanged(applicationId: string, version: number): Promise<boolean> {
    try {
      await this.handle(applicationId).signal(calendarChanged, { version });
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  async state(applicationId: string): Promise<PermitCaseState> {
    return this.handle(applicationId).query(permitCaseState);
  }

  /**
   * Sends an Update and waits for its result. A validator's or handler's refusal (an
   * ApplicationFailure whose `type` is a stable code) becomes the same DomainError the service
   * would give; a case without a running workflow is `PERMITS.CASE_NOT_STARTED` while it is
   * open and `PERMITS.INVALID_TRANSITION` once closed.
   *
   * The caller acts on what it read in the table, which the workflow's activity writes a moment
   * before the workflow itself learns it is written. A state refusal while the workflow has
   * not yet seen every transition the table holds is sent again once it has (the refused
   * Update left nothing in the history, so its id is free).
   */
  async update<Ret, Arg>(
    row: CaseRow,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId: string,
  ): Promise<Ret> {
    for (let caughtUp = false; ; caughtUp = true) {
      try {
        return await this.handle(row.id).executeUpdate(definition, { args: [arg], updateId });
      } catch (error) {
        const refusal = refusalOf(error, row);
        if (
          caughtUp ||
          !(refusal instanceof DomainError) ||
          !STATE_REFUSALS.has(String(refusal.code)) ||
          !(await this.caughtUpWithTable(row.id))
        )
          throw refusal;
      }
    }
  }

  /**
   * Whether the workflow was behind its table (fewer transitions seen than recorded) and has
   * caught up within CATCH_UP_MS; false when it was not behind (the refusal stands).
   */
  private async caughtUpWithTable(applicationId: string): Promise<boolean> {
    const recorded = await this.cases.workflowTransitions(this.dataSource.manager, applicationId);
    const deadline = Date.now() + CATCH_UP_MS;
    let behind = false;
    for (;;) {
      const seen = (await this.state(applicationId).catch(() => undefined))?.transitions;
      if (seen === undefined) return false;
      if (seen >= recorded) return behind;
      behind = true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
    }
  }
}

/** The DomainError a failed Update stands for, or the error itself when it is not a refusal. */
export function refusalOf(error: unknown, row: Pick<CaseRow, 'status' | 'step'>): unknown {
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
    return error;
  }
  if (error instanceof WorkflowNotFoundError)
    return CLOSED_STATUSES.includes(row.status)
      ? PermitsApplicationErrors.invalidTransition(row.status, row.step)
      : PermitsApplicationErrors.of(
          'PERMITS.CASE_NOT_STARTED',
          'the case is being set up; ask again in a moment',
        );
  return error;
}
