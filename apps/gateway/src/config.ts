import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { DatabaseConfig, IsPort } from '#platform';
import { WithFileStorage } from '#storage';

/**
 * Environment of the gateway; defaults serve the local stack. The gateway streams uploads into
 * file storage (FILE_STORAGE and its variables, see libs/storage).
 */
export class GatewayConfig extends WithFileStorage(DatabaseConfig) {
  /** Interface the public HTTP server binds to. */
  @IsString()
  @IsNotEmpty()
  GATEWAY_HOST = '127.0.0.1';

  /** Public HTTP port: REST under /api/v1, Open311 under /open311/v2 and the web UI under /. */
  @IsPort()
  GATEWAY_PORT = 3000;

  /** Internal port for /health and /metrics. */
  @IsPort()
  GATEWAY_OPS_PORT = 9400;

  /** Largest accepted request body, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(10_485_760)
  GATEWAY_BODY_LIMIT_BYTES = 1_048_576;

  /**
   * Largest file an upload may carry, in bytes (multipart uploads are streamed into file
   * storage, not held in memory: GATEWAY_BODY_LIMIT_BYTES does not apply to them).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(1_073_741_824)
  GATEWAY_UPLOAD_MAX_BYTES = 26_214_400;

  /** Deadline of the status page's question to each service, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(10_000)
  GATEWAY_STATUS_TIMEOUT_MS = 1_500;

  /**
   * PKCS#8 PEM of the Ed25519 key that signs access tokens (a secret). Empty outside
   * production: a key is made at start, and tokens do not survive a restart.
   */
  @IsString()
  GATEWAY_JWT_PRIVATE_KEY = '';

  /** `iss` of the access tokens the gateway issues. */
  @IsString()
  @IsNotEmpty()
  GATEWAY_JWT_ISSUER = 'urn:civic:gateway';

  /** `aud` of the access tokens; tokens for another audience are refused. */
  @IsString()
  @IsNotEmpty()
  GATEWAY_JWT_AUDIENCE = 'urn:civic:api';

  /** Lifetime of an access token, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3_600)
  GATEWAY_ACCESS_TOKEN_TTL_SECONDS = 900;

  /**
   * 32 random bytes, base64, that seal the accounts' TOTP secrets in the database (AES-256-GCM;
   * a secret). Empty outside production: a development key that is public. Changing it makes
   * the sealed secrets unreadable: accounts then enrol their authenticator again.
   */
  @IsString()
  @Matches(/^$|^[A-Za-z0-9+/]{43}=$/, { message: 'GATEWAY_TOTP_KEY must be 32 bytes, base64' })
  GATEWAY_TOTP_KEY = '';

  /** Lifetime of a session (its refresh tokens), in days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  GATEWAY_SESSION_TTL_DAYS = 30;

  /** Failed logins in a row before an account is locked for a while. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  GATEWAY_LOGIN_MAX_FAILURES = 5;

  /** First lockout, in seconds; it doubles with each further failure, up to an hour. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_600)
  GATEWAY_LOCKOUT_SECONDS = 60;

  /** Origins allowed to call the API from a browser (comma-separated); empty: none. */
  @Matches(/^(|https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*)$/, {
    message: 'must be empty or comma-separated http(s):// origins',
  })
  GATEWAY_CORS_ORIGINS = '';

  /** Login and registration attempts per client address per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE = 30;

  /** Login attempts per account per minute (whatever the address). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE = 10;

  /** Requests to public endpoints per client address per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE = 300;

  /**
   * How long the public dashboard and open-data answers are kept and reused, in seconds (also
   * their `Cache-Control: max-age`); 0: asked afresh every time.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600)
  GATEWAY_FIGURES_CACHE_SECONDS = 30;

  /**
   * Issuer of an external OpenID Connect provider whose access tokens the gateway accepts too
   * (e.g. the city's staff directory). Empty: none.
   */
  @Matches(/^(|https?:\/\/\S+)$/, { message: 'must be empty or an http(s) URL' })
  GATEWAY_OIDC_ISSUER = '';

  /** JWKS URL of that provider (its signing keys). */
  @Matches(/^(|https?:\/\/\S+)$/, { message: 'must be empty or an http(s) URL' })
  GATEWAY_OIDC_JWKS_URL = '';

  /** `aud` the provider's tokens must carry for this platform. */
  @IsString()
  GATEWAY_OIDC_AUDIENCE = 'civic-platform';

  /** Claim holding the person's roles (a string or a list; the first platform role wins). */
  @Matches(/^[A-Za-z0-9_.:/-]+$/, { message: 'must be a claim name' })
  GATEWAY_OIDC_ROLES_CLAIM = 'roles';

  /** How long a claim code printed at the counter works (assisted channel), in hours. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_160)
  GATEWAY_CLAIM_CODE_TTL_HOURS = 336;

  /** Wrong claim codes an account takes before its code stops working (a new one at the counter). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  GATEWAY_CLAIM_MAX_ATTEMPTS = 5;

  /** How long an assist code a person makes in their session works, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3_600)
  GATEWAY_ASSIST_CODE_TTL_SECONDS = 600;

  /** How long a clerk may act for an applicant once granted (assisted channel), in minutes. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_440)
  GATEWAY_DELEGATION_TTL_MINUTES = 120;

  /** How long the answer to a command with an `Idempotency-Key` is replayed, in hours. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  GATEWAY_IDEMPOTENCY_TTL_HOURS = 24;

  /**
   * How long a key stays "in flight" (409 to its repeats) when its gateway never answers, e.g.
   * killed mid-request; in seconds. Longer than any request may take (NATS_REQUEST_TIMEOUT_MS).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_600)
  GATEWAY_IDEMPOTENCY_LEASE_SECONDS = 60;

  /**
   * TEST ONLY, refused in production: `<METHOD> <path>` of a route after whose handler (for a
   * forwarded command: once the service has committed and answered) the gateway kills itself
   * with SIGKILL before answering, as a crash at the worst moment. Empty: never.
   */
  @Matches(/^(|[A-Z]+ \/\S*)$/, { message: 'must be empty or "<METHOD> <path>"' })
  GATEWAY_FAULT_KILL_BEFORE_ANSWER = '';

  /**
   * Open311: how long a live API key is remembered by this replica, in ms (0: looked up on
   * every report). A key revoked through another replica is refused here within this time.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300_000)
  OPEN311_API_KEY_CACHE_MS = 5_000;

  /** Open311: the one `jurisdiction_id` served (a request naming another is refused). */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: 'must be a jurisdiction id like city.example.org',
  })
  OPEN311_JURISDICTION_ID = 'city.example.org';

  /** Open311: the IANA time zone datetimes are written in (W3C format with its offset). */
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'must be an IANA time zone' })
  OPEN311_TIME_ZONE = 'UTC';

  /**
   * Directory of the built web UI served under `/` (docs/web.md); empty: `dist/web` beside the
   * compiled gateway. Without an index.html there, the gateway serves the API only.
   */
  @IsString()
  GATEWAY_WEB_ROOT = '';
}
