import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PAYMENTS_WEBHOOK_RECEIVE, ReceiveWebhookRequest, type RpcReply } from '#contracts';
import { ReceiveWebhookUseCase } from './receive-webhook/receive-webhook.use-case.js';

/** A provider's webhook, handed on by the gateway untouched, to its use case. */
@Controller()
export class WebhooksNatsController {
  constructor(private readonly receiveWebhook: ReceiveWebhookUseCase) {}

  @MessagePattern(PAYMENTS_WEBHOOK_RECEIVE)
  receive(
    @Payload() request: ReceiveWebhookRequest,
  ): Promise<RpcReply<typeof PAYMENTS_WEBHOOK_RECEIVE>> {
    return this.receiveWebhook.execute(request);
  }
}
