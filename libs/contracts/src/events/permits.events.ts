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
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { IdField } from './personal-data.js';

/*
 * The permits context's events. The aggregate of an application's events is the application
 * (`aggregateId` = application id); of a permit's, the permit number (the CloudEvents `subject`,
 * so the audit trail finds a permit's entries by it). They carry ids, codes, numbers and times,
 * never what a citizen wrote: free text (a decision's note, findings, a title) stays in the
 * permits tables. Every application event carries the case number and the permit type with the
 * version the case is pinned to, so a later recomputation needs nothing else.
 */

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const PERMIT_APPLICATION_DRAFTED_V1 = 'gov.permits.application.drafted.v1';
export const PERMIT_APPLICATION_SUBMITTED_V1 = 'gov.permits.application.submitted.v1';
export const PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1 =
  'gov.permits.application.completeness-confirmed.v1';
export const PERMIT_APPLICATION_PAYMENT_REQUESTED_V1 =
  'gov.permits.application.payment-requested.v1';
export const PERMIT_APPLICATION_PAYMENT_REMINDED_V1 = 'gov.permits.application.payment-reminded.v1';
export const PERMIT_APPLICATION_REVIEW_STARTED_V1 = 'gov.permits.application.review-started.v1';
export const PERMIT_APPLICATION_ASSIGNED_V1 = 'gov.permits.application.assigned.v1';
export const PERMIT_APPLICATION_CHANGES_REQUESTED_V1 =
  'gov.permits.application.changes-requested.v1';
export const PERMIT_APPLICATION_RESUBMITTED_V1 = 'gov.permits.application.resubmitted.v1';
export const PERMIT_APPLICATION_APPROVAL_RECORDED_V1 =
  'gov.permits.application.approval-recorded.v1';
export const PERMIT_APPLICATION_APPROVED_V1 = 'gov.permits.application.approved.v1';
export const PERMIT_APPLICATION_REJECTED_V1 = 'gov.permits.application.rejected.v1';
export const PERMIT_APPLICATION_WITHDRAWN_V1 = 'gov.permits.application.withdrawn.v1';
export const PERMIT_APPLICATION_LAPSED_V1 = 'gov.permits.application.lapsed.v1';
export const PERMIT_APPLICATION_ESCALATED_V1 = 'gov.permits.application.escalated.v1';
export const PERMIT_APPLICATION_DEEMED_APPROVED_V1 = 'gov.permits.application.deemed-approved.v1';
export const PERMIT_APPLICATION_DEEMED_REFUSED_V1 = 'gov.permits.application.deemed-refused.v1';
export const PERMIT_APPLICATION_FEE_REFUNDED_V1 = 'gov.permits.application.fee-refunded.v1';
export const PERMIT_APPLICATION_CONDITION_ADDED_V1 = 'gov.permits.application.condition-added.v1';
export const PERMIT_APPLICATION_CONDITION_MET_V1 = 'gov.permits.application.condition-met.v1';
export const PERMIT_APPLICATION_HELD_V1 = 'gov.permits.application.held.v1';
export const PERMIT_APPLICATION_RELEASED_V1 = 'gov.permits.application.released.v1';
export const PERMIT_INSPECTION_SCHEDULED_V1 = 'gov.permits.inspection.scheduled.v1';
export const PERMIT_INSPECTION_PASSED_V1 = 'gov.permits.inspection.passed.v1';
export const PERMIT_INSPECTION_FAILED_V1 = 'gov.permits.inspection.failed.v1';
export const PERMIT_APPLICATION_MESSAGE_POSTED_V1 = 'gov.permits.application.message-posted.v1';
export const PERMIT_ISSUED_V1 = 'gov.permits.permit.issued.v1';

/** A permit type's code, e.g. `building`. */
export const PERMIT_TYPE_PATTERN = /^[a-z][a-z0-9.-]{0,63}$/;
/** A case number: `<prefix>-<year>-<6 digits>`, e.g. `BP-2026-000123`. */
export const CASE_NUMBER_PATTERN = /^[A-Z]{1,6}-\d{4}-\d{6,}$/;
/** A permit number: `<prefix>-P-<year>-<6 digits>`, unique per type and year. */
export const PERMIT_NUMBER_PATTERN = /^[A-Z]{1,6}-P-\d{4}-\d{6,}$/;
/** A stable code (reason, revision item key, quantity code, remedy). */
export const PERMITS_CODE_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
/** A revision item key: `document:<kind>` or `field:<json pointer-ish path>`. */
export const REVISION_ITEM_KEY_PATTERN = /^(document|field|quantity):[A-Za-z0-9_./-]{1,128}$/;

/** Declared quantities: `{ floor_area_m2: 620 }`, codes to non-negative integers. */
export function IsQuantities(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isQuantities',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 20 &&
          Object.entries(value).every(
            ([k, v]) =>
              PERMITS_CODE_PATTERN.test(k) && Number.isSafeInteger(v) && (v as number) >= 0,
          ),
        defaultMessage: () =>
          '$property must map quantity codes to whole numbers of at least 0 (at most 20)',
      },
    },
    options,
  );
}

