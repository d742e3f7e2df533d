import { DomainError, defineCodes } from './domain-error.js';

export const AUDIT_ERROR_CODES = defineCodes('AUDIT', [
  'NOT_FOUND',
  'INVALID_RANGE',
  'PERMIT_NOT_FOUND',
]);
export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[number];

export const AuditErrors = {
  notFound: (message: string) => new DomainError<AuditErrorCode>('AUDIT.NOT_FOUND', message),
  invalidRange: (message: string) =>
    new DomainError<AuditErrorCode>('AUDIT.INVALID_RANGE', message),
  /** No entry of this permit number in the log's latest signed tree head. */
  permitNotFound: (permitNumber: string) =>
    new DomainError<AuditErrorCode>(
      'AUDIT.PERMIT_NOT_FOUND',
      `No issued permit ${permitNumber} in the signed audit log (a permit issued in the last seconds is covered by the next tree head)`,
      { permitNumber },
    ),
} as const;
