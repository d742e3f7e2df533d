import { defineCodes } from './domain-error.js';

/** The identity context's codes (accounts, sessions, two-factor; the gateway owns it). */
export const IDENTITY_ERROR_CODES = defineCodes('IDENTITY', [
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_RATE_LIMITED',
  'INVALID_REFRESH_TOKEN',
  'UNAUTHENTICATED',
  'TOTP_REQUIRED',
  'INVALID_TOTP',
  'TOTP_ALREADY_ENABLED',
  'TOTP_NOT_STARTED',
  'TWO_FACTOR_REQUIRED',
  'USER_NOT_FOUND',
  'FORBIDDEN',
]);
export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];
