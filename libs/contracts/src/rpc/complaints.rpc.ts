import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  buildMessage,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_REASON_PATTERN,
  DEPARTMENT_CODE_PATTERN,
  SERVICE_CODE_PATTERN,
  type ComplaintChannel,
} from '../events/complaints.events.js';
import {
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  type ComplaintPriority,
  type ComplaintStatus,
} from '../temporal/complaints.js';
import { TrailMoment } from './date-time.js';
import { NumberFromQuery } from './fields.js';
import { rpc } from './rpc.js';

/*
 * The complaints context's request/reply patterns. The Open311 edge (`/open311/v2`) and the
 * REST routes (`/api/v1/complaints`) both turn into these; replies are neutral (camelCase), each
 * edge renders its own format. Public views never hold the reporter's personal data: no name,
 * email, phone, device id or Open311 account id, the address without its house number, the
 * coordinates rounded, the description and photos only once staff approved them.
 */

// Public (Open311 and REST).
export const COMPLAINTS_SERVICE_LIST = 'complaints.service.list';
export const COMPLAINTS_SERVICE_GET = 'complaints.service.get';
export const COMPLAINTS_REQUEST_CREATE = 'complaints.request.create';
/**
 * A report checked as `complaints.request.create` would check it (the service, the location
 * inside the city, the attributes, the description), creating nothing: asked by the gateway
 * before it stores a report's uploaded photo, so that a refused report leaves no file behind.
 */
export const COMPLAINTS_REQUEST_CHECK = 'complaints.request.check';
export const COMPLAINTS_REQUEST_GET = 'complaints.request.get';
export const COMPLAINTS_REQUEST_LIST = 'complaints.request.list';
export const COMPLAINTS_TOKEN_GET = 'complaints.token.get';
export const COMPLAINTS_UPDATE_LIST = 'complaints.update.list';
export const COMPLAINTS_STATS_GET = 'complaints.stats.get';
/** A stored photo's file (`media_url`): approved ones for anyone, any for staff. */
export const COMPLAINTS_MEDIA_GET = 'complaints.media.get';
// The reporter (account, or the request's secret).
export const COMPLAINTS_REQUEST_LIST_OWN = 'complaints.request.list-own';
export const COMPLAINTS_REQUEST_GET_OWN = 'complaints.request.get-own';
export const COMPLAINTS_REQUEST_FOLLOW = 'complaints.request.follow';
export const COMPLAINTS_FEEDBACK_SUBMIT = 'complaints.feedback.submit';
export const COMPLAINTS_REQUEST_REOPEN = 'complaints.request.reopen';
// Staff.
export const COMPLAINTS_TRIAGE_QUEUE = 'complaints.triage.queue';
export const COMPLAINTS_CASE_GET = 'complaints.case.get';
export const COMPLAINTS_CASE_ASSIGN = 'complaints.case.assign';
export const COMPLAINTS_CASE_STATUS = 'complaints.case.status';
export const COMPLAINTS_CASE_NOTE = 'complaints.case.note';
export const COMPLAINTS_CASE_MODERATE = 'complaints.case.moderate';
export const COMPLAINTS_DUPLICATE_CONFIRM = 'complaints.duplicate.confirm';
export const COMPLAINTS_DUPLICATE_DISMISS = 'complaints.duplicate.dismiss';
export const COMPLAINTS_TEMPLATE_LIST = 'complaints.template.list';
export const COMPLAINTS_TEMPLATE_PUT = 'complaints.template.put';
export const COMPLAINTS_SERVICE_PUT = 'complaints.service.put';
/** Admin: every service (inactive ones too) as `complaints.service.put` takes it, to edit. */
export const COMPLAINTS_SERVICE_DEFINITIONS = 'complaints.service.definitions';
/** Public: the city's boundary and the gazetteer's addresses, for a map drawn without tiles. */
export const COMPLAINTS_MAP_GET = 'complaints.map.get';

