import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { currentContext } from '../context/request-context.js';
import type { LogLevel } from '../config/base.config.js';

/**
 * Paths that must never reach a log line. Personal data lives in the owning service's
 * tables only; credentials never leave memory.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.secret',
  '*.email',
  '*.phone',
  '*.fullName',
  '*.firstName',
  '*.lastName',
  '*.nationalId',
  '*.api_key',
  '*.apiKey',
];

/** Query parameters whose values never reach a log line (Open311's `api_key` among them). */
const SECRET_QUERY = /([?&](?:api_key|apikey|access_token|token)=)[^&#]*/gi;

/** A request's URL as it may be logged: the values of secret query parameters replaced. */
export const redactUrl = (url: string | undefined): string | undefined =>
  url?.replace(SECRET_QUERY, '$1[redacted]');

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function loggerOptions(service: string, level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service, pid: process.pid },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Fastify's own request lines, with secrets of the query string removed (its serializer
    // would write the URL as it came).
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    mixin() {
      const context = currentContext();
      if (!context) return {};
      return context.trace
        ? { correlationId: context.correlationId, traceId: context.trace.traceId }
        : { correlationId: context.correlationId };
    },
  };
}

/** A structured JSON logger (one object per line) that stamps the current correlation id. */
export function createLogger(
  service: string,
  level: LogLevel,
  destination?: DestinationStream,
): Logger {
  return destination
    ? pino(loggerOptions(service, level), destination)
    : pino(loggerOptions(service, level));
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/**
 * `parent.child(bindings, options)`, made only when a line is written at a level the parent
 * writes. Fastify gives every request a child logger; pino serialises (and redacts) a
 * child's bindings as it makes it, which cost the gateway a fortieth of each request that
 * logged nothing. Children of this child are deferred the same way.
 */
export function deferredChild(
  parent: Logger,
  bindings: pino.Bindings,
  options?: pino.ChildLoggerOptions,
): Logger {
  // A child with a level of its own decides for itself which lines it writes.
  if (options?.level !== undefined) return parent.child(bindings, options);
  return deferred(() => parent, parent, bindings, options);
}

function deferred(
  parent: () => Logger,
  levels: Logger,
  bindings: pino.Bindings,
  options: pino.ChildLoggerOptions | undefined,
): Logger {
  let child: Logger | undefined;
  const real = (): Logger => (child ??= parent().child(bindings, options));
  const lazy = Object.create(levels) as Logger;
  for (const level of LEVELS) {
    lazy[level] = (...args: Parameters<pino.LogFn>) => {
      if (levels.isLevelEnabled(level)) real()[level](...args);
    };
  }
  lazy.child = ((b: pino.Bindings, o?: pino.ChildLoggerOptions) =>
    o?.level !== undefined
      ? real().child(b, o)
      : deferred(real, levels, b, o)) as unknown as Logger['child'];
  lazy.bindings = () => real().bindings();
  lazy.setBindings = (b) => real().setBindings(b);
  return lazy;
}
