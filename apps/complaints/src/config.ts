import { IsInt, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { TemporalConfig, IsPort } from '#platform';
import { parseBoundary } from './gazetteer/geo.js';

/** The development default of COMPLAINTS_CONTACT_SALT, refused in production. */
export const DEV_CONTACT_SALT = 'dev-only-complaints-contact-salt';

/** The demo city's boundary: a ring of [lat, long] pairs around it. */
export const DEMO_CITY_BOUNDARY =
  '[[51.105,3.655],[51.112,3.740],[51.085,3.805],[51.020,3.795],[50.995,3.720],[51.025,3.650]]';

/** Environment of the complaints service; defaults serve the local stack. */
export class ComplaintsConfig extends TemporalConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  COMPLAINTS_OPS_PORT = 9403;

  /**
   * The city's boundary: a JSON list of `[lat, long]` pairs (a ring). A report outside it is
   * refused with COMPLAINTS.OUTSIDE_BOUNDARY.
   */
  @IsString()
  COMPLAINTS_BOUNDARY = DEMO_CITY_BOUNDARY;

  /** Decimal places of the public coordinates (3 ≈ 110 m): a report never points at a door. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(5)
  COMPLAINTS_PUBLIC_COORDINATE_DECIMALS = 3;

  /** Secret salt of the reporter-contact hash in events (HMAC-SHA256 of the email or phone). */
  @IsString()
  @MinLength(16)
  COMPLAINTS_CONTACT_SALT = DEV_CONTACT_SALT;

  /** Where a stored photo is served: its `media_url` is this followed by the media id. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  COMPLAINTS_MEDIA_BASE_URL = 'http://localhost:3000/api/v1/complaints/media/';

  /** Calendar days after resolution until Open311 shows `closed` (the workflow's timer). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  COMPLAINTS_CLOSE_AFTER_DAYS = 3;

  /** Stats rows with fewer answers than this are suppressed (no small counts published). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  COMPLAINTS_STATS_MIN_COUNT = 5;
}

/** Checks what class-validator cannot: the boundary parses as a polygon. */
export function checkComplaintsConfig(config: ComplaintsConfig): ComplaintsConfig {
  try {
    parseBoundary(config.COMPLAINTS_BOUNDARY);
  } catch (error) {
    throw new Error(`COMPLAINTS_BOUNDARY ${(error as Error).message}`, { cause: error });
  }
  return config;
}
