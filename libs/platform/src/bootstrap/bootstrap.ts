import 'reflect-metadata';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { ConfigError } from '../config/load-config.js';
import { createLogger, deferredChild } from '../logging/logger.js';
import { NestPinoLogger } from '../logging/nest-logger.js';
import { PortInUseError } from '../ops/ops-server.js';
import {
  CORRELATION_ID_HEADER,
  normaliseCorrelationId,
  runWithContext,
} from '../context/request-context.js';
import type { NatsAuth } from '../nats/nats-connection.js';
import { extractTrace } from '../context/trace-context.js';
import {
  JetStreamEventServer,
  type JetStreamEventServerOptions,
} from '../messaging/jetstream-event.server.js';
import { ProblemFilter, type CodeAnswers } from '../http/problem.filter.js';
import { securityHeaders } from '../http/security-headers.js';
import { createValidationPipe } from '../http/problem.js';
import { RpcErrorFilter } from '../nats/rpc-error.filter.js';
import { DrainingNatsServer } from '../nats/draining-nats.server.js';
import { Metrics } from '../metrics/metrics.js';
import { HealthRegistry } from '../health/health-registry.js';
import { settleMemorySoon } from './settle-memory.js';

type RootModule = Type<unknown> | DynamicModule;

export interface ProcessSpec {
  service: string;
  logger: Logger;
  shutdownTimeoutMs: number;
}

/**
 * Makes SIGTERM/SIGINT close the app gracefully (Nest's shutdown hooks: stop taking work,
 * drain, then close connections), bounded by a timeout, and ends the process when a
 * supervising stack that started it goes away without a word.
 */
function installShutdown(app: INestApplicationContext, spec: ProcessSpec): void {
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const arm = (signal: NodeJS.Signals) => {
    spec.logger.info({ signal }, 'shutting down: draining in-flight work');
    setTimeout(() => {
      spec.logger.error(
        { timeoutMs: spec.shutdownTimeoutMs },
        'graceful shutdown timed out; exiting',
      );
      process.exit(1);
    }, spec.shutdownTimeoutMs).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
  const supervisor = Number(process.env.CIVIC_SUPERVISOR_PID);
  if (Number.isInteger(supervisor) && supervisor > 0) {
    setInterval(() => {
      try {
        process.kill(supervisor, 0);
      } catch {
        spec.logger.warn({ supervisor }, 'supervising stack is gone; shutting down');
        process.kill(process.pid, 'SIGTERM');
      }
    }, 1_000).unref();
  }
}

/** Reports the app started, then gives back what booting grew into (see settleMemory). */
function started(app: INestApplicationContext): void {
  app.get(HealthRegistry).markStarted();
  settleMemorySoon();
}

/** Each request's logger, made only when it writes (the server's logger is a pino one). */
const requestLogger = (
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger => deferredChild(logger as Logger, bindings, options);

/** An app whose users reach it over HTTP (the gateway). Health and metrics stay on the ops port. */
export async function startHttpApp(
  module: RootModule,
  spec: ProcessSpec & {
    host: string;
    port: number;
    portVariable: string;
    bodyLimitBytes?: number;
    events?: EventConsumerSpec;
    /** How domain codes are answered (the gateway's error table). */
    codeAnswers?: CodeAnswers;
  },
  configure?: (app: NestFastifyApplication) => void | Promise<void>,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: spec.logger,
    requestIdLogLabel: 'correlationId',
    childLoggerFactory: requestLogger,
    genReqId: (req: { headers: Record<string, unknown> }) =>
      normaliseCorrelationId(req.headers[CORRELATION_ID_HEADER]),
    bodyLimit: spec.bodyLimitBytes ?? 1_048_576,
    // Fastify answers a longer path parameter with its own 414 before any route runs; long
    // enough that the routes' own limits (a 422 naming the field) are what a client meets.
    maxParamLength: 4_096,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new NestPinoLogger(spec.logger),
    abortOnError: false,
    // Fastify's own JSON parser only: bodies of other media types are a 415, broken JSON is a
    // 400 with Fastify's precise error (Nest's parsers would also take form bodies).
    bodyParser: false,
  });
  // Errors are RFC 9457 problem details; input is validated in whitelist mode; the usual
  // security headers go on every response (an API: no CSP of its own, docs UI excepted).
  app.useGlobalFilters(new ProblemFilter(spec.codeAnswers));
  app.useGlobalPipes(createValidationPipe());
  const security = securityHeaders({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(security);
    void reply.header(CORRELATION_ID_HEADER, request.id);
    const trace = extractTrace(request.headers);
    // Fastify's own request lines are written outside the request context: stamp them too.
    if (trace) request.log = reply.log = request.log.child({ traceId: trace.traceId });
    runWithContext({ correlationId: request.id, trace }, done);
  });
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1_000,
    );
    done();
  });
  await configure?.(app);
  if (spec.events) connectEventConsumer(app, spec.events);
  installShutdown(app, spec);
  try {
    await app.init();
    await app.startAllMicroservices();
    await app.listen(spec.port, spec.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      await app.close();
      throw new PortInUseError(spec.port, spec.portVariable);
    }
    throw error;
  }
  started(app);
  spec.logger.info({ url: `http://${spec.host}:${spec.port}` }, `${spec.service} listening`);
  return app;
}

