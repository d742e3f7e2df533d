import type { RpcDefinition } from './rpc.js';
import { SYSTEM_RPC } from './system.rpc.js';
import { AUDIT_RPC } from './audit.rpc.js';
import { PAYMENTS_RPC } from './payments.rpc.js';
import { PAYMENTS_ADJUSTMENTS_RPC } from './payments-adjustments.rpc.js';
import { PAYMENTS_COUNTER_RPC } from './payments-counter.rpc.js';
import { PAYMENTS_RECONCILIATION_VIEWS_RPC } from './payments-reconciliation.rpc.js';
import { PAYMENTS_REFUNDS_RPC } from './payments-refunds.rpc.js';
import { PAYMENTS_STAFF_RPC } from './payments-staff.rpc.js';
import { PERMITS_CATALOGUE_RPC } from './permits-catalogue.rpc.js';
import { PERMITS_CASEWORK_RPC } from './permits-casework.rpc.js';
import { PERMITS_CONDITIONS_RPC } from './permits-conditions.rpc.js';
import { PERMITS_INTERNAL_RPC } from './permits-internal.rpc.js';
import { PERMITS_APPLICATIONS_RPC } from './permits-applications.rpc.js';
import { PERMITS_CONVERSATION_RPC } from './permits-conversation.rpc.js';
import { COMPLAINTS_RPC } from './complaints.rpc.js';
import { COMPLAINTS_INTERNAL_RPC } from './complaints-internal.rpc.js';
import { PERMITS_WHAT_IF_RPC } from './permits-what-if.rpc.js';
import { PERMITS_LIFECYCLE_RPC } from './permits-lifecycle.rpc.js';
import { INSIGHTS_RPC } from './insights.rpc.js';

/**
 * The one map from message pattern to request class and reply type, beside `EVENT_MAP`.
 * `ServiceClient.request(pattern, payload)` is typed by it, and the receiving service
 * validates every request against the pattern's class before a handler runs (a service
 * cannot answer a pattern that is not here: it fails at boot, naming it).
 * Each context keeps its patterns in `<context>.rpc.ts` and spreads them in here.
 */
export const RPC_MAP = {
  ...SYSTEM_RPC,
  ...AUDIT_RPC,
  ...PAYMENTS_RPC,
  ...PAYMENTS_REFUNDS_RPC,
  ...PAYMENTS_COUNTER_RPC,
  ...PAYMENTS_ADJUSTMENTS_RPC,
  ...PAYMENTS_RECONCILIATION_VIEWS_RPC,
  ...PAYMENTS_STAFF_RPC,
  ...PERMITS_INTERNAL_RPC,
  ...PERMITS_CASEWORK_RPC,
  ...PERMITS_CONDITIONS_RPC,
  ...PERMITS_APPLICATIONS_RPC,
  ...COMPLAINTS_RPC,
  ...PERMITS_CATALOGUE_RPC,
  ...PERMITS_CONVERSATION_RPC,
  ...COMPLAINTS_INTERNAL_RPC,
  ...PERMITS_WHAT_IF_RPC,
  ...PERMITS_LIFECYCLE_RPC,
  ...INSIGHTS_RPC,
} as const;

/** Any map of patterns to definitions (`RPC_MAP`, or a test's own probes). */
export type RpcMapShape = Readonly<Record<string, RpcDefinition<object, unknown>>>;
export type RpcMap = typeof RPC_MAP;

/** The request class and reply type of a pattern of a map. */
export type RequestIn<M extends RpcMapShape, P extends keyof M> =
  M[P] extends RpcDefinition<infer Req, unknown> ? Req : never;
export type ReplyIn<M extends RpcMapShape, P extends keyof M> =
  M[P] extends RpcDefinition<object, infer Res> ? Res : never;

export type RpcPattern = keyof RpcMap;
export type RpcRequest<P extends RpcPattern> = RequestIn<RpcMap, P>;
export type RpcReply<P extends RpcPattern> = ReplyIn<RpcMap, P>;

export const isRpcPattern = (pattern: string): pattern is RpcPattern =>
  Object.hasOwn(RPC_MAP, pattern);
