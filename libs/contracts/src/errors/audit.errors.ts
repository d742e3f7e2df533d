import { DomainError, defineCodes } from './domain-error.js';

export const AUDIT_ERROR_CODES = defineCodes('AUDIT', ['NOT_FOUND', 'INVALID_RANGE']);
export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[number];

export const AuditErrors = {
  notFound: (message: string) => new DomainError<AuditErrorCode>('AUDIT.NOT_FOUND', message),
  invalidRange: (message: string) =>
    new DomainError<AuditErrorCode>('AUDIT.INVALID_RANGE', message),
} as const;
