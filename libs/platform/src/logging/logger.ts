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
];

export function loggerOptions(service: string, level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service, pid: process.pid },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
