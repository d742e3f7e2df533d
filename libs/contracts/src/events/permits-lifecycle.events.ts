import { IsIn, IsInt, IsISO8601, IsUUID, Matches, Min } from 'class-validator';
import {
  CASE_NUMBER_PATTERN,
  PERMIT_NUMBER_PATTERN,
  PERMIT_TYPE_PATTERN,
} from './permits.events.js';
import { IdField } from './personal-data.js';

/*
 * An issued permit's life after its issuance (docs/permits.md, "A permit's life"): its
 * aggregate (the CloudEvents `subject`) is the permit number, as for `permit.issued`, so the
 * audit log's proof of a permit carries them. Ids, codes and times only: a revocation's free
 * text stays in the permits tables.
 */

export const PERMIT_REVOKED_V1 = 'gov.permits.permit.revoked.v1';
export const PERMIT_EXPIRED_V1 = 'gov.permits.permit.expired.v1';
export const PERMIT_RENEWAL_REQUESTED_V1 = 'gov.permits.permit.renewal-requested.v1';

/** The revocation reasons (kept here too so this module needs no Temporal import). */
const REVOCATION_REASONS = [
  'conditions_breached',
  'false_information',
  'safety_risk',
  'issued_in_error',
  'holder_request',
  'court_order',
] as const;

abstract class PermitFacts {
  @Matches(PERMIT_NUMBER_PATTERN)
  @IdField()
  permitNumber: string;

  /** The application the permit was issued on. */
  @IsUUID()
  @IdField()
  applicationId: string;
}

/** A supervisor revoked the permit (the actor extension names them). */
export class PermitRevokedV1 extends PermitFacts {
  @IsIn(REVOCATION_REASONS)
  reasonCode: (typeof REVOCATION_REASONS)[number];

  @IsISO8601({ strict: true })
  revokedAt: string;
}

/** The permit's validity ended (actor: system). */
export class PermitExpiredV1 extends PermitFacts {
  @IsISO8601({ strict: true })
  validUntil: string;

  @IsISO8601({ strict: true })
  expiredAt: string;
}

/** The holder asked for a renewal within the window: a new application, submitted, links to it. */
export class PermitRenewalRequestedV1 extends PermitFacts {
  @IsUUID()
  @IdField()
  renewalApplicationId: string;

  @Matches(CASE_NUMBER_PATTERN)
  @IdField()
  renewalCaseNumber: string;

  @Matches(PERMIT_TYPE_PATTERN)
  permitType: string;

  /** The type's version in force, which the renewal is pinned to. */
  @IsInt()
  @Min(1)
  typeVersion: number;
}
