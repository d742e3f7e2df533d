import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  IsQuantities,
  PERMITS_CODE_PATTERN,
  REVISION_ITEM_KEY_PATTERN,
} from '../events/permits.events.js';
import { ROLES, type Role } from '../roles.js';
import {
  APPLICATION_STATUSES,
  CASE_STEPS,
  CASE_TRANSITIONS,
  type ApplicationStatus,
  type CaseAssessment,
  type CaseStep,
  type CaseTransition,
  type CaseUpdateReply,
  type RecordTransitionRequest,
} from '../temporal/permits.js';
import { rpc } from './rpc.js';

/*
 * The permits context's internal patterns (`permits.internal.>`): only workflow activities (the
 * worker's NATS user) send them. Through them the workflow writes every transition it drives:
 * the service checks it against the table, records state + transition + event in one
 * transaction, once per (application, seq).
 */

export const PERMITS_INTERNAL_APPLICATION_TRANSITION = 'permits.internal.application.transition';
export const PERMITS_INTERNAL_APPLICATION_ASSESS = 'permits.internal.application.assess';
export const PERMITS_INTERNAL_PERMIT_ISSUE = 'permits.internal.permit.issue';

const INTERNAL = { internal: true } as const;

export class CaseActorInput {
  @IsUUID()
  userId: string;

  @IsIn(ROLES)
  role: Role;
}

export class TransitionFactsInput {
  @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @IsOptional() @IsIn(CASE_STEPS) step?: CaseStep;
  @IsOptional() @IsUUID() assigneeId?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) completenessDueAt?: string;
  @IsOptional() @IsISO8601({ strict: true }) paymentDueAt?: string;
  @IsOptional() @IsISO8601({ strict: true }) reviewDueAt?: string | null;
  @IsOptional() @IsInt() @Min(0) workingDaysLeft?: number;
  @IsOptional() @IsIn(['completeness', 'review']) clockStage?: 'completeness' | 'review';
  @IsOptional() @IsIn(['clerk', 'deadline']) completenessBy?: 'clerk' | 'deadline';
  @IsOptional() @IsUUID() invoiceId?: string;
  @IsOptional() @Matches(PERMITS_CODE_PATTERN) purpose?: string;
  @IsOptional() @IsInt() @Min(0) feeMinor?: number;
  @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string;
  @IsOptional() @IsQuantities() quantities?: Record<string, number>;
  @IsOptional() @IsBoolean() secondApprovalRequired?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(2) @IsUUID('all', { each: true }) approverIds?: string[];
  @IsOptional() @IsBoolean() escalated?: boolean;
  @IsOptional() @IsUUID() inspectionId?: string;
  @IsOptional() @IsInt() @Min(1) round?: number;
  @IsOptional() @IsUUID() inspectorId?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) scheduledFor?: string;
  @IsOptional() @IsUUID() findingsId?: string;
  @IsOptional() @IsBoolean() reinspectionAllowed?: boolean;
  @IsOptional() @IsUUID() refundId?: string;
  @IsOptional()
  @IsIn(['none', 'invoice_cancelled', 'refunded'])
  compensation?: 'none' | 'invoice_cancelled' | 'refunded';
  @IsOptional() @IsUUID() conditionId?: string;
  @IsOptional() @Matches(PERMITS_CODE_PATTERN) conditionCode?: string;
  @IsOptional() @IsInt() @Min(0) unmetConditions?: number;
}

export class RecordTransitionInput implements RecordTransitionRequest {
  @IsUUID()
  applicationId: string;

  @IsInt()
  @Min(1)
  seq: number;

  @IsIn(CASE_TRANSITIONS)
  transition: CaseTransition;

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

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(REVISION_ITEM_KEY_PATTERN, { each: true })
  revisionItemKeys?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => TransitionFactsInput)
  facts?: TransitionFactsInput;
}

export class AssessApplicationRequest {
  @IsUUID()
  applicationId: string;
}

export class IssuePermitRequest {
  @IsUUID()
  applicationId: string;

  @IsInt()
  @Min(1)
  seq: number;
}

export interface IssuedPermitReply {
  permitNumber: string;
  validFrom: string;
  validUntil: string;
}

export const PERMITS_INTERNAL_RPC = {
  [PERMITS_INTERNAL_APPLICATION_TRANSITION]: rpc<RecordTransitionInput, CaseUpdateReply>(
    RecordTransitionInput,
    INTERNAL,
  ),
  [PERMITS_INTERNAL_APPLICATION_ASSESS]: rpc<AssessApplicationRequest, CaseAssessment>(
    AssessApplicationRequest,
    INTERNAL,
  ),
  [PERMITS_INTERNAL_PERMIT_ISSUE]: rpc<IssuePermitRequest, IssuedPermitReply>(
    IssuePermitRequest,
    INTERNAL,
  ),
} as const;
