import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  IsNumber,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  IsQuantities,
  PERMIT_NUMBER_PATTERN,
  PERMITS_CODE_PATTERN,
  PERMIT_TYPE_PATTERN,
} from '../events/permits.events.js';
import {
  APPLICATION_STATUSES,
  CASE_STEPS,
  type ApplicationStatus,
  type CaseStep,
} from '../temporal/permits.js';
import { NumberFromQuery, QUERY_STRING_GROUP } from './fields.js';
import { CURSOR_PATTERN } from './payments.rpc.js';
import { rpc } from './rpc.js';

/*
 * The permits context's application patterns: drafts, changes, reads, submission, withdrawal of a
 * draft, documents (in two phases around the gateway's streaming into file storage) and the
 * public verification of a permit. Requests the gateway also takes over HTTP are its body and
 * query DTOs (their OpenAPI descriptions live here, once).
 */

export const PERMITS_APPLICATION_DRAFT = 'permits.application.draft';
export const PERMITS_APPLICATION_UPDATE = 'permits.application.update';
export const PERMITS_APPLICATION_GET = 'permits.application.get';
export const PERMITS_APPLICATION_LIST = 'permits.application.list';
export const PERMITS_APPLICATION_SUBMIT = 'permits.application.submit';
export const PERMITS_APPLICATION_WITHDRAW = 'permits.application.withdraw';
export const PERMITS_DOCUMENT_BEGIN = 'permits.application.document.begin';
export const PERMITS_DOCUMENT_RECORD = 'permits.application.document.record';
export const PERMITS_DOCUMENT_GET = 'permits.application.document.get';
export const PERMITS_PERMIT_VERIFY = 'permits.permit.verify';

/** A document kind's key as a type declares it (`site_plan`). */
export const DOCUMENT_KIND_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;

/** The JSON text of an application's `details` may be at most this long. */
export const MAX_DETAILS_CHARS = 32_768;

/** `details`: a JSON object of at most MAX_DETAILS_CHARS characters (the type's schema decides the rest). */
export function IsDetails(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDetails',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          JSON.stringify(value).length <= MAX_DETAILS_CHARS,
        defaultMessage: () =>
          `$property must be a JSON object of at most ${MAX_DETAILS_CHARS} characters`,
      },
    },
    options,
  );
}

/**
 * How `@IsQuantities()` checks a quantities map, stated in the document: at most 20 codes,
 * each matching `PERMITS_CODE_PATTERN`, each a safe non-negative integer. (`propertyNames` is
 * JSON Schema 2020-12, which OpenAPI 3.1 uses; the swagger typings do not list it.)
 */
const QUANTITIES_SCHEMA = {
  type: 'object',
  maxProperties: 20,
  propertyNames: { pattern: PERMITS_CODE_PATTERN.source },
  additionalProperties: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
} as unknown as { type: 'object'; additionalProperties: { type: 'integer' } };

// ---- requests ------------------------------------------------------------------------------

export class SiteInput {
  @ApiProperty({ example: 'Hauptstraße 12, 10115 Berlin', minLength: 1, maxLength: 300 })
  @IsString()
  @Length(1, 300)
  address: string;

  @ApiPropertyOptional({ example: 52.52, minimum: -90, maximum: 90 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ example: 13.405, minimum: -180, maximum: 180 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon?: number;
}

/** `POST /api/v1/applications`: a draft. */
export class DraftApplicationBody {
  @ApiProperty({ example: 'building', pattern: PERMIT_TYPE_PATTERN.source })
  @Matches(PERMIT_TYPE_PATTERN, { message: 'permitType must be a permit type code' })
  permitType: string;

  @ApiProperty({ example: 'Garden house', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ type: SiteInput })
  @ValidateNested()
  @Type(() => SiteInput)
  site: SiteInput;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "The type's own form fields, checked against its `formSchema` at submission (a draft may be incomplete).",
    example: { storeys: 2, use: 'residential' },
  })
  @IsOptional()
  @IsDetails()
  details?: Record<string, unknown>;

  @ApiPropertyOptional({
    ...QUANTITIES_SCHEMA,
    description: 'Declared quantities by code (whole numbers), e.g. floor area.',
    example: { floor_area_m2: 120 },
  })
  @IsOptional()
  @IsQuantities()
  quantities?: Record<string, number>;
}

