import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateCashierRefundRequest,
  CreateRefundRequest,
  GetRefundRequest,
  ListRefundsRequest,
  PAYMENTS_INTERNAL_REFUND_CREATE,
  PAYMENTS_REFUND_CREATE,
  PAYMENTS_REFUND_GET,
  PAYMENTS_REFUND_LIST,
  PAYMENTS_REFUND_PAYOUT,
  PayoutRefundRequest,
  type RpcReply,
} from '#contracts';
import { callerOf } from '../actor.js';
import { requestCaller, requestUser } from '../nats-actor.js';
import { CreateRefundUseCase } from './create-refund/create-refund.use-case.js';
import { GetRefundUseCase } from './get-refund/get-refund.use-case.js';
import { ListRefundsUseCase } from './list-refunds/list-refunds.use-case.js';
import { PayoutRefundUseCase } from './payout-refund/payout-refund.use-case.js';

/** The refund patterns, each mapped to its use case, nothing more. */
@Controller()
export class RefundsNatsController {
  constructor(
    private readonly createRefund: CreateRefundUseCase,
    private readonly payoutRefund: PayoutRefundUseCase,
    private readonly getRefund: GetRefundUseCase,
    private readonly listRefunds: ListRefundsUseCase,
  ) {}

  @MessagePattern(PAYMENTS_REFUND_CREATE)
  create(
    @Payload() request: CreateCashierRefundRequest,
  ): Promise<RpcReply<typeof PAYMENTS_REFUND_CREATE>> {
    return this.createRefund.execute(PAYMENTS_REFUND_CREATE, {
      paymentId: request.paymentId,
      amount: request.amount,
      refundAmountAvailable: request.refundAmountAvailable,
      reasonCode: request.reasonCode,
      ...(request.tillSessionId !== undefined ? { tillSessionId: request.tillSessionId } : {}),
      caller: callerOf(requestUser()),
    });
  }

  /** A workflow's compensation (the worker's NATS user; the system actor or a user). */
  @MessagePattern(PAYMENTS_INTERNAL_REFUND_CREATE)
  createForCase(
    @Payload() request: CreateRefundRequest,
  ): Promise<RpcReply<typeof PAYMENTS_INTERNAL_REFUND_CREATE>> {
    return this.createRefund.execute(PAYMENTS_INTERNAL_REFUND_CREATE, {
      paymentId: request.paymentId,
      caseRef: request.caseRef,
      amount: request.amountMinor,
      refundAmountAvailable: request.refundAmountAvailable,
      reasonCode: request.reasonCode,
      caller: requestCaller(),
    });
  }

  @MessagePattern(PAYMENTS_REFUND_PAYOUT)
  payout(
    @Payload() request: PayoutRefundRequest,
  ): Promise<RpcReply<typeof PAYMENTS_REFUND_PAYOUT>> {
    return this.payoutRefund.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_REFUND_GET)
  get(@Payload() request: GetRefundRequest): Promise<RpcReply<typeof PAYMENTS_REFUND_GET>> {
    return this.getRefund.execute({ refundId: request.refundId, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_REFUND_LIST)
  list(@Payload() request: ListRefundsRequest): Promise<RpcReply<typeof PAYMENTS_REFUND_LIST>> {
    return this.listRefunds.execute({ ...request, user: requestUser() });
  }
}