/** Longest description Open311 allows. */
export const MAX_DESCRIPTION_LENGTH = 4000;
/** A language tag of the catalogue and templates (`en`, `fr`, `pt-BR`). */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Z][A-Za-z0-9]{1,7})?$/;
/** An attribute's code within its service. */
export const ATTRIBUTE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A per-request token (Open311 `token`) or reporter secret: 32–64 URL-safe characters. */
export const COMPLAINT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,64}$/;
/** A key of the file storage (see libs/storage). */
const MEDIA_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127})*$/;

/** `attribute[code]` values: code → text, or a list of texts for a multi-value list. */
const IsAttributeValues = (): PropertyDecorator =>
  ValidateBy({
    name: 'isAttributeValues',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 64 &&
        Object.entries(value).every(
          ([code, v]) =>
            ATTRIBUTE_CODE_PATTERN.test(code) &&
            (typeof v === 'string'
              ? v.length <= 1000
              : Array.isArray(v) &&
                v.length <= 100 &&
                v.every((x) => typeof x === 'string' && x.length <= 1000)),
        ),
      defaultMessage: buildMessage(
        (prefix) => `${prefix}$property must map attribute codes to a text or a list of texts`,
      ),
    },
  });

// ---- the catalogue ----------------------------------------------------------------------------

export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export class ServiceListRequest {
  @ApiPropertyOptional({
    example: 'en',
    description: 'Language of names; the default when absent.',
    pattern: LANGUAGE_PATTERN.source,
  })
  @IsOptional()
  @Matches(LANGUAGE_PATTERN)
  lang?: string;
}

export class ServiceGetRequest extends ServiceListRequest {
  @ApiProperty({ example: 'pothole', pattern: SERVICE_CODE_PATTERN.source })
  @Matches(SERVICE_CODE_PATTERN)
  serviceCode: string;
}

export class AttributeValueView {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
}

export class AttributeView {
  @ApiProperty() variable: boolean;
  @ApiProperty() code: string;
  @ApiProperty({ enum: ATTRIBUTE_DATATYPES }) datatype: AttributeDatatype;
  @ApiProperty() required: boolean;
  @ApiProperty() datatypeDescription: string;
  @ApiProperty({ type: 'integer' }) order: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: [AttributeValueView] }) values: AttributeValueView[];
}

/** One service of `services.{fmt}`. */
export class ServiceView {
  @ApiProperty() serviceCode: string;
  @ApiProperty() serviceName: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'True when the service has attributes.' }) metadata: boolean;
  @ApiProperty({ enum: ['realtime', 'batch', 'blackbox'] }) type: 'realtime' | 'batch' | 'blackbox';
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty() group: string;
  @ApiProperty() departmentCode: string;
}

/** `services/{code}.{fmt}`. */
export class ServiceDefinitionView {
  @ApiProperty() serviceCode: string;
  @ApiProperty({ type: [AttributeView] }) attributes: AttributeView[];
}

// ---- creating a request -----------------------------------------------------------------------

export class MediaInput {
  @ApiProperty({
    description: 'Where the gateway stored the (EXIF-stripped) photo.',
    pattern: MEDIA_KEY_PATTERN.source,
  })
  @Matches(MEDIA_KEY_PATTERN)
  key: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  @Matches(/^[0-9a-f]{64}$/)
  sha256: string;

  @ApiProperty({ example: 'image/jpeg', pattern: '^image\\/(jpeg|png|webp|gif)$' })
  @Matches(/^image\/(jpeg|png|webp|gif)$/)
  contentType: string;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  size: number;
}

/**
 * The fields a citizen sends, through Open311 (form fields, snake_case there) or as the body of
 * `POST /api/v1/complaints`.
 */
export class ComplaintReportFields {
  @ApiProperty({ example: 'pothole', pattern: SERVICE_CODE_PATTERN.source })
  @Matches(SERVICE_CODE_PATTERN, { message: 'serviceCode must be a service code' })
  serviceCode: string;

