/**
 * Platform-level message patterns every request-answering service implements.
 * Pattern naming: `<context>.<aggregate>.<verb>`. The patterns themselves are in
 * `rpc/system.rpc.ts`.
 */
export interface ServiceStatusReply {
  service: string;
  version: string;
  /** Correlation id the service saw on the request (proves propagation across NATS). */
  correlationId: string | null;
  /** W3C trace id the service saw in `traceparent` (proves trace propagation), if any. */
  traceId: string | null;
  /** The actor the service saw (`user:<id>:<role>`), when the request was made for one. */
  actor: string | null;
  uptimeSeconds: number;
}
