import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
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
