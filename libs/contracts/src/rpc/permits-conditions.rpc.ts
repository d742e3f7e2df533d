import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PERMITS_CODE_PATTERN } from '../events/permits.events.js';
import { ApplicationView } from './permits-applications.rpc.js';
import { rpc } from './rpc.js';

/*
 * Conditions of approval and holds on a permit case (docs/permits.md "Conditions and holds").
 * Each is a Temporal Update of the case's workflow, sent by the permits service after its own
 * checks; free text (a condition's text, a hold's reason, a note) is stored in the permits
 * tables first and never enters the workflow or an event. Each answers the application view.
 */

export const PERMITS_CONDITION_ADD = 'permits.application.condition.add';
export const PERMITS_CONDITION_MET = 'permits.application.condition.met';
export const PERMITS_APPLICATION_HOLD = 'permits.application.hold';
export const PERMITS_APPLICATION_RELEASE = 'permits.application.release';

/** The body of `POST /api/v1/applications/{id}/conditions`. */
export class AddConditionBody {
  @ApiProperty({
    example: 'final_inspection_before_occupancy',
    pattern: PERMITS_CODE_PATTERN.source,
    description: "The condition's kind, a stable code (the only part events carry).",
  })
  @Matches(PERMITS_CODE_PATTERN, { message: 'code must be a code' })
  code: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 2000,
    example: 'Final inspection before occupancy.',
    description: 'What must be done: kept in the permits tables only.',
  })
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'text must not be only white space' })
  text: string;
}

export class AddConditionRequest extends AddConditionBody {
  @IsUUID()
  applicationId: string;
}

/** The body of `POST /api/v1/applications/{id}/conditions/{conditionId}/met`. */
export class MarkConditionMetBody {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 2000,
    description: 'Kept in the permits tables only.',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

export class MarkConditionMetRequest extends MarkConditionMetBody {
  @IsUUID()
  applicationId: string;

  @IsUUID()
  conditionId: string;
}

/** The body of `POST /api/v1/applications/{id}/hold`. */
export class HoldApplicationBody {
  @ApiProperty({
    example: 'legal_review',
    pattern: PERMITS_CODE_PATTERN.source,
    description: 'Why, as a stable code.',
  })
  @Matches(PERMITS_CODE_PATTERN, { message: 'reasonCode must be a code' })
  reasonCode: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 2000,
    description: 'Why, in words: kept in the permits tables only (staff see it).',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

export class HoldApplicationRequest extends HoldApplicationBody {
  @IsUUID()
  applicationId: string;
}

/** The body of `POST /api/v1/applications/{id}/release`. */
export class ReleaseApplicationBody {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 2000,
    description: 'Kept in the permits tables only.',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

export class ReleaseApplicationRequest extends ReleaseApplicationBody {
  @IsUUID()
  applicationId: string;
}

export const PERMITS_CONDITIONS_RPC = {
  [PERMITS_CONDITION_ADD]: rpc<AddConditionRequest, ApplicationView>(AddConditionRequest),
  [PERMITS_CONDITION_MET]: rpc<MarkConditionMetRequest, ApplicationView>(MarkConditionMetRequest),
  [PERMITS_APPLICATION_HOLD]: rpc<HoldApplicationRequest, ApplicationView>(HoldApplicationRequest),
  [PERMITS_APPLICATION_RELEASE]: rpc<ReleaseApplicationRequest, ApplicationView>(
    ReleaseApplicationRequest,
  ),
} as const;
