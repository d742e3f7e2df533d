import type { PermitVerification } from '#contracts';
import type { PermitRecord } from '../applications/application.repository.js';

/** What public verification says of a permit at `now` (pure). */
export function verificationOf(
  permit: PermitRecord,
  holderIsPublic: boolean,
  now: Date,
): PermitVerification {
  const status =
    permit.status === 'revoked'
      ? 'revoked'
      : permit.status === 'expired' || permit.validUntil.getTime() <= now.getTime()
        ? 'expired'
        : 'valid';
  return {
    permitNumber: permit.permitNumber,
    valid: status === 'valid' && permit.validFrom.getTime() <= now.getTime(),
    status,
    reason: status === 'valid' ? null : status,
    permitType: permit.permitType,
    typeVersion: permit.typeVersion,
    validFrom: permit.validFrom.toISOString(),
    validUntil: permit.validUntil.toISOString(),
    holderName: holderIsPublic ? permit.holderDisplayName : null,
  };
}
