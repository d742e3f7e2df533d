import { DomainError, defineCodes } from './domain-error.js';

/**
 * The Open311 edge's own codes (the gateway owns the client apps' API keys). Under
 * `/open311/v2` every code is answered in the standard's error list, not as a problem.
 */
export const OPEN311_ERROR_CODES = defineCodes('OPEN311', [
  'API_KEY_NOT_FOUND',
  'INVALID_API_KEY',
  'JURISDICTION_NOT_FOUND',
  'BAD_REQUEST',
]);
export type Open311ErrorCode = (typeof OPEN311_ERROR_CODES)[number];

const open311Error = (
  code: Open311ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): DomainError<Open311ErrorCode> => new DomainError(code, message, details);

export const Open311Errors = {
  apiKeyNotFound: (keyId: string) =>
    open311Error('OPEN311.API_KEY_NOT_FOUND', `No API key ${keyId}`, { keyId }),
  invalidApiKey: () =>
    open311Error('OPEN311.INVALID_API_KEY', 'api_key is missing, unknown or revoked'),
  jurisdictionNotFound: (jurisdictionId: string) =>
    open311Error(
      'OPEN311.JURISDICTION_NOT_FOUND',
      `jurisdiction_id ${jurisdictionId} is not served here`,
    ),
  badRequest: (field: string, message: string) =>
    open311Error('OPEN311.BAD_REQUEST', message, { field }),
};
