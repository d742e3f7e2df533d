import {
  Catch,
  Injectable,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemFilter, RemoteServiceError } from '#platform';
import type { AccessClaims } from '../identity/token-issuer.js';
import { errorAnswer } from '../http/error-table.js';
import { AccessRefusals } from './access-refusals.js';

/**
 * A service that refuses a request on its own data (ownership, separation of duties) answers
 * with a code the error table marks as a refusal; the gateway records that refusal as an access-denied event too, so the
 * audit trail sees refusals wherever they are decided, and only then answers with the problem
 * (if the event cannot be written, the answer is that failure, as for the gateway's own
 * refusals).
 *
 * An exception filter rather than an interceptor, so the requests that succeed pay nothing
 * for it: an interceptor wraps every request of its routes in an RxJS pipeline, which cost a
 * forwarded read a third of its throughput in the gateway benchmark.
 */
@Injectable()
@Catch()
export class ServiceRefusalsFilter implements ExceptionFilter {
  private readonly problems = new ProblemFilter(errorAnswer);
  private readonly logger = new Logger('Access');

  constructor(private readonly refusals: AccessRefusals) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest & { actor?: AccessClaims }>();
    if (
      !(error instanceof RemoteServiceError) ||
      !errorAnswer(error.code)?.refusal ||
      !request.actor
    ) {
      this.problems.catch(error, host);
      return;
    }
    // Nest does not wait for a filter: the reply goes out once the event is written.
    this.refusals
      .record(request, request.actor, error.code, 'service')
      .then(
        () => this.problems.catch(error, host),
        (failure: unknown) => this.problems.catch(failure, host),
      )
      .catch((failure: unknown) => this.logger.error(`no answer to a refusal: ${String(failure)}`));
  }
}
