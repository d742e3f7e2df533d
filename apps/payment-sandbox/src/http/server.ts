import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { CardProvider } from '../payments/card-provider.js';
import { checkCardForm, type CardFormInput } from '../payments/test-cards.js';
import { parseDay, settlementReport } from '../settlement/settlement-report.js';
import type { SandboxStore } from '../store/sandbox.store.js';
import { isReference, parseCreatePayment, parseCreateRefund, type ApiError } from './api-input.js';
import { notFoundPage, paymentPage } from './hosted-page.html.js';

export interface ServerDeps {
  readonly provider: CardProvider;
  readonly store: SandboxStore;
  readonly apiKey: string;
  readonly logger: Logger;
  readonly ready: () => boolean;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The sandbox's HTTP face, as a card provider has it: a JSON API for the platform's server
 * (`/v1`, bearer API key), the hosted payment page for the payer's browser (`/pay/<token>`,
 * no key: the unguessable token is the credential), and `/health` for the stack.
 */
export function buildServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Requests are not logged one by one (the payer's page posts card details).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    // The payment pages are addressed by token; no trailing slash games.
    routerOptions: { ignoreTrailingSlash: false },
  });
  const { provider } = deps;
  const keyDigest = digest(`Bearer ${deps.apiKey}`);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_request, body, done) => {
      const params = new URLSearchParams(body as string);
      const form: Record<string, string> = {};
      for (const [key, value] of params) form[key] = value;
      done(null, form);
    },
  );

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send({
      code: status === 500 ? 'internal_error' : 'invalid_request',
      description: status === 500 ? 'the sandbox failed' : error.message,
    } satisfies ApiError);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ code: 'not_found', description: 'no such route' } satisfies ApiError),
  );

  app.get('/health/live', async () => ({ status: 'ok', service: 'payment-sandbox' }));
  const ready = async (_request: FastifyRequest, reply: FastifyReply) =>
    deps.ready()
      ? { status: 'ok', service: 'payment-sandbox', webhooks: deps.store.deliveryCounts() }
      : reply.status(503).send({ status: 'starting' });
  app.get('/health/ready', ready);
  app.get('/health', ready);

  // --- the API --------------------------------------------------------------------------

  app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      const given = request.headers.authorization ?? '';
      if (!timingSafeEqual(digest(given), keyDigest))
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .send({ code: 'unauthorised', description: 'a valid API key is required' });
    });
    const fail = (reply: FastifyReply, status: number, error: ApiError) =>
      reply.status(status).send(error);
    const notFound = (reply: FastifyReply, what: string) =>
      fail(reply, 404, { code: 'not_found', description: `no such ${what}` });

    api.post('/v1/payments', async (request, reply) => {
      const parsed = parseCreatePayment(request.body);
      if ('error' in parsed) return fail(reply, 400, parsed.error);
      const result = provider.createPayment(parsed.input, Date.now());
      if (result.outcome === 'reference_conflict')
        return fail(reply, 409, {
          code: 'reference_conflict',
          field: 'reference',
          description: 'a payment with this reference exists with other details',
        });
      return reply.status(result.outcome === 'created' ? 201 : 200).send(result.payment);
    });

    api.get('/v1/payments', async (request, reply) => {
      const { reference } = request.query as { reference?: unknown };
      if (!isReference(reference))
        return fail(reply, 400, {
          code: 'invalid_request',
          field: 'reference',
          description: 'the reference to search for is required',
        });
      const payment = provider.paymentByReference(reference);
      return { results: payment ? [payment] : [] };
    });

    api.get('/v1/payments/:id', async (request, reply) => {
      const payment = provider.payment((request.params as { id: string }).id);
      return payment ?? notFound(reply, 'payment');
    });

    api.post('/v1/payments/:id/cancel', async (request, reply) => {
      const payment = provider.cancel((request.params as { id: string }).id, Date.now());
      return payment ?? notFound(reply, 'payment');
    });

    api.post('/v1/payments/:id/refunds', async (request, reply) => {
      const parsed = parseCreateRefund(request.body ?? {});
      if ('error' in parsed) return fail(reply, 400, parsed.error);
      const id = (request.params as { id: string }).id;
      const result = provider.refund(id, parsed.input, Date.now());
      switch (result.outcome) {
        case 'created':
          return reply.status(201).send(result.refund);
        case 'existing':
          return reply.status(200).send(result.refund);
        case 'payment_not_found':
          return notFound(reply, 'payment');
        case 'reference_conflict':
          return fail(reply, 409, {
            code: 'reference_conflict',
            field: 'reference',
            description: 'a refund with this reference exists with other details',
          });
        case 'currency_mismatch':
          return fail(reply, 422, {
            code: 'currency_mismatch',
            field: 'currency',
            description: "the refund's currency is not the payment's",
          });
        case 'payment_not_refundable':
          return fail(reply, 422, {
            code: 'payment_not_refundable',
            description: `a payment in status ${result.status} cannot be refunded`,
          });
        case 'amount_exceeds_available':
          return fail(reply, 422, {
            code: 'refund_amount_exceeds_available',
            field: 'amount',
            description: `at most ${result.amountAvailable} minor units are left to refund`,
          });
        default: {
          const never: never = result;
          throw new Error(`unknown refund outcome ${JSON.stringify(never)}`);
        }
      }
    });

    api.get('/v1/refunds', async (request, reply) => {
      const { reference } = request.query as { reference?: unknown };
      if (!isReference(reference))
        return fail(reply, 400, {
          code: 'invalid_request',
          field: 'reference',
          description: 'the reference to search for is required',
        });
      const refund = provider.refundByReference(reference);
      return { results: refund ? [refund] : [] };
    });

    api.get('/v1/refunds/:id', async (request, reply) => {
      const refund = provider.refundById((request.params as { id: string }).id);
      return refund ?? notFound(reply, 'refund');
    });

    api.get('/v1/settlements/:day', async (request, reply) => {
      const day = (request.params as { day: string }).day;
      const range = parseDay(day);
      if (!range)
        return fail(reply, 400, {
          code: 'invalid_request',
          field: 'day',
          description: 'must be a UTC day as YYYY-MM-DD',
        });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="settlement-${day}.csv"`)
        .send(settlementReport(deps.store, range));
    });
  });

  // --- the hosted payment page ----------------------------------------------------------

  const html = (reply: FastifyReply, status: number, body: string, formTarget?: string) =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header(
        'content-security-policy',
        // form-action covers the redirect back to the service after the form's post.
        `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; ` +
          `form-action 'self'${formTarget ? ` ${formTarget}` : ''}`,
      )
      .send(body);
  const backToService = (reply: FastifyReply, returnUrl: string) =>
    reply.status(303).header('location', returnUrl).header('cache-control', 'no-store').send();
  const originOf = (url: string) => new URL(url).origin;

  app.get('/pay/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const payment = provider.pagePayment(token);
    if (!payment) return html(reply, 404, notFoundPage());
    // Finished or submitted: the payer has nothing more to do here.
    if (payment.status !== 'created') return backToService(reply, payment.return_url);
    return html(reply, 200, paymentPage(payment, `/pay/${token}`), originOf(payment.return_url));
  });

  app.post('/pay/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const form = (
      typeof request.body === 'object' && request.body !== null ? request.body : {}
    ) as Record<string, string | undefined>;
    const payment = provider.pagePayment(token);
    if (!payment) return html(reply, 404, notFoundPage());
    if (form.action === 'cancel') {
      const result = provider.payerCancels(token, Date.now());
      return result.outcome === 'done'
        ? backToService(reply, result.payment.return_url)
        : html(reply, 404, notFoundPage());
    }
    if (payment.status !== 'created') return backToService(reply, payment.return_url);
    const input: CardFormInput = {
      card_number: form.card_number,
      expiry_month: form.expiry_month,
      expiry_year: form.expiry_year,
      cvc: form.cvc,
      cardholder_name: form.cardholder_name,
    };
    const check = checkCardForm(input, new Date());
    if (!check.ok)
      return html(
        reply,
        422,
        paymentPage(payment, `/pay/${token}`, { errors: check.errors, values: input }),
        originOf(payment.return_url),
      );
    const result = provider.submitCard(token, check.card, Date.now());
    return result.outcome === 'done'
      ? backToService(reply, result.payment.return_url)
      : html(reply, 404, notFoundPage());
  });

  return app;
}
