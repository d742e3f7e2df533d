import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '#platform';

/** The route providers send their webhooks to. */
export const WEBHOOK_ROUTE = '/api/v1/payments/webhooks/:provider';

/** The media type a webhook's body is read as: its bytes, whatever the provider labelled it. */
const RAW = 'application/x-civic-webhook';

/** What the gateway keeps of a webhook for payments: its body's bytes and its headers. */
export interface RawWebhook {
  webhookBody?: Buffer;
  webhookHeaders?: Record<string, string>;
}

const isWebhook = (request: FastifyRequest): boolean =>
  request.method === 'POST' && request.routeOptions.url === WEBHOOK_ROUTE;

/**
 * Webhooks reach payments untouched: a provider signs the bytes it sent, so the gateway must
 * not parse and re-serialise them. On the webhook route only, the request's headers are kept as
 * they came and its body is read as bytes (any media type: a forged webhook is refused and
 * recorded by payments, not turned away here with a 415 no one records).
 */
export function setUpPaymentWebhooks(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (isWebhook(request)) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      (request as FastifyRequest & RawWebhook).webhookHeaders = headers;
      request.headers['content-type'] = RAW;
    }
    done();
  });
  fastify.addContentTypeParser(RAW, { parseAs: 'buffer' }, (request, body, done) => {
    if (!isWebhook(request))
      return done(
        new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type'),
        undefined,
      );
    (request as FastifyRequest & RawWebhook).webhookBody = body as Buffer;
    done(null, {});
  });
}
