import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApproveAdjustmentRequest,
  GetAdjustmentRequest,
  ListAdjustmentsRequest,
  PAYMENTS_ADJUSTMENT_APPROVE,
  PAYMENTS_ADJUSTMENT_GET,
  PAYMENTS_ADJUSTMENT_LIST,
  PAYMENTS_ADJUSTMENT_PROPOSE,
  PAYMENTS_ADJUSTMENT_REJECT,
  ProposeAdjustmentRequest,
  RejectAdjustmentRequest,
  type RpcReply,
} from '#contracts';
import { requestUser } from '../nats-actor.js';
import { ApproveAdjustmentUseCase } from './approve-adjustment/approve-adjustment.use-case.js';
import { GetAdjustmentUseCase } from './get-adjustment/get-adjustment.use-case.js';
import { ListAdjustmentsUseCase } from './list-adjustments/list-adjustments.use-case.js';
import { ProposeAdjustmentUseCase } from './propose-adjustment/propose-adjustment.use-case.js';
import { RejectAdjustmentUseCase } from './reject-adjustment/reject-adjustment.use-case.js';

/** The waiver and adjustment patterns, each mapped to its use case, nothing more. */
@Controller()
export class AdjustmentsNatsController {
  constructor(
    private readonly propose: ProposeAdjustmentUseCase,
    private readonly approve: ApproveAdjustmentUseCase,
    private readonly reject: RejectAdjustmentUseCase,
    private readonly getAdjustment: GetAdjustmentUseCase,
    private readonly listAdjustments: ListAdjustmentsUseCase,
  ) {}

  @MessagePattern(PAYMENTS_ADJUSTMENT_PROPOSE)
  proposeAdjustment(
    @Payload() request: ProposeAdjustmentRequest,
  ): Promise<RpcReply<typeof PAYMENTS_ADJUSTMENT_PROPOSE>> {
    return this.propose.execute({
      invoiceId: request.invoiceId,
      kind: request.kind,
      ...(request.amountMinor !== undefined ? { amountMinor: request.amountMinor } : {}),
      reasonCode: request.reasonCode,
      ...(request.note !== undefined ? { note: request.note } : {}),
      user: requestUser(),
    });
  }

  @MessagePattern(PAYMENTS_ADJUSTMENT_APPROVE)
  approveAdjustment(
    @Payload() request: ApproveAdjustmentRequest,
  ): Promise<RpcReply<typeof PAYMENTS_ADJUSTMENT_APPROVE>> {
    return this.approve.execute({ adjustmentId: request.adjustmentId, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_ADJUSTMENT_REJECT)
  rejectAdjustment(
    @Payload() request: RejectAdjustmentRequest,
  ): Promise<RpcReply<typeof PAYMENTS_ADJUSTMENT_REJECT>> {
    return this.reject.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_ADJUSTMENT_GET)
  get(@Payload() request: GetAdjustmentRequest): Promise<RpcReply<typeof PAYMENTS_ADJUSTMENT_GET>> {
    return this.getAdjustment.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_ADJUSTMENT_LIST)
  list(
    @Payload() request: ListAdjustmentsRequest,
  ): Promise<RpcReply<typeof PAYMENTS_ADJUSTMENT_LIST>> {
    return this.listAdjustments.execute({ ...request, user: requestUser() });
  }
}
