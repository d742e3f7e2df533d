import { rpc, EmptyRequest } from './rpc.js';
import type { ServiceStatusReply } from '../system.js';

/** `<context>.system.status`, which every request-answering service answers. */
export const PERMITS_SYSTEM_STATUS = 'permits.system.status';
export const PAYMENTS_SYSTEM_STATUS = 'payments.system.status';
export const COMPLAINTS_SYSTEM_STATUS = 'complaints.system.status';
export const AUDIT_SYSTEM_STATUS = 'audit.system.status';

export const SYSTEM_RPC = {
  [PERMITS_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest),
  [PAYMENTS_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest),
  [COMPLAINTS_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest),
  [AUDIT_SYSTEM_STATUS]: rpc<EmptyRequest, ServiceStatusReply>(EmptyRequest),
} as const;
