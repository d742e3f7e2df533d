import type { ErrorBody } from '#contracts';

/** Base of failures of a request to another service. */
export abstract class ServiceRequestError extends Error {
  abstract readonly code: string;
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Nobody subscribes to the pattern: the owning service is not running. */
export class ServiceUnavailableError extends ServiceRequestError {
  readonly code = 'PLATFORM.SERVICE_UNAVAILABLE';
  constructor(pattern: string) {
    super(pattern, `no service answers ${pattern}`);
  }
}

/** A service took the request but did not answer before the deadline. */
export class ServiceTimeoutError extends ServiceRequestError {
  readonly code = 'PLATFORM.SERVICE_TIMEOUT';
  constructor(
    pattern: string,
    readonly timeoutMs: number,
  ) {
    super(pattern, `no answer to ${pattern} within ${timeoutMs} ms`);
  }
}

/** The service answered with an error of its own. */
export class RemoteServiceError extends ServiceRequestError {
  readonly code: string;
  readonly details: unknown;
  constructor(pattern: string, body: ErrorBody) {
    super(pattern, body.message);
    this.code = body.code;
    this.details = body.details;
  }
}
