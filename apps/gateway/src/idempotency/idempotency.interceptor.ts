import { createHash, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import canonicalize from 'canonicalize';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { of, tap, type Observable } from 'rxjs';
import { DomainError } from '#contracts';
import { currentContext } from '#platform';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import type { AccessClaims } from '../identity/token-issuer.js';
import { IDEMPOTENCY_KEY_HEADER, WITHHELD_ON_REPLAY } from './idempotency.constants.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency.store.js';

/** What the interceptor leaves on the request for the answer's way out (`idempotency.hook`). */
export interface IdempotentRequest {
  /** A claimed key: its answer is kept (or the key released) when it is sent. */
  idempotencyClaim?: string;
  /** The stored answer this request gets instead of running its command. */
  idempotencyReplay?: StoredAnswer;
  /**
   * What the fingerprint covers instead of the parsed body, where that is not the whole request:
   * an upload's text fields and its file's digest, size, name and type (`@UploadFile`).
   */
  idempotencyBody?: unknown;
  /** Fields of the answer kept as null (`@WithheldOnReplay`). */
  idempotencyWithheld?: readonly string[];
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

/**
 * The secret the request fingerprints are keyed with. A body may carry a password, so its
 * fingerprint is an HMAC whose key never reaches the database: someone who reads the
 * `idempotency_keys` table cannot test guesses against it. Derived from the gateway's token
 * signing key (a secret from config, kept across restarts and shared by replicas); without one
 * (development only) a key made for this process, so kept answers do not outlive it.
 */
const fingerprintSecret = (signingKey: string): KeyObject =>
  // A KeyObject once, not a Buffer that each HMAC turns into a key again.
  createSecretKey(
    signingKey
      ? createHash('sha256').update(`civic idempotency fingerprints\n${signingKey}`).digest()
      : randomBytes(32),
  );

/**
 * `Idempotency-Key` on the routes that declare `@Idempotent(...)` (after the guards, so the
 * account is known and the header well-formed; before validation, so a refused body releases
 * the key):
 *
 * - the key names the command for its account — `user:<id>`, or for anonymous callers their
 *   client address — on its method and concrete path; the request's fingerprint (method, path
 *   with query, canonical JSON body) must match the first one's, else 422
 *   `PLATFORM.IDEMPOTENCY_KEY_REUSED`;
 * - first use: the key is claimed (with a lease) and the command runs with a request key
 *   (hash of the above and the fingerprint) that the services record with its effect, so a
 *   command whose answer was lost still happens once when repeated;
 * - a repeat gets the kept answer; one while the first is running gets 409
 *   `PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT` with `Retry-After`.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly killBeforeAnswer: string;
  private readonly secret: KeyObject;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    if (config.GATEWAY_FAULT_KILL_BEFORE_ANSWER && config.NODE_ENV === 'production')
      throw new Error('GATEWAY_FAULT_KILL_BEFORE_ANSWER is for tests only, never in production');
    this.killBeforeAnswer = config.GATEWAY_FAULT_KILL_BEFORE_ANSWER;
    this.secret = fingerprintSecret(config.GATEWAY_JWT_PRIVATE_KEY);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & IdempotentRequest & { actor?: AccessClaims }>();
    // Checked by IdempotencyKeyGuard: absent (where optional) or well-formed.
    const key = request.headers['idempotency-key'] as string | undefined;
    if (key === undefined) return this.faultInjected(request, next.handle());
    const account = request.actor ? `user:${request.actor.userId}` : `anonymous:${request.ip}`;
    const path = request.url.split('?')[0] ?? '';
    const keyHash = sha256(`${account}\n${request.method}\n${path}\n${key}`);
    // Keyed with a secret the database never sees: a body may carry a password.
    const fingerprint = createHmac('sha256', this.secret)
      .update(
        `${keyHash}\n${request.url}\n${canonicalize(request.idempotencyBody ?? request.body ?? null) ?? ''}`,
      )
      .digest('base64url');
    const claim = await this.store.claim(keyHash, fingerprint);
    switch (claim.kind) {
      case 'reused':
        throw new DomainError(
          'PLATFORM.IDEMPOTENCY_KEY_REUSED',
          `this ${IDEMPOTENCY_KEY_HEADER} was used with another request; use a new key for a new command`,
          {
            errors: [
              {
                field: IDEMPOTENCY_KEY_HEADER,
                code: 'REUSED',
                message: `${IDEMPOTENCY_KEY_HEADER} was used with another request`,
              },
            ],
          },
        );
      case 'in-flight':
        throw new DomainError(
          'PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT',
          `a request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry later`,
          { retryAfterSeconds: claim.retryAfterSeconds },
        );
      case 'answered':
        request.idempotencyReplay = claim;
        return of(undefined);
      case 'claimed':
        break;
    }
    request.idempotencyClaim = keyHash;
    request.idempotencyWithheld = this.reflector.get<string[] | undefined>(
      WITHHELD_ON_REPLAY,
      context.getHandler(),
    );
    const requestContext = currentContext();
    if (requestContext) requestContext.requestKey = sha256(`${keyHash}\n${fingerprint}`);
    return this.faultInjected(request, next.handle());
  }

  /** TEST ONLY (GATEWAY_FAULT_KILL_BEFORE_ANSWER): dies once the handler is done, unanswered. */
  private faultInjected(request: FastifyRequest, answer: Observable<unknown>): Observable<unknown> {
    if (!this.killBeforeAnswer) return answer;
    if (this.killBeforeAnswer !== `${request.method} ${request.url.split('?')[0] ?? ''}`)
      return answer;
    return answer.pipe(tap(() => process.kill(process.pid, 'SIGKILL')));
  }
}
