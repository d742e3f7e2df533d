import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  COMPLAINT_RESOLVED_STATUSES,
  type ComplaintChannel,
  type ComplaintPriority,
  type ComplaintStatus,
  type ComplaintUpdateView,
  type PublicComplaintView,
} from '#contracts';

/** A request as its table holds it (personal fields included: never hand this out). */
export interface RequestRecord {
  id: string;
  token: string;
  reporterSecretHash: string;
  serviceCode: string;
  departmentCode: string;
  officerId: string | null;
  priority: ComplaintPriority;
  status: ComplaintStatus;
  statusNotes: string | null;
  channel: ComplaintChannel;
  apiClientId: string | null;
  reporterAccountId: string | null;
  open311AccountId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  deviceId: string | null;
  description: string | null;
  descriptionModeration: 'none' | 'pending' | 'approved' | 'rejected';
  attributes: Record<string, string | string[]>;
  lat: number;
  long: number;
  publicLat: number;
  publicLong: number;
  fullAddress: string | null;
  publicAddress: string | null;
  addressId: string | null;
  zipcode: string | null;
  requestedAt: Date;
  updatedAt: Date;
  expectedAt: Date | null;
  triageDueAt: Date | null;
  escalated: boolean;
  resolvedAt: Date | null;
  reopenUntil: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  duplicateOf: string | null;
}

export const isResolved = (status: ComplaintStatus): boolean =>
  (COMPLAINT_RESOLVED_STATUSES as readonly string[]).includes(status);

/** Open311's status: `closed` only once the request was closed (after the configured days). */
export const open311Status = (r: Pick<RequestRecord, 'closedAt'>): 'open' | 'closed' =>
  r.closedAt ? 'closed' : 'open';

/** A fresh token or secret: 32 URL-safe characters (192 bits). */
export const newSecret = (): string => randomBytes(24).toString('base64url');

export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');

export const secretMatches = (secret: string, hash: string): boolean => {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Salted hash of the reporter's contact (events tell repeat reporters apart, never who). */
export const contactHash = (salt: string, contact: string): string =>
  createHmac('sha256', salt).update(contact.trim().toLowerCase()).digest('hex');

export interface PublicContext {
  serviceName: string;
  agencyResponsible: string;
  firstMediaUrl: string | null;
}

/**
 * The public face of a request: no name, email, phone, device id or Open311 account id; the
 * street without the house number; the rounded point; the description only once approved.
 */
export function publicView(r: RequestRecord, ctx: PublicContext): PublicComplaintView {
  return {
    serviceRequestId: r.id,
    status: open311Status(r),
    externalStatusCode: r.status,
    statusNotes: r.statusNotes,
    serviceName: ctx.serviceName,
    serviceCode: r.serviceCode,
    description: r.descriptionModeration === 'approved' ? r.description : null,
    agencyResponsible: ctx.agencyResponsible,
    serviceNotice: null,
    requestedDatetime: r.requestedAt.toISOString(),
    updatedDatetime: r.updatedAt.toISOString(),
    expectedDatetime: r.expectedAt?.toISOString() ?? null,
    address: r.publicAddress,
    addressId: null,
    zipcode: r.zipcode,
    lat: r.publicLat,
    long: r.publicLong,
    mediaUrl: ctx.firstMediaUrl,
    duplicateOf: r.duplicateOf,
  };
}

export interface UpdateRecord {
  id: string;
  requestId: string;
  status: 'open' | 'closed';
  externalStatus: ComplaintStatus;
  description: string;
  mediaUrl: string | null;
  createdAt: Date;
}

export const updateView = (u: UpdateRecord): ComplaintUpdateView => ({
  updateId: u.id,
  serviceRequestId: u.requestId,
  status: u.status,
  externalStatusCode: u.externalStatus,
  description: u.description,
  updatedDatetime: u.createdAt.toISOString(),
  mediaUrl: u.mediaUrl,
});
