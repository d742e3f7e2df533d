import { Public } from '../access/access.decorators.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { REQUEST_SERVICES, SERVICES, systemStatusPattern } from '#contracts';
import { NatsBus, ServiceRequestError, currentCorrelationId } from '#platform';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import type { GatewayConfig } from '../config.js';

class ServiceStatusDto {
  @ApiProperty({ example: 'permits' }) service: string;
  @ApiProperty({ enum: ['up', 'unavailable', 'timeout', 'error'] }) state:
    'up' | 'unavailable' | 'timeout' | 'error';
  @ApiProperty({ required: false, example: '0.1.0' }) version?: string;
  @ApiProperty({ required: false }) uptimeSeconds?: number;
  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    description: 'Correlation id the service saw: proves propagation',
  })
  correlationId?: string | null;
  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    description: 'W3C trace id the service saw in traceparent: proves trace propagation',
  })
  traceId?: string | null;
}

class PlatformStatusDto {
  @ApiProperty({ enum: ['operational', 'degraded'] }) status: 'operational' | 'degraded';
  @ApiProperty() correlationId: string;
  @ApiProperty({ type: [ServiceStatusDto] }) services: ServiceStatusDto[];
}

/**
 * The public status page: which services answer right now. Anyone may call it (who may:
 * public); it reveals no data, only which parts of the platform are up.
 */
@ApiTags('status')
@Controller('api/v1/status')
export class StatusHttpController {
  constructor(
    private readonly nats: NatsBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Platform status', description: 'Roles: public (no login).' })
  @ApiOkResponse({ type: PlatformStatusDto })
  @ProblemResponses(429)
  async status(): Promise<PlatformStatusDto> {
    const services = await Promise.all(REQUEST_SERVICES.map((name) => this.ask(name)));
    return {
      status: services.every((s) => s.state === 'up') ? 'operational' : 'degraded',
      correlationId: currentCorrelationId() ?? '',
      services,
    };
  }

  private async ask(name: (typeof REQUEST_SERVICES)[number]): Promise<ServiceStatusDto> {
    try {
      const reply = await this.nats.client.request(
        systemStatusPattern(SERVICES[name].context),
        {},
        { timeoutMs: this.config.GATEWAY_STATUS_TIMEOUT_MS },
      );
      return {
        service: name,
        state: 'up',
        version: reply.version,
        uptimeSeconds: reply.uptimeSeconds,
        correlationId: reply.correlationId,
        traceId: reply.traceId,
      };
    } catch (error) {
      if (error instanceof ServiceRequestError) {
        const state =
          error.code === 'PLATFORM.SERVICE_UNAVAILABLE'
            ? 'unavailable'
            : error.code === 'PLATFORM.SERVICE_TIMEOUT'
              ? 'timeout'
              : 'error';
        return { service: name, state };
      }
      return { service: name, state: 'error' };
    }
  }
}
