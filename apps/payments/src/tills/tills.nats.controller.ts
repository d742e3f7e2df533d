import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CloseTillRequest,
  GetTillSessionRequest,
  ListTillSessionsRequest,
  OpenTillRequest,
  PAYMENTS_COUNTER_PAYMENT_RECORD,
  PAYMENTS_TILL_CLOSE,
  PAYMENTS_TILL_GET,
  PAYMENTS_TILL_LIST,
  PAYMENTS_TILL_OPEN,
  RecordCounterPaymentRequest,
  type RpcReply,
} from '#contracts';
import { requestUser } from '../nats-actor.js';
import { CloseTillUseCase } from './close-till/close-till.use-case.js';
import { GetTillSessionUseCase } from './get-till-session/get-till-session.use-case.js';
import { ListTillSessionsUseCase } from './list-till-sessions/list-till-sessions.use-case.js';
import { OpenTillUseCase } from './open-till/open-till.use-case.js';
import { RecordCounterPaymentUseCase } from './record-counter-payment/record-counter-payment.use-case.js';

/** The till and counter payment patterns, each mapped to its use case, nothing more. */
@Controller()
export class TillsNatsController {
  constructor(
    private readonly openTill: OpenTillUseCase,
    private readonly closeTill: CloseTillUseCase,
    private readonly getTill: GetTillSessionUseCase,
    private readonly listTills: ListTillSessionsUseCase,
    private readonly recordPayment: RecordCounterPaymentUseCase,
  ) {}

  @MessagePattern(PAYMENTS_TILL_OPEN)
  open(@Payload() request: OpenTillRequest): Promise<RpcReply<typeof PAYMENTS_TILL_OPEN>> {
    return this.openTill.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_TILL_CLOSE)
  close(@Payload() request: CloseTillRequest): Promise<RpcReply<typeof PAYMENTS_TILL_CLOSE>> {
    return this.closeTill.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_TILL_GET)
  get(@Payload() request: GetTillSessionRequest): Promise<RpcReply<typeof PAYMENTS_TILL_GET>> {
    return this.getTill.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_TILL_LIST)
  list(@Payload() request: ListTillSessionsRequest): Promise<RpcReply<typeof PAYMENTS_TILL_LIST>> {
    return this.listTills.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_COUNTER_PAYMENT_RECORD)
  recordCounterPayment(
    @Payload() request: RecordCounterPaymentRequest,
  ): Promise<RpcReply<typeof PAYMENTS_COUNTER_PAYMENT_RECORD>> {
    return this.recordPayment.execute({ ...request, user: requestUser() });
  }
}
