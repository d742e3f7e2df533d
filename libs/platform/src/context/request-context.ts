import { AsyncLocalStorage } from 'node:async_hooks';
import type { SpanContext } from '@opentelemetry/api';
import { isRole, type RequestActor } from '#contracts';
import { newId as uuidv7 } from './ids.js';
import { childSpan, traceHeaders } from './trace-context.js';

/** What follows one unit of work (an HTTP request, a NATS message, an activity). */
export interface RequestContext {
  readonly correlationId: string;
  /** The W3C trace this work belongs to (from the caller's `traceparent`), if any. */
  readonly trace?: SpanContext;
  /**
   * Who the work is done for: set by the gateway once it has authenticated the request, and
   * carried to every service in the `x-civic-actor` header (`user:<id>:<role>`).
   */
  actor?: RequestActor;
  /**
   * The work is the platform's own, for nobody in particular (a workflow activity): its
   * requests name the `system` actor, which only `<context>.internal.>` patterns accept.
   */
  readonly system?: true;
}

/** NATS header carrying the authenticated actor from the gateway to the services. */
export const ACTOR_HEADER = 'x-civic-actor';

const ACTOR_PATTERN = /^user:([0-9a-f-]{36}):([a-z]+)$/;

/** The `x-civic-actor` value of work done for nobody in particular (see `RequestContext.system`). */
export const SYSTEM_ACTOR_HEADER = 'system';

/** The actor a header names, or undefined when absent or malformed. */
export function parseActorHeader(value: string | undefined): RequestActor | undefined {
  const match = value ? ACTOR_PATTERN.exec(value) : null;
  return match && isRole(match[2]) ? { userId: match[1] as string, role: match[2] } : undefined;
}

export const formatActorHeader = (actor: RequestActor): string =>
  `user:${actor.userId}:${actor.role}`;

/** Whether the current work is the platform's own (`system`), not a user's. */
export function actsAsSystem(): boolean {
  return storage.getStore()?.system === true;
}

/** The actor of the current work, if it has one. */
export function currentActor(): RequestActor | undefined {
  return storage.getStore()?.actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Header name used on HTTP and NATS for the correlation id. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

const VALID_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts a correlation id from outside only when it is short and made of safe
 * characters (it ends up in logs and headers); otherwise a fresh UUIDv7 is used.
 */
export function normaliseCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && VALID_CORRELATION_ID.test(candidate)
    ? candidate
    : uuidv7();
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function currentTrace(): SpanContext | undefined {
  return storage.getStore()?.trace;
}

/**
 * `traceparent`/`tracestate` for a message this work sends: a child span of the current
 * trace, or a new trace when the work has none.
 */
export function outgoingTraceHeaders(): Record<string, string> {
  return traceHeaders(childSpan(currentTrace()));
}
