import type { RpcDefinition } from './rpc.js';
import { SYSTEM_RPC } from './system.rpc.js';
import { AUDIT_RPC } from './audit.rpc.js';

/**
 * The one map from message pattern to request class and reply type, beside `EVENT_MAP`.
 * `ServiceClient.request(pattern, payload)` is typed by it, and the receiving service
 * validates every request against the pattern's class before a handler runs.
 * Each context keeps its patterns in `<context>.rpc.ts` and spreads them in here.
 */
export const RPC_MAP = {
  ...SYSTEM_RPC,
  ...AUDIT_RPC,
} as const;

export type RpcPattern = keyof typeof RPC_MAP;
type DefinitionOf<P extends RpcPattern> = (typeof RPC_MAP)[P];
export type RpcRequest<P extends RpcPattern> =
  DefinitionOf<P> extends RpcDefinition<infer Req, unknown> ? Req : never;
export type RpcReply<P extends RpcPattern> =
  DefinitionOf<P> extends RpcDefinition<object, infer Res> ? Res : never;

export const isRpcPattern = (pattern: string): pattern is RpcPattern =>
  Object.hasOwn(RPC_MAP, pattern);
