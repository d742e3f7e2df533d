import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { PERMITS_CODE_PATTERN, REVISION_ITEM_KEY_PATTERN } from '../events/permits.events.js';
import {
  APPLICATION_STATUSES,
  CASE_STEPS,
  type ApplicationStatus,
  type CaseStep,
  type DecisionKind,
} from '../temporal/permits.js';
import { ApplicationView } from './permits-applications.rpc.js';
import { rpc } from './rpc.js';

/*
 * The case work of permit applications (docs/permits.md "Case work"): the staff's work queue,
 * claiming and reassigning a case, decisions, inspections (schedule, result, an inspector's
 * day), and the applicant's resubmission. Each state change is a Temporal Update of the case's
 * workflow, sent by the permits service after its own checks (role, ownership, separation of
 * duties); its Update id derives from the request key, so a retried request is one Update.
 */

export const PERMITS_TASK_LIST = 'permits.task.list';
export const PERMITS_TASK_CLAIM = 'permits.task.claim';
export const PERMITS_TASK_REASSIGN = 'permits.task.reassign';
export const PERMITS_APPLICATION_DECIDE = 'permits.application.decide';
export const PERMITS_APPLICATION_RESUBMIT = 'permits.application.resubmit';
export const PERMITS_INSPECTION_SCHEDULE = 'permits.inspection.schedule';
export const PERMITS_INSPECTION_RECORD_RESULT = 'permits.inspection.record-result';
/**
 * Before the gateway stores a result's photos: the inspection exists, the caller is its
 * assigned inspector and it is still scheduled (the refusals `record-result` would give), so a
 * refused result leaves nothing in file storage.
 */
export const PERMITS_INSPECTION_RESULT_BEGIN = 'permits.inspection.result-begin';
export const PERMITS_INSPECTION_LIST_DAY = 'permits.inspection.list-day';

export const DECISION_KINDS = [
  'confirm_complete',
  'approve',
  'reject',
  'request_changes',
] as const satisfies readonly DecisionKind[];

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A case as the staff and the applicant see its progress (read from the permits table). */
export class CaseView {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ example: 'BP-2026-000123', nullable: true, type: String })
  caseNumber: string | null;
  @ApiProperty({ example: 'building' }) permitType: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty({ enum: CASE_STEPS }) step: CaseStep;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ description: 'The review clock ran out and a supervisor was asked to act.' })
  escalated: boolean;
  @ApiProperty({ description: 'The approval rule asks a second, different approver.' })
  secondApprovalRequired: boolean;
  @ApiProperty({ type: [String], description: 'Who approved so far, in order.' })
  approverIds: string[];
  @ApiProperty({ enum: ['not_started', 'running', 'stopped', 'done'] })
  clock: 'not_started' | 'running' | 'stopped' | 'done';
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewDueAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) workingDaysLeft: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'BP-P-2026-000001' })
  permitNumber: string | null;
}

// ---- tasks -------------------------------------------------------------------------------

export const TASK_KINDS = [
  'completeness_check',
  'review',
  'second_approval',
  'escalation',
  'inspection',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** A held case's hold as its queue shows it (its free text stays on the case). */
export class TaskHoldView {
  @ApiProperty({ example: 'legal_review' }) reasonCode: string;
  @ApiProperty({ format: 'date-time' }) since: string;
}

/** One item of a work queue; `id` is the application's (a task is a permit case's step). */
export class TaskView {
  @ApiProperty({ format: 'uuid', description: "The application's id." }) id: string;
  @ApiProperty({ enum: TASK_KINDS }) kind: TaskKind;
  @ApiProperty({ example: 'BP-2026-000123' }) caseNumber: string;
  @ApiProperty({ example: 'building' }) permitType: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty({ enum: CASE_STEPS }) step: CaseStep;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'When the step is due (UTC): the completeness or review deadline; for an inspection, the start of its day.',
  })
  dueAt: string | null;
  @ApiProperty({
    description: 'Past its due time and not on hold (a held case’s clock is stopped).',
  })
  overdue: boolean;
  @ApiProperty({
    description:
      'A supervisor holds the case: nothing moves until the release, its review clock is stopped. Held tasks come after every workable one.',
  })
  onHold: boolean;
  @ApiProperty({ type: TaskHoldView, nullable: true, description: 'The open hold, if any.' })
  hold: TaskHoldView | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'For an inspection task: the inspection.' })
  inspectionId?: string;
  @ApiPropertyOptional({ example: '2026-05-04' }) scheduledFor?: string;
}

export class TaskList {
  @ApiProperty({
    type: [TaskView],
    description: 'Overdue first, then by due time; held cases last (oldest hold first).',
  })
  items: TaskView[];
}

/** `permits.task.list`: the caller's queue by their role (no filters). */
export class ListTasksRequest {}

export class ClaimTaskRequest {
  @IsUUID()
  applicationId: string;
}

export class ReassignTaskBody {
  @ApiProperty({ format: 'uuid', description: 'The clerk or supervisor who takes the case.' })
  @IsUUID()
  assigneeId: string;
}

export class ReassignTaskRequest extends ReassignTaskBody {
  @IsUUID()
  applicationId: string;
}

// ---- decisions ---------------------------------------------------------------------------

