import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import Fastify, { type FastifyInstance } from 'fastify';
import { HealthRegistry } from '../health/health-registry.js';
import { Metrics } from '../metrics/metrics.js';

export const OPS_OPTIONS = Symbol('OPS_OPTIONS');

export interface OpsOptions {
  service: string;
  host: string;
  port: number;
  /** Name of the variable that sets `port`, for the error message when it is taken. */
  portVariable: string;
  /** How long one readiness probe may take before it counts as down. */
  probeTimeoutMs?: number;
}

/** Raised when the internal server cannot bind; the message says what to change. */
export class PortInUseError extends Error {
  constructor(port: number, variable: string) {
    super(`port ${port} is already in use: stop what holds it or set ${variable} to a free port`);
    this.name = 'PortInUseError';
  }
}

const withTimeout = async <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The internal HTTP server every app runs for operators and orchestrators only:
 * `/health/live` (the process is up), `/health/ready` and `/health` (its database, NATS and
 * Temporal connections answer) and `/metrics` (Prometheus). It is never routed from outside.
 */
@Injectable()
export class OpsServer
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(OpsServer.name);
  private server: FastifyInstance | undefined;

  constructor(
    @Inject(OPS_OPTIONS) private readonly options: OpsOptions,
    private readonly registry: HealthRegistry,
    private readonly metrics: Metrics,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = Fastify({ logger: false });
    server.get('/health/live', async () => ({ status: 'ok', service: this.options.service }));
    const ready = async (_req: unknown, reply: { code: (n: number) => unknown }) => {
      const result = await this.readiness();
      reply.code(result.status === 'ok' ? 200 : 503);
      return result;
    };
    server.get('/health/ready', ready);
    server.get('/health', ready);
    server.get('/metrics', async (_req, reply) => {
      reply.header('content-type', this.metrics.registry.contentType);
      return this.metrics.registry.metrics();
    });
    try {
      await server.listen({ host: this.options.host, port: this.options.port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new PortInUseError(this.options.port, this.options.portVariable);
      }
      throw error;
    }
    this.server = server;
    this.logger.log(
      `ops server on http://${this.options.host}:${this.options.port} (/health, /metrics)`,
    );
  }

  /** Readiness in Terminus' shape: {status, info, error, details}. */
  async readiness(): Promise<Record<string, unknown> & { status: string }> {
    if (!this.registry.isStarted) {
      return { status: 'starting', service: this.options.service };
    }
    if (this.registry.isShuttingDown) {
      return { status: 'shutting_down', service: this.options.service };
    }
    const timeout = this.options.probeTimeoutMs ?? 2_000;
    const checks = this.registry.entries().map(([name, probe]) => async () => {
      const session = this.indicators.check(name);
      try {
        const details = await withTimeout(probe(), timeout);
        return session.up(details ?? {});
      } catch (error) {
        return session.down({ message: (error as Error).message });
      }
    });
    try {
      const result = await this.health.check(checks);
      return { ...result, service: this.options.service };
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      return {
        ...(response as Record<string, unknown>),
        status: 'error',
        service: this.options.service,
      };
    }
  }

  beforeApplicationShutdown(): void {
    this.registry.markShuttingDown();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
