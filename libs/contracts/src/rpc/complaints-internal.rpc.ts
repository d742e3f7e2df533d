import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ROLES, type Role } from '../roles.js';
import {
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  COMPLAINT_TRANSITIONS,
  type ComplaintPriority,
  type ComplaintStatus,
  type ComplaintTransition,
  type ComplaintTransitionRequest,
  type ComplaintUpdateReply,
  type Open311Status,
} from '../temporal/complaints.js';
import { rpc } from './rpc.js';

/*
 * The complaints context's internal patterns (`complaints.internal.>`): only workflow activities
 * (the worker's NATS user) send them. Through `complaints.internal.request.transition` the
 * complaint workflow writes every transition it drives: the service checks it against the
 * table, records state + transition + event in one transaction, once per (request, seq) (a
 * repeat of a recorded seq answers the same reply and changes nothing).
 */

export const COMPLAINTS_INTERNAL_REQUEST_TRANSITION = 'complaints.internal.request.transition';

/** Department codes as the catalogue holds them (`roads`, `street-lighting`). */
export const COMPLAINTS_DEPARTMENT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const INTERNAL = { internal: true } as const;

export class ComplaintActorInput {
  @IsUUID()
  userId: string;

  @IsIn(ROLES)
  role: Role;
}

export class ComplaintTransitionFactsInput {
  @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: ComplaintStatus;
  @IsOptional() @IsIn(['open', 'closed']) open311Status?: Open311Status;
  @IsOptional() @IsIn(COMPLAINT_PRIORITIES) priority?: ComplaintPriority;
  @IsOptional() @Matches(COMPLAINTS_DEPARTMENT_PATTERN) departmentCode?: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() assigneeId?: string | null;
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  triageDueAt?: string | null;
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  resolutionDueAt?: string | null;
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  expectedAt?: string | null;
  @IsOptional() @IsIn(['running', 'stopped', 'done']) clock?: 'running' | 'stopped' | 'done';
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  workingDaysLeft?: number | null;
  @IsOptional() @IsIn(['triage', 'resolution']) stage?: 'triage' | 'resolution';
  @IsOptional() @IsUUID() duplicateOf?: string;
  @IsOptional() @IsISO8601({ strict: true }) resolvedAt?: string;
  @IsOptional() @IsISO8601({ strict: true }) closesAt?: string;
  @IsOptional() @IsISO8601({ strict: true }) reopenUntil?: string;
  @IsOptional() @IsInt() @Min(0) reopenCount?: number;
  @IsOptional()
  @IsIn(['reporter', 'staff', 'feedback'])
  reopenedBy?: 'reporter' | 'staff' | 'feedback';
}

export class ComplaintTransitionInput implements ComplaintTransitionRequest {
  @IsUUID()
  requestId: string;

  @IsInt()
  @Min(1)
  seq: number;

  @IsIn(COMPLAINT_TRANSITIONS)
  transition: ComplaintTransition;

  @IsOptional()
  @ValidateNested()
  @Type(() => ComplaintActorInput)
  actor?: ComplaintActorInput;

  @IsOptional() @IsUUID() updateId?: string;
  @IsOptional() @IsUUID() reopenId?: string;
  @IsOptional() @IsUUID() feedbackId?: string;
  @IsOptional() @IsUUID() answerId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ComplaintTransitionFactsInput)
  facts?: ComplaintTransitionFactsInput;
}

export const COMPLAINTS_INTERNAL_RPC = {
  [COMPLAINTS_INTERNAL_REQUEST_TRANSITION]: rpc<ComplaintTransitionInput, ComplaintUpdateReply>(
    ComplaintTransitionInput,
    INTERNAL,
  ),
} as const;