/** What every application event has. */
abstract class ApplicationFacts {
  @IsUUID()
  @IdField()
  applicationId: string;

  @IsOptional()
  @Matches(CASE_NUMBER_PATTERN)
  @IdField()
  caseNumber?: string;

  /** Code of the permit type, e.g. `building`. */
  @Matches(PERMIT_TYPE_PATTERN)
  permitType: string;

  /** The type version the case is pinned to. */
  @IsOptional()
  @IsInt()
  @Min(1)
  typeVersion?: number;
}

/**
 * How an application came in: `online` (its applicant), or `assisted` (a clerk filed it at the
 * counter on the applicant's behalf, under a recorded delegation: `filedBy` is the clerk's id).
 * Absent on events published before the assisted channel: `online`.
 */
class ApplicationChannelFacts extends ApplicationFacts {
  @IsOptional()
  @IsIn(['online', 'assisted'])
  channel?: 'online' | 'assisted';

  @IsOptional()
  @IsUUID()
  @IdField()
  filedBy?: string;

  /** The delegation (`gov.identity.delegation.granted.v1`) the clerk acted under. */
  @IsOptional()
  @IsUUID()
  @IdField()
  delegationId?: string;
}

export class PermitApplicationDraftedV1 extends ApplicationChannelFacts {
  @IsUUID()
  @IdField()
  applicantId: string;
}

export class PermitApplicationSubmittedV1 extends ApplicationChannelFacts {
  @IsUUID()
  @IdField()
  applicantId: string;

  @IsISO8601({ strict: true })
  submittedAt: string;

  /** Declared quantities (the fee and the approval rule depend on them). */
  @IsOptional()
  @IsQuantities()
  quantities?: Record<string, number>;

  /** Working-day instant by which a clerk must find it incomplete, else it counts as complete. */
  @IsOptional()
  @IsISO8601({ strict: true })
  completenessDueAt?: string;
}

/** A clerk found the application complete, or the completeness deadline passed without a finding. */
export class PermitApplicationCompletenessConfirmedV1 extends ApplicationFacts {
  @IsIn(['clerk', 'deadline'])
  by: 'clerk' | 'deadline';
}

/** The fee is assessed and an invoice asked for; the application waits for the payment. */
export class PermitApplicationPaymentRequestedV1 extends ApplicationFacts {
  @IsUUID()
  @IdField()
  invoiceId: string;

  /** `application-fee`, `fee-adjustment-<n>`. */
  @Matches(PERMITS_CODE_PATTERN)
  purpose: string;

  @IsInt()
  @Min(0)
  feeMinor: number;

  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @IsQuantities()
  quantities: Record<string, number>;

  @IsISO8601({ strict: true })
  paymentDueAt: string;
}

export class PermitApplicationPaymentRemindedV1 extends ApplicationFacts {
  @IsUUID()
  @IdField()
  invoiceId: string;

  @IsISO8601({ strict: true })
  paymentDueAt: string;
}

/** The review clock starts (or restarts after changes): complete and paid. */
export class PermitApplicationReviewStartedV1 extends ApplicationFacts {
  @IsISO8601({ strict: true })
  reviewDueAt: string;

  /** Whole working days left on the clock when it (re)started. */
  @IsInt()
  @Min(0)
  workingDaysLeft: number;

  /** Whether an approval of a second, different approver is needed (the approval rule). */
  @IsBoolean()
  secondApprovalRequired: boolean;
}

/** A clerk claimed the case, or a supervisor reassigned it. */
export class PermitApplicationAssignedV1 extends ApplicationFacts {
  @IsOptional()
  @IsUUID()
  @IdField()
  assigneeId?: string;

  @IsIn(['claimed', 'reassigned', 'released'])
  how: 'claimed' | 'reassigned' | 'released';
}

export class PermitApplicationChangesRequestedV1 extends ApplicationFacts {
  @Matches(PERMITS_CODE_PATTERN)
  reasonCode: string;

  @IsArray()
  @ArrayMaxSize(100)
  @Matches(REVISION_ITEM_KEY_PATTERN, { each: true })
  revisionItemKeys: string[];

  /** `completeness`: before any clock started; `review`: the review clock stops. */
  @IsIn(['completeness', 'review'])
  stage: 'completeness' | 'review';

  /** Working days left on the stopped review clock (absent at the completeness stage). */
  @IsOptional()
  @IsInt()
  @Min(0)
  workingDaysLeft?: number;
}

export class PermitApplicationResubmittedV1 extends ApplicationFacts {
  @IsQuantities()
  quantities: Record<string, number>;

  /** The revision items the applicant answered. */
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(REVISION_ITEM_KEY_PATTERN, { each: true })
  revisionItemKeys: string[];
}

/** The first of two approvals (the approval rule asks a second, different approver). */
export class PermitApplicationApprovalRecordedV1 extends ApplicationFacts {
  @IsUUID()
  @IdField()
  approverId: string;
}

export class PermitApplicationApprovedV1 extends ApplicationFacts {
  /** Who approved: one id, or two where the approval rule asked for a second approver. */
  @IsArray()
  @ArrayMaxSize(2)
  @IsUUID('all', { each: true })
  @IdField()
  approverIds: string[];
}

