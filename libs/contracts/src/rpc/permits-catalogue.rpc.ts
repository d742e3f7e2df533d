import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { REVENUE_CODE_PATTERN } from '../events/payments.events.js';
import { PERMIT_TYPE_CODE_PATTERN } from '../events/permits-catalogue.events.js';
import { CURRENCY_PATTERN } from '../money.js';
import { NumberFromQuery } from './fields.js';
import { EmptyRequest, rpc } from './rpc.js';

/*
 * The permits catalogue's request/reply patterns: permit types as data (every change a new
 * version) and the business calendar. The request classes are also the gateway's body and
 * query DTOs. A definition passes its class here (each field's own rules); the permits
 * service then checks what spans fields (its form schema compiles, the fee and approval rules
 * name declared quantities, document kinds are unique: `PERMITS.INVALID_DEFINITION`).
 */

export const PERMITS_PERMIT_TYPE_LIST = 'permits.permit-type.list';
export const PERMITS_PERMIT_TYPE_GET = 'permits.permit-type.get';
export const PERMITS_PERMIT_TYPE_CREATE = 'permits.permit-type.create';
export const PERMITS_PERMIT_TYPE_UPDATE = 'permits.permit-type.update';
export const PERMITS_CALENDAR_GET = 'permits.calendar.get';
export const PERMITS_CALENDAR_HOLIDAYS_SET = 'permits.calendar.holidays.set';
export const PERMITS_CALENDAR_SETTINGS_SET = 'permits.calendar.settings.set';
/** For workflow and complaints activities: the calendar as `BusinessCalendar` (#calendar). */
export const PERMITS_INTERNAL_CALENDAR_GET = 'permits.internal.calendar.get';
/** For workflow activities: a permit type version (an application's pinned one). */
export const PERMITS_INTERNAL_PERMIT_TYPE_GET = 'permits.internal.permit-type.get';

/** How the city answers when the review clock runs out. */
export const PERMIT_REVIEW_REMEDIES = [
  'escalate',
  'deemed_approved',
  'deemed_refused',
  'fee_refund',
] as const;

/** Content types a document kind may allow (the gateway recognises them by their content). */
export const PERMIT_DOCUMENT_CONTENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'image/webp',
] as const;

/** Keys of document kinds, quantities and form fields: `site_plan`, `floor_area_m2`. */
export const PERMIT_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/** Case and permit number prefix: `BP` → `BP-2026-000123`. */
export const PERMIT_PREFIX_PATTERN = /^[A-Z]{2,4}$/;
/** A message key (fee line texts are translated where they are shown). */
export const MESSAGE_KEY_PATTERN = /^[a-z][a-z0-9._-]{0,99}$/;
/** A language tag as names are keyed by: `en`, `de`, `pt-BR`. */
export const LANGUAGE_TAG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
/** A document may be at most this large (100 MiB); the gateway's upload limit may be lower. */
export const MAX_DOCUMENT_BYTES = 104_857_600;
/** Fee amounts: integer minor units up to 10^12 (as invoice lines). */
export const MAX_FEE_AMOUNT_MINOR = 1_000_000_000_000;
/** Day counts of the type's clocks: at most a year of working days. */
export const MAX_WORKING_DAYS = 365;

const LANGUAGES = 20;

/**
 * Text in several languages, `{ en: 'Building permit', de: 'Baugenehmigung' }`: language tags
 * as keys, non-empty text up to `maxLength` as values, `en` present.
 */