  // A number, not a numeric text: IsLatitude alone takes "52.37" too, which the use case would
  // then add to as text.
  @ApiPropertyOptional({ example: 52.3702 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lat must be a number' })
  @IsLatitude()
  lat?: number;

  @ApiPropertyOptional({ example: 4.8952 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'long must be a number' })
  @IsLongitude()
  long?: number;

  @ApiPropertyOptional({
    minLength: 1,
    example: 'Damrak 12',
    description: 'Matched against the city gazetteer.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  addressString?: string;

  @ApiPropertyOptional({
    description: "A gazetteer address's id.",
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  addressId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
    example: { depth: 'deep', lanes: ['left'] },
  })
  @IsOptional()
  @IsAttributeValues()
  attributes?: Record<string, string | string[]>;

  /** Up to 4,000 characters; longer is refused with COMPLAINTS.DESCRIPTION_TOO_LONG. */
  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 5, description: 'Photos already online.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true })
  mediaUrls?: string[];
}

/** `complaints.request.create`: a report from Open311 or the REST API. */
export class CreateComplaintRequest extends ComplaintReportFields {
  @IsIn(COMPLAINT_CHANNELS)
  channel: ComplaintChannel;

  /** The Open311 client app (the id of its API key), for channel `open311`. */
  @IsOptional()
  @IsUUID()
  apiClientId?: string;

  /** Photos uploaded with it, already stored by the gateway. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => MediaInput)
  media?: MediaInput[];

  // Optional reporter fields of Open311 (never public, never in events or logs).
  @IsOptional() @IsString() @MaxLength(254) email?: string;
  @IsOptional() @IsString() @MaxLength(200) deviceId?: string;
  /** Open311 `account_id`: opaque text, kept, never trusted to attach a report to an account. */
  @IsOptional() @IsString() @MaxLength(200) open311AccountId?: string;
  @IsOptional() @IsString() @MaxLength(200) firstName?: string;
  @IsOptional() @IsString() @MaxLength(200) lastName?: string;
  @IsOptional() @IsString() @MaxLength(50) phone?: string;
}

export class CreatedComplaint {
  @ApiProperty({ format: 'uuid' }) serviceRequestId: string;
  @ApiProperty({ description: 'Open311 token: resolves to the request id.' }) token: string;
  @ApiProperty({
    description:
      'Shown once: lets an anonymous reporter give feedback and reopen. Keep it; it is stored only as a hash.',
  })
  reporterSecret: string;
  @ApiProperty() serviceNotice: string;
  @ApiProperty({ type: String, nullable: true }) open311AccountId: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Likely duplicate of.',
  })
  suspectedDuplicateOf: string | null;
}

// ---- public reads -----------------------------------------------------------------------------

/** One request as the public sees it (Open311 fields, camelCase). */
export class PublicComplaintView {
  @ApiProperty({ format: 'uuid' }) serviceRequestId: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty({ enum: COMPLAINT_STATUSES }) externalStatusCode: ComplaintStatus;
  @ApiProperty({ type: String, nullable: true }) statusNotes: string | null;
  @ApiProperty() serviceName: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty({ type: String, nullable: true, description: 'Once staff approved it.' })
  description: string | null;
  @ApiProperty() agencyResponsible: string;
  @ApiProperty({ type: String, nullable: true }) serviceNotice: string | null;
  @ApiProperty({ format: 'date-time' }) requestedDatetime: string;
  @ApiProperty({ format: 'date-time' }) updatedDatetime: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expectedDatetime: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The street, no house number.' })
  address: string | null;
  @ApiProperty({ type: String, nullable: true }) addressId: string | null;
  @ApiProperty({ type: String, nullable: true }) zipcode: string | null;
  @ApiProperty({ description: 'Rounded.' }) lat: number;
  @ApiProperty({ description: 'Rounded.' }) long: number;
  @ApiProperty({ type: String, nullable: true, description: 'The first approved photo.' })
  mediaUrl: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicateOf: string | null;
}

/** `complaints.request.get`: one or more ids (Open311 `requests/{id}` and the comma list). */
export class GetComplaintsRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  serviceRequestIds: string[];
}

/** `complaints.request.list`: Open311's query. Default window: the last 90 days, 1000 at most. */
export class ListComplaintsRequest {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @Matches(SERVICE_CODE_PATTERN, { each: true })
  serviceCodes?: string[];

  @IsOptional() @TrailMoment() startDate?: string;
  @IsOptional() @TrailMoment() endDate?: string;

