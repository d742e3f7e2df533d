import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from '@nestjs/common';
import type { IdempotentRequest } from './idempotency.interceptor.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency.store.js';

/** Headers of an answer that belong to it and are replayed with it. */
const KEPT_HEADERS = ['content-type', 'location', 'retry-after'];

/**
 * Answers not kept: those refusing the request itself (unreadable, too large, wrong media
 * type, failed validation, rate-limited), which a corrected retry with the same key may follow,
 * and failures on our side (5xx), which a retry may fix.
 */
const NOT_KEPT = new Set([400, 408, 413, 415, 422, 429]);
export const keepsAnswer = (status: number): boolean => status < 500 && !NOT_KEPT.has(status);

/** The answer as kept: the fields shown once (one-time codes) as null. */
function withheld(body: Buffer, fields: readonly string[] | undefined): Buffer {
  if (!fields?.length || body.length === 0) return body;
  try {
    const answer = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof answer !== 'object' || answer === null) return body;
    for (const field of fields)
      if (field in answer) (answer as Record<string, unknown>)[field] = null;
    return Buffer.from(JSON.stringify(answer));
  } catch {
    return body;
  }
}

/**
 * The way out of a command with an `Idempotency-Key` (after Nest and its exception filters,
 * so the answer is the one the client gets): a replay gets the kept status, headers and
 * body; a first answer is kept, before it is sent, or its key released.
 */
export function setUpIdempotency(app: NestFastifyApplication): void {
  const store = app.get(IdempotencyStore);
  const logger = new Logger('Idempotency');
  app
    .getHttpAdapter()
    .getInstance()
    .addHook(
      'onSend',
      async (request: FastifyRequest & IdempotentRequest, reply: FastifyReply, payload) => {
        const replay = request.idempotencyReplay;
        if (replay) {
          void reply.code(replay.status);
          reply.removeHeader('content-type');
          void reply.headers(replay.headers).header('idempotent-replayed', 'true');
          return replay.body;
        }
        const keyHash = request.idempotencyClaim;
        if (!keyHash) return payload;
        request.idempotencyClaim = undefined;
        const body =
          typeof payload === 'string'
            ? Buffer.from(payload)
            : Buffer.isBuffer(payload)
              ? payload
              : payload == null
                ? Buffer.alloc(0)
                : undefined;
        try {
          if (body && keepsAnswer(reply.statusCode)) {
            const headers: StoredAnswer['headers'] = {};
            for (const name of KEPT_HEADERS) {
              const value = reply.getHeader(name);
              if (value !== undefined) headers[name] = String(value);
            }
            await store.answer(keyHash, {
              status: reply.statusCode,
              headers,
              body: withheld(body, request.idempotencyWithheld),
            });
          } else await store.release(keyHash);
        } catch (error) {
          // The answer goes out anyway; the key's lease lets a repeat run it again (the
          // services' request keys keep that from acting twice).
          logger.warn(`keeping the answer failed: ${(error as Error).message}`);
        }
        return payload;
      },
    );
}
