import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  Next,
} from '@temporalio/worker';
import type {
  WorkflowClientInterceptor,
  WorkflowStartInput,
  WorkflowSignalInput,
  WorkflowStartUpdateInput,
  WorkflowSignalWithStartInput,
} from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { CORRELATION_HEADER } from '#contracts';
import {
  currentCorrelationId,
  normaliseCorrelationId,
  runWithContext,
} from '../context/request-context.js';

type WithHeaders = { readonly headers: Record<string, Payload> };

function withCorrelation<T extends WithHeaders>(input: T): T {
  const correlationId = currentCorrelationId();
  if (!correlationId) return input;
  return {
    ...input,
    headers: {
      ...input.headers,
      [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(correlationId),
    },
  };
}

/** Puts the current correlation id into the headers of what a client sends to Temporal. */
export class CorrelationClientInterceptor implements WorkflowClientInterceptor {
  async start(
    input: WorkflowStartInput,
    next: Next<WorkflowClientInterceptor, 'start'>,
  ): Promise<string> {
    return next(withCorrelation(input));
  }
  async signal(
    input: WorkflowSignalInput,
    next: Next<WorkflowClientInterceptor, 'signal'>,
  ): Promise<void> {
    return next(withCorrelation(input));
  }
  async signalWithStart(
    input: WorkflowSignalWithStartInput,
    next: Next<WorkflowClientInterceptor, 'signalWithStart'>,
  ): Promise<string> {
    return next(withCorrelation(input));
  }
  async startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): ReturnType<Next<WorkflowClientInterceptor, 'startUpdate'>> {
    return next(withCorrelation(input));
  }
}

/**
 * Runs each activity inside the request context named by its correlation header, as the
 * platform's own work: its requests name the `system` actor (accepted by internal patterns).
 */
export class CorrelationActivityInterceptor implements ActivityInboundCallsInterceptor {
  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const header = input.headers[CORRELATION_HEADER];
    const correlationId = normaliseCorrelationId(
      header ? defaultPayloadConverter.fromPayload<string>(header) : undefined,
    );
    return runWithContext({ correlationId, system: true }, () => next(input));
  }
}