  @IsOptional()
  @IsArray()
  @IsIn(['open', 'closed'], { each: true })
  statuses?: ('open' | 'closed')[];

  @IsOptional() @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class TokenGetRequest {
  @Matches(COMPLAINT_TOKEN_PATTERN)
  token: string;
}

export class TokenView {
  token: string;
  serviceRequestId: string;
}

/** `complaints.update.list` (`servicerequestupdates`): both dates or neither. */
export class ListUpdatesRequest {
  @IsOptional() @TrailMoment() startDate?: string;
  @IsOptional() @TrailMoment() endDate?: string;
  @IsOptional() @IsUUID() serviceRequestId?: string;
  @IsOptional() @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** A public update of a request: never edited once made (clients dedupe on `updateId`). */
export class ComplaintUpdateView {
  @ApiProperty({ format: 'uuid' }) updateId: string;
  @ApiProperty({ format: 'uuid' }) serviceRequestId: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty({ enum: COMPLAINT_STATUSES }) externalStatusCode: ComplaintStatus;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date-time' }) updatedDatetime: string;
  @ApiProperty({ type: String, nullable: true }) mediaUrl: string | null;
}

/** `complaints.stats.get`, and the query of `GET /api/v1/complaints/stats`. */
export class ComplaintStatsRequest {
  @ApiPropertyOptional({
    example: '2026-01',
    description: 'First month (YYYY-MM).',
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12',
    description: 'Last month (YYYY-MM).',
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  to?: string;

  @ApiPropertyOptional({ pattern: SERVICE_CODE_PATTERN.source })
  @IsOptional()
  @Matches(SERVICE_CODE_PATTERN)
  serviceCode?: string;

  @ApiPropertyOptional({ pattern: DEPARTMENT_CODE_PATTERN.source })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN)
  departmentCode?: string;
}

export class ComplaintStatsRow {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty({ type: 'integer' }) responses: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Share answering "fixed", 0–1.' })
  fixedRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean 1–5 rating.' })
  satisfaction: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '% promoters − % detractors.' })
  nps: number | null;
  @ApiProperty({ description: 'Fewer answers than the threshold: figures withheld.' })
  suppressed: boolean;
}

export class ComplaintStats {
  @ApiProperty({ type: 'integer', description: 'Rows with fewer answers are suppressed.' })
  minimumCount: number;
  @ApiProperty({ type: [ComplaintStatsRow] }) rows: ComplaintStatsRow[];
}

// ---- the reporter -----------------------------------------------------------------------------

export class ListOwnComplaintsRequest {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The `nextCursor` of the previous page.',
    pattern: '^\\d{1,13}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  })
  @IsOptional()
  @Matches(/^\d{1,13}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  cursor?: string;
}

/** One of the citizen's own reports, or one they follow. */
export class OwnComplaintView extends PublicComplaintView {
  @ApiProperty({ enum: ['reporter', 'follower'] }) relation: 'reporter' | 'follower';
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The description as the citizen wrote it.',
  })
  ownDescription: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reopenUntil: string | null;
  @ApiProperty() feedbackGiven: boolean;
}

/** `complaints.request.get-own`: one of them with its public updates, oldest first. */
export class OwnComplaintDetail extends OwnComplaintView {
  @ApiProperty({ type: () => [ComplaintUpdateView] }) updates: ComplaintUpdateView[];
}

export class OwnComplaintsPage {
  @ApiProperty({ type: [OwnComplaintView] }) items: OwnComplaintView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** `complaints.request.get-own`: one report of the citizen's own, or one they follow. */
export class GetOwnComplaintRequest {
  @IsUUID()
  requestId: string;
}

/** `complaints.media.get`: a photo by the id its `media_url` ends with. */
export class MediaGetRequest {
  @IsUUID()
  mediaId: string;
}

/** Where a photo's bytes are in the gateway's file storage. */
export class StoredMediaView {
  storageKey: string;
  contentType: string;
  size: number;
  sha256: string;
}

export class FollowComplaintRequest {
  @IsUUID()
  requestId: string;
}

/** Who answers for the reporter: their account (the actor), or the request's secret. */
export class ReporterProof {
  @ApiPropertyOptional({
    description: 'The secret handed back at filing (anonymous reports).',
    pattern: COMPLAINT_TOKEN_PATTERN.source,
  })
  @IsOptional()
  @Matches(COMPLAINT_TOKEN_PATTERN, { message: 'secret must be the secret of the request' })
  secret?: string;
}

/** The body of `POST /api/v1/complaints/{id}/feedback`. */
export class FeedbackBody extends ReporterProof {
  @ApiProperty({ description: '"Has this been fixed?"' })
  @IsBoolean()
  fixed: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10,
    description: '"Would you recommend this service?"',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  recommendScore?: number;
}

export class FeedbackRequest extends FeedbackBody {
  @IsUUID()
  requestId: string;
}

export class FeedbackReceipt {
  @ApiProperty() reopened: boolean;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status: ComplaintStatus;
}

/** The body of `POST /api/v1/complaints/{id}/reopen`. */
export class ReopenBody extends ReporterProof {
  @ApiPropertyOptional({ example: 'not_fixed', pattern: COMPLAINT_REASON_PATTERN.source })
  @IsOptional()
  @Matches(COMPLAINT_REASON_PATTERN)
  reasonCode?: string;
}

export class ReopenComplaintRequest extends ReopenBody {
  @IsUUID()
  requestId: string;
}

// ---- staff ------------------------------------------------------------------------------------

export class TriageQueueRequest {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @IsOptional()
  @IsIn(COMPLAINT_STATUSES)
  status?: ComplaintStatus;

