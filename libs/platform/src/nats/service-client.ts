import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { newId as uuidv7 } from '../context/ids.js';
import {
  CORRELATION_ID_HEADER,
  currentCorrelationId,
  outgoingTraceHeaders,
  ACTOR_HEADER,
  currentActor,
  formatActorHeader,
} from '../context/request-context.js';
import {
  isRpcErrorBody,
  RemoteServiceError,
  ServiceTimeoutError,
  ServiceUnavailableError,
} from './errors.js';

interface NestResponsePacket {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/**
 * Request/reply to a Nest NATS microservice (its wire format: `{pattern, data, id}` in,
 * `{id, response | err, isDisposed}` out) with a deadline on every request, the correlation
 * id in the headers, and "nobody answers" told apart from "too slow".
 */
export class ServiceClient {
  constructor(
    private readonly connection: NatsConnection,
    private readonly defaultTimeoutMs: number,
  ) {}

  async request<TResult>(
    pattern: string,
    data: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<TResult> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_ID_HEADER, correlationId);
    for (const [key, value] of Object.entries(outgoingTraceHeaders())) headers.set(key, value);
    const actor = currentActor();
    if (actor) headers.set(ACTOR_HEADER, formatActorHeader(actor));
    const packet = JSON.stringify({ pattern, data, id: uuidv7() });
    let reply;
    try {
      reply = await this.connection.request(pattern, packet, { timeout: timeoutMs, headers });
    } catch (error) {
      throw this.translate(pattern, timeoutMs, error);
    }
    const body = reply.json<NestResponsePacket>();
    if (body.err !== undefined && body.err !== null) {
      throw new RemoteServiceError(
        pattern,
        isRpcErrorBody(body.err)
          ? body.err
          : {
              code: 'PLATFORM.REMOTE_ERROR',
              message: typeof body.err === 'string' ? body.err : 'remote error',
            },
      );
    }
    return body.response as TResult;
  }

  private translate(pattern: string, timeoutMs: number, error: unknown): Error {
    const e = error as Error & { isNoResponders?: () => boolean };
    if (e.name === 'NoRespondersError' || e.isNoResponders?.() === true) {
      return new ServiceUnavailableError(pattern);
    }
    if (e.name === 'TimeoutError') return new ServiceTimeoutError(pattern, timeoutMs);
    // nats.js wraps the cause of a failed request; look one level down.
    const cause = (e as { cause?: Error & { isNoResponders?: () => boolean } }).cause;
    if (cause?.name === 'NoRespondersError') return new ServiceUnavailableError(pattern);
    if (cause?.name === 'TimeoutError') return new ServiceTimeoutError(pattern, timeoutMs);
    return e;
  }
}
