import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CloudEvent, EventMap, EventSubject } from '#contracts';
import type { EventContext } from './event-context.js';

/** Transport id of the JetStream event consumer (Nest routes @OnEvent handlers to it). */
export const JETSTREAM_EVENTS = Symbol('JETSTREAM_EVENTS');

/** The CloudEvent a handler of subject K receives. */
export type EventOf<K extends EventSubject> = CloudEvent<EventMap[K], K>;

/** Marks an @OnEvents handler in the handler's extras (read by JetStreamEventServer). */
export const BATCH_HANDLER = 'civicBatch';

/**
 * Keeps the handler's own error on the context (Nest's exception layer turns a thrown error
 * into "Internal server error"), so retries and the dead-letter reason say what failed, and
 * registers the method for `subject` on the event transport.
 */
function registerEventHandler(
  subject: EventSubject,
  batch: boolean,
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<(...args: never[]) => unknown>,
): void {
  const original = descriptor.value as unknown as (
    this: unknown,
    input: unknown,
    context: EventContext,
  ) => unknown;
  descriptor.value = async function (this: unknown, input: unknown, context: EventContext) {
    try {
      return await original.call(this, input, context);
    } catch (error) {
      context.recordFailure(error);
      throw error;
    }
  };
  Payload()(target, key, 0);
  Ctx()(target, key, 1);
  EventPattern(subject, JETSTREAM_EVENTS, { [BATCH_HANDLER]: batch })(
    target,
    key,
    descriptor as unknown as TypedPropertyDescriptor<(...args: unknown[]) => unknown>,
  );
}

/**
 * Marks a controller method as the handler of one event subject. The subject must be in the
 * event map and the method must accept that subject's CloudEvent, or it does not compile.
 * The handler runs inside the transaction that records the event in the inbox: write through
 * `context.manager` and it commits (or rolls back) with it.
 */
export function OnEvent<K extends EventSubject>(subject: K) {
  return <T extends (event: EventOf<K>, context: EventContext) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T> => {
    registerEventHandler(subject, false, target, key, descriptor as never);
    return descriptor;
  };
}

/**
 * Like @OnEvent, for a handler that can take several events of its subject at once: under
 * load it gets the consecutive events of the subject that arrived together, in stream order,
 * so it can apply them with one statement instead of one per event. The guarantees are
 * those of @OnEvent: the events are recorded in the inbox in the same transaction, each is
 * handed over exactly once, one aggregate's events keep their order; if the handler fails,
 * each event is retried on its own (the handler then gets one event), so one bad event is
 * retried and dead-lettered alone. `context.message` is the first event's message, and the
 * request context (correlation id, trace) is the first event's.
 */
export function OnEvents<K extends EventSubject>(subject: K) {
  return <T extends (events: EventOf<K>[], context: EventContext) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T> => {
    registerEventHandler(subject, true, target, key, descriptor as never);
    return descriptor;
  };
}
