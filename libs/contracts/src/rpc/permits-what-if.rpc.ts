import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PERMIT_TYPE_CODE_PATTERN } from '../events/permits-catalogue.events.js';
import { FeeRuleInput, MAX_WORKING_DAYS, PERMIT_REVIEW_REMEDIES } from './permits-catalogue.rpc.js';
import { rpc } from './rpc.js';

/*
 * What-if replay (docs/permits.md, "What-if replay"): a supervisor asks how past cases would
 * have gone under a proposed fee rule and/or SLA; the permits service recomputes them in the
 * background from its transition table and answers with a report. Nothing else changes.
 * `npm run whatif` takes the same proposal from files.
 */

export const PERMITS_WHAT_IF_START = 'permits.what-if.start';
export const PERMITS_WHAT_IF_GET = 'permits.what-if.get';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A proposed fee rule for one permit type. */
export class WhatIfFeeRuleInput {
  @ApiProperty({ example: 'building', pattern: PERMIT_TYPE_CODE_PATTERN.source })
  @Matches(PERMIT_TYPE_CODE_PATTERN, { message: 'permitType must be a permit type code' })
  permitType: string;

  @ApiProperty({ type: FeeRuleInput })
  @IsObject()
  @ValidateNested()
  @Type(() => FeeRuleInput)
  fee: FeeRuleInput;
}

const WORKING_DAYS = { type: 'integer', minimum: 1, maximum: MAX_WORKING_DAYS } as const;

/** A proposed SLA: for one permit type, or every type when `permitType` is absent. */
export class WhatIfSlaInput {
  @ApiPropertyOptional({ example: 'building', description: 'Absent: every permit type.' })
  @IsOptional()
  @Matches(PERMIT_TYPE_CODE_PATTERN, { message: 'permitType must be a permit type code' })
  permitType?: string;

  @ApiPropertyOptional({ ...WORKING_DAYS, example: 15, description: 'Working days of review.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  reviewDays?: number;

  @ApiPropertyOptional({ ...WORKING_DAYS, example: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  completenessCheckDays?: number;

  @ApiPropertyOptional({ ...WORKING_DAYS, example: 10, description: 'Working days to pay.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  paymentDays?: number;

  @ApiPropertyOptional({ enum: PERMIT_REVIEW_REMEDIES })
  @IsOptional()
  @IsIn(PERMIT_REVIEW_REMEDIES)
  remedy?: (typeof PERMIT_REVIEW_REMEDIES)[number];
}

/** A proposal and the period of the cases it is tried on (by submission day, city time). */
export class WhatIfRequest {
  @ApiProperty({ example: '2026-01-01', description: 'First day of submission (city time).' })
  @Matches(DAY_PATTERN, { message: 'from must be a YYYY-MM-DD day' })
  from: string;

  @ApiProperty({ example: '2026-03-31', description: 'Last day of submission (included).' })
  @Matches(DAY_PATTERN, { message: 'to must be a YYYY-MM-DD day' })
  to: string;

  @ApiPropertyOptional({ type: [WhatIfFeeRuleInput], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WhatIfFeeRuleInput)
  feeRules?: WhatIfFeeRuleInput[];

  @ApiPropertyOptional({ type: [WhatIfSlaInput], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WhatIfSlaInput)
  slas?: WhatIfSlaInput[];
}

export class WhatIfJobRef {
  @IsUUID()
  id: string;
}

export class WhatIfCount {
  @ApiProperty() actual: number;
  @ApiProperty() proposed: number;
}

export class WhatIfMedian {
  @ApiProperty({ nullable: true, type: Number }) actual: number | null;
  @ApiProperty({ nullable: true, type: Number }) proposed: number | null;
}

export class WhatIfRevenue {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'Paid and kept, minor units.' }) actualMinor: number;
  @ApiProperty() proposedMinor: number;
  @ApiProperty({ description: 'proposed − actual.' }) differenceMinor: number;
}

export class WhatIfTypeReport {
  @ApiProperty({ example: 'building' }) permitType: string;
  @ApiProperty({ description: 'Cases submitted in the period.' }) cases: number;
  @ApiProperty({ type: WhatIfCount, description: 'Cases whose review deadline ran out.' })
  missedDeadline: WhatIfCount;
  @ApiProperty({ type: WhatIfCount }) lapsed: WhatIfCount;
  @ApiProperty({ type: WhatIfCount, description: 'Approved or rejected (also deemed).' })
  decided: WhatIfCount;
  @ApiProperty({ type: WhatIfMedian, description: 'Calendar days, submission to decision.' })
  medianDaysToDecision: WhatIfMedian;
  @ApiProperty({ type: [WhatIfRevenue] }) revenue: WhatIfRevenue[];
}

export class WhatIfReport {
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-03-31' }) to: string;
  @ApiProperty({ format: 'date-time', description: 'Cases as they stood at this instant.' })
  asOf: string;
  @ApiProperty({ description: 'Version of the business calendar counted with.' })
  calendarVersion: number;
  @ApiProperty() cases: number;
  @ApiProperty({ type: [WhatIfTypeReport] }) types: WhatIfTypeReport[];
}

export const WHAT_IF_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type WhatIfJobStatus = (typeof WHAT_IF_JOB_STATUSES)[number];

export class WhatIfJobView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WHAT_IF_JOB_STATUSES }) status: WhatIfJobStatus;
  @ApiProperty({ type: WhatIfRequest }) proposal: WhatIfRequest;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiPropertyOptional({ type: WhatIfReport }) report?: WhatIfReport;
  @ApiPropertyOptional({ description: 'Why a failed job failed.' }) error?: string;
}

export const PERMITS_WHAT_IF_RPC = {
  [PERMITS_WHAT_IF_START]: rpc<WhatIfRequest, WhatIfJobView>(WhatIfRequest),
  [PERMITS_WHAT_IF_GET]: rpc<WhatIfJobRef, WhatIfJobView>(WhatIfJobRef),
} as const;
