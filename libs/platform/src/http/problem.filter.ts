import { randomUUID } from 'node:crypto';
import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '../context/request-context.js';
import {
  RemoteServiceError,
  ServiceTimeoutError,
  ServiceUnavailableError,
} from '../nats/errors.js';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  problemType,
  type ProblemDocument,
} from './problem.js';

/** Stable codes and titles of the statuses the HTTP layer itself produces. */
const BY_STATUS: Record<number, [code: string, title: string]> = {
  400: ['BAD_REQUEST', 'The request could not be read'],
  401: ['UNAUTHENTICATED', 'Authentication is required'],
  403: ['FORBIDDEN', 'You may not do this'],
  404: ['NOT_FOUND', 'Nothing is here'],
  405: ['METHOD_NOT_ALLOWED', 'This method is not allowed here'],
  406: ['NOT_ACCEPTABLE', 'No acceptable representation'],
  408: ['REQUEST_TIMEOUT', 'The request took too long to arrive'],
  409: ['CONFLICT', 'The request conflicts with the current state'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is too large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'The request body has an unsupported media type'],
  422: ['VALIDATION_FAILED', 'The request has invalid fields'],
  429: ['RATE_LIMITED', 'Too many requests'],
};

/** Fastify's own error codes that deserve a more precise stable code. */
const FASTIFY_CODES: Record<string, [code: string, title: string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['MALFORMED_JSON', 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['MALFORMED_JSON', 'The request body is empty'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: BY_STATUS[415] as [string, string],
  FST_ERR_CTP_BODY_TOO_LARGE: BY_STATUS[413] as [string, string],
};

interface HttpishError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * Every error of an HTTP request becomes RFC 9457 problem details (`application/problem+json`)
 * with a stable `code`, the fields at fault where there are any, and the correlation id. A
 * service that is not there is 503, one that is too slow 504. Anything unforeseen is a 500
 * that says nothing of its cause; the cause is logged with an error id the response carries.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    const body: ProblemDocument = {
      type: problemType(problem.code),
      title: problem.title,
      status: problem.status,
      code: problem.code,
      ...(problem.detail ? { detail: problem.detail } : {}),
      instance: request.url.split('?')[0],
      correlationId: currentCorrelationId() ?? String(request.id),
      ...(problem.errors ? { errors: problem.errors } : {}),
    };
    void reply
      .status(problem.status)
      .headers(problem.headers)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(body);
  }

  toProblem(exception: unknown): ProblemException {
    if (exception instanceof ProblemException) return exception;
    if (exception instanceof ServiceUnavailableError)
      return new ProblemException(
        503,
        'SERVICE_UNAVAILABLE',
        'The service that answers this is not available',
        undefined,
        undefined,
        { 'retry-after': '5' },
      );
    if (exception instanceof ServiceTimeoutError)
      return new ProblemException(504, 'SERVICE_TIMEOUT', 'The service did not answer in time');
    if (exception instanceof RemoteServiceError) {
      const details = exception.details as { status?: unknown } | undefined;
      const status = typeof details?.status === 'number' ? details.status : 502;
      return status >= 400 && status < 500
        ? new ProblemException(status, exception.code, exception.message)
        : this.internal(exception, 502, 'UPSTREAM_ERROR', 'A service failed to answer');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest wraps Fastify's own errors (body parsing) and keeps them as the cause.
      const fastifyCode = (exception.cause as HttpishError | undefined)?.code;
      const precise = fastifyCode ? FASTIFY_CODES[fastifyCode] : undefined;
      if (precise && status < 500) return new ProblemException(status, precise[0], precise[1]);
      const [code, title] = BY_STATUS[status] ?? ['HTTP_ERROR', exception.message];
      if (status >= 500) return this.internal(exception, status, code, title);
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? String(response.message)
          : exception.message;
      return new ProblemException(status, code, title, status === 404 ? undefined : message);
    }
    const httpish = exception as HttpishError;
    if (typeof httpish?.statusCode === 'number' && httpish.statusCode < 500) {
      const [code, title] = (httpish.code && FASTIFY_CODES[httpish.code]) ||
        BY_STATUS[httpish.statusCode] || ['BAD_REQUEST', 'The request could not be read'];
      return new ProblemException(httpish.statusCode, code, title);
    }
    return this.internal(exception, 500, 'INTERNAL', 'Something went wrong on our side');
  }

  private internal(cause: unknown, status: number, code: string, title: string): ProblemException {
    const errorId = randomUUID();
    this.logger.error(
      `${code} ${errorId}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
    );
    return new ProblemException(status, code, title, `error id ${errorId}`);
  }
}
