import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { DatabaseConfig, IsPort } from '#platform';

/** Environment of the gateway; defaults serve the local stack. */
export class GatewayConfig extends DatabaseConfig {
  /** Interface the public HTTP server binds to. */
  @IsString()
  @IsNotEmpty()
  GATEWAY_HOST = '127.0.0.1';

  /** Public HTTP port: REST under /api/v1 (Open311 under /open311/v2 and the web UI under / come later). */
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

  /** Deadline of the status page's question to each service, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(10_000)
  GATEWAY_STATUS_TIMEOUT_MS = 1_500;
}