export class RevisionItemInput {
  @ApiProperty({
    example: 'document:site_plan',
    pattern: REVISION_ITEM_KEY_PATTERN.source,
    description: 'What to revise: `document:<kind>`, `field:<name>` or `quantity:<code>`.',
  })
  @Matches(REVISION_ITEM_KEY_PATTERN, { message: 'key must name a document, field or quantity' })
  key: string;

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

/** The body of `POST /api/v1/applications/{id}/decisions`. */
export class DecideApplicationBody {
  @ApiProperty({ enum: DECISION_KINDS })
  @IsIn(DECISION_KINDS)
  decision: DecisionKind;

  @ApiPropertyOptional({
    example: 'zoning_conflict',
    pattern: PERMITS_CODE_PATTERN.source,
    description: 'Why, as a stable code. Required to reject or request changes.',
  })
  @IsOptional()
  @Matches(PERMITS_CODE_PATTERN, { message: 'reasonCode must be a code' })
  reasonCode?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 10000,
    description:
      'Free text for the case file: kept in the permits tables, never in events or the workflow.',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(10000)
  note?: string;

  @ApiPropertyOptional({
    type: [RevisionItemInput],
    description: 'request_changes: what the applicant must revise (at least one).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RevisionItemInput)
  revisionItems?: RevisionItemInput[];
}

export class DecideApplicationRequest extends DecideApplicationBody {
  @IsUUID()
  applicationId: string;
}

export class ApplicationRef {
  @IsUUID()
  applicationId: string;
}

// ---- inspections -------------------------------------------------------------------------

export class ScheduleInspectionBody {
  @ApiProperty({ format: 'uuid', description: 'A user with the inspector role.' })
  @IsUUID()
  inspectorId: string;

  @ApiProperty({
    example: '2026-05-04',
    pattern: DATE_PATTERN.source,
    description: "The day, in the city's time zone.",
  })
  @Matches(DATE_PATTERN, { message: 'date must be YYYY-MM-DD' })
  date: string;
}

export class ScheduleInspectionRequest extends ScheduleInspectionBody {
  @IsUUID()
  applicationId: string;
}

/** A photo the gateway streamed to file storage before asking. */
export class InspectionPhotoInput {
  @IsUUID()
  photoId: string;

  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,299}$/)
  storageKey: string;

  @Matches(/^[a-z]+\/[a-z0-9.+-]+$/)
  contentType: string;

  @IsInt()
  @Min(1)
  sizeBytes: number;

  @Matches(/^[a-f0-9]{64}$/)
  sha256: string;
}

/** The fields of `POST /api/v1/inspections/{id}/result` (multipart, or JSON without photos). */
export class RecordInspectionResultBody {
  @ApiProperty({ enum: ['pass', 'fail'] })
  @IsIn(['pass', 'fail'])
  outcome: 'pass' | 'fail';

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 10000,
    description: 'Kept in the permits tables only.',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(10000)
  findings?: string;
}

export class RecordInspectionResultRequest extends RecordInspectionResultBody {
  @IsUUID()
  inspectionId: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => InspectionPhotoInput)
  photos?: InspectionPhotoInput[];
}

export class InspectionRef {
  @IsUUID()
  inspectionId: string;
}

export class InspectionCaseView {
  @ApiProperty({ format: 'uuid' }) inspectionId: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ example: 'BP-2026-000123' }) caseNumber: string;
  @ApiProperty({ example: 'building' }) permitType: string;
  @ApiProperty() round: number;
  @ApiProperty({ format: 'uuid' }) inspectorId: string;
  @ApiProperty({ example: '2026-05-04' }) scheduledFor: string;
  @ApiProperty({ enum: ['scheduled', 'passed', 'failed', 'cancelled'] })
  status: 'scheduled' | 'passed' | 'failed' | 'cancelled';
  @ApiProperty({ description: 'Where to go (the site address).' }) siteAddress: string;
  @ApiProperty() photos: number;
}

export class InspectionDayQuery {
  @ApiProperty({
    example: '2026-05-04',
    pattern: DATE_PATTERN.source,
    description: "The day, in the city's time zone.",
  })
  @Matches(DATE_PATTERN, { message: 'date must be YYYY-MM-DD' })
  date: string;
}

export class InspectionDay {
  @ApiProperty({ example: '2026-05-04' }) date: string;
  @ApiProperty({ type: [InspectionCaseView] }) items: InspectionCaseView[];
}

export const PERMITS_CASEWORK_RPC = {
  [PERMITS_TASK_LIST]: rpc<ListTasksRequest, TaskList>(ListTasksRequest),
  [PERMITS_TASK_CLAIM]: rpc<ClaimTaskRequest, CaseView>(ClaimTaskRequest),
  [PERMITS_TASK_REASSIGN]: rpc<ReassignTaskRequest, CaseView>(ReassignTaskRequest),
  [PERMITS_APPLICATION_DECIDE]: rpc<DecideApplicationRequest, ApplicationView>(
    DecideApplicationRequest,
  ),
  [PERMITS_APPLICATION_RESUBMIT]: rpc<ApplicationRef, CaseView>(ApplicationRef),
  [PERMITS_INSPECTION_SCHEDULE]: rpc<ScheduleInspectionRequest, InspectionCaseView>(
    ScheduleInspectionRequest,
  ),
  [PERMITS_INSPECTION_RECORD_RESULT]: rpc<RecordInspectionResultRequest, InspectionCaseView>(
    RecordInspectionResultRequest,
  ),
  [PERMITS_INSPECTION_RESULT_BEGIN]: rpc<InspectionRef, InspectionCaseView>(InspectionRef),
  [PERMITS_INSPECTION_LIST_DAY]: rpc<InspectionDayQuery, InspectionDay>(InspectionDayQuery),
} as const;