  @ApiPropertyOptional({ pattern: DEPARTMENT_CODE_PATTERN.source })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN)
  departmentCode?: string;

  @ApiPropertyOptional({
    description: 'Only those assigned to this officer ("me" for oneself).',
    pattern: '^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$',
  })
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/)
  officer?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class DuplicateSuggestionView {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: 'integer' }) distanceMetres: number;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status: ComplaintStatus;
  @ApiProperty({ description: "The original's exact point (staff see it), for the map." })
  lat: number;
  @ApiProperty() long: number;
}

export class InternalNoteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CaseMediaView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) moderation: string;
}

/** A request as staff work it (the reporter's contact included: staff may call back). */
export class ComplaintCaseView extends PublicComplaintView {
  @ApiProperty({ enum: COMPLAINT_PRIORITIES }) priority: ComplaintPriority;
  @ApiProperty() departmentCode: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) officerId: string | null;
  @ApiProperty({ enum: COMPLAINT_CHANNELS }) channel: ComplaintChannel;
  @ApiProperty({ type: String, nullable: true }) submittedDescription: string | null;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'none'] })
  descriptionModeration: 'pending' | 'approved' | 'rejected' | 'none';
  @ApiProperty({ description: 'Exact, for the crew.' }) exactLat: number;
  @ApiProperty() exactLong: number;
  @ApiProperty({ type: String, nullable: true }) fullAddress: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
    description: 'attribute code → value(s)',
  })
  attributes: Record<string, string | string[]>;
  @ApiProperty({
    type: 'object',
    properties: {
      firstName: { type: 'string' },
      lastName: { type: 'string' },
      email: { type: 'string' },
      phone: { type: 'string' },
    },
    description: 'The reporter fields that were given (name, email, phone).',
  })
  reporter: { firstName?: string; lastName?: string; email?: string; phone?: string };
  @ApiProperty({ type: [CaseMediaView] }) media: CaseMediaView[];
  @ApiProperty({ type: [DuplicateSuggestionView] }) duplicateSuggestions: DuplicateSuggestionView[];
  @ApiProperty({ type: [String] }) duplicates: string[];
  @ApiProperty({ type: [InternalNoteView] }) notes: InternalNoteView[];
  @ApiProperty({ type: [ComplaintUpdateView] }) updates: ComplaintUpdateView[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) triageDueAt: string | null;
  @ApiProperty() escalated: boolean;
  @ApiProperty({ type: 'integer' }) reopenCount: number;
}