/**
 * The assisted channel: a clerk acts for an applicant under a delegation the gateway checked
 * (live, granted to this clerk). Only the gateway's assisted routes set it; permits then takes
 * the applicant as the owner and the clerk as who filed (`filedBy`, channel `assisted`).
 */
export class OnBehalfOf {
  @IsUUID()
  applicantId: string;

  @IsUUID()
  delegationId: string;
}

export class DraftApplicationRequest extends DraftApplicationBody {
  @IsOptional()
  @ValidateNested()
  @Type(() => OnBehalfOf)
  onBehalfOf?: OnBehalfOf;
}

/** `PATCH /api/v1/applications/{id}`: what is sent replaces what was there. */
export class UpdateApplicationBody {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ type: SiteInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => SiteInput)
  site?: SiteInput;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsDetails()
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ ...QUANTITIES_SCHEMA })
  @IsOptional()
  @IsQuantities()
  quantities?: Record<string, number>;
}

export class UpdateApplicationRequest extends UpdateApplicationBody {
  @IsUUID()
  applicationId: string;
}

export class ApplicationRequest {
  @IsUUID()
  applicationId: string;

  /** Submitting for the applicant (assisted channel; see `OnBehalfOf`). */
  @IsOptional()
  @ValidateNested()
  @Type(() => OnBehalfOf)
  onBehalfOf?: OnBehalfOf;
}

/** `GET /api/v1/applications`: a citizen's own; staff filter. Newest first. */
export class ListApplicationsRequest {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ pattern: PERMIT_TYPE_PATTERN.source, description: 'Staff only.' })
  @IsOptional()
  @Matches(PERMIT_TYPE_PATTERN, { message: 'permitType must be a permit type code' })
  permitType?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff only: assigned to this account.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({
    type: 'boolean',
    description: 'Staff only: `true` for those past their review due time.',
  })
  @IsOptional()
  @Transform(
    ({ value }: { value: unknown }) =>
      value === 'true' ? true : value === 'false' ? false : value,
    { groups: [QUERY_STRING_GROUP], toClassOnly: true },
  )
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    pattern: CURSOR_PATTERN.source,
    description: 'The `nextCursor` of the previous page.',
  })
  @IsOptional()
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a nextCursor' })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** Phase 1 of an upload: may the caller add a document of this kind now, and where it goes. */
export class BeginDocumentRequest {
  @IsUUID()
  applicationId: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => OnBehalfOf)
  onBehalfOf?: OnBehalfOf;

  @Matches(DOCUMENT_KIND_PATTERN, { message: 'kind must be a document kind' })
  kind: string;
}

/** The multipart form of `POST /api/v1/applications/{id}/documents` (`kind` before `file`). */
export class DocumentUploadForm {
  @ApiProperty({
    example: 'site_plan',
    pattern: DOCUMENT_KIND_PATTERN.source,
    description: 'A document kind the permit type declares. Send it before `file`.',
  })
  @Matches(DOCUMENT_KIND_PATTERN, { message: 'kind must be a document kind' })
  kind: string;

  @ApiProperty({ type: 'string', format: 'binary' })
  file?: unknown;
}

/** Phase 3: the file is in storage; permits records it. */
export class RecordDocumentRequest {
  @IsUUID()
  applicationId: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => OnBehalfOf)
  onBehalfOf?: OnBehalfOf;

  /** The id phase 1 handed out. */
  @IsUUID()
  documentId: string;

  @Matches(DOCUMENT_KIND_PATTERN)
  kind: string;

  @IsString()
  @Length(1, 512)
  storageKey: string;

  @IsString()
  @Length(1, 255)
  fileName: string;

  @Matches(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/)
  contentType: string;

  @IsInt()
  @Min(1)
  sizeBytes: number;

  @Matches(/^[a-f0-9]{64}$/)
  sha256: string;
}

export class DocumentRequest {
  @IsUUID()
  applicationId: string;

  @IsUUID()
  documentId: string;
}

export class VerifyPermitRequest {
  @Matches(PERMIT_NUMBER_PATTERN, { message: 'permitNumber must be a permit number' })
  permitNumber: string;
}

