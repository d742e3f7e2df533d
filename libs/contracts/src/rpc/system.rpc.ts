import { rpc, EmptyRequest } from './rpc.js';
import type { ServiceStatusReply } from '../system.js';

/** `<context>.system.status`, which every request-answering service answers. */
export const PERMITS_SYSTEM_STATUS = 'permits.system.status';
export const PAYMENTS_SYSTEM_STATUS = 'payments.system.status';
export const COMPLAINTS_SYSTEM_STATUS = 'complaints.system.status';
export const AUDIT_SYSTEM_STATUS = 'audit.system.status';
export const INSIGHTS_SYSTEM_STATUS = 'insights.system.status';

/** The status page asks them for anonymous visitors too. */
const STATUS = { actor: 'anyone' } as const;

export const SYSTEM_RPC = {
  [PERMITS_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest, STATUS),
  [PAYMENTS_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest, STATUS),
  [COMPLAINTS_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest, STATUS),
  [AUDIT_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest, STATUS),
  [INSIGHTS_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest, STATUS),
} as const;

export type SystemStatusPattern = keyof typeof SYSTEM_RPC;

/** `<context>.system.status` of a context that answers requests (throws for any other). */
export function systemStatusPattern(context: string): SystemStatusPattern {
  const pattern = `${context}.system.status`;
  if (!Object.hasOwn(SYSTEM_RPC, pattern))
    throw new Error(
      `${context} has no ${pattern} in RPC_MAP (libs/contracts/src/rpc/system.rpc.ts)`,
    );
  return pattern as SystemStatusPattern;
}
