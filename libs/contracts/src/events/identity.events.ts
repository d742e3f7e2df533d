import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IdField } from './personal-data.js';

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const ACCESS_DENIED_V1 = 'gov.identity.access.denied.v1';

/** A protected resource refused an actor (whoever refused emits it, so the audit trail sees it). */
export class AccessDeniedV1 {
  /** Kind of resource, e.g. `permit-application`. */
  @Matches(/^[a-z][a-z0-9-]{0,63}$/)
  resourceType: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IdField()
  resourceId?: string;

  /** What was attempted, e.g. `decide`. */
  @Matches(/^[a-z][a-z0-9.-]{0,63}$/)
  action: string;

  /** Stable refusal code, e.g. `POLICY.SEPARATION_OF_DUTIES`. */
  @Matches(/^[A-Z][A-Z0-9_]*\.[A-Z0-9_]+$/)
  reasonCode: string;

  @IsIn(['gateway', 'service'])
  refusedBy: 'gateway' | 'service';

  @IsOptional()
  @IsUUID()
  @IdField()
  userId?: string;
}

/**
 * A clerk may act for an applicant at the counter (assisted channel) until `expiresAt`: granted
 * when the clerk created an assisted account for a walk-in person (`new_account`), or when the
 * person showed a one-time code from their own session (`assist_code`). Ids only: the person's
 * name, contact and the identity document seen stay in the identity tables.
 */
export const DELEGATION_GRANTED_V1 = 'gov.identity.delegation.granted.v1';
/**
 * A delegation ended before it expired: the clerk finished at the counter (`clerk`), or the
 * person withdrew it from their own account (`holder`). Ids only.
 */
export const DELEGATION_ENDED_V1 = 'gov.identity.delegation.ended.v1';
/** A person claimed the account a clerk created for them (one-time code, own password). */
export const ACCOUNT_CLAIMED_V1 = 'gov.identity.account.claimed.v1';
/**
 * A clerk replaced the claim code of an account made at the counter and not yet claimed (the
 * printed one expired, was voided by wrong tries, or was lost), after seeing the same identity
 * document again; the earlier code works no more. Ids only.
 */
export const CLAIM_CODE_REISSUED_V1 = 'gov.identity.claim-code.reissued.v1';

/** What every delegation event has: the delegation, its clerk and the account acted for. */
abstract class DelegationParties {
  @IsUUID()
  @IdField()
  delegationId: string;

  /** The clerk who may act (or could, until the delegation ended). */
  @IsUUID()
  @IdField()
  clerkId: string;

  /** The account acted for. */
  @IsUUID()
  @IdField()
  applicantId: string;
}

export class DelegationGrantedV1 extends DelegationParties {
  @IsIn(['new_account', 'assist_code'])
  via: 'new_account' | 'assist_code';

  @IsISO8601({ strict: true })
  expiresAt: string;
}

export class DelegationEndedV1 extends DelegationParties {
  /** Who ended it: the clerk, or the person whose account it is. */
  @IsIn(['clerk', 'holder'])
  endedBy: 'clerk' | 'holder';
}

export class AccountClaimedV1 {
  @IsUUID()
  @IdField()
  accountId: string;

  /** The clerk who created it at the counter. */
  @IsUUID()
  @IdField()
  createdBy: string;
}

export class ClaimCodeReissuedV1 {
  /** The unclaimed account. */
  @IsUUID()
  @IdField()
  accountId: string;

  /** The clerk who saw the identity document and printed the new code. */
  @IsUUID()
  @IdField()
  reissuedBy: string;
}
