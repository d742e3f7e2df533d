import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CloudEvent, EventMap, EventSubject } from '#contracts';
import type { EventContext } from './event-context.js';

/** Transport id of the JetStream event consumer (Nest routes @OnEvent handlers to it). */
export const JETSTREAM_EVENTS = Symbol('JETSTREAM_EVENTS');

/** The CloudEvent a handler of subject K receives. */
export type EventOf<K extends EventSubject> = CloudEvent<EventMap[K], K>;

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
    // Nest's exception layer turns a thrown error into "Internal server error"; keep the
    // original on the context so retries and the dead-letter reason can say what failed.
    const original = descriptor.value as unknown as (
      this: unknown,
      event: EventOf<K>,
      context: EventContext,
    ) => unknown;
    descriptor.value = async function (this: unknown, event: EventOf<K>, context: EventContext) {
      try {
        return await original.call(this, event, context);
      } catch (error) {
        context.recordFailure(error);
        throw error;
      }
    } as unknown as T;
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
    EventPattern(subject, JETSTREAM_EVENTS)(
      target,
      key,
      descriptor as unknown as TypedPropertyDescriptor<(...args: unknown[]) => unknown>,
    );
    return descriptor;
  };
}
