import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PAYMENTS_WEBHOOK_RECEIVE, WebhookReceipt } from '#contracts';
import { NatsBus, validationProblem } from '#platform';
import { Public } from '../access/access.decorators.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { NoIdempotencyKey } from '../idempotency/idempotent.decorator.js';
import type { RawWebhook } from './payment-webhooks.js';
import { PROVIDER_PATTERN } from './payments.dto.js';

/**
 * Payment providers' webhooks. The gateway checks nothing of them (it does not hold the
 * providers' secrets): it hands the raw body and the headers untouched to payments
 * (`payments.webhook.receive`), which checks the signature and its age, records the attempt
 * and applies it once per provider event.
 */
@ApiTags('payments')
@Controller('api/v1/payments/webhooks')
export class PaymentWebhooksHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post(':provider')
  @Public()
  @NoIdempotencyKey("a provider's event is applied once by its own id")
  @HttpCode(200)
  @ApiParam({
    name: 'provider',
    schema: { type: 'string', pattern: PROVIDER_PATTERN.source, example: 'sandbox' },
  })
  @ApiBody({
    description:
      "The provider's signed event, exactly as it sends it (its signature header covers these bytes).",
    required: false,
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiOperation({
    summary: "A payment provider's webhook",
    description:
      "Roles: public (no login): the provider's signature authenticates it (HMAC-SHA256 over `timestamp.payload`, at most 5 minutes old). 401 `PAYMENTS.WEBHOOK_REFUSED`: forged, stale, unsigned or malformed (recorded, nothing changed). 200 `duplicate`: already processed, nothing changed.",
  })
  @ApiResponse({ status: 200, type: WebhookReceipt })
  @ProblemResponses(401, 404, 413, 422, 503, 504)
  receive(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest & RawWebhook,
  ): Promise<WebhookReceipt> {
    if (!PROVIDER_PATTERN.test(provider))
      throw validationProblem([
        { field: 'provider', code: 'MATCHES', message: 'provider must be a provider name' },
      ]);
    return this.nats.client.request(PAYMENTS_WEBHOOK_RECEIVE, {
      provider,
      rawBody: request.webhookBody?.toString('utf8') ?? '',
      headers: request.webhookHeaders ?? {},
    });
  }
}
