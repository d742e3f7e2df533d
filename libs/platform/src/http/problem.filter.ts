import { randomUUID } from 'node:crypto';
import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';
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
  type FieldProblem,
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

/**
 * How an HTTP edge answers a domain code: its status, whether it is a refusal of access, and
 * headers that go with it. The gateway gives its exhaustive error table
 * (`apps/gateway/src/http/error-table.ts`); a code it does not know is a 502.
 */
export interface CodeAnswer {
  status: number;
  refusal?: true;
  /** The code the client sees, where it is not the domain code (e.g. one `RATE_LIMITED`). */
  answerCode?: string;
  headers?: Readonly<Record<string, string>>;
}
export type CodeAnswers = (code: string) => CodeAnswer | undefined;

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

  /** `answers`: the edge's table from domain codes to statuses (none: every code is a 502). */
  constructor(private readonly answers: CodeAnswers = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    const body: ProblemDocument = {
      // Extension members first: the standard members below always win.
      ...(problem.extensions ?? {}),
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
    if (exception instanceof DomainError || exception instanceof RemoteServiceError)
      return this.fromCode(exception);
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

  /**
   * A domain error, the gateway's own or a service's (`{code, message, details}`), answered
   * by the code's line in the table. `details.retryAfterSeconds` becomes `Retry-After` (and
   * the detail "try again in N s"); `details.errors` (fields at fault) become the problem's
   * `errors`; a `details.hint` string becomes its detail; the members of a `details.extensions`
   * object become extension members of the problem (never replacing a standard one).
   */
  private fromCode(error: DomainError | RemoteServiceError): ProblemException {
    const answer = this.answers(error.code);
    if (!answer || answer.status >= 500) {
      if (answer?.status === 503 || answer?.status === 504)
        return new ProblemException(answer.status, error.code, error.message);
      return this.internal(error, 502, 'UPSTREAM_ERROR', 'A service failed to answer');
    }
    const details = (error.details ?? {}) as {
      retryAfterSeconds?: unknown;
      errors?: unknown;
      hint?: unknown;
      extensions?: unknown;
    };
    const headers: Record<string, string> = { ...answer.headers };
    let detail = typeof details.hint === 'string' ? details.hint : undefined;
    if (typeof details.retryAfterSeconds === 'number') {
      const seconds = String(Math.ceil(details.retryAfterSeconds));
      headers['retry-after'] = seconds;
      detail ??= `try again in ${seconds} s`;
    }
    const errors = Array.isArray(details.errors) ? (details.errors as FieldProblem[]) : undefined;
    return new ProblemException(
      answer.status,
      answer.answerCode ?? error.code,
      error.message,
      errors ? errors.map((e) => e.message).join('; ') : detail,
      errors,
      headers,
      typeof details.extensions === 'object' &&
        details.extensions !== null &&
        !Array.isArray(details.extensions)
        ? (details.extensions as Record<string, unknown>)
        : undefined,
    );
  }

  private internal(cause: unknown, status: number, code: string, title: string): ProblemException {
    const errorId = randomUUID();
    this.logger.error(
      `${code} ${errorId}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
    );
    return new ProblemException(status, code, title, `error id ${errorId}`);
  }
}
