import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { EntityManager } from 'typeorm';

/** What an @OnEvent handler gets besides the event: the transaction and the raw message. */
export class EventContext extends BaseRpcContext<[JsMsg, EntityManager, string]> {
  private failure: unknown;

  /** The handler's own error (Nest's exception layer replaces it with a generic one). */
  recordFailure(error: unknown): void {
    this.failure = error;
  }

  get handlerFailure(): unknown {
    return this.failure;
  }

  /** The transaction that also records the event in this consumer's inbox. */
  get manager(): EntityManager {
    return this.args[1];
  }
  get message(): JsMsg {
    return this.args[0];
  }
  /** Durable consumer name. */
  get consumer(): string {
    return this.args[2];
  }
  get deliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }
}
