import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PERMIT_NUMBER_PATTERN, PERMITS_CODE_PATTERN } from '../events/permits.events.js';
import {
  PERMIT_REVOCATION_REASONS,
  PERMIT_TRANSITIONS,
  type PermitLifeReply,
  type PermitRevocationReason,
  type PermitTransition,
  type RecordPermitTransitionRequest,
} from '../temporal/permit-life.js';
import { CaseActorInput } from './permits-internal.rpc.js';
import type { ApplicationView, PermitVerification } from './permits-applications.rpc.js';
import { rpc } from './rpc.js';

/*
 * An issued permit's life (docs/permits.md, "A permit's life"): a supervisor revokes it, its
 * holder asks for a renewal within the window before expiry; both are Updates of the permit's
 * workflow (`permit-<permitNumber>`) sent by the permits service after its own checks. The
 * workflow writes each transition through `permits.internal.permit.transition`.
 */

export const PERMITS_PERMIT_REVOKE = 'permits.permit.revoke';
export const PERMITS_PERMIT_RENEW = 'permits.permit.renew';
export const PERMITS_INTERNAL_PERMIT_TRANSITION = 'permits.internal.permit.transition';

/** The body of `POST /api/v1/permits/{permitNumber}/revoke`. */
export class RevokePermitBody {
  @ApiProperty({ enum: PERMIT_REVOCATION_REASONS, example: 'conditions_breached' })
  @IsIn(PERMIT_REVOCATION_REASONS, {
    message: `reasonCode must be one of ${PERMIT_REVOCATION_REASONS.join(', ')}`,
  })
  reasonCode: PermitRevocationReason;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 10000,
    description: 'Free text for the case file: kept in the permits tables, never in events.',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(10000)
  note?: string;
}

export class PermitNumberRequest {
  @Matches(PERMIT_NUMBER_PATTERN, { message: 'permitNumber must be a permit number' })
  permitNumber: string;
}

export class RevokePermitRequest extends RevokePermitBody {
  @Matches(PERMIT_NUMBER_PATTERN, { message: 'permitNumber must be a permit number' })
  permitNumber: string;
}

export class RecordPermitTransitionInput implements RecordPermitTransitionRequest {
  @Matches(PERMIT_NUMBER_PATTERN)
  permitNumber: string;

  @IsInt()
  @Min(1)
  seq: number;

  @IsIn(PERMIT_TRANSITIONS)
  transition: PermitTransition;

  @IsOptional()
  @ValidateNested()
  @Type(() => CaseActorInput)
  actor?: CaseActorInput;

  @IsOptional()
  @Matches(PERMITS_CODE_PATTERN)
  reasonCode?: string;

  @IsOptional()
  @IsUUID()
  noteId?: string;
}

export const PERMITS_LIFECYCLE_RPC = {
  [PERMITS_PERMIT_REVOKE]: rpc<RevokePermitRequest, PermitVerification>(RevokePermitRequest),
  [PERMITS_PERMIT_RENEW]: rpc<PermitNumberRequest, ApplicationView>(PermitNumberRequest),
  [PERMITS_INTERNAL_PERMIT_TRANSITION]: rpc<RecordPermitTransitionInput, PermitLifeReply>(
    RecordPermitTransitionInput,
    { internal: true },
  ),
} as const;
