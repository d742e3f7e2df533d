/**
 * Workflow interceptors: carry the correlation header from the workflow's start to every
 * activity, child workflow and continue-as-new it issues, so one id follows a case from the
 * HTTP request through Temporal. Deterministic code only (it runs inside the workflow sandbox).
 */
import type {
  ActivityInput,
  ContinueAsNewInput,
  LocalActivityInput,
  Next,
  StartChildWorkflowExecutionInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { Payload } from '@temporalio/common';
import { CORRELATION_HEADER } from '#contracts/temporal';

interface CorrelationState {
  header?: Payload;
}

class CorrelationInbound implements WorkflowInboundCallsInterceptor {
  constructor(private readonly state: CorrelationState) {}

  async execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    this.state.header = input.headers[CORRELATION_HEADER];
    return next(input);
  }
}

class CorrelationOutbound implements WorkflowOutboundCallsInterceptor {
  constructor(private readonly state: CorrelationState) {}

  private add<T extends { headers: Record<string, Payload> }>(input: T): T {
    const header = this.state.header;
    return header
      ? { ...input, headers: { ...input.headers, [CORRELATION_HEADER]: header } }
      : input;
  }

  async scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    return next(this.add(input));
  }

  async scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    return next(this.add(input));
  }

  async startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    return next(this.add(input));
  }

  async continueAsNew(
    input: ContinueAsNewInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>,
  ): Promise<never> {
    return next(this.add(input));
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const state: CorrelationState = {};
  return { inbound: [new CorrelationInbound(state)], outbound: [new CorrelationOutbound(state)] };
};
