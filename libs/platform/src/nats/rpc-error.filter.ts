import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { DomainError, isErrorBody, type ErrorBody } from '#contracts';

/**
 * What a service's request handler throws, as it crosses NATS: `{code, message, details}`.
 * A `DomainError` (a context's code, a POLICY refusal from `enforce`) goes as its body; so
 * does an `RpcException` whose error is such a body; anything else goes as
 * `PLATFORM.INTERNAL` without its cause (logged here). No HTTP status crosses: the gateway's
 * error table decides it from the code.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter {
  private readonly logger = new Logger('RPC');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (host.getType() !== 'rpc') throw exception;
    return throwError(() => this.toBody(exception));
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) return exception.toJSON();
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (isErrorBody(error))
        return error.details === undefined
          ? { code: error.code, message: error.message }
          : { code: error.code, message: error.message, details: error.details };
      return {
        code: 'PLATFORM.REMOTE_ERROR',
        message: typeof error === 'string' ? error : 'remote error',
      };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return { code: 'PLATFORM.INTERNAL', message: 'internal error' };
  }
}
