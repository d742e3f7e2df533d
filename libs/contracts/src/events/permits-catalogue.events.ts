import { ArrayMaxSize, IsIn, IsInt, Matches, Max, Min } from 'class-validator';

/*
 * The permits catalogue's events: a permit type version published, the business calendar
 * changed. Codes, numbers and ids only. The actor (an admin, or `system` for the local stack's
 * seed) is the envelope's `actor`, like every event's.
 */

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const PERMIT_TYPE_PUBLISHED_V1 = 'gov.permits.permit-type.published.v1';
export const CALENDAR_CHANGED_V1 = 'gov.permits.calendar.changed.v1';

/** A permit type's code, e.g. `building` or `street-event`. */
export const PERMIT_TYPE_CODE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** Aggregate id (and CloudEvents `subject`) of a permit type's events: `permit-type/<code>`. */
export const permitTypeAggregate = (code: string): string => `permit-type/${code}`;
/** Aggregate id (and CloudEvents `subject`) of the business calendar's events. */
export const CALENDAR_AGGREGATE = 'calendar';

/** A new version of a permit type is in force: new applications are pinned to it. */
export class PermitTypePublishedV1 {
  @Matches(PERMIT_TYPE_CODE_PATTERN)
  permitType: string;

  @IsInt()
  @Min(1)
  version: number;

  /** `created`: the type's first version; `updated`: a later one. */
  @IsIn(['created', 'updated'])
  change: 'created' | 'updated';
}

/**
 * The business calendar changed (holidays of some years, or the time zone and weekend days):
 * due times of open cases in the years affected are recomputed.
 */
export class CalendarChangedV1 {
  @IsInt()
  @Min(1)
  version: number;

  @IsIn(['holidays', 'settings'])
  change: 'holidays' | 'settings';

  /** The years whose working days changed; empty for a settings change (every year). */
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1970, { each: true })
  @Max(9999, { each: true })
  yearsAffected: number[];
}
