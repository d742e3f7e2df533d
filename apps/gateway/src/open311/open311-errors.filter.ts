import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '#contracts';
import { ProblemException, ServiceRequestError } from '#platform';
import { ERROR_TABLE } from '../http/error-table.js';
import { CONTENT_TYPES, errorsDocument, render, type Open311Format } from './open311-format.js';

/** The format a `/open311/v2` URL asks for (`.xml` unless it ends in `.json`). */
export const formatOfUrl = (url: string): Open311Format =>
  /\.json(?:[?#]|$)/.test(url) ? 'json' : 'xml';

/**
 * Every refusal under `/open311/v2` as the standard's error list, in the requested format,
 * never a problem: 403 for a missing or bad `api_key`, 404 for an unknown resource asked by
 * a read, 413 / 415 for an uploaded `media` too large or not a photo, 409 / 422 for an
 * `Idempotency-Key` in flight or reused, 400 for anything else wrong with a request; failures
 * on our side keep their 5xx.
 */
@Catch()
export class Open311ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, description } = this.answerOf(exception, request.method);
    const format = formatOfUrl(request.url);
    // Retry-After of a key still in flight, of a storage that failed.
    if (exception instanceof ProblemException) void reply.headers(exception.headers);
    void reply
      .status(status)
      .header('content-type', CONTENT_TYPES[format])
      .send(render(errorsDocument([{ code: status, description }]), format));
  }

  private answerOf(exception: unknown, method: string): { status: number; description: string } {
    const read = method === 'GET' || method === 'HEAD';
    const fit = (status: number, description: string) => {
      // A photo too large or not one keeps its own status, as the REST route's.
      if (status >= 500 || status === 403 || status === 413 || status === 415)
        return { status, description };
      if (status === 404 && read) return { status, description };
      return { status: 400, description };
    };
    if (exception instanceof DomainError || exception instanceof ServiceRequestError) {
      const code = (exception as { code: string }).code;
      const status = (ERROR_TABLE as Record<string, { status: number }>)[code as ErrorCode]?.status;
      const details = (exception as { details?: unknown }).details as
        { field?: string } | undefined;
      const field = details?.field ? ` (${details.field})` : '';
      return fit(status ?? 502, `${code}: ${exception.message}${field}`);
    }
    if (exception instanceof ProblemException) {
      const first = exception.errors?.[0];
      const description = first
        ? `${exception.code}: ${first.field}: ${first.message}`
        : `${exception.code}: ${exception.detail ?? exception.title}`;
      // Idempotency-Key is ours, not the standard's: its answers keep their status (409 in
      // flight, 422 reused with another body), as on every other route.
      if (exception.code.startsWith('PLATFORM.IDEMPOTENCY_KEY_'))
        return { status: exception.status, description };
      return fit(exception.status, description);
    }
    if (exception instanceof HttpException) return fit(exception.getStatus(), exception.message);
    this.logger.error(exception instanceof Error ? exception : String(exception));
    return { status: 500, description: 'internal error' };
  }
}
