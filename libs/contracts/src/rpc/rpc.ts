/**
 * Who may ask a pattern, checked by the receiving service before the request is validated:
 *
 * - `user`: an authenticated user must be named (`x-civic-actor: user:<id>:<role>`); the
 *   service decides with it (ownership, separation of duties). On an internal pattern the
 *   `system` actor (a workflow activity acting for nobody) is accepted too.
 * - `anyone`: also anonymous requests (the status page, the public keys).
 *
 * Public (non-internal) patterns always refuse the `system` actor
 * (`PLATFORM.SYSTEM_ACTOR_REFUSED`): what is asked for nobody goes through `<context>.internal.>`.
 */
export type RpcActorRule = 'user' | 'anyone';

/**
 * A request/reply contract: the class the receiving service validates the request against
 * (class-validator, whitelist, unknown fields refused) and, as a type only, the reply.
 * `internal` patterns live under `<context>.internal.>`: only workflow activities (the
 * worker's NATS user) may send them.
 */
export interface RpcDefinition<Req extends object, Res> {
  readonly request: new () => Req;
  readonly internal: boolean;
  readonly actor: RpcActorRule;
  /** Type-level only: never set. */
  readonly reply?: Res;
}

export const rpc = <Req extends object, Res>(
  request: new () => Req,
  options: { internal?: boolean; actor?: RpcActorRule } = {},
): RpcDefinition<Req, Res> => ({
  request,
  internal: options.internal ?? false,
  actor: options.actor ?? 'user',
});

/** A request without fields (`{}`); anything sent in it is refused as unknown. */
export class EmptyRequest {}