export class TriageQueue {
  @ApiProperty({ type: [ComplaintCaseView] }) items: ComplaintCaseView[];
}

export class CaseGetRequest {
  @IsUUID()
  requestId: string;
}

/** The body of `POST /api/v1/complaints/{id}/assign`. */
export class AssignBody {
  @ApiProperty({ example: 'roads', pattern: DEPARTMENT_CODE_PATTERN.source })
  @Matches(DEPARTMENT_CODE_PATTERN)
  departmentCode: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An officer of that department.' })
  @IsOptional()
  @IsUUID()
  officerId?: string;
}

export class AssignRequest extends AssignBody {
  @IsUUID()
  requestId: string;
}

/** The body of `POST /api/v1/complaints/{id}/status`: a public update. */
export class StatusBody {
  @ApiProperty({ enum: COMPLAINT_STATUSES })
  @IsIn(COMPLAINT_STATUSES)
  status: ComplaintStatus;

  @ApiPropertyOptional({
    minLength: 1,
    description: 'The public text; else the template of the status.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  statusNotes?: string;

  @ApiPropertyOptional({ example: 'en', pattern: LANGUAGE_PATTERN.source })
  @IsOptional()
  @Matches(LANGUAGE_PATTERN)
  lang?: string;

  @ApiPropertyOptional({ enum: COMPLAINT_PRIORITIES })
  @IsOptional()
  @IsIn(COMPLAINT_PRIORITIES)
  priority?: ComplaintPriority;
}

export class StatusRequest extends StatusBody {
  @IsUUID()
  requestId: string;

  /** Derived from the Idempotency-Key at the gateway: the Update id of the workflow. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/)
  operationId?: string;
}

/** The body of `POST /api/v1/complaints/{id}/notes`: never public. */
export class NoteBody {
  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  text: string;
}

export class NoteRequest extends NoteBody {
  @IsUUID()
  requestId: string;
}

/** The body of `POST /api/v1/complaints/{id}/moderation`. */
export class ModerationBody {
  @ApiPropertyOptional({ enum: ['approved', 'rejected'] })
  @IsOptional()
  @IsIn(['approved', 'rejected'])
  description?: 'approved' | 'rejected';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['approved', 'rejected'] },
    description: 'media id → approved | rejected',
    example: { '0196a0c5-49a2-741e-aa07-55ec9ed3160e': 'approved' },
  })
  @IsOptional()
  @IsObject()
  media?: Record<string, 'approved' | 'rejected'>;
}

export class ModerationRequest extends ModerationBody {
  @IsUUID()
  requestId: string;
}

/** The body of `POST /api/v1/complaints/{id}/duplicate`. */
export class DuplicateBody {
  @ApiProperty({ format: 'uuid', description: 'The open request this one repeats.' })
  @IsUUID()
  originalId: string;
}

export class DuplicateConfirmRequest extends DuplicateBody {
  @IsUUID()
  requestId: string;
}

export class DuplicateDismissRequest extends DuplicateBody {
  @IsUUID()
  requestId: string;
}

export class TemplateView {
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status: ComplaintStatus;
  @ApiProperty() lang: string;
  @ApiProperty() text: string;
}

export class TemplateListRequest {
  @ApiPropertyOptional({ pattern: LANGUAGE_PATTERN.source })
  @IsOptional()
  @Matches(LANGUAGE_PATTERN)
  lang?: string;
}

export class TemplatePutRequest {
  @ApiProperty({ enum: COMPLAINT_STATUSES })
  @IsIn(COMPLAINT_STATUSES)
  status: ComplaintStatus;

  @ApiProperty({ example: 'en', pattern: LANGUAGE_PATTERN.source })
  @Matches(LANGUAGE_PATTERN)
  lang: string;

  @ApiProperty({ minLength: 1 })
  @IsString()
  @Length(1, 2000)
  text: string;
}

export class AttributeValueInput {
  @ApiProperty() @IsString() @Length(1, 100) key: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
}

