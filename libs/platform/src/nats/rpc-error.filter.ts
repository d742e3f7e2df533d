import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { DomainError } from '#contracts';
import { throwError, type Observable } from 'rxjs';
import { PolicyDeniedError } from '../access/policy.js';
import type { RpcErrorBody } from './errors.js';

/**
 * What a service's request handler throws, as it crosses NATS: `{code, message, details}`.
 * An `RpcException` with such a body goes as it is; a policy refusal as its 403 body; anything
 * else as `PLATFORM.INTERNAL` without its cause (logged here).
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter {
  private readonly logger = new Logger('RPC');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (host.getType() !== 'rpc') throw exception;
    return throwError(() => this.toBody(exception));
  }

  toBody(exception: unknown): RpcErrorBody {
    if (exception instanceof PolicyDeniedError) return exception.toRpcError();
    if (exception instanceof DomainError) return exception.toJSON();
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error)
        return error as RpcErrorBody;
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
