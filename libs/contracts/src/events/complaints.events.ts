import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  type ComplaintPriority,
  type ComplaintStatus,
} from '../temporal/complaints.js';
import { HashedField, IdField } from './personal-data.js';

/*
 * The complaints context's events (Open311 service requests). The aggregate of every one is the
 * request (`aggregateId` = request id, the CloudEvents `subject`). They carry ids, codes, scores
 * and coordinates rounded to the public precision: never the reporter's name, contact, device
 * id, description, comment or address, and never the exact point of the report.
 */

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const COMPLAINT_RECEIVED_V1 = 'gov.complaints.request.received.v1';
export const COMPLAINT_TRIAGED_V1 = 'gov.complaints.request.triaged.v1';
export const COMPLAINT_ASSIGNED_V1 = 'gov.complaints.request.assigned.v1';
export const COMPLAINT_DUPLICATE_LINKED_V1 = 'gov.complaints.request.duplicate-linked.v1';
export const COMPLAINT_ESCALATED_V1 = 'gov.complaints.request.escalated.v1';
export const COMPLAINT_RESOLVED_V1 = 'gov.complaints.request.resolved.v1';
export const COMPLAINT_REOPENED_V1 = 'gov.complaints.request.reopened.v1';
export const COMPLAINT_CLOSED_V1 = 'gov.complaints.request.closed.v1';
export const COMPLAINT_RATED_V1 = 'gov.complaints.request.rated.v1';

/** An Open311 service code (kept as text: `001` is not `1`). */
export const SERVICE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A department's code in the catalogue (`roads`, `waste`, ...). */
export const DEPARTMENT_CODE_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
/** A stable reason code (`feedback_not_fixed`, `sla_breach`, ...). */
export const COMPLAINT_REASON_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;

/**
 * The internal statuses (FixMyStreet's, `not_councils_responsibility` named
 * `not_responsible`). The first four are open work; the others end the work (Open311 shows
 * `closed` once the request is closed, see `ComplaintClosedV1`).
 */
// One list for the events, the patterns and the workflow (which may import only
// `#contracts/temporal`): defined beside the workflow's contract.
export {
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  type ComplaintPriority,
  type ComplaintStatus,
} from '../temporal/complaints.js';
export const OPEN_COMPLAINT_STATUSES = [
  'for_triage',
  'investigating',
  'action_scheduled',
  'in_progress',
] as const satisfies readonly ComplaintStatus[];
export const RESOLVED_COMPLAINT_STATUSES = [
  'fixed',
  'duplicate',
  'not_responsible',
  'no_further_action',
  'internal_referral',
] as const satisfies readonly ComplaintStatus[];
export type ResolvedComplaintStatus = (typeof RESOLVED_COMPLAINT_STATUSES)[number];

/** Where a request came in. */
export const COMPLAINT_CHANNELS = ['open311', 'api'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** What every complaints event has: the request, its service and status after the fact. */
abstract class RequestFacts {
  @IsUUID()
  @IdField()
  requestId: string;

  @Matches(SERVICE_CODE_PATTERN)
  serviceCode: string;

  @Matches(DEPARTMENT_CODE_PATTERN)
  departmentCode: string;

  /** The internal status after this event. */
  @IsIn(COMPLAINT_STATUSES)
  status: ComplaintStatus;
}

/** A request was filed (Open311 or the REST API) and passed every check. */
export class ComplaintReceivedV1 extends RequestFacts {
  @IsIn(COMPLAINT_CHANNELS)
  channel: ComplaintChannel;

  @IsIn(COMPLAINT_PRIORITIES)
  priority: ComplaintPriority;

  /** Latitude rounded to the public precision (COMPLAINTS_PUBLIC_COORDINATE_DECIMALS). */
  @IsLatitude()
  publicLat: number;

  /** Longitude rounded to the public precision. */
  @IsLongitude()
  publicLong: number;

  /** The reporter's account when they filed signed in; absent for an anonymous report. */
  @IsOptional()
  @IsUUID()
  @IdField()
  reporterAccountId?: string;

  /** The Open311 client app (its API key's id), for a report that came through Open311. */
  @IsOptional()
  @IsUUID()
  @IdField()
  apiClientId?: string;

  /** Salted SHA-256 of the reporter's email or phone, to tell repeat reporters apart. */
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  @HashedField()
  reporterContactHash?: string;

  /** How many photos came with it (their content is moderated before it is public). */
  @IsInt()
  @Min(0)
  mediaCount: number;

  /** An open request of the same service nearby, suggested as the original (staff confirm). */
  @IsOptional()
  @IsUUID()
  @IdField()
  suspectedDuplicateOf?: string;
}

/** Staff (or the triage deadline) moved the request between internal statuses. */
export class ComplaintTriagedV1 extends RequestFacts {
  @IsIn(COMPLAINT_STATUSES)
  fromStatus: ComplaintStatus;

  @IsIn(COMPLAINT_PRIORITIES)
  priority: ComplaintPriority;
}

/** Given to a department, and possibly to one officer of it. */
export class ComplaintAssignedV1 extends RequestFacts {
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN)
  fromDepartmentCode?: string;

  @IsOptional()
  @IsUUID()
  @IdField()
  officerId?: string;
}

/** Staff confirmed the request as a duplicate of an open one: closed, linked both ways. */
export class ComplaintDuplicateLinkedV1 extends RequestFacts {
  @IsUUID()
  @IdField()
  originalRequestId: string;

  /** Great-circle distance between the two reports, whole metres. */
  @IsInt()
  @Min(0)
  distanceMetres: number;
}

/** A deadline passed: the case went to a supervisor. */
export class ComplaintEscalatedV1 extends RequestFacts {
  @IsIn(['triage', 'resolution'])
  deadline: 'triage' | 'resolution';

  @IsISO8601({ strict: true })
  dueAt: string;
}

/** The work ended with a resolving status (fixed, not responsible, ...). */
export class ComplaintResolvedV1 extends RequestFacts {
  @IsIn(COMPLAINT_STATUSES)
  fromStatus: ComplaintStatus;

  @IsISO8601({ strict: true })
  resolvedAt: string;

  /** Until when the reporter may say it is not fixed and reopen it. */
  @IsISO8601({ strict: true })
  reopenUntil: string;
}

/** Back to work within the reopen window: the reporter said "not fixed", or staff reopened. */
export class ComplaintReopenedV1 extends RequestFacts {
  @IsIn(['reporter', 'staff'])
  by: 'reporter' | 'staff';

  @Matches(COMPLAINT_REASON_PATTERN)
  reasonCode: string;

  /** How many times it has been reopened, this one included. */
  @IsInt()
  @Min(1)
  reopenCount: number;
}

/** Open311 shows the request `closed` from now on. */
export class ComplaintClosedV1 extends RequestFacts {
  @IsIn(['resolution_aged', 'duplicate', 'reopen_window_passed'])
  reasonCode: 'resolution_aged' | 'duplicate' | 'reopen_window_passed';
}

/** The reporter answered the feedback (scores only: the comment stays in the service). */
export class ComplaintRatedV1 extends RequestFacts {
  /** "Has this been fixed?" */
  @IsOptional()
  @IsBoolean()
  fixed?: boolean;

  /** Satisfaction, 1–5. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  /** "Would you recommend this service?", 0–10. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  recommendScore?: number;

  /** The answer reopened the case (a "no" within the window). */
  @IsBoolean()
  reopened: boolean;
}