// ---- replies -------------------------------------------------------------------------------

export class SiteView {
  @ApiProperty() address: string;
  @ApiProperty({ type: 'number', nullable: true }) lat: number | null;
  @ApiProperty({ type: 'number', nullable: true }) lon: number | null;
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'site_plan' }) kind: string;
  @ApiProperty({ description: '1, 2, ... per kind: a new upload of a kind is a new version.' })
  version: number;
  @ApiProperty() fileName: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ pattern: '^[a-f0-9]{64}$' }) sha256: string;
  @ApiProperty({ description: 'Submitted with the application: immutable.' }) locked: boolean;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
}

export class DocumentKindView {
  @ApiProperty() kind: string;
  @ApiProperty({ type: DocumentView, nullable: true, description: 'The latest version.' })
  latest: DocumentView | null;
  @ApiProperty({ type: [DocumentView], description: 'Every version, newest first.' })
  history: DocumentView[];
}

export class RevisionItemView {
  @ApiProperty({ example: 'document:site_plan' }) key: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['open', 'answered'] }) status: 'open' | 'answered';
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
}

export class InspectionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() round: number;
  @ApiProperty({ format: 'uuid' }) inspectorId: string;
  @ApiProperty({ example: '2026-03-02' }) scheduledFor: string;
  @ApiProperty({ enum: ['scheduled', 'passed', 'failed', 'cancelled'] }) status: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) resultAt: string | null;
}

/** A condition of approval: the permit is issued only once every one is met. */
export class ConditionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'final_inspection_before_occupancy' }) code: string;
  @ApiProperty({ example: 'Final inspection before occupancy.' }) text: string;
  @ApiProperty({ enum: ['unmet', 'met'] }) status: 'unmet' | 'met';
  @ApiProperty({ format: 'uuid' }) addedBy: string;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) metBy: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'inspector' }) metByRole: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) metAt: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The note given when it was marked met (staff only; null for the applicant).',
  })
  metNote: string | null;
}

/** A supervisor's hold on the case: nothing moves and the review clock is stopped. */
export class HoldView {
  @ApiProperty({ example: 'legal_review' }) reasonCode: string;
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ format: 'uuid' }) heldBy: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The hold's free text (staff only; null for the applicant).",
  })
  note: string | null;
}

export class TransitionView {
  @ApiProperty({ example: 'submitted' }) transition: string;
  @ApiProperty({ type: 'string', nullable: true }) fromStatus: string | null;
  @ApiProperty() toStatus: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) actorRole: string | null;
  @ApiProperty({ type: 'string', nullable: true }) reasonCode: string | null;
  @ApiProperty({ type: [String] }) revisionItemKeys: string[];
  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      "The note's text: for staff always; for the applicant only a decision's note addressed to them.",
  })
  note: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class DueTimeView {
  @ApiProperty({ format: 'date-time', description: 'UTC.' }) utc: string;
  @ApiProperty({
    example: '2026-03-02T23:59:59+01:00',
    description: "The same instant in the city's time zone.",
  })
  local: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
}

export class FeeView {
  @ApiProperty() amountMinor: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
}

export class IssuedPermitView {
  @ApiProperty({ example: 'BP-P-2026-000001' }) permitNumber: string;
  @ApiProperty({ enum: ['valid', 'revoked', 'expired'] }) status: string;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time' }) validUntil: string;
}