export function IsTranslated(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTranslated',
      validator: {
        validate: (value: unknown): boolean => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          return (
            entries.length <= LANGUAGES &&
            Object.hasOwn(value, 'en') &&
            entries.every(
              ([k, v]) =>
                LANGUAGE_TAG_PATTERN.test(k) &&
                typeof v === 'string' &&
                v.trim().length > 0 &&
                v.length <= maxLength,
            )
          );
        },
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must map language tags (en required, at most ${LANGUAGES}) to texts of 1 to ${maxLength} characters`,
      },
    },
    options,
  );
}

const translatedSchema = (example: Record<string, string>, maxLength: number) => ({
  type: 'object' as const,
  additionalProperties: { type: 'string' as const, minLength: 1, maxLength },
  required: ['en'],
  example,
  description: 'Text per language tag; `en` is required.',
});

// ---- the definition ------------------------------------------------------------------------

export class DocumentKindInput {
  @ApiProperty({ example: 'site_plan', pattern: PERMIT_KEY_PATTERN.source })
  @Matches(PERMIT_KEY_PATTERN, { message: 'kind must be a lowercase key (a-z, 0-9, _)' })
  kind: string;

  @ApiProperty(translatedSchema({ en: 'Site plan', de: 'Lageplan' }, 200))
  @IsTranslated(200)
  names: Record<string, string>;

  @ApiProperty({ description: 'Submission refuses an application without one of this kind.' })
  @IsBoolean()
  required: boolean;

  @ApiProperty({
    enum: PERMIT_DOCUMENT_CONTENT_TYPES,
    isArray: true,
    example: ['application/pdf'],
    description: 'Allowed content types, checked against the file content.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PERMIT_DOCUMENT_CONTENT_TYPES, { each: true })
  contentTypes: string[];

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_DOCUMENT_BYTES, example: 10_485_760 })
  @IsInt()
  @Min(1)
  @Max(MAX_DOCUMENT_BYTES)
  maxBytes: number;
}

export class QuantityInput {
  @ApiProperty({ example: 'floor_area_m2', pattern: PERMIT_KEY_PATTERN.source })
  @Matches(PERMIT_KEY_PATTERN, { message: 'code must be a lowercase key (a-z, 0-9, _)' })
  code: string;

  @ApiProperty(translatedSchema({ en: 'Floor area' }, 200))
  @IsTranslated(200)
  names: Record<string, string>;

  @ApiProperty({ minLength: 1, example: 'm2', maxLength: 16 })
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  unit: string;

  @ApiProperty({ description: 'Submission refuses an application that does not declare it.' })
  @IsBoolean()
  required: boolean;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 1_000_000_000,
    description: 'Declared values are integers from 0 to this.',
  })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  max: number;
}

export class FeeComponentInput {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_FEE_AMOUNT_MINOR,
    example: 25_000,
    description: 'Integer minor units (cents).',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_AMOUNT_MINOR)
  amountMinor: number;

  @ApiProperty({ example: 'permits.building', pattern: REVENUE_CODE_PATTERN.source })
  @Matches(REVENUE_CODE_PATTERN, { message: 'revenueCode must be a revenue code' })
  revenueCode: string;

  @ApiProperty({ example: 'fees.building.base', pattern: MESSAGE_KEY_PATTERN.source })
  @Matches(MESSAGE_KEY_PATTERN, { message: 'descriptionKey must be a message key' })
  descriptionKey: string;
}

export class PerUnitFeeInput extends FeeComponentInput {
  @ApiProperty({ example: 'floor_area_m2', description: 'A quantity the type declares.' })
  @Matches(PERMIT_KEY_PATTERN, { message: 'quantity must be a quantity code' })
  quantity: string;
}

export class FeeRuleInput {
  @ApiProperty({ example: 'EUR', pattern: CURRENCY_PATTERN.source })
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code' })
  currency: string;

  @ApiProperty({ type: FeeComponentInput })
  @IsObject()
  @ValidateNested()
  @Type(() => FeeComponentInput)
  base: FeeComponentInput;

  @ApiProperty({ type: [PerUnitFeeInput], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PerUnitFeeInput)
  perUnit: PerUnitFeeInput[];
}

export class SecondApproverInput {
  @ApiProperty({ enum: ['supervisor'] })
  @IsIn(['supervisor'])
  role: 'supervisor';

  @ApiProperty({ example: 'floor_area_m2', description: 'A quantity the type declares.' })
  @Matches(PERMIT_KEY_PATTERN, { message: 'quantity must be a quantity code' })
  quantity: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 500 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  above: number;
}

export class ApprovalRuleInput {
  @ApiPropertyOptional({
    type: SecondApproverInput,
    description:
      'A second, different approver (a supervisor) when the quantity is above the threshold. Absent: one approval suffices.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SecondApproverInput)
  secondApprover?: SecondApproverInput;
}

export class InspectionRuleInput {
  @ApiProperty()
  @IsBoolean()
  required: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10, example: 2 })
  @IsInt()
  @Min(0)
  @Max(10)
  maxReinspections: number;
}

export class ValidityInput {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 600, example: 36 })
  @IsInt()
  @Min(1)
  @Max(600)
  months: number;
}

const IsWorkingDays = (): PropertyDecorator => {
  const decorators = [IsInt(), Min(1), Max(MAX_WORKING_DAYS)];
  return (target, property) => decorators.forEach((d) => d(target, property));
};

/** One version of a permit type, as an admin writes it and as it is stored. */
export class PermitTypeDefinitionInput {
  @ApiProperty({ example: 'building', pattern: PERMIT_TYPE_CODE_PATTERN.source })
  @Matches(PERMIT_TYPE_CODE_PATTERN, { message: 'code must be a lowercase code (a-z, 0-9, -)' })
  code: string;

  @ApiProperty({ example: 'BP', pattern: PERMIT_PREFIX_PATTERN.source })
  @Matches(PERMIT_PREFIX_PATTERN, { message: 'prefix must be 2 to 4 capital letters' })
  prefix: string;

  @ApiProperty(translatedSchema({ en: 'Building permit', de: 'Baugenehmigung' }, 200))
  @IsTranslated(200)
  names: Record<string, string>;

  @ApiProperty(translatedSchema({ en: 'Build, extend or convert a building.' }, 4000))
  @IsTranslated(4000)
  descriptions: Record<string, string>;

  @ApiProperty({ type: [DocumentKindInput], maxItems: 30 })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => DocumentKindInput)
  documentKinds: DocumentKindInput[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "JSON Schema (2020-12) of the type's own form fields (`details`): an object schema; the web UI renders the form from it.",
    example: {
      type: 'object',
      properties: { description: { type: 'string', maxLength: 2000 } },
      required: ['description'],
    },
  })
  @IsObject()
  formSchema: Record<string, unknown>;

  @ApiProperty({ type: [QuantityInput], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => QuantityInput)
  quantities: QuantityInput[];

  @ApiProperty({ type: FeeRuleInput })
  @IsObject()
  @ValidateNested()
  @Type(() => FeeRuleInput)
  fee: FeeRuleInput;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_WORKING_DAYS, example: 10 })
  @IsWorkingDays()
  paymentDays: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_WORKING_DAYS, example: 10 })
  @IsWorkingDays()
  completenessCheckDays: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_WORKING_DAYS, example: 20 })
  @IsWorkingDays()
  reviewDays: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_WORKING_DAYS, example: 10 })
  @IsWorkingDays()
  renewalReviewDays: number;

  @ApiProperty({ enum: PERMIT_REVIEW_REMEDIES })
  @IsIn(PERMIT_REVIEW_REMEDIES)
  remedy: (typeof PERMIT_REVIEW_REMEDIES)[number];

  @ApiProperty({ type: InspectionRuleInput })
  @IsObject()
  @ValidateNested()
  @Type(() => InspectionRuleInput)
  inspection: InspectionRuleInput;

  @ApiProperty({ type: ApprovalRuleInput })
  @IsObject()
  @ValidateNested()
  @Type(() => ApprovalRuleInput)
  approval: ApprovalRuleInput;

  @ApiProperty({ type: ValidityInput })
  @IsObject()
  @ValidateNested()
  @Type(() => ValidityInput)
  validity: ValidityInput;

  @ApiPropertyOptional({
    example: 'business_name',
    description:
      "The form field whose value public verification shows as the holder's name (a trade licence's business name). Absent: none is ever shown.",
  })
  @IsOptional()
  @Matches(PERMIT_KEY_PATTERN, { message: 'publicHolderField must be a form field key' })
  publicHolderField?: string;
}

// ---- requests ------------------------------------------------------------------------------

/** `permits.permit-type.get` (also the query of `GET /api/v1/permit-types/{code}`). */
export class GetPermitTypeQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1_000_000,
    description: 'An older version; the current one when absent.',
  })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class GetPermitTypeRequest extends GetPermitTypeQuery {
  @Matches(PERMIT_TYPE_CODE_PATTERN, { message: 'code must be a permit type code' })
  code: string;
}

/** `permits.internal.permit-type.get`: a workflow activity reads a pinned version. */
export class GetPermitTypeVersionRequest {
  @Matches(PERMIT_TYPE_CODE_PATTERN, { message: 'code must be a permit type code' })
  code: string;

  @IsInt()
  @Min(1)
  version: number;
}

/** `permits.permit-type.update`: a new version of the type named by the path. */
export class UpdatePermitTypeRequest {
  @Matches(PERMIT_TYPE_CODE_PATTERN, { message: 'code must be a permit type code' })
  code: string;

  @IsObject()
  @ValidateNested()
  @Type(() => PermitTypeDefinitionInput)
  definition: PermitTypeDefinitionInput;
}

/** A public holiday. */
export class HolidayInput {
  @ApiProperty({ example: '2026-12-25', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a YYYY-MM-DD date' })
  date: string;

  @ApiProperty({ minLength: 1, example: 'Christmas Day', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

/** Body of `PUT /api/v1/calendar/holidays/{year}`: the year's whole list (replaces it). */
export class SetHolidaysBody {
  @ApiProperty({ type: [HolidayInput], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => HolidayInput)
  holidays: HolidayInput[];
}

export class SetHolidaysRequest extends SetHolidaysBody {
  @IsInt()
  @Min(1970)
  @Max(9999)
  year: number;
}

/** The shape of an IANA time zone name (`Europe/Berlin`, `UTC`). */
const TIME_ZONE_PATTERN = /^[A-Za-z_+-]+(\/[A-Za-z0-9_+-]+)*$/;

/** `PUT /api/v1/calendar/settings`. */
export class SetCalendarSettingsRequest {
  @ApiProperty({
    example: 'Europe/Berlin',
    pattern: TIME_ZONE_PATTERN.source,
    description: 'IANA time zone of the city (one this runtime knows).',
  })
  @IsString()
  @Matches(TIME_ZONE_PATTERN, { message: 'timeZone must be an IANA time zone' })
  timeZone: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: 7 },
    maxItems: 6,
    uniqueItems: true,
    example: [6, 7],
    description: 'ISO weekdays that are not working days: 1 = Monday … 7 = Sunday.',
  })
  @IsArray()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekendDays: number[];
}

// ---- replies -------------------------------------------------------------------------------

/** A permit type version. */
export class PermitTypeView {
  @ApiProperty({ example: 'building' })
  code: string;

  @ApiProperty({ type: 'integer', example: 3, description: 'This version.' })
  version: number;

  @ApiProperty({ type: 'integer', example: 3, description: 'The version in force now.' })
  currentVersion: number;

  @ApiProperty({ format: 'date-time', description: 'When this version was published.' })
  publishedAt: string;

  @ApiProperty({ type: PermitTypeDefinitionInput })
  definition: PermitTypeDefinitionInput;
}

export class PermitTypesList {
  @ApiProperty({ type: [PermitTypeView], description: 'Current versions, by code.' })
  items: PermitTypeView[];
}

export class HolidayView {
  @ApiProperty({ example: '2026-12-25' })
  date: string;

  @ApiProperty({ example: 'Christmas Day' })
  name: string;
}

/** The business calendar as it stands. */
export class CalendarView {
  @ApiProperty({ type: 'integer', description: 'Bumped by every change.' })
  version: number;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone: string;

  @ApiProperty({ type: 'integer', isArray: true, example: [6, 7] })
  weekendDays: number[];

  @ApiProperty({ type: [HolidayView], description: 'Every public holiday, by date.' })
  holidays: HolidayView[];

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

/** What activities count with (`BusinessCalendar` of #calendar): holidays as dates only. */
export interface BusinessCalendarReply {
  version: number;
  timeZone: string;
  weekendDays: number[];
  holidays: string[];
}

const ANYONE = { actor: 'anyone' } as const;
const INTERNAL = { internal: true } as const;

export const PERMITS_CATALOGUE_RPC = {
  [PERMITS_PERMIT_TYPE_LIST]: rpc<EmptyRequest, PermitTypesList>(EmptyRequest, ANYONE),
  [PERMITS_PERMIT_TYPE_GET]: rpc<GetPermitTypeRequest, PermitTypeView>(
    GetPermitTypeRequest,
    ANYONE,
  ),
  [PERMITS_PERMIT_TYPE_CREATE]: rpc<PermitTypeDefinitionInput, PermitTypeView>(
    PermitTypeDefinitionInput,
  ),
  [PERMITS_PERMIT_TYPE_UPDATE]: rpc<UpdatePermitTypeRequest, PermitTypeView>(
    UpdatePermitTypeRequest,
  ),
  [PERMITS_INTERNAL_PERMIT_TYPE_GET]: rpc<GetPermitTypeVersionRequest, PermitTypeView>(
    GetPermitTypeVersionRequest,
    INTERNAL,
  ),
  [PERMITS_CALENDAR_GET]: rpc<EmptyRequest, CalendarView>(EmptyRequest, ANYONE),
  [PERMITS_CALENDAR_HOLIDAYS_SET]: rpc<SetHolidaysRequest, CalendarView>(SetHolidaysRequest),
  [PERMITS_CALENDAR_SETTINGS_SET]: rpc<SetCalendarSettingsRequest, CalendarView>(
    SetCalendarSettingsRequest,
  ),
  [PERMITS_INTERNAL_CALENDAR_GET]: rpc<EmptyRequest, BusinessCalendarReply>(EmptyRequest, INTERNAL),
} as const;