export class AttributeInput {
  @ApiProperty({ pattern: ATTRIBUTE_CODE_PATTERN.source })
  @Matches(ATTRIBUTE_CODE_PATTERN)
  code: string;
  @ApiProperty({ enum: ATTRIBUTE_DATATYPES })
  @IsIn(ATTRIBUTE_DATATYPES)
  datatype: AttributeDatatype;
  @ApiProperty() @IsBoolean() required: boolean;
  @ApiProperty({ type: 'integer' }) @IsInt() @Min(1) order: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'lang → text',
  })
  @IsObject()
  description: Record<string, string>;
  @ApiPropertyOptional({ type: [AttributeValueInput] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttributeValueInput)
  values?: AttributeValueInput[];
}

/** `complaints.service.put` (an admin edits the catalogue: creates or replaces a service). */
export class ServicePutRequest {
  @ApiProperty({ pattern: SERVICE_CODE_PATTERN.source })
  @Matches(SERVICE_CODE_PATTERN)
  serviceCode: string;
  @ApiProperty({ pattern: '^[a-z][a-z0-9-]{0,63}$' })
  @Matches(/^[a-z][a-z0-9-]{0,63}$/)
  groupCode: string;
  @ApiProperty({ pattern: DEPARTMENT_CODE_PATTERN.source })
  @Matches(DEPARTMENT_CODE_PATTERN)
  departmentCode: string;
  @ApiProperty({ enum: COMPLAINT_PRIORITIES })
  @IsIn(COMPLAINT_PRIORITIES)
  priority: ComplaintPriority;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'lang → name',
  })
  @IsObject()
  names: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'lang → description',
  })
  @IsObject()
  descriptions: Record<string, string>;
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) keywords: string[];
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 60 })
  @IsInt()
  @Min(0)
  @Max(60)
  triageDays: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 365 })
  @IsInt()
  @Min(1)
  @Max(365)
  resolutionDays: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 365 })
  @IsInt()
  @Min(0)
  @Max(365)
  reopenWindowDays: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 5000 })
  @IsInt()
  @Min(0)
  @Max(5000)
  duplicateRadiusMetres: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 365 })
  @IsInt()
  @Min(0)
  @Max(365)
  duplicateWindowDays: number;
  @ApiProperty() @IsBoolean() active: boolean;
  @ApiProperty({ type: [AttributeInput] })
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => AttributeInput)
  attributes: AttributeInput[];
}

/** `complaints.service.definitions`: nothing to ask. */
export class ServiceDefinitionsRequest {}

/** `complaints.map.get`: nothing to ask. */
export class CityMapRequest {}

/** One gazetteer address (public data of the city, nothing personal). */
export class MapAddressView {
  @ApiProperty({ example: 'gent-0001' }) id: string;
  @ApiProperty({ example: 'Veldstraat' }) street: string;
  @ApiProperty({ example: '12' }) houseNumber: string;
  @ApiProperty({ example: '9000' }) zipcode: string;
  @ApiProperty({ example: 51.05 }) lat: number;
  @ApiProperty({ example: 3.72 }) long: number;
}

/** The city for a map drawn without tiles: its boundary ring and its addresses. */
export class CityMapView {
  @ApiProperty({
    description: 'The boundary ring (COMPLAINTS_BOUNDARY): `[lat, long]` pairs.',
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    example: [
      [51.105, 3.655],
      [51.112, 3.74],
      [51.085, 3.805],
    ],
  })
  boundary: [number, number][];
  @ApiProperty({ type: [MapAddressView], description: 'By street, then house number.' })
  addresses: MapAddressView[];
}

// ---- the map ----------------------------------------------------------------------------------

const ANYONE = { actor: 'anyone' } as const;