export class PermitApplicationRejectedV1 extends ApplicationFacts {
  @Matches(PERMITS_CODE_PATTERN)
  reasonCode: string;
}

export class PermitApplicationWithdrawnV1 extends ApplicationFacts {
  /** `none`, `invoice_cancelled` or `refunded` (the compensation it took). */
  @IsIn(['none', 'invoice_cancelled', 'refunded'])
  compensation: 'none' | 'invoice_cancelled' | 'refunded';

  @IsOptional()
  @IsUUID()
  @IdField()
  refundId?: string;
}

/** The fee was not paid in time (the invoice expired). */
export class PermitApplicationLapsedV1 extends ApplicationFacts {
  @IsUUID()
  @IdField()
  invoiceId: string;
}

/** The review clock ran out: each remedy is its own event (escalated, deemed-*, fee-refunded). */
abstract class ClockBreach extends ApplicationFacts {
  @IsISO8601({ strict: true })
  reviewDueAt: string;
}

export class PermitApplicationEscalatedV1 extends ClockBreach {}
export class PermitApplicationDeemedApprovedV1 extends ClockBreach {}
export class PermitApplicationDeemedRefusedV1 extends ClockBreach {}
export class PermitApplicationFeeRefundedV1 extends ClockBreach {
  @IsUUID()
  @IdField()
  refundId: string;

  @IsInt()
  @Min(0)
  amountMinor: number;
}

/** A condition of approval: its id and kind (its text stays in the permits tables). */
abstract class ConditionFacts extends ApplicationFacts {
  @IsUUID()
  @IdField()
  conditionId: string;

  /** Conditions still unmet after this step (the permit is issued only at 0). */
  @IsInt()
  @Min(0)
  unmetConditions: number;
}

export class PermitApplicationConditionAddedV1 extends ConditionFacts {
  /** The condition's kind, a stable code (`final_inspection_before_occupancy`). */
  @Matches(PERMITS_CODE_PATTERN)
  code: string;
}

/** Staff marked a condition met (who: the envelope's actor; when: its time). */
export class PermitApplicationConditionMetV1 extends ConditionFacts {}

/** A supervisor put the case on hold: nothing moves, the review clock stops. */
export class PermitApplicationHeldV1 extends ApplicationFacts {
  @Matches(PERMITS_CODE_PATTERN)
  reasonCode: string;

  /** Whole working days left on the review clock the hold stopped (absent: no clock ran). */
  @IsOptional()
  @IsInt()
  @Min(0)
  workingDaysLeft?: number;
}

/** The hold ended; a review clock it stopped restarts from the next working day. */
export class PermitApplicationReleasedV1 extends ApplicationFacts {
  @IsOptional()
  @IsISO8601({ strict: true })
  reviewDueAt?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  workingDaysLeft?: number;
}

abstract class InspectionFacts extends ApplicationFacts {
  @IsUUID()
  @IdField()
  inspectionId: string;

  /** 1 for the first inspection, 2 for the first re-inspection, ... */
  @IsInt()
  @Min(1)
  round: number;
}

export class PermitInspectionScheduledV1 extends InspectionFacts {
  @IsUUID()
  @IdField()
  inspectorId: string;

  /** The day of the inspection (`YYYY-MM-DD`, the city's time zone). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  scheduledFor: string;
}

export class PermitInspectionPassedV1 extends InspectionFacts {}

export class PermitInspectionFailedV1 extends InspectionFacts {
  /** Whether another inspection is still allowed under the type's limit. */
  @IsBoolean()
  reinspectionAllowed: boolean;
}

/**
 * A message was posted on the case's conversation (the applicant and the staff). Ids and the
 * author's role only: the text stays in the permits tables (`application_messages`); the
 * author's id is the envelope's `actor`.
 */
export class PermitApplicationMessagePostedV1 extends ApplicationFacts {
  @IsUUID()
  @IdField()
  messageId: string;

  /** The author's role: `citizen` (the applicant), `clerk`, `supervisor` or `inspector`. */
  @IsIn(['citizen', 'clerk', 'supervisor', 'inspector'])
  authorRole: 'citizen' | 'clerk' | 'supervisor' | 'inspector';
}

/**
 * A permit is issued. Its aggregate (and CloudEvents `subject`) is the permit number; its actor
 * is `system`; the holder is only a salted hash of the holder's account id.
 */
export class PermitIssuedV1 {
  @Matches(PERMIT_NUMBER_PATTERN)
  @IdField()
  permitNumber: string;

  @IsUUID()
  @IdField()
  applicationId: string;

  @Matches(PERMIT_TYPE_PATTERN)
  permitType: string;

  @IsInt()
  @Min(1)
  typeVersion: number;

  /** HMAC-SHA256 (hex) of the holder's account id with the permits salt. */
  @Matches(/^[a-f0-9]{64}$/)
  holderHash: string;

  @IsISO8601({ strict: true })
  validFrom: string;

  @IsISO8601({ strict: true })
  validUntil: string;
}
