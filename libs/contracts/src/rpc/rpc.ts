/**
 * A request/reply contract: the class the receiving service validates the request against
 * (class-validator, whitelist, unknown fields refused) and, as a type only, the reply.
 * `internal` patterns live under `<context>.internal.>`: only workflow activities (the
 * worker's NATS user) may send them.
 */
export interface RpcDefinition<Req extends object, Res> {
  readonly request: new () => Req;
  readonly internal: boolean;
  /** Type-level only: never set. */
  readonly reply?: Res;
}

export const rpc = <Req extends object, Res>(
  request: new () => Req,
  options: { internal?: boolean } = {},
): RpcDefinition<Req, Res> => ({ request, internal: options.internal ?? false });

/** A request without fields (`{}`); anything sent in it is refused as unknown. */
export class EmptyRequest {}