export const COMPLAINTS_RPC = {
  [COMPLAINTS_SERVICE_LIST]: rpc<ServiceListRequest, ServiceView[]>(ServiceListRequest, ANYONE),
  [COMPLAINTS_SERVICE_GET]: rpc<ServiceGetRequest, ServiceDefinitionView>(
    ServiceGetRequest,
    ANYONE,
  ),
  [COMPLAINTS_REQUEST_CREATE]: rpc<CreateComplaintRequest, CreatedComplaint>(
    CreateComplaintRequest,
    ANYONE,
  ),
  [COMPLAINTS_REQUEST_CHECK]: rpc<CreateComplaintRequest, { acceptable: true }>(
    CreateComplaintRequest,
    ANYONE,
  ),
  [COMPLAINTS_REQUEST_GET]: rpc<GetComplaintsRequest, PublicComplaintView[]>(
    GetComplaintsRequest,
    ANYONE,
  ),
  [COMPLAINTS_REQUEST_LIST]: rpc<ListComplaintsRequest, PublicComplaintView[]>(
    ListComplaintsRequest,
    ANYONE,
  ),
  [COMPLAINTS_TOKEN_GET]: rpc<TokenGetRequest, TokenView>(TokenGetRequest, ANYONE),
  [COMPLAINTS_UPDATE_LIST]: rpc<ListUpdatesRequest, ComplaintUpdateView[]>(
    ListUpdatesRequest,
    ANYONE,
  ),
  [COMPLAINTS_STATS_GET]: rpc<ComplaintStatsRequest, ComplaintStats>(ComplaintStatsRequest, ANYONE),
  [COMPLAINTS_REQUEST_LIST_OWN]: rpc<ListOwnComplaintsRequest, OwnComplaintsPage>(
    ListOwnComplaintsRequest,
  ),
  [COMPLAINTS_REQUEST_GET_OWN]: rpc<GetOwnComplaintRequest, OwnComplaintDetail>(
    GetOwnComplaintRequest,
  ),
  // Approved photos for anyone; staff see any (the service checks the actor).
  [COMPLAINTS_MEDIA_GET]: rpc<MediaGetRequest, StoredMediaView>(MediaGetRequest, ANYONE),
  [COMPLAINTS_REQUEST_FOLLOW]: rpc<FollowComplaintRequest, { following: true }>(
    FollowComplaintRequest,
  ),
  // The reporter's account, or anyone holding the request's secret.
  [COMPLAINTS_FEEDBACK_SUBMIT]: rpc<FeedbackRequest, FeedbackReceipt>(FeedbackRequest, ANYONE),
  [COMPLAINTS_REQUEST_REOPEN]: rpc<ReopenComplaintRequest, FeedbackReceipt>(
    ReopenComplaintRequest,
    ANYONE,
  ),
  [COMPLAINTS_TRIAGE_QUEUE]: rpc<TriageQueueRequest, TriageQueue>(TriageQueueRequest),
  [COMPLAINTS_CASE_GET]: rpc<CaseGetRequest, ComplaintCaseView>(CaseGetRequest),
  [COMPLAINTS_CASE_ASSIGN]: rpc<AssignRequest, ComplaintCaseView>(AssignRequest),
  [COMPLAINTS_CASE_STATUS]: rpc<StatusRequest, ComplaintCaseView>(StatusRequest),
  [COMPLAINTS_CASE_NOTE]: rpc<NoteRequest, InternalNoteView>(NoteRequest),
  [COMPLAINTS_CASE_MODERATE]: rpc<ModerationRequest, ComplaintCaseView>(ModerationRequest),
  [COMPLAINTS_DUPLICATE_CONFIRM]: rpc<DuplicateConfirmRequest, ComplaintCaseView>(
    DuplicateConfirmRequest,
  ),
  [COMPLAINTS_DUPLICATE_DISMISS]: rpc<DuplicateDismissRequest, ComplaintCaseView>(
    DuplicateDismissRequest,
  ),
  [COMPLAINTS_TEMPLATE_LIST]: rpc<TemplateListRequest, TemplateView[]>(TemplateListRequest),
  [COMPLAINTS_TEMPLATE_PUT]: rpc<TemplatePutRequest, TemplateView>(TemplatePutRequest),
  [COMPLAINTS_SERVICE_PUT]: rpc<ServicePutRequest, ServiceDefinitionView>(ServicePutRequest),
  [COMPLAINTS_SERVICE_DEFINITIONS]: rpc<ServiceDefinitionsRequest, ServicePutRequest[]>(
    ServiceDefinitionsRequest,
  ),
  [COMPLAINTS_MAP_GET]: rpc<CityMapRequest, CityMapView>(CityMapRequest, ANYONE),
} as const;