/** An application as a list shows it. */
export class ApplicationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'BP-2026-000123' })
  caseNumber: string | null;
  @ApiProperty({ format: 'uuid' }) applicantId: string;
  @ApiProperty({
    enum: ['online', 'assisted'],
    description: '`assisted`: filed at the counter by a clerk on the applicant’s behalf.',
  })
  channel: 'online' | 'assisted';
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The clerk who filed it (assisted channel); null when the applicant did.',
  })
  filedBy: string | null;
  @ApiProperty() permitType: string;
  @ApiProperty() typeVersion: number;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty({ enum: CASE_STEPS }) step: CaseStep;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) assigneeId: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  reviewDueAt: string | null;
  @ApiProperty() escalated: boolean;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  submittedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ApplicationView extends ApplicationSummary {
  @ApiProperty({ type: SiteView }) site: SiteView;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  quantities: Record<string, number>;
  @ApiProperty({ type: FeeView, nullable: true }) fee: FeeView | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) invoiceId: string | null;
  @ApiProperty({ type: DueTimeView, nullable: true }) reviewDue: DueTimeView | null;
  @ApiProperty({ type: 'integer', nullable: true }) workingDaysLeft: number | null;
  @ApiProperty({ enum: ['not_started', 'running', 'stopped', 'done'] }) clock: string;
  @ApiProperty() secondApprovalRequired: boolean;
  @ApiProperty({ type: [String] }) approverIds: string[];
  @ApiProperty({ type: [DocumentKindView] }) documents: DocumentKindView[];
  @ApiProperty({ type: [RevisionItemView], description: 'Open revision items only.' })
  revisionItems: RevisionItemView[];
  @ApiProperty({ type: [InspectionView] }) inspections: InspectionView[];
  @ApiProperty({ type: [TransitionView], description: 'Every transition, oldest first.' })
  timeline: TransitionView[];
  @ApiProperty({ type: IssuedPermitView, nullable: true }) permit: IssuedPermitView | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'TL-P-2026-000001',
    description: 'A renewal: the number of the permit it renews.',
  })
  renewalOf: string | null;
  @ApiProperty({
    type: [ConditionView],
    description: 'Conditions of approval, oldest first: the permit is issued once all are met.',
  })
  conditions: ConditionView[];
  @ApiProperty({ type: HoldView, nullable: true, description: 'The open hold, if any.' })
  hold: HoldView | null;
}

export class ApplicationsPage {
  @ApiProperty({ type: [ApplicationSummary] }) items: ApplicationSummary[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

/** Phase 1's answer: where the file goes and what it may be. */
export interface DocumentUploadTicket {
  documentId: string;
  /** The storage prefix of this document: the file lands under `<prefix>/<sha256>`. */
  storagePrefix: string;
  maxBytes: number;
  contentTypes: string[];
}

/** What the gateway needs to stream a document back. */
export interface DocumentDownload {
  storageKey: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** Public verification of a permit: no personal data but a public holder name. */
export class PermitVerification {
  @ApiProperty({ example: 'TL-P-2026-000001' }) permitNumber: string;
  @ApiProperty() valid: boolean;
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status: 'valid' | 'expired' | 'revoked';
  @ApiProperty({
    type: 'string',
    nullable: true,
    enum: ['expired', 'revoked', null],
    description: 'Why it is not valid.',
  })
  reason: 'expired' | 'revoked' | null;
  @ApiProperty() permitType: string;
  @ApiProperty() typeVersion: number;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time' }) validUntil: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The holder's display name, only where the permit type declares it public.",
  })
  holderName: string | null;
}

export const PERMITS_APPLICATIONS_RPC = {
  [PERMITS_APPLICATION_DRAFT]: rpc<DraftApplicationRequest, ApplicationView>(
    DraftApplicationRequest,
  ),
  [PERMITS_APPLICATION_UPDATE]: rpc<UpdateApplicationRequest, ApplicationView>(
    UpdateApplicationRequest,
  ),
  [PERMITS_APPLICATION_GET]: rpc<ApplicationRequest, ApplicationView>(ApplicationRequest),
  [PERMITS_APPLICATION_LIST]: rpc<ListApplicationsRequest, ApplicationsPage>(
    ListApplicationsRequest,
  ),
  [PERMITS_APPLICATION_SUBMIT]: rpc<ApplicationRequest, ApplicationView>(ApplicationRequest),
  [PERMITS_APPLICATION_WITHDRAW]: rpc<ApplicationRequest, ApplicationView>(ApplicationRequest),
  [PERMITS_DOCUMENT_BEGIN]: rpc<BeginDocumentRequest, DocumentUploadTicket>(BeginDocumentRequest),
  [PERMITS_DOCUMENT_RECORD]: rpc<RecordDocumentRequest, DocumentView>(RecordDocumentRequest),
  [PERMITS_DOCUMENT_GET]: rpc<DocumentRequest, DocumentDownload>(DocumentRequest),
  [PERMITS_PERMIT_VERIFY]: rpc<VerifyPermitRequest, PermitVerification>(VerifyPermitRequest, {
    actor: 'anyone',
  }),
} as const;