/** How an app consumes events: its durable consumer and its settings (see JetStreamEventServer). */
export type EventConsumerSpec = JetStreamEventServerOptions;

/**
 * Adds the JetStream event consumer to an app that owns data: its @OnEvent handlers run in
 * transactions on the app's own DataSource. An app without handlers opens no consumer.
 */
function connectEventConsumer(app: INestApplication, events: EventConsumerSpec): void {
  const server = new JetStreamEventServer(events);
  server.useDataSource(app.get(DataSource));
  server.useMetrics(app.get(Metrics));
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
}

/**
 * A service that answers NATS requests in a queue group shared by its replicas and, when it
 * owns data, consumes events. A hybrid Nest app whose HTTP adapter never listens (health and
 * metrics are on the ops port): one container, several transports.
 */
export async function startMicroservice(
  module: RootModule,
  spec: ProcessSpec & {
    natsUrl: string;
    natsAuth?: NatsAuth;
    queue: string;
    events?: EventConsumerSpec;
  },
): Promise<INestApplication> {
  const rpc = new DrainingNatsServer(
    {
      servers: spec.natsUrl.split(','),
      queue: spec.queue,
      name: `${spec.service}-rpc`,
      maxReconnectAttempts: -1,
      ...(spec.natsAuth ?? {}),
    },
    Math.max(100, spec.shutdownTimeoutMs - 1_000),
  );
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: new NestPinoLogger(spec.logger),
    abortOnError: false,
  });
  rpc.useMetrics(app.get(Metrics));
  app.useGlobalFilters(new RpcErrorFilter());
  app.connectMicroservice({ strategy: rpc }, { inheritAppConfig: true });
  if (spec.events) connectEventConsumer(app, spec.events);
  installShutdown(app, spec);
  await app.init();
  await app.startAllMicroservices();
  started(app);
  spec.logger.info({ queue: spec.queue }, `${spec.service} answering NATS requests`);
  return app;
}

/** A process with no inbound transport of its own (the Temporal worker). */
export async function startContextApp(
  module: RootModule,
  spec: ProcessSpec,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module, {
    logger: new NestPinoLogger(spec.logger),
    abortOnError: false,
  });
  installShutdown(app, spec);
  await app.init();
  started(app);
  spec.logger.info(`${spec.service} started`);
  return app;
}

/**
 * Runs an app's boot function; a failure to boot ends the process with one clear line
 * (what went wrong and what to change), never a bare stack trace.
 */
export async function runMain(service: string, boot: () => Promise<unknown>): Promise<void> {
  try {
    await boot();
  } catch (error) {
    const logger = createLogger(service, 'info');
    const known = error instanceof ConfigError || error instanceof PortInUseError;
    const message = `${service} failed to start: ${(error as Error).message}`;
    if (known) logger.fatal(message);
    else logger.fatal({ err: error }, message);
    logger.flush();
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 200).unref();
  }
}
